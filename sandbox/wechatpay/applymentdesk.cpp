#include "sandbox/wechatpay/applymentdesk.h"

#include "core/crypto/rsaoaep.h"
#include "core/util/clock.h"
#include "sandbox/sandboxlog.h"
#include "sandbox/signup/multipart.h"
#include "sandbox/signup/reviewrules.h"
#include "sandbox/signup/signupbook.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace paydesk::sandbox {

namespace {
const QString kBase = u"/wechatpay"_s;

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// audit_detail entry for one finding, in WeChat Pay's words (ONBOARDING-PROTOCOLS §1.2, §4).
QJsonObject auditEntry(const ReviewFinding &f, bool corporate)
{
    QString field, name, reason;
    switch (f.kind) {
    case ReviewFinding::Kind::UnclearImage:
    case ReviewFinding::Kind::LowResolution:
        field = f.field;
        if (f.field == u"license_copy") {
            name = u"营业执照照片"_s;
            reason = u"营业执照照片不清晰或不完整，请上传更清晰的营业执照图片"_s;
        } else if (f.field == u"id_card_copy") {
            name = u"身份证人像面照片"_s;
            reason = u"身份证正面识别失败，请上传更清晰的身份证图片"_s;
        } else if (f.field == u"id_card_national") {
            name = u"身份证国徽面照片"_s;
            reason = u"身份证背面识别失败，请上传更清晰的身份证图片"_s;
        } else {
            name = u"门店门头照片"_s;
            reason =
                u"贵司提供的经营场所照片无法核实贵司的具体业务内容，请重新提供其他展示贵司业务的证明材料。"_s;
        }
        break;
    case ReviewFinding::Kind::InvalidLicenceCode:
        field = u"license_number"_s;
        name = u"注册号/统一社会信用代码"_s;
        reason =
            u"填写的营业执照注册号与商户名称不匹配，请检查营业执照注册号、商户名称是否均填写正确"_s;
        break;
    case ReviewFinding::Kind::RestrictedCategory:
        field = u"qualification_type"_s;
        name = u"所属行业"_s;
        reason = u"暂未开放类目：该经营类目暂不支持接入，请选择其他类目"_s;
        break;
    case ReviewFinding::Kind::HolderMismatch:
        field = u"account_name"_s;
        name = u"开户名称"_s;
        reason =
            corporate
                ? u"结算银行账户开户名称有误：选择“对公银行账户”时，开户名称必须与营业执照或登记证书上的“商户名称”一致"_s
                : u"结算银行账户开户名称有误：选择“经营者个人银行卡”时，开户名称必须与经营者证件姓名一致"_s;
        break;
    case ReviewFinding::Kind::ExpiredId:
        field = u"card_period_end"_s;
        name = u"身份证有效期"_s;
        reason = u"身份证已过期或即将过期"_s;
        break;
    }
    return {{u"field"_s, field}, {u"field_name"_s, name}, {u"reject_reason"_s, reason}};
}

bool knownImage(const QByteArray &b)
{
    return b.startsWith("\xFF\xD8\xFF") || b.startsWith("\x89PNG") || b.startsWith("BM");
}
} // namespace

ApplymentDesk::ApplymentDesk(const SignupContext &context)
    : m_ctx(context), m_prng(0xA991E47ULL),
      m_platformSerial(
          QString::fromLatin1(crypto::sha1(context.sandboxKey.publicKeyPem()).toHex().toUpper()))
{
}

QJsonObject ApplymentDesk::registerPartner(const QByteArray &publicKeyPem)
{
    auto key = crypto::RsaKey::fromPem(publicKeyPem);
    if (!key.ok())
        return {{u"code"_s, u"PARAM_ERROR"_s}, {u"message"_s, key.error().message}};
    Partner p{u"19"_s + m_prng.digits(8), m_prng.alnum(40).toUpper(), key.value()};
    m_partners.insert(p.mchid, p);
    qCInfo(lcSandbox) << "registered wechatpay service provider" << p.mchid;
    return {{u"sp_mchid"_s, p.mchid},
            {u"merchant_serial"_s, p.serial},
            {u"platform_serial"_s, m_platformSerial},
            {u"platform_public_key"_s, QString::fromLatin1(m_ctx.sandboxKey.publicKeyPem())},
            {u"base_url"_s, m_ctx.baseUrl().toString() + kBase}};
}

