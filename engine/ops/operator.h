// Operator: a stateless operator, which maps one batch to one batch, partition by partition.
//
// Rules: Bind is called once, when the query starts, with the operator's input schema; it gives
// the output schema or an error that names the operator and the column. Apply is called only on
// batches of the bound schema and never keeps state between calls.
#pragma once

#include <string>

#include "engine/expr/eval_context.h"
#include "engine/types/record_batch.h"

namespace sluice::engine {

class Operator {
 public:
  virtual ~Operator() = default;
  virtual std::string Describe() const = 0;
  virtual Result<Schema> Bind(const Schema& input) const = 0;
  // `ctx` carries the batch's timestamp to the operator's expressions.
  virtual Result<RecordBatch> Apply(const RecordBatch& input, const EvalContext& ctx) const = 0;
  // Outside a streaming batch (tests, benchmarks): no batch timestamp.
  Result<RecordBatch> Apply(const RecordBatch& input) const { return Apply(input, EvalContext{}); }
};

}  // namespace sluice::engine
