#include "scenario_editor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>
#include <set>

#include "scenario_commands.h"

namespace tcplab::ui {

namespace {

QString qs(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QString msText(Duration d) {
    return QString::number(static_cast<double>(d.count()) / 1e6, 'f', 6)
        .remove(QRegularExpression("\\.?0+$"));
}

std::optional<Duration> parseMs(const QString& text) {
    bool ok = false;
    const double ms = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(ms) || ms < 0 || ms > 1e12)
        return std::nullopt;
    return Duration{std::llround(ms * 1e6)};
}

std::optional<std::int64_t> parseInt(const QString& text, std::int64_t lo, std::int64_t hi) {
    bool ok = false;
    const qlonglong v = text.trimmed().toLongLong(&ok);
    if (!ok || v < lo || v > hi)
        return std::nullopt;
    return v;
}

void setLabel(QFormLayout* form, QWidget* field, const QString& text) {
    if (auto* l = qobject_cast<QLabel*>(form->labelForField(field)))
        l->setText(text);
}

QStringList names(const Scenario& sc, bool routers) {
    QStringList out;
    for (const HostSpec& h : sc.hosts)
        out << qs(h.name);
    if (routers)
        for (const RouterSpec& r : sc.routers)
            out << qs(r.name);
    return out;
}

// A table cell edited with a combo box of `choices`.
class ChoiceDelegate : public QStyledItemDelegate {
public:
    ChoiceDelegate(std::function<QStringList()> choices, QObject* parent)
        : QStyledItemDelegate(parent), choices_(std::move(choices)) {}
    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem&, const QModelIndex&) const override {
        auto* c = new QComboBox(parent);
        c->addItems(choices_());
        return c;
    }
    void setEditorData(QWidget* editor, const QModelIndex& index) const override {
        static_cast<QComboBox*>(editor)->setCurrentText(index.data(Qt::EditRole).toString());
    }
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override {
        model->setData(index, static_cast<QComboBox*>(editor)->currentText());
    }

private:
    std::function<QStringList()> choices_;
};

QTableWidgetItem* cell(const QString& text, bool editable = true) {
    auto* item = new QTableWidgetItem(text);
    if (!editable)
        item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    return item;
}

QPushButton* smallButton(QWidget* parent, const char* name) {
    auto* b = new QPushButton(parent);
    b->setObjectName(QLatin1String(name));
    return b;
}

QStringList enumNames(int count, std::string_view (*nameOf)(int)) {
    QStringList out;
    for (int i = 0; i < count; ++i)
        out << qs(nameOf(i));
    return out;
}

QStringList actionNames() {
    return enumNames(10, [](int i) { return actionKindName(static_cast<ActionKind>(i)); });
}
QStringList matchNames() {
    return enumNames(7, [](int i) { return segmentMatchName(static_cast<SegmentMatch>(i)); });
}
QStringList faultNames() {
    return enumNames(3, [](int i) { return faultActionName(static_cast<FaultAction>(i)); });
}

QString paramText(const TcpParamInfo& info, std::int64_t v) {
    if (info.kind == TcpParamInfo::Kind::Boolean)
        return v ? QStringLiteral("true") : QStringLiteral("false");
    if (info.kind == TcpParamInfo::Kind::Choice) {
        const QStringList choices = qs(info.choices).split(QLatin1Char('|'));
        return v >= 0 && v < choices.size() ? choices[static_cast<int>(v)] : QString::number(v);
    }
    return QString::number(v);
}

std::optional<std::int64_t> parseParam(const TcpParamInfo& info, const QString& text) {
    const QString t = text.trimmed();
    if (info.kind == TcpParamInfo::Kind::Boolean) {
        if (t == QLatin1String("true") || t == QLatin1String("1"))
            return 1;
        if (t == QLatin1String("false") || t == QLatin1String("0"))
            return 0;
        return std::nullopt;
    }
    if (info.kind == TcpParamInfo::Kind::Choice) {
        const qsizetype i = qs(info.choices).split(QLatin1Char('|')).indexOf(t);
        if (i >= 0)
            return i;
    }
    return parseInt(t, info.min, info.max);
}

} // namespace

