#include "engine/expr/json_path.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/expr/json_writer.h"

namespace sluice::engine {
namespace {

using Opt = std::optional<std::string>;

Opt Get(std::string_view json, std::string_view path) { return GetJsonObject(json, path); }

std::vector<Opt> Tuple(std::string_view json, std::vector<std::optional<std::string_view>> names) {
  return JsonTuple(json, names);
}

// functions-001.
TEST(GetJsonObjectTest, ScenarioNameAndAge) {
  EXPECT_EQ(Get(R"({"name": "alice", "age": 5})", "$.name"), "alice");
  EXPECT_EQ(Get(R"({"name": "alice", "age": 5})", "$.age"), "5");
}

// functions-003: missing fields, JSON null, empty strings and invalid JSON.
TEST(GetJsonObjectTest, ScenarioNulls) {
  const std::vector<std::string> fields = {"$.f1", "$.f2", "$.f3", "$.f4", "$.f5"};
  auto row = [&](std::string_view json) {
    std::vector<Opt> out;
    for (const std::string& f : fields) out.push_back(Get(json, f));
    return out;
  };
  EXPECT_EQ(row(R"({"f1": "value1", "f2": "value2", "f3": 3, "f5": 5.23})"),
            (std::vector<Opt>{"value1", "value2", "3", std::nullopt, "5.23"}));
  EXPECT_EQ(row(R"({"f1": "value12", "f3": "value3", "f2": 2, "f4": 4.01})"),
            (std::vector<Opt>{"value12", "2", "value3", "4.01", std::nullopt}));
  EXPECT_EQ(row(R"({"f1": "value13", "f4": "value44", "f3": "value33", "f2": 2, "f5": 5.01})"),
            (std::vector<Opt>{"value13", "2", "value33", "value44", "5.01"}));
  EXPECT_EQ(row(R"({"f1": "", "f5": null})"),
            (std::vector<Opt>{"", std::nullopt, std::nullopt, std::nullopt, std::nullopt}));
  EXPECT_EQ(row("[invalid JSON string]"), (std::vector<Opt>(5)));
}

// Spark's JsonExpressionsSuite store document.
constexpr std::string_view kStore =
    R"({"store":{"fruit":[{"weight":8,"type":"apple"},{"weight":9,"type":"pear"}],
"basket":[[1,2,{"b":"y","a":"x"}],[3,4],[5,6]],"book":[{"author":"Nigel Rees",
"title":"Sayings of the Century","category":"reference","price":8.95},
{"author":"Herman Melville","title":"Moby Dick","category":"fiction","price":8.99,
"isbn":"0-553-21311-3"},{"author":"J. R. R. Tolkien","title":"The Lord of the Rings",
"category":"fiction","reader":[{"age":25,"name":"bob"},{"age":26,"name":"jack"}],
"price":22.99,"isbn":"0-395-19395-8"}],"bicycle":{"price":19.95,"color":"red"}},
"email":"amy@only_for_json_udf_test.net","owner":"amy","zip code":"94025",
"fb:testid":"1234"})";

