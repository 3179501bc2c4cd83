#include "engine/types/type_parser.h"

#include <cctype>
#include <charconv>
#include <set>
#include <string>

namespace sluice::engine {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A recursive-descent parser over the text; each method leaves pos_ after what it read.
class TypeParser {
 public:
  explicit TypeParser(std::string_view text) : text_(text) {}

  Result<DataType> WholeType() {
    SLUICE_ASSIGN_OR_RETURN(DataType t, Type(0));
    SLUICE_RETURN_IF_ERROR(End());
    return t;
  }

  Result<DataType> WholeFieldList() {
    std::vector<StructField> fields;
    SLUICE_RETURN_IF_ERROR(Fields(&fields, /*colon_optional=*/true, /*closing=*/'\0', 0));
    SLUICE_RETURN_IF_ERROR(End());
    return DataType::Struct(std::move(fields));
  }

  static constexpr int kDepthMax = 64;

  size_t error_pos() const { return error_pos_; }

 private:
  Status Error(const std::string& expected) {
    error_pos_ = pos_;
    std::string found =
        pos_ < text_.size() ? "'" + std::string(text_.substr(pos_, 12)) + "'" : "the end";
    return Status::InvalidArgument("type '" + std::string(text_) + "' at position " +
                                   std::to_string(pos_) + ": expected " + expected + ", found " +
                                   found);
  }

  void Skip() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  bool Eat(char c) {
    Skip();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  Status Expect(char c) { return Eat(c) ? Status::Ok() : Error(std::string("'") + c + "'"); }

  Status End() {
    Skip();
    return pos_ == text_.size() ? Status::Ok() : Error("the end of the type");
  }

  std::string Word() {
    Skip();
    const size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
      ++pos_;
    }
    return std::string(text_.substr(start, pos_ - start));
  }

  Result<int> Number() {
    Skip();
    int v = 0;
    const auto [end, ec] = std::from_chars(text_.data() + pos_, text_.data() + text_.size(), v);
    if (ec != std::errc()) return Error("a number");
    pos_ = static_cast<size_t>(end - text_.data());
    return v;
  }

