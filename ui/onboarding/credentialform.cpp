#include "ui/onboarding/credentialform.h"

#include "core/crypto/rsa.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace paydesk {

namespace {

QString bareBase64(const QByteArray &pem)
{
    QStringList lines = QString::fromLatin1(pem).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    lines.removeIf([](const QString &l) { return l.startsWith(QStringLiteral("-----")); });
    return lines.join(QString());
}

QLabel *muted(const QString &text, QWidget *parent)
{
    auto *l = new QLabel(text, parent);
    l->setWordWrap(true);
    l->setStyleSheet(QStringLiteral("color: #5f6b7a;"));
    return l;
}

} // namespace

CredentialForm::CredentialForm(CredentialSpec spec, QWidget *parent)
    : QWidget(parent), m_spec(std::move(spec)), m_form(new QFormLayout(this))
{
    setObjectName(QStringLiteral("credentialForm"));
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    bool anyAdvanced = false;
    for (const CredentialField &f : m_spec.fields) {
        if (f.advanced && !anyAdvanced) {
            anyAdvanced = true;
            m_more = new QCheckBox(tr("Show more settings"), this);
            m_more->setObjectName(QStringLiteral("moreSettings"));
            m_form->addRow(QString(), m_more);
        }
        QWidget *editor = buildEditor(f);
        m_form->addRow(f.label() + (f.required ? QString() : tr(" (optional)")), editor);
        m_editors[f.key].row = m_form->rowCount() - 1;
        if (f.advanced)
            m_form->setRowVisible(m_editors[f.key].row, false);
    }
    if (m_more)
        connect(m_more, &QCheckBox::toggled, this, [this](bool on) {
            for (const CredentialField &f : m_spec.fields)
                if (f.advanced)
                    m_form->setRowVisible(m_editors[f.key].row, on);
        });
}

QWidget *CredentialForm::buildEditor(const CredentialField &f)
{
    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 6);
    layout->setSpacing(3);
    Editor &e = m_editors[f.key];
    if (f.kind == CredentialKind::PrivateKey || f.kind == CredentialKind::PublicKey) {
        layout->addWidget(buildKeyEditor(f, e));
    } else {
        auto *line = new QLineEdit(box);
        line->setObjectName(QStringLiteral("field_") + f.key);
        line->setText(f.defaultValue);
        if (f.kind == CredentialKind::Secret)
            line->setEchoMode(QLineEdit::Password);
        if (!f.hint().isEmpty())
            line->setPlaceholderText(f.hint());
        connect(line, &QLineEdit::textEdited, this, &CredentialForm::edited);
        e.input = line;
        layout->addWidget(line);
    }
    if (!f.help().isEmpty())
        layout->addWidget(muted(f.help(), box));
    e.error = new QLabel(box);
    e.error->setObjectName(QStringLiteral("error_") + f.key);
    e.error->setWordWrap(true);
    e.error->setStyleSheet(QStringLiteral("color: #b00020;"));
    e.error->hide();
    layout->addWidget(e.error);
    return box;
}

QWidget *CredentialForm::buildKeyEditor(const CredentialField &f, Editor &e)
{
    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *text = new QPlainTextEdit(box);
    text->setObjectName(QStringLiteral("field_") + f.key);
    text->setPlaceholderText(tr("Paste the key here (PEM or Base64), or import its file."));
    text->setFixedHeight(64);
    text->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    e.input = text;
    e.keyStatus = new QLabel(box);
    e.keyStatus->setObjectName(QStringLiteral("keyStatus_") + f.key);
    // Always in the layout (empty until a key is read): the form's height-for-width rows do not
    // grow when a line appears later, and the buttons were drawn over the key's text box.
    e.keyStatus->setWordWrap(true);

    auto *buttons = new QHBoxLayout;
    if (f.generatable) {
        auto *generate = new QPushButton(tr("Make a new key pair"), box);
        generate->setObjectName(QStringLiteral("generate_") + f.key);
        connect(generate, &QPushButton::clicked, this, [this, f] { generateKey(f); });
        buttons->addWidget(generate);
    }
    auto *import = new QPushButton(tr("Import file…"), box);
    import->setObjectName(QStringLiteral("import_") + f.key);
    connect(import, &QPushButton::clicked, this, [this, f] { importFile(f); });
    buttons->addWidget(import);
    e.replace = new QPushButton(tr("Replace"), box);
    e.replace->setObjectName(QStringLiteral("replace_") + f.key);
    e.replace->hide();
    connect(e.replace, &QPushButton::clicked, this, [this, key = f.key] { setValue(key, {}); });
    buttons->addWidget(e.replace);
    buttons->addStretch(1);

    layout->addWidget(text);
    layout->addWidget(e.keyStatus);
    layout->addLayout(buttons);
    if (f.kind == CredentialKind::PrivateKey && f.generatable) {
        // Only a key whose public half the merchant registers (not one behind a certificate).
        e.publicBox = new QWidget(box);
        auto *pub = new QVBoxLayout(e.publicBox);
        pub->setContentsMargins(0, 4, 0, 0);
        pub->addWidget(
            new QLabel(tr("Its public key, to paste into the provider's console:"), e.publicBox));
        e.publicKey = new QPlainTextEdit(e.publicBox);
        e.publicKey->setObjectName(QStringLiteral("publicKey_") + f.key);
        e.publicKey->setReadOnly(true);
        e.publicKey->setFixedHeight(64);
        auto *copy = new QPushButton(tr("Copy public key"), e.publicBox);
        copy->setObjectName(QStringLiteral("copyPublicKey_") + f.key);
        connect(copy, &QPushButton::clicked, this,
                [e] { QApplication::clipboard()->setText(e.publicKey->toPlainText()); });
        pub->addWidget(e.publicKey);
        pub->addWidget(copy, 0, Qt::AlignLeft);
        e.publicBox->hide();
        layout->addWidget(e.publicBox);
    }
    connect(text, &QPlainTextEdit::textChanged, this, [this, key = f.key] {
        refreshKey(key);
        emit edited();
    });
    return box;
}

