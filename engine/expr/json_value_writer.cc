#include "engine/expr/json_value_writer.h"

#include <cmath>

#include "engine/types/datetime.h"
#include "engine/types/datetime_pattern.h"
#include "engine/types/decimal.h"
#include "engine/types/number_text.h"

namespace sluice::engine {
namespace {

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t bits = static_cast<uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) bits |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) bits |= static_cast<uint8_t>(bytes[i + 2]);
    out += kAlphabet[bits >> 18];
    out += kAlphabet[(bits >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(bits >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[bits & 63] : '=';
  }
  return out;
}

}  // namespace

void WriteJsonValue(const Column& c, size_t r, JsonWriter* w) {
  if (c.IsNull(r)) return w->RawValue("null");
  switch (c.type().id()) {
    case TypeId::kNull:
      return w->RawValue("null");
    case TypeId::kBool:
      return w->RawValue(c.Bool(r) ? "true" : "false");
    case TypeId::kInt32:
    case TypeId::kInt64:
      return w->RawValue(std::to_string(c.AsInt64(r)));
    case TypeId::kFloat:
    case TypeId::kDouble: {
      const double d = c.AsDouble(r);
      const std::string text = c.type().id() == TypeId::kFloat
                                   ? FloatToJavaString(static_cast<float>(d))
                                   : DoubleToJavaString(d);
      return std::isfinite(d) ? w->RawValue(text) : w->String(text);
    }
    case TypeId::kDecimal:
      return w->RawValue(FormatDecimal(c.Decimal(r), c.type().scale()));
    case TypeId::kString:
      return w->String(c.String(r));
    case TypeId::kBinary:
      return w->String(Base64(c.String(r)));
    case TypeId::kDate:
      return w->String(FormatDate(c.Int32(r)));
    case TypeId::kTimestamp: {
      static const DateTimePattern kIso =
          DateTimePattern::Compile("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", PatternUse::kFormat).value();
      return w->String(kIso.Format(c.Int(r)));
    }
    case TypeId::kArray:
      w->StartArray();
      for (auto e = static_cast<size_t>(c.ListBegin(r)); e < static_cast<size_t>(c.ListEnd(r));
           ++e) {
        WriteJsonValue(c.child(0), e, w);
      }
      return w->EndArray();
    case TypeId::kMap:
      w->StartObject();
      for (auto e = static_cast<size_t>(c.ListBegin(r)); e < static_cast<size_t>(c.ListEnd(r));
           ++e) {
        w->FieldName(ValueToString(c.child(0).Get(e), c.type().key()));
        WriteJsonValue(c.child(1), e, w);
      }
      return w->EndObject();
    case TypeId::kStruct:
      w->StartObject();
      for (size_t f = 0; f < c.num_children(); ++f) {
        if (c.child(f).IsNull(r)) continue;
        w->FieldName(c.type().fields()[f].name);
        WriteJsonValue(c.child(f), r, w);
      }
      return w->EndObject();
  }
}

void AppendJsonLines(const RecordBatch& batch, std::string* out) {
  // Each field's `"name":` once per batch; strings straight into `out`, other values through a
  // writer reused for every value. The bytes are the JsonWriter's.
  std::vector<std::string> names;
  for (const Field& f : batch.schema().fields) {
    std::string name;
    AppendJsonString(f.name, &name);
    name += ':';
    names.push_back(std::move(name));
  }
  JsonWriter value;
  for (size_t r = 0; r < batch.num_rows(); ++r) {
    out->push_back('{');
    bool first = true;
    for (size_t f = 0; f < batch.num_columns(); ++f) {
      const Column& c = batch.column(f);
      if (c.IsNull(r)) continue;
      if (!first) out->push_back(',');
      first = false;
      out->append(names[f]);
      if (c.type().id() == TypeId::kString) {
        AppendJsonString(c.String(r), out);
        continue;
      }
      value.Reset();
      WriteJsonValue(c, r, &value);
      out->append(value.out());
    }
    out->append("}\n");
  }
}

}  // namespace sluice::engine