HttpReply ApplymentDesk::error(int status, const QString &code, const QString &message)
{
    return HttpReply::json(compact({{u"code"_s, code}, {u"message"_s, message}}), status);
}

HttpReply ApplymentDesk::signedJson(const QJsonObject &body, int status)
{
    HttpReply reply = HttpReply::json(compact(body), status);
    const QByteArray ts = QByteArray::number(m_ctx.clock.nowUtc().toSecsSinceEpoch());
    const QByteArray nonce = m_prng.alnum(32).toUtf8();
    auto sign =
        crypto::rsaSha256Sign(m_ctx.sandboxKey, ts + '\n' + nonce + '\n' + reply.body + '\n');
    reply.headers = {{"Wechatpay-Serial", m_platformSerial.toUtf8()},
                     {"Wechatpay-Timestamp", ts},
                     {"Wechatpay-Nonce", nonce},
                     {"Wechatpay-Signature", sign.ok() ? sign.value().toBase64() : QByteArray()},
                     {"Request-ID", m_prng.alnum(24).toUtf8()}};
    return reply;
}

const ApplymentDesk::Partner *ApplymentDesk::authenticate(const SignupRequest &request,
                                                          const QByteArray &signedBody,
                                                          QString *why) const
{
    const QString header = QString::fromUtf8(request.header("authorization"));
    if (!header.startsWith(u"WECHATPAY2-SHA256-RSA2048 "_s)) {
        *why = u"Authorization is not WECHATPAY2-SHA256-RSA2048"_s;
        return nullptr;
    }
    QHash<QString, QString> fields;
    static const QRegularExpression pair(u"(\\w+)=\"([^\"]*)\""_s);
    for (auto it = pair.globalMatch(header.mid(26)); it.hasNext();) {
        const auto m = it.next();
        fields.insert(m.captured(1), m.captured(2));
    }
    const auto partner = m_partners.constFind(fields.value(u"mchid"_s));
    if (partner == m_partners.cend()) {
        *why = u"unknown mchid"_s;
        return nullptr;
    }
    if (fields.value(u"serial_no"_s) != partner->serial) {
        *why = u"serial_no does not name the merchant's certificate"_s;
        return nullptr;
    }
    const qint64 ts = fields.value(u"timestamp"_s).toLongLong();
    if (std::abs(m_ctx.clock.nowUtc().toSecsSinceEpoch() - ts) > 300) {
        *why = u"timestamp is more than 300 s away"_s;
        return nullptr;
    }
    const QByteArray message = request.method + '\n' + request.target + '\n' +
                               fields.value(u"timestamp"_s).toUtf8() + '\n' +
                               fields.value(u"nonce_str"_s).toUtf8() + '\n' + signedBody + '\n';
    if (!crypto::rsaSha256Verify(partner->key, message,
                                 QByteArray::fromBase64(fields.value(u"signature"_s).toLatin1()))) {
        *why = u"signature does not verify"_s;
        return nullptr;
    }
    return &partner.value();
}

std::optional<HttpReply> ApplymentDesk::handle(const SignupRequest &request)
{
    const QString path = request.path;
    const bool upload = path == kBase + u"/v3/merchant/media/upload"_s;
    const QString applyments = kBase + u"/v3/applyment4sub/applyment/"_s;
    if (!upload && !path.startsWith(applyments))
        return std::nullopt; // the payment dialect's
    QByteArray signedBody = request.body;
    std::optional<QList<FormPart>> parts;
    if (upload) {
        parts = parseMultipart(request.header("content-type"), request.body);
        if (!parts)
            return error(400, u"PARAM_ERROR"_s, u"图片文件为空"_s);
        for (const FormPart &p : *parts)
            if (p.name == u"meta")
                signedBody = p.body;
    }
    QString why;
    const Partner *partner = authenticate(request, signedBody, &why);
    if (!partner) {
        qCInfo(lcSandbox) << "applyment request refused:" << why;
        return error(401, u"SIGN_ERROR"_s, u"签名错误: "_s + why);
    }
    if (upload && request.method == "POST")
        return this->upload(request, *partner);
    if (path == applyments && request.method == "POST")
        return submit(request, *partner);
    if (request.method == "GET") {
        const QString rest = path.mid(applyments.size());
        if (rest.startsWith(u"business_code/"))
            return query(m_ctx.book.byBusinessCode(
                provider(), QUrl::fromPercentEncoding(rest.mid(14).toUtf8())));
        if (rest.startsWith(u"applyment_id/"))
            return query(m_ctx.book.find(provider(), rest.mid(13)));
    }
    return error(404, u"NOT_FOUND"_s, u"no such applyment route"_s);
}

