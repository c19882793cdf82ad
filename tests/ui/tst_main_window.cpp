// The interim main window, driven through its real widgets (QT_QPA_PLATFORM=offscreen).
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include "i18n.h"
#include "io/builtin.h"
#include "io/scenario_json.h"
#include "main_window.h"
#include "trace_model.h"

using namespace tcplab;
using namespace tcplab::ui;

namespace {

// A small lesson of our own, so that the expectations do not depend on the built-in lessons' contents.
const char* const kLesson = R"({
  "format": "tcplab-scenario",
  "version": 1,
  "title": {"en": "UI test lesson", "zh": "界面测试课程"},
  "description": {"en": "A handshake and a close.", "zh": "一次握手和一次关闭。"},
  "seed": 3,
  "hosts": [
    {"name": "client", "address": "10.0.0.1"},
    {"name": "server", "address": "10.0.0.2"}
  ],
  "links": [{"a": "client", "b": "server", "delay_ms": 10}],
  "actions": [
    {"at_ms": 0, "host": "server", "do": "listen", "port": 80},
    {"at_ms": 100, "host": "client", "do": "connect", "peer": "server", "port": 80},
    {"on": {"host": "client", "state": "ESTABLISHED"}, "after_ms": 100, "host": "client", "do": "close"}
  ],
  "notes": [{"step": 2, "text": {"en": "The server listens.", "zh": "服务器开始监听。"}}]
})";

template <typename T> T* child(QObject& parent, const char* name) {
    T* w = parent.findChild<T*>(QString::fromLatin1(name));
    if (!w)
        qFatal("no child %s", name);
    return w;
}

QString stateLabelText(QObject& w, int host) {
    return child<QLabel>(w, QStringLiteral("hostState%1").arg(host).toLatin1().constData())->text();
}

