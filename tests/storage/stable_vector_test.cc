// StableVector against a std::vector model, over appends, writes and shrinks in any order, with
// small chunks so that every operation crosses chunk boundaries: the items read back, an item's
// address lasts while it is kept, and an item appended after a shrink is new (T{}).
#include "storage/stable_vector.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

namespace sluice::storage {
namespace {

RC_GTEST_PROP(StableVector, KeepsWhatAVectorKeepsWhereItPutIt, ()) {
  StableVector<std::string, 2> items;  // chunks of 4
  std::vector<std::string> model;
  std::vector<const std::string*> addresses;  // of each kept item, as first seen
  const auto steps = *rc::gen::inRange(1, 60);
  for (int step = 0; step < steps; ++step) {
    switch (*rc::gen::inRange(0, 4)) {
      case 0:
      case 1: {  // append, and write the new item
        std::string& item = items.EmplaceBack();
        RC_ASSERT(item.empty());
        item = "item " + std::to_string(step);
        model.push_back(item);
        addresses.push_back(&item);
        break;
      }
      case 2: {  // overwrite an item in place
        if (model.empty()) break;
        const auto i = *rc::gen::inRange<size_t>(0, model.size());
        items[i] += "+";
        model[i] += "+";
        break;
      }
      default: {  // shrink, keeping a prefix
        const auto n = *rc::gen::inRange<size_t>(0, model.size() + 1);
        items.ShrinkTo(n);
        model.resize(n);
        addresses.resize(n);
        break;
      }
    }
    RC_ASSERT(items.size() == model.size());
    for (size_t i = 0; i < model.size(); ++i) {
      RC_ASSERT(items[i] == model[i]);
      RC_ASSERT(&items[i] == addresses[i]);
    }
  }
  items.Clear();
  RC_ASSERT(items.size() == 0u);
  RC_ASSERT(items.EmplaceBack().empty());
}

}  // namespace
}  // namespace sluice::storage
