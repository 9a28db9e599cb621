#pragma once

#include <QObject>
#include <QString>

#include <memory>

class QAction;
class QMainWindow;
class QMenu;

namespace paydesk {

class AppContext;
class HeadOfficeWindow;
class HqBackgroundPush;
class HqConnection;
class HqReport;

/// Head office in the GUI (docs/HEADOFFICE.md): the background push of a joined till, and the
/// "Head office" menu opening the consolidated window after a connection dialog.
class HqController : public QObject
{
    Q_OBJECT
public:
    HqController(AppContext &ctx, QMainWindow &window);
    ~HqController() override;

    /// Starts pushing every hq.interval_s when this till is joined; nothing otherwise.
    void startPush();
    /// Asks for head office's address (prefilled with \a url) until a connection opens or the
    /// user cancels, then shows the Head office window.
    void openHeadOffice(const QString &url = {});

private:
    void retranslate();

    AppContext &m_ctx;
    QMainWindow &m_window;
    QMenu *m_menu = nullptr;
    QAction *m_open = nullptr;
    std::unique_ptr<HqBackgroundPush> m_push;
    std::unique_ptr<HqConnection> m_connection;
    std::unique_ptr<HqReport> m_report;
    std::unique_ptr<HeadOfficeWindow> m_hqWindow;
    QString m_lastFailure;
};

/// `paydesk --hq URL`: only the Head office window, no till. Returns the exit code.
int runHeadOfficeOnly(const QString &url);

} // namespace paydesk
