// The hash functions of Spark SQL (engine/expr/function.h): hash and xxhash64 over values of every
// type (engine/expr/spark_hash.h), and md5, sha2 and crc32 over bytes (engine/expr/digest.h).
#include <vector>

#include "engine/expr/cast.h"
#include "engine/expr/digest.h"
#include "engine/expr/function.h"
#include "engine/expr/spark_hash.h"

namespace sluice::engine {
namespace {

bool IsNullLiteral(const FunctionArg& arg) {
  return arg.is_literal && (!arg.literal.has_value() || IsNull(*arg.literal));
}

// One value of any type hashed with `seed`, as Spark's HashExpression walks it: a null value
// (also a null element, field, key or value) leaves the hash unchanged; arrays element by element,
// structs field by field, maps key then value entry by entry.
template <typename Hasher>
typename Hasher::Hash HashValue(const Column& c, size_t row, typename Hasher::Hash seed) {
  if (c.IsNull(row)) return seed;
  const DataType& type = c.type();
  switch (type.id()) {
    case TypeId::kNull:
      return seed;
    case TypeId::kBool:
      return SparkHashBoolean<Hasher>(c.Bool(row), seed);
    case TypeId::kInt32:
    case TypeId::kDate:
      return Hasher::HashInt(c.Int32(row), seed);
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return Hasher::HashLong(c.Int(row), seed);
    case TypeId::kFloat:
      return SparkHashFloat<Hasher>(c.Float(row), seed);
    case TypeId::kDouble:
      return SparkHashDouble<Hasher>(c.Double(row), seed);
    case TypeId::kDecimal:
      return SparkHashDecimal<Hasher>(c.Decimal(row), type.precision(), seed);
    case TypeId::kString:
    case TypeId::kBinary:
      return SparkHashBytes<Hasher>(c.String(row), seed);
    case TypeId::kArray:
      for (int64_t i = c.ListBegin(row); i < c.ListEnd(row); ++i) {
        seed = HashValue<Hasher>(c.child(0), static_cast<size_t>(i), seed);
      }
      return seed;
    case TypeId::kMap:
      for (int64_t i = c.ListBegin(row); i < c.ListEnd(row); ++i) {
        seed = HashValue<Hasher>(c.child(0), static_cast<size_t>(i), seed);
        seed = HashValue<Hasher>(c.child(1), static_cast<size_t>(i), seed);
      }
      return seed;
    case TypeId::kStruct:
      for (size_t f = 0; f < c.num_children(); ++f) seed = HashValue<Hasher>(c.child(f), row, seed);
      return seed;
  }
  return seed;
}

// Folds one column into the running hashes, choosing the loop by the column's type once.
template <typename Hasher>
void HashColumn(const Column& c, std::vector<typename Hasher::Hash>* hashes) {
  const size_t rows = hashes->size();
  auto& h = *hashes;
  switch (c.type().id()) {
    case TypeId::kInt32:
    case TypeId::kDate:
      for (size_t i = 0; i < rows; ++i) {
        if (!c.IsNull(i)) h[i] = Hasher::HashInt(c.Int32(i), h[i]);
      }
      return;
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      for (size_t i = 0; i < rows; ++i) {
        if (!c.IsNull(i)) h[i] = Hasher::HashLong(c.Int(i), h[i]);
      }
      return;
    case TypeId::kString:
    case TypeId::kBinary:
      for (size_t i = 0; i < rows; ++i) {
        if (!c.IsNull(i)) h[i] = SparkHashBytes<Hasher>(c.String(i), h[i]);
      }
      return;
    default:
      for (size_t i = 0; i < rows; ++i) h[i] = HashValue<Hasher>(c, i, h[i]);
      return;
  }
}

// hash(e1, ...) (int) and xxhash64(e1, ...) (long): never null; with every argument null the
// result is the seed.
bool ContainsMap(const DataType& t) {
  switch (t.id()) {
    case TypeId::kMap:
      return true;
    case TypeId::kArray:
      return ContainsMap(t.element());
    case TypeId::kStruct:
      for (const auto& f : t.fields()) {
        if (ContainsMap(f.type)) return true;
      }
      return false;
    default:
      return false;
  }
}

template <typename Hasher>
Result<BoundFunction> BindRowHash(const std::string& name, const std::vector<FunctionArg>& args) {
  if (args.empty()) {
    return Status::InvalidArgument("function " + name + " takes at least one argument");
  }
  // Spark 3+ refuses maps at any depth: equal maps may hash differently (entry order).
  for (size_t i = 0; i < args.size(); ++i) {
    if (ContainsMap(args[i].type)) {
      return FunctionArgError(name, i, args[i], "must not contain a map (Spark: HASH_MAP_TYPE)");
    }
  }
  const DataType type = sizeof(typename Hasher::Hash) == 4 ? DataType::kInt32 : DataType::kInt64;
  return BoundFunction{type, [type](const ArgColumns& in, size_t rows) -> Result<Column> {
                         std::vector<typename Hasher::Hash> hashes(rows, Hasher::kSeed);
                         for (const Column& c : in) HashColumn<Hasher>(c, &hashes);
                         Column out(type);
                         out.Reserve(rows);
                         for (typename Hasher::Hash h : hashes) out.AppendIntegral(h);
                         return out;
                       }};
}

// Refuses argument `i` unless it is a string, a binary or a null literal (Spark's implicit cast
// to binary).
Status AcceptBytes(const std::string& name, const std::vector<FunctionArg>& args, size_t i) {
  const TypeId t = args[i].type.id();
  if (t == TypeId::kString || t == TypeId::kBinary || IsNullLiteral(args[i])) return Status::Ok();
  return FunctionArgError(name, i, args[i], "must be a string or binary");
}

// md5(e) (string) and crc32(e) (long): a function of one value's bytes; null for null.
template <typename Digest>
Result<BoundFunction> BindDigest(const std::string& name, const std::vector<FunctionArg>& args,
                                 const DataType& type, Digest digest) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 1));
  SLUICE_RETURN_IF_ERROR(AcceptBytes(name, args, 0));
  return BoundFunction{type, [type, digest](const ArgColumns& in, size_t rows) -> Result<Column> {
                         const Column& e = in[0];
                         const bool bytes =
                             e.type().id() == TypeId::kString || e.type().id() == TypeId::kBinary;
                         Column out(type);
                         out.Reserve(rows);
                         for (size_t i = 0; i < rows; ++i) {
                           if (!bytes || e.IsNull(i)) {
                             out.AppendNull();
                           } else {
                             digest(e.String(i), &out);
                           }
                         }
                         return out;
                       }};
}

