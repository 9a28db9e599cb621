#include "ui/onboarding/signup/signuppage.h"

#include "core/util/log.h"

#include <QFormLayout>
#include <QLabel>
#include <QMessageBox>
#include <QTimer>
#include <QVBoxLayout>

namespace paydesk::ui::onboarding {

using namespace paydesk::onboarding;

SignupPage::SignupPage(SignupSession &session, int pageId, QWidget *parent)
    : QWizardPage(parent), m_session(session), m_pageId(pageId)
{
}

void SignupPage::addField(QFormLayout *form, const QString &label, QWidget *widget,
                          const QString &field)
{
    auto *box = new QWidget(this);
    auto *column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    column->addWidget(widget);
    column->addWidget(issueLabel(field));
    form->addRow(label, box);
    m_editors.insert(field, widget);
}

QLabel *SignupPage::issueLabel(const QString &field)
{
    if (QLabel *l = m_issueLabels.value(field))
        return l;
    auto *l = new QLabel(this);
    l->setObjectName(QStringLiteral("issue_") + field);
    l->setWordWrap(true);
    l->setVisible(false);
    m_issueLabels.insert(field, l);
    return l;
}

void SignupPage::initializePage()
{
    m_loading = true;
    load();
    m_loading = false;
    refresh();
    // Saved on arrival too: a restart reopens here.
    logIfFailed(m_session.save(m_pageId), lcApp(), "saving the signup draft");
}

void SignupPage::showEvent(QShowEvent *event)
{
    QWizardPage::showEvent(event);
    // Deferred: changing the labels' visibility while the page is being shown re-enters it.
    QTimer::singleShot(0, this, [this] { refresh(); });
}

void SignupPage::refresh()
{
    if (m_loading)
        return;
    collect();
    showIssues(checks());
    emit completeChanged();
}

void SignupPage::showIssues(const QList<FieldIssue> &issues)
{
    const MerchantApplication &app = m_session.application();
    for (auto it = m_issueLabels.begin(); it != m_issueLabels.end(); ++it) {
        const FieldCheck check = ApplicationChecks::of(issues, it.key());
        QString text = check.message;
        QString colour = check.blocked() ? QStringLiteral("#b3261e") : QStringLiteral("#8a5a00");
        const QString rejected =
            app.state == ApplicationState::Rejected ? app.rejectionFor(it.key()) : QString();
        if (!rejected.isEmpty()) {
            text = tr("The provider's review says: %1").arg(rejected) +
                   (text.isEmpty() ? QString() : QStringLiteral("\n") + text);
            colour = QStringLiteral("#b3261e");
        }
        it.value()->setText(text);
        it.value()->setStyleSheet(QStringLiteral("color: %1;").arg(colour));
        it.value()->setVisible(!text.isEmpty());
    }
}

bool SignupPage::isComplete() const
{
    return !ApplicationChecks::anyBlocked(checks());
}

bool SignupPage::validatePage()
{
    collect();
    const Status saved = m_session.save(m_pageId);
    if (!saved.ok()) {
        // Nothing is lost: the fields stay as typed.
        QMessageBox::warning(this, tr("Not saved"), saved.error().message);
        return false;
    }
    return true;
}

void SignupPage::focusField(const QString &field)
{
    if (QWidget *w = m_editors.value(field))
        w->setFocus(Qt::OtherFocusReason);
}

} // namespace paydesk::ui::onboarding
