// Generators: explode, explode_outer, posexplode, posexplode_outer, inline, inline_outer and
// json_tuple, which make the rows of one input row into zero or more output rows.
//
// Rules (Spark's Generate): a generator stands only as the top expression of a select item, one
// per select; the select's other items are repeated beside every row it makes, and its columns
// take the item's place. explode makes one row per array element (one column) or map entry (key,
// value), in order, none for an empty or null one; the _outer forms make one row of nulls
// instead; posexplode adds a 0-based int position first; inline makes one row per struct of an
// array of structs, one column per field (a null struct gives a row of nulls); json_tuple makes
// exactly one row of N strings. Column names come from the item (one per column), else Spark's
// defaults: col, key/value, pos, the struct's field names, c0..cN-1.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/expr/expression.h"

namespace sluice::engine {

// Whether `expr` is a call of a generator.
bool IsGenerator(const Expr& expr);

// A generator bound to its input schema: the columns it makes.
struct BoundGenerator {
  std::string name;
  std::vector<Field> fields;
  // The generator's argument (the array, map or JSON text), bound to the input schema once.
  std::optional<Expr> argument;
};

// The expression of a generator's argument, for BindGenerator; one kept from batch to batch
// keeps its binding. REQUIRES: IsGenerator(expr).
std::optional<Expr> GeneratorArgument(const Expr& expr);

// REQUIRES: IsGenerator(expr); `argument` is GeneratorArgument(expr) (or a copy of it). `names`
// are the select item's names (empty for the defaults).
Result<BoundGenerator> BindGenerator(const Expr& expr, const std::optional<Expr>& argument,
                                     const std::vector<std::string>& names, const Schema& input);

// The generated rows of `input`: one column per field of the bound generator, and for each output
// row the input row it came from (ascending).
struct GeneratedRows {
  std::vector<Column> columns;
  std::vector<uint32_t> source_rows;
};
Result<GeneratedRows> RunGenerator(const Expr& expr, const BoundGenerator& bound,
                                   const RecordBatch& input, const EvalContext& ctx);

}  // namespace sluice::engine
