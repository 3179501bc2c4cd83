// Yahoo streaming benchmark (YSB) events for the benches: 7 string fields, about 250 bytes an
// object, written as the YSB generator writes them, from a seeded generator.
#pragma once

#include <array>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>

namespace sluice::bench {

constexpr std::array<std::string_view, 7> kYsbFields = {
    "user_id", "page_id", "ad_id", "ad_type", "event_type", "event_time", "ip_address"};
constexpr const char* kYsbSchema =
    "user_id STRING, page_id STRING, ad_id STRING, ad_type STRING, event_type STRING, "
    "event_time STRING, ip_address STRING";

inline std::string Uuid(std::mt19937_64& rng) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s(36, '-');
  for (size_t i = 0; i < s.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) continue;
    s[i] = kHex[rng() & 15];
  }
  return s;
}

// One event as the YSB generator writes it (`"key": "value", ...`), from a seeded generator.
inline std::string YsbEvent(std::mt19937_64& rng) {
  static constexpr std::array<const char*, 5> kAdTypes = {"banner", "modal", "sponsored-search",
                                                          "mail", "mobile"};
  static constexpr std::array<const char*, 3> kEventTypes = {"view", "click", "purchase"};
  const std::string user = Uuid(rng), page = Uuid(rng), ad = Uuid(rng);
  const uint64_t time_ms = 1700000000000ULL + rng() % 100000000ULL;
  char buf[512];
  const int n = std::snprintf(
      buf, sizeof(buf),
      "{\"user_id\": \"%s\", \"page_id\": \"%s\", \"ad_id\": \"%s\", \"ad_type\": \"%s\", "
      "\"event_type\": \"%s\", \"event_time\": \"%llu\", \"ip_address\": \"%u.%u.%u.%u\"}",
      user.c_str(), page.c_str(), ad.c_str(), kAdTypes[rng() % kAdTypes.size()],
      kEventTypes[rng() % kEventTypes.size()], static_cast<unsigned long long>(time_ms),
      static_cast<unsigned>(rng() % 256), static_cast<unsigned>(rng() % 256),
      static_cast<unsigned>(rng() % 256), static_cast<unsigned>(rng() % 256));
  return std::string(buf, static_cast<size_t>(n));
}

}  // namespace sluice::bench
