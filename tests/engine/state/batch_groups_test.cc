#include "engine/state/batch_groups.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <map>

namespace sluice::engine {
namespace {

// Against a model: a map from key to the id it was given, ids in order of first appearance.
RC_GTEST_PROP(BatchGroups, GivesEachKeyOneIdInOrderOfFirstAppearance, ()) {
  const auto width = *rc::gen::inRange<size_t>(0, 4);
  // Few distinct characters, so that keys repeat; lengths cross std::string's inline size.
  const auto keys = *rc::gen::container<std::vector<std::string>>(
      rc::gen::container<std::string>(rc::gen::element('a', 'b', '\0')));
  BatchGroups groups(width);
  std::map<std::string, uint32_t> model;
  for (const std::string& key : keys) {
    const auto [id, fresh] = groups.FindOrAdd(key);
    const auto [it, model_fresh] = model.try_emplace(key, static_cast<uint32_t>(model.size()));
    RC_ASSERT(fresh == model_fresh);
    RC_ASSERT(id == it->second);
    if (fresh) {
      for (size_t i = 0; i < width; ++i) RC_ASSERT(IsNull(groups.Buffer(id)[i]));
      if (width > 0) groups.Buffer(id)[0] = static_cast<int64_t>(id);  // marks it as its own
    }
  }
  RC_ASSERT(groups.size() == model.size());
  for (const auto& [key, id] : model) {
    RC_ASSERT(groups.Key(id) == key);
    if (width > 0) RC_ASSERT(groups.Buffer(id)[0] == Value{static_cast<int64_t>(id)});
  }
}

}  // namespace
}  // namespace sluice::engine