ScenarioEditor::ScenarioEditor(ScenarioDocument* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
    setObjectName(QStringLiteral("scenarioEditor"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    tabs_ = new QTabWidget(this);
    tabs_->setObjectName(QStringLiteral("editorTabs"));
    tabs_->setDocumentMode(true);
    tabs_->setUsesScrollButtons(true);
    layout->addWidget(tabs_, 1);
    problem_ = new QLabel(this);
    problem_->setObjectName(QStringLiteral("editorProblem"));
    problem_->setWordWrap(true);
    problem_->setStyleSheet(QStringLiteral("color: #c62828"));
    problem_->hide();
    layout->addWidget(problem_);
    buildLessonTab();
    buildHostsTab();
    buildLinksTab();
    buildActionsTab();
    buildFaultsTab();
    buildNotesTab();
    retranslate();
    connect(doc_, &ScenarioDocument::scenarioChanged, this, &ScenarioEditor::refresh);
    refresh();
}

void ScenarioEditor::change(const std::function<void(Scenario&)>& fn, const QString& text, int mergeId) {
    if (updating_ || !doc_->hasScenario())
        return;
    Scenario after = doc_->scenario();
    fn(after);
    doc_->edit(std::move(after), text, mergeId);
}

void ScenarioEditor::seal() {
    doc_->sealMerge();
}

void ScenarioEditor::rejectInput(const QString& message) {
    problem_->setText(message);
    problem_->show();
    QTimer::singleShot(0, this, [this] { refresh(); });
}

void ScenarioEditor::setProblem(const QString& problem) {
    problem_->setText(problem.isEmpty() ? QString() : tr("The lesson cannot run: %1").arg(problem));
    problem_->setVisible(!problem.isEmpty());
}

QString ScenarioEditor::problem() const {
    return problem_->isVisible() ? problem_->text() : QString();
}

// ---- Lesson ----

void ScenarioEditor::buildLessonTab() {
    auto* page = new QWidget;
    page->setObjectName(QStringLiteral("lessonTab"));
    lessonForm_ = new QFormLayout(page);
    titleEn_ = new QLineEdit(page);
    titleEn_->setObjectName(QStringLiteral("titleEn"));
    titleZh_ = new QLineEdit(page);
    titleZh_->setObjectName(QStringLiteral("titleZh"));
    descEn_ = new QPlainTextEdit(page);
    descEn_->setObjectName(QStringLiteral("descriptionEn"));
    descZh_ = new QPlainTextEdit(page);
    descZh_->setObjectName(QStringLiteral("descriptionZh"));
    for (QPlainTextEdit* e : {descEn_, descZh_})
        e->setMaximumHeight(90);
    seed_ = new QLineEdit(page);
    seed_->setObjectName(QStringLiteral("seed"));
    seed_->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,19}")), seed_));
    profile_ = new QComboBox(page);
    profile_->setObjectName(QStringLiteral("profile"));
    profile_->addItem(QStringLiteral("rfc9293"));
    profile_->addItem(QStringLiteral("linux"));
    duration_ = new QDoubleSpinBox(page);
    duration_->setObjectName(QStringLiteral("duration"));
    duration_->setRange(0.001, 1e7);
    duration_->setDecimals(3);
    duration_->setKeyboardTracking(false);
    for (QWidget* w :
         std::initializer_list<QWidget*>{titleEn_, titleZh_, descEn_, descZh_, seed_, profile_, duration_})
        lessonForm_->addRow(new QLabel, w);

    connect(titleEn_, &QLineEdit::textEdited, this, [this](const QString& t) {
        change([&](Scenario& s) { s.title.en = t.toStdString(); }, tr("Edit the title"), mergeId(TitleEn));
    });
    connect(titleZh_, &QLineEdit::textEdited, this, [this](const QString& t) {
        change([&](Scenario& s) { s.title.zh = t.toStdString(); }, tr("Edit the Chinese title"),
               mergeId(TitleZh));
    });
    connect(descEn_, &QPlainTextEdit::textChanged, this, [this] {
        const std::string t = descEn_->toPlainText().toStdString();
        change([&](Scenario& s) { s.description.en = t; }, tr("Edit the description"),
               mergeId(DescriptionEn));
    });
    connect(descZh_, &QPlainTextEdit::textChanged, this, [this] {
        const std::string t = descZh_->toPlainText().toStdString();
        change([&](Scenario& s) { s.description.zh = t; }, tr("Edit the Chinese description"),
               mergeId(DescriptionZh));
    });
    for (QLineEdit* e : {titleEn_, titleZh_})
        connect(e, &QLineEdit::editingFinished, this, &ScenarioEditor::seal);
    connect(seed_, &QLineEdit::editingFinished, this, [this] {
        bool ok = false;
        const qulonglong v = seed_->text().toULongLong(&ok);
        if (ok)
            change([&](Scenario& s) { s.seed = v; }, tr("Change the seed"), mergeId(Seed));
    });
    connect(profile_, &QComboBox::currentIndexChanged, this, [this](int i) {
        change([&](Scenario& s) { s.profile = i == 1 ? Profile::Linux : Profile::Rfc9293; },
               tr("Change the profile"));
    });
    connect(duration_, &QDoubleSpinBox::valueChanged, this, [this](double sec) {
        change([&](Scenario& s) { s.duration = Duration{std::llround(sec * 1e9)}; },
               tr("Change the time limit"), mergeId(TimeLimit));
    });
    connect(duration_, &QDoubleSpinBox::editingFinished, this, &ScenarioEditor::seal);
    tabs_->addTab(page, QString());
}

void ScenarioEditor::refreshLesson() {
    const Scenario& sc = doc_->scenario();
    auto setLine = [](QLineEdit* e, const std::string& v) {
        if (e->text() != qs(v))
            e->setText(qs(v));
    };
    auto setPlain = [](QPlainTextEdit* e, const std::string& v) {
        if (e->toPlainText() != qs(v))
            e->setPlainText(qs(v));
    };
    setLine(titleEn_, sc.title.en);
    setLine(titleZh_, sc.title.zh);
    setPlain(descEn_, sc.description.en);
    setPlain(descZh_, sc.description.zh);
    setLine(seed_, std::to_string(sc.seed));
    profile_->setCurrentIndex(sc.profile == Profile::Linux ? 1 : 0);
    duration_->setValue(static_cast<double>(sc.duration.count()) / 1e9);
}

// ---- Hosts ----

void ScenarioEditor::buildHostsTab() {
    auto* page = new QWidget;
    page->setObjectName(QStringLiteral("hostsTab"));
    auto* row = new QHBoxLayout(page);
    auto* left = new QVBoxLayout;
    hostList_ = new QListWidget(page);
    hostList_->setObjectName(QStringLiteral("hostList"));
    hostList_->setMaximumWidth(130);
    left->addWidget(hostList_, 1);
    auto* buttons = new QHBoxLayout;
    addHost_ = smallButton(page, "addHost");
    removeHost_ = smallButton(page, "removeHost");
    buttons->addWidget(addHost_);
    buttons->addWidget(removeHost_);
    left->addLayout(buttons);
    row->addLayout(left);

    auto* right = new QVBoxLayout;
    hostForm_ = new QFormLayout;
    hostName_ = new QLineEdit(page);
    hostName_->setObjectName(QStringLiteral("hostName"));
    hostAddress_ = new QLineEdit(page);
    hostAddress_->setObjectName(QStringLiteral("hostAddress"));
    hostProfile_ = new QComboBox(page);
    hostProfile_->setObjectName(QStringLiteral("hostProfile"));
    hostProfile_->addItems({QString(), QStringLiteral("rfc9293"), QStringLiteral("linux")});
    auto* isnRow = new QHBoxLayout;
    hostIsnFixed_ = new QCheckBox(page);
    hostIsnFixed_->setObjectName(QStringLiteral("hostIsnFixed"));
    hostIsn_ = new QLineEdit(page);
    hostIsn_->setObjectName(QStringLiteral("hostIsn"));
    hostIsn_->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,10}")), hostIsn_));
    isnRow->addWidget(hostIsnFixed_);
    isnRow->addWidget(hostIsn_, 1);
    auto* isnBox = new QWidget(page);
    isnBox->setLayout(isnRow);
    isnRow->setContentsMargins(0, 0, 0, 0);
    hostForm_->addRow(new QLabel, hostName_);
    hostForm_->addRow(new QLabel, hostAddress_);
    hostForm_->addRow(new QLabel, hostProfile_);
    hostForm_->addRow(new QLabel, isnBox);
    right->addLayout(hostForm_);
    hostParams_ = new QTableWidget(0, 2, page);
    hostParams_->setObjectName(QStringLiteral("hostParams"));
    hostParams_->verticalHeader()->hide();
    hostParams_->verticalHeader()->setDefaultSectionSize(hostParams_->fontMetrics().height() + 6);
    hostParams_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    hostParams_->horizontalHeader()->setStretchLastSection(true);
    const auto table = tcpParamTable();
    hostParams_->setRowCount(static_cast<int>(table.size()));
    for (std::size_t i = 0; i < table.size(); ++i) {
        auto* name = cell(qs(table[i].name), false);
        name->setToolTip(qs(table[i].description));
        hostParams_->setItem(static_cast<int>(i), 0, name);
        hostParams_->setItem(static_cast<int>(i), 1, cell(QString()));
    }
    right->addWidget(hostParams_, 1);
    row->addLayout(right, 1);

    connect(hostList_, &QListWidget::currentRowChanged, this, [this] { refreshHost(); });
    connect(addHost_, &QPushButton::clicked, this, [this] {
        const Scenario& sc = doc_->scenario();
        std::set<std::string> used;
        std::set<std::uint32_t> addrs;
        for (const HostSpec& h : sc.hosts)
            used.insert(h.name), addrs.insert(h.address);
        for (const RouterSpec& r : sc.routers)
            used.insert(r.name);
        HostSpec h;
        for (int n = static_cast<int>(sc.hosts.size()) + 1;; ++n)
            if (!used.count(h.name = "host" + std::to_string(n)))
                break;
        h.address = 0x0A000001; // 10.0.0.1 and on: the first free one
        while (addrs.count(h.address))
            ++h.address;
        change([&](Scenario& s) { s.hosts.push_back(h); }, tr("Add host %1").arg(qs(h.name)));
        setCurrentHost(static_cast<int>(doc_->scenario().hosts.size()) - 1);
    });
    connect(removeHost_, &QPushButton::clicked, this, [this] {
        const int i = currentHost();
        if (i < 0)
            return;
        const std::string name = doc_->scenario().hosts[static_cast<std::size_t>(i)].name;
        // What refers to the host goes with it.
        change(
            [&](Scenario& s) {
                s.hosts.erase(s.hosts.begin() + i);
                std::erase_if(s.links, [&](const LinkSpec& l) { return l.a == name || l.b == name; });
                std::erase_if(s.actions, [&](const ActionSpec& a) {
                    return a.host == name || a.peer == name || a.when.onHost == name;
                });
                std::erase_if(s.faults, [&](const FaultRule& f) { return f.from == name || f.to == name; });
            },
            tr("Remove host %1").arg(qs(name)));
    });
    connect(hostName_, &QLineEdit::editingFinished, this, [this] {
        const int i = currentHost();
        if (i < 0)
            return;
        const std::string before = doc_->scenario().hosts[static_cast<std::size_t>(i)].name;
        const std::string after = hostName_->text().trimmed().toStdString();
        if (after == before)
            return;
        // A rename follows the name everywhere it is used.
        change(
            [&](Scenario& s) {
                auto rename = [&](std::string& n) {
                    if (n == before)
                        n = after;
                };
                rename(s.hosts[static_cast<std::size_t>(i)].name);
                for (HostSpec& h : s.hosts)
                    if (h.flood)
                        rename(h.flood->target);
                for (LinkSpec& l : s.links)
                    rename(l.a), rename(l.b);
                for (ActionSpec& a : s.actions)
                    rename(a.host), rename(a.peer), rename(a.when.onHost);
                for (FaultRule& f : s.faults)
                    rename(f.from), rename(f.to);
            },
            tr("Rename host %1 to %2").arg(qs(before), qs(after)), mergeId(HostName, i));
        seal();
    });
    connect(hostAddress_, &QLineEdit::editingFinished, this, [this] {
        const int i = currentHost();
        if (i < 0)
            return;
        QString text = hostAddress_->text().trimmed();
        int prefix = doc_->scenario().hosts[static_cast<std::size_t>(i)].prefixLen;
        if (const qsizetype slash = text.indexOf(QLatin1Char('/')); slash >= 0) {
            const auto len = parseInt(text.mid(slash + 1), 8, 30);
            if (!len)
                return rejectInput(tr("The prefix length must be 8 to 30."));
            prefix = static_cast<int>(*len);
            text.truncate(slash);
        }
        const auto addr = parseIpv4(text.toStdString());
        if (!addr)
            return rejectInput(tr("“%1” is not an IPv4 address (a.b.c.d).").arg(hostAddress_->text()));
        change(
            [&](Scenario& s) {
                s.hosts[static_cast<std::size_t>(i)].address = *addr;
                s.hosts[static_cast<std::size_t>(i)].prefixLen = prefix;
            },
            tr("Change the address of %1").arg(hostList_->currentItem()->text()), mergeId(HostAddress, i));
        seal();
    });
    connect(hostProfile_, &QComboBox::currentIndexChanged, this, [this](int p) {
        const int i = currentHost();
        if (i < 0 || updating_)
            return;
        change(
            [&](Scenario& s) {
                auto& h = s.hosts[static_cast<std::size_t>(i)];
                h.profile = p == 0 ? std::nullopt
                                   : std::optional<Profile>(p == 2 ? Profile::Linux : Profile::Rfc9293);
            },
            tr("Change the profile of %1").arg(hostList_->currentItem()->text()));
    });
    auto isnEdited = [this] {
        const int i = currentHost();
        if (i < 0 || updating_)
            return;
        std::optional<std::uint32_t> isn;
        if (hostIsnFixed_->isChecked()) {
            const auto v = parseInt(hostIsn_->text(), 0, 4294967295LL);
            isn = static_cast<std::uint32_t>(v.value_or(0));
        }
        change([&](Scenario& s) { s.hosts[static_cast<std::size_t>(i)].isn = isn; },
               tr("Change the ISN of %1").arg(hostList_->currentItem()->text()), mergeId(HostIsn, i));
        seal();
    };
    connect(hostIsnFixed_, &QCheckBox::toggled, this, isnEdited);
    connect(hostIsn_, &QLineEdit::editingFinished, this, isnEdited);
    connect(hostParams_, &QTableWidget::itemChanged, this, &ScenarioEditor::hostParamEdited);
    tabs_->addTab(page, QString());
}

