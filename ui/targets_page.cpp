#include "targets_page.h"

#include "fitted_columns.h"
#include "server_dialog.h"
#include "target_dialog.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace dw {

TargetsPage::TargetsPage(MonitorSession& session, const Theme& theme, QWidget* parent)
    : QWidget(parent), m_session(session) {
    auto* layout = new QVBoxLayout(this);
    auto* buttons = new QHBoxLayout;
    const std::pair<QString, std::function<void()>> actions[] = {
        {tr("Add…"),
         [this] {
             TargetDialog dialog(TargetSpec{}, this);
             if (dialog.exec() != QDialog::Accepted) return;
             if (const auto spec = dialog.target()) {
                 auto targets = m_session.targets();
                 targets.push_back(*spec);
                 applyTargets(std::move(targets));
             } else {
                 QMessageBox::warning(this, tr("Add target"), tr("Give an http or https URL with a host."));
             }
         }},
        {tr("Edit…"), [this] { editSelected(); }},
        {tr("Remove"),
         [this] {
             auto targets = m_session.targets();
             const int index = selectedIndex(targets);
             if (removeServerOf(index) || explainIfDiscovered(index) || index < 0) return;
             targets.erase(targets.begin() + index);
             applyTargets(std::move(targets));
         }},
        {tr("Scrape now"), [this] { m_session.scrapeNow(); }},
        {tr("Add Prometheus server…"), [this] { addServer(); }},
        {tr("Load configuration…"),
         [this] {
             const QString path = QFileDialog::getOpenFileName(this, tr("Prometheus configuration"), {},
                                                               "YAML (*.yml *.yaml)");
             if (path.isEmpty()) return;
             if (const QString error = loadConfiguration(path); !error.isEmpty())
                 QMessageBox::warning(this, tr("Load configuration"), error);
         }},
    };
    for (const auto& [label, action] : actions) {
        auto* button = new QPushButton(label, this);
        connect(button, &QPushButton::clicked, this, action);
        buttons->addWidget(button);
    }
    buttons->addStretch();
    layout->addLayout(buttons);
    m_model = new TargetsModel(theme, this);
    m_table = new QTableView(this);
    m_table->setObjectName("targetsTable");
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    new FittedColumns(m_table, TargetsModel::Error);
    m_table->verticalHeader()->hide();
    layout->addWidget(m_table, 3);
    m_details = new QPlainTextEdit(this);
    m_details->setReadOnly(true);
    m_details->setPlaceholderText(tr("Select a target to see its details and last error in full."));
    layout->addWidget(m_details, 1);
    connect(m_table, &QTableView::doubleClicked, this, [this] { editSelected(); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { showDetails(); });
}

void TargetsPage::setSnapshot(std::shared_ptr<const DashboardSnapshot> snapshot) {
    // The selection follows its target, wherever the new snapshot lists it.
    const std::optional<std::string> selected = selectedKey();
    m_snapshot = snapshot;
    m_model->setSnapshot(std::move(snapshot));
    if (selected)
        for (std::size_t row = 0; row < m_snapshot->targets.size(); ++row)
            if (m_snapshot->targets[row].spec.key() == *selected) m_table->selectRow(int(row));
    showDetails();
}

std::optional<std::string> TargetsPage::selectedKey() const {
    const int row = m_table->currentIndex().row();
    if (!m_snapshot || row < 0 || row >= int(m_snapshot->targets.size())) return std::nullopt;
    return m_snapshot->targets[std::size_t(row)].spec.key();
}

int TargetsPage::selectedIndex(const std::vector<TargetSpec>& targets) const {
    // Rows follow the snapshot's order, which is not the order of the session's list.
    const std::optional<std::string> key = selectedKey();
    for (std::size_t i = 0; key && i < targets.size(); ++i)
        if (targets[i].key() == *key) return int(i);
    return -1;
}

void TargetsPage::applyTargets(std::vector<TargetSpec> targets) {
    m_session.setTargets(std::move(targets));
    m_session.scrapeNow();
    emit targetsChanged();
}

QString TargetsPage::loadConfiguration(const QString& path) {
    std::string error;
    if (!m_session.loadConfiguration(path, error)) return QString::fromStdString(error);
    m_session.scrapeNow();
    emit targetsChanged();
    return {};
}

void TargetsPage::addServer() {
    ServerDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted) return;
    QString error;
    const auto server = dialog.server(error);
    if (!server) {
        QMessageBox::warning(this, tr("Add Prometheus server"), error);
        return;
    }
    auto servers = m_session.prometheusServers();
    servers.push_back(*server);
    m_session.setPrometheusServers(std::move(servers));
    emit targetsChanged();
}

