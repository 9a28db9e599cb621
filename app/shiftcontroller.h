#pragma once

#include <QObject>
#include <QPointer>

#include <memory>

class QAction;
class QMenu;

namespace paydesk {

class AnnouncementSettings;
class Announcer;
class AppContext;
class MainWindow;
class Session;
class SettingsView;
class SpeechAnnouncer;

/// The counter's day in the GUI (ARCHITECTURE §11): the shift opened at login with the float,
/// the Shift menu (pay out, interim report, close with the drawer count, Ctrl+Shift+E), the
/// handover when another cashier logs in, and the spoken announcements with their settings page.
class ShiftController : public QObject
{
    Q_OBJECT
public:
    ShiftController(AppContext &ctx, Session &session, MainWindow &window,
                    QObject *parent = nullptr);
    ~ShiftController() override;

    /// After a login (also at the lock screen): opens the operator's shift or hands over.
    void onLogin();
    /// Adds the Announcements page to a (re)built settings view.
    void addSettingsPage(SettingsView &view);
    /// The announcer, for flows that report final events (refunds).
    Announcer &announcer() { return *m_announcer; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void openShift();
    bool closeShift();
    void payout();
    void showReport(qint64 shiftId);
    void updateActions();
    void retranslate();

    AppContext &m_ctx;
    Session &m_session;
    MainWindow &m_window;
    QMenu *m_menu;
    QAction *m_open;
    QAction *m_payout;
    QAction *m_report;
    QAction *m_close;
    std::unique_ptr<AnnouncementSettings> m_announceSettings;
    std::unique_ptr<SpeechAnnouncer> m_speech;
    std::unique_ptr<Announcer> m_announcer;
};

} // namespace paydesk
