// The functions of Spark SQL that read time rather than their arguments: current_timestamp, now
// and current_date, which in a streaming query give the batch's timestamp (the one its offsets
// log entry records, so a batch run again after a crash gives the same value); and the window
// functions window and window_time.
#include "engine/expr/function.h"
#include "engine/types/datetime.h"
#include "engine/types/window_spec.h"

namespace sluice::engine {
namespace {

// current_timestamp(), now(): the batch timestamp; current_date(): its day (UTC).
template <bool kDate>
Result<BoundFunction> BindBatchTime(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 0, 0));
  const DataType type = kDate ? DataType::kDate : DataType::kTimestamp;
  BoundFunction f{type, nullptr};
  f.context_kernel = [name, type](const EvalContext& ctx, size_t rows) -> Result<Column> {
    if (!ctx.batch_timestamp_us) {
      return Status::InvalidArgument("function " + name +
                                     ": no batch timestamp (it is evaluated only in a query)");
    }
    const int64_t micros = *ctx.batch_timestamp_us;
    Column out(type);
    out.Reserve(rows);
    for (size_t i = 0; i < rows; ++i) {
      if constexpr (kDate) {
        out.AppendInt32(static_cast<int32_t>(FloorDiv(micros, kMicrosPerDay)));
      } else {
        out.AppendInt(micros);
      }
    }
    return out;
  };
  return f;
}

// window(time, duration, slide, start_time) reaches Bind only where Spark refuses it: inside a
// filter or a second distinct window of one select. Its arguments are checked first, so a bad
// interval is named rather than the place.
Result<BoundFunction> BindWindow(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 4));
  if (args[0].type != DataType::kTimestamp && args[0].type != DataType::kString) {
    return FunctionArgError(name, 0, args[0], "must be a timestamp (or a string cast to one)");
  }
  std::vector<std::optional<std::string_view>> texts(4);
  for (size_t i = 1; i < args.size(); ++i) {
    const bool text = args[i].is_literal && args[i].type == DataType::kString;
    if (!text) return FunctionArgError(name, i, args[i], "must be an interval string literal");
    if (!IsNull(*args[i].literal)) texts[i] = std::get<std::string>(*args[i].literal);
  }
  if (!texts[1]) return FunctionArgError(name, 1, args[1], "must not be null");
  Result<WindowSpec> spec = ParseWindowSpec(*texts[1], texts[2], texts[3]);
  if (!spec.ok()) return spec.status().WithContext("function window");
  return Status::InvalidArgument(
      "function window: a window is a select item (one distinct window per select) or a "
      "grouping key; Spark refuses it anywhere else");
}

// window_time(window): the window's end minus one microsecond, the latest time it holds.
Result<BoundFunction> BindWindowTime(const std::string& name,
                                     const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 1));
  if (args[0].type != WindowType()) {
    return FunctionArgError(name, 0, args[0], "must be a window, struct<start, end> of timestamps");
  }
  return BoundFunction{DataType::kTimestamp,
                       [](const ArgColumns& in, size_t rows) -> Result<Column> {
                         const Column& window = in[0];
                         const Column& end = window.child(1);
                         Column out(DataType::kTimestamp);
                         out.Reserve(rows);
                         for (size_t i = 0; i < rows; ++i) {
                           if (window.IsNull(i) || end.IsNull(i)) {
                             out.AppendNull();
                           } else {
                             out.AppendInt(end.Int(i) - 1);
                           }
                         }
                         return out;
                       }};
}

}  // namespace

void AddBatchTimeFunctions(FunctionTable* table) {
  table->emplace_back("current_timestamp", BindBatchTime<false>);
  table->emplace_back("now", BindBatchTime<false>);
  table->emplace_back("current_date", BindBatchTime<true>);
  table->emplace_back("window", BindWindow);
  table->emplace_back("window_time", BindWindowTime);
}

}  // namespace sluice::engine