HttpReply ApplymentDesk::upload(const SignupRequest &request, const Partner &)
{
    const auto parts = parseMultipart(request.header("content-type"), request.body);
    QJsonObject meta;
    QByteArray file;
    QString fileName;
    for (const FormPart &p : *parts) {
        if (p.name == u"meta")
            meta = QJsonDocument::fromJson(p.body).object();
        else if (p.name == u"file") {
            file = p.body;
            fileName = p.fileName;
        }
    }
    if (file.isEmpty())
        return error(400, u"PARAM_ERROR"_s, u"图片文件为空"_s);
    if (!knownImage(file))
        return error(403, u"REQUEST_BLOCKED"_s, u"未知图片类型"_s);
    if (file.size() > maxMediaBytes)
        return error(400, u"PARAM_ERROR"_s, u"图片大小超过 2M"_s);
    if (meta.value(u"sha256"_s).toString() != QString::fromLatin1(crypto::sha256(file).toHex()) ||
        meta.value(u"filename"_s).toString() != fileName)
        return error(403, u"REQUEST_BLOCKED"_s, u"图片meta信息不一致"_s);
    const QString id = u"V1_"_s + m_prng.alnum(60);
    m_media.insert(id, file);
    return signedJson({{u"media_id"_s, id}});
}

QString ApplymentDesk::decrypt(const QString &base64) const
{
    auto plain =
        crypto::rsaOaepSha1Decrypt(m_ctx.sandboxKey, QByteArray::fromBase64(base64.toLatin1()));
    return plain.ok() ? QString::fromUtf8(plain.value()) : QString();
}

