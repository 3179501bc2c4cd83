// Operator: a stateless operator, which maps one batch to one batch, partition by partition.
//
// Rules: Bind is called once, when the query starts, with the operator's input schema; it gives
// the output schema or an error that names the operator and the column. Apply is called only on
// batches of the bound schema and never keeps state between calls.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/expr/eval_context.h"
#include "engine/expr/expression.h"
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

  // Whether Apply only passes on columns of its input, shared, computing none (a select or
  // rename of columns), so that running it a piece of rows at a time saves no memory traffic
  // (ExecutionContext::piece_rows). False, the default, for any operator that computes.
  virtual bool OnlyPassesColumns() const { return false; }

  // Column pruning (engine/plan/column_pruning.h) asks these of an operator bound to `input`;
  // `needed` has a flag per column of the operator's output. The defaults keep every column.
  //
  // The columns of `input` read to give the needed output columns (a flag per input column), or
  // nullopt: every column.
  virtual std::optional<std::vector<bool>> InputColumns(const Schema& /*input*/,
                                                        const std::vector<bool>& /*needed*/) const {
    return std::nullopt;
  }
  // An operator that gives the needed output columns (at least), under the same names, and
  // leaves out others it would build; null when this one cannot. It reads what InputColumns
  // says, so it is bound to an input that may hold no more than that.
  virtual std::shared_ptr<const Operator> KeepingOnly(const Schema& /*input*/,
                                                      const std::vector<bool>& /*needed*/) const {
    return nullptr;
  }

  // Filter fusion (engine/plan/filter_fusion.h). A filter's condition; nullopt for any other
  // operator.
  virtual std::optional<Expr> FilterCondition() const { return std::nullopt; }
  // An operator over `input` that gives what a filter by `condition` over `input` then this
  // operator (bound to the filter's output, `filtered`) give, rows, columns and names; null
  // when this one cannot take the filter in.
  virtual std::shared_ptr<const Operator> AfterFilter(const Expr& /*condition*/,
                                                      const Schema& /*input*/,
                                                      const Schema& /*filtered*/) const {
    return nullptr;
  }
};

}  // namespace sluice::engine
