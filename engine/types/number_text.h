// Number text: numbers written as Spark writes them when it casts them to strings.
//
// Doubles and floats follow Java's Double.toString and Float.toString (Spark runs on the JVM):
// the shortest digits that read back to the same value, in plain notation when
// 1e-3 <= |x| < 1e7 (always with a fraction: `1.0`, `100.5`) and in computerized scientific
// notation otherwise (`1.0E7`, `1.5E-4`); `NaN`, `Infinity`, `-Infinity`, `-0.0`.
#pragma once

#include <string>

namespace sluice::engine {

std::string DoubleToJavaString(double v);
std::string FloatToJavaString(float v);

}  // namespace sluice::engine
