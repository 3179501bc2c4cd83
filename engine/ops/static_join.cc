#include "engine/ops/static_join.h"

#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <set>

#include "engine/expr/columns_read.h"
#include "engine/ops/join_table_index.h"
#include "engine/types/key_word_hash.h"

namespace sluice::engine {
namespace {

// How a condition joins, found from the stream's schema: the equi-join pairs (a column of the
// stream = a column of the table, of one hashable type) among its top-level AND terms, and the
// rest of the condition (`residual`), which is evaluated over the pairs the keys match.
struct JoinPlan {
  std::vector<size_t> left_keys, right_keys;  // column indices, pair by pair
  std::optional<Expr> residual;               // none: the keys are the whole condition
};

// A left outer join's table row for a stream row that matched none.
constexpr uint32_t kNoRow = ~uint32_t{0};

class StaticJoinOp : public Operator {
 public:
  // `keep`: the names of the output columns it gives (KeepingOnly); none: every column.
  // `filter`: a where's condition that it applies to its input first (AfterFilter).
  StaticJoinOp(RecordBatch table, std::string table_name, JoinType type, Expr condition,
               std::optional<std::set<std::string>> keep = std::nullopt,
               std::optional<Expr> filter = std::nullopt)
      : table_(std::move(table)),
        table_name_(std::move(table_name)),
        type_(type),
        condition_(std::move(condition)),
        keep_(std::move(keep)),
        filter_(std::move(filter)) {}

  std::string Describe() const override {
    return std::string(type_ == JoinType::kInner ? "inner" : "left outer") + " join with " +
           table_name_ + (filter_ ? " after where " + filter_->ToString() : "");
  }

  Result<Schema> Bind(const Schema& input) const override {
    auto type = condition_.Bind(ConditionSchema(input));
    if (!type.ok()) return type.status().WithContext("join with " + table_name_);
    if (type.value() != DataType::kBool) {
      return Status::InvalidArgument("join with " + table_name_ + ": condition is not bool");
    }
    if (filter_) {
      auto filter_type = filter_->Bind(input);
      if (!filter_type.ok()) return filter_type.status().WithContext("where");
      if (filter_type.value() != DataType::kBool) {
        return Status::InvalidArgument("where: condition " + filter_->ToString() + " is not bool");
      }
    }
    return OutputSchema(input);
  }

  Result<RecordBatch> Apply(const RecordBatch& input, const EvalContext& ctx) const override {
    // The filter's rows: the hash join probes only those; the nested loop takes them copied.
    std::vector<uint32_t> selected_rows;
    if (filter_) {
      SLUICE_ASSIGN_OR_RETURN(Column keep, filter_->Evaluate(input, ctx));
      const std::span<const uint8_t> values = keep.bools();
      selected_rows.resize(values.size());
      const bool nulls = keep.null_count() > 0;  // a null condition drops its row
      size_t kept = 0;
      for (size_t i = 0; i < values.size(); ++i) {  // without a branch per row
        selected_rows[kept] = static_cast<uint32_t>(i);
        kept += static_cast<size_t>((values[i] != 0) & (!nulls || !keep.IsNull(i)));
      }
      selected_rows.resize(kept);
    }
    SLUICE_ASSIGN_OR_RETURN(std::shared_ptr<const Prepared> prepared, Prepare(input.schema()));
    const RecordBatch left =
        filter_ && prepared->index == nullptr ? input.Take(selected_rows) : input;
    std::vector<uint32_t> left_rows;
    std::vector<uint32_t> right_rows;  // kNoRow: no match (left outer)
    if (prepared->index == nullptr) {
      for (size_t l = 0; l < left.num_rows(); ++l) {
        SLUICE_ASSIGN_OR_RETURN(std::vector<uint32_t> matches, MatchesOf(left, l, ctx));
        for (uint32_t r : matches) {
          left_rows.push_back(static_cast<uint32_t>(l));
          right_rows.push_back(r);
        }
        if (matches.empty() && type_ == JoinType::kLeftOuter) {
          left_rows.push_back(static_cast<uint32_t>(l));
          right_rows.push_back(kNoRow);
        }
      }
    } else {
      SLUICE_RETURN_IF_ERROR(HashMatches(*prepared, left, filter_ ? &selected_rows : nullptr, ctx,
                                         &left_rows, &right_rows));
    }
    return Output(left, left_rows, right_rows);
  }