TEST(GetJsonObjectTest, SuitePaths) {
  const std::string bicycle = R"({"price":19.95,"color":"red"})";
  EXPECT_EQ(Get(kStore, "$.store.bicycle"), bicycle);
  EXPECT_EQ(Get(kStore, "$['store'].bicycle"), bicycle);
  EXPECT_EQ(Get(kStore, "$.store['bicycle']"), bicycle);
  EXPECT_EQ(Get(kStore, "$['store']['bicycle']"), bicycle);
  EXPECT_EQ(Get(R"({ "key with spaces": "it works" })", "$['key with spaces']"), "it works");
  const std::string books =
      R"([{"author":"Nigel Rees","title":"Sayings of the Century","category":"reference",)"
      R"("price":8.95},{"author":"Herman Melville","title":"Moby Dick","category":"fiction",)"
      R"("price":8.99,"isbn":"0-553-21311-3"},{"author":"J. R. R. Tolkien","title":)"
      R"("The Lord of the Rings","category":"fiction","reader":[{"age":25,"name":"bob"},)"
      R"({"age":26,"name":"jack"}],"price":22.99,"isbn":"0-395-19395-8"}])";
  EXPECT_EQ(Get(kStore, "$.store.book"), books);
  EXPECT_EQ(Get(kStore, "$.store.book[*]"), books);
  EXPECT_EQ(Get(kStore, "$.store.book[0]"),
            R"({"author":"Nigel Rees","title":"Sayings of the Century",)"
            R"("category":"reference","price":8.95})");
  std::string compact;
  for (char c : kStore) {
    if (c != '\n') compact += c;
  }
  EXPECT_EQ(Get(kStore, "$"), compact);
  EXPECT_EQ(Get(kStore, "$.store.book[0].category"), "reference");
  EXPECT_EQ(Get(kStore, "$.store.book[*].category"), R"(["reference","fiction","fiction"])");
  EXPECT_EQ(Get(kStore, "$.store.book[*].isbn"), R"(["0-553-21311-3","0-395-19395-8"])");
  EXPECT_EQ(Get(kStore, "$.store.book[*].reader"),
            R"([{"age":25,"name":"bob"},{"age":26,"name":"jack"}])");
  EXPECT_EQ(Get(kStore, "$.store.basket[0][1]"), "2");
  EXPECT_EQ(Get(kStore, "$.store.basket[*]"), R"([[1,2,{"b":"y","a":"x"}],[3,4],[5,6]])");
  EXPECT_EQ(Get(kStore, "$.store.basket[*][0]"), "[1,3,5]");
  EXPECT_EQ(Get(kStore, "$.store.basket[0][*]"), R"([1,2,{"b":"y","a":"x"}])");
  EXPECT_EQ(Get(kStore, "$.store.basket[*][*]"), R"([1,2,{"b":"y","a":"x"},3,4,5,6])");
  EXPECT_EQ(Get(kStore, "$.store.basket[0][2].b"), "y");
  EXPECT_EQ(Get(kStore, "$.store.basket[0][*].b"), R"(["y"])");
  EXPECT_EQ(Get(kStore, "$.zip code"), "94025");
  EXPECT_EQ(Get(kStore, "$.fb:testid"), "1234");
  EXPECT_EQ(Get(kStore, "$.non_exist_key"), std::nullopt);
  EXPECT_EQ(Get(kStore, "$..no_recursive"), std::nullopt);
  EXPECT_EQ(Get(kStore, "$.store.book[10]"), std::nullopt);
  EXPECT_EQ(Get(kStore, "$.store.book[0].non_exist_key"), std::nullopt);
  EXPECT_EQ(Get(kStore, "$.store.basket[*].non_exist_key"), std::nullopt);
}

TEST(GetJsonObjectTest, Strings) {
  EXPECT_EQ(Get(R"({"a":"b\nc"})", "$.a"), "b\nc");
  EXPECT_EQ(Get(R"({"a":"b\"c"})", "$.a"), "b\"c");
  EXPECT_EQ(Get(R"({"a":"\u00e9\ud83d\ude00\/"})", "$.a"), "é😀/");
  EXPECT_EQ(Get("{\"a\":\"tab\there\"}", "$.a"), "tab\there");  // a raw control character
  EXPECT_EQ(Get("{'a':'single'}", "$.a"), "single");            // single quotes
  // Inside a container a string is re-escaped as Jackson writes it.
  EXPECT_EQ(Get(R"({"a":["x\ny","\u0001","q\""]})", "$.a"), R"(["x\ny","\u0001","q\""])");
  // A single wildcard match keeps the string's quotes.
  EXPECT_EQ(Get(R"({"a":[{"b":"x"},{"c":1}]})", "$.a[*].b"), R"("x")");
  std::string big(3000, 'x');
  EXPECT_EQ(Get("{\"big\": \"" + big + "\"}", "$.big"), big);
}

