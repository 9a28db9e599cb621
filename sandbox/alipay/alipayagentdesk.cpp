#include "sandbox/alipay/alipayagentdesk.h"

#include "core/util/clock.h"
#include "sandbox/sandboxlog.h"
#include "sandbox/signup/multipart.h"
#include "sandbox/signup/reviewrules.h"
#include "sandbox/signup/signupbook.h"
#include "sandbox/tradestore.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace paydesk::sandbox {

using namespace alipay;

namespace {
QByteArray responseKeyFor(QByteArray method)
{
    return method.replace('.', '_') + "_response";
}

QString reasonFor(const ReviewFinding &f)
{
    switch (f.kind) {
    case ReviewFinding::Kind::UnclearImage:
    case ReviewFinding::Kind::LowResolution:
        if (f.field == u"shop_sign_board_pic")
            return u"SHOP_SIGN_BOARD_PIC_RISK 门头照不清晰，请上传招牌清晰、门脸完整的门头照"_s;
        return u"BUSINESS_LICENSE_PIC_RISK 营业执照照片不清晰或不完整，请上传清晰完整的营业执照照片"_s;
    case ReviewFinding::Kind::InvalidLicenceCode:
        return u"营业执照号校验不通过，请核对统一社会信用代码"_s;
    case ReviewFinding::Kind::RestrictedCategory:
        return u"NOT_MATCHED_SSU_OR_PS 产品不支持当前类目"_s;
    case ReviewFinding::Kind::HolderMismatch:
        return u"请您在签约时上传与账户主体一致的证件。"_s;
    case ReviewFinding::Kind::ExpiredId:
        break;
    }
    return u"证件已过期"_s;
}
} // namespace

AlipayAgentDesk::AlipayAgentDesk(const SignupContext &context) : m_ctx(context) {}

QStringList AlipayAgentDesk::restrictedMcc()
{
    return {u"A0010"_s, u"A0011"_s};
}

QJsonObject AlipayAgentDesk::registerPartner(const QByteArray &publicKeyPem)
{
    const App &app = m_ctx.store.addApp(provider(), publicKeyPem);
    (void)m_ctx.store.commit();
    return {{u"app_id"_s, app.appId},
            {u"provider_public_key"_s, QString::fromLatin1(m_ctx.sandboxKey.publicKeyPem())},
            {u"gateway"_s, m_ctx.baseUrl().toString() + u"/alipay/gateway.do"_s}};
}

AlipayAgentDesk::Writer AlipayAgentDesk::ok()
{
    Writer w;
    w.add("code", u"10000"_s).add("msg", u"Success"_s);
    return w;
}

AlipayAgentDesk::Writer AlipayAgentDesk::refused(const QString &subCode, const QString &subMsg)
{
    Writer w;
    w.add("code", u"40004"_s).add("msg", u"Business Failed"_s);
    w.add("sub_code", subCode).add("sub_msg", subMsg);
    return w;
}

QByteArray AlipayAgentDesk::answer(const QByteArray &method, const Writer &inner) const
{
    const QByteArray json = inner.finish();
    const auto sign = signBase64(m_ctx.sandboxKey, json);
    return "{\"" + responseKeyFor(method) + "\":" + json + ",\"sign\":\"" +
           (sign.ok() ? sign.value() : QByteArray()) + "\"}";
}

