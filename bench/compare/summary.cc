#include <algorithm>
#include <cmath>
#include <cstdio>

#include "bench/compare/workloads.h"

namespace sluice::bench::compare {

std::string Summary::Text() const {
  std::string out;
  for (const auto& [name, v] : values) {
    if (!out.empty()) out += ',';
    out += name + ':';
    if (const int64_t* i = std::get_if<int64_t>(&v)) {
      out += std::to_string(*i);
    } else {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", std::get<double>(v));
      out += buf;
    }
  }
  return out;
}

bool SameSummary(const Summary& a, const Summary& b) {
  if (a.values.size() != b.values.size()) return false;
  for (size_t i = 0; i < a.values.size(); ++i) {
    const auto& [name_a, va] = a.values[i];
    const auto& [name_b, vb] = b.values[i];
    if (name_a != name_b || va.index() != vb.index()) return false;
    if (va.index() == 0) {
      if (std::get<int64_t>(va) != std::get<int64_t>(vb)) return false;
    } else {
      const double x = std::get<double>(va), y = std::get<double>(vb);
      if (std::abs(x - y) > 1e-9 * std::max(std::abs(x), std::abs(y))) return false;
    }
  }
  return true;
}

}  // namespace sluice::bench::compare