TEST(GetJsonObjectTest, Numbers) {
  EXPECT_EQ(Get(R"({"a":-0})", "$.a"), "0");
  EXPECT_EQ(Get(R"({"a":12345678901234567890123})", "$.a"), "12345678901234567890123");
  EXPECT_EQ(Get(R"({"a":5.230})", "$.a"), "5.23");
  EXPECT_EQ(Get(R"({"a":1e2})", "$.a"), "100.0");
  EXPECT_EQ(Get(R"({"a":1.5E10})", "$.a"), "1.5E10");
  EXPECT_EQ(Get(R"({"a":0.0001})", "$.a"), "1.0E-4");
  EXPECT_EQ(Get(R"({"a":-0.0})", "$.a"), "-0.0");
  EXPECT_EQ(Get(R"({"a":1e400})", "$.a"), R"("Infinity")");
  // Exponents past int64 (the fuzzer found the first) clamp rather than overflow.
  EXPECT_EQ(Get("[1e009223372036854775807]", "$[0]"), R"("Infinity")");
  EXPECT_EQ(Get("[12e9223372036854775807]", "$[0]"), R"("Infinity")");
  EXPECT_EQ(Get("[-1e-9223372036854775808]", "$[0]"), "-0.0");
  EXPECT_EQ(Get("[1e99999999999999999999]", "$[0]"), R"("Infinity")");
  // The digits count against the exponent, however many: 1 and 150,000 zeros times 10^-200000 is
  // 1e-50000 (a zero); 0.(1000 zeros)1 times 10^500 is 1e-501 (a zero); 0.5e400 is past any double.
  EXPECT_EQ(Get("[1" + std::string(150000, '0') + "e-200000]", "$[0]"), "0.0");
  EXPECT_EQ(Get("[0." + std::string(1000, '0') + "1e500]", "$[0]"), "0.0");
  EXPECT_EQ(Get("[-0." + std::string(1000, '0') + "1e500]", "$[0]"), "-0.0");
  EXPECT_EQ(Get("[0.5e400]", "$[0]"), R"("Infinity")");
  EXPECT_EQ(Get(R"({"a":[1.0,2]})", "$.a"), "[1.0,2]");
  EXPECT_EQ(Get("5", "$"), "5");
  EXPECT_EQ(Get("true", "$"), "true");
}

TEST(GetJsonObjectTest, InvalidInputsAndPaths) {
  EXPECT_EQ(Get("", "$"), std::nullopt);
  EXPECT_EQ(Get(std::string_view("\0\0\0A\x01"
                                 "AAA",
                                 8),
                "$.a"),
            std::nullopt);
  EXPECT_EQ(Get(R"({"a":1,"b":tru})", "$.a"), std::nullopt);  // the object is read to its end
  EXPECT_EQ(Get(R"({"a":01})", "$.a"), std::nullopt);
  EXPECT_EQ(Get(R"({"a":[1,]})", "$.a"), std::nullopt);
  EXPECT_EQ(Get(R"({"a":1)", "$.a"), std::nullopt);
  EXPECT_EQ(Get(R"({a:1})", "$.a"), std::nullopt);
  // Like Jackson, nothing after the first complete value is read.
  EXPECT_EQ(Get(R"({"a":1} trailing)", "$.a"), "1");
  EXPECT_EQ(Get(R"({"a":null})", "$.a"), std::nullopt);
  EXPECT_EQ(Get(R"({"a":null,"a":2})", "$.a"), "2");
  EXPECT_EQ(Get(R"({"a":1,"a":2})", "$.a"), "1");
  EXPECT_EQ(Get(R"({"a":1})", "a"), std::nullopt);
  EXPECT_EQ(Get(R"({"a":1})", "$."), std::nullopt);
  EXPECT_EQ(Get(R"({"a":1})", "$[a]"), std::nullopt);
  EXPECT_EQ(Get(R"({"a":1})", "$.*"), std::nullopt);      // parsed, but never matches
  EXPECT_EQ(Get(R"({"a":1})", " $ . a "), std::nullopt);  // the name keeps its trailing space
  EXPECT_EQ(Get(R"({"a":1})", " $ . a"), "1");
  EXPECT_EQ(Get(R"([10,20])", "$[ 1 ]"), "20");
  EXPECT_EQ(Get(R"([10,20])", "$[-1]"), std::nullopt);
  EXPECT_FALSE(JsonPath::Parse("$.a[99999999999999999999]").has_value());
  EXPECT_EQ(Get(R"([{"x":1},{"x":2}])", "$[*].x"), "[1,2]");
}

TEST(GetJsonObjectTest, DeepNestingIsLimited) {
  std::string deep(1001, '[');
  deep += std::string(1001, ']');
  EXPECT_EQ(Get(deep, "$"), std::nullopt);
  std::string ok(1000, '[');
  ok += std::string(1000, ']');
  EXPECT_EQ(Get(ok, "$"), ok);
}

