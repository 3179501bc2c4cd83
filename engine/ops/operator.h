// Operator: a stateless operator, which maps one batch to one batch, partition by partition.
//
// Rules: Bind is called once, when the query starts, with the operator's input schema; it gives
// the output schema or an error that names the operator and the column. Apply is called only on
// batches of the bound schema and never keeps state between calls.
#pragma once

#include <string>

#include "engine/types/record_batch.h"

namespace sluice::engine {

class Operator {
 public:
  virtual ~Operator() = default;
  virtual std::string Describe() const = 0;
  virtual Result<Schema> Bind(const Schema& input) const = 0;
  virtual Result<RecordBatch> Apply(const RecordBatch& input) const = 0;
};

}  // namespace sluice::engine
