// SPDX-License-Identifier: GPL-3.0-or-later
// The online-robot panel follows a sequence of real lsol/online/offline frames, says when nobody is online and
// when presence is off, and opens a robot's profile on click.
#include "core/forum/forumapi.h"
#include "core/forum/userdirectory.h"
#include "core/presence/presencemodel.h"
#include "core/protocol/event.h"
#include "ui/bots/avatarcache.h"
#include "ui/bots/robotpanel.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDesktopServices>
#include <QLabel>
#include <QListView>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

namespace {

// Catches QDesktopServices::openUrl so no browser starts.
class UrlCatcher : public QObject
{
    Q_OBJECT

public:
    QList<QUrl> urls;

public Q_SLOTS:
    void open(const QUrl& url) { urls.append(url); }
};

// Feeds one frame as PushClient would: parsed, typed, then applied to the model (Notifier's wiring).
void feed(presence::PresenceModel& model, const char* frame)
{
    const protocol::Event event = protocol::parseEvent(QByteArrayView(frame));
    QVERIFY2(event.isValid(), frame);
    switch (event.type) {
    case protocol::EventType::Lsol:
        model.setOnlineList(event.online);
        break;
    case protocol::EventType::Online:
    case protocol::EventType::Offline:
        model.setCount(event.presence.uid, event.presence.count);
        break;
    default:
        QFAIL(frame);
    }
}

} // namespace

class TestRobotPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Any warning fails, except the offscreen platform's note on showing a top-level window.
    void init()
    {
        QTest::failOnWarning(
            QRegularExpression(QStringLiteral("^(?!This plugin does not support propagateSizeHints\\(\\)).*")));
    }
    void followsFrames();
    void presenceOffState();
    void clickOpensProfile();
    void placeholderAvatarIsStable();
    void askARobot();
};

void TestRobotPanel::followsFrames()
{
    presence::PresenceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    forum::UserDirectory users(nullptr);
    ui::RobotPanel panel(&model, &users, nullptr, QUrl(QStringLiteral("https://hu60.cn")));
    auto* list = panel.findChild<QListView*>(QStringLiteral("robotList"));
    auto* header = panel.findChild<QLabel*>(QStringLiteral("robotHeader"));
    QVERIFY(list);
    QVERIFY(header);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QCOMPARE(panel.view(), ui::RobotPanel::View::Empty);

    feed(model, "{\"event\":\"lsol\",\"data\":{\"-50\":1,\"-150\":2}}\n");
    QCOMPARE(panel.view(), ui::RobotPanel::View::List);
    QCOMPARE(list->model()->rowCount(), 2);
    QVERIFY(header->text().contains(u'2'));
    QCOMPARE(list->model()->index(0, 0).data(presence::PresenceModel::UidRole).toLongLong(), -50);

    users.insert({-150, QStringLiteral("文心一言"), QUrl()});
    model.setName(-150, QStringLiteral("文心一言"));
    QCOMPARE(list->model()->index(1, 0).data().toString(), QStringLiteral("文心一言"));

    feed(model, "{\"event\":\"online\",\"data\":{\"uid\":-200,\"count\":1}}\n");
    QCOMPARE(list->model()->rowCount(), 3);
    feed(model, "{\"event\":\"online\",\"data\":{\"uid\":-50,\"count\":2}}\n");
    QCOMPARE(list->model()->index(0, 0).data(presence::PresenceModel::CountRole).toInt(), 2);
    feed(model, "{\"event\":\"offline\",\"data\":{\"uid\":-150,\"count\":0}}\n");
    QCOMPARE(list->model()->rowCount(), 2);
    feed(model, "{\"event\":\"offline\",\"data\":{\"uid\":-50,\"count\":0}}\n");
    feed(model, "{\"event\":\"offline\",\"data\":{\"uid\":-200,\"count\":0}}\n");
    QCOMPARE(list->model()->rowCount(), 0);
    QCOMPARE(panel.view(), ui::RobotPanel::View::Empty);
    QVERIFY(panel.findChild<QLabel*>(QStringLiteral("robotEmptyLabel"))->isVisible());

    // A fresh lsol replaces everything (after a reconnect).
    feed(model, "{\"event\":\"online\",\"data\":{\"uid\":-7,\"count\":1}}\n");
    feed(model, "{\"event\":\"lsol\",\"data\":{\"-50\":1}}\n");
    QCOMPARE(list->model()->rowCount(), 1);
    QCOMPARE(panel.view(), ui::RobotPanel::View::List);
    // Painting a row with a name, a count and a placeholder avatar works.
    QVERIFY(!list->grab().isNull());
}

