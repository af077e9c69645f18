#include "fitted_columns.h"

#include "elided_text_delegate.h"

#include <QEvent>
#include <QHeaderView>
#include <QTableView>
#include <algorithm>
#include <numeric>

namespace dw {

FittedColumns::FittedColumns(QTableView* view, int flexibleColumn)
    : QObject(view), m_view(view), m_flexible(flexibleColumn) {
    m_view->setTextElideMode(Qt::ElideMiddle); // both ends of a name tell it apart
    m_view->setWordWrap(false);
    m_view->setItemDelegate(new ElidedTextDelegate(m_view));
    QHeaderView* header = m_view->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setResizeContentsPrecision(200); // rows looked at per column: bounded for big tables
    m_pending.setSingleShot(true);
    m_pending.setInterval(0);
    connect(&m_pending, &QTimer::timeout, this, &FittedColumns::fit);
    // Hiding or showing a column resizes it to or from 0: that is not the user choosing a width.
    connect(header, &QHeaderView::sectionResized, this, [this](int, int oldSize, int newSize) {
        if (!m_fitting && oldSize > 0 && newSize > 0) m_userSized = true;
    });
    m_view->viewport()->installEventFilter(this);
    watchModel();
}

void FittedColumns::watchModel() {
    QAbstractItemModel* model = m_view->model();
    if (!model) return;
    const auto later = [this] { m_pending.start(); };
    connect(model, &QAbstractItemModel::modelReset, this, later);
    connect(model, &QAbstractItemModel::layoutChanged, this, later);
    connect(model, &QAbstractItemModel::rowsInserted, this, later);
    connect(model, &QAbstractItemModel::dataChanged, this, later);
    connect(model, &QAbstractItemModel::headerDataChanged, this, later);
    m_pending.start();
}

void FittedColumns::refitFromNowOn() {
    m_userSized = false;
    fit();
}

bool FittedColumns::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_view->viewport() && event->type() == QEvent::Resize) {
        m_resized = true;
        m_pending.start();
    }
    return QObject::eventFilter(watched, event);
}

void FittedColumns::fit() {
    QAbstractItemModel* model = m_view->model();
    if (m_userSized || !model) return;
    QHeaderView* header = m_view->horizontalHeader();
    const int columns = model->columnCount();
    std::vector<int> wanted(std::size_t(columns), 0);
    std::vector<int> minimum(std::size_t(columns), 0);
    for (int c = 0; c < columns; ++c) {
        if (header->isSectionHidden(c)) continue;
        minimum[std::size_t(c)] = header->sectionSizeHint(c);
        wanted[std::size_t(c)] =
            std::max(minimum[std::size_t(c)], static_cast<QAbstractItemView*>(m_view)->sizeHintForColumn(c));
    }
    const int available = m_view->viewport()->width();
    std::vector<int> widths = share(wanted, minimum, m_flexible, available);
    // While only the values change (a heartbeat age growing a digit), columns do not narrow: a table
    // whose columns twitch every refresh cannot be read. A new width of the view fits them afresh.
    if (!m_resized) {
        std::vector<int> kept = widths;
        for (int c = 0; c < columns; ++c)
            if (c != m_flexible)
                kept[std::size_t(c)] = std::max(widths[std::size_t(c)], header->sectionSize(c));
        int total = 0;
        for (int c = 0; c < columns; ++c)
            if (c != m_flexible) total += kept[std::size_t(c)];
        if (m_flexible >= 0 && m_flexible < columns && available - total >= widths[std::size_t(m_flexible)]) {
            kept[std::size_t(m_flexible)] = available - total;
            widths = kept;
        }
    }
    m_resized = false;
    m_fitting = true;
    for (int c = 0; c < columns; ++c)
        if (!header->isSectionHidden(c)) header->resizeSection(c, widths[std::size_t(c)]);
    m_fitting = false;
}

std::vector<int> FittedColumns::share(const std::vector<int>& wanted, const std::vector<int>& minimum,
                                      int flexibleColumn, int available) {
    std::vector<int> widths = wanted;
    const int total = std::accumulate(wanted.begin(), wanted.end(), 0);
    if (total <= available) {
        if (flexibleColumn >= 0 && std::size_t(flexibleColumn) < widths.size())
            widths[std::size_t(flexibleColumn)] += available - total;
        return widths;
    }
    // The flexible column (prose: a reason, an error; whole in its tooltip) gives up width first, down to
    // its header, so that names stay whole as long as they can.
    std::vector<int> want = wanted;
    if (flexibleColumn >= 0 && std::size_t(flexibleColumn) < want.size()) {
        int& flexible = want[std::size_t(flexibleColumn)];
        const int floor = minimum[std::size_t(flexibleColumn)];
        const int give = std::min(total - available, std::max(0, flexible - floor));
        flexible -= give;
        if (give == total - available) return want;
    }
    // Then the widest columns give up width alike: the largest cap under which everything fits (each
    // column keeps at least its minimum, even when that does not fit: then the view scrolls).
    const auto sumUnder = [&](int cap) {
        int sum = 0;
        for (std::size_t i = 0; i < want.size(); ++i)
            sum += std::max(minimum[i], std::min(want[i], cap));
        return sum;
    };
    int low = 0;
    int high = *std::max_element(want.begin(), want.end());
    while (low < high) {
        const int cap = (low + high + 1) / 2;
        if (sumUnder(cap) <= available)
            low = cap;
        else
            high = cap - 1;
    }
    for (std::size_t i = 0; i < widths.size(); ++i)
        widths[i] = std::max(minimum[i], std::min(want[i], low));
    return widths;
}

} // namespace dw
