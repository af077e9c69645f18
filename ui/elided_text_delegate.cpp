#include "elided_text_delegate.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QToolTip>

namespace dw {

ElidedTextDelegate::ElidedTextDelegate(QAbstractItemView* view) : QStyledItemDelegate(view), m_view(view) {}

bool ElidedTextDelegate::isElided(const QModelIndex& index) const {
    QStyleOptionViewItem option;
    option.initFrom(m_view->viewport());
    option.rect = m_view->visualRect(index);
    initStyleOption(&option, index);
    if (option.text.isEmpty()) return false;
    const QRect text = m_view->style()->subElementRect(QStyle::SE_ItemViewItemText, &option, m_view);
    // The style pads the text by its focus frame margin on each side, as it draws it.
    const int margin = m_view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_view) + 1;
    return option.fontMetrics.horizontalAdvance(option.text) > text.width() - 2 * margin;
}

QString ElidedTextDelegate::tooltip(const QModelIndex& index) const {
    QString own = index.data(Qt::ToolTipRole).toString();
    if (!isElided(index)) return own;
    const QString whole = index.data(Qt::DisplayRole).toString();
    return own.isEmpty() || own == whole ? whole : whole + "\n" + own;
}

bool ElidedTextDelegate::helpEvent(QHelpEvent* event, QAbstractItemView* view,
                                   const QStyleOptionViewItem& option, const QModelIndex& index) {
    if (event->type() != QEvent::ToolTip || !index.isValid())
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    const QString text = tooltip(index);
    if (text.isEmpty()) {
        QToolTip::hideText();
        event->ignore();
        return false;
    }
    QToolTip::showText(event->globalPos(), text, view, option.rect);
    return true;
}

} // namespace dw