// functions-004 and JsonExpressionsSuite's json_tuple cases.
TEST(JsonTupleTest, Scenario) {
  std::vector<std::optional<std::string_view>> names = {"f1", "f2", "f3", "f4", "f5"};
  auto t = [&](std::string_view json) { return JsonTuple(json, names); };
  EXPECT_EQ(t(R"({"f1": "value1", "f2": "value2", "f3": 3, "f5": 5.23})"),
            (std::vector<Opt>{"value1", "value2", "3", std::nullopt, "5.23"}));
  EXPECT_EQ(t(R"({"f1": "value12", "f3": "value3", "f2": 2, "f4": 4.01})"),
            (std::vector<Opt>{"value12", "2", "value3", "4.01", std::nullopt}));
  EXPECT_EQ(t(R"({"f1": "value13", "f4": "value44", "f3": "value33", "f2": 2, "f5": 5.01})"),
            (std::vector<Opt>{"value13", "2", "value33", "value44", "5.01"}));
  EXPECT_EQ(t(R"({"f1": "", "f5": null})"),
            (std::vector<Opt>{"", std::nullopt, std::nullopt, std::nullopt, std::nullopt}));
  for (std::string_view bad : {"[invalid JSON string]", "{", R"({"foo": "bar")", "\\", ""}) {
    EXPECT_EQ(t(bad), std::vector<Opt>(5)) << bad;
  }
}

TEST(JsonTupleTest, NamesAndValues) {
  EXPECT_EQ(Tuple("{\"a\":\"b\nc\"}", {"a"}), (std::vector<Opt>{"b\nc"}));
  EXPECT_EQ(Tuple(R"({"f1": 1, "f2": 2})", {"f1", std::nullopt, "f2"}),
            (std::vector<Opt>{"1", std::nullopt, "2"}));
  EXPECT_EQ(Tuple(R"({"f1": 1, "f2": 2})", {"f1", std::nullopt, "f1"}),
            (std::vector<Opt>{"1", std::nullopt, "1"}));
  EXPECT_EQ(Tuple(R"({"a": {"x": [1, "y"]}, "b": true})", {"a", "b"}),
            (std::vector<Opt>{R"({"x":[1,"y"]})", "true"}));
  EXPECT_EQ(Tuple(R"({"a":1,"a":2})", {"a"}), (std::vector<Opt>{"2"}));
  EXPECT_EQ(Tuple(R"({"a":1,"a":null})", {"a"}), (std::vector<Opt>{"1"}));
  EXPECT_EQ(Tuple(R"({"a":1,"b":[1,})", {"a"}), (std::vector<Opt>{std::nullopt}));
}

// json_tuple of an object built from random fields returns each field's value.
RC_GTEST_PROP(JsonTupleProperty, ReturnsTheFieldsOfABuiltObject, ()) {
  auto fields = *rc::gen::container<std::map<std::string, std::string>>(
      rc::gen::nonEmpty(rc::gen::string<std::string>()), rc::gen::string<std::string>());
  std::string json = "{";
  std::vector<std::optional<std::string_view>> names;
  for (const auto& [name, value] : fields) {
    if (json.size() > 1) json += ", ";
    json += JsonQuote(name) + ": " + JsonQuote(value);
    names.emplace_back(name);
  }
  json += "}";
  names.emplace_back("\x01not a field");
  std::vector<Opt> got = JsonTuple(json, names);
  RC_ASSERT(got.size() == names.size());
  size_t i = 0;
  for (const auto& [name, value] : fields) RC_ASSERT(got[i++] == Opt(value));
  RC_ASSERT(got.back() == std::nullopt || fields.count("\x01not a field") == 1);
}

// A string written by the writer reads back through get_json_object unchanged.
RC_GTEST_PROP(JsonWriterProperty, QuotedStringRoundTrips, (const std::string& s)) {
  RC_ASSERT(GetJsonObject(JsonQuote(s), "$") == Opt(s));
  RC_ASSERT(GetJsonObject("[" + JsonQuote(s) + "]", "$") == Opt("[" + JsonQuote(s) + "]"));
}

TEST(JsonWriterTest, Escaping) {
  EXPECT_EQ(JsonQuote("a\"b\\c/d"), R"("a\"b\\c/d")");
  EXPECT_EQ(JsonQuote("\b\t\n\f\r"), R"("\b\t\n\f\r")");
  EXPECT_EQ(JsonQuote(std::string("\x00\x01\x1f\x7f", 4)), "\"\\u0000\\u0001\\u001F\x7f\"");
  EXPECT_EQ(JsonQuote("é😀"), "\"é😀\"");
}

TEST(JsonWriterTest, Separators) {
  JsonWriter w;
  w.StartObject();
  w.FieldName("a");
  w.StartArray();
  w.RawValue("1");
  w.String("x");
  w.StartObject();
  w.EndObject();
  w.EndArray();
  w.FieldName("b");
  w.RawValue("null");
  w.EndObject();
  w.RawValue("2");  // a second root value is separated by a space
  EXPECT_EQ(w.out(), R"({"a":[1,"x",{}],"b":null} 2)");
}

}  // namespace
}  // namespace sluice::engine
