#include "storage/state_cells.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "storage/cell_tags.h"
#include "storage/varint.h"

namespace sluice::storage {
namespace {

using enum cell_tags::CellTag;

std::string U64(uint64_t v) {
  std::string out;
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
  return out;
}

// A drawn sequence of cells, as the row codec lays them out, with the size of its compact form
// worked out cell by cell from docs/formats.md's rules, and where each cell ends.
struct DrawnCells {
  std::string bytes;
  size_t compact_bytes = 0;
  std::set<size_t> cell_ends;
};

DrawnCells DrawCells() {
  DrawnCells out;
  const size_t n = *rc::gen::inRange<size_t>(0, 12);
  for (size_t c = 0; c < n; ++c) {
    const char tag =
        *rc::gen::element(kNull, kInt, kDouble, kString, kFalse, kTrue, kDecimal, kList);
    out.bytes.push_back(tag);
    ++out.compact_bytes;
    if (tag == kInt) {
      const int64_t v =
          *rc::gen::oneOf(rc::gen::inRange<int64_t>(-300, 300), rc::gen::arbitrary<int64_t>(),
                          rc::gen::element(std::numeric_limits<int64_t>::min(),
                                           std::numeric_limits<int64_t>::max(), int64_t{1} << 51));
      out.bytes += U64(static_cast<uint64_t>(v));
      out.compact_bytes += VarintBytes(ZigZag(v));
    } else if (tag == kList) {
      const uint64_t count =
          *rc::gen::oneOf(rc::gen::inRange<uint64_t>(0, 200), rc::gen::arbitrary<uint64_t>());
      out.bytes += U64(count);
      out.compact_bytes += VarintBytes(count);
    } else if (tag == kString) {
      const std::string s =
          *rc::gen::oneOf(rc::gen::arbitrary<std::string>(),
                          rc::gen::container<std::string>(*rc::gen::inRange<size_t>(120, 140),
                                                          rc::gen::arbitrary<char>()));
      out.bytes += U64(s.size()) + s;
      out.compact_bytes += VarintBytes(s.size()) + s.size();
    } else if (tag == kDouble || tag == kDecimal) {
      const size_t payload = tag == kDouble ? 8 : 16;
      out.bytes += *rc::gen::container<std::string>(payload, rc::gen::arbitrary<char>());
      out.compact_bytes += payload;
    }
    out.cell_ends.insert(out.bytes.size());
  }
  return out;
}

size_t Compact(std::string_view cells, std::string* out) {
  out->assign(cells.size() + kCompactSlackBytes, '\0');
  const size_t n = CompactCells(cells, out->data());
  if (n != kNoCompactForm) out->resize(n);
  return n;
}

RC_GTEST_PROP(StateCells, CellsHaveACompactFormThatExpandsBackWhenItIsNoLonger, ()) {
  const DrawnCells drawn = DrawCells();
  std::string compact;
  const size_t n = Compact(drawn.bytes, &compact);
  if (drawn.compact_bytes > drawn.bytes.size()) {
    RC_ASSERT(n == kNoCompactForm);
    return;
  }
  RC_ASSERT(n == drawn.compact_bytes);
  std::string expanded = "kept";
  RC_ASSERT(ExpandCells(compact, &expanded));
  RC_ASSERT(expanded == "kept" + drawn.bytes);
}

RC_GTEST_PROP(StateCells, BytesCutInsideACellHaveNoCompactForm, ()) {
  const DrawnCells drawn = DrawCells();
  const size_t cut = *rc::gen::inRange<size_t>(0, drawn.bytes.size() + 1);
  RC_PRE(cut != 0 && !drawn.cell_ends.contains(cut));
  std::string compact;
  RC_ASSERT(Compact(std::string_view(drawn.bytes).substr(0, cut), &compact) == kNoCompactForm);
}

// A reader given part of a compact form gets cells from it only where the part is itself a compact
// form: of the first cells, never of anything else.
RC_GTEST_PROP(StateCells, APartOfACompactFormExpandsOnlyToTheCellsItHolds, ()) {
  const DrawnCells drawn = DrawCells();
  std::string compact;
  RC_PRE(Compact(drawn.bytes, &compact) != kNoCompactForm && !compact.empty());
  const size_t cut = *rc::gen::inRange<size_t>(0, compact.size());
  std::string expanded;
  const std::string_view prefix = std::string_view(compact).substr(0, cut);
  std::string again;
  if (ExpandCells(prefix, &expanded)) {
    RC_ASSERT(drawn.cell_ends.contains(expanded.size()) || expanded.empty());
    RC_ASSERT(drawn.bytes.compare(0, expanded.size(), expanded) == 0);
    RC_ASSERT(Compact(expanded, &again) == prefix.size());
    RC_ASSERT(again == prefix);
  }
}

TEST(StateCells, AWindowKeyOfThreeIntsTakesTwentyBytes) {
  // (window (start, end), k) for the compare bench's times: a struct of two ints, then an int.
  const int64_t start = 3'600'000'000 * 7, end = start + 3'600'000'000, k = 654'321;
  const std::string key = std::string(1, kList) + U64(2) + std::string(1, kInt) + U64(start) +
                          std::string(1, kInt) + U64(end) + std::string(1, kInt) + U64(k);
  ASSERT_EQ(key.size(), 36u);
  std::string compact;
  EXPECT_EQ(Compact(key, &compact), 2 + 1 + VarintBytes(ZigZag(start)) + 1 +
                                        VarintBytes(ZigZag(end)) + 1 + VarintBytes(ZigZag(k)));
  EXPECT_EQ(compact.size(), 20u);
  const std::string value = std::string(1, kInt) + U64(1) + std::string(1, kInt) + U64(42);
  EXPECT_EQ(Compact(value, &compact), 4u);
  EXPECT_EQ(compact, "i\x02i\x54");
}

TEST(StateCells, BytesThatAreNotCellsHaveNoCompactForm) {
  std::string compact;
  EXPECT_EQ(Compact("key-1", &compact), kNoCompactForm);     // 'k' is no tag
  EXPECT_EQ(Compact("i1234567", &compact), kNoCompactForm);  // an int cut short
  EXPECT_EQ(Compact(std::string(1, kString) + U64(5) + "abcd", &compact), kNoCompactForm);
  EXPECT_EQ(Compact("", &compact), 0u);  // no cells: dedup's empty value
  EXPECT_EQ(Compact("ntf", &compact), 3u);
}

TEST(StateCells, ExpandRefusesWhatNoWriterWrites) {
  std::string out;
  EXPECT_FALSE(ExpandCells("x", &out));                          // no such tag
  EXPECT_FALSE(ExpandCells(std::string("i\x80\x00", 3), &out));  // 0 in two bytes
  EXPECT_FALSE(ExpandCells("i\x80", &out));                      // a varint cut short
  EXPECT_FALSE(
      ExpandCells("s\x05"
                  "abcd",
                  &out));                       // a string cut short
  EXPECT_FALSE(ExpandCells("d1234567", &out));  // a double cut short
  // INT64_MIN's varint takes 10 bytes, longer than its cell: a writer stores that cell as it is.
  const std::string longest = "i" + std::string(9, '\xff') + "\x01";
  EXPECT_FALSE(ExpandCells(longest, &out));
  out.clear();
  EXPECT_TRUE(ExpandCells("i\x01", &out));
  EXPECT_EQ(out, std::string(1, kInt) + U64(static_cast<uint64_t>(-1)));
}

}  // namespace
}  // namespace sluice::storage
