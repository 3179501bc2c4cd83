#include "engine/ops/filter.h"

namespace sluice::engine {
namespace {

class WhereOp : public Operator {
 public:
  explicit WhereOp(Expr condition) : condition_(std::move(condition)) {}
  std::string Describe() const override { return "where " + condition_.ToString(); }
  Result<Schema> Bind(const Schema& input) const override {
    auto type = condition_.Bind(input);
    if (!type.ok()) return type.status().WithContext("where");
    if (type.value() != DataType::kBool) {
      return Status::InvalidArgument("where: condition " + condition_.ToString() + " is " +
                                     std::string(TypeName(type.value())) + ", not bool");
    }
    return input;
  }
  Result<RecordBatch> Apply(const RecordBatch& input, const EvalContext& ctx) const override {
    SLUICE_ASSIGN_OR_RETURN(Column keep, condition_.Evaluate(input, ctx));
    if (keep.null_count() == 0) return input.Filter(keep.bools());
    std::vector<uint8_t> flags(input.num_rows());  // a null condition drops its row
    for (size_t i = 0; i < flags.size(); ++i) flags[i] = !keep.IsNull(i) && keep.Bool(i);
    return input.Filter(flags);
  }

 private:
  Expr condition_;
};

}  // namespace

std::shared_ptr<const Operator> MakeWhere(Expr condition) {
  return std::make_shared<WhereOp>(std::move(condition));
}

}  // namespace sluice::engine
