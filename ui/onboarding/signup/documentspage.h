#pragma once

#include "ui/onboarding/signup/signuppage.h"

namespace paydesk::ui::onboarding {

class DocumentSlot;

/// Business licence, ID front and back, store front: picked or dropped, checked before
/// upload. A photo of the wrong type, size or resolution is refused; an unclear or dark one
/// is kept with the warning "retake it" (the provider's review will refuse it).
class DocumentsPage : public SignupPage
{
    Q_OBJECT
public:
    DocumentsPage(paydesk::onboarding::SignupSession &session, QWidget *parent = nullptr);

    DocumentSlot *slotFor(const QString &field) const;

protected:
    void load() override;
    void collect() override {}
    QList<paydesk::onboarding::FieldIssue> checks() const override;

private:
    void take(const QString &field, const QString &fileName, const QByteArray &bytes);

    QList<DocumentSlot *> m_slots;
    QHash<QString, paydesk::onboarding::FieldCheck> m_photoChecks;
};

} // namespace paydesk::ui::onboarding
