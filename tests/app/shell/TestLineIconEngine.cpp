#include "shell/AppIcons.h"

#include <QGuiApplication>
#include <QImage>
#include <QPalette>
#include <QTest>

namespace
{
constexpr int Size = 24;

// The most opaque pixel's alpha, and whether every visible pixel is grey.
struct Look
{
    int maximumAlpha = 0;
    bool grey = true;
    bool onlyColour = true;
};

Look lookOf(const QPixmap& pixmap, const QColor& colour)
{
    const QImage image = pixmap.toImage().convertToFormat(QImage::Format_ARGB32);
    Look look;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QRgb pixel = image.pixel(x, y);
            if (qAlpha(pixel) == 0) {
                continue;
            }
            look.maximumAlpha = std::max(look.maximumAlpha, qAlpha(pixel));
            look.grey = look.grey && qRed(pixel) == qGreen(pixel) && qGreen(pixel) == qBlue(pixel);
            look.onlyColour = look.onlyColour && QColor(pixel).rgb() == colour.rgb();
        }
    }
    return look;
}
} // namespace

// The application's line icons in each state: disabled is grey and faint, selected takes the
// highlight's text colour; badges keep the style's look.
class TestLineIconEngine : public QObject
{
    Q_OBJECT

private slots:
    void aDisabledIconIsGreyAndFaint();
    void aSelectedIconTakesTheHighlightedTextColour();
};

void TestLineIconEngine::aDisabledIconIsGreyAndFaint()
{
    const QIcon icon = AppIcons::icon(QStringLiteral("run"));
    const Look normal = lookOf(icon.pixmap(Size, QIcon::Normal), Qt::white);
    const Look disabled = lookOf(icon.pixmap(Size, QIcon::Disabled), Qt::white);
    QVERIFY(!normal.grey); // the run icon is green
    QVERIFY(disabled.grey);
    QVERIFY2(disabled.maximumAlpha * 2 < normal.maximumAlpha,
             qPrintable(QStringLiteral("%1 against %2").arg(disabled.maximumAlpha).arg(normal.maximumAlpha)));
}

void TestLineIconEngine::aSelectedIconTakesTheHighlightedTextColour()
{
    const QColor colour = QGuiApplication::palette().color(QPalette::HighlightedText);
    const Look selected = lookOf(AppIcons::icon(QStringLiteral("item")).pixmap(Size, QIcon::Selected), colour);
    QVERIFY(selected.maximumAlpha > 0);
    QVERIFY(selected.onlyColour);
    // A badge has a mark of its own in white: it is not turned into a blot.
    const Look badge
        = lookOf(AppIcons::severityIcon(Diagnostic::Severity::Error).pixmap(Size, QIcon::Selected), colour);
    QVERIFY(!badge.onlyColour);
}

QTEST_MAIN(TestLineIconEngine)
#include "TestLineIconEngine.moc"
