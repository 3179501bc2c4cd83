// Unit tests of the string functions (engine/expr/functions/string_functions.cc and
// regex_functions.cc), through the function registry as the scenario runner calls them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/expr/function.h"

namespace sluice::engine {
namespace {

// One argument: a column of values, or a literal broadcast to every row.
struct Arg {
  DataType type;
  std::vector<Value> values;  // one per row; a literal has one value
  bool literal = false;
};

Arg Strs(std::vector<Value> v) { return {DataType::kString, std::move(v)}; }
Arg Bins(std::vector<Value> v) { return {DataType::kBinary, std::move(v)}; }
Arg Lit(Value v, DataType t = DataType::kString) { return {t, {std::move(v)}, true}; }

// Binds `name` over `args`, runs it, and returns its rows (or the error's message).
Result<std::vector<Value>> Call(const std::string& name, const std::vector<Arg>& args,
                                DataType* type = nullptr) {
  const FunctionBinder* binder = FindFunction(name);
  if (binder == nullptr) return Status::InvalidArgument("no function " + name);
  size_t rows = 1;
  for (const Arg& a : args) {
    if (!a.literal) rows = a.values.size();
  }
  std::vector<FunctionArg> fargs;
  std::vector<Column> cols;
  for (const Arg& a : args) {
    FunctionArg f{a.type, std::nullopt, a.literal};
    if (a.literal) f.literal = a.values[0];
    fargs.push_back(f);
    Column c(a.type);
    for (size_t i = 0; i < rows; ++i) c.Append(a.literal ? a.values[0] : a.values[i]);
    cols.push_back(std::move(c));
  }
  SLUICE_ASSIGN_OR_RETURN(BoundFunction bound, (*binder)(name, fargs));
  if (type) *type = bound.type;
  SLUICE_ASSIGN_OR_RETURN(Column out, bound.kernel(cols, rows));
  EXPECT_EQ(out.type(), bound.type);
  std::vector<Value> values;
  for (size_t i = 0; i < out.size(); ++i) values.push_back(out.Get(i));
  return values;
}

std::vector<Value> Ok(const std::string& name, const std::vector<Arg>& args) {
  Result<std::vector<Value>> r = Call(name, args);
  EXPECT_TRUE(r.ok()) << name << ": " << r.status().ToString();
  return r.ok() ? r.value() : std::vector<Value>{};
}

// The single row of a call over literals.
Value One(const std::string& name, const std::vector<Arg>& args) {
  std::vector<Value> v = Ok(name, args);
  EXPECT_EQ(v.size(), 1u);
  return v.empty() ? Value() : v[0];
}

const Value kNull;
using V = std::vector<Value>;
Value S(std::string s) { return Value(std::move(s)); }
Value I(int64_t v) { return Value(v); }
Value List(std::vector<std::string> v) {
  ValueList out;
  for (auto& s : v) out.push_back(Value(s));
  return Value(out);
}

TEST(ConcatWsTest, SkipsNullsAndFlattensArrays) {
  EXPECT_EQ(Ok("concat_ws", {Lit(S("||")), Strs({S("a")}), Strs({S("b")}), Strs({kNull})}),
            V{S("a||b")});
  Arg arr{DataType::Array(DataType::kString), {Value(ValueList{S("x"), kNull, S("y")}), kNull}};
  EXPECT_EQ(Ok("concat_ws", {Lit(S(",")), arr, Lit(S("z"))}), (V{S("x,y,z"), S("z")}));
  EXPECT_EQ(One("concat_ws", {Lit(kNull), Lit(S("a"))}), kNull);
  EXPECT_EQ(One("concat_ws", {Lit(S(","))}), S(""));
  EXPECT_EQ(One("concat_ws", {Lit(S("-")), Lit(I(1), DataType::kInt32), Lit(S("b"))}), S("1-b"));
  EXPECT_FALSE(Call("concat_ws", {Lit(S(",")), {DataType::Array(DataType::kInt32), {kNull}}}).ok());
}

TEST(LengthTest, CharactersBytesAndCasts) {
  EXPECT_EQ(Ok("length", {Strs({S("123"), S("1世3"), S(""), kNull})}),
            (V{I(3), I(3), I(0), kNull}));
  EXPECT_EQ(Ok("length", {Bins({S(std::string("\x01\x02\x03\x04", 4)), S("世")})}),
            (V{I(4), I(3)}));
  EXPECT_EQ(One("length", {Lit(I(123), DataType::kInt32)}), I(3));
  EXPECT_EQ(One("length", {Lit(Value(3.015), DataType::kDouble)}), I(5));
  EXPECT_EQ(One("length", {Lit(Value(2.0), DataType::kFloat)}), I(3));
  EXPECT_EQ(One("length", {Lit(kNull, DataType::kInt64)}), kNull);
  DataType t;
  ASSERT_TRUE(Call("length", {Strs({S("a")})}, &t).ok());
  EXPECT_EQ(t, DataType::kInt32);
}

TEST(CaseTest, LowerUpper) {
  EXPECT_EQ(One("lower", {Lit(S("Spark"))}), S("spark"));
  EXPECT_EQ(One("upper", {Lit(S("Spark"))}), S("SPARK"));
  EXPECT_EQ(One("upper", {Lit(S("straße ǆ é"))}), S("STRASSE Ǆ É"));
  EXPECT_EQ(One("lower", {Lit(S("ÀÉÎ ΑΒΓ АБВ"))}), S("àéî αβγ абв"));
  EXPECT_EQ(One("lower", {Lit(S("ΟΔΟΣ ΣΑ"))}), S("οδος σα"));  // final sigma
  EXPECT_EQ(One("lower", {Lit(S("İ"))}), S("i\xCC\x87"));
  EXPECT_EQ(One("upper", {Lit(S("ﬁ"))}), S("FI"));
  EXPECT_EQ(One("upper", {Lit(kNull)}), kNull);
}

TEST(TrimTest, SpacesAndCharacterSets) {
  EXPECT_EQ(One("ltrim", {Lit(S("  example  "))}), S("example  "));
  EXPECT_EQ(One("rtrim", {Lit(S("  example  "))}), S("  example"));
  EXPECT_EQ(One("trim", {Lit(S("  example  "))}), S("example"));
  EXPECT_EQ(One("trim", {Lit(S("\t a \t"))}), S("\t a \t"));  // only spaces
  EXPECT_EQ(One("ltrim", {Lit(S("example")), Lit(S("e"))}), S("xample"));
  EXPECT_EQ(One("rtrim", {Lit(S("example")), Lit(S("e"))}), S("exampl"));
  EXPECT_EQ(One("trim", {Lit(S("example")), Lit(S("e"))}), S("xampl"));
  EXPECT_EQ(One("trim", {Lit(S("世ab世")), Lit(S("世b"))}), S("a"));
  EXPECT_EQ(One("trim", {Lit(S("abc")), Lit(S(""))}), S("abc"));
  EXPECT_EQ(One("trim", {Lit(S("abc")), Lit(kNull)}), kNull);
  EXPECT_EQ(One("trim", {Lit(S("aaa")), Lit(S("a"))}), S(""));
}

TEST(SubstringTest, SparkPositions) {
  EXPECT_EQ(
      One("substring", {Lit(S("1世3")), Lit(I(1), DataType::kInt32), Lit(I(2), DataType::kInt32)}),
      S("1世"));
  auto sub = [](std::string s, int64_t pos, std::optional<int64_t> len = std::nullopt) {
    std::vector<Arg> a{Lit(S(s)), Lit(I(pos), DataType::kInt32)};
    if (len) a.push_back(Lit(I(*len), DataType::kInt64));
    return One("substring", a);
  };
  EXPECT_EQ(sub("Spark SQL", 5), S("k SQL"));
  EXPECT_EQ(sub("Spark SQL", -3), S("SQL"));
  EXPECT_EQ(sub("Spark SQL", 5, 1), S("k"));
  EXPECT_EQ(sub("Spark SQL", 0, 2), S("Sp"));  // 0 acts as 1
  EXPECT_EQ(sub("abc", -5, 3), S("a"));        // before the start: the range is cut
  EXPECT_EQ(sub("abc", 2, -1), S(""));
  EXPECT_EQ(sub("abc", 4), S(""));
  EXPECT_EQ(sub("abc", 2, 2147483647), S("bc"));
  EXPECT_EQ(One("substring", {Lit(S("abc")), Lit(kNull, DataType::kInt64)}), kNull);
  DataType t;
  Result<std::vector<Value>> b = Call("substring",
                                      {Bins({S(std::string("\x01\x02\x03\x04", 4))}),
                                       Lit(I(2), DataType::kInt32), Lit(I(2), DataType::kInt32)},
                                      &t);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(t, DataType::kBinary);
  EXPECT_EQ(b.value(), V{S("\x02\x03")});
}

TEST(PredicateTest, StringsAndBinaries) {
  EXPECT_EQ(One("contains", {Lit(S("Spark SQL")), Lit(S("k S"))}), Value(true));
  EXPECT_EQ(One("startswith", {Lit(S("Spark SQL")), Lit(S("Spark"))}), Value(true));
  EXPECT_EQ(One("endswith", {Lit(S("Spark SQL")), Lit(S("Spark"))}), Value(false));
  EXPECT_EQ(One("endswith", {Lit(S("a")), Lit(S(""))}), Value(true));
  EXPECT_EQ(Ok("contains", {Bins({S("\x01\x02\x03")}), Bins({S("\x02\x03")})}), V{Value(true)});
  EXPECT_EQ(Ok("startswith", {Bins({S("\x01\x02")}), Bins({kNull})}), V{kNull});
  EXPECT_EQ(One("contains", {Lit(I(123), DataType::kInt32), Lit(S("2"))}), Value(true));
}

TEST(InstrTest, OneBasedCharacters) {
  EXPECT_EQ(One("instr", {Lit(S("aaads")), Lit(S("aa"))}), I(1));
  EXPECT_EQ(One("instr", {Lit(S("世界ab")), Lit(S("ab"))}), I(3));
  EXPECT_EQ(One("instr", {Lit(S("abc")), Lit(S("z"))}), I(0));
  EXPECT_EQ(One("instr", {Lit(S("abc")), Lit(S(""))}), I(1));
  EXPECT_EQ(One("instr", {Lit(kNull), Lit(S("a"))}), kNull);
}

TEST(PadTest, SparkRules) {
  auto pad = [](std::string fn, std::string s, int64_t len, std::optional<std::string> p) {
    std::vector<Arg> a{Lit(S(s)), Lit(I(len), DataType::kInt32)};
    if (p) a.push_back(Lit(S(*p)));
    return One(fn, a);
  };
  EXPECT_EQ(pad("lpad", "hi", 5, "??"), S("???hi"));
  EXPECT_EQ(pad("rpad", "hi", 5, "??"), S("hi???"));
  EXPECT_EQ(pad("lpad", "hi", 1, "c"), S("h"));
  EXPECT_EQ(pad("rpad", "hi", 1, "c"), S("h"));
  EXPECT_EQ(pad("lpad", "hi", 4, std::nullopt), S("  hi"));
  EXPECT_EQ(pad("lpad", "hi", 5, ""), S("hi"));
  EXPECT_EQ(pad("lpad", "hi", -1, "x"), S(""));
  EXPECT_EQ(pad("rpad", "世", 4, "界a"), S("世界a界"));
  EXPECT_EQ(pad("lpad", "世界", 1, "x"), S("世"));
  DataType t;
  Result<std::vector<Value>> b = Call("lpad", {Bins({S("\x01")}), Lit(I(3), DataType::kInt32)}, &t);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(t, DataType::kBinary);
  EXPECT_EQ(b.value(), V{S(std::string("\0\0\x01", 3))});
  EXPECT_EQ(Ok("rpad", {Bins({S("\x01\x02")}), Lit(I(5), DataType::kInt32), Bins({S("\x09\x08")})}),
            V{S("\x01\x02\x09\x08\x09")});
  EXPECT_FALSE(
      Call("rpad", {Bins({S("\x01")}), Lit(I(-1), DataType::kInt32), Bins({S("\x09")})}).ok());
  EXPECT_EQ(pad("lpad", "hi", 5, std::nullopt), S("   hi"));
}

TEST(ReplaceTest, AllOccurrences) {
  EXPECT_EQ(One("replace", {Lit(S("ABCabc")), Lit(S("abc")), Lit(S("DEF"))}), S("ABCDEF"));
  EXPECT_EQ(One("replace", {Lit(S("ABCabc")), Lit(S("abc"))}), S("ABC"));
  EXPECT_EQ(One("replace", {Lit(S("aaa")), Lit(S("aa")), Lit(S("b"))}), S("ba"));
  EXPECT_EQ(One("replace", {Lit(S("abc")), Lit(S("")), Lit(S("x"))}), S("abc"));
  EXPECT_EQ(One("replace", {Lit(S("abc")), Lit(S("b")), Lit(kNull)}), kNull);
}

TEST(SplitTest, LiteralAndColumnPatterns) {
  Arg a = Strs({S("aa2bb3cc4"), kNull});
  EXPECT_EQ(Ok("split", {a, Lit(S("[1-9]+"))}), (V{List({"aa", "bb", "cc", ""}), kNull}));
  EXPECT_EQ(Ok("split", {a, Lit(S("[1-9]+")), Lit(I(2), DataType::kInt32)}),
            (V{List({"aa", "bb3cc4"}), kNull}));
  EXPECT_EQ(Ok("split", {Strs({S("a,b"), S("a b")}), Strs({S(","), S(" ")})}),
            (V{List({"a", "b"}), List({"a", "b"})}));
  EXPECT_FALSE(Call("split", {a, Lit(S("(a"))}).ok());  // a bad literal fails at bind
}

TEST(RegexpTest, ExtractReplaceRLike) {
  Arg a = Strs({S("100-200"), S("100-200"), S("100-200")});
  EXPECT_EQ(Ok("regexp_replace", {a, Lit(S("(\\d+)")), Lit(S("num"))}),
            (V{S("num-num"), S("num-num"), S("num-num")}));
  EXPECT_EQ(Ok("regexp_replace", {a, Strs({S("(\\d+)-(\\d+)"), S("(\\d+)-(\\d+)"), S("(\\d+)")}),
                                  Strs({S("300"), S("400"), S("400")})}),
            (V{S("300"), S("400"), S("400-400")}));
  EXPECT_EQ(One("regexp_extract",
                {Lit(S("100-200")), Lit(S("(\\d+)-(\\d+)")), Lit(I(2), DataType::kInt32)}),
            S("200"));
  EXPECT_EQ(One("regexp_extract", {Lit(S("100-200")), Lit(S("(\\d+)-(\\d+)"))}), S("100"));
  EXPECT_EQ(One("regexp_extract", {Lit(S("x")), Lit(S("(\\d+)"))}), S(""));
  EXPECT_FALSE(
      Call("regexp_extract", {Lit(S("1")), Lit(S("(\\d)")), Lit(I(3), DataType::kInt32)}).ok());
  EXPECT_EQ(Ok("rlike", {Strs({S("1a 2b 14m"), S("1a 2b 14m"), kNull}),
                         Strs({S("\\d+b"), S("[a-z]+b"), S("a")})}),
            (V{Value(true), Value(false), kNull}));
  EXPECT_EQ(One("regexp_replace", {Lit(S("a")), Lit(kNull), Lit(S("b"))}), kNull);
}

TEST(LikeTest, PatternsAndEscape) {
  EXPECT_EQ(Ok("like", {Strs({S("Spark"), S("abc\\"), S("\\abc")}),
                        Strs({S("_park"), S("%\\\\"), S("\\\\abc")})}),
            (V{Value(true), Value(true), Value(true)}));
  EXPECT_EQ(One("like", {Lit(S("a%b")), Lit(S("a/%b")), Lit(S("/"))}), Value(true));
  EXPECT_EQ(One("like", {Lit(S("axb")), Lit(S("a/%b")), Lit(S("/"))}), Value(false));
  EXPECT_FALSE(Call("like", {Lit(S("a")), Lit(S("a")), Lit(S("//"))}).ok());
  EXPECT_FALSE(Call("like", {Lit(S("a")), Lit(S("a\\"))}).ok());
  EXPECT_EQ(One("like", {Lit(kNull), Lit(S("a"))}), kNull);
}

TEST(StringFunctionsTest, RefusesNestedArguments) {
  Arg arr{DataType::Array(DataType::kString), {kNull}};
  for (const char* fn : {"length", "lower", "upper", "trim"}) {
    Result<std::vector<Value>> r = Call(fn, {arr});
    ASSERT_FALSE(r.ok()) << fn;
    EXPECT_NE(r.status().message().find(std::string("function ") + fn), std::string::npos);
  }
  EXPECT_FALSE(Call("lpad", {Lit(S("a")), Lit(Value(true), DataType::kBool)}).ok());
  EXPECT_FALSE(Call("substring", {Lit(S("a"))}).ok());
}

}  // namespace
}  // namespace sluice::engine
