#pragma once

#include <QObject>
#include <QTimer>
#include <vector>

class QTableView;

namespace dw {

// Sizes a table's columns to their content within the view's width, as one expects of a table of names:
// when everything fits, each column is as wide as its widest value (or header) and the flexible column
// takes the rest; when not, the flexible column gives up width first (to its header), then the
// widest columns give up width alike, never below their header, and their
// values are elided in the middle with the whole value in the tooltip (ElidedTextDelegate). Refits when
// the model's content or the view's width changes. Once the user drags a column edge the user's widths
// stay, until the window is told to fit again (refitFromNowOn).
// Thread-safety: a QObject of the UI thread, child of its view.
class FittedColumns : public QObject {
    Q_OBJECT

public:
    FittedColumns(QTableView* view, int flexibleColumn);

    // The widths for columns that want `wanted` and need at least `minimum`, in `available` pixels: the
    // arithmetic of fit(), exposed for tests.
    static std::vector<int> share(const std::vector<int>& wanted, const std::vector<int>& minimum,
                                  int flexibleColumn, int available);

    // Fits the columns now (otherwise it happens once the event loop runs after a change).
    void fit();
    // True once the user resized a column by hand; then fit() leaves the widths alone.
    bool userSized() const { return m_userSized; }
    void refitFromNowOn();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void watchModel();

    QTableView* m_view;
    int m_flexible;
    bool m_fitting = false;
    bool m_userSized = false;
    bool m_resized = true; // the view's width changed since the last fit
    QTimer m_pending;      // coalesces the changes of one event-loop turn into one fit
};

} // namespace dw
