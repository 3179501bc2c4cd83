#include "storage/status.h"

namespace sluice {

std::string Status::ToString() const {
  static constexpr const char* kNames[] = {"OK",           "NotFound",        "AlreadyExists",
                                           "Corruption",   "IoError",         "NoSpace",
                                           "InvalidArgument", "FailedPrecondition", "DataLoss"};
  if (ok()) return "OK";
  return std::string(kNames[static_cast<int>(code_)]) + ": " + message_;
}

}  // namespace sluice
