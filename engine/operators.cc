#include "engine/operators.h"

#include <unordered_map>

namespace sluice::engine {

std::optional<int64_t> WatermarkDelayOf(const Expr& expr, const Schema& input,
                                        const std::string& output_name) {
  if (expr.node().kind != ExprNode::Kind::kColumn) return std::nullopt;
  const std::string& name = expr.node().column;
  auto i = input.IndexOf(name);
  if (!i) return std::nullopt;
  // A field taken out of a struct (window.end as windowEnd) is a plain value, as in Spark.
  const bool struct_field = name.find('.') != std::string::npos;
  if (struct_field && output_name.find('.') == std::string::npos) return std::nullopt;
  return input.fields[*i].watermark_delay_us;
}

namespace {

class SelectOp : public Operator {
 public:
  explicit SelectOp(std::vector<NamedExpr> items) : items_(std::move(items)) {}
  std::string Describe() const override { return "select"; }
  Result<Schema> Bind(const Schema& input) const override {
    Schema out;
    for (const NamedExpr& item : items_) {
      auto type = item.expr.Bind(input);
      if (!type.ok()) return type.status().WithContext("select '" + item.name + "'");
      out.fields.push_back({item.name, type.value(), WatermarkDelayOf(item.expr, input, item.name)});
    }
    return out;
  }
  Result<RecordBatch> Apply(const RecordBatch& input) const override {
    SLUICE_ASSIGN_OR_RETURN(Schema schema, Bind(input.schema()));
    std::vector<Column> cols;
    for (const NamedExpr& item : items_) {
      SLUICE_ASSIGN_OR_RETURN(Column c, item.expr.Evaluate(input));
      cols.push_back(std::move(c));
    }
    if (cols.empty()) return RecordBatch(schema);
    return RecordBatch(std::move(schema), std::move(cols));
  }

 private:
  std::vector<NamedExpr> items_;
};

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
  Result<RecordBatch> Apply(const RecordBatch& input) const override {
    SLUICE_ASSIGN_OR_RETURN(Column keep, condition_.Evaluate(input));
    std::vector<uint8_t> flags(input.num_rows());
    for (size_t i = 0; i < flags.size(); ++i) flags[i] = !keep.IsNull(i) && keep.Bool(i);
    return input.Filter(flags);
  }

 private:
  Expr condition_;
};

class WithColumnOp : public Operator {
 public:
  WithColumnOp(std::string name, Expr expr) : name_(std::move(name)), expr_(std::move(expr)) {}
  std::string Describe() const override { return "with_column " + name_; }
  Result<Schema> Bind(const Schema& input) const override {
    auto type = expr_.Bind(input);
    if (!type.ok()) return type.status().WithContext("with_column '" + name_ + "'");
    Schema out = input;
    if (auto i = input.IndexOf(name_)) {
      out.fields[*i] = {name_, type.value(), WatermarkDelayOf(expr_, input, name_)};
    } else {
      out.fields.push_back({name_, type.value(), WatermarkDelayOf(expr_, input, name_)});
    }
    return out;
  }
  Result<RecordBatch> Apply(const RecordBatch& input) const override {
    SLUICE_ASSIGN_OR_RETURN(Schema schema, Bind(input.schema()));
    SLUICE_ASSIGN_OR_RETURN(Column c, expr_.Evaluate(input));
    std::vector<Column> cols;
    for (size_t i = 0; i < input.num_columns(); ++i) cols.push_back(input.column(i));
    if (auto i = input.schema().IndexOf(name_)) {
      cols[*i] = std::move(c);
    } else {
      cols.push_back(std::move(c));
    }
    return RecordBatch(std::move(schema), std::move(cols));
  }

 private:
  std::string name_;
  Expr expr_;
};

class RenameOp : public Operator {
 public:
  explicit RenameOp(Schema names) : names_(std::move(names)) {}
  std::string Describe() const override { return "rename"; }
  Result<Schema> Bind(const Schema& input) const override {
    if (input.fields.size() != names_.fields.size()) {
      return Status::InvalidArgument("union: sides have " + std::to_string(names_.fields.size()) +
                                     " and " + std::to_string(input.fields.size()) + " columns");
    }
    return names_;
  }
  Result<RecordBatch> Apply(const RecordBatch& input) const override {
    return input.WithSchemaNames(names_);
  }

 private:
  Schema names_;
};

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

  Result<RecordBatch> Apply(const RecordBatch& left) const override {
    std::vector<uint32_t> left_rows;
    std::vector<int64_t> right_rows;  // -1: no match (left outer)
    for (size_t l = 0; l < left.num_rows(); ++l) {
      SLUICE_ASSIGN_OR_RETURN(std::vector<uint32_t> matches, MatchesOf(left, l));
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
    for (const Field& f : left.fields) {
      s.fields.push_back({table_.schema().IndexOf(f.name) ? "left." + f.name : f.name, f.type});
    }
    for (const Field& f : table_.schema().fields) {
      s.fields.push_back({left.IndexOf(f.name) ? "right." + f.name : f.name, f.type});
    }
    return s;
  }

  // The rows of the table that match row `l` of `left`: the condition is evaluated over the
  // row paired with every table row at once.
  Result<std::vector<uint32_t>> MatchesOf(const RecordBatch& left, size_t l) const {
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
    SLUICE_ASSIGN_OR_RETURN(Column hit, condition_.Evaluate(RecordBatch(schema, std::move(cols))));
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

std::shared_ptr<const Operator> MakeSelect(std::vector<NamedExpr> items) {
  return std::make_shared<SelectOp>(std::move(items));
}
std::shared_ptr<const Operator> MakeWhere(Expr condition) {
  return std::make_shared<WhereOp>(std::move(condition));
}
std::shared_ptr<const Operator> MakeWithColumn(std::string name, Expr expr) {
  return std::make_shared<WithColumnOp>(std::move(name), std::move(expr));
}
std::shared_ptr<const Operator> MakeRename(Schema names) {
  return std::make_shared<RenameOp>(std::move(names));
}
std::shared_ptr<const Operator> MakeStaticJoin(RecordBatch table, std::string table_name,
                                               JoinType type, Expr condition) {
  return std::make_shared<StaticJoinOp>(std::move(table), std::move(table_name), type,
                                        std::move(condition));
}

}  // namespace sluice::engine
