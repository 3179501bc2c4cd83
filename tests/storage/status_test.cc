#include "storage/status.h"

#include <gtest/gtest.h>

#include <set>

namespace sluice {
namespace {

// Each factory's error, spelled out here rather than taken from the code's own list, so a name
// that goes missing or shifts by one is caught.
TEST(Status, ToStringNamesEveryCode) {
  const std::pair<Status, std::string> cases[] = {
      {Status::NotFound("m"), "NotFound: m"},
      {Status::AlreadyExists("m"), "AlreadyExists: m"},
      {Status::Corruption("m"), "Corruption: m"},
      {Status::IoError("m"), "IoError: m"},
      {Status::NoSpace("m"), "NoSpace: m"},
      {Status::InvalidArgument("m"), "InvalidArgument: m"},
      {Status::FailedPrecondition("m"), "FailedPrecondition: m"},
      {Status::DataLoss("m"), "DataLoss: m"},
      {Status::Unavailable("m"), "Unavailable: m"},
  };
  for (const auto& [status, want] : cases) EXPECT_EQ(status.ToString(), want);
  EXPECT_EQ(Status::Ok().ToString(), "OK");
}

// Every enumerator the list defines has its own non-empty name, up to the last one.
TEST(Status, EveryCodeInTheListHasADistinctName) {
  std::set<std::string_view> names;
  int codes = 0;
#define SLUICE_COUNT_CODE(code, name)                                  \
  EXPECT_EQ(StatusCodeName(StatusCode::code), std::string_view(name)); \
  names.insert(StatusCodeName(StatusCode::code));                      \
  ++codes;
  SLUICE_STATUS_CODES(SLUICE_COUNT_CODE)
#undef SLUICE_COUNT_CODE
  EXPECT_EQ(codes, static_cast<int>(StatusCode::kUnavailable) + 1);
  EXPECT_EQ(names.size(), static_cast<size_t>(codes));
  EXPECT_EQ(names.count(""), 0u);
}

}  // namespace
}  // namespace sluice
