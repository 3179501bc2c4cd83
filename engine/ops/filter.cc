#include "engine/ops/filter.h"

#include <set>

#include "engine/expr/columns_read.h"

namespace sluice::engine {
namespace {

class WhereOp : public Operator {
 public:
  // `keep`: the names of the columns it gives (KeepingOnly); none: every input column.
  explicit WhereOp(Expr condition, std::optional<std::set<std::string>> keep = std::nullopt)
      : condition_(std::move(condition)), keep_(std::move(keep)) {}
  std::string Describe() const override { return "where " + condition_.ToString(); }
  Result<Schema> Bind(const Schema& input) const override {
    auto type = condition_.Bind(input);
    if (!type.ok()) return type.status().WithContext("where");
    if (type.value() != DataType::kBool) {
      return Status::InvalidArgument("where: condition " + condition_.ToString() + " is " +
                                     std::string(TypeName(type.value())) + ", not bool");
    }
    if (!keep_) return input;
    Schema out;
    for (const Field& f : input.fields) {
      if (keep_->contains(f.name)) out.fields.push_back(f);
    }
    return out;
  }
  Result<RecordBatch> Apply(const RecordBatch& input, const EvalContext& ctx) const override {
    SLUICE_ASSIGN_OR_RETURN(Column keep, condition_.Evaluate(input, ctx));
    const RecordBatch kept = keep_ ? Kept(input) : input;
    if (keep.null_count() == 0) return kept.Filter(keep.bools());
    std::vector<uint8_t> flags(input.num_rows());  // a null condition drops its row
    for (size_t i = 0; i < flags.size(); ++i) flags[i] = !keep.IsNull(i) && keep.Bool(i);
    return kept.Filter(flags);
  }

  std::optional<Expr> FilterCondition() const override { return condition_; }

  std::optional<std::vector<bool>> InputColumns(const Schema& input,
                                                const std::vector<bool>& needed) const override {
    std::vector<bool> read = needed;  // the output is the input, row for row
    if (!MarkColumnsRead(condition_, input, read)) return std::nullopt;
    return read;
  }
  std::shared_ptr<const Operator> KeepingOnly(const Schema& input,
                                              const std::vector<bool>& needed) const override {
    std::set<std::string> names;
    for (size_t i = 0; i < input.fields.size(); ++i) {
      if (needed[i]) names.insert(input.fields[i].name);
    }
    // A batch of no columns has no rows: at least one column goes on.
    if (names.empty() || names.size() == input.fields.size() || !HasUniqueNames(input)) {
      return nullptr;  // nothing to leave out, or no column at all
    }
    return std::make_shared<WhereOp>(condition_, std::move(names));
  }

 private:
  // The input's kept columns, shared, before its rows are filtered.
  RecordBatch Kept(const RecordBatch& input) const {
    Schema schema;
    std::vector<std::shared_ptr<const Column>> cols;
    for (size_t i = 0; i < input.num_columns(); ++i) {
      if (!keep_->contains(input.schema().fields[i].name)) continue;
      schema.fields.push_back(input.schema().fields[i]);
      cols.push_back(input.SharedColumn(i));
    }
    return RecordBatch(std::move(schema), std::move(cols));
  }

  Expr condition_;
  std::optional<std::set<std::string>> keep_;
};

}  // namespace

std::shared_ptr<const Operator> MakeWhere(Expr condition) {
  return std::make_shared<WhereOp>(std::move(condition));
}

}  // namespace sluice::engine