// Rows of the first state change in the trace, or -1.
int firstStateChange(const Trace& t) {
    for (std::size_t i = 0; i < t.events.size(); ++i)
        if (t.events[i].kind == TraceKind::StateChange)
            return static_cast<int>(i);
    return -1;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString lessonPath_;

    QString writeFile(const QString& name, const QByteArray& bytes) {
        const QString path = dir_.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true); // QSettings go to ~/.qttest, not the user's config
        QSettings(QStringLiteral("TCP Lab"), QStringLiteral("tcplab")).clear();
        QVERIFY(dir_.isValid());
        lessonPath_ = writeFile(QStringLiteral("lesson.json"), kLesson);
        QCOMPARE(installTranslations(QStringLiteral("en")), QStringLiteral("en"));
    }

    void defaultLessonLoads() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
        QCOMPARE(w.currentLesson(), QStringLiteral("builtin:") + defaultScenarioName());
        QVERIFY(w.traceModel()->rowCount() > 0);
        QVERIFY(!child<QLabel>(w, "titleLabel")->text().isEmpty());
        QCOMPARE(child<QLabel>(w, "titleLabel")->text(), w.lessonTitle());
        QCOMPARE(w.cursor(), -1);
        auto* combo = child<QComboBox>(w, "lessonCombo");
        QCOMPARE(combo->count(), builtinScenarioNames().size());
        QCOMPARE(combo->currentData().toString(), w.currentLesson());
        QVERIFY(!child<QPushButton>(w, "backButton")->isEnabled());
        QVERIFY(child<QPushButton>(w, "stepButton")->isEnabled());
    }

    void stepBackResetMoveTheCursor() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const Trace& trace = w.traceModel()->trace();
        const int first = firstStateChange(trace);
        QVERIFY(first >= 0);
        const TraceEvent& change = trace.events[static_cast<std::size_t>(first)];
        QVERIFY(change.to != TcpState::Closed);
        const QString toName = QString::fromLatin1(stateName(change.to).data(), stateName(change.to).size());

        auto* step = child<QPushButton>(w, "stepButton");
        auto* back = child<QPushButton>(w, "backButton");
        auto* reset = child<QPushButton>(w, "resetButton");
        auto* table = child<QTableView>(w, "eventTable");

        // Before the first state change every host is CLOSED.
        for (int i = 0; i < first; ++i) {
            QTest::mouseClick(step, Qt::LeftButton);
            QCOMPARE(w.cursor(), i);
        }
        QCOMPARE(w.cursor(), first - 1);
        QVERIFY(stateLabelText(w, change.host).contains(QLatin1String("CLOSED")));
        QVERIFY(!stateLabelText(w, change.host).contains(toName));

        QTest::mouseClick(step, Qt::LeftButton);
        QCOMPARE(w.cursor(), first);
        QCOMPARE(table->currentIndex().row(), first);
        QVERIFY(table->selectionModel()->isRowSelected(first, {}));
        QVERIFY2(stateLabelText(w, change.host).contains(toName), qPrintable(stateLabelText(w, change.host)));
        QVERIFY(back->isEnabled());

        QTest::mouseClick(back, Qt::LeftButton);
        QCOMPARE(w.cursor(), first - 1);
        QVERIFY(!stateLabelText(w, change.host).contains(toName));

        QTest::mouseClick(reset, Qt::LeftButton);
        QCOMPARE(w.cursor(), -1);
        QVERIFY(!table->selectionModel()->hasSelection());
        QVERIFY(!back->isEnabled());
        for (std::size_t h = 0; h < trace.hostNames.size(); ++h)
            QVERIFY(stateLabelText(w, static_cast<int>(h)).contains(QLatin1String("CLOSED")));

        // Clicking a row moves the cursor there.
        const int row = std::min(2, w.traceModel()->rowCount() - 1);
        const QRect rect = table->visualRect(w.traceModel()->index(row, TraceModel::ColEvent));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(w.cursor(), row);

        // Step stops at the last event.
        const int rows = w.traceModel()->rowCount();
        for (int i = 0; i < rows + 2; ++i)
            w.stepForward();
        QCOMPARE(w.cursor(), rows - 1);
        QVERIFY(!step->isEnabled());
    }

    void statesFollowTheOwnLesson() {
        MainWindow w;
        QVERIFY(w.openFile(lessonPath_));
        QCOMPARE(w.lessonTitle(), QStringLiteral("UI test lesson"));
        QCOMPARE(child<QLabel>(w, "titleLabel")->text(), QStringLiteral("UI test lesson"));
        const Trace& trace = w.traceModel()->trace();
        QCOMPARE(trace.hostNames.size(), std::size_t{2});

        // Walk the whole run: the panel always shows the latest state-change of each host's connection.
        bool sawEstablished = false;
        for (int row = 0; row < w.traceModel()->rowCount(); ++row) {
            w.stepForward();
            const TraceEvent& ev = trace.events[static_cast<std::size_t>(row)];
            if (ev.kind == TraceKind::StateChange && ev.to != TcpState::Closed) {
                const QString name = QString::fromLatin1(stateName(ev.to).data(), stateName(ev.to).size());
                QVERIFY2(stateLabelText(w, ev.host).contains(name), qPrintable(stateLabelText(w, ev.host)));
                sawEstablished = sawEstablished || ev.to == TcpState::Established;
            }
        }
        QVERIFY(sawEstablished);
        // The teacher's note of step 2 is shown from step 2 on.
        w.setCursor(1);
        QVERIFY(child<QLabel>(w, "noteLabel")->text().contains(QLatin1String("The server listens.")));
        w.setCursor(0);
        QVERIFY(!child<QLabel>(w, "noteLabel")->text().contains(QLatin1String("The server listens.")));
    }

    void badFileKeepsTheLesson_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("not json") << QByteArray("{ this is not JSON");
        QTest::newRow("bad hosts") << QByteArray(
            R"({"format": "tcplab-scenario", "version": 1, "hosts": 3})");
        QTest::newRow("missing") << QByteArray(); // the file does not exist
    }

    void badFileKeepsTheLesson() {
        QFETCH(QByteArray, bytes);
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QString lesson = w.currentLesson();
        const QString title = w.lessonTitle();
        const int rows = w.traceModel()->rowCount();
        w.stepForward();

        const QString path = bytes.isEmpty() ? dir_.filePath(QStringLiteral("no-such-lesson.json"))
                                             : writeFile(QStringLiteral("bad.json"), bytes);
        const QString expected = loadScenarioFile(path).error;
        QVERIFY(!expected.isEmpty());

        QVERIFY(!w.openFile(path));
        QCOMPARE(w.lastError(), expected);
        auto* box = w.findChild<QMessageBox*>(QStringLiteral("errorDialog"));
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        QCOMPARE(box->icon(), QMessageBox::Critical);
        QCOMPARE(box->informativeText(), expected); // the loader's exact message
        box->accept();

        QCOMPARE(w.currentLesson(), lesson);
        QCOMPARE(w.lessonTitle(), title);
        QCOMPARE(child<QLabel>(w, "titleLabel")->text(), title);
        QCOMPARE(w.traceModel()->rowCount(), rows);
        QCOMPARE(w.cursor(), 0);
        QCOMPARE(child<QComboBox>(w, "lessonCombo")->currentData().toString(), lesson);
    }

    void comboSwitchesLessons() {
        const QStringList names = builtinScenarioNames();
        QVERIFY2(names.size() >= 2, "the built-in lessons are missing");
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* combo = child<QComboBox>(w, "lessonCombo");
        const int other = combo->currentIndex() == 0 ? 1 : 0;
        const QString argument = combo->itemData(other).toString();
        const ScenarioLoad expected = loadScenarioArgument(argument);
        QVERIFY(expected.scenario);

        combo->setCurrentIndex(other);
        QCOMPARE(w.currentLesson(), argument);
        QCOMPARE(w.lessonTitle(), QString::fromStdString(expected.scenario->title.en));
        QCOMPARE(combo->itemText(other), w.lessonTitle());
        QCOMPARE(w.cursor(), -1);

        // A file gets an entry of its own, which goes away again when a built-in lesson is chosen.
        QVERIFY(w.openFile(lessonPath_));
        QCOMPARE(combo->count(), names.size() + 1);
        QCOMPARE(combo->currentData().toString(), lessonPath_);
        combo->setCurrentIndex(0);
        QCOMPARE(w.currentLesson(), combo->itemData(0).toString());
        QCOMPARE(combo->count(), names.size());
    }

    void chineseInterface() {
        QCOMPARE(installTranslations(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
        {
            MainWindow w(lessonPath_);
            QCOMPARE(w.currentLesson(), lessonPath_);
            QVERIFY2(child<QPushButton>(w, "stepButton")->text().contains(QStringLiteral("单步")),
                     qPrintable(child<QPushButton>(w, "stepButton")->text()));
            QVERIFY(child<QPushButton>(w, "backButton")->text().contains(QStringLiteral("后退")));
            QCOMPARE(w.lessonTitle(), QStringLiteral("界面测试课程"));
            QCOMPARE(w.traceModel()->headerData(TraceModel::ColHost, Qt::Horizontal).toString(),
                     QStringLiteral("主机"));
        }
        QCOMPARE(installTranslations(QStringLiteral("en")), QStringLiteral("en"));
        MainWindow w;
        QVERIFY(child<QPushButton>(w, "stepButton")->text().contains(QLatin1String("Step")));
    }

    void geometryIsSaved() {
        QSettings s(QStringLiteral("TCP Lab"), QStringLiteral("tcplab"));
        s.remove(QStringLiteral("mainWindow/geometry"));
        {
            MainWindow w;
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            w.close();
        }
        s.sync();
        QVERIFY(!s.value(QStringLiteral("mainWindow/geometry")).toByteArray().isEmpty());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