// sha2(e, bits): bits an int (literal or column); null for a width Spark does not support.
Result<BoundFunction> BindSha2(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 2));
  SLUICE_RETURN_IF_ERROR(AcceptBytes(name, args, 0));
  const TypeId bits_type = args[1].type.id();
  if (!args[1].type.is_integral() && bits_type != TypeId::kString && !IsNullLiteral(args[1])) {
    return FunctionArgError(name, 1, args[1], "must be an int");
  }
  const bool null = IsNullLiteral(args[0]) || IsNullLiteral(args[1]);
  return BoundFunction{DataType::kString,
                       [null](const ArgColumns& in, size_t rows) -> Result<Column> {
                         const Column& e = in[0];
                         const Column bits = null ? in[1] : CastColumn(in[1], DataType::kInt32);
                         Column out(DataType::kString);
                         out.Reserve(rows);
                         for (size_t i = 0; i < rows; ++i) {
                           std::optional<std::string> hex;
                           if (!null && !e.IsNull(i) && !bits.IsNull(i))
                             hex = Sha2Hex(e.String(i), bits.Int32(i));
                           if (hex.has_value()) {
                             out.AppendString(*hex);
                           } else {
                             out.AppendNull();
                           }
                         }
                         return out;
                       }};
}

}  // namespace

void AddHashFunctions(FunctionTable* table) {
  table->emplace_back("hash", BindRowHash<SparkMurmur3>);
  table->emplace_back("xxhash64", BindRowHash<SparkXxHash64>);
  table->emplace_back("md5", [](const std::string& name, const std::vector<FunctionArg>& args) {
    return BindDigest(name, args, DataType::kString,
                      [](std::string_view b, Column* out) { out->AppendString(Md5Hex(b)); });
  });
  table->emplace_back("crc32", [](const std::string& name, const std::vector<FunctionArg>& args) {
    return BindDigest(name, args, DataType::kInt64,
                      [](std::string_view b, Column* out) { out->AppendInt(Crc32(b)); });
  });
  table->emplace_back("sha2", BindSha2);
}

}  // namespace sluice::engine
