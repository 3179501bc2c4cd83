// SmallBytes against std::string: assigns of any length (empty, the inline limit and one past it,
// long, with NUL bytes), assigns of a part of its own bytes, moves and self-moves in any order read
// back the bytes a string would hold, and a moved-from one is empty.
#include "storage/small_bytes.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace sluice::storage {
namespace {

std::string BytesOfSize(size_t size, char first) {
  std::string bytes(size, '\0');
  for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>(first + 7 * i);  // NULs too
  return bytes;
}

RC_GTEST_PROP(SmallBytes, HoldsWhatAStringHolds, ()) {
  constexpr size_t kSlots = 3;
  std::vector<SmallBytes> held(kSlots);
  std::vector<std::string> model(kSlots);
  const auto steps = *rc::gen::inRange(1, 40);
  for (int step = 0; step < steps; ++step) {
    const size_t at = *rc::gen::inRange<size_t>(0, kSlots);
    const size_t from = *rc::gen::inRange<size_t>(0, kSlots);
    switch (*rc::gen::inRange(0, 3)) {
      case 0: {  // assign, often near the inline limit
        const size_t size = *rc::gen::oneOf(
            rc::gen::inRange<size_t>(0, 3),
            rc::gen::inRange(SmallBytes::kInlineBytes - 1, SmallBytes::kInlineBytes + 2),
            rc::gen::inRange<size_t>(0, 200));
        model[at] = BytesOfSize(size, static_cast<char>(step));
        held[at].assign(model[at]);
        break;
      }
      case 1: {  // assign a part of what another holds, the same one included (a view into it)
        const size_t begin = *rc::gen::inRange<size_t>(0, model[from].size() + 1);
        const size_t size = *rc::gen::inRange<size_t>(0, model[from].size() - begin + 1);
        held[at].assign(held[from].view().substr(begin, size));
        model[at] = model[from].substr(begin, size);
        break;
      }
      case 2:  // move (a self-move keeps its bytes)
        held[at] = std::move(held[from]);
        if (at != from) {
          model[at] = std::move(model[from]);
          model[from].clear();
        }
        break;
    }
    for (size_t i = 0; i < kSlots; ++i) {
      RC_ASSERT(held[i].view() == model[i]);
      RC_ASSERT(held[i].size() == model[i].size());
      RC_ASSERT(held[i] == std::string_view(model[i]));
    }
  }
  SmallBytes moved(std::move(held[0]));
  RC_ASSERT(moved.view() == model[0]);
  RC_ASSERT(held[0].view().empty());
}

TEST(SmallBytes, KeepsUpToTheInlineLimitInItself) {
  SmallBytes bytes;
  const std::string inline_bytes = BytesOfSize(SmallBytes::kInlineBytes, 'a');
  bytes.assign(inline_bytes);
  const auto* self = reinterpret_cast<const char*>(&bytes);
  EXPECT_GE(bytes.view().data(), self);
  EXPECT_LT(bytes.view().data(), self + sizeof(bytes));
  const std::string heap_bytes = BytesOfSize(SmallBytes::kInlineBytes + 1, 'a');
  bytes.assign(heap_bytes);
  EXPECT_TRUE(bytes.view().data() < self || bytes.view().data() >= self + sizeof(bytes));
  EXPECT_EQ(bytes.view(), heap_bytes);
}

}  // namespace
}  // namespace sluice::storage