int ScenarioEditor::currentHost() const {
    const int i = hostList_->currentRow();
    return doc_->hasScenario() && i >= 0 && i < static_cast<int>(doc_->scenario().hosts.size()) ? i : -1;
}

void ScenarioEditor::setCurrentHost(int row) {
    hostList_->setCurrentRow(row);
}

void ScenarioEditor::hostParamEdited(QTableWidgetItem* item) {
    const int i = currentHost();
    if (updating_ || i < 0 || item->column() != 1)
        return;
    const TcpParamInfo& info = tcpParamTable()[static_cast<std::size_t>(item->row())];
    const std::string name(info.name);
    const QString text = item->text().trimmed();
    std::optional<std::int64_t> value;
    if (!text.isEmpty()) {
        value = parseParam(info, text);
        if (!value)
            return rejectInput(tr("%1: expected %2..%3").arg(qs(info.name)).arg(info.min).arg(info.max));
    }
    change(
        [&](Scenario& s) {
            auto& tcp = s.hosts[static_cast<std::size_t>(i)].tcp;
            auto it = std::find_if(tcp.begin(), tcp.end(), [&](const auto& p) { return p.first == name; });
            if (!value) { // empty: back to the profile's value
                if (it != tcp.end())
                    tcp.erase(it);
            } else if (it != tcp.end()) {
                it->second = *value;
            } else {
                tcp.emplace_back(name, *value);
            }
        },
        tr("Set %1 of %2").arg(qs(info.name), hostList_->currentItem()->text()),
        mergeId(HostParam, i, item->row()));
    seal();
}

