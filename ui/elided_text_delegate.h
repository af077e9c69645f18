#pragma once

#include <QStyledItemDelegate>

class QAbstractItemView;

namespace dw {

// Draws cells as the view's delegate always does, and when a cell's text is elided, shows the whole text
// in its tooltip (before the model's own tooltip, if it has one).
// Thread-safety: a QObject of the UI thread, child of its view.
class ElidedTextDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    explicit ElidedTextDelegate(QAbstractItemView* view);

    // The tooltip the cell shows: its whole text when it is elided, then the model's tooltip.
    QString tooltip(const QModelIndex& index) const;
    bool isElided(const QModelIndex& index) const;

    bool helpEvent(QHelpEvent* event, QAbstractItemView* view, const QStyleOptionViewItem& option,
                   const QModelIndex& index) override;

private:
    QAbstractItemView* m_view;
};

} // namespace dw
