#pragma once

#include <QMainWindow>
#include <QPointer>

#include <array>
#include <functional>

class QComboBox;
class QLabel;
class QListWidget;
class QMenu;
class QStackedWidget;
class QToolButton;

namespace paydesk {

/// The shell: navigation on the left, one view per area on the right, language switch
/// and status in the tool/status bars. Views are built by the composition root and
/// handed in; the shell only shows them.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum class View { Checkout, Orders, Cases, Reconciliation, Dashboard, Settings };
    static constexpr int kViewCount = 6;

    explicit MainWindow(QWidget *parent = nullptr);

    /// Replaces the placeholder of \a view. The window takes ownership.
    void setViewWidget(View view, QWidget *widget);
    QWidget *viewWidget(View view) const;
    void showView(View view);
    View currentView() const;

    /// Languages offered in the switch, e.g. {"zh_CN", "en"}; \a current is selected.
    void setLanguages(const QStringList &languages, const QString &current);
    /// Called with the chosen language; returns false when it could not be loaded.
    void setLanguageSwitcher(std::function<bool(const QString &)> switcher);

    /// The toolbar's Help menu; the composition root adds its entries (provider hotlines...).
    QMenu *helpMenu() const { return m_helpMenu; }

    void setOperatorText(const QString &text);
    void setProviderText(const QString &text);

signals:
    void viewChanged(paydesk::MainWindow::View view);
    void lockRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    QWidget *makePlaceholder(View view);
    static QString titleOf(View view);
    static QString placeholderTextOf(View view);

    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_stack = nullptr;
    QComboBox *m_language = nullptr;
    QLabel *m_languageLabel = nullptr;
    QLabel *m_operator = nullptr;
    QLabel *m_provider = nullptr;
    QAction *m_lockAction = nullptr;
    QToolButton *m_help = nullptr;
    QMenu *m_helpMenu = nullptr;
    std::array<QPointer<QWidget>, kViewCount> m_views{};
    std::array<bool, kViewCount> m_placeholder{};
    std::function<bool(const QString &)> m_switchLanguage;
};

} // namespace paydesk
