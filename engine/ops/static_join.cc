#include "engine/ops/static_join.h"

namespace sluice::engine {
namespace {

class StaticJoinOp : public Operator {
 public:
  StaticJoinOp(RecordBatch table, std::string table_name, JoinType type, Expr condition)
      : table_(std::move(table)),
        table_name_(std::move(table_name)),
        type_(type),
        condition_(std::move(condition)) {}

  std::string Describe() const override {
    return std::string(type_ == JoinType::kInner ? "inner" : "left outer") + " join with " +
           table_name_;
  }

  Result<Schema> Bind(const Schema& input) const override {
    auto type = condition_.Bind(ConditionSchema(input));
    if (!type.ok()) return type.status().WithContext("join with " + table_name_);
    if (type.value() != DataType::kBool) {
      return Status::InvalidArgument("join with " + table_name_ + ": condition is not bool");
    }
    return OutputSchema(input);
  }

  Result<RecordBatch> Apply(const RecordBatch& left, const EvalContext& ctx) const override {
    std::vector<uint32_t> left_rows;
    std::vector<int64_t> right_rows;  // -1: no match (left outer)
    for (size_t l = 0; l < left.num_rows(); ++l) {
      SLUICE_ASSIGN_OR_RETURN(std::vector<uint32_t> matches, MatchesOf(left, l, ctx));
      for (uint32_t r : matches) {
        left_rows.push_back(static_cast<uint32_t>(l));
        right_rows.push_back(r);
      }
      if (matches.empty() && type_ == JoinType::kLeftOuter) {
        left_rows.push_back(static_cast<uint32_t>(l));
        right_rows.push_back(-1);
      }
    }
    std::vector<Column> cols;
    for (size_t c = 0; c < left.num_columns(); ++c) cols.push_back(left.column(c).Take(left_rows));
    for (size_t c = 0; c < table_.num_columns(); ++c) {
      Column out(table_.column(c).type());
      for (int64_t r : right_rows) {
        r < 0 ? out.AppendNull() : out.AppendFrom(table_.column(c), static_cast<size_t>(r));
      }
      cols.push_back(std::move(out));
    }
    return RecordBatch(OutputSchema(left.schema()), std::move(cols));
  }

 private:
  // Every column as left.x / right.x, and unqualified where only one side has the name.
  Schema ConditionSchema(const Schema& left) const {
    Schema s;
    for (const Field& f : left.fields) s.fields.push_back({"left." + f.name, f.type});
    for (const Field& f : table_.schema().fields) s.fields.push_back({"right." + f.name, f.type});
    for (const Field& f : left.fields) {
      if (!table_.schema().IndexOf(f.name)) s.fields.push_back(f);
    }
    for (const Field& f : table_.schema().fields) {
      if (!left.IndexOf(f.name)) s.fields.push_back(f);
    }
    return s;
  }

  Schema OutputSchema(const Schema& left) const {
    Schema s;
    // The stream's event-time columns keep their watermark, as in Spark.
    for (const Field& f : left.fields) {
      s.fields.push_back({table_.schema().IndexOf(f.name) ? "left." + f.name : f.name, f.type,
                          f.watermark_delay_us});
    }
    for (const Field& f : table_.schema().fields) {
      s.fields.push_back({left.IndexOf(f.name) ? "right." + f.name : f.name, f.type});
    }
    return s;
  }

  // The rows of the table that match row `l` of `left`: the condition is evaluated over the
  // row paired with every table row at once.
  Result<std::vector<uint32_t>> MatchesOf(const RecordBatch& left, size_t l,
                                          const EvalContext& ctx) const {
    const Schema schema = ConditionSchema(left.schema());
    const size_t n = table_.num_rows();
    std::vector<Column> cols;
    for (size_t c = 0; c < left.num_columns(); ++c) {
      Column col(left.column(c).type());
      for (size_t r = 0; r < n; ++r) col.AppendFrom(left.column(c), l);
      cols.push_back(std::move(col));
    }
    for (size_t c = 0; c < table_.num_columns(); ++c) cols.push_back(table_.column(c));
    for (size_t i = cols.size(); i < schema.fields.size(); ++i) {
      const std::string& name = schema.fields[i].name;
      auto li = left.schema().IndexOf(name);
      cols.push_back(li ? cols[*li] : cols[left.num_columns() + *table_.schema().IndexOf(name)]);
    }
    SLUICE_ASSIGN_OR_RETURN(Column hit,
                            condition_.Evaluate(RecordBatch(schema, std::move(cols)), ctx));
    std::vector<uint32_t> out;
    for (size_t r = 0; r < n; ++r) {
      if (!hit.IsNull(r) && hit.Bool(r)) out.push_back(static_cast<uint32_t>(r));
    }
    return out;
  }

  RecordBatch table_;
  std::string table_name_;
  JoinType type_;
  Expr condition_;
};

}  // namespace

std::shared_ptr<const Operator> MakeStaticJoin(RecordBatch table, std::string table_name,
                                               JoinType type, Expr condition) {
  return std::make_shared<StaticJoinOp>(std::move(table), std::move(table_name), type,
                                        std::move(condition));
}

}  // namespace sluice::engine
