#include "storage/state_file.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "storage/entry_codec.h"

namespace sluice::storage {
namespace {

// A record that owns its bytes, for comparing what a file holds.
struct OwnedRecord {
  std::string key;
  std::optional<std::string> value;
  bool operator==(const OwnedRecord&) const = default;
};

std::vector<StateRecord> Views(const std::vector<OwnedRecord>& records) {
  std::vector<StateRecord> views;
  for (const OwnedRecord& r : records) {
    views.push_back({r.key, r.value ? std::optional<std::string_view>(*r.value) : std::nullopt});
  }
  return views;
}

Result<std::vector<OwnedRecord>> Decode(std::string_view bytes, bool snapshot, int64_t version) {
  std::vector<OwnedRecord> out;
  const Status st = DecodeStateFile(
      bytes, snapshot, version, [&](std::string_view key, const std::string_view* value) {
        out.push_back(
            {std::string(key), value ? std::optional<std::string>(*value) : std::nullopt});
      });
  if (!st.ok()) return st;
  return out;
}

std::string Encode(bool snapshot, int64_t version, const std::vector<OwnedRecord>& records) {
  return EncodeStateFile(snapshot, version, Views(records));
}

// Recomputes the checksum of a file whose bytes before it were changed.
std::string Resealed(std::string bytes) {
  const uint32_t crc = Crc32c(std::string_view(bytes).substr(0, bytes.size() - 4));
  for (int i = 0; i < 4; ++i) bytes[bytes.size() - 4 + i] = static_cast<char>(crc >> (8 * i));
  return bytes;
}

std::string U64(uint64_t v) {
  std::string out;
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
  return out;
}

// An int cell as the row codec writes it.
std::string IntCell(int64_t v) { return "i" + U64(static_cast<uint64_t>(v)); }

// A whole delta file of version 7 in format `format`, around the bytes of its records.
std::string FileAround(char format, const std::string& records, uint64_t count) {
  return Resealed(std::string("SLST") + format + "D" + U64(7) + records + std::string(1, '\0') +
                  U64(count) + "????");
}

// Bytes as a key or value: any bytes, or cells (a file stores those in their compact form).
rc::Gen<std::string> GenField() {
  return rc::gen::oneOf(rc::gen::arbitrary<std::string>(),
                        rc::gen::map(rc::gen::arbitrary<std::vector<int64_t>>(),
                                     [](const std::vector<int64_t>& ints) {
                                       std::string cells;
                                       for (const int64_t v : ints) cells += IntCell(v);
                                       return cells;
                                     }));
}

RC_GTEST_PROP(StateFile, RecordsDecodeInTheOrderTheyWereEncoded, (bool snapshot)) {
  std::vector<OwnedRecord> records;  // the decoder takes repeated keys too
  const size_t n = *rc::gen::inRange<size_t>(0, 20);
  for (size_t i = 0; i < n; ++i) {
    const std::string key = *GenField();
    records.push_back({key, *rc::gen::arbitrary<bool>() ? std::nullopt
                                                        : std::optional<std::string>(*GenField())});
  }
  const int64_t version = *rc::gen::inRange<int64_t>(1, int64_t{1} << 40);
  const std::string bytes = Encode(snapshot, version, records);
  const Result<std::vector<OwnedRecord>> back = Decode(bytes, snapshot, version);
  RC_ASSERT(back.ok());
  RC_ASSERT(back.value() == records);
}

// A file written a piece at a time is the file encoded whole, in pieces of at most kPieceBytes
// but where one record alone is larger.
TEST(StateFile, PiecesMakeTheWholeFile) {
  std::vector<OwnedRecord> records;
  for (int i = 0; i < 30000; ++i) {
    records.push_back(
        {"key-" + std::to_string(i),
         i % 7 == 0 ? std::nullopt : std::optional<std::string>(std::to_string(i * 31))});
    if (i == 12345) records.push_back({"big", std::string(StateFileWriter::kPieceBytes + 9, 'v')});
  }
  const std::vector<StateRecord> views = Views(records);
  std::string joined;
  std::vector<size_t> sizes;
  const Status st = WriteStateRecords(
      false, 4, views.size(), [&](size_t i) { return views[i]; },
      [&](std::string_view piece) {
        joined.append(piece);
        sizes.push_back(piece.size());
        return Status::Ok();
      });
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(joined, EncodeStateFile(false, 4, views));
  ASSERT_GE(sizes.size(), 3u);
  size_t oversized = 0;
  for (const size_t size : sizes) {
    EXPECT_GT(size, 0u);
    if (size > StateFileWriter::kPieceBytes) ++oversized;
  }
  EXPECT_EQ(oversized, 1u);  // the big record's own piece
  const Result<std::vector<OwnedRecord>> back = Decode(joined, false, 4);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value(), records);
}

// After a piece fails to be written, no more are, and Finish gives that error.
TEST(StateFile, AFailedPieceEndsTheWrite) {
  std::vector<OwnedRecord> records;
  for (int i = 0; i < 100000; ++i) records.push_back({"key-" + std::to_string(i), "value"});
  const std::vector<StateRecord> views = Views(records);
  int calls = 0;
  const Status st = WriteStateRecords(
      true, 9, views.size(), [&](size_t i) { return views[i]; },
      [&](std::string_view) { return ++calls == 2 ? Status::NoSpace("disk full") : Status::Ok(); });
  EXPECT_EQ(st.code(), StatusCode::kNoSpace);
  EXPECT_EQ(calls, 2);
}

TEST(StateFile, TheLayoutIsTheDocumentedOne) {
  // docs/formats.md: "SLST", format 2, kind, version (u64 LE), records, end mark, count, CRC. A
  // record is its op (kind, and a bit each for a compact key and value), then each field as a
  // varint length and its bytes.
  const std::string bytes = Encode(
      false, 3, {{"k", "vv"}, {IntCell(5), IntCell(1) + IntCell(-1)}, {"gone", std::nullopt}});
  const std::string body = std::string(
                               "SLST\x02"
                               "D",
                               6) +
                           U64(3) + std::string("\x01\x01k\x02vv", 6) +
                           std::string("\x0d\x02i\x0a\x04i\x02i\x01", 9) +
                           std::string("\x02\x04gone", 6) + std::string(1, '\0') + U64(3);
  ASSERT_EQ(bytes.substr(0, bytes.size() - 4), body);
  EXPECT_EQ(bytes, Resealed(body + "????"));
}

// Files written before format 2 (fixed-width lengths, every field as it is) still load.
TEST(StateFile, AFormat1FileStillLoads) {
  const std::string records = std::string("\x01\x01\0\0\0k\x02\0\0\0vv", 12) + "\x01" +
                              std::string("\x09\0\0\0", 4) + IntCell(5) +
                              std::string("\0\0\0\0", 4) + std::string("\x02\x04\0\0\0gone", 9);
  const Result<std::vector<OwnedRecord>> back = Decode(FileAround(1, records, 3), false, 7);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back.value(),
            (std::vector<OwnedRecord>{{"k", "vv"}, {IntCell(5), ""}, {"gone", std::nullopt}}));
}

