#include "engine/ops/window.h"

#include <map>

#include "engine/expr/cast.h"
#include "engine/ops/projection.h"

namespace sluice::engine {
namespace {

// a mod b in [0, b), for b > 0, with one division.
int64_t FloorMod(int64_t a, int64_t b) {
  const int64_t r = a % b;
  return r < 0 ? r + b : r;
}

class WindowAssignOp : public Operator {
 public:
  WindowAssignOp(std::string name, Expr time, WindowSpec spec)
      : name_(std::move(name)),
        time_(std::move(time)),
        spec_(spec),
        label_("window(" + time_.ToString() + ", " + DescribeDuration(spec_.duration) + ")") {}

  std::string Describe() const override { return label_; }

  Result<Schema> Bind(const Schema& input) const override {
    SLUICE_RETURN_IF_ERROR(spec_.Validate().WithContext(label_));
    auto type = time_.Bind(input);
    if (!type.ok()) return type.status().WithContext(label_);
    // Spark casts a string time to a timestamp (a malformed one is null: the row has no window).
    if (type.value() != DataType::kTimestamp && type.value() != DataType::kString) {
      return Status::InvalidArgument(label_ + ": the time column " + time_.ToString() + " is " +
                                     std::string(TypeName(type.value())) + ", not timestamp");
    }
    Schema out = input;
    out.fields.push_back({name_, WindowType(), WatermarkDelayOf(time_, input, name_)});
    return out;
  }

  Result<RecordBatch> Apply(const RecordBatch& input, const EvalContext& ctx) const override {
    SLUICE_ASSIGN_OR_RETURN(Schema schema, Bind(input.schema()));
    // A column reference is the input's own column, shared rather than copied.
    SLUICE_ASSIGN_OR_RETURN(std::shared_ptr<const Column> evaluated,
                            time_.EvaluateShared(input, ctx));
    if (evaluated->type() == DataType::kString) {
      evaluated = std::make_shared<Column>(CastColumn(*evaluated, DataType::kTimestamp));
    }
    const Column& time = *evaluated;
    const int64_t slide = spec_.slide_us(), duration = spec_.duration_us();
    if (duration == slide && time.null_count() == 0) {
      return Tumbling(input, time, std::move(schema));
    }
    const int64_t per_row = (duration + slide - 1) / slide;
    std::vector<uint32_t> rows;
    Column windows(WindowType());
    for (size_t r = 0; r < input.num_rows(); ++r) {
      if (time.IsNull(r)) continue;
      const int64_t ts = time.Int(r);
      const int64_t last_start = ts - FloorMod(ts - spec_.start_us(), slide);
      for (int64_t i = per_row - 1; i >= 0; --i) {
        const int64_t start = last_start - i * slide;
        if (start <= ts && ts < start + duration) {
          rows.push_back(static_cast<uint32_t>(r));
          windows.child(0).AppendInt(start);
          windows.child(1).AppendInt(start + duration);
          windows.CloseStruct();
        }
      }
    }
    // A tumbling window keeps every row with a time once: Take shares the columns when none is
    // null.
    const RecordBatch kept = input.Take(rows);
    std::vector<std::shared_ptr<const Column>> cols;
    for (size_t c = 0; c < kept.num_columns(); ++c) cols.push_back(kept.SharedColumn(c));
    cols.push_back(std::make_shared<Column>(std::move(windows)));
    return RecordBatch(std::move(schema), std::move(cols));
  }

 private:
  // A tumbling window over times without nulls: every row falls in exactly one window, so the
  // input's columns are kept as they are and the windows are computed in one typed pass.
  RecordBatch Tumbling(const RecordBatch& input, const Column& time, Schema schema) const {
    const std::span<const int64_t> times = time.int64s();
    const int64_t size = spec_.duration_us(), origin = spec_.start_us();
    Buffer<int64_t> starts(times.size()), ends(times.size());
    // Consecutive times mostly fall in one window, as a stream's do: a row's window takes a
    // division only when its time is outside the window of the row before.
    int64_t start = times.empty() ? 0 : times[0] - FloorMod(times[0] - origin, size);
    for (size_t r = 0; r < times.size(); ++r) {
      const uint64_t into = static_cast<uint64_t>(times[r]) - static_cast<uint64_t>(start);
      if (into >= static_cast<uint64_t>(size)) start = times[r] - FloorMod(times[r] - origin, size);
      starts[r] = start;
      ends[r] = start + size;
    }
    Column windows(WindowType());
    windows.child(0).AppendInts(std::move(starts));
    windows.child(1).AppendInts(std::move(ends));
    windows.CloseStructs(times.size());
    std::vector<std::shared_ptr<const Column>> cols;
    for (size_t c = 0; c < input.num_columns(); ++c) cols.push_back(input.SharedColumn(c));
    cols.push_back(std::make_shared<Column>(std::move(windows)));
    return RecordBatch(std::move(schema), std::move(cols));
  }

  std::string name_;  // the column it adds
  Expr time_;
  WindowSpec spec_;
  std::string label_;  // for messages: the call as Spark prints it
};

// Adds to `calls` the text of every window call under `node`, once each.
void CollectWindowCalls(const ExprNode& node, std::map<std::string, Expr>* calls,
                        const std::shared_ptr<const ExprNode>& ptr) {
  if (IsWindowCall(node)) {
    calls->emplace(Expr(ptr).ToString(), Expr(ptr));
    return;
  }
  for (const auto& a : node.args) CollectWindowCalls(*a, calls, a);
}

// `node` with every subtree whose text is `call` replaced by `column`.
std::shared_ptr<const ExprNode> ReplaceCall(const std::shared_ptr<const ExprNode>& node,
                                            const std::string& call, const Expr& column) {
  if (IsWindowCall(*node) && Expr(node).ToString() == call) return column.ptr();
  auto copy = std::make_shared<ExprNode>(*node);
  for (auto& a : copy->args) a = ReplaceCall(a, call, column);
  return copy;
}

}  // namespace

std::optional<Expr> ExtractWindowCall(std::vector<NamedExpr>* items, const std::string& column) {
  std::map<std::string, Expr> calls;
  for (const NamedExpr& item : *items)
    CollectWindowCalls(item.expr.node(), &calls, item.expr.ptr());
  if (calls.size() != 1) return std::nullopt;
  const auto& [text, call] = *calls.begin();
  for (NamedExpr& item : *items) item.expr = Expr(ReplaceCall(item.expr.ptr(), text, Col(column)));
  return call;
}

std::shared_ptr<const Operator> MakeWindowAssign(std::string name, Expr time, WindowSpec spec) {
  return std::make_shared<WindowAssignOp>(std::move(name), std::move(time), spec);
}

}  // namespace sluice::engine
