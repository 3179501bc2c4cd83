#include "storage/state_file.h"

#include <algorithm>
#include <charconv>

#include "storage/entry_codec.h"
#include "storage/state_cells.h"
#include "storage/varint.h"

namespace sluice::storage {
namespace {

namespace in = state_file_internal;

constexpr char kMagic[4] = {'S', 'L', 'S', 'T'};
constexpr uint8_t kFormatVersion = 2;        // what a writer writes
constexpr uint8_t kOldestFormatVersion = 1;  // the oldest a reader reads

// Reads little-endian fields from a file's bytes; every read is bounds-checked.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  bool U8(uint8_t* v) {
    if (pos_ + 1 > bytes_.size()) return false;
    *v = static_cast<uint8_t>(bytes_[pos_++]);
    return true;
  }
  bool U32(uint32_t* v) {
    if (pos_ + 4 > bytes_.size()) return false;
    *v = 0;
    for (int i = 0; i < 4; ++i) *v |= uint32_t{static_cast<uint8_t>(bytes_[pos_ + i])} << (8 * i);
    pos_ += 4;
    return true;
  }
  bool U64(uint64_t* v) {
    if (pos_ + 8 > bytes_.size()) return false;
    *v = 0;
    for (int i = 0; i < 8; ++i) *v |= uint64_t{static_cast<uint8_t>(bytes_[pos_ + i])} << (8 * i);
    pos_ += 8;
    return true;
  }
  bool Varint(uint64_t* v) {
    const char* begin = bytes_.data() + pos_;
    const char* after = GetVarint(begin, bytes_.data() + bytes_.size(), v);
    if (after == nullptr) return false;
    pos_ += static_cast<size_t>(after - begin);
    return true;
  }
  bool Bytes(uint64_t n, std::string_view* v) {
    if (n > bytes_.size() - pos_) return false;  // not `pos_ + n`: a varint length can wrap it
    *v = bytes_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  size_t pos() const { return pos_; }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

// Writes `bytes` at `at` as a format 2 field, its varint length and then its compact form if it
// has one (setting `compact_bit` in `*op`) or else itself, and returns the byte after it.
// REQUIRES: room for kMaxVarintBytes, `bytes.size()` and kCompactSlackBytes at `at`.
char* PutField(char* at, std::string_view bytes, uint8_t compact_bit, uint8_t* op) {
  // The body goes after room for the longest length it can have; a shorter length moves it.
  const size_t room_for_length = VarintBytes(bytes.size());
  char* const body = at + room_for_length;
  size_t n = CompactCells(bytes, body);
  if (n == kNoCompactForm) {
    std::memcpy(body, bytes.data(), bytes.size());
    n = bytes.size();
  } else {
    *op |= compact_bit;
  }
  const size_t length_bytes = VarintBytes(n);
  if (length_bytes < room_for_length) std::memmove(at + length_bytes, body, n);
  return PutVarint(at, n) + n;
}

// Reads a format 2 field into `*out`: its bytes as stored, expanded into `*scratch` when
// `compact`. False where the field is damaged or not in the one form a writer gives it.
bool GetField(Reader& at, bool compact, std::string* scratch, std::string_view* out) {
  uint64_t n = 0;
  std::string_view stored;
  if (!at.Varint(&n) || !at.Bytes(n, &stored)) return false;
  scratch->clear();
  if (compact) {
    if (!ExpandCells(stored, scratch)) return false;
    *out = *scratch;
    return true;
  }
  // Stored as it is: only bytes that have no compact form are.
  scratch->resize(stored.size() + kCompactSlackBytes);
  if (CompactCells(stored, scratch->data()) != kNoCompactForm) return false;
  *out = stored;
  return true;
}

// Passes each record on; `at` is after the header. A record is its op byte, the kind (kPut or
// kRemove) with no bits but `flags` (those a put may carry; a removal carries no kValueCompact),
// then its key and, for a put, its value, each read by `read_field(at, compact, scratch, out)`.
template <class ReadField>
Status DecodeRecords(Reader& at, uint8_t flags, const ReadField& read_field, uint64_t* records,
                     const RecordVisitor& on_record) {
  std::string key_scratch, value_scratch;
  for (;;) {
    uint8_t op = 0;
    if (!at.U8(&op)) return Status::Corruption("truncated");
    if (op == in::kEnd) return Status::Ok();
    const uint8_t kind = op & in::kKindBits;
    const uint8_t allowed = kind == in::kPut ? flags : flags & ~in::kValueCompact;
    std::string_view key, value;
    if ((kind != in::kPut && kind != in::kRemove) || (op & ~(in::kKindBits | allowed)) != 0 ||
        !read_field(at, (op & in::kKeyCompact) != 0, &key_scratch, &key)) {
      return Status::Corruption("bad record");
    }
    if (kind == in::kPut) {
      if (!read_field(at, (op & in::kValueCompact) != 0, &value_scratch, &value)) {
        return Status::Corruption("bad record");
      }
      on_record(key, &value);
    } else {
      on_record(key, nullptr);
    }
    ++*records;
  }
}

// A format 1 field: a u32 length and the bytes as they are.
bool GetFormat1Field(Reader& at, bool, std::string*, std::string_view* out) {
  uint32_t n = 0;
  return at.U32(&n) && at.Bytes(n, out);
}

}  // namespace

void StateFileWriter::Add(const StateRecord& r) {
  const size_t most = 1 + kMaxVarintBytes + r.key.size() +
                      (r.value ? kMaxVarintBytes + r.value->size() : 0) + kCompactSlackBytes;
  char* const start = Reserve(most);
  uint8_t op = r.value ? in::kPut : in::kRemove;
  char* at = PutField(start + 1, r.key, in::kKeyCompact, &op);
  if (r.value) at = PutField(at, *r.value, in::kValueCompact, &op);
  *start = static_cast<char>(op);
  Unreserve(static_cast<size_t>(start + most - at));
  ++records_;
}

StateFileWriter::StateFileWriter(bool snapshot, int64_t version, const PieceWrite& write)
    : write_(write), buffer_(kFirstRoomBytes, '\0') {
  char* at = Reserve(in::kHeaderBytes);
  in::PutBytes(at, std::string_view(kMagic, sizeof(kMagic)));
  *at++ = static_cast<char>(kFormatVersion);
  *at++ = snapshot ? 'S' : 'D';
  in::PutU64(at, static_cast<uint64_t>(version));
}

void StateFileWriter::WritePiece() {
  const std::string_view piece(buffer_.data(), used_);
  crc_ = Crc32c(piece, crc_);
  if (status_.ok()) status_ = write_(piece);
  used_ = 0;
  if (buffer_.size() > kPieceBytes) buffer_.resize(kPieceBytes);  // after an oversized record
}

char* StateFileWriter::ReserveAfterWriting(size_t bytes) {
  // The room grows to a piece's before a piece is written, so that a small file (most of the
  // simulator's) costs a small buffer.
  if (buffer_.size() < kPieceBytes && used_ + bytes <= kPieceBytes) {
    buffer_.resize(std::max(used_ + bytes, std::min(2 * buffer_.size(), kPieceBytes)));
  } else {
    WritePiece();
    if (bytes > buffer_.size()) buffer_.resize(bytes);
  }
  char* at = buffer_.data() + used_;
  used_ += bytes;
  return at;
}

Status StateFileWriter::Finish() {
  SLUICE_CHECK(!finished_, "a state file is finished once");
  finished_ = true;
  char* at = Reserve(in::kTrailerBytes);
  *at++ = static_cast<char>(in::kEnd);
  in::PutU64(at, records_);
  // Every byte before the checksum is pending or written: the trailer did not fit, or it did.
  crc_ = Crc32c(std::string_view(buffer_.data(), used_ - 4), crc_);
  in::PutU32(at, crc_);
  if (status_.ok()) status_ = write_(std::string_view(buffer_.data(), used_));
  used_ = 0;
  return status_;
}

std::string EncodeStateFile(bool snapshot, int64_t version,
                            const std::vector<StateRecord>& records) {
  std::string out;
  const Status st = WriteStateRecords(
      snapshot, version, records.size(), [&](size_t i) -> const StateRecord& { return records[i]; },
      [&](std::string_view piece) {
        out.append(piece);
        return Status::Ok();
      });
  SLUICE_CHECK(st.ok(), "encoding into memory cannot fail");
  return out;
}

Status DecodeStateFile(std::string_view data, bool snapshot, int64_t version,
                       const RecordVisitor& on_record) {
  if (data.size() < in::kHeaderBytes + in::kTrailerBytes) return Status::Corruption("too short");
  uint32_t stored_crc = 0;
  Reader tail(data.substr(data.size() - 4));
  tail.U32(&stored_crc);
  if (Crc32c(data.substr(0, data.size() - 4)) != stored_crc) {
    return Status::Corruption("checksum mismatch");
  }
  Reader at(data);
  std::string_view magic;
  uint8_t format = 0, kind = 0;
  uint64_t file_version = 0;
  at.Bytes(4, &magic);
  at.U8(&format);
  at.U8(&kind);
  at.U64(&file_version);
  if (magic != std::string_view(kMagic, 4)) return Status::Corruption("not a Sluice state file");
  if (format < kOldestFormatVersion || format > kFormatVersion) {
    return Status::Corruption("format version " + std::to_string(format) + ", this build reads " +
                              std::to_string(kOldestFormatVersion) + " to " +
                              std::to_string(kFormatVersion));
  }
  if (kind != (snapshot ? 'S' : 'D') || file_version != static_cast<uint64_t>(version)) {
    return Status::Corruption("header names another file");
  }
  uint64_t records = 0;
  const Status st = format == 1 ? DecodeRecords(at, 0, GetFormat1Field, &records, on_record)
                                : DecodeRecords(at, in::kKeyCompact | in::kValueCompact, GetField,
                                                &records, on_record);
  if (!st.ok()) return st;
  uint64_t count = 0;
  if (!at.U64(&count) || count != records || at.pos() + 4 != data.size()) {
    return Status::Corruption("record count mismatch");
  }
  return Status::Ok();
}

std::optional<std::pair<int64_t, bool>> ParseStateFileName(const std::string& name) {
  const size_t dot = name.find('.');
  if (dot == std::string::npos || dot == 0) return std::nullopt;
  const std::string suffix = name.substr(dot + 1);
  if (suffix != "delta" && suffix != "snapshot") return std::nullopt;
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(name.data(), name.data() + dot, v);
  if (ec != std::errc() || end != name.data() + dot || v < 1) return std::nullopt;
  if (std::to_string(v) != name.substr(0, dot)) return std::nullopt;
  return std::make_pair(v, suffix == "snapshot");
}

}  // namespace sluice::storage