// Format 2 gives a set of records one encoding: a reader refuses every other.
TEST(StateFile, AFieldNotInItsOneFormIsABadRecord) {
  ASSERT_TRUE(Decode(FileAround(2, "\x06\x02i\x0a", 1), false, 7).ok());  // a compact key
  auto why = [](const std::string& records) {
    const Result<std::vector<OwnedRecord>> r = Decode(FileAround(2, records, 1), false, 7);
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
    return r.status().message();
  };
  EXPECT_EQ(why("\x02\x09" + IntCell(5)), "bad record");  // cells stored as they are
  EXPECT_EQ(why(std::string("\x06\x03i\x8a\x00", 5)),
            "bad record");  // a longer varint than need be
  EXPECT_EQ(why(std::string("\x06\x81\x00"
                            "i",
                            4)),
            "bad record");                        // a length likewise
  EXPECT_EQ(why("\x0a\x02i\x0a"), "bad record");  // a removal has no value
  EXPECT_EQ(why("\x06\x01k"), "bad record");      // "k" is not cells
  // A length near 2^64 runs past the file: it must not wrap the reader's place back into it,
  // where the bytes before would read as more records.
  int records = 0;
  const Status wrapped =
      DecodeStateFile(FileAround(2, "\x02" + std::string(9, '\xff') + "\x01k", 1), false, 7,
                      [&](std::string_view, const std::string_view*) { ++records; });
  EXPECT_EQ(wrapped.message(), "bad record");
  EXPECT_EQ(records, 0);
}

TEST(StateFile, EachKindOfDamageIsNamed) {
  const std::string good = Encode(true, 7, {{"a", "1"}, {"b", std::nullopt}});
  ASSERT_TRUE(Decode(good, true, 7).ok());
  auto why = [](const Result<std::vector<OwnedRecord>>& r) {
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
    return r.status().message();
  };
  EXPECT_EQ(why(Decode(good.substr(0, 20), true, 7)), "too short");
  std::string flipped = good;
  flipped[16] ^= 1;
  EXPECT_EQ(why(Decode(flipped, true, 7)), "checksum mismatch");
  std::string foreign = good;
  foreign[0] = 'X';
  EXPECT_EQ(why(Decode(Resealed(foreign), true, 7)), "not a Sluice state file");
  std::string newer = good;
  newer[4] = 3;
  EXPECT_EQ(why(Decode(Resealed(newer), true, 7)), "format version 3, this build reads 1 to 2");
  std::string zero = good;
  zero[4] = 0;
  EXPECT_EQ(why(Decode(Resealed(zero), true, 7)), "format version 0, this build reads 1 to 2");
  EXPECT_EQ(why(Decode(good, false, 7)), "header names another file");
  EXPECT_EQ(why(Decode(good, true, 8)), "header names another file");
  std::string bad_op = good;
  bad_op[14] = 0x40;  // the first record's op, with a bit no format has
  EXPECT_EQ(why(Decode(Resealed(bad_op), true, 7)), "bad record");
  std::string long_key = good;
  long_key[15] = 100;  // the first key's length runs past the file
  EXPECT_EQ(why(Decode(Resealed(long_key), true, 7)), "bad record");
  std::string miscounted = good;
  miscounted[miscounted.size() - 12] = 3;  // the count says 3 records, the file holds 2
  EXPECT_EQ(why(Decode(Resealed(miscounted), true, 7)), "record count mismatch");
}

TEST(StateFile, NamesAreAVersionAndAKind) {
  EXPECT_EQ(ParseStateFileName("12.delta"), std::make_pair(int64_t{12}, false));
  EXPECT_EQ(ParseStateFileName("1.snapshot"), std::make_pair(int64_t{1}, true));
  for (const char* name : {"0.delta", "012.delta", "-1.delta", "12.delta.tmp", "12", ".delta",
                           "12.zip", "x.snapshot", "99999999999999999999.delta"}) {
    EXPECT_EQ(ParseStateFileName(name), std::nullopt) << name;
  }
}

}  // namespace
}  // namespace sluice::storage
