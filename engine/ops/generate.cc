#include "engine/ops/generate.h"

#include "engine/expr/json_path.h"

namespace sluice::engine {
namespace {

bool IsOuter(const std::string& name) { return name.size() > 6 && name.ends_with("_outer"); }

std::string BaseName(const std::string& name) {
  return IsOuter(name) ? name.substr(0, name.size() - 6) : name;
}

std::vector<Field> DefaultFields(const std::string& base, const DataType& arg, size_t json_names) {
  std::vector<Field> fields;
  if (base == "json_tuple") {
    for (size_t i = 0; i < json_names; ++i)
      fields.push_back({"c" + std::to_string(i), DataType::kString});
    return fields;
  }
  if (base == "posexplode") fields.push_back({"pos", DataType::kInt32});
  if (base == "inline") {
    for (const StructField& f : arg.element().fields()) fields.push_back({f.name, f.type});
    return fields;
  }
  if (arg.id() == TypeId::kMap) {
    fields.push_back({"key", arg.key()});
    fields.push_back({"value", arg.value()});
  } else {
    fields.push_back({"col", arg.element()});
  }
  return fields;
}

Status CheckArgument(const std::string& name, const std::string& base, const ExprNode& node,
                     const DataType& arg) {
  const std::string what = "generator " + name + ": argument 1 (" + TypeName(arg) + ") ";
  if (base == "json_tuple") {
    if (arg != DataType::kString) return Status::InvalidArgument(what + "must be a string");
    if (node.args.size() < 2) {
      return Status::InvalidArgument("generator json_tuple needs at least one field name");
    }
    for (size_t i = 1; i < node.args.size(); ++i) {
      if (node.args[i]->kind != ExprNode::Kind::kLiteral) {
        return Status::InvalidArgument("generator json_tuple: argument " + std::to_string(i + 1) +
                                       " must be a string literal (a field name)");
      }
    }
    return Status::Ok();
  }
  if (node.args.size() != 1) {
    return Status::InvalidArgument("generator " + name + " takes 1 argument, got " +
                                   std::to_string(node.args.size()));
  }
  if (base == "inline") {
    if (arg.id() != TypeId::kArray || arg.element().id() != TypeId::kStruct) {
      return Status::InvalidArgument(what + "must be an array of structs");
    }
    return Status::Ok();
  }
  if (arg.id() != TypeId::kArray && arg.id() != TypeId::kMap) {
    return Status::InvalidArgument(what + "must be an array or a map");
  }
  return Status::Ok();
}

}  // namespace

bool IsGenerator(const Expr& expr) {
  const ExprNode& n = expr.node();
  if (n.kind != ExprNode::Kind::kFunction) return false;
  const std::string base = BaseName(n.function);
  return base == "explode" || base == "posexplode" || base == "inline" ||
         n.function == "json_tuple";
}

std::optional<Expr> GeneratorArgument(const Expr& expr) {
  SLUICE_CHECK(IsGenerator(expr), "GeneratorArgument of a generator");
  const ExprNode& n = expr.node();
  if (n.args.empty()) return std::nullopt;
  return Expr(n.args[0]);
}

Result<BoundGenerator> BindGenerator(const Expr& expr, const std::optional<Expr>& argument,
                                     const std::vector<std::string>& names, const Schema& input) {
  SLUICE_CHECK(IsGenerator(expr), "BindGenerator of a generator");
  const ExprNode& n = expr.node();
  if (!argument) return Status::InvalidArgument("generator " + n.function + " needs an argument");
  SLUICE_CHECK(&argument->node() == n.args[0].get(), "the generator's own argument");
  SLUICE_ASSIGN_OR_RETURN(DataType arg, argument->Bind(input));
  const std::string base = BaseName(n.function);
  SLUICE_RETURN_IF_ERROR(CheckArgument(n.function, base, n, arg));
  BoundGenerator bound{n.function, DefaultFields(base, arg, n.args.size() - 1), argument};
  if (!names.empty()) {
    if (names.size() != bound.fields.size()) {
      return Status::InvalidArgument("generator " + n.function + " makes " +
                                     std::to_string(bound.fields.size()) + " column(s), given " +
                                     std::to_string(names.size()) + " name(s)");
    }
    for (size_t i = 0; i < names.size(); ++i) bound.fields[i].name = names[i];
  }
  return bound;
}

namespace {

// json_tuple: one row per input row.
GeneratedRows RunJsonTuple(const ExprNode& n, const Column& json, const BoundGenerator& bound) {
  GeneratedRows out;
  for (const Field& f : bound.fields) out.columns.emplace_back(f.type);
  std::vector<std::optional<std::string_view>> names;
  for (size_t i = 1; i < n.args.size(); ++i) {
    const Value& v = n.args[i]->literal;
    names.push_back(std::holds_alternative<std::string>(v)
                        ? std::optional<std::string_view>(std::get<std::string>(v))
                        : std::nullopt);
  }
  for (size_t r = 0; r < json.size(); ++r) {
    out.source_rows.push_back(static_cast<uint32_t>(r));
    std::vector<std::optional<std::string>> values(names.size());
    if (!json.IsNull(r)) values = JsonTuple(json.String(r), names);
    for (size_t i = 0; i < values.size(); ++i) {
      values[i] ? out.columns[i].AppendString(*values[i]) : out.columns[i].AppendNull();
    }
  }
  return out;
}

}  // namespace

Result<GeneratedRows> RunGenerator(const Expr& expr, const BoundGenerator& bound,
                                   const RecordBatch& input, const EvalContext& ctx) {
  const ExprNode& n = expr.node();
  SLUICE_CHECK(bound.argument.has_value(), "RunGenerator of a bound generator");
  SLUICE_ASSIGN_OR_RETURN(Column arg, bound.argument->Evaluate(input, ctx));
  if (n.function == "json_tuple") return RunJsonTuple(n, arg, bound);
  const std::string base = BaseName(n.function);
  const bool outer = IsOuter(n.function);
  const bool pos = base == "posexplode";
  GeneratedRows out;
  for (const Field& f : bound.fields) out.columns.emplace_back(f.type);
  const size_t first = pos ? 1 : 0;  // the first column after the position
  for (size_t r = 0; r < arg.size(); ++r) {
    const int64_t begin = arg.IsNull(r) ? 0 : arg.ListBegin(r);
    const int64_t end = arg.IsNull(r) ? 0 : arg.ListEnd(r);
    if (begin == end && outer) {
      out.source_rows.push_back(static_cast<uint32_t>(r));
      for (Column& c : out.columns) c.AppendNull();
      continue;
    }
    for (int64_t e = begin; e < end; ++e) {
      const auto row = static_cast<size_t>(e);
      out.source_rows.push_back(static_cast<uint32_t>(r));
      if (pos) out.columns[0].AppendInt32(static_cast<int32_t>(e - begin));
      if (base == "inline") {
        const Column& structs = arg.child(0);
        for (size_t f = 0; f < structs.num_children(); ++f) {
          structs.IsNull(row) ? out.columns[f].AppendNull()
                              : out.columns[f].AppendFrom(structs.child(f), row);
        }
      } else {
        for (size_t c = 0; c < arg.num_children(); ++c) {
          out.columns[first + c].AppendFrom(arg.child(c), row);
        }
      }
    }
  }
  return out;
}

}  // namespace sluice::engine