const TargetRow* TargetsPage::selectedRow() const {
    const int row = m_table->currentIndex().row();
    if (!m_snapshot || row < 0 || row >= int(m_snapshot->targets.size())) return nullptr;
    return &m_snapshot->targets[std::size_t(row)];
}

bool TargetsPage::removeServerOf(int index) {
    const TargetRow* row = selectedRow();
    if (index >= 0 || !row || row->source.empty()) return false;
    auto servers = m_session.prometheusServers();
    for (auto it = servers.begin(); it != servers.end(); ++it) {
        if ("Prometheus " + it->title() != row->source) continue;
        const auto answer = QMessageBox::question(
            this, tr("Remove Prometheus server"),
            tr("%1 is scraped by %2. Stop watching that server and all its targets?")
                .arg(QString::fromStdString(row->spec.id()), QString::fromStdString(it->title())));
        if (answer != QMessageBox::Yes) return true;
        servers.erase(it);
        m_session.setPrometheusServers(std::move(servers));
        emit targetsChanged();
        return true;
    }
    return false;
}

bool TargetsPage::explainIfDiscovered(int index) {
    if (index >= 0 || !selectedKey()) return false;
    QMessageBox::information(this, tr("Discovered target"),
                             tr("This target comes from %1 (its discovery decides what is watched). "
                                "Change that file, or add the target by hand.")
                                 .arg(m_session.configurationPath()));
    return true;
}

void TargetsPage::editSelected() {
    auto targets = m_session.targets();
    const int index = selectedIndex(targets);
    if (const TargetRow* row = selectedRow(); index < 0 && row && !row->source.empty()) {
        QMessageBox::information(
            this, tr("Target of a Prometheus server"),
            tr("%1 is scraped by %2, which decides how; DispatchWatch reads it from there.")
                .arg(QString::fromStdString(row->spec.id()), QString::fromStdString(row->source)));
        return;
    }
    if (explainIfDiscovered(index) || index < 0) return;
    TargetDialog dialog(targets[std::size_t(index)], this);
    if (dialog.exec() != QDialog::Accepted) return;
    if (const auto spec = dialog.target()) {
        targets[std::size_t(index)] = *spec;
        applyTargets(std::move(targets));
    }
}

void TargetsPage::showDetails() {
    const int row = m_table->currentIndex().row();
    if (!m_snapshot || row < 0 || row >= int(m_snapshot->targets.size())) {
        m_details->clear();
        return;
    }
    const TargetRow& t = m_snapshot->targets[std::size_t(row)];
    QString text = QStringLiteral("%1\nURL: %2\nstate: %3, %4 scrapes, %5 failed\n")
                       .arg(QString::fromStdString(t.spec.id()), t.spec.url.toString(QUrl::RemoveUserInfo),
                            QString(targetStateName(t.health.state)))
                       .arg(t.health.scrapes)
                       .arg(t.health.failures);
    text +=
        "source: " + (t.source.empty() ? tr("scraped by DispatchWatch") : QString::fromStdString(t.source)) +
        "\n";
    for (const Label& l : t.spec.labels)
        text += QString::fromStdString("label " + l.name + "=\"" + l.value + "\"\n");
    if (!t.health.lastError.empty())
        text += "last error: " + QString::fromStdString(t.health.lastError) + "\n";
    m_details->setPlainText(text);
}

} // namespace dw