HttpReply ApplymentDesk::submit(const SignupRequest &request, const Partner &partner)
{
    if (request.header("wechatpay-serial") != m_platformSerial.toUtf8())
        return error(400, u"PARAM_ERROR"_s, u"Wechatpay-Serial 与加密证书不一致"_s);
    const QJsonObject in = QJsonDocument::fromJson(request.body).object();
    const QString code = in.value(u"business_code"_s).toString();
    static const QRegularExpression codeShape(u"^[0-9A-Za-z_]{1,124}$"_s);
    if (!codeShape.match(code).hasMatch())
        return error(400, u"PARAM_ERROR"_s, u"business_code 格式有误"_s);
    if (SignupApplication *a = m_ctx.book.byBusinessCode(provider(), code))
        if (m_ctx.book.stageOf(*a) != SignupApplication::Stage::Rejected)
            return error(400, u"PROCESSING"_s, u"存在流程进行中的申请单，请检查是否重入"_s);

    const QJsonObject subject = in.value(u"subject_info"_s).toObject();
    const QJsonObject licence = subject.value(u"business_license_info"_s).toObject();
    const QJsonObject idCard =
        subject.value(u"identity_info"_s).toObject().value(u"id_card_info"_s).toObject();
    const QJsonObject bank = in.value(u"bank_account_info"_s).toObject();
    ReviewInput review;
    const auto image = [&](const QString &wire, const QString &mediaId) {
        if (!mediaId.isEmpty())
            review.images.insert(wire, m_media.value(mediaId));
        return mediaId.isEmpty() || m_media.contains(mediaId);
    };
    const QString storePic = in.value(u"business_info"_s)
                                 .toObject()
                                 .value(u"sales_info"_s)
                                 .toObject()
                                 .value(u"biz_store_info"_s)
                                 .toObject()
                                 .value(u"store_entrance_pic"_s)
                                 .toArray()
                                 .at(0)
                                 .toString();
    if (!image(u"license_copy"_s, licence.value(u"license_copy"_s).toString()) ||
        !image(u"id_card_copy"_s, idCard.value(u"id_card_copy"_s).toString()) ||
        !image(u"id_card_national"_s, idCard.value(u"id_card_national"_s).toString()) ||
        !image(u"store_entrance_pic"_s, storePic))
        return error(400, u"PARAM_ERROR"_s, u"证书图片图片内容无效"_s);
    const QString legalName = decrypt(idCard.value(u"id_card_name"_s).toString());
    const QString holder = decrypt(bank.value(u"account_name"_s).toString());
    if (legalName.isEmpty() || holder.isEmpty() ||
        decrypt(bank.value(u"account_number"_s).toString()).isEmpty())
        return error(400, u"PARAM_ERROR"_s, u"敏感字段解密失败，请使用平台证书加密"_s);
    review.creditCode = licence.value(u"license_number"_s).toString();
    review.businessName = licence.value(u"merchant_name"_s).toString();
    review.legalName = legalName;
    review.holder = holder;
    review.corporateAccount =
        bank.value(u"bank_account_type"_s).toString() == u"BANK_ACCOUNT_TYPE_CORPORATE";
    review.checkHolder = true;
    if (!review.corporateAccount && review.businessName.isEmpty())
        review.businessName = legalName;
    review.category =
        in.value(u"settlement_info"_s).toObject().value(u"qualification_type"_s).toString();
    const QString end = idCard.value(u"card_period_end"_s).toString();
    review.idLongTerm = end == u"长期";
    review.idValidTo = QDate::fromString(end, u"yyyy-MM-dd"_s);
    const QDate today = m_ctx.clock.nowUtc().date();
    const QList<ReviewFinding> findings =
        ReviewRules::review(review, today, {u"彩票"_s, u"金融"_s});
    const SignupApplication &a = m_ctx.book.submit(provider(), code, findings, u"20"_s);
    m_submitted.insert(code, in);
    qCInfo(lcSandbox) << "applyment" << a.ref << "from" << partner.mchid;
    return signedJson({{u"applyment_id"_s, a.ref.toLongLong()}});
}

HttpReply ApplymentDesk::query(const SignupApplication *a)
{
    if (!a)
        return error(404, u"RESOURCE_NOT_EXISTS"_s, u"申请单不存在"_s);
    const bool corporate = m_submitted.value(a->businessCode)
                               .value(u"bank_account_info"_s)
                               .toObject()
                               .value(u"bank_account_type"_s)
                               .toString() == u"BANK_ACCOUNT_TYPE_CORPORATE";
    QJsonObject out{{u"business_code"_s, a->businessCode},
                    {u"applyment_id"_s, a->ref.toLongLong()},
                    {u"sign_url"_s, m_ctx.book.confirmUrl(*a)}};
    switch (m_ctx.book.stageOf(*a)) {
    case SignupApplication::Stage::Reviewing:
        out.insert(u"applyment_state"_s, u"APPLYMENT_STATE_AUDITING"_s);
        out.insert(u"applyment_state_msg"_s, u"审核中"_s);
        break;
    case SignupApplication::Stage::Rejected: {
        QJsonArray audit;
        for (const ReviewFinding &f : a->findings)
            audit.append(auditEntry(f, corporate));
        out.insert(u"applyment_state"_s, u"APPLYMENT_STATE_REJECTED"_s);
        out.insert(u"applyment_state_msg"_s, u"已驳回"_s);
        out.insert(u"audit_detail"_s, audit);
        break;
    }
    case SignupApplication::Stage::AwaitingConfirmation:
        out.insert(u"applyment_state"_s, u"APPLYMENT_STATE_TO_BE_CONFIRMED"_s);
        out.insert(u"applyment_state_msg"_s, u"待账户验证"_s);
        break;
    case SignupApplication::Stage::Finished:
        out.insert(u"applyment_state"_s, u"APPLYMENT_STATE_FINISHED"_s);
        out.insert(u"applyment_state_msg"_s, u"完成"_s);
        out.insert(u"sub_mchid"_s, a->merchantId);
        break;
    }
    return signedJson(out);
}

} // namespace paydesk::sandbox