  std::optional<std::vector<bool>> InputColumns(const Schema& input,
                                                const std::vector<bool>& needed) const override {
    if (keep_ || filter_) return std::nullopt;  // asked of the operator as the plan built it
    const size_t nl = input.fields.size(), nr = table_.num_columns();
    // The stream's columns come out first, one for one.
    std::vector<bool> read(needed.begin(), needed.begin() + static_cast<std::ptrdiff_t>(nl));
    for (size_t l = 0; l < nl; ++l) {
      // A stream column that shares a name with a table column stays, so that both keep the
      // names left.x and right.x that the rest of the plan knows them by.
      if (table_.schema().IndexOf(input.fields[l].name)) read[l] = true;
    }
    const Schema condition_schema = ConditionSchema(input);
    std::vector<bool> in_condition(condition_schema.fields.size(), false);
    if (!MarkColumnsRead(condition_, condition_schema, in_condition)) return std::nullopt;
    for (size_t i = 0; i < in_condition.size(); ++i) {
      if (!in_condition[i] || (i >= nl && i < nl + nr)) continue;
      if (i < nl) {
        read[i] = true;
      } else if (auto l = input.IndexOf(condition_schema.fields[i].name)) {
        read[*l] = true;  // an unqualified name of the stream's
      }
    }
    return read;
  }

  std::shared_ptr<const Operator> KeepingOnly(const Schema& input,
                                              const std::vector<bool>& needed) const override {
    const Schema out = OutputSchema(input);
    std::set<std::string> names;
    for (size_t i = 0; i < out.fields.size(); ++i) {
      if (needed[i]) names.insert(out.fields[i].name);
    }
    // A batch of no columns has no rows: at least one column goes on.
    if (keep_ || filter_ || names.empty() || names.size() == out.fields.size() ||
        !HasUniqueNames(out)) {
      return nullptr;  // nothing to leave out, or no column at all
    }
    return std::make_shared<StaticJoinOp>(table_, table_name_, type_, condition_, std::move(names));
  }

  // The hash join of an inner join probes the filter's rows in place of a copy of them. Keeps
  // the columns and names it gives over the filter's output, `filtered`; null when the columns
  // only the filter reads would change them.
  std::shared_ptr<const Operator> AfterFilter(const Expr& condition, const Schema& input,
                                              const Schema& filtered) const override {
    if (filter_ || type_ != JoinType::kInner) return nullptr;
    const Result<Schema> gives = Bind(filtered);
    if (!gives.ok()) return nullptr;
    std::set<std::string> names;
    for (const Field& f : gives.value().fields) names.insert(f.name);
    auto fused = std::make_shared<StaticJoinOp>(table_, table_name_, type_, condition_,
                                                std::move(names), condition);
    const Result<Schema> fused_gives = fused->Bind(input);
    if (!fused_gives.ok() || !(fused_gives.value() == gives.value())) return nullptr;
    return fused;
  }

 private:
  // What a stream schema's batches share: the plan, and the table indexed by its keys (null when
  // the condition has no equi-join pair: every row is then paired with every table row).
  struct Prepared {
    JoinPlan plan;
    std::shared_ptr<const TableIndex> index;
    Schema condition_schema;
  };

  Result<std::shared_ptr<const Prepared>> Prepare(const Schema& left) const {
    const std::string key = left.Describe();
    std::lock_guard lock(mu_);
    if (auto it = prepared_.find(key); it != prepared_.end()) return it->second;
    auto prepared = std::make_shared<Prepared>();
    prepared->condition_schema = ConditionSchema(left);
    prepared->plan = PlanJoin(left, prepared->condition_schema);
    if (!prepared->plan.left_keys.empty()) {
      if (prepared->plan.residual) {
        auto type = prepared->plan.residual->Bind(prepared->condition_schema);
        if (!type.ok()) return type.status().WithContext("join with " + table_name_);
      }
      auto& index = indexes_[prepared->plan.right_keys];
      if (index == nullptr) index = std::make_shared<TableIndex>(table_, prepared->plan.right_keys);
      prepared->index = index;
    }
    prepared_.emplace(key, prepared);
    return std::shared_ptr<const Prepared>(prepared);
  }

