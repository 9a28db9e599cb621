#pragma once

#include "core/providers/providerregistry.h"
#include "ui/onboarding/signup/signuppage.h"

class QLabel;
class QPushButton;
class QTimer;

namespace paydesk::ui::onboarding {

/// Follows the review: under review → rejected (each reason beside its field; Fix reopens the
/// wizard at the first one) → the legal representative's confirmation QR → finished, when the
/// merchant's key pair is made here, registered, stored, and the till goes live.
class StatusPage : public SignupPage
{
    Q_OBJECT
public:
    StatusPage(paydesk::onboarding::SignupSession &session, int pollMs, QWidget *parent = nullptr);

    int nextId() const override;
    bool isComplete() const override { return m_live; }
    void cleanupPage() override;

signals:
    /// The merchant wants to fix \a field (on its page).
    void fixRequested(const QString &field);
    /// The account exists and is stored: the till can take payments with it.
    void live(const paydesk::ProviderAccount &account);

protected:
    void load() override;
    void collect() override {}
    QList<paydesk::onboarding::FieldIssue> checks() const override { return {}; }

private:
    void poll();
    void show();
    void activate();

    QLabel *m_state;
    QLabel *m_detail;
    QLabel *m_qr;
    QLabel *m_link;
    QPushButton *m_fix;
    QPushButton *m_check;
    QTimer *m_timer;
    bool m_busy = false;
    bool m_live = false;
};

} // namespace paydesk::ui::onboarding
