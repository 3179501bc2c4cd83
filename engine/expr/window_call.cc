#include "engine/expr/window_call.h"

namespace sluice::engine {
namespace {

Expr OptionalText(const std::optional<std::string>& text) {
  return text ? Lit(*text) : LitNull(DataType::kString);
}

// The text of a window call's argument `i`: nullopt when absent or a null literal.
Result<std::optional<std::string_view>> TextArg(const ExprNode& node, size_t i) {
  if (i >= node.args.size()) return std::optional<std::string_view>();
  const ExprNode& arg = *node.args[i];
  if (arg.kind != ExprNode::Kind::kLiteral) {
    return Status::InvalidArgument("function window: argument " + std::to_string(i + 1) +
                                   " must be an interval literal such as '10 seconds'");
  }
  if (IsNull(arg.literal)) return std::optional<std::string_view>();
  const auto* text = std::get_if<std::string>(&arg.literal);
  if (text == nullptr) {
    return Status::InvalidArgument("function window: argument " + std::to_string(i + 1) +
                                   " must be an interval string such as '10 seconds'");
  }
  return std::optional<std::string_view>(*text);
}

}  // namespace

Expr WindowCall(Expr time, std::string duration, std::optional<std::string> slide,
                std::optional<std::string> start) {
  if (start && !slide) slide = duration;
  return Call("window", {std::move(time), Lit(std::move(duration)), OptionalText(slide),
                         OptionalText(start)});
}

bool IsWindowCall(const ExprNode& node) {
  return node.kind == ExprNode::Kind::kFunction && node.function == "window";
}

Result<WindowSpec> WindowSpecOf(const ExprNode& node) {
  SLUICE_CHECK(IsWindowCall(node), "WindowSpecOf reads a window call");
  if (node.args.size() < 2 || node.args.size() > 4) {
    return Status::InvalidArgument("function window takes 2 to 4 argument(s), got " +
                                   std::to_string(node.args.size()));
  }
  SLUICE_ASSIGN_OR_RETURN(std::optional<std::string_view> duration, TextArg(node, 1));
  if (!duration) return Status::InvalidArgument("function window: the duration must not be null");
  SLUICE_ASSIGN_OR_RETURN(std::optional<std::string_view> slide, TextArg(node, 2));
  SLUICE_ASSIGN_OR_RETURN(std::optional<std::string_view> start, TextArg(node, 3));
  auto spec = ParseWindowSpec(*duration, slide, start);
  if (!spec.ok()) return spec.status().WithContext("function window");
  return spec;
}

}  // namespace sluice::engine
