#pragma once

#include "ui/onboarding/onboardingpage.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;

namespace paydesk {

class PasswordStrengthMeter;
class TotpEnrollWidget;

/// The owner account, before anything else: name, a password the policy accepts (the live
/// strength meter says why one is weak), then two-factor enrolment by an otpauth QR with a
/// first code that must verify. Complete once both are done; a resumed wizard whose owner
/// exists starts at the part still missing.
class OwnerStep : public OnboardingPage
{
    Q_OBJECT
public:
    explicit OwnerStep(QWidget *parent = nullptr);

    void initializePage() override;
    bool isComplete() const override;
    int nextId() const override;

    QString draftKey() const override { return QStringLiteral("owner"); }
    QJsonObject draft() const override;
    void restore(const QJsonObject &draft) override;

    QString errorText() const;
    QString otpauthUri() const;

private:
    void updateState();
    void createOwner();
    void showEnrolment();

    QStackedWidget *m_stack;
    QLineEdit *m_name;
    QLineEdit *m_password;
    QLineEdit *m_confirm;
    PasswordStrengthMeter *m_meter;
    QLabel *m_error;
    QPushButton *m_create;
    QLabel *m_ownerDone;
    TotpEnrollWidget *m_totp = nullptr;
    QWidget *m_totpPage;
};

} // namespace paydesk
