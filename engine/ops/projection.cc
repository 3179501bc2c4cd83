#include "engine/ops/projection.h"

#include <algorithm>

#include "engine/expr/columns_read.h"
#include "engine/ops/generate.h"

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

// The items with each star replaced by its struct's fields, in order.
Result<std::vector<NamedExpr>> ExpandStars(const std::vector<NamedExpr>& items,
                                           const Schema& input) {
  std::vector<NamedExpr> out;
  for (const NamedExpr& item : items) {
    if (!item.star) {
      out.push_back(item);
      continue;
    }
    SLUICE_ASSIGN_OR_RETURN(DataType type, item.expr.Bind(input));
    if (type.id() != TypeId::kStruct) {
      return Status::InvalidArgument("select '" + item.name + "': " + item.expr.ToString() +
                                     " is " + TypeName(type) + ", not a struct");
    }
    const std::string prefix = item.expr.node().column + ".";
    for (const StructField& f : type.fields()) out.push_back(Col(prefix + f.name).As(f.name));
  }
  return out;
}

// The names a select item gives its generator's columns: its list, or its one name.
std::vector<std::string> GeneratorNames(const NamedExpr& item) {
  if (!item.names.empty()) return item.names;
  return item.name.empty() ? std::vector<std::string>{} : std::vector<std::string>{item.name};
}

// The index of the one generator item, if any; two are refused.
Result<std::optional<size_t>> GeneratorItem(const std::vector<NamedExpr>& items) {
  std::optional<size_t> found;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!IsGenerator(items[i].expr)) continue;
    if (found) {
      return Status::InvalidArgument("select: only one generator is allowed per select, found " +
                                     items[*found].expr.ToString() + " and " +
                                     items[i].expr.ToString());
    }
    found = i;
  }
  return found;
}

class SelectOp : public Operator {
 public:
  explicit SelectOp(std::vector<NamedExpr> items) : items_(std::move(items)) {
    // A generator is never a star, so it is the same item after ExpandStars.
    for (const NamedExpr& item : items_) {
      if (!item.star && IsGenerator(item.expr)) {
        generator_argument_ = GeneratorArgument(item.expr);
        break;
      }
    }
  }
  std::string Describe() const override { return "select"; }
  Result<Schema> Bind(const Schema& input) const override {
    SLUICE_ASSIGN_OR_RETURN(std::vector<NamedExpr> items, ExpandStars(items_, input));
    SLUICE_ASSIGN_OR_RETURN(std::optional<size_t> generator, GeneratorItem(items));
    Schema out;
    for (size_t i = 0; i < items.size(); ++i) {
      const NamedExpr& item = items[i];
      if (i == generator) {
        auto bound = BindGenerator(item.expr, ArgumentOf(item), GeneratorNames(item), input);
        if (!bound.ok()) return bound.status().WithContext("select");
        for (const Field& f : bound.value().fields) out.fields.push_back(f);
        continue;
      }
      auto type = item.expr.Bind(input);
      if (!type.ok()) return type.status().WithContext("select '" + item.name + "'");
      out.fields.push_back(
          {item.name, type.value(), WatermarkDelayOf(item.expr, input, item.name)});
    }
    return out;
  }
  Result<RecordBatch> Apply(const RecordBatch& input, const EvalContext& ctx) const override {
    SLUICE_ASSIGN_OR_RETURN(Schema schema, Bind(input.schema()));
    SLUICE_ASSIGN_OR_RETURN(std::vector<NamedExpr> items, ExpandStars(items_, input.schema()));
    SLUICE_ASSIGN_OR_RETURN(std::optional<size_t> generator, GeneratorItem(items));
    std::optional<GeneratedRows> generated;
    if (generator) {
      const NamedExpr& item = items[*generator];
      SLUICE_ASSIGN_OR_RETURN(
          BoundGenerator bound,
          BindGenerator(item.expr, ArgumentOf(item), GeneratorNames(item), input.schema()));
      SLUICE_ASSIGN_OR_RETURN(generated, RunGenerator(item.expr, bound, input, ctx));
    }
    std::vector<std::shared_ptr<const Column>> cols;
    for (size_t i = 0; i < items.size(); ++i) {
      if (i == generator) {
        for (Column& c : generated->columns) cols.push_back(std::make_shared<Column>(std::move(c)));
        continue;
      }
      SLUICE_ASSIGN_OR_RETURN(std::shared_ptr<const Column> c,
                              items[i].expr.EvaluateShared(input, ctx));
      // Beside a generator, each value is repeated for every row its input row made.
      if (generated) c = std::make_shared<Column>(c->Take(generated->source_rows));
      cols.push_back(std::move(c));
    }
    if (cols.empty()) return RecordBatch(schema);
    return RecordBatch(std::move(schema), std::move(cols));
  }