void ScenarioEditor::refreshHost() {
    const QSignalBlocker b1(hostProfile_), b2(hostIsnFixed_), b3(hostParams_);
    const int i = currentHost();
    for (QWidget* w : std::initializer_list<QWidget*>{hostName_, hostAddress_, hostProfile_, hostIsnFixed_,
                                                      hostIsn_, hostParams_, removeHost_})
        w->setEnabled(i >= 0);
    if (i < 0)
        return;
    const Scenario& sc = doc_->scenario();
    const HostSpec& h = sc.hosts[static_cast<std::size_t>(i)];
    hostName_->setText(qs(h.name));
    hostAddress_->setText(qs(formatIpv4(h.address)) +
                          (h.prefixLen != 24 ? QStringLiteral("/%1").arg(h.prefixLen) : QString()));
    hostProfile_->setCurrentIndex(!h.profile ? 0 : *h.profile == Profile::Linux ? 2 : 1);
    hostIsnFixed_->setChecked(h.isn.has_value());
    hostIsn_->setEnabled(h.isn.has_value());
    hostIsn_->setText(h.isn ? QString::number(*h.isn) : QString());
    const TcpParams p = resolveParams(sc, h);
    const auto table = tcpParamTable();
    for (std::size_t k = 0; k < table.size(); ++k) {
        QTableWidgetItem* item = hostParams_->item(static_cast<int>(k), 1);
        const bool overridden =
            std::any_of(h.tcp.begin(), h.tcp.end(), [&](const auto& o) { return o.first == table[k].name; });
        item->setText(paramText(table[k], table[k].get(p)));
        QFont f = item->font();
        f.setBold(overridden);
        item->setFont(f);
        hostParams_->item(static_cast<int>(k), 0)->setFont(f);
    }
}

// ---- Links ----

