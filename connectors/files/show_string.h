// ShowString: a batch as Spark's `Dataset.show` writes it (Dataset.showString, Spark 3.5), the
// text the console sink prints.
//
// Rules: the first `num_rows` rows (a negative count is 0); each cell as Spark's ToPrettyString
// writes it (NULL for a null, nested ones too; binary as hex bytes in brackets; arrays `[a, b]`,
// maps `{k -> v}`, structs `{a, b}`), with \n, \r, \t, \f, \b, \v and \a written as escapes. With
// `truncate` > 0 a cell longer than `truncate` characters (UTF-16 units, as Java counts) is cut to
// its first `truncate - 3` and "..." (to `truncate`, without the dots, when `truncate` < 4) and
// cells are right-aligned; with 0 nothing is cut and cells are left-aligned. Column names are
// escaped but never cut. A column is as wide as its widest cell or name and at least 3, a wide
// East Asian character counting 2. When rows remain, a last line says
// `only showing top N rows` ("row" when N is 1).
#pragma once

#include <string>

#include "engine/types/record_batch.h"

namespace sluice::connectors::files {

std::string ShowString(const engine::RecordBatch& batch, int num_rows, int truncate);

// One cell as Spark's ToPrettyString writes it (before escaping and truncation).
std::string PrettyString(const engine::Value& v, const engine::DataType& type);

}  // namespace sluice::connectors::files
