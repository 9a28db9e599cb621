#include "ui/security/passwordstrengthmeter.h"

#include "core/security/passwordpolicy.h"

#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>

namespace paydesk {

PasswordStrengthMeter::PasswordStrengthMeter(QWidget *parent)
    : QWidget(parent), m_bar(new QProgressBar(this)), m_reasons(new QLabel(this))
{
    m_bar->setObjectName(QStringLiteral("strengthBar"));
    m_bar->setRange(0, 4);
    m_bar->setTextVisible(true);
    m_reasons->setObjectName(QStringLiteral("strengthReasons"));
    m_reasons->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_bar);
    layout->addWidget(m_reasons);
    clear();
}

void PasswordStrengthMeter::clear()
{
    m_bar->setValue(0);
    m_bar->setFormat(QString());
    m_reasons->clear();
}

bool PasswordStrengthMeter::display(const PasswordAssessment &a)
{
    static const char *const names[] = {QT_TR_NOOP("Very weak"), QT_TR_NOOP("Weak"),
                                        QT_TR_NOOP("Fair"), QT_TR_NOOP("Good"),
                                        QT_TR_NOOP("Strong")};
    m_bar->setValue(a.score);
    m_bar->setFormat(tr(names[std::clamp(a.score, 0, 4)]));
    QStringList lines = a.problems;
    if (lines.isEmpty() && !a.hints.isEmpty())
        lines << a.hints.first();
    m_reasons->setText(lines.join(QLatin1Char('\n')));
    return a.acceptable;
}

} // namespace paydesk
