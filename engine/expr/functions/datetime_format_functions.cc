// The datetime functions of Spark SQL that take a datetime pattern
// (engine/types/datetime_pattern.h): to_timestamp, to_date, unix_timestamp (parsing) and
// date_format, from_unixtime (formatting).
//
// A literal pattern is compiled once when the call is bound (a bad one fails the bind); a pattern
// from a column is compiled once per distinct value in a batch (a bad one fails the batch, as
// Spark fails the query). A string that does not match its pattern gives null. As in Spark, a date
// or timestamp given to a parsing function ignores the pattern.
#include <map>
#include <memory>

#include "engine/expr/functions/datetime_util.h"
#include "engine/types/datetime.h"
#include "engine/types/datetime_pattern.h"

namespace sluice::engine::datetime_fn {
namespace {

// The pattern of each row: a literal or default compiled at bind time, or a string column's values
// compiled as they are met.
class RowPatterns {
 public:
  // args[index] when the call has it, else `fallback`. REQUIRES: args[index], if any, is a string
  // or a null literal.
  static Result<RowPatterns> Bind(const std::string& name, const std::vector<FunctionArg>& args,
                                  size_t index, std::string_view fallback, PatternUse use) {
    RowPatterns p;
    p.name_ = name;
    p.index_ = index;
    p.use_ = use;
    const bool given = index < args.size();
    if (given) p.arg_ = args[index];
    if (given && !args[index].is_literal) return p;  // a column
    if (given && IsNullLiteral(args[index])) return p;
    const std::string text =
        given ? std::get<std::string>(*args[index].literal) : std::string(fallback);
    SLUICE_ASSIGN_OR_RETURN(DateTimePattern compiled, p.Compile(text));
    p.fixed_ = std::make_shared<const DateTimePattern>(std::move(compiled));
    return p;
  }

  // The pattern of row `row` (nullptr when null); an error for a column's bad pattern.
  Result<const DateTimePattern*> At(const ArgColumns& in, size_t row) {
    if (fixed_ != nullptr) return fixed_.get();
    if (!arg_.has_value() || arg_->is_literal) return nullptr;  // a null literal
    const Column& c = in[index_];
    if (c.IsNull(row)) return nullptr;
    const std::string_view text = c.String(row);
    auto it = cache_.find(text);
    if (it == cache_.end()) {
      SLUICE_ASSIGN_OR_RETURN(DateTimePattern compiled, Compile(text));
      it = cache_.emplace(std::string(text), std::move(compiled)).first;
    }
    return &it->second;
  }

 private:
  RowPatterns() = default;

  Result<DateTimePattern> Compile(std::string_view text) const {
    Result<DateTimePattern> compiled = DateTimePattern::Compile(text, use_);
    if (compiled.ok()) return compiled;
    const FunctionArg arg = arg_.value_or(FunctionArg{DataType::kString, std::nullopt, false});
    return FunctionArgError(name_, index_, arg,
                            "is not a valid datetime pattern: " + compiled.status().message());
  }

  std::string name_;
  size_t index_ = 0;
  PatternUse use_ = PatternUse::kParse;
  std::optional<FunctionArg> arg_;
  std::shared_ptr<const DateTimePattern> fixed_;
  std::map<std::string, DateTimePattern, std::less<>> cache_;  // per kernel call
};

// What a parsing function returns for the instant it finds.
enum class ParseOutput { kTimestamp, kDate, kUnixSeconds };

DataType OutputType(ParseOutput what) {
  switch (what) {
    case ParseOutput::kTimestamp:
      return DataType::kTimestamp;
    case ParseOutput::kDate:
      return DataType::kDate;
    case ParseOutput::kUnixSeconds:
      break;
  }
  return DataType::kInt64;
}

void AppendInstant(ParseOutput what, std::optional<int64_t> micros, Column* out) {
  if (!micros.has_value()) {
    out->AppendNull();
  } else if (what == ParseOutput::kTimestamp) {
    out->AppendInt(*micros);
  } else if (what == ParseOutput::kDate) {
    out->AppendInt32(DaysFromMicros(*micros));
  } else {
    out->AppendInt(UnixSecondsFromMicros(*micros));
  }
}

// A date or timestamp input of a parsing function: the pattern is ignored.
FunctionKernel InstantKernel(ParseOutput what) {
  return [what](const ArgColumns& in, size_t rows) -> Result<Column> {
    const Column& e = in[0];
    const bool is_date = e.type().id() == TypeId::kDate;
    Column out(OutputType(what));
    out.Reserve(rows);
    for (size_t i = 0; i < rows; ++i) {
      std::optional<int64_t> micros;
      if (!e.IsNull(i)) micros = is_date ? MicrosFromDays(e.Int32(i)) : e.Int(i);
      AppendInstant(what, micros, &out);
    }
    return out;
  };
}

// A string input of a parsing function: each row parsed with its pattern.
FunctionKernel ParseKernel(ParseOutput what, RowPatterns patterns) {
  return [what, patterns](const ArgColumns& in, size_t rows) -> Result<Column> {
    RowPatterns p = patterns;
    const Column& e = in[0];
    Column out(OutputType(what));
    out.Reserve(rows);
    for (size_t i = 0; i < rows; ++i) {
      std::optional<int64_t> micros;
      if (!e.IsNull(i)) {
        SLUICE_ASSIGN_OR_RETURN(const DateTimePattern* pattern, p.At(in, i));
        if (pattern != nullptr) micros = pattern->ParseTimestamp(e.String(i));
      }
      AppendInstant(what, micros, &out);
    }
    return out;
  };
}

// to_timestamp(e[, fmt]), to_date(e[, fmt]) and unix_timestamp(e[, fmt]). Without a pattern,
// to_timestamp and to_date cast e; unix_timestamp parses a string with DateTimePattern::kDefault.
Result<BoundFunction> BindParse(const std::string& name, const std::vector<FunctionArg>& args,
                                ParseOutput what) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 2));
  SLUICE_RETURN_IF_ERROR(what == ParseOutput::kDate ? AcceptDate(name, args, 0)
                                                    : AcceptTimestamp(name, args, 0));
  if (args.size() == 2) SLUICE_RETURN_IF_ERROR(AcceptString(name, args, 1));
  const DataType type = OutputType(what);
  if (IsNullLiteral(args[0])) return *NullIfAnyNullLiteral(args, type);
  if (args.size() == 1 && what != ParseOutput::kUnixSeconds) {
    return BoundFunction{type, [type](const ArgColumns& in, size_t) -> Result<Column> {
                           std::optional<Column> cast;
                           return Column(As(in[0], type, &cast));
                         }};
  }
  if (args[0].type.id() != TypeId::kString) return BoundFunction{type, InstantKernel(what)};
  SLUICE_ASSIGN_OR_RETURN(
      RowPatterns patterns,
      RowPatterns::Bind(name, args, 1, DateTimePattern::kDefault, PatternUse::kParse));
  return BoundFunction{type, ParseKernel(what, std::move(patterns))};
}

