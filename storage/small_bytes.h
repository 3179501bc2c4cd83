// SmallBytes: a string of bytes, owned, in 24 bytes (a std::string takes 32): up to
// kInlineBytes of them inline, longer ones in one heap block of their exact size. The state
// store keeps each key in one, so that an entry with its key and value fits one cache line.
//
// Rules: movable, not copyable (a moved-from one is empty); `view()` stays valid until the next
// assign, move or destruction; the bytes are any bytes, NUL included; assign may take a view of
// the object's own bytes. Not comparable with another SmallBytes directly: compare their views.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace sluice::storage {

class SmallBytes {
 public:
  static constexpr size_t kInlineBytes = 23;

  SmallBytes() { SetEmpty(); }
  ~SmallBytes() { Free(); }
  SmallBytes(SmallBytes&& other) noexcept {
    std::memcpy(rep_, other.rep_, sizeof(rep_));
    other.SetEmpty();
  }
  SmallBytes& operator=(SmallBytes&& other) noexcept {
    if (this != &other) {
      Free();
      std::memcpy(rep_, other.rep_, sizeof(rep_));
      other.SetEmpty();
    }
    return *this;
  }
  SmallBytes(const SmallBytes&) = delete;
  SmallBytes& operator=(const SmallBytes&) = delete;

  // The new bytes are copied before the old are let go, so `bytes` may view this object's own.
  void assign(std::string_view bytes) {
    if (bytes.size() <= kInlineBytes) {
      char* const old_heap = OnHeap() ? HeapBytes() : nullptr;
      if (!bytes.empty()) std::memmove(rep_, bytes.data(), bytes.size());
      rep_[kMarkAt] = static_cast<char>(bytes.size());
      delete[] old_heap;
      return;
    }
    char* heap = new char[bytes.size()];
    std::memcpy(heap, bytes.data(), bytes.size());
    Free();
    const uint64_t size = bytes.size();
    std::memcpy(rep_, &heap, sizeof(heap));
    std::memcpy(rep_ + sizeof(heap), &size, sizeof(size));
    rep_[kMarkAt] = kOnHeap;
  }

  std::string_view view() const {
    if (!OnHeap()) return std::string_view(rep_, static_cast<size_t>(rep_[kMarkAt]));
    return std::string_view(HeapBytes(), HeapSize());
  }
  operator std::string_view() const { return view(); }  // NOLINT: a key reads as its bytes
  size_t size() const { return OnHeap() ? HeapSize() : static_cast<size_t>(rep_[kMarkAt]); }
  bool operator==(std::string_view bytes) const { return view() == bytes; }

 private:
  // The last byte: the inline size, or kOnHeap, when the first 16 bytes are a pointer and a size.
  static constexpr size_t kMarkAt = kInlineBytes;
  static constexpr char kOnHeap = static_cast<char>(0xFF);

  bool OnHeap() const { return rep_[kMarkAt] == kOnHeap; }
  char* HeapBytes() const {
    char* heap;
    std::memcpy(&heap, rep_, sizeof(heap));
    return heap;
  }
  size_t HeapSize() const {
    uint64_t size;
    std::memcpy(&size, rep_ + sizeof(char*), sizeof(size));
    return static_cast<size_t>(size);
  }
  void Free() {
    if (OnHeap()) delete[] HeapBytes();
    SetEmpty();
  }
  void SetEmpty() { rep_[kMarkAt] = 0; }

  char rep_[kInlineBytes + 1];
};

static_assert(sizeof(SmallBytes) == 24);

}  // namespace sluice::storage