void ScenarioEditor::buildLinksTab() {
    auto* scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("linksTab"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* page = new QWidget;
    scroll->setWidget(page);
    auto* row = new QHBoxLayout(page);
    auto* left = new QVBoxLayout;
    linkList_ = new QListWidget(page);
    linkList_->setObjectName(QStringLiteral("linkList"));
    linkList_->setMaximumWidth(130);
    left->addWidget(linkList_, 1);
    auto* buttons = new QHBoxLayout;
    addLink_ = smallButton(page, "addLink");
    removeLink_ = smallButton(page, "removeLink");
    buttons->addWidget(addLink_);
    buttons->addWidget(removeLink_);
    left->addLayout(buttons);
    row->addLayout(left);
    auto* right = new QVBoxLayout;
    linkForm_ = new QFormLayout;
    linkA_ = new QComboBox(page);
    linkA_->setObjectName(QStringLiteral("linkA"));
    linkB_ = new QComboBox(page);
    linkB_->setObjectName(QStringLiteral("linkB"));
    linkMtu_ = new QDoubleSpinBox(page);
    linkMtu_->setObjectName(QStringLiteral("linkMtu"));
    linkMtu_->setDecimals(0);
    linkMtu_->setRange(68, 65535);
    linkMtu_->setKeyboardTracking(false);
    linkForm_->addRow(new QLabel, linkA_);
    linkForm_->addRow(new QLabel, linkB_);
    linkForm_->addRow(new QLabel, linkMtu_);
    right->addLayout(linkForm_);

    auto linkIndex = [this] {
        return currentLink();
    };
    auto onLink = [this, linkIndex](const std::function<void(LinkSpec&)>& fn, const QString& text,
                                    int merge) {
        const int i = linkIndex();
        if (i < 0)
            return;
        change([&](Scenario& s) { fn(s.links[static_cast<std::size_t>(i)]); }, text, merge);
    };
    for (int d = 0; d < 2; ++d) {
        DirectionWidgets& w = dir_[d];
        w.box = new QGroupBox(page);
        w.form = new QFormLayout(w.box);
        auto spin = [&](const char* name, double max, int decimals) {
            auto* s = new QDoubleSpinBox(w.box);
            s->setObjectName(QLatin1String(name) + QString::number(d));
            s->setRange(0, max);
            s->setDecimals(decimals);
            s->setKeyboardTracking(false);
            connect(s, &QDoubleSpinBox::editingFinished, this, &ScenarioEditor::seal);
            w.form->addRow(new QLabel, s);
            return s;
        };
        w.delay = spin("linkDelay", 1e6, 3);
        w.jitter = spin("linkJitter", 1e6, 3);
        w.bandwidth = spin("linkBandwidth", 1e12, 0);
        auto slider = [&](const char* name, QLabel*& value) {
            auto* box = new QWidget(w.box);
            auto* l = new QHBoxLayout(box);
            l->setContentsMargins(0, 0, 0, 0);
            auto* s = new QSlider(Qt::Horizontal, box);
            s->setObjectName(QLatin1String(name) + QString::number(d));
            s->setRange(0, 1000); // per mille
            s->setPageStep(50);
            value = new QLabel(box);
            value->setMinimumWidth(value->fontMetrics().horizontalAdvance(QStringLiteral("100.0 %")) + 4);
            l->addWidget(s, 1);
            l->addWidget(value);
            connect(s, &QSlider::sliderReleased, this, &ScenarioEditor::seal);
            w.form->addRow(new QLabel, box);
            return s;
        };
        w.loss = slider("linkLoss", w.lossValue);
        w.duplicate = slider("linkDuplicate", w.duplicateValue);
        w.reorder = slider("linkReorder", w.reorderValue);
        w.reorderDelay = spin("linkReorderDelay", 1e6, 3);
        auto dirOf = [d](LinkSpec& l) -> LinkDirection& {
            return d == 0 ? l.aToB : l.bToA;
        };
        connect(w.delay, &QDoubleSpinBox::valueChanged, this, [=, this](double ms) {
            onLink([&](LinkSpec& l) { dirOf(l).delay = Duration{std::llround(ms * 1e6)}; },
                   tr("Change a link's delay"), mergeId(LinkDelay, currentLink(), d));
        });
        connect(w.jitter, &QDoubleSpinBox::valueChanged, this, [=, this](double ms) {
            onLink([&](LinkSpec& l) { dirOf(l).jitter = Duration{std::llround(ms * 1e6)}; },
                   tr("Change a link's jitter"), mergeId(LinkJitter, currentLink(), d));
        });
        connect(w.bandwidth, &QDoubleSpinBox::valueChanged, this, [=, this](double bps) {
            onLink([&](LinkSpec& l) { dirOf(l).bandwidthBps = static_cast<std::uint64_t>(bps); },
                   tr("Change a link's bandwidth"), mergeId(LinkBandwidth, currentLink(), d));
        });
        connect(w.loss, &QSlider::valueChanged, this, [=, this](int pm) {
            onLink([&](LinkSpec& l) { dirOf(l).loss = pm / 1000.0; }, tr("Change a link's loss"),
                   mergeId(LinkLoss, currentLink(), d));
        });
        connect(w.duplicate, &QSlider::valueChanged, this, [=, this](int pm) {
            onLink([&](LinkSpec& l) { dirOf(l).duplicate = pm / 1000.0; }, tr("Change a link's duplication"),
                   mergeId(LinkDuplicate, currentLink(), d));
        });
        connect(w.reorderDelay, &QDoubleSpinBox::valueChanged, this, [=, this](double ms) {
            onLink([&](LinkSpec& l) { dirOf(l).reorderDelay = Duration{std::llround(ms * 1e6)}; },
                   tr("Change a link's reordering delay"), mergeId(LinkReorderDelay, currentLink(), d));
        });
        connect(w.reorder, &QSlider::valueChanged, this, [=, this](int pm) {
            onLink([&](LinkSpec& l) { dirOf(l).reorder = pm / 1000.0; }, tr("Change a link's reordering"),
                   mergeId(LinkReorder, currentLink(), d));
        });
        right->addWidget(w.box);
    }
    right->addStretch(1);
    row->addLayout(right, 1);

    connect(linkList_, &QListWidget::currentRowChanged, this, [this] { refreshLink(); });
    connect(linkMtu_, &QDoubleSpinBox::valueChanged, this, [onLink, this](double mtu) {
        onLink([&](LinkSpec& l) { l.mtu = static_cast<std::uint32_t>(mtu); }, tr("Change a link's MTU"),
               mergeId(LinkMtu, currentLink()));
    });
    connect(linkMtu_, &QDoubleSpinBox::editingFinished, this, &ScenarioEditor::seal);
    auto endChanged = [this, onLink](bool a) {
        return [this, onLink, a](int) {
            const std::string name = (a ? linkA_ : linkB_)->currentText().toStdString();
            onLink([&](LinkSpec& l) { (a ? l.a : l.b) = name; }, tr("Change a link's ends"), -1);
        };
    };
    connect(linkA_, &QComboBox::currentIndexChanged, this, endChanged(true));
    connect(linkB_, &QComboBox::currentIndexChanged, this, endChanged(false));
    connect(addLink_, &QPushButton::clicked, this, [this] {
        const Scenario& sc = doc_->scenario();
        const QStringList all = names(sc, true);
        // The first pair of hosts not linked yet.
        for (int x = 0; x < all.size(); ++x)
            for (int y = x + 1; y < all.size(); ++y) {
                const std::string a = all[x].toStdString(), b = all[y].toStdString();
                const bool linked = std::any_of(sc.links.begin(), sc.links.end(), [&](const LinkSpec& l) {
                    return (l.a == a && l.b == b) || (l.a == b && l.b == a);
                });
                if (linked)
                    continue;
                LinkSpec l;
                l.a = a;
                l.b = b;
                change([&](Scenario& s) { s.links.push_back(l); },
                       tr("Add a link %1 – %2").arg(all[x], all[y]));
                setCurrentLink(static_cast<int>(doc_->scenario().links.size()) - 1);
                return;
            }
        rejectInput(tr("Every two hosts are linked already."));
    });
    connect(removeLink_, &QPushButton::clicked, this, [this] {
        const int i = currentLink();
        if (i >= 0)
            change([&](Scenario& s) { s.links.erase(s.links.begin() + i); }, tr("Remove a link"));
    });
    tabs_->addTab(scroll, QString());
}

int ScenarioEditor::currentLink() const {
    const int i = linkList_->currentRow();
    return doc_->hasScenario() && i >= 0 && i < static_cast<int>(doc_->scenario().links.size()) ? i : -1;
}

void ScenarioEditor::setCurrentLink(int row) {
    linkList_->setCurrentRow(row);
}

void ScenarioEditor::refreshLinks() {
    const int keep = linkList_->currentRow();
    {
        const QSignalBlocker b(linkList_);
        linkList_->clear();
        for (const LinkSpec& l : doc_->scenario().links)
            linkList_->addItem(l.name.empty() ? QStringLiteral("%1 – %2").arg(qs(l.a), qs(l.b)) : qs(l.name));
        linkList_->setCurrentRow(std::min(std::max(keep, 0), linkList_->count() - 1));
    }
    refreshLink();
}

void ScenarioEditor::refreshLink() {
    const int i = currentLink();
    std::vector<QSignalBlocker> blockers;
    blockers.reserve(24);
    std::vector<QWidget*> widgets{linkA_, linkB_, linkMtu_, removeLink_};
    for (const DirectionWidgets& w : dir_)
        widgets.insert(widgets.end(),
                       {w.delay, w.jitter, w.bandwidth, w.loss, w.duplicate, w.reorder, w.reorderDelay});
    for (QWidget* w : widgets) {
        blockers.emplace_back(w);
        w->setEnabled(i >= 0);
    }
    if (i < 0)
        return;
    const Scenario& sc = doc_->scenario();
    const LinkSpec& l = sc.links[static_cast<std::size_t>(i)];
    for (QComboBox* c : {linkA_, linkB_}) {
        c->clear();
        c->addItems(names(sc, true));
    }
    linkA_->setCurrentText(qs(l.a));
    linkB_->setCurrentText(qs(l.b));
    linkMtu_->setValue(l.mtu);
    for (int d = 0; d < 2; ++d) {
        const LinkDirection& ld = d == 0 ? l.aToB : l.bToA;
        DirectionWidgets& w = dir_[d];
        w.box->setTitle(d == 0 ? tr("%1 → %2").arg(qs(l.a), qs(l.b)) : tr("%1 → %2").arg(qs(l.b), qs(l.a)));
        w.delay->setValue(static_cast<double>(ld.delay.count()) / 1e6);
        w.jitter->setValue(static_cast<double>(ld.jitter.count()) / 1e6);
        w.bandwidth->setValue(static_cast<double>(ld.bandwidthBps));
        w.loss->setValue(static_cast<int>(std::lround(ld.loss * 1000)));
        w.duplicate->setValue(static_cast<int>(std::lround(ld.duplicate * 1000)));
        w.reorder->setValue(static_cast<int>(std::lround(ld.reorder * 1000)));
        w.reorderDelay->setValue(static_cast<double>(ld.reorderDelay.count()) / 1e6);
        w.lossValue->setText(QStringLiteral("%1 %").arg(ld.loss * 100, 0, 'f', 1));
        w.duplicateValue->setText(QStringLiteral("%1 %").arg(ld.duplicate * 100, 0, 'f', 1));
        w.reorderValue->setText(QStringLiteral("%1 %").arg(ld.reorder * 100, 0, 'f', 1));
    }
}

// ---- Actions, faults, notes ----

namespace {

QWidget* tablePage(QTableWidget*& table, int columns, const char* name, QPushButton*& add,
                   QPushButton*& remove, const char* addName, const char* removeName) {
    auto* page = new QWidget;
    page->setObjectName(QLatin1String(name));
    auto* l = new QVBoxLayout(page);
    table = new QTableWidget(0, columns, page);
    table->setObjectName(QLatin1String(name) + QStringLiteral("Table"));
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    l->addWidget(table, 1);
    auto* buttons = new QHBoxLayout;
    add = smallButton(page, addName);
    remove = smallButton(page, removeName);
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    l->addLayout(buttons);
    return page;
}

} // namespace

void ScenarioEditor::buildActionsTab() {
    tabs_->addTab(
        tablePage(actions_, 7, "actionsTab", addAction_, removeAction_, "addAction", "removeAction"),
        QString());
    auto hostsOnly = [this] {
        return names(doc_->scenario(), false);
    };
    actions_->setItemDelegateForColumn(1, new ChoiceDelegate(hostsOnly, actions_));
    actions_->setItemDelegateForColumn(2, new ChoiceDelegate(actionNames, actions_));
    actions_->setItemDelegateForColumn(4, new ChoiceDelegate(hostsOnly, actions_));
    connect(actions_, &QTableWidget::itemChanged, this, &ScenarioEditor::actionEdited);
    connect(addAction_, &QPushButton::clicked, this, [this] {
        const Scenario& sc = doc_->scenario();
        if (sc.hosts.empty())
            return;
        ActionSpec a;
        Instant last = kTimeZero;
        for (const ActionSpec& x : sc.actions)
            if (x.when.at)
                last = std::max(last, *x.when.at);
        a.when.at = last + Duration{std::chrono::milliseconds(100)};
        a.kind = ActionKind::Send;
        a.host = sc.hosts.front().name;
        a.bytes = 100;
        change([&](Scenario& s) { s.actions.push_back(a); }, tr("Add an action"));
    });
    connect(removeAction_, &QPushButton::clicked, this, [this] {
        const int r = actions_->currentRow();
        if (r >= 0 && r < static_cast<int>(doc_->scenario().actions.size()))
            change([&](Scenario& s) { s.actions.erase(s.actions.begin() + r); },
                   tr("Remove action %1").arg(r + 1));
    });
}

void ScenarioEditor::actionEdited(QTableWidgetItem* item) {
    const int r = item->row();
    if (updating_ || r >= static_cast<int>(doc_->scenario().actions.size()))
        return;
    ActionSpec a = doc_->scenario().actions[static_cast<std::size_t>(r)];
    const QString text = item->text().trimmed();
    switch (item->column()) {
    case 0: {
        const auto at = parseMs(text);
        if (!at)
            return rejectInput(tr("The time is in milliseconds, 0 or more."));
        a.when = ActionTrigger{};
        a.when.at = Instant{*at};
        break;
    }
    case 1:
        a.host = text.toStdString();
        break;
    case 2: {
        const auto kind = actionKindFromName(text.toStdString());
        if (!kind)
            return rejectInput(tr("Unknown action “%1”.").arg(text));
        a.kind = *kind;
        break;
    }
    case 3:
    case 6: {
        const auto port = parseInt(text.isEmpty() ? QStringLiteral("0") : text, 0, 65535);
        if (!port)
            return rejectInput(tr("A port is 0 to 65535."));
        (item->column() == 3 ? a.port : a.localPort) = static_cast<std::uint16_t>(*port);
        break;
    }
    case 4:
        a.peer = text.toStdString();
        break;
    case 5: {
        const auto bytes = parseInt(text.isEmpty() ? QStringLiteral("0") : text, 0, 10'000'000);
        if (!bytes)
            return rejectInput(tr("Bytes are 0 to 10000000."));
        a.bytes = static_cast<std::uint64_t>(*bytes);
        a.text.clear();
        break;
    }
    default:
        return;
    }
    change([&](Scenario& s) { s.actions[static_cast<std::size_t>(r)] = a; }, tr("Edit action %1").arg(r + 1));
}

void ScenarioEditor::refreshActions() {
    const QSignalBlocker b(actions_);
    const Scenario& sc = doc_->scenario();
    actions_->setRowCount(static_cast<int>(sc.actions.size()));
    for (int r = 0; r < static_cast<int>(sc.actions.size()); ++r) {
        const ActionSpec& a = sc.actions[static_cast<std::size_t>(r)];
        QString when =
            a.when.at ? msText(a.when.at->time_since_epoch())
                      : tr("on %1 %2 +%3")
                            .arg(qs(a.when.onHost), qs(stateName(*a.when.onState)), msText(a.when.after));
        const bool usesPort =
            a.kind == ActionKind::Listen || a.kind == ActionKind::Connect || a.kind == ActionKind::Accept;
        const bool usesPeer =
            a.kind == ActionKind::Connect || a.kind == ActionKind::Ping || a.kind == ActionKind::Traceroute;
        const bool usesBytes =
            a.kind == ActionKind::Send || a.kind == ActionKind::Read || a.kind == ActionKind::Ping;
        actions_->setItem(r, 0, cell(when));
        actions_->setItem(r, 1, cell(qs(a.host)));
        actions_->setItem(r, 2, cell(qs(actionKindName(a.kind))));
        actions_->setItem(r, 3, cell(usesPort ? QString::number(a.port) : QString()));
        actions_->setItem(r, 4, cell(usesPeer ? qs(a.peer) : QString()));
        actions_->setItem(r, 5,
                          cell(!usesBytes        ? QString()
                               : !a.text.empty() ? QStringLiteral("“%1”").arg(qs(a.text))
                                                 : QString::number(a.bytes)));
        actions_->setItem(r, 6,
                          cell(a.kind == ActionKind::Listen ? QString() : QString::number(a.localPort)));
    }
}

void ScenarioEditor::buildFaultsTab() {
    tabs_->addTab(tablePage(faults_, 7, "faultsTab", addFault_, removeFault_, "addFault", "removeFault"),
                  QString());
    auto all = [this] {
        return names(doc_->scenario(), true);
    };
    faults_->setItemDelegateForColumn(0, new ChoiceDelegate(all, faults_));
    faults_->setItemDelegateForColumn(1, new ChoiceDelegate(all, faults_));
    faults_->setItemDelegateForColumn(2, new ChoiceDelegate(matchNames, faults_));
    faults_->setItemDelegateForColumn(4, new ChoiceDelegate(faultNames, faults_));
    connect(faults_, &QTableWidget::itemChanged, this, &ScenarioEditor::faultEdited);
    connect(addFault_, &QPushButton::clicked, this, [this] {
        const Scenario& sc = doc_->scenario();
        if (sc.hosts.size() < 2)
            return;
        FaultRule f;
        f.from = sc.hosts[0].name;
        f.to = sc.hosts[1].name;
        change([&](Scenario& s) { s.faults.push_back(f); }, tr("Add a fault rule"));
    });
    connect(removeFault_, &QPushButton::clicked, this, [this] {
        const int r = faults_->currentRow();
        if (r >= 0 && r < static_cast<int>(doc_->scenario().faults.size()))
            change([&](Scenario& s) { s.faults.erase(s.faults.begin() + r); },
                   tr("Remove fault rule %1").arg(r + 1));
    });
}

void ScenarioEditor::faultEdited(QTableWidgetItem* item) {
    const int r = item->row();
    if (updating_ || r >= static_cast<int>(doc_->scenario().faults.size()))
        return;
    FaultRule f = doc_->scenario().faults[static_cast<std::size_t>(r)];
    const QString text = item->text().trimmed();
    switch (item->column()) {
    case 0:
        f.from = text.toStdString();
        break;
    case 1:
        f.to = text.toStdString();
        break;
    case 2: {
        const auto m = segmentMatchFromName(text.toStdString());
        if (!m)
            return rejectInput(tr("Unknown kind of segment “%1”.").arg(text));
        f.match = *m;
        break;
    }
    case 3: {
        const auto n = parseInt(text, 0, 1'000'000);
        if (!n)
            return rejectInput(tr("Which segment: 1 and on, or 0 for every one."));
        f.nth = static_cast<int>(*n);
        break;
    }
    case 4: {
        const auto act = faultActionFromName(text.toStdString());
        if (!act)
            return rejectInput(tr("Unknown fault “%1”.").arg(text));
        f.action = *act;
        if (f.action != FaultAction::Delay)
            f.delay = Duration{0};
        break;
    }
    case 5: {
        const auto d = parseMs(text.isEmpty() ? QStringLiteral("0") : text);
        if (!d)
            return rejectInput(tr("The time is in milliseconds, 0 or more."));
        f.delay = *d;
        if (f.delay > Duration{0})
            f.action = FaultAction::Delay;
        break;
    }
    case 6: {
        const auto k = parseInt(text.isEmpty() ? QStringLiteral("0") : text, 0, 8192);
        if (!k)
            return rejectInput(tr("A fragment is 1 to 8192, or empty for the whole datagram."));
        f.fragment = static_cast<int>(*k);
        break;
    }
    default:
        return;
    }
    change([&](Scenario& s) { s.faults[static_cast<std::size_t>(r)] = f; },
           tr("Edit fault rule %1").arg(r + 1));
}

void ScenarioEditor::refreshFaults() {
    const QSignalBlocker b(faults_);
    const Scenario& sc = doc_->scenario();
    faults_->setRowCount(static_cast<int>(sc.faults.size()));
    for (int r = 0; r < static_cast<int>(sc.faults.size()); ++r) {
        const FaultRule& f = sc.faults[static_cast<std::size_t>(r)];
        faults_->setItem(r, 0, cell(qs(f.from)));
        faults_->setItem(r, 1, cell(qs(f.to)));
        faults_->setItem(r, 2, cell(qs(segmentMatchName(f.match))));
        faults_->setItem(r, 3, cell(QString::number(f.nth)));
        faults_->setItem(r, 4, cell(qs(faultActionName(f.action))));
        faults_->setItem(r, 5, cell(f.action == FaultAction::Delay ? msText(f.delay) : QString()));
        faults_->setItem(r, 6, cell(f.fragment ? QString::number(f.fragment) : QString()));
    }
}

void ScenarioEditor::buildNotesTab() {
    tabs_->addTab(tablePage(notes_, 3, "notesTab", addNote_, removeNote_, "addNote", "removeNote"),
                  QString());
    notes_->setWordWrap(true);
    connect(notes_, &QTableWidget::itemChanged, this, &ScenarioEditor::noteEdited);
    connect(addNote_, &QPushButton::clicked, this, [this] {
        TeacherNote n;
        n.step = std::max(1, currentStep_ + 1);
        n.text.en = tr("A note for step %1.").arg(n.step).toStdString();
        change([&](Scenario& s) { s.notes.push_back(n); }, tr("Add a note to step %1").arg(n.step));
    });
    connect(removeNote_, &QPushButton::clicked, this, [this] {
        const int r = notes_->currentRow();
        if (r >= 0 && r < static_cast<int>(doc_->scenario().notes.size()))
            change([&](Scenario& s) { s.notes.erase(s.notes.begin() + r); }, tr("Remove a note"));
    });
}

void ScenarioEditor::noteEdited(QTableWidgetItem* item) {
    const int r = item->row();
    if (updating_ || r >= static_cast<int>(doc_->scenario().notes.size()))
        return;
    TeacherNote n = doc_->scenario().notes[static_cast<std::size_t>(r)];
    if (item->column() == 0) {
        const auto step = parseInt(item->text(), 1, 100'000'000);
        if (!step)
            return rejectInput(tr("A step is 1 or more (the event's number)."));
        n.step = static_cast<int>(*step);
    } else {
        (item->column() == 1 ? n.text.en : n.text.zh) = item->text().toStdString();
    }
    change([&](Scenario& s) { s.notes[static_cast<std::size_t>(r)] = n; },
           tr("Edit the note of step %1").arg(n.step));
}

void ScenarioEditor::refreshNotes() {
    const QSignalBlocker b(notes_);
    const Scenario& sc = doc_->scenario();
    notes_->setRowCount(static_cast<int>(sc.notes.size()));
    for (int r = 0; r < static_cast<int>(sc.notes.size()); ++r) {
        const TeacherNote& n = sc.notes[static_cast<std::size_t>(r)];
        notes_->setItem(r, 0, cell(QString::number(n.step)));
        notes_->setItem(r, 1, cell(qs(n.text.en)));
        notes_->setItem(r, 2, cell(qs(n.text.zh)));
    }
}

// ---- Everything ----

void ScenarioEditor::refresh() {
    if (!doc_->hasScenario())
        return;
    updating_ = true;
    refreshLesson();
    {
        const int keep = hostList_->currentRow();
        const QSignalBlocker b(hostList_);
        hostList_->clear();
        for (const HostSpec& h : doc_->scenario().hosts)
            hostList_->addItem(qs(h.name));
        hostList_->setCurrentRow(std::min(std::max(keep, 0), hostList_->count() - 1));
    }
    refreshHost();
    refreshLinks();
    refreshActions();
    refreshFaults();
    refreshNotes();
    updating_ = false;
}

void ScenarioEditor::retranslate() {
    tabs_->setTabText(0, tr("Lesson"));
    tabs_->setTabText(1, tr("Hosts"));
    tabs_->setTabText(2, tr("Links"));
    tabs_->setTabText(3, tr("Actions"));
    tabs_->setTabText(4, tr("Faults"));
    tabs_->setTabText(5, tr("Notes"));
    setLabel(lessonForm_, titleEn_, tr("Title (English):"));
    setLabel(lessonForm_, titleZh_, tr("Title (Chinese):"));
    setLabel(lessonForm_, descEn_, tr("Description (English):"));
    setLabel(lessonForm_, descZh_, tr("Description (Chinese):"));
    setLabel(lessonForm_, seed_, tr("Seed:"));
    setLabel(lessonForm_, profile_, tr("Profile:"));
    setLabel(lessonForm_, duration_, tr("Time limit:"));
    duration_->setSuffix(tr(" s"));
    addHost_->setText(tr("Add"));
    removeHost_->setText(tr("Remove"));
    setLabel(hostForm_, hostName_, tr("Name:"));
    setLabel(hostForm_, hostAddress_, tr("Address:"));
    setLabel(hostForm_, hostProfile_, tr("Profile:"));
    setLabel(hostForm_, hostIsn_->parentWidget(), tr("ISN:"));
    hostProfile_->setItemText(0, tr("the lesson's"));
    hostIsnFixed_->setText(tr("fixed"));
    hostIsnFixed_->setToolTip(tr("Unchecked: drawn from the seeded random generator"));
    hostParams_->setHorizontalHeaderLabels({tr("TCP parameter"), tr("Value")});
    hostParams_->setToolTip(tr("Bold: set for this host; empty a value to go back to the profile's"));
    addLink_->setText(tr("Add"));
    removeLink_->setText(tr("Remove"));
    setLabel(linkForm_, linkA_, tr("End A:"));
    setLabel(linkForm_, linkB_, tr("End B:"));
    setLabel(linkForm_, linkMtu_, tr("MTU:"));
    linkMtu_->setSuffix(tr(" bytes"));
    for (DirectionWidgets& w : dir_) {
        setLabel(w.form, w.delay, tr("Delay:"));
        setLabel(w.form, w.jitter, tr("Jitter (±):"));
        setLabel(w.form, w.bandwidth, tr("Bandwidth:"));
        setLabel(w.form, w.loss->parentWidget(), tr("Loss:"));
        setLabel(w.form, w.duplicate->parentWidget(), tr("Duplication:"));
        setLabel(w.form, w.reorder->parentWidget(), tr("Reordering:"));
        setLabel(w.form, w.reorderDelay, tr("Held back by:"));
        w.reorderDelay->setSuffix(tr(" ms"));
        w.reorderDelay->setToolTip(tr("How long a reordered segment is held back"));
        w.delay->setSuffix(tr(" ms"));
        w.jitter->setSuffix(tr(" ms"));
        w.bandwidth->setSuffix(tr(" bit/s"));
        w.bandwidth->setSpecialValueText(tr("unlimited"));
    }
    actions_->setHorizontalHeaderLabels(
        {tr("At (ms)"), tr("Host"), tr("Action"), tr("Port"), tr("Peer"), tr("Bytes"), tr("Local port")});
    addAction_->setText(tr("Add"));
    removeAction_->setText(tr("Remove"));
    faults_->setHorizontalHeaderLabels(
        {tr("From"), tr("To"), tr("Segments"), tr("Which"), tr("Fault"), tr("Delay (ms)"), tr("Fragment")});
    faults_->setToolTip(tr("“Drop the 2nd pure-ack from client to server”: Which 0 means every one"));
    addFault_->setText(tr("Add"));
    removeFault_->setText(tr("Remove"));
    notes_->setHorizontalHeaderLabels({tr("Step"), tr("English"), tr("Chinese")});
    addNote_->setText(tr("Add at the Current Step"));
    removeNote_->setText(tr("Remove"));
    refresh();
}

} // namespace tcplab::ui
