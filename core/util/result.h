#pragma once

#include <QLoggingCategory>
#include <QString>

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace paydesk {

/// Why an operation failed: a stable machine code (for logs, JSON and tests) and a
/// message already translated for the person in front of the screen.
struct Error
{
    QString code;
    QString message;
};

/// Expected-style result. Either a value or an Error; never both, never neither.
template <typename T> class [[nodiscard]] Result
{
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    static Result failure(QString code, QString message)
    {
        return Result(Error{std::move(code), std::move(message)});
    }

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_state); }
    T &value() & { return std::get<T>(m_state); }
    // By value: `for (x : f().value())` keeps the value alive (a T&& would dangle).
    T value() && { return std::get<T>(std::move(m_state)); }
    const T &operator*() const & { return value(); }
    const T *operator->() const { return &std::get<T>(m_state); }

    const Error &error() const { return std::get<Error>(m_state); }

    /// Chains a fallible step: \a f(value) returns a Result; an error passes through.
    template <typename F> auto and_then(F &&f) const & -> std::invoke_result_t<F, const T &>
    {
        if (!ok())
            return error();
        return std::forward<F>(f)(value());
    }
    /// Maps the value: \a f(value) returns a plain U, giving Result<U>.
    template <typename F>
    auto transform(F &&f) const & -> Result<std::invoke_result_t<F, const T &>>
    {
        if (!ok())
            return error();
        return std::forward<F>(f)(value());
    }

private:
    std::variant<T, Error> m_state;
};

template <> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}

    static Result failure(QString code, QString message)
    {
        return Result(Error{std::move(code), std::move(message)});
    }

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

    template <typename F> auto and_then(F &&f) const -> std::invoke_result_t<F>
    {
        if (!ok())
            return error();
        return std::forward<F>(f)();
    }

private:
    std::optional<Error> m_error;
};

using Status = Result<void>;

/// For a failure that must not stop the caller but must not be silent either (an audit
/// entry after the fact, a timeline note): logs it under \a category with \a what.
/// Returns whether the result was ok.
template <typename R>
bool logIfFailed(const R &result, const QLoggingCategory &category, const char *what)
{
    if (result.ok())
        return true;
    qCWarning(category).noquote() << what << "failed:" << result.error().code
                                  << result.error().message;
    return false;
}

} // namespace paydesk

/// Propagates an error in one line: `PAYDESK_TRY(tx.commit());` returns the error of a
/// failed Result/Status from the enclosing function (whose return type accepts an Error).
#define PAYDESK_TRY(expr)                                                                          \
    do {                                                                                           \
        if (auto &&paydeskTryResult_ = (expr); !paydeskTryResult_.ok())                            \
            return paydeskTryResult_.error();                                                      \
    } while (false)
