// Status and Result: how every fallible call in Sluice reports an expected failure.
//
// Rules: an OK Status carries no message and costs nothing. An error's message names what it is
// about (a file, a batch, a column or an option) so a user can act on it. Result<T> holds either
// a value or an error Status, never both; reading the value of an error is a programmer error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "spec/check.h"

namespace sluice {

// Every status code with its name, in enum order. The enum and the names in ToString both come
// from this one list, so a new code cannot leave a name table short.
#define SLUICE_STATUS_CODES(X)                 \
  X(kOk, "OK")                                 \
  X(kNotFound, "NotFound")                     \
  X(kAlreadyExists, "AlreadyExists")           \
  X(kCorruption, "Corruption")                 \
  X(kIoError, "IoError")                       \
  X(kNoSpace, "NoSpace")                       \
  X(kInvalidArgument, "InvalidArgument")       \
  X(kFailedPrecondition, "FailedPrecondition") \
  X(kDataLoss, "DataLoss")                     \
  X(kUnavailable, "Unavailable")

// What kind of failure a Status reports; kOk is success.
enum class StatusCode : uint8_t {
#define SLUICE_STATUS_ENUMERATOR(code, name) code,
  SLUICE_STATUS_CODES(SLUICE_STATUS_ENUMERATOR)
#undef SLUICE_STATUS_ENUMERATOR
};

// The code's name as ToString writes it ("NotFound").
std::string_view StatusCodeName(StatusCode code);

// The outcome of a fallible call: OK, or an error code with a message.
class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status NoSpace(std::string m) { return {StatusCode::kNoSpace, std::move(m)}; }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status FailedPrecondition(std::string m) {
    return {StatusCode::kFailedPrecondition, std::move(m)};
  }
  static Status DataLoss(std::string m) { return {StatusCode::kDataLoss, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string ToString() const;

  // The same error with `context` in front of its message: "offsets/3: checksum mismatch".
  Status WithContext(const std::string& context) const {
    if (ok()) return *this;
    return Status(code_, context + ": " + message_);
  }

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value of type T, or the error Status that says why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    SLUICE_CHECK(!status_.ok(), "a Result built from a Status must hold an error");
  }
  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & {
    SLUICE_CHECK(ok(), "value() of an error Result");
    return *value_;
  }
  const T& value() const& {
    SLUICE_CHECK(ok(), "value() of an error Result");
    return *value_;
  }
  T&& value() && {
    SLUICE_CHECK(ok(), "value() of an error Result");
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace sluice

#define SLUICE_CONCAT_INNER(a, b) a##b
#define SLUICE_CONCAT(a, b) SLUICE_CONCAT_INNER(a, b)

// Returns the Status from the enclosing function when `expr` is an error.
#define SLUICE_RETURN_IF_ERROR(expr) \
  do {                               \
    ::sluice::Status _st = (expr);   \
    if (!_st.ok()) return _st;       \
  } while (false)

#define SLUICE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()

// `lhs = value of expr`, or return its error.
#define SLUICE_ASSIGN_OR_RETURN(lhs, expr) \
  SLUICE_ASSIGN_OR_RETURN_IMPL(SLUICE_CONCAT(_result_, __LINE__), lhs, expr)