std::optional<HttpReply> AlipayAgentDesk::handle(const SignupRequest &request)
{
    if (request.path != u"/alipay/gateway.do")
        return std::nullopt;
    Params params;
    parseForm(request.rawQuery, params);
    QList<std::pair<QString, QByteArray>> files;
    if (const auto parts = parseMultipart(request.header("content-type"), request.body)) {
        for (const FormPart &p : *parts) {
            if (p.fileName.isEmpty())
                params.insert(p.name.toUtf8(), p.body);
            else
                files.append({p.name, p.body});
        }
    } else {
        parseForm(request.body, params);
    }
    const QByteArray method = params.value("method");
    if (!method.startsWith("alipay.open.agent."))
        return std::nullopt; // the trade methods belong to the dialect

    const auto reply = [&](const Writer &w) { return HttpReply::json(answer(method, w)); };
    const QString appId = QString::fromUtf8(params.value("app_id"));
    const App *app = m_ctx.store.app(appId);
    if (!app || app->provider != provider())
        return reply(refused(u"isv.invalid-app-id"_s, u"app_id is not registered"_s));
    const auto key = crypto::RsaKey::fromPem(app->publicKeyPem);
    // Files are never signed; every other param is (ONBOARDING-PROTOCOLS §2).
    if (!key.ok() || params.value("sign_type") != "RSA2" ||
        !verifyBase64(key.value(), signContent(params, {"sign"}), params.value("sign")))
        return reply(refused(u"isv.invalid-signature"_s, u"invalid signature"_s));
    if (method == "alipay.open.agent.facetoface.sign")
        return reply(faceToFaceSign(appId, params, files));
    const QJsonObject biz = QJsonDocument::fromJson(params.value("biz_content")).object();
    if (method == "alipay.open.agent.create")
        return reply(create(appId, biz));
    if (method == "alipay.open.agent.confirm")
        return reply(confirm(appId, biz));
    if (method == "alipay.open.agent.order.query")
        return reply(orderQuery(appId, biz));
    if (method == "alipay.open.agent.cancel")
        return reply(cancel(appId, biz));
    return reply(refused(u"isv.invalid-method"_s, u"method does not exist"_s));
}

AlipayAgentDesk::Writer AlipayAgentDesk::create(const QString &appId, const QJsonObject &biz)
{
    const QString account = biz.value(u"account"_s).toString().trimmed();
    if (account.isEmpty())
        return refused(u"MERCHANT_IS_NOT_EXIST"_s, u"商户账号不存在"_s);
    if (account.contains(u"uncertified"_s))
        return refused(u"MERCHANT_NOT_CERTIFIED"_s, u"商户未实名认证"_s);
    if (biz.value(u"contact_info"_s).toObject().value(u"contact_mobile"_s).toString().isEmpty())
        return refused(u"isv.missing-parameter"_s, u"contact_mobile is required"_s);
    Batch b;
    b.appId = appId;
    b.account = account;
    const QString batchNo = m_ctx.clock.nowUtc().toString(u"yyyyMMdd"_s) +
                            QString::number(m_nextBatch++).rightJustified(10, u'0');
    m_batches.insert(batchNo, b);
    Writer w = ok();
    w.add("batch_no", batchNo).add("batch_status", u"init"_s);
    return w;
}

AlipayAgentDesk::Writer
AlipayAgentDesk::faceToFaceSign(const QString &appId, const Params &params,
                                const QList<std::pair<QString, QByteArray>> &files)
{
    const QString batchNo = QString::fromUtf8(params.value("batch_no"));
    auto it = m_batches.find(batchNo);
    if (it == m_batches.end() || it->appId != appId)
        return refused(u"BATCH_IS_EMPTY"_s, u"批次不存在"_s);
    if (it->status != u"init")
        return refused(u"BATCH_STATUS_IS_FINAL"_s, u"批次已结束"_s);
    for (const auto &[name, bytes] : files) {
        if (bytes.size() < 5 * 1024 || bytes.size() > 5 * 1024 * 1024)
            return refused(u"FILE_SIZE_OUT_LIMIT"_s, u"文件大小超出限制（5KB–5MB）"_s);
        it->images.insert(name, bytes);
    }
    const QString mcc = QString::fromUtf8(params.value("mcc_code"));
    if (!mcc.contains(u'_'))
        return refused(u"isv.invalid-parameter"_s, u"mcc_code must be 一级_二级"_s);
    const double rate = QString::fromUtf8(params.value("rate")).toDouble();
    if (params.contains("rate") && (rate < 0.38 || rate > 0.6))
        return refused(u"FEERATE_NOT_INTERAVL"_s, u"费率不在区间内"_s);
    for (const char *k : {"mcc_code", "rate", "shop_name", "shop_address", "business_license_no",
                          "long_term", "date_limitation"})
        it->fields.insert(QString::fromLatin1(k), QString::fromUtf8(params.value(k)));
    return ok();
}

