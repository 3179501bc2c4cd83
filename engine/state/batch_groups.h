// BatchGroups: the groups one batch of an aggregation touches, in order of first appearance.
//
// A group is its encoded key (all keys in one buffer) and a fixed number of buffer Values (all
// groups' side by side). An index finds a group by key with one probe. Rules: a group's id is its
// position; ids and keys never change; Buffer pointers last until the next group is added.
#pragma once

#include <absl/container/flat_hash_set.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/types/value.h"

namespace sluice::engine {

class BatchGroups {
 public:
  explicit BatchGroups(size_t buffer_width) : width_(buffer_width) {}
  BatchGroups(const BatchGroups&) = delete;
  BatchGroups& operator=(const BatchGroups&) = delete;

  // The id of `key`'s group, and whether it was added now. A new group's buffer is null Values.
  std::pair<uint32_t, bool> FindOrAdd(std::string_view key);

  size_t size() const { return ends_.size(); }
  std::string_view Key(uint32_t id) const {
    const size_t begin = id == 0 ? 0 : ends_[id - 1];
    return std::string_view(keys_).substr(begin, ends_[id] - begin);
  }
  Value* Buffer(uint32_t id) { return buffers_.data() + id * width_; }
  const Value* Buffer(uint32_t id) const { return buffers_.data() + id * width_; }

 private:
  // Hash and equality over group ids that also take a key, so the index holds only ids.
  struct KeyHash {
    using is_transparent = void;
    const BatchGroups* groups;
    size_t operator()(uint32_t id) const { return groups->hashes_[id]; }
    size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };
  struct KeyEq {
    using is_transparent = void;
    const BatchGroups* groups;
    bool operator()(uint32_t a, uint32_t b) const { return a == b; }
    bool operator()(uint32_t id, std::string_view key) const { return groups->Key(id) == key; }
    bool operator()(std::string_view key, uint32_t id) const { return groups->Key(id) == key; }
  };

  size_t width_;
  std::string keys_;
  std::vector<size_t> ends_;    // where each group's key ends in keys_
  std::vector<size_t> hashes_;  // of each group's key
  std::vector<Value> buffers_;
  absl::flat_hash_set<uint32_t, KeyHash, KeyEq> index_{0, KeyHash{this}, KeyEq{this}};
};

inline std::pair<uint32_t, bool> BatchGroups::FindOrAdd(std::string_view key) {
  const size_t hash = std::hash<std::string_view>{}(key);
  if (const auto it = index_.find(key, hash); it != index_.end()) return {*it, false};
  const auto id = static_cast<uint32_t>(ends_.size());
  keys_.append(key);
  ends_.push_back(keys_.size());
  hashes_.push_back(hash);
  buffers_.resize(buffers_.size() + width_);
  index_.insert(id);
  return {id, true};
}

}  // namespace sluice::engine