// A kernel writing each row's instant (null where the input or the pattern is null) with its
// pattern: `micros(i)` gives row i's instant. REQUIRES: e is non-null where micros is called.
template <typename Micros>
Result<Column> FormatRows(const Column& e, const ArgColumns& in, size_t rows, RowPatterns* patterns,
                          Micros micros) {
  Column out(DataType::kString);
  out.Reserve(rows);
  std::string text;
  for (size_t i = 0; i < rows; ++i) {
    const DateTimePattern* pattern = nullptr;
    if (!e.IsNull(i)) {
      SLUICE_ASSIGN_OR_RETURN(pattern, patterns->At(in, i));
    }
    if (pattern == nullptr) {
      out.AppendNull();
      continue;
    }
    text.clear();
    pattern->FormatTo(micros(i), &text);
    out.AppendString(text);
  }
  return out;
}

// date_format(e, fmt): e a timestamp (or a date or string cast to one).
Result<BoundFunction> BindDateFormat(const std::string& name,
                                     const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 2));
  SLUICE_RETURN_IF_ERROR(AcceptTimestamp(name, args, 0));
  SLUICE_RETURN_IF_ERROR(AcceptString(name, args, 1));
  if (auto null = NullIfAnyNullLiteral(args, DataType::kString)) return *null;
  SLUICE_ASSIGN_OR_RETURN(RowPatterns patterns,
                          RowPatterns::Bind(name, args, 1, "", PatternUse::kFormat));
  return BoundFunction{DataType::kString,
                       [patterns](const ArgColumns& in, size_t rows) -> Result<Column> {
                         RowPatterns p = patterns;
                         std::optional<Column> cast;
                         const Column& t = As(in[0], DataType::kTimestamp, &cast);
                         return FormatRows(t, in, rows, &p, [&t](size_t i) { return t.Int(i); });
                       }};
}

// from_unixtime(seconds[, fmt]): seconds a number or a string, cast to a long as Spark does.
Result<BoundFunction> BindFromUnixtime(const std::string& name,
                                       const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 2));
  SLUICE_RETURN_IF_ERROR(AcceptTypes(name, args, 0,
                                     {TypeId::kInt32, TypeId::kInt64, TypeId::kFloat,
                                      TypeId::kDouble, TypeId::kDecimal, TypeId::kString},
                                     "must be a number or a string"));
  if (args.size() == 2) SLUICE_RETURN_IF_ERROR(AcceptString(name, args, 1));
  if (auto null = NullIfAnyNullLiteral(args, DataType::kString)) return *null;
  SLUICE_ASSIGN_OR_RETURN(
      RowPatterns patterns,
      RowPatterns::Bind(name, args, 1, DateTimePattern::kDefault, PatternUse::kFormat));
  return BoundFunction{
      DataType::kString, [patterns](const ArgColumns& in, size_t rows) -> Result<Column> {
        RowPatterns p = patterns;
        std::optional<Column> cast;
        const Column& s = As(in[0], DataType::kInt64, &cast);
        return FormatRows(s, in, rows, &p,
                          [&s](size_t i) { return MicrosFromUnixSeconds(s.Int(i)); });
      }};
}

}  // namespace

void AddDatetimeFormatFunctions(FunctionTable* table) {
  table->emplace_back("to_timestamp", [](const std::string& name, const auto& args) {
    return BindParse(name, args, ParseOutput::kTimestamp);
  });
  table->emplace_back("to_date", [](const std::string& name, const auto& args) {
    return BindParse(name, args, ParseOutput::kDate);
  });
  table->emplace_back("unix_timestamp", [](const std::string& name, const auto& args) {
    return BindParse(name, args, ParseOutput::kUnixSeconds);
  });
  table->emplace_back("date_format", BindDateFormat);
  table->emplace_back("from_unixtime", BindFromUnixtime);
}

}  // namespace sluice::engine::datetime_fn