void CredentialForm::refreshKey(const QString &key)
{
    Editor &e = m_editors[key];
    const CredentialField *f = m_spec.field(key);
    auto *text = qobject_cast<QPlainTextEdit *>(e.input);
    if (!text || !f)
        return;
    const QByteArray typed = text->toPlainText().trimmed().toLatin1();
    const bool wantPrivate = f->kind == CredentialKind::PrivateKey;
    if (!wantPrivate && crypto::looksLikeCertificate(typed)) {
        // A provider's certificate where its public key is asked for: its key is what counts.
        auto cert = crypto::readCertificate(typed);
        e.keyStatus->setText(cert.ok() ? tr("✓ Certificate %1 with an RSA-%2 public key.")
                                             .arg(cert.value().serialHex)
                                             .arg(cert.value().publicKey.bits())
                                       : QString());
        return;
    }
    auto parsed = crypto::RsaKey::fromPem(typed);
    const bool good = parsed.ok() && parsed.value().hasPrivate() == wantPrivate;
    // A private key, once read, is not left on screen; its public half is what people need.
    const bool hide = good && wantPrivate;
    text->setVisible(!hide);
    e.replace->setVisible(hide);
    e.keyStatus->clear();
    if (good)
        e.keyStatus->setText(wantPrivate ? tr("✓ RSA-%1 private key set; it is stored encrypted "
                                              "on this PC only.")
                                               .arg(parsed.value().bits())
                                         : tr("✓ RSA-%1 public key.").arg(parsed.value().bits()));
    if (e.publicBox) {
        e.publicBox->setVisible(good);
        e.publicKey->setPlainText(good ? bareBase64(parsed.value().publicKeyPem()) : QString());
    }
}

void CredentialForm::importFile(const CredentialField &f)
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Import %1").arg(f.label()), QString(),
                                     tr("Key files (*.pem *.key *.txt *.crt);;All files (*)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > 64 * 1024) {
        showProblem({f.key, tr("Cannot read %1.").arg(path)});
        return;
    }
    setValue(f.key, QString::fromLatin1(file.readAll()));
}

void CredentialForm::generateKey(const CredentialField &f)
{
    auto key = crypto::RsaKey::generate(2048);
    if (!key.ok()) {
        showProblem({f.key, key.error().message});
        return;
    }
    setValue(f.key, QString::fromLatin1(key.value().privateKeyPem()));
    emit keyGenerated();
}

CredentialValues CredentialForm::values() const
{
    CredentialValues out;
    for (auto it = m_editors.cbegin(); it != m_editors.cend(); ++it) {
        if (auto *line = qobject_cast<QLineEdit *>(it->input))
            out.insert(it.key(), line->text());
        else if (auto *text = qobject_cast<QPlainTextEdit *>(it->input))
            out.insert(it.key(), text->toPlainText());
    }
    return out;
}

void CredentialForm::setValue(const QString &key, const QString &value)
{
    const auto it = m_editors.find(key);
    if (it == m_editors.end())
        return;
    if (auto *line = qobject_cast<QLineEdit *>(it->input))
        line->setText(value);
    else if (auto *text = qobject_cast<QPlainTextEdit *>(it->input))
        text->setPlainText(value);
    it->error->hide();
    emit edited();
}

void CredentialForm::setValues(const CredentialValues &values)
{
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        setValue(it.key(), it.value());
}

void CredentialForm::showProblem(const CredentialProblem &problem)
{
    clearProblems();
    const auto it = m_editors.find(problem.field);
    if (it == m_editors.end())
        return;
    if (m_more && m_spec.field(problem.field)->advanced)
        m_more->setChecked(true);
    it->error->setText(problem.message);
    it->error->show();
    if (it->input->isVisible())
        it->input->setFocus();
}

void CredentialForm::clearProblems()
{
    for (Editor &e : m_editors) {
        e.error->clear();
        e.error->hide();
    }
}

QString CredentialForm::problemText(const QString &key) const
{
    const auto it = m_editors.find(key);
    return it == m_editors.end() ? QString() : it->error->text();
}

QString CredentialForm::publicKeyText(const QString &key) const
{
    const auto it = m_editors.find(key);
    return it == m_editors.end() || !it->publicKey ? QString() : it->publicKey->toPlainText();
}

} // namespace paydesk
