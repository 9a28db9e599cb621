#include "core/providers/wechatpay/wechatpaymapping.h"

#include <initializer_list>

using namespace Qt::StringLiterals;

namespace paydesk::wechatpay {

namespace {

bool oneOf(const QString &code, std::initializer_list<const char *> list)
{
    for (const char *c : list)
        if (code == QLatin1String(c))
            return true;
    return false;
}

// The business codes v2 and v3 share (v3 spells a few with underscores).
FailureReason reasonOf(const QString &code)
{
    if (oneOf(code, {"NOTENOUGH", "NOT_ENOUGH", "BALANCE_NOT_ENOUGH"}))
        return FailureReason::InsufficientBalance;
    if (oneOf(code, {"AUTHCODEEXPIRE", "AUTH_CODE_INVALID", "AUTH_CODE_ERROR", "AUTHCODE_EXPIRE"}))
        return FailureReason::CodeExpiredOrInvalid;
    if (oneOf(code, {"PASSWORD_ERROR", "BUYER_PASSWORD_ERROR"}))
        return FailureReason::WrongPassword;
    if (oneOf(code, {"NOTSUPORTCARD", "NOT_SUPPORT_CARD", "BUYER_MISMATCH", "TRADE_ERROR"}))
        return FailureReason::UnsupportedWallet;
    if (oneOf(code, {"ORDERPAID", "ORDER_PAID"}))
        return FailureReason::TradeAlreadyPaid;
    if (oneOf(code, {"ORDERNOTEXIST", "ORDER_NOT_EXIST", "RESOURCE_NOT_EXISTS"}))
        return FailureReason::TradeNotExist;
    if (oneOf(code, {"ORDERCLOSED", "ORDER_CLOSED", "ORDERREVERSED", "ORDER_REVERSED", "REVOKED"}))
        return FailureReason::TradeClosed;
    if (oneOf(code, {"SIGNERROR", "SIGN_ERROR"}))
        return FailureReason::InvalidSignature;
    if (oneOf(code, {"NOAUTH", "NO_AUTH", "APPID_MCHID_NOT_MATCH", "MCH_NOT_EXISTS", "RULE_LIMIT",
                     "ACCOUNT_ERROR"}))
        return FailureReason::PermissionDenied;
    if (oneOf(code, {"INVALID_TRANSACTIONID", "PARAM_ERROR", "INVALID_REQUEST", "XML_FORMAT_ERROR",
                     "LACK_PARAMS", "OUT_TRADE_NO_USED", "POST_DATA_EMPTY", "REQUIRE_POST_METHOD",
                     "NOT_UTF8", "APPID_NOT_EXIST", "MCHID_NOT_EXIST", "FREQUENCY_LIMITED"}))
        return FailureReason::BadRequest;
    if (oneOf(code, {"TOTAL_FEE_EXCEED", "AMOUNT_EXCEED"}))
        return FailureReason::AmountTooLarge;
    if (code.contains(u"LIMIT"))
        return FailureReason::LimitExceeded;
    return FailureReason::Other;
}

} // namespace

ProviderStatus mapV2(const QString &resultCode, const QString &errCode, const QString &message)
{
    if (resultCode == u"SUCCESS")
        return {ProviderStatus::Kind::Ok, FailureReason::None, resultCode, {}, message};
    // The buyer is typing a password: accepted, not paid yet.
    if (errCode == u"USERPAYING")
        return {ProviderStatus::Kind::Ok, FailureReason::None, errCode, {}, message};
    // "Wait 5 s and query": the outcome is not known.
    if (errCode == u"SYSTEMERROR" || errCode == u"BANKERROR" || errCode.isEmpty())
        return {ProviderStatus::Kind::Unknown, FailureReason::ProviderBusy, resultCode, errCode,
                message};
    return ProviderStatus::failure(reasonOf(errCode), resultCode, errCode, message);
}

ProviderStatus mapV3Error(int httpStatus, const QString &code, const QString &message)
{
    const QString shown = code.isEmpty() ? u"HTTP_%1"_s.arg(httpStatus) : code;
    if (httpStatus >= 500 || oneOf(code, {"SYSTEM_ERROR", "SYSTEMERROR", "BANK_ERROR"}))
        return {ProviderStatus::Kind::Unknown, FailureReason::ProviderBusy, shown, code, message};
    if (httpStatus == 401)
        return ProviderStatus::failure(FailureReason::InvalidSignature, shown, code, message);
    if (httpStatus == 404 && code.isEmpty())
        return ProviderStatus::failure(FailureReason::TradeNotExist, shown, code, message);
    if (httpStatus == 429)
        return {ProviderStatus::Kind::Unknown, FailureReason::ProviderBusy, shown, code, message};
    return ProviderStatus::failure(reasonOf(code), shown, code, message);
}

TradeState tradeState(const QString &state)
{
    if (state == u"SUCCESS" || state == u"REFUND")
        return TradeState::Success;
    if (state == u"NOTPAY")
        return TradeState::WaitBuyerPay;
    if (state == u"USERPAYING")
        return TradeState::UserPaying;
    if (state == u"CLOSED" || state == u"REVOKED")
        return TradeState::Closed;
    return TradeState::PayError;
}

} // namespace paydesk::wechatpay
