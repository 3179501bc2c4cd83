// ParseTypeName and ParseDdlSchema (engine/types/type_parser.h) on any bytes.
//
// Property: every input gives a Result (no crash, no sanitizer report); when a parse succeeds,
// the type's names read back as the same type: ParseTypeName(TypeName(t)) == t and
// ParseTypeName(SqlTypeName(t)) == t. TypeName writes field names as they are, unquoted (as
// Spark's catalogString does), so the round trip is checked only for types whose field names are
// plain words ([A-Za-z0-9_]+), the names the grammar reads without backticks.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "engine/types/data_type.h"
#include "engine/types/type_parser.h"
#include "spec/check.h"

namespace sluice::engine {
namespace {

bool PlainNames(const DataType& t) {
  switch (t.id()) {
    case TypeId::kArray:
      return PlainNames(t.element());
    case TypeId::kMap:
      return PlainNames(t.key()) && PlainNames(t.value());
    case TypeId::kStruct:
      for (const StructField& f : t.fields()) {
        if (f.name.empty()) return false;
        for (char c : f.name) {
          const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '_';
          if (!word) return false;
        }
        if (!PlainNames(f.type)) return false;
      }
      return true;
    default:
      return true;
  }
}

void CheckReadsBack(std::string_view input, const DataType& t, const std::string& name) {
  Result<DataType> again = ParseTypeName(name);
  if (!again.ok() || !(again.value() == t)) {
    std::fprintf(stderr, "input: '%.*s'\nname: '%s'\nreparsed: %s\n",
                 static_cast<int>(input.size()), input.data(), name.c_str(),
                 again.ok() ? TypeName(again.value()).c_str() : again.status().ToString().c_str());
    SLUICE_CHECK(false, "a type's name parses back to the same type");
  }
}

void Check(std::string_view input, const Result<DataType>& parsed) {
  if (!parsed.ok() || !PlainNames(parsed.value())) return;
  CheckReadsBack(input, parsed.value(), TypeName(parsed.value()));
  CheckReadsBack(input, parsed.value(), SqlTypeName(parsed.value()));
}

}  // namespace
}  // namespace sluice::engine

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  sluice::engine::Check(text, sluice::engine::ParseTypeName(text));
  sluice::engine::Check(text, sluice::engine::ParseDdlSchema(text));
  return 0;
}