  // The condition's top-level AND terms, each an equi-join pair or a part of the residual.
  JoinPlan PlanJoin(const Schema& left, const Schema& condition_schema) const {
    std::vector<Expr> terms, rest;
    std::function<void(const Expr&)> flatten = [&](const Expr& e) {
      const ExprNode& n = e.node();
      if (n.kind == ExprNode::Kind::kCall && n.fn == Fn::kAnd && n.args.size() == 2) {
        flatten(Expr(n.args[0]));
        flatten(Expr(n.args[1]));
      } else {
        terms.push_back(e);
      }
    };
    flatten(condition_);
    JoinPlan plan;
    for (const Expr& term : terms) {
      const ExprNode& n = term.node();
      std::optional<std::pair<bool, size_t>> a, b;  // (from the stream, column index)
      if (n.kind == ExprNode::Kind::kCall && n.fn == Fn::kEq && n.args.size() == 2) {
        a = Side(*n.args[0], left, condition_schema);
        b = Side(*n.args[1], left, condition_schema);
      }
      if (a && b && a->first != b->first) {
        const size_t l = a->first ? a->second : b->second;
        const size_t r = a->first ? b->second : a->second;
        const DataType& lt = left.fields[l].type;
        if (lt == table_.schema().fields[r].type && HashableKeyType(lt)) {
          plan.left_keys.push_back(l);
          plan.right_keys.push_back(r);
          continue;
        }
      }
      rest.push_back(term);
    }
    for (const Expr& e : rest) plan.residual = plan.residual ? *plan.residual && e : e;
    return plan;
  }

  // For a plain column reference: whether it names a column of the stream (true) or of the
  // table (false), and its index there; resolved as the condition's evaluation resolves it.
  std::optional<std::pair<bool, size_t>> Side(const ExprNode& n, const Schema& left,
                                              const Schema& condition_schema) const {
    if (n.kind != ExprNode::Kind::kColumn) return std::nullopt;
    const std::optional<size_t> at = condition_schema.IndexOf(n.column);
    if (!at) return std::nullopt;
    const size_t nl = left.fields.size(), nr = table_.num_columns();
    if (*at < nl) return std::pair{true, *at};
    if (*at < nl + nr) return std::pair{false, *at - nl};
    const std::string& name = condition_schema.fields[*at].name;
    if (auto l = left.IndexOf(name)) return std::pair{true, *l};
    return std::pair{false, *table_.schema().IndexOf(name)};
  }

