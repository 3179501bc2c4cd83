#include "storage/state_file.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <optional>
#include <string>
#include <tuple>
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

RC_GTEST_PROP(StateFile, RecordsDecodeInTheOrderTheyWereEncoded,
              (const std::vector<std::tuple<std::string, bool, std::string>>& drawn,
               bool snapshot)) {
  std::vector<OwnedRecord> records;  // (key, removed, value): the decoder takes repeated keys too
  for (const auto& [key, removed, value] : drawn) {
    records.push_back({key, removed ? std::nullopt : std::optional<std::string>(value)});
  }
  const int64_t version = *rc::gen::inRange<int64_t>(1, int64_t{1} << 40);
  const std::string bytes = Encode(snapshot, version, records);
  size_t expected_bytes = 4 + 1 + 1 + 8 + 1 + 8 + 4;
  for (const StateRecord& r : Views(records)) expected_bytes += StateRecordBytes(r);
  RC_ASSERT(bytes.size() == expected_bytes);
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
  // docs/formats.md: "SLST", format 1, kind, version (u64 LE), records, end mark, count, CRC.
  const std::string bytes = Encode(false, 3, {{"k", "vv"}, {"gone", std::nullopt}});
  const std::string body = std::string(
                               "SLST\x01"
                               "D",
                               6) +
                           std::string("\x03\0\0\0\0\0\0\0", 8) +
                           std::string("\x01\x01\0\0\0k\x02\0\0\0vv", 12) +
                           std::string("\x02\x04\0\0\0gone", 9) + std::string(1, '\0') +
                           std::string("\x02\0\0\0\0\0\0\0", 8);
  ASSERT_EQ(bytes.substr(0, bytes.size() - 4), body);
  EXPECT_EQ(bytes, Resealed(body + "????"));
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
  newer[4] = 2;
  EXPECT_EQ(why(Decode(Resealed(newer), true, 7)), "format version 2, this build reads 1");
  EXPECT_EQ(why(Decode(good, false, 7)), "header names another file");
  EXPECT_EQ(why(Decode(good, true, 8)), "header names another file");
  std::string bad_op = good;
  bad_op[14] = 9;  // the first record's op
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
