// File URIs: how a file source's seen-files log and a file sink's manifest name files, in
// Hadoop's form, so that Spark reads the same logs: `file:///dir/a%20b.json` for the path
// `dir/a b.json` of a file system whose root is the machine's `/`. A simulated disk's paths get
// the same form from its own root.
//
// Rules: characters a URI path may not hold (controls, space, and " # % < > ? [ \ ] ^ ` { | })
// are percent-encoded; other bytes, UTF-8 included, are kept, as java.net.URI keeps them. Decoding
// also takes Spark's `file:/dir/x` form and a bare absolute path.
#pragma once

#include <string>

#include "storage/status.h"

namespace sluice::connectors::files {

// The URI of `path` (relative to the root, no leading '/').
std::string FileUriOf(const std::string& path);
// The path a URI names, relative to the root; InvalidArgument naming the URI when it is not a
// file URI or its escapes are malformed.
Result<std::string> PathOfFileUri(const std::string& uri);
// The last segment of a URI's path, decoded (Hadoop's Path.getName).
std::string FileNameOfUri(const std::string& uri);

}  // namespace sluice::connectors::files
