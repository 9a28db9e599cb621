#pragma once

// Shared by the signup tests: a complete, valid application and a synchronous wait for the
// asynchronous clients.

#include "core/onboarding/application.h"
#include "documentphotos.h"

#include <QDate>
#include <QDateTime>
#include <QEventLoop>
#include <QTimer>

#include <optional>

namespace paydesk::test {

/// Runs the event loop until \a slot holds a value (or 15 s pass).
template <typename T> bool waitFor(std::optional<T> &slot, int timeoutMs = 15000)
{
    if (slot)
        return true;
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (slot)
            loop.quit();
    });
    poll.start(5);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return slot.has_value();
}

inline onboarding::MerchantApplication goodApplication(const QString &provider)
{
    using namespace onboarding;
    MerchantApplication a;
    a.provider = provider;
    a.business.type = MerchantType::Enterprise;
    a.business.name = QStringLiteral("成都测试商贸有限公司");
    a.business.shortName = QStringLiteral("测试商店");
    a.business.creditCode = QStringLiteral("91512081MA62K0260E");
    a.business.category = QStringLiteral("retail");
    a.business.taxpayer = QStringLiteral("small_scale");
    a.business.address = QStringLiteral("四川省成都市武侯区测试路 1 号");
    a.business.servicePhone = QStringLiteral("02887654321");
    a.business.walletAccount = QStringLiteral("shop@example.com");
    a.business.contactName = QStringLiteral("张三");
    a.business.contactMobile = QStringLiteral("13800138000");
    a.business.contactEmail = QStringLiteral("shop@example.com");
    a.legal.name = QStringLiteral("张三");
    a.legal.idNumber = QStringLiteral("11010519491231002X");
    a.legal.validFrom = QDate(2020, 1, 1);
    a.legal.validTo = QDate(2040, 1, 1);
    const QByteArray photo = sharpLicenceJpeg();
    for (const QString &doc : MerchantApplication::requiredDocuments(a.business.type))
        a.documents.insert(doc, {doc.section(u'.', 1) + QStringLiteral(".jpg"), photo});
    a.bank.type = AccountType::Corporate;
    a.bank.holder = a.business.name;
    a.bank.bank = QStringLiteral("中国工商银行");
    a.bank.branch = QStringLiteral("成都武侯支行");
    a.bank.number = QStringLiteral("6226095711989751");
    static int serial = 0;
    a.businessCode =
        QStringLiteral("TEST_%1_%2").arg(QDateTime::currentMSecsSinceEpoch()).arg(++serial);
    return a;
}

} // namespace paydesk::test
