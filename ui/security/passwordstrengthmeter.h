#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;

namespace paydesk {

class PasswordPolicy;
struct PasswordAssessment;

/// A live strength bar (0..4) with the policy's reasons under it.
class PasswordStrengthMeter : public QWidget
{
    Q_OBJECT
public:
    explicit PasswordStrengthMeter(QWidget *parent = nullptr);

    /// Shows \a a; returns a.acceptable for convenience.
    bool display(const PasswordAssessment &a);
    void clear();

private:
    QProgressBar *m_bar;
    QLabel *m_reasons;
};

} // namespace paydesk
