// Stateless operators: each maps one batch to one batch, partition by partition.
//
// Rules: Bind is called once, when the query starts, with the operator's input schema; it gives
// the output schema or an error that names the operator and the column. Apply is called only on
// batches of the bound schema and never keeps state between calls.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/expression.h"

namespace sluice::engine {

class Operator {
 public:
  virtual ~Operator() = default;
  virtual std::string Describe() const = 0;
  virtual Result<Schema> Bind(const Schema& input) const = 0;
  virtual Result<RecordBatch> Apply(const RecordBatch& input) const = 0;
};

// The watermark tag of an expression's output column `output_name`: a plain column reference
// keeps its column's, except a struct field given a plain name.
std::optional<int64_t> WatermarkDelayOf(const Expr& expr, const Schema& input,
                                        const std::string& output_name);

enum class JoinType : uint8_t { kInner, kLeftOuter };

std::shared_ptr<const Operator> MakeSelect(std::vector<NamedExpr> items);
std::shared_ptr<const Operator> MakeWhere(Expr condition);
std::shared_ptr<const Operator> MakeWithColumn(std::string name, Expr expr);
// Renames columns by position (the right side of a union takes the left side's names).
std::shared_ptr<const Operator> MakeRename(Schema names);
// Joins each row with a static table. `condition` refers to left.x and right.x (or to a name
// only one side has). Output: the left columns, then the right ones; a name both sides have
// is written left.x / right.x. A left outer join keeps unmatched left rows with nulls.
std::shared_ptr<const Operator> MakeStaticJoin(RecordBatch table, std::string table_name,
                                               JoinType type, Expr condition);

}  // namespace sluice::engine
