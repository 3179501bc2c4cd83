#include <map>
#include <string>

#include "engine/expr/expr_binding.h"

namespace sluice::engine {
namespace expr_detail {

const std::map<std::string, Fn>& FnNames() {
  static const std::map<std::string, Fn> names{{"add", Fn::kAdd},
                                               {"sub", Fn::kSub},
                                               {"mul", Fn::kMul},
                                               {"div", Fn::kDiv},
                                               {"mod", Fn::kMod},
                                               {"neg", Fn::kNeg},
                                               {"eq", Fn::kEq},
                                               {"ne", Fn::kNe},
                                               {"lt", Fn::kLt},
                                               {"le", Fn::kLe},
                                               {"gt", Fn::kGt},
                                               {"ge", Fn::kGe},
                                               {"and", Fn::kAnd},
                                               {"or", Fn::kOr},
                                               {"not", Fn::kNot},
                                               {"is_null", Fn::kIsNull},
                                               {"is_not_null", Fn::kIsNotNull},
                                               {"cast", Fn::kCast},
                                               {"timestamp_seconds", Fn::kTimestampSeconds},
                                               {"coalesce", Fn::kCoalesce},
                                               {"concat", Fn::kConcat}};
  return names;
}

std::string FnName(Fn fn) {
  for (const auto& [name, f] : FnNames()) {
    if (f == fn) return name;
  }
  return "?";
}

std::string NodeToString(const Node& n) {
  switch (n.kind) {
    case Node::Kind::kColumn:
      return n.column;
    case Node::Kind::kLiteral:  // Spark writes the untyped null NULL
      if (n.literal_type.id() == TypeId::kNull) return "NULL";
      return ValueToString(n.literal, n.literal_type);
    case Node::Kind::kInterval:
      return "INTERVAL " + std::to_string(n.interval_us) + " us";
    case Node::Kind::kCall:
      break;
    case Node::Kind::kInvalid:
      return "<" + n.error + ">";
    case Node::Kind::kFunction: {
      std::string out = n.function + "(";
      for (size_t i = 0; i < n.args.size(); ++i) out += (i ? ", " : "") + NodeToString(*n.args[i]);
      return out + ")";
    }
  }
  static const std::map<Fn, std::string> infix{
      {Fn::kAdd, " + "}, {Fn::kSub, " - "}, {Fn::kMul, " * "}, {Fn::kDiv, " / "},
      {Fn::kMod, " % "}, {Fn::kEq, " = "},  {Fn::kNe, " != "}, {Fn::kLt, " < "},
      {Fn::kLe, " <= "}, {Fn::kGt, " > "},  {Fn::kGe, " >= "}, {Fn::kAnd, " AND "},
      {Fn::kOr, " OR "}};
  if (auto it = infix.find(n.fn); it != infix.end() && n.args.size() == 2) {
    return "(" + NodeToString(*n.args[0]) + it->second + NodeToString(*n.args[1]) + ")";
  }
  if (n.fn == Fn::kCast) {
    return "CAST(" + NodeToString(*n.args[0]) + " AS " + TypeName(n.cast_to) + ")";
  }
  std::string out = FnName(n.fn) + "(";
  for (size_t i = 0; i < n.args.size(); ++i) out += (i ? ", " : "") + NodeToString(*n.args[i]);
  return out + ")";
}

}  // namespace expr_detail

Result<Fn> ParseFnName(const std::string& name) {
  auto it = expr_detail::FnNames().find(name);
  if (it == expr_detail::FnNames().end())
    return Status::InvalidArgument("unknown function '" + name + "'");
  return it->second;
}

std::string Expr::ToString() const { return expr_detail::NodeToString(*node_); }

}  // namespace sluice::engine