void TestRobotPanel::presenceOffState()
{
    presence::PresenceModel model;
    ui::RobotPanel panel(&model, nullptr, nullptr, QUrl(QStringLiteral("https://hu60.cn")));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    feed(model, "{\"event\":\"lsol\",\"data\":{\"-50\":1}}\n");
    QCOMPARE(panel.view(), ui::RobotPanel::View::List);

    model.setEnabled(false);
    QCOMPARE(panel.view(), ui::RobotPanel::View::PresenceOff);
    auto* off = panel.findChild<QLabel*>(QStringLiteral("robotOffLabel"));
    QVERIFY(off->isVisible());
    QVERIFY(off->text().contains(QStringLiteral("turned off")));
    // Events while off are ignored by the model: the panel never shows a stale list.
    model.setCount(-50, 3);
    QCOMPARE(panel.view(), ui::RobotPanel::View::PresenceOff);

    QSignalSpy requested(&panel, &ui::RobotPanel::presenceEnableRequested);
    QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("robotEnableButton")), Qt::LeftButton);
    QCOMPARE(requested.count(), 1);
    model.setEnabled(true);
    QCOMPARE(panel.view(), ui::RobotPanel::View::Empty);
}

void TestRobotPanel::clickOpensProfile()
{
    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(QStringLiteral("https"), &catcher, "open");
    presence::PresenceModel model;
    ui::RobotPanel panel(&model, nullptr, nullptr, QUrl(QStringLiteral("https://hu60.cn")));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    feed(model, "{\"event\":\"lsol\",\"data\":{\"-50\":1,\"-150\":1}}\n");
    auto* list = panel.findChild<QListView*>(QStringLiteral("robotList"));
    const QRect second = list->visualRect(list->model()->index(1, 0));
    QVERIFY(second.isValid());
    QSignalSpy opened(&panel, &ui::RobotPanel::profileOpened);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, second.center());
    QCOMPARE(opened.count(), 1);
    QCOMPARE(opened.first().at(0).toLongLong(), -150);
    QCOMPARE(catcher.urls.size(), 1);
    QVERIFY2(catcher.urls.first().toString().contains(QStringLiteral("-150")),
             qPrintable(catcher.urls.first().toString()));
    QCOMPARE(catcher.urls.first().host(), QStringLiteral("hu60.cn"));
    QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
}

void TestRobotPanel::askARobot()
{
    presence::PresenceModel model;
    ui::RobotPanel panel(&model, nullptr, nullptr, QUrl(QStringLiteral("https://hu60.cn")));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto* robot = panel.findChild<QComboBox*>(QStringLiteral("robotAskRobot"));
    auto* text = panel.findChild<QPlainTextEdit*>(QStringLiteral("robotAskText"));
    auto* button = panel.findChild<QPushButton*>(QStringLiteral("robotAskButton"));
    QVERIFY(robot && text && button);
    // Nobody online: nothing to ask.
    QCOMPARE(robot->count(), 0);
    QVERIFY(!button->isEnabled());
    feed(model, "{\"event\":\"lsol\",\"data\":{\"-50\":1,\"-51\":2}}\n");
    QCOMPARE(robot->count(), 2);
    QVERIFY(!button->isEnabled()); // no question yet
    robot->setCurrentIndex(robot->findData(-51));
    text->setFocus();
    QTest::keyClicks(text, QStringLiteral("what is Qt?"));
    QVERIFY(button->isEnabled());

    // Ctrl+Enter asks; one question at a time, the text kept until the forum took it.
    QSignalSpy asked(&panel, &ui::RobotPanel::askRequested);
    QTest::keyClick(text, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(asked.count(), 1);
    QCOMPARE(asked.first().at(0).toLongLong(), -51);
    QCOMPARE(asked.first().at(1).toString(), QStringLiteral("what is Qt?"));
    QVERIFY(!button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(asked.count(), 1);
    panel.askFinished(false, QStringLiteral("Not sent: the forum asks to slow down"));
    QCOMPARE(text->toPlainText(), QStringLiteral("what is Qt?"));
    QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("robotAskStatus"))->text(),
             QStringLiteral("Not sent: the forum asks to slow down"));
    QVERIFY(button->isEnabled());
    // The chosen robot stays chosen when another one comes online.
    feed(model, "{\"event\":\"online\",\"data\":{\"uid\":-56,\"count\":1}}\n");
    QCOMPARE(panel.askedRobot(), -51);
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(asked.count(), 2);
    panel.askFinished(true, QStringLiteral("Asked."));
    QVERIFY(text->toPlainText().isEmpty());
    QVERIFY(!button->isEnabled());
}

void TestRobotPanel::placeholderAvatarIsStable()
{
    const QImage a = ui::AvatarCache::placeholder(-50, QStringLiteral("ChatGPT"), 36).toImage();
    const QImage b = ui::AvatarCache::placeholder(-50, QStringLiteral("ChatGPT"), 36).toImage();
    const QImage c = ui::AvatarCache::placeholder(-150, QStringLiteral("ChatGPT"), 36).toImage();
    QCOMPARE(a.size(), QSize(36, 36));
    QCOMPARE(a, b);
    QVERIFY(a != c);                         // another robot, another colour
    QCOMPARE(a.pixelColor(0, 0).alpha(), 0); // round: the corners stay transparent
}

QTEST_MAIN(TestRobotPanel)
#include "tst_robotpanel.moc"
