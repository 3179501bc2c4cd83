// The SPIN model (spec/model/sluice.pml) and the C++ tables must describe the same machines: the
// model's mb_step / ap_step / rc_step(from, event, to) calls name exactly the transitions of the
// standard micro-batch, atomic-publish and recovery tables, and its mtype declares exactly the
// states those tables use. A table edit without a model edit (or the reverse) fails here.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "spec/protocol.h"

namespace sluice::spec {
namespace {

std::string ReadModel() {
  std::ifstream in(std::string(SLUICE_SOURCE_DIR) + "/spec/model/sluice.pml");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::pair<std::string_view, std::string_view> kPrefixes[] = {
    {"mb", "micro_batch"}, {"ap", "atomic_publish"}, {"rc", "recovery"}};

std::string MachineOf(const std::string& prefix) {
  for (const auto& [p, m] : kPrefixes) {
    if (p == prefix) return std::string(m);
  }
  return "?";
}

TEST(ModelMatchesTables, SameTransitions) {
  const std::string model = ReadModel();
  ASSERT_FALSE(model.empty()) << "spec/model/sluice.pml is readable";
  std::set<std::string> in_model;
  // mb_step(mb_idle, new_trigger, mb_planning): the states carry the machine's prefix.
  const std::regex step(R"(\b(mb|ap|rc)_step\(\1_(\w+), (\w+), \1_(\w+)\))");
  for (auto it = std::sregex_iterator(model.begin(), model.end(), step);
       it != std::sregex_iterator(); ++it) {
    const std::string prefix = (*it)[1];
    in_model.insert(
        TransitionName{MachineOf(prefix), (*it)[2].str(), (*it)[3].str(), (*it)[4].str()}.Mark());
  }
  std::set<std::string> in_tables;
  for (const TransitionName& t : TransitionNames(kStandardProtocol)) {
    if (t.machine != "query") in_tables.insert(t.Mark());
  }
  for (const std::string& t : in_tables) EXPECT_TRUE(in_model.count(t)) << "model lacks " << t;
  for (const std::string& t : in_model) EXPECT_TRUE(in_tables.count(t)) << "tables lack " << t;
  EXPECT_EQ(in_tables.size(), 48u);  // 28 micro-batch + 10 atomic-publish + 10 recovery
}

TEST(ModelMatchesTables, SameStates) {
  const std::string model = ReadModel();
  const size_t begin = model.find("mtype = {");
  ASSERT_NE(begin, std::string::npos);
  const std::string decl = model.substr(begin, model.find('}', begin) - begin);
  std::set<std::string> in_model;
  const std::regex name(R"(\b(mb|ap|rc)_(\w+))");
  for (auto it = std::sregex_iterator(decl.begin(), decl.end(), name); it != std::sregex_iterator();
       ++it) {
    in_model.insert(MachineOf((*it)[1]) + " " + (*it)[2].str());
  }
  std::set<std::string> in_tables;
  for (const TransitionName& t : TransitionNames(kStandardProtocol)) {
    if (t.machine == "query") continue;
    in_tables.insert(std::string(t.machine) + " " + std::string(t.from));
    in_tables.insert(std::string(t.machine) + " " + std::string(t.to));
  }
  // The initial states of the machines are named in the tables as sources of transitions.
  EXPECT_EQ(in_model, in_tables);
}

}  // namespace
}  // namespace sluice::spec
