#include "engine/query/query_schema.h"

#include <algorithm>

namespace sluice::engine {
namespace {

using storage::OperatorStateSchema;
using storage::SchemaColumn;

// "(id long, t timestamp)".
std::string Columns(const std::vector<SchemaColumn>& columns) {
  std::string s = "(";
  for (size_t i = 0; i < columns.size(); ++i) {
    s += (i ? ", " : "") + columns[i].name + " " + columns[i].type;
  }
  return s + ")";
}

// "stateStoreSave by [user, window.start, window.end]".
std::string Operator(const OperatorStateSchema& op) {
  std::string s = op.name + " by [";
  for (size_t i = 0; i < op.key.size(); ++i) s += (i ? ", " : "") + op.key[i].name;
  return s + "]";
}

// "[dedupe by [id], stateStoreSave by [k]]".
std::string Operators(const std::vector<OperatorStateSchema>& ops) {
  std::string s = "[";
  for (size_t i = 0; i < ops.size(); ++i) s += (i ? ", " : "") + Operator(ops[i]);
  return s + "]";
}

// "'input', 'other'".
std::string SourceNames(const std::vector<storage::SourceSchema>& sources) {
  std::string s;
  for (size_t i = 0; i < sources.size(); ++i) s += (i ? ", '" : "'") + sources[i].name + "'";
  return s;
}

// State columns are compatible when their types match in order; names may change, as in Spark.
bool SameTypes(const std::vector<SchemaColumn>& a, const std::vector<SchemaColumn>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const SchemaColumn& x, const SchemaColumn& y) { return x.type == y.type; });
}

void CompareSources(const storage::QuerySchema& was, const storage::QuerySchema& now,
                    std::vector<std::string>* changes) {
  if (was.sources.size() != now.sources.size()) {
    changes->push_back("it read " + std::to_string(was.sources.size()) + " source(s) (" +
                       SourceNames(was.sources) + "), this query reads " +
                       std::to_string(now.sources.size()) + " (" + SourceNames(now.sources) + ")");
    return;
  }
  for (size_t i = 0; i < now.sources.size(); ++i) {
    const auto& a = was.sources[i].columns;
    const auto& b = now.sources[i].columns;
    if (a == b) continue;
    changes->push_back("source " + std::to_string(i) + " ('" + now.sources[i].name +
                       "') schema changed: was " + Columns(a) + ", now " + Columns(b));
  }
}

void CompareOperators(const storage::QuerySchema& was, const storage::QuerySchema& now,
                      std::vector<std::string>* changes) {
  if (was.stateful.size() != now.stateful.size()) {
    changes->push_back("stateful operators changed: was " + Operators(was.stateful) + ", now " +
                       Operators(now.stateful));
    return;
  }
  for (size_t i = 0; i < now.stateful.size(); ++i) {
    const OperatorStateSchema& a = was.stateful[i];
    const OperatorStateSchema& b = now.stateful[i];
    const std::string id = std::to_string(i);
    if (a.name != b.name) {
      changes->push_back("stateful operator " + id + " was " + Operator(a) + ", now " +
                         Operator(b));
      continue;
    }
    if (!SameTypes(a.key, b.key)) {
      changes->push_back("state key columns of operator " + id + " (" + b.name + ") changed: was " +
                         Columns(a.key) + ", now " + Columns(b.key));
    }
    if (!SameTypes(a.value, b.value)) {
      changes->push_back("state value columns of operator " + id + " (" + b.name +
                         ") changed: was " + Columns(a.value) + ", now " + Columns(b.value));
    }
  }
}

}  // namespace

storage::QuerySchema DescribeQuerySchema(const CompiledPlan& plan) {
  storage::QuerySchema out;
  for (const auto& source : plan.sources) {
    storage::SourceSchema s{source->Name(), {}};
    for (const Field& f : source->schema().fields) {
      s.columns.push_back({f.name, std::string(TypeName(f.type))});
    }
    out.sources.push_back(std::move(s));
  }
  for (const auto& op : plan.stateful) {
    OperatorStateSchema o{op->Name(), {}, {}};
    for (const StateColumn& c : op->state_key) o.key.push_back({c.name, c.type});
    for (const StateColumn& c : op->state_value) o.value.push_back({c.name, c.type});
    out.stateful.push_back(std::move(o));
  }
  SLUICE_CHECK(out.sources.size() == plan.sources.size(), "one record per source");
  SLUICE_CHECK(out.stateful.size() == plan.stateful.size(), "one record per stateful operator");
  return out;
}

Status CheckQuerySchema(const storage::QuerySchema& was, const storage::QuerySchema& now,
                        const std::string& file) {
  std::vector<std::string> changes;
  CompareSources(was, now, &changes);
  CompareOperators(was, now, &changes);
  if (changes.empty()) return Status::Ok();
  std::string message = file + ": this checkpoint was written by a different query: ";
  for (size_t i = 0; i < changes.size(); ++i) message += (i ? "; " : "") + changes[i];
  return Status::FailedPrecondition(
      message +
      ". Its offsets and state cannot be read by the changed query: start the changed "
      "query with a new checkpoint directory, or restart the original query on this one");
}

}  // namespace sluice::engine
