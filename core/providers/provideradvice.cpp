#include "core/providers/provideradvice.h"

#include <QCoreApplication>

namespace paydesk {

namespace {
QString t(const char *text)
{
    return QCoreApplication::translate("ProviderAdvice", text);
}
} // namespace

// The strings are spelled out at each call (QT_TRANSLATE_NOOP) so lupdate finds them.
Advice adviceFor(FailureReason reason)
{
    switch (reason) {
    case FailureReason::None:
        return {t(QT_TRANSLATE_NOOP("ProviderAdvice", "The payment went through. Nothing to do.")),
                t(QT_TRANSLATE_NOOP("ProviderAdvice", "Thank you, your payment was received.")),
                false};
    case FailureReason::InsufficientBalance:
        return {
            t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                "The customer's balance is too low. Nothing was charged. Ask for "
                                "another card or wallet, then take the payment again.")),
            t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                "Your balance is not enough. Please choose another card or "
                                "payment method in your wallet, or top up, and try again.")),
            true};
    case FailureReason::WrongPassword:
        return {t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                    "The customer entered a wrong payment password. Nothing was "
                                    "charged. Let them try again.")),
                t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                    "The payment password was not accepted. Please try again.")),
                true};
    case FailureReason::CodeExpiredOrInvalid:
        return {
            t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                "The payment code was expired, already used or not readable. "
                                "Nothing was charged. Ask the customer to refresh the code and "
                                "scan it again.")),
            t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                "Your payment code has expired. Please refresh the code in your "
                                "wallet and show it again.")),
            true};
    case FailureReason::UnsupportedWallet:
        return {t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                    "This wallet or account cannot pay this store. Nothing was "
                                    "charged. Ask for another payment method.")),
                t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                    "This wallet cannot be used here. Please use another payment "
                                    "method.")),
                true};
    case FailureReason::LimitExceeded:
        return {
            t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                "A payment limit was reached (the customer's daily limit or the "
                                "store's). Nothing was charged. Ask for another payment method "
                                "or a smaller amount.")),
            t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                "This payment is over a limit of your account. Please use another "
                                "card or payment method.")),
            true};
    case FailureReason::AmountTooLarge:
        return {
            t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                "The amount is over the payment limit: more than the provider or "
                                "this store's account takes in one payment. Nothing was charged. "
                                "Take it in smaller payments or another way; the limits are in "
                                "the merchant account and in Settings.")),
            t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                "This amount is over the limit for one payment. Nothing was "
                                "charged. Please pay in smaller parts or another way.")),
            true};
    case FailureReason::NetworkTrouble:
        return {
            t(QT_TRANSLATE_NOOP(
                "ProviderAdvice",
                "No answer from the payment provider. The payment may or may not "
                "have gone through. Paydesk keeps checking — do NOT charge again.")),
            t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                "We are confirming your payment. Please wait a moment and do not "
                                "pay again.")),
            false};
    case FailureReason::ProviderBusy:
        return {
            t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                "The payment provider is busy and did not give a final answer. "
                                "Paydesk keeps checking — do NOT charge again.")),
            t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                "We are confirming your payment. Please wait a moment and do not "
                                "pay again.")),
            false};
    case FailureReason::TradeNotExist:
        return {t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                    "The provider has no record of this payment: it was not paid. "
                                    "You can start a new payment.")),
                t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                    "This payment was not completed. Nothing was charged.")),
                true};
    case FailureReason::TradeAlreadyPaid:
        return {t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                    "This order is already paid. Do NOT charge again; check the "
                                    "order list.")),
                t(QT_TRANSLATE_NOOP("ProviderAdvice", "This order has already been paid.")), false};
    case FailureReason::TradeClosed:
        return {
            t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                "This payment was closed and can no longer be paid. Start a new "
                                "payment if the customer still wants to pay.")),
            t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                "This payment request has expired. The cashier will start a new "
                                "one.")),
            true};
    case FailureReason::InvalidSignature:
        return {
            t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                "A message between Paydesk and the provider failed its security "
                                "check. Do NOT charge again. Ask the manager to check the "
                                "provider keys in Settings.")),
            t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                "There is a technical problem. Please wait a moment.")),
            false};
    case FailureReason::BadRequest:
        return {t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                    "The provider rejected the request as invalid. Nothing was "
                                    "charged. Ask the manager to check the provider settings.")),
                t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                    "There is a technical problem. Please use another payment "
                                    "method.")),
                true};
    case FailureReason::PermissionDenied:
        return {t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                    "The provider refused this store's account for this action. "
                                    "Nothing was charged. Ask the manager to check the merchant "
                                    "account.")),
                t(QT_TRANSLATE_NOOP("ProviderAdvice",
                                    "This payment method is not available right now. Please use "
                                    "another one.")),
                true};
    case FailureReason::Other:
        break;
    }
    return {
        t(QT_TRANSLATE_NOOP("ProviderAdvice",
                            "The provider declined the payment. Nothing was charged. Ask for "
                            "another payment method.")),
        t(QT_TRANSLATE_NOOP("ProviderAdvice",
                            "The payment did not go through. Please try another payment method.")),
        true};
}

QString failureReasonName(FailureReason reason)
{
    switch (reason) {
    case FailureReason::None:
        return QStringLiteral("none");
    case FailureReason::InsufficientBalance:
        return QStringLiteral("insufficient_balance");
    case FailureReason::WrongPassword:
        return QStringLiteral("wrong_password");
    case FailureReason::CodeExpiredOrInvalid:
        return QStringLiteral("code_expired_or_invalid");
    case FailureReason::UnsupportedWallet:
        return QStringLiteral("unsupported_wallet");
    case FailureReason::LimitExceeded:
        return QStringLiteral("limit_exceeded");
    case FailureReason::AmountTooLarge:
        return QStringLiteral("amount_too_large");
    case FailureReason::NetworkTrouble:
        return QStringLiteral("network_trouble");
    case FailureReason::ProviderBusy:
        return QStringLiteral("provider_busy");
    case FailureReason::TradeNotExist:
        return QStringLiteral("trade_not_exist");
    case FailureReason::TradeAlreadyPaid:
        return QStringLiteral("trade_already_paid");
    case FailureReason::TradeClosed:
        return QStringLiteral("trade_closed");
    case FailureReason::InvalidSignature:
        return QStringLiteral("invalid_signature");
    case FailureReason::BadRequest:
        return QStringLiteral("bad_request");
    case FailureReason::PermissionDenied:
        return QStringLiteral("permission_denied");
    case FailureReason::Other:
        return QStringLiteral("other");
    }
    return QStringLiteral("other");
}

} // namespace paydesk