  Result<std::string> Name() {
    Skip();
    if (!Eat('`')) {
      std::string w = Word();
      if (w.empty()) return Error("a field name");
      return w;
    }
    std::string name;
    while (pos_ < text_.size()) {
      if (text_[pos_] == '`') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '`') {
          name += '`';
          pos_ += 2;
          continue;
        }
        ++pos_;
        return name;
      }
      name += text_[pos_++];
    }
    return Error("a closing '`'");
  }

  Result<DataType> Decimal() {
    if (!Eat('(')) return DataType::Decimal(10, 0);
    const size_t at = pos_;
    SLUICE_ASSIGN_OR_RETURN(int precision, Number());
    int scale = 0;
    if (Eat(',')) {
      SLUICE_ASSIGN_OR_RETURN(scale, Number());
    }
    SLUICE_RETURN_IF_ERROR(Expect(')'));
    if (!DataType::ValidDecimal(precision, scale)) {
      pos_ = at;
      return Error("a decimal precision in 1..38 and a scale in 0..precision");
    }
    return DataType::Decimal(precision, scale);
  }

  Result<DataType> Type(int depth) {
    if (depth > kDepthMax) return Error("a type nested at most 64 deep");
    const size_t start = (Skip(), pos_);
    const std::string w = Lower(Word());
    if (w == "int" || w == "integer") return DataType::kInt32;
    if (w == "bigint" || w == "long" || w == "int64") return DataType::kInt64;
    if (w == "float" || w == "real") return DataType::kFloat;
    if (w == "double") return DataType::kDouble;
    if (w == "boolean" || w == "bool") return DataType::kBool;
    if (w == "string") return DataType::kString;
    if (w == "varchar" || w == "char") {
      SLUICE_RETURN_IF_ERROR(Expect('('));
      SLUICE_RETURN_IF_ERROR(Number().status());
      SLUICE_RETURN_IF_ERROR(Expect(')'));
      return DataType::kString;
    }
    if (w == "binary") return DataType::kBinary;
    if (w == "date") return DataType::kDate;
    if (w == "timestamp") return DataType::kTimestamp;
    if (w == "decimal" || w == "dec" || w == "numeric") return Decimal();
    if (w == "array") {
      SLUICE_RETURN_IF_ERROR(Expect('<'));
      SLUICE_ASSIGN_OR_RETURN(DataType element, Type(depth + 1));
      SLUICE_RETURN_IF_ERROR(Expect('>'));
      return DataType::Array(std::move(element));
    }
    if (w == "map") {
      SLUICE_RETURN_IF_ERROR(Expect('<'));
      SLUICE_ASSIGN_OR_RETURN(DataType key, Type(depth + 1));
      SLUICE_RETURN_IF_ERROR(Expect(','));
      SLUICE_ASSIGN_OR_RETURN(DataType value, Type(depth + 1));
      SLUICE_RETURN_IF_ERROR(Expect('>'));
      return DataType::Map(std::move(key), std::move(value));
    }
    if (w == "struct") {
      SLUICE_RETURN_IF_ERROR(Expect('<'));
      std::vector<StructField> fields;
      SLUICE_RETURN_IF_ERROR(Fields(&fields, /*colon_optional=*/true, '>', depth + 1));
      SLUICE_RETURN_IF_ERROR(Expect('>'));
      return DataType::Struct(std::move(fields));
    }
    pos_ = start;
    if (w.empty()) return Error("a type");
    return Error(
        "a type (int, long, float, double, decimal(p,s), bool, string, binary, date, "
        "timestamp, array<T>, map<K,V>, struct<...>), not '" +
        w + "'");
  }

  // Ignores what Spark's DDL may say after a field's type: NOT NULL, COMMENT 'text'.
  Status FieldSuffix() {
    for (;;) {
      Skip();
      const size_t at = pos_;
      const std::string w = Lower(Word());
      if (w == "not") {
        if (Lower(Word()) != "null") return Error("NULL after NOT");
      } else if (w == "comment") {
        if (!Eat('\'')) return Error("a quoted comment");
        while (pos_ < text_.size() && text_[pos_] != '\'') pos_ += text_[pos_] == '\\' ? 2 : 1;
        if (!Eat('\'')) return Error("the comment's closing quote");
      } else {
        pos_ = at;
        return Status::Ok();
      }
    }
  }

  // Fields up to `closing` (not eaten), or to the end when closing is '\0'.
  Status Fields(std::vector<StructField>* fields, bool colon_optional, char closing, int depth) {
    std::set<std::string> names;
    Skip();
    if (closing != '\0' && pos_ < text_.size() && text_[pos_] == closing) return Status::Ok();
    do {
      const size_t at = (Skip(), pos_);
      SLUICE_ASSIGN_OR_RETURN(std::string name, Name());
      if (!Eat(':') && !colon_optional) return Error("':'");
      SLUICE_ASSIGN_OR_RETURN(DataType type, Type(depth));
      SLUICE_RETURN_IF_ERROR(FieldSuffix());
      if (!names.insert(name).second) {
        pos_ = at;
        return Error("a field name not used before ('" + name + "' is)");
      }
      fields->push_back({std::move(name), std::move(type)});
    } while (Eat(','));
    return Status::Ok();
  }

  std::string_view text_;
  size_t pos_ = 0;
  size_t error_pos_ = 0;
};

}  // namespace

Result<DataType> ParseTypeName(std::string_view text) { return TypeParser(text).WholeType(); }

Result<DataType> ParseDdlSchema(std::string_view text) {
  TypeParser as_fields(text);
  Result<DataType> fields = as_fields.WholeFieldList();
  if (fields.ok()) return fields;
  TypeParser as_type(text);
  Result<DataType> single = as_type.WholeType();
  if (single.ok()) return single;
  // Report the reading that got further: it is the one the writer meant.
  return as_type.error_pos() > as_fields.error_pos() ? single.status() : fields.status();
}

}  // namespace sluice::engine
