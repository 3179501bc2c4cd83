#include "connectors/files/file_listing.h"

#include <fnmatch.h>

#include <string_view>

namespace sluice::connectors::files {
namespace {

bool IsHidden(std::string_view name) {
  return (name.starts_with('_') && name.find('=') == std::string_view::npos) ||
         name.starts_with('.') || name.ends_with("._COPYING_");
}

Status ListInto(storage::FileSystem* fs, const std::string& dir,
                const std::optional<NameGlob>& name_filter, std::vector<ListedFile>& out) {
  Result<std::vector<std::string>> names = fs->ListDir(dir);
  if (!names.ok()) {
    return names.status().WithContext("file source: cannot list the folder '" + dir + "'");
  }
  for (const std::string& name : names.value()) {
    if (IsHidden(name)) continue;
    const std::string path = storage::JoinPath(dir, name);
    Result<storage::FileInfo> info = fs->Stat(path);
    if (!info.ok()) {
      // Gone between the listing and the look: it is listed by a later trigger if it comes back.
      if (info.status().code() == StatusCode::kNotFound) continue;
      return info.status().WithContext("file source: cannot read the attributes of '" + path + "'");
    }
    if (info.value().is_dir) {
      SLUICE_RETURN_IF_ERROR(ListInto(fs, path, name_filter, out));
    } else if (!name_filter || name_filter->Matches(name)) {
      out.push_back({path, info.value().modified_ms, info.value().size_bytes});
    }
  }
  return Status::Ok();
}

}  // namespace

Result<NameGlob> NameGlob::Parse(const std::string& glob) {
  NameGlob g;
  int depth = 0;
  for (size_t i = 0; i < glob.size(); ++i) {
    const char c = glob[i];
    if (c == '\\' && i + 1 < glob.size()) {
      g.pattern_ += glob.substr(i, 2);
      ++i;
    } else if (c == '{') {
      ++depth;
      g.pattern_ += "@(";
    } else if (c == '}' && depth > 0) {
      --depth;
      g.pattern_ += ')';
    } else if (c == ',' && depth > 0) {
      g.pattern_ += '|';
    } else if (std::string_view("()|+@!").find(c) != std::string_view::npos) {
      // Plain characters in a Hadoop glob; fnmatch's extended syntax would read `*(` or `!(`.
      g.pattern_ += '\\';
      g.pattern_ += c;
    } else {
      g.pattern_ += c;
    }
  }
  if (depth != 0) {
    return Status::InvalidArgument("option 'pathGlobFilter': '" + glob + "' has an unclosed '{'");
  }
  return g;
}

bool NameGlob::Matches(const std::string& name) const {
  return fnmatch(pattern_.c_str(), name.c_str(), FNM_EXTMATCH) == 0;
}

Result<std::vector<ListedFile>> ListLeafFiles(storage::FileSystem* fs, const std::string& dir,
                                              const std::optional<NameGlob>& name_filter) {
  std::vector<ListedFile> out;
  SLUICE_RETURN_IF_ERROR(ListInto(fs, dir, name_filter, out));
  return out;
}

}  // namespace sluice::connectors::files