  bool OnlyPassesColumns() const override {
    return std::all_of(items_.begin(), items_.end(), [](const NamedExpr& item) {
      return item.star || item.expr.node().kind == ExprNode::Kind::kColumn;
    });
  }

  std::optional<std::vector<bool>> InputColumns(const Schema& input,
                                                const std::vector<bool>& needed) const override {
    auto items = ExpandStars(items_, input);
    if (!items.ok()) return std::nullopt;
    auto generator = GeneratorItem(items.value());
    if (!generator.ok() || generator.value()) return std::nullopt;  // a generator's rows: all
    std::vector<bool> read(input.fields.size(), false);
    for (size_t i = 0; i < items.value().size(); ++i) {
      if (needed[i] && !MarkColumnsRead(items.value()[i].expr, input, read)) return std::nullopt;
    }
    return read;
  }

 private:
  // The argument of the generator `item`: the one kept since construction (its binding kept
  // from batch to batch) when the item is that generator.
  std::optional<Expr> ArgumentOf(const NamedExpr& item) const {
    if (generator_argument_ && !item.expr.node().args.empty() &&
        &generator_argument_->node() == item.expr.node().args[0].get()) {
      return generator_argument_;
    }
    return GeneratorArgument(item.expr);
  }

  std::vector<NamedExpr> items_;
  std::optional<Expr> generator_argument_;
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
  Result<RecordBatch> Apply(const RecordBatch& input, const EvalContext& ctx) const override {
    SLUICE_ASSIGN_OR_RETURN(Schema schema, Bind(input.schema()));
    SLUICE_ASSIGN_OR_RETURN(std::shared_ptr<const Column> c, expr_.EvaluateShared(input, ctx));
    std::vector<std::shared_ptr<const Column>> cols;
    for (size_t i = 0; i < input.num_columns(); ++i) cols.push_back(input.SharedColumn(i));
    if (auto i = input.schema().IndexOf(name_)) {
      cols[*i] = std::move(c);
    } else {
      cols.push_back(std::move(c));
    }
    return RecordBatch(std::move(schema), std::move(cols));
  }

  // Each input column it passes on where that output is needed, the column it replaces (so that
  // the new one takes that place, not the last), and what its expression reads (it is evaluated
  // whether or not its column is needed).
  std::optional<std::vector<bool>> InputColumns(const Schema& input,
                                                const std::vector<bool>& needed) const override {
    std::vector<bool> read(needed.begin(),
                           needed.begin() + static_cast<std::ptrdiff_t>(input.fields.size()));
    if (const std::optional<size_t> replaced = input.IndexOf(name_)) read[*replaced] = true;
    if (!MarkColumnsRead(expr_, input, read)) return std::nullopt;
    return read;
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
  Result<RecordBatch> Apply(const RecordBatch& input, const EvalContext& ctx) const override {
    return input.WithSchemaNames(names_);
  }
  bool OnlyPassesColumns() const override { return true; }

 private:
  Schema names_;
};

}  // namespace

std::shared_ptr<const Operator> MakeSelect(std::vector<NamedExpr> items) {
  return std::make_shared<SelectOp>(std::move(items));
}
std::shared_ptr<const Operator> MakeWithColumn(std::string name, Expr expr) {
  return std::make_shared<WithColumnOp>(std::move(name), std::move(expr));
}
std::shared_ptr<const Operator> MakeRename(Schema names) {
  return std::make_shared<RenameOp>(std::move(names));
}

}  // namespace sluice::engine
