#pragma once

#include "core/onboarding/applicationchecks.h"
#include "core/onboarding/signupsession.h"

#include <QHash>
#include <QWizardPage>

class QFormLayout;
class QLabel;

namespace paydesk::ui::onboarding {

/// What every signup page shares: the session it edits, the issue label under each field
/// (the wizard's own checks, and the provider's rejection reason after a review), and the
/// draft saved when the merchant moves on.
class SignupPage : public QWizardPage
{
    Q_OBJECT
public:
    SignupPage(paydesk::onboarding::SignupSession &session, int pageId, QWidget *parent);

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

    /// Puts the keyboard focus on the widget of \a field (after a rejection).
    void focusField(const QString &field);

protected:
    /// Application → widgets.
    virtual void load() = 0;
    /// Widgets → application.
    virtual void collect() = 0;
    virtual QList<paydesk::onboarding::FieldIssue> checks() const = 0;

    /// Back-navigation shows a page without initializePage(): refresh its labels then too.
    void showEvent(QShowEvent *event) override;

    /// Adds \a widget under \a label with its issue label (objectName "issue_<field>").
    void addField(QFormLayout *form, const QString &label, QWidget *widget, const QString &field);
    /// Issue label of a field laid out by the page itself.
    QLabel *issueLabel(const QString &field);
    /// Collects, re-checks and refreshes the labels; connect every editor's change to it.
    void refresh();

    paydesk::onboarding::SignupSession &m_session;
    const int m_pageId;

private:
    void showIssues(const QList<paydesk::onboarding::FieldIssue> &issues);

    QHash<QString, QLabel *> m_issueLabels;
    QHash<QString, QWidget *> m_editors;
    bool m_loading = false;
};

} // namespace paydesk::ui::onboarding
