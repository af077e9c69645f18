// Table columns sized to their content within the view's width: the arithmetic, and a real view whose
// long names are elided in the middle and whole in the tooltip until the user sizes a column by hand.
#include "elided_text_delegate.h"
#include "fitted_columns.h"

#include <QApplication>
#include <QHeaderView>
#include <QStandardItemModel>
#include <QTableView>
#include <QtTest>

using namespace dw;

Q_DECLARE_METATYPE(std::vector<int>)

class FittedColumnsTest : public QObject {
    Q_OBJECT

private slots:
    void share_data() {
        QTest::addColumn<std::vector<int>>("wanted");
        QTest::addColumn<std::vector<int>>("minimum");
        QTest::addColumn<int>("flexible");
        QTest::addColumn<int>("available");
        QTest::addColumn<std::vector<int>>("widths");
        QTest::newRow("room to spare goes to the flexible column")
            << std::vector<int>{100, 50, 200} << std::vector<int>{40, 40, 40} << 2 << 500
            << std::vector<int>{100, 50, 350};
        QTest::newRow("exactly enough") << std::vector<int>{100, 50, 200} << std::vector<int>{40, 40, 40} << 2
                                        << 350 << std::vector<int>{100, 50, 200};
        // 100 + 50 + min(300, cap) + min(400, cap) <= 600: the two widest give up alike, to 225 each.
        QTest::newRow("without a flexible column the widest give up alike")
            << std::vector<int>{100, 50, 300, 400} << std::vector<int>{40, 40, 40, 40} << -1 << 600
            << std::vector<int>{100, 50, 225, 225};
        QTest::newRow("the flexible column gives up first")
            << std::vector<int>{100, 50, 300, 400} << std::vector<int>{40, 40, 40, 40} << 3 << 600
            << std::vector<int>{100, 50, 300, 150};
        // The flexible column down to its header, 40, then 100 + 50 + cap + 40 <= 400.
        QTest::newRow("then the widest give up alike")
            << std::vector<int>{100, 50, 300, 400} << std::vector<int>{40, 40, 40, 40} << 3 << 400
            << std::vector<int>{100, 50, 210, 40};
        QTest::newRow("one long reason gives up first")
            << std::vector<int>{220, 250, 900} << std::vector<int>{60, 60, 60} << 2 << 1000
            << std::vector<int>{220, 250, 530};
        QTest::newRow("never below a header") << std::vector<int>{300, 300} << std::vector<int>{200, 250} << 1
                                              << 300 << std::vector<int>{200, 250};
    }
    void share() {
        QFETCH(std::vector<int>, wanted);
        QFETCH(std::vector<int>, minimum);
        QFETCH(int, flexible);
        QFETCH(int, available);
        QFETCH(std::vector<int>, widths);
        QCOMPARE(FittedColumns::share(wanted, minimum, flexible, available), widths);
    }

    void viewElidesInTheMiddleAndRespectsTheUser() {
        QStandardItemModel model(0, 3);
        model.setHorizontalHeaderLabels({"Entity", "State", "Reason"});
        const QString name = "dispatcher-acme-billing-eu-west-1-primary-0123456789";
        model.appendRow(
            {new QStandardItem(name), new QStandardItem("healthy"), new QStandardItem("heartbeat 3s ago")});
        QTableView view;
        view.setModel(&model);
        auto* fitted = new FittedColumns(&view, 2);
        QCOMPARE(view.textElideMode(), Qt::ElideMiddle);
        view.resize(900, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        fitted->fit();
        auto* delegate = qobject_cast<ElidedTextDelegate*>(view.itemDelegate());
        QVERIFY(delegate);
        const QModelIndex entity = model.index(0, 0);
        QVERIFY(!delegate->isElided(entity));
        QCOMPARE(delegate->tooltip(entity), QString());
        view.resize(260, 300);
        QTRY_VERIFY(delegate->isElided(entity));
        QCOMPARE(delegate->tooltip(entity), name);
        // A width set by hand stays.
        view.horizontalHeader()->resizeSection(0, 150);
        QVERIFY(fitted->userSized());
        view.resize(900, 300);
        QTest::qWait(50);
        QCOMPARE(view.horizontalHeader()->sectionSize(0), 150);
        fitted->refitFromNowOn();
        QVERIFY(!delegate->isElided(entity));
    }
};

int main(int argc, char* argv[]) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    FittedColumnsTest test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_fitted_columns.moc"
