#include "runtime/machine_path.h"

#include <filesystem>

namespace sluice::runtime {

Result<std::string> MachinePath(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path absolute = fs::absolute(fs::path(path), ec);
  if (ec) return Status::InvalidArgument("cannot resolve '" + path + "': " + ec.message());
  std::string normal = absolute.lexically_normal().string();
  while (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  if (normal == "/") return Status::InvalidArgument("'" + path + "' is the root folder");
  return normal.substr(1);
}

}  // namespace sluice::runtime
