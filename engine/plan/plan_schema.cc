#include "engine/plan/plan_schema.h"

namespace sluice::engine {

std::optional<Schema> OutputSchemaOf(const PlanNode& node) {
  if (node.kind == PlanNode::Kind::kScan) return node.source->schema();
  std::optional<Schema> in = OutputSchemaOf(*node.input);
  if (!in) return std::nullopt;
  switch (node.kind) {
    case PlanNode::Kind::kOperator: {
      Result<Schema> out = node.op->Bind(*in);
      if (!out.ok()) return std::nullopt;
      return std::move(out).value();
    }
    case PlanNode::Kind::kWatermark: {
      const std::optional<size_t> column = in->IndexOf(node.watermark_column);
      if (!column) return std::nullopt;
      for (Field& f : in->fields) f.watermark_delay_us.reset();
      in->fields[*column].watermark_delay_us = node.watermark_delay_us;
      return in;
    }
    case PlanNode::Kind::kStateful: {
      auto bound = node.stateful->Plan(*in);
      if (!bound.ok()) return std::nullopt;
      return bound.value()->output_schema;
    }
    default:  // kUnion
      if (!OutputSchemaOf(*node.other)) return std::nullopt;
      return in;
  }
}

}  // namespace sluice::engine
