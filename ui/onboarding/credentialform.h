#pragma once

#include "core/providers/credentialspec.h"

#include <QMap>
#include <QWidget>

class QCheckBox;
class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace paydesk {

/// The form of an existing account's credentials, built from what the provider's descriptor
/// declares (CredentialSpec): one editor per field, by kind — a line for ids and addresses, a
/// hidden line for shared secrets, a text box with "Import file…" for keys, and for a private
/// key Paydesk may make ("Make a new key pair") the public half to paste into the provider's
/// console. Advanced fields are folded away. Every editor is named "field_<key>", its error
/// label "error_<key>".
class CredentialForm : public QWidget
{
    Q_OBJECT
public:
    explicit CredentialForm(CredentialSpec spec, QWidget *parent = nullptr);

    CredentialValues values() const;
    void setValues(const CredentialValues &values);
    void setValue(const QString &key, const QString &value);
    /// Shows \a problem under its field (or nowhere when it names none) and focuses it.
    void showProblem(const CredentialProblem &problem);
    void clearProblems();
    QString problemText(const QString &key) const;
    /// The public half of the private key now in \a key, as the console wants it (bare Base64).
    QString publicKeyText(const QString &key) const;
    const CredentialSpec &spec() const { return m_spec; }
    /// The form's own height-for-width undercounts rows whose field holds wrapped help text
    /// under a key box (Qt's QFormLayout), and a scroll area sized by it squeezed those rows
    /// until the buttons overlapped the text: its size hint's height is what it needs.
    bool hasHeightForWidth() const override { return false; }
    QSize minimumSizeHint() const override
    {
        return {QWidget::minimumSizeHint().width(), sizeHint().height()};
    }

signals:
    void edited();
    /// A key pair was made: the caller saves the draft at once (the public half is about to be
    /// registered at the provider, so the private half must survive a restart).
    void keyGenerated();

private:
    struct Editor;
    QWidget *buildEditor(const CredentialField &field);
    QWidget *buildKeyEditor(const CredentialField &field, Editor &editor);
    void importFile(const CredentialField &field);
    void generateKey(const CredentialField &field);
    void refreshKey(const QString &key);

    struct Editor
    {
        QWidget *input = nullptr; ///< QLineEdit or QPlainTextEdit
        QLabel *error = nullptr;
        QLabel *keyStatus = nullptr;
        QPushButton *replace = nullptr;
        QWidget *publicBox = nullptr;
        QPlainTextEdit *publicKey = nullptr;
        int row = -1;
    };

    CredentialSpec m_spec;
    QFormLayout *m_form;
    QCheckBox *m_more = nullptr;
    QMap<QString, Editor> m_editors;
};

} // namespace paydesk
