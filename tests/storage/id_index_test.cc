// IdIndex against a map from ids to keys: inserts, erases and finds in any order, with a hash of
// few values (so that runs of colliding slots form, wrap around the table's end, and are shifted
// back by erases, one at a time or many in one pass) and with a good hash; the candidate it offers
// for prefetching is a real id.
#include "storage/id_index.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <functional>
#include <map>
#include <set>
#include <string>

namespace sluice::storage {
namespace {

RC_GTEST_PROP(IdIndex, FindsWhatAMapFinds, ()) {
  const bool few_hashes = *rc::gen::arbitrary<bool>();
  // Few hashes: 8 values of the low bits near the table's end, so runs wrap around.
  const auto hash_of = [&](const std::string& key) -> uint64_t {
    const uint64_t h = std::hash<std::string>{}(key);
    return few_hashes ? (h & 0xFFFFFFFF00000000ull) | (1020 + h % 8) : h;
  };
  IdIndex index;
  std::map<uint32_t, std::string> model;  // id -> key
  std::map<std::string, uint32_t> id_of_key;
  uint32_t next_id = 0;
  // Up to 1500 keys: the table grows (at 512 and 1024 ids) with entries in it, then erases.
  const auto steps = *rc::gen::inRange(0, 4000);
  const auto keys = *rc::gen::inRange(1, 1500);
  for (int i = 0; i < steps; ++i) {
    const std::string key = "k" + std::to_string(*rc::gen::inRange(0, keys));
    const auto same = [&](uint32_t id) { return model.at(id) == key; };
    const auto at = id_of_key.find(key);
    const std::optional<uint32_t> expected =
        at == id_of_key.end() ? std::nullopt : std::optional<uint32_t>(at->second);
    const std::optional<uint32_t> found = index.Find(hash_of(key), same);
    RC_ASSERT(found == expected);
    if (const auto candidate = index.Candidate(hash_of(key))) RC_ASSERT(model.contains(*candidate));
    if (!found) {
      index.Insert(hash_of(key), next_id);
      id_of_key[key] = next_id;
      model[next_id++] = key;
    } else if (*rc::gen::inRange(0, 2) == 0) {
      index.Erase(hash_of(key), *found);
      model.erase(*found);
      id_of_key.erase(key);
    } else if (*rc::gen::inRange(0, 50) == 0) {
      // Erase many at once: the ids whose key's number has a drawn remainder.
      const int modulus = *rc::gen::inRange(1, 5), remainder = *rc::gen::inRange(0, modulus);
      const auto erased = [&](uint32_t id) {
        return std::stoi(model.at(id).substr(1)) % modulus == remainder;
      };
      size_t expected_count = 0;
      for (auto it = model.begin(); it != model.end();) {
        if (!erased(it->first)) {
          ++it;
          continue;
        }
        ++expected_count;
        id_of_key.erase(it->second);
        it = model.erase(it);
      }
      // `erased` reads the model, so the index is asked about the ids left and those gone alike.
      std::set<uint32_t> gone;
      for (uint32_t id = 0; id < next_id; ++id) {
        if (!model.contains(id)) gone.insert(id);
      }
      RC_ASSERT(index.EraseIf([&](uint32_t id) { return gone.contains(id); }) == expected_count);
    }
    RC_ASSERT(index.size() == model.size());
  }
  for (const auto& entry : model) {
    const std::string& key = entry.second;  // a plain name: a lambda may capture it
    RC_ASSERT(index.Find(hash_of(key), [&](uint32_t c) { return model.at(c) == key; }) ==
              entry.first);
  }
}

// The candidate is the id of the first slot on the probe whose tag matches, looked for among the
// probe's first 8 slots (a cache line's): hashes with one home and distinct tags fill a run, and
// each id is the candidate of its own hash while it is among the run's first 8.
TEST(IdIndex, TheCandidateIsTheFirstMatchAmongTheProbesFirstEightSlots) {
  IdIndex index;
  // The low 32 bits are both the home and the tag: hashes with the same home modulo the table's
  // 1024 slots and different tags.
  const auto hash_of = [](uint32_t i) { return uint64_t{7} + uint64_t{1024} * i; };
  for (uint32_t id = 0; id < 10; ++id) index.Insert(hash_of(id), id);
  for (uint32_t id = 0; id < 8; ++id) EXPECT_EQ(index.Candidate(hash_of(id)), id) << id;
  EXPECT_EQ(index.Candidate(hash_of(8)), std::nullopt);  // the ninth slot of the probe
  EXPECT_EQ(index.Candidate(hash_of(9)), std::nullopt);
  // A hash not in the index has none, whether its run is full or its home empty.
  EXPECT_EQ(index.Candidate(hash_of(10)), std::nullopt);
  EXPECT_EQ(index.Candidate(uint64_t{500}), std::nullopt);
  // Every id is still found by a search, which walks the whole run.
  for (uint32_t id = 0; id < 10; ++id) {
    EXPECT_EQ(index.Find(hash_of(id), [&](uint32_t c) { return c == id; }), id);
  }
}

}  // namespace
}  // namespace sluice::storage
