#pragma once

#include <QString>
#include <QUrl>

// Whether the user agreed to send a run's facts and a source folder's code to a provider: asked
// once a provider and folder (the GUI asks; the CLI takes --yes), remembered in the settings.
// Only the agreement is kept, never what was sent.
class AdvisorConsent
{
public:
    // settingsFile: an INI file; empty for ~/.config/Aftershock/advisor-consent.ini.
    explicit AdvisorConsent(QString settingsFile = {});

    bool isGiven(const QString& provider, const QString& sourceFolder) const;
    void give(const QString& provider, const QString& sourceFolder);
    // What would leave the machine, for the question.
    static QString question(const QString& providerName, const QString& baseUrl, const QString& sourceFolder);
    // The scope under which the agreement to embed a folder's code is kept: embedding sends
    // every chunk of the folder, more than the chain's snippets, so it is asked for apart, and
    // again for another embedding endpoint or Qdrant server (scheme, host and port of each).
    static QString embeddingScope(const QString& provider, const QUrl& embeddingUrl, const QUrl& qdrantUrl);
    // What the Qdrant index would send, and where, for the question.
    static QString embeddingQuestion(const QString& providerName, const QString& baseUrl, const QString& qdrantUrl,
                                     const QString& sourceFolder);

private:
    QString key(const QString& provider, const QString& sourceFolder) const;

    QString m_settingsFile;
};