  // The pairs whose keys match, in stream-row then table-row order, less those the residual
  // refuses; a stream row left with none gets a row of nulls in a left outer join.
  // `rows`, when given, are the rows of `left` the join takes, in order; else every row.
  Status HashMatches(const Prepared& p, const RecordBatch& left, const std::vector<uint32_t>* rows,
                     const EvalContext& ctx, std::vector<uint32_t>* left_rows,
                     std::vector<uint32_t>* right_rows) const {
    const size_t n = rows ? rows->size() : left.num_rows();
    const auto row_at = [rows](size_t i) { return rows ? (*rows)[i] : static_cast<uint32_t>(i); };
    std::vector<uint32_t> pair_left, pair_right;
    pair_left.reserve(n);
    pair_right.reserve(n);
    const auto add_matches = [&](uint32_t l, uint32_t first) {
      for (uint32_t r = first; r != TableIndex::kNone; r = p.index->Next(r)) {
        pair_left.push_back(l);
        pair_right.push_back(r);
      }
    };
    const Column& key = left.column(p.plan.left_keys.front());
    if (p.plan.left_keys.size() == 1 && IsBytesType(key.type())) {
      // One string key: each row hashed as HashKeys does and probed in one pass, its bytes
      // compared with the table's directly.
      const Column& table_key = table_.column(p.plan.right_keys.front());
      const EveryBytes row_bytes(key);
      const EveryBytes table_bytes(table_key);
      const bool nulls = key.null_count() > 0;
      for (size_t i = 0; i < n; ++i) {
        const uint32_t l = row_at(i);
        if (nulls && key.IsNull(l)) continue;
        const std::string_view bytes = row_bytes(l);
        const uint64_t h = Mix(0, KeyWordHash::Hash(bytes.data(), bytes.size()));
        add_matches(l, p.index->FirstWhere(h, [&](uint32_t r) {
          const std::string_view t = table_bytes(r);
          return t.size() == bytes.size() && EqualBytes(t.data(), bytes.data(), bytes.size());
        }));
      }
    } else {
      const KeyHashes keyed = HashKeys(left, p.plan.left_keys, rows);
      for (size_t i = 0; i < n; ++i) {
        if (!keyed.valid[i]) continue;
        const uint32_t l = row_at(i);
        add_matches(l, p.index->First(table_, left, p.plan.left_keys, l, keyed.hashes[i]));
      }
    }
    if (!p.plan.residual && type_ == JoinType::kInner) {  // the pairs are the rows
      *left_rows = std::move(pair_left);
      *right_rows = std::move(pair_right);
      return Status::Ok();
    }
    std::vector<uint8_t> keep(pair_left.size(), 1);
    if (p.plan.residual && !pair_left.empty()) {
      std::vector<Column> cols;
      for (size_t c = 0; c < left.num_columns(); ++c)
        cols.push_back(left.column(c).Take(pair_left));
      for (size_t c = 0; c < table_.num_columns(); ++c) {
        cols.push_back(table_.column(c).Take(pair_right));
      }
      SLUICE_ASSIGN_OR_RETURN(
          Column hit, p.plan.residual->Evaluate(
                          ConditionBatch(left.schema(), p.condition_schema, std::move(cols)), ctx));
      for (size_t i = 0; i < keep.size(); ++i) keep[i] = !hit.IsNull(i) && hit.Bool(i);
    }
    size_t i = 0;
    for (size_t at = 0; at < n; ++at) {
      const uint32_t l = row_at(at);
      bool matched = false;
      for (; i < pair_left.size() && pair_left[i] == l; ++i) {
        if (!keep[i]) continue;
        matched = true;
        left_rows->push_back(static_cast<uint32_t>(l));
        right_rows->push_back(pair_right[i]);
      }
      if (!matched && type_ == JoinType::kLeftOuter) {
        left_rows->push_back(static_cast<uint32_t>(l));
        right_rows->push_back(kNoRow);
      }
    }
    return Status::Ok();
  }

  RecordBatch Output(const RecordBatch& left, const std::vector<uint32_t>& left_rows,
                     const std::vector<uint32_t>& right_rows) const {
    const Schema all = AllOutputs(left.schema());
    const size_t nl = left.num_columns();
    const auto kept = [&](size_t i) { return !keep_ || keep_->contains(all.fields[i].name); };
    std::vector<Column> cols;
    for (size_t c = 0; c < nl; ++c) {
      if (kept(c)) cols.push_back(left.column(c).Take(left_rows));
    }
    // Every stream row matched (an inner join always): the table's columns in one Take each.
    const bool all_matched =
        std::find(right_rows.begin(), right_rows.end(), kNoRow) == right_rows.end();
    for (size_t c = 0; c < table_.num_columns(); ++c) {
      if (!kept(nl + c)) continue;
      if (all_matched) {
        cols.push_back(table_.column(c).Take(right_rows));
        continue;
      }
      Column out(table_.column(c).type());
      out.Reserve(right_rows.size());
      for (uint32_t r : right_rows) {
        r == kNoRow ? out.AppendNull() : out.AppendFrom(table_.column(c), r);
      }
      cols.push_back(std::move(out));
    }
    return RecordBatch(OutputSchema(left.schema()), std::move(cols));
  }

