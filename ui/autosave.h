// Autosave of unsaved lesson edits. autosaveDelayMs after an edit, the edited scenario is written (QSaveFile)
// to autosave-PID.json in the directory (by default QStandardPaths::AppDataLocation/autosave), beside
// autosave-PID.lock, which names the process and the lesson the edits were made to. Saving the lesson,
// undoing back to the saved state and a clean exit remove both. At start-up, orphans() lists the autosaves
// of processes that are no longer running (a crash, a kill): the window offers to restore them.
#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QTimer>

#include <vector>

namespace tcplab::ui {

class ScenarioDocument;

class Autosave : public QObject {
    Q_OBJECT
public:
    static constexpr int kDefaultDelayMs = 3000;

    explicit Autosave(ScenarioDocument* doc, const QString& directory = {}, QObject* parent = nullptr);
    // A clean exit: the autosave goes.
    ~Autosave() override;

    static QString defaultDirectory();
    QString directory() const { return dir_; }
    QString scenarioPath() const; // this process's autosave
    QString lockPath() const;
    void setDelay(int ms) { timer_.setInterval(ms); }
    int delay() const { return timer_.interval(); }
    // The lesson the edits were made to ("builtin:NAME" or a path), written into the lock file.
    void setSource(const QString& source) { source_ = source; }

    // Writes the document now. Returns false if the file could not be written.
    bool writeNow();
    // Removes this process's autosave.
    void discard();

    struct Orphan {
        QString scenarioPath;
        QString lockPath;
        QString source; // the lesson the edits were made to
        qint64 pid = 0;
        QDateTime saved;
    };
    // Autosaves in `directory` left by processes that are no longer running, newest first.
    static std::vector<Orphan> orphans(const QString& directory);
    static void remove(const Orphan& orphan);

Q_SIGNALS:
    void written();

private:
    void documentChanged();

    ScenarioDocument* doc_;
    QString dir_;
    QString source_;
    QTimer timer_;
};

} // namespace tcplab::ui
