// The lines of a text file, as Spark's text, json and csv sources split a file without a
// `lineSep` option (Hadoop's LineRecordReader): a line ends at "\n", "\r\n" or "\r"; the end of
// the file ends the last line, and a file that ends with a line end has no empty last line.
#pragma once

#include <string_view>
#include <vector>

namespace sluice::connectors::files {

// Views into `bytes`, which must outlive them.
std::vector<std::string_view> SplitLines(std::string_view bytes);

}  // namespace sluice::connectors::files