  // The batch the condition reads (ConditionSchema's layout) from the stream's columns then the
  // table's, in `cols`: the unqualified names are added as copies of their side's column.
  RecordBatch ConditionBatch(const Schema& left, const Schema& schema,
                             std::vector<Column> cols) const {
    const size_t nl = left.fields.size();
    for (size_t i = cols.size(); i < schema.fields.size(); ++i) {
      const std::string& name = schema.fields[i].name;
      auto li = left.IndexOf(name);
      cols.push_back(li ? cols[*li] : cols[nl + *table_.schema().IndexOf(name)]);
    }
    return RecordBatch(schema, std::move(cols));
  }

  // Every column as left.x / right.x, and unqualified where only one side has the name.
  Schema ConditionSchema(const Schema& left) const {
    Schema s;
    for (const Field& f : left.fields) s.fields.push_back({"left." + f.name, f.type});
    for (const Field& f : table_.schema().fields) s.fields.push_back({"right." + f.name, f.type});
    for (const Field& f : left.fields) {
      if (!table_.schema().IndexOf(f.name)) s.fields.push_back(f);
    }
    for (const Field& f : table_.schema().fields) {
      if (!left.IndexOf(f.name)) s.fields.push_back(f);
    }
    return s;
  }

  // The columns it gives: AllOutputs, less those KeepingOnly left out.
  Schema OutputSchema(const Schema& left) const {
    Schema all = AllOutputs(left);
    if (!keep_) return all;
    Schema s;
    for (Field& f : all.fields) {
      if (keep_->contains(f.name)) s.fields.push_back(std::move(f));
    }
    return s;
  }

  // The stream's columns then the table's, each side's named x, or left.x and right.x where
  // both sides have an x.
  Schema AllOutputs(const Schema& left) const {
    Schema s;
    // The stream's event-time columns keep their watermark, as in Spark.
    for (const Field& f : left.fields) {
      s.fields.push_back({table_.schema().IndexOf(f.name) ? "left." + f.name : f.name, f.type,
                          f.watermark_delay_us});
    }
    for (const Field& f : table_.schema().fields) {
      s.fields.push_back({left.IndexOf(f.name) ? "right." + f.name : f.name, f.type});
    }
    return s;
  }

  // The rows of the table that match row `l` of `left`: the condition is evaluated over the
  // row paired with every table row at once.
  Result<std::vector<uint32_t>> MatchesOf(const RecordBatch& left, size_t l,
                                          const EvalContext& ctx) const {
    const Schema schema = ConditionSchema(left.schema());
    const size_t n = table_.num_rows();
    std::vector<Column> cols;
    for (size_t c = 0; c < left.num_columns(); ++c) {
      Column col(left.column(c).type());
      for (size_t r = 0; r < n; ++r) col.AppendFrom(left.column(c), l);
      cols.push_back(std::move(col));
    }
    for (size_t c = 0; c < table_.num_columns(); ++c) cols.push_back(table_.column(c));
    SLUICE_ASSIGN_OR_RETURN(
        Column hit,
        condition_.Evaluate(ConditionBatch(left.schema(), schema, std::move(cols)), ctx));
    std::vector<uint32_t> out;
    for (size_t r = 0; r < n; ++r) {
      if (!hit.IsNull(r) && hit.Bool(r)) out.push_back(static_cast<uint32_t>(r));
    }
    return out;
  }

  RecordBatch table_;
  std::string table_name_;
  JoinType type_;
  Expr condition_;
  std::optional<std::set<std::string>> keep_;
  std::optional<Expr> filter_;
  mutable std::mutex mu_;  // guards the two caches below
  mutable std::map<std::string, std::shared_ptr<const Prepared>> prepared_;  // by stream schema
  mutable std::map<std::vector<size_t>, std::shared_ptr<const TableIndex>> indexes_;  // by keys
};

}  // namespace

std::shared_ptr<const Operator> MakeStaticJoin(RecordBatch table, std::string table_name,
                                               JoinType type, Expr condition) {
  return std::make_shared<StaticJoinOp>(std::move(table), std::move(table_name), type,
                                        std::move(condition));
}

}  // namespace sluice::engine
