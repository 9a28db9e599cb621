#include "ui/onboarding/signup/documentspage.h"

#include "core/onboarding/documentcheck.h"
#include "core/util/log.h"
#include "ui/onboarding/pageids.h"
#include "ui/onboarding/signup/documentslot.h"

#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

namespace paydesk::ui::onboarding {

using namespace paydesk::onboarding;
namespace F = ApplicationFields;

namespace {
FieldCheck checkOf(const DocumentVerdict &v)
{
    if (v.ok())
        return FieldCheck::pass();
    // An unclear photo may still be sent; the others cannot be.
    if (v.problem == DocumentVerdict::Problem::Unclear ||
        v.problem == DocumentVerdict::Problem::TooDark)
        return FieldCheck::warn(v.message);
    return FieldCheck::block(v.message);
}
} // namespace

DocumentsPage::DocumentsPage(SignupSession &session, QWidget *parent)
    : SignupPage(session, paydesk::onboarding::DocumentsPage, parent)
{
    setTitle(tr("Documents"));
    setSubTitle(tr("Photograph each document flat, in daylight, filling the frame. Unclear "
                   "photos are the most common reason for a rejection."));
    auto *grid = new QGridLayout(this);
    const QStringList docs{
        QString::fromLatin1(F::licencePhoto), QString::fromLatin1(F::idFrontPhoto),
        QString::fromLatin1(F::idBackPhoto), QString::fromLatin1(F::storeFrontPhoto)};
    for (int i = 0; i < docs.size(); ++i) {
        auto *slot = new DocumentSlot(docs.at(i), ApplicationTexts::fieldName(docs.at(i)), this);
        connect(slot, &DocumentSlot::fileChosen, this, &DocumentsPage::take);
        connect(slot, &DocumentSlot::unreadable, this,
                [this](const QString &field, const QString &message) {
                    m_photoChecks.insert(field, FieldCheck::block(message));
                    refresh();
                });
        auto *cell = new QWidget(this);
        auto *column = new QVBoxLayout(cell);
        column->setContentsMargins(0, 0, 0, 0);
        column->addWidget(slot);
        column->addWidget(issueLabel(docs.at(i)));
        column->addStretch();
        grid->addWidget(cell, i / 2, i % 2);
        m_slots << slot;
    }
}

DocumentSlot *DocumentsPage::slotFor(const QString &field) const
{
    for (DocumentSlot *s : m_slots)
        if (s->field() == field)
            return s;
    return nullptr;
}

void DocumentsPage::take(const QString &field, const QString &fileName, const QByteArray &bytes)
{
    const DocumentVerdict verdict = DocumentCheck::check(bytes, fileName);
    const FieldCheck check = checkOf(verdict);
    m_photoChecks.insert(field, check);
    if (!check.blocked()) {
        m_session.application().documents.insert(field, {fileName, bytes});
        // A new photo answers the provider's complaint about the old one.
        auto &rejections = m_session.application().rejections;
        rejections.erase(std::remove_if(rejections.begin(), rejections.end(),
                                        [&](const Rejection &r) { return r.field == field; }),
                         rejections.end());
        slotFor(field)->showPhoto(bytes, fileName);
        // Photos take effort to make: keep each one at once.
        logIfFailed(m_session.save(m_pageId), lcApp(), "saving the signup draft");
    }
    refresh();
}

void DocumentsPage::load()
{
    const MerchantApplication &app = m_session.application();
    const QStringList required = MerchantApplication::requiredDocuments(app.business.type);
    m_photoChecks.clear();
    for (DocumentSlot *slot : m_slots) {
        const bool needed = required.contains(slot->field());
        slot->parentWidget()->setVisible(needed);
        const DocumentFile file = app.documents.value(slot->field());
        slot->showPhoto(file.bytes, file.fileName);
        if (!file.bytes.isEmpty())
            m_photoChecks.insert(slot->field(),
                                 checkOf(DocumentCheck::check(file.bytes, file.fileName)));
    }
}

QList<FieldIssue> DocumentsPage::checks() const
{
    QList<FieldIssue> out;
    const QList<FieldIssue> missing = ApplicationChecks::documents(m_session.application());
    for (const DocumentSlot *slot : m_slots) {
        const FieldCheck photo = m_photoChecks.value(slot->field());
        if (!photo.ok())
            out.append({slot->field(), photo});
        else if (const FieldCheck m = ApplicationChecks::of(missing, slot->field()); !m.ok())
            out.append({slot->field(), m});
    }
    return out;
}

} // namespace paydesk::ui::onboarding
