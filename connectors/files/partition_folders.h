// Partition folders in Hive's layout, as Spark writes and reads them: a file sink with
// partitionBy writes each row under `col=value/` folders (the column left out of the file), and a
// file source gives the rows of a file below such folders those values (Spark's partition
// discovery).
//
// Rules: a value is escaped as Hive's ExternalCatalogUtils.escapePathName escapes it (`%XX` for
// control characters and "#%'*/:=?\{[]^); a null or empty value is the folder
// `__HIVE_DEFAULT_PARTITION__`, read back as null. A segment without '=' or with an empty name
// is not a partition folder.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sluice::connectors::files {

inline constexpr char kDefaultPartitionName[] = "__HIVE_DEFAULT_PARTITION__";

// Hive's escaping of a partition value in a folder name.
std::string EscapePartitionValue(const std::string& value);
// The value a folder name's escaped text stands for; `%` not followed by two hex digits is kept.
std::string UnescapePartitionValue(const std::string& escaped);

// The `col=value` folders of `path` below `dir`, outermost first: (column, value or null).
// REQUIRES: `path` is below `dir` (or `dir` is empty: the root).
std::vector<std::pair<std::string, std::optional<std::string>>> PartitionValuesOf(
    const std::string& dir, const std::string& path);

}  // namespace sluice::connectors::files
