#include "storage/status.h"

#include <iterator>

namespace sluice {
namespace {

// Built from the same list as the enum, so it has exactly one name per code.
constexpr std::string_view kCodeNames[] = {
#define SLUICE_STATUS_NAME(code, name) name,
    SLUICE_STATUS_CODES(SLUICE_STATUS_NAME)
#undef SLUICE_STATUS_NAME
};

}  // namespace

std::string_view StatusCodeName(StatusCode code) {
  const auto i = static_cast<size_t>(code);
  SLUICE_CHECK(i < std::size(kCodeNames), "a status code outside SLUICE_STATUS_CODES");
  return kCodeNames[i];
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(StatusCodeName(code_)) + ": " + message_;
}

}  // namespace sluice
