// Runs a fuzz target's entry point once on every file of the folders given, for the builds
// without libFuzzer: the seed corpus and the regressions stay tested by ctest.
#include <cstdint>
#include <cstdio>

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv)
{
    int inputs = 0;
    for (int index = 1; index < argc; ++index) {
        const QString folder = QString::fromLocal8Bit(argv[index]);
        if (!QFileInfo(folder).isDir()) {
            std::fprintf(stderr, "%s: no such folder\n", argv[index]);
            return 1;
        }
        QStringList paths;
        QDirIterator files(folder, QDir::Files, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            paths << files.next();
        }
        paths.sort();
        for (const QString& path : std::as_const(paths)) {
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly)) {
                std::fprintf(stderr, "%s: %s\n", qPrintable(path), qPrintable(file.errorString()));
                return 1;
            }
            const QByteArray bytes = file.readAll();
            LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.constData()),
                                   static_cast<size_t>(bytes.size()));
            ++inputs;
        }
    }
    std::printf("%d inputs ran\n", inputs);
    return inputs > 0 ? 0 : 1;
}