AlipayAgentDesk::Writer AlipayAgentDesk::confirm(const QString &appId, const QJsonObject &biz)
{
    const QString batchNo = biz.value(u"batch_no"_s).toString();
    auto it = m_batches.find(batchNo);
    if (it == m_batches.end() || it->appId != appId)
        return refused(u"BATCH_IS_EMPTY"_s, u"批次不存在"_s);
    if (it->status != u"init")
        return refused(u"BATCH_STATUS_IS_FINAL"_s, u"批次已结束"_s);
    if (it->fields.isEmpty())
        return refused(u"BATCH_IS_EMPTY"_s, u"批次中没有签约产品"_s);
    ReviewInput in;
    in.images = it->images;
    in.creditCode = it->fields.value(u"business_license_no"_s);
    in.category = it->fields.value(u"mcc_code"_s).section(u'_', 0, 0);
    const SignupApplication &a = m_ctx.book.submit(
        provider(), batchNo, ReviewRules::review(in, m_ctx.clock.nowUtc().date(), restrictedMcc()),
        m_ctx.clock.nowUtc().toString(u"yyyyMMdd"_s));
    it->status = u"submit"_s;
    Writer w = ok();
    w.add("order_no", a.ref);
    return w;
}

AlipayAgentDesk::Writer AlipayAgentDesk::orderQuery(const QString &appId, const QJsonObject &biz)
{
    const QString batchNo = biz.value(u"batch_no"_s).toString();
    const auto it = m_batches.constFind(batchNo);
    SignupApplication *a = m_ctx.book.byBusinessCode(provider(), batchNo);
    if (it == m_batches.cend() || it->appId != appId || !a)
        return refused(u"BATCH_IS_EMPTY"_s, u"批次不存在或未提交"_s);
    Writer w = ok();
    w.add("order_no", a->ref);
    switch (m_ctx.book.stageOf(*a)) {
    case SignupApplication::Stage::Reviewing:
        w.add("order_status", u"MERCHANT_AUDITING"_s);
        break;
    case SignupApplication::Stage::Rejected: {
        QStringList reasons;
        for (const ReviewFinding &f : a->findings)
            if (!reasons.contains(reasonFor(f)))
                reasons << reasonFor(f);
        w.add("order_status", u"MERCHANT_APPLY_ORDER_CANCELED"_s)
            .add("reject_reason", reasons.join(u"；"_s));
        break;
    }
    case SignupApplication::Stage::AwaitingConfirmation:
        w.add("order_status", u"MERCHANT_CONFIRM"_s).add("confirm_url", m_ctx.book.confirmUrl(*a));
        break;
    case SignupApplication::Stage::Finished:
        w.add("order_status", u"MERCHANT_CONFIRM_SUCCESS"_s).add("merchant_pid", a->merchantId);
        break;
    }
    return w;
}

AlipayAgentDesk::Writer AlipayAgentDesk::cancel(const QString &appId, const QJsonObject &biz)
{
    const auto it = m_batches.find(biz.value(u"batch_no"_s).toString());
    if (it == m_batches.end() || it->appId != appId)
        return refused(u"BATCH_IS_EMPTY"_s, u"批次不存在"_s);
    if (it->status != u"init")
        return refused(u"BATCH_STATUS_IS_FINAL"_s, u"批次已结束"_s);
    m_batches.erase(it);
    return ok();
}

} // namespace paydesk::sandbox
