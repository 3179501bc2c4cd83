#include "connectors/pipeline/pipeline.h"

#include <algorithm>
#include <map>

#include "connectors/files/console_sink.h"
#include "connectors/files/file_sink.h"
#include "connectors/files/file_source.h"
#include "connectors/files/rate_micro_batch_source.h"
#include "connectors/files/rate_source.h"
#include "connectors/files/source_options.h"
#include "connectors/pipeline/query_builder.h"
#include "connectors/pipeline/query_keys.h"
#include "engine/types/type_parser.h"

namespace sluice::connectors::pipeline {
namespace {

using nlohmann::json;

const Keys kFileFormats = Words("csv json text");

bool IsFileFormat(const std::string& format) {
  return std::find(kFileFormats.begin(), kFileFormats.end(), format) != kFileFormats.end();
}

Status Expected(const std::string& where, const std::string& what, const json& got) {
  return Status::InvalidArgument(where + ": expected " + what + ", got " + ShortJson(got));
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// A connector's options as Spark's DataStreamReader holds them: text by name.
Result<std::map<std::string, std::string>> OptionsOf(const json& spec, const std::string& where) {
  std::map<std::string, std::string> options;
  if (!spec.contains("options")) return options;
  const json& given = spec["options"];
  const std::string at = where + ".options";
  if (!given.is_object()) return Expected(at, "an object of option names to values", given);
  for (const auto& [name, value] : given.items()) {
    if (value.is_string()) {
      options[name] = value.get<std::string>();
    } else if (value.is_boolean()) {
      options[name] = value.get<bool>() ? "true" : "false";
    } else if (value.is_number_integer()) {
      options[name] = value.dump();
    } else if (value.is_number()) {
      options[name] = value.dump();
    } else {
      return Expected(at + "." + name, "a string, number or boolean", value);
    }
  }
  return options;
}

// A connector's error, placed at the option it names when it names one (connectors quote the
// option: "invalid value 'x' for option 'maxFilesPerTrigger'"), else at the connector.
Status AtOption(const Status& error, const std::map<std::string, std::string>& options,
                const std::string& where) {
  const std::string message = Lower(error.message());
  for (const auto& [name, value] : options) {
    if (message.find("'" + Lower(name) + "'") != std::string::npos) {
      return error.WithContext(where + ".options." + name);
    }
  }
  return error.WithContext(where);
}

Result<std::string> StringKey(const json& spec, const std::string& key, const std::string& where,
                              const std::string& what) {
  const json& v = spec.at(key);
  if (!v.is_string() || v.get<std::string>().empty()) return Expected(KeyPath(where, key), what, v);
  return v.get<std::string>();
}

// Refuses `key` in a connector that does not take it.
Status Refuse(const json& spec, const std::string& key, const std::string& where,
              const std::string& format, const std::string& why) {
  if (!spec.contains(key)) return Status::Ok();
  return Status::InvalidArgument(where + "." + key + ": format '" + format + "' " + why);
}

Result<std::shared_ptr<engine::Source>> MakeSource(const json& input, const std::string& where,
                                                   const PipelineWorld& world) {
  const std::string name = input.at("name").get<std::string>();
  SLUICE_ASSIGN_OR_RETURN(std::string format,
                          StringKey(input, "format", where,
                                    "a source format: csv, json, rate, rate-micro-batch or text"));
  SLUICE_ASSIGN_OR_RETURN(auto options, OptionsOf(input, where));
  if (format == "rate" || format == "rate-micro-batch") {
    SLUICE_RETURN_IF_ERROR(Refuse(input, "path", where, format, "reads no folder"));
    SLUICE_RETURN_IF_ERROR(Refuse(input, "schema", where, format, "has a fixed schema"));
    if (format == "rate") {
      auto made = files::RateSource::Create(name, options);
      if (!made.ok()) return AtOption(made.status(), options, where);
      return std::shared_ptr<engine::Source>(made.value());
    }
    auto made = files::RateMicroBatchSource::Create(name, options);
    if (!made.ok()) return AtOption(made.status(), options, where);
    return std::shared_ptr<engine::Source>(made.value());
  }
  if (!IsFileFormat(format)) {
    return Status::InvalidArgument(where + ".format: unknown source format '" + format +
                                   "' (known: csv, json, rate, rate-micro-batch, text)");
  }
  if (!input.contains("path")) {
    return Status::InvalidArgument(where + ": format '" + format + "' needs 'path', a folder");
  }
  SLUICE_ASSIGN_OR_RETURN(std::string path, StringKey(input, "path", where, "a folder path"));
  Result<std::string> dir = world.resolve_path(path);
  if (!dir.ok()) return dir.status().WithContext(where + ".path");
  std::string ddl;
  if (input.contains("schema")) {
    SLUICE_ASSIGN_OR_RETURN(
        ddl, StringKey(input, "schema", where, "a DDL string such as \"id INT, name STRING\""));
    Result<engine::DataType> type = engine::ParseDdlSchema(ddl);
    if (!type.ok()) return type.status().WithContext(where + ".schema");
  } else if (format != "text") {
    return Status::InvalidArgument(where + ": format '" + format +
                                   "' needs 'schema', a DDL string such as \"id INT, name "
                                   "STRING\" (Spark's file streams take no schema inference)");
  }
  // The archive folder is a path like `path`: from the current folder under `sluice run`.
  for (auto& [option, value] : options) {
    if (files::SourceOptions::Lower(option) != "sourcearchivedir") continue;
    Result<std::string> archive = world.resolve_path(value);
    if (!archive.ok()) return archive.status().WithContext(where + ".options." + option);
    value = archive.value();
  }
  Result<std::shared_ptr<files::FileSource>> made =
      files::FileSource::Create(name, world.data_fs, dir.value(), format, ddl, options);
  if (!made.ok()) return AtOption(made.status(), options, where);
  return std::shared_ptr<engine::Source>(made.value());
}

Result<std::shared_ptr<engine::Sink>> MakeSink(const json& spec, const PipelineWorld& world) {
  const std::string where = "sink";
  SLUICE_ASSIGN_OR_RETURN(std::string format,
                          StringKey(spec, "format", where, "a sink format: console, csv or json"));
  SLUICE_ASSIGN_OR_RETURN(auto options, OptionsOf(spec, where));
  if (format == "console") {
    SLUICE_RETURN_IF_ERROR(Refuse(spec, "path", where, format, "writes to standard output"));
    SLUICE_RETURN_IF_ERROR(Refuse(spec, "partition_by", where, format, "writes no folders"));
    Result<files::ConsoleSinkOptions> parsed = files::ConsoleSinkOptions::Parse(options);
    if (!parsed.ok()) return AtOption(parsed.status(), options, where);
    return std::shared_ptr<engine::Sink>(
        std::make_shared<files::ConsoleSink>(world.console, parsed.value()));
  }
  if (format != "json" && format != "csv") {
    return Status::InvalidArgument(where + ".format: unknown sink format '" + format +
                                   "' (known: console, csv, json)");
  }
  if (!spec.contains("path")) {
    return Status::InvalidArgument(where + ": format '" + format + "' needs 'path', a folder");
  }
  SLUICE_ASSIGN_OR_RETURN(std::string path, StringKey(spec, "path", where, "a folder path"));
  Result<std::string> dir = world.resolve_path(path);
  if (!dir.ok()) return dir.status().WithContext(where + ".path");
  std::vector<std::string> partition_by;
  if (spec.contains("partition_by")) {
    const json& cols = spec["partition_by"];
    if (!cols.is_array()) return Expected(where + ".partition_by", "a list of column names", cols);
    for (size_t i = 0; i < cols.size(); ++i) {
      if (!cols[i].is_string() || cols[i].get<std::string>().empty()) {
        return Expected(where + ".partition_by[" + std::to_string(i) + "]", "a column name",
                        cols[i]);
      }
      partition_by.push_back(cols[i].get<std::string>());
    }
  }
  Result<std::shared_ptr<files::FileSink>> made = files::FileSink::Create(
      world.data_fs, dir.value(), format, partition_by, options, world.clock, world.listener);
  if (!made.ok()) return AtOption(made.status(), options, where);
  return std::shared_ptr<engine::Sink>(made.value());
}

}  // namespace

Result<json> ParsePipelineJson(const std::string& text, const std::string& file_name) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    // nlohmann counts the byte offset; turn it into a line and a column.
    size_t line = 1, column = 1;
    for (size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string what = e.what();
    if (size_t colon = what.rfind(": "); colon != std::string::npos) what = what.substr(colon + 2);
    return Status::InvalidArgument(file_name + ":" + std::to_string(line) + ":" +
                                   std::to_string(column) + ": not JSON: " + what);
  } catch (const json::exception& e) {
    // A number too large for a double, which nlohmann reports without a place.
    std::string what = e.what();
    if (size_t bracket = what.find("] "); bracket != std::string::npos) {
      what = what.substr(bracket + 2);
    }
    return Status::InvalidArgument(file_name + ": not JSON: " + what);
  }
}

Status CheckPipelineKeys(const json& pipeline) {
  QueryShape shape;
  shape.extra = {{"checkpoint", "sink"}, {"name"}};
  shape.check_input = [](const json& input, const std::string& where) {
    return CheckKeys(input, where, {{"name", "format"}, {"path", "schema", "options"}});
  };
  SLUICE_RETURN_IF_ERROR(CheckQueryKeys(pipeline, "", shape));
  return CheckKeys(pipeline["sink"], "sink", {{"format"}, {"path", "options", "partition_by"}});
}

Result<Pipeline> BuildPipeline(const json& pipeline, const PipelineWorld& world) {
  SLUICE_CHECK(world.data_fs != nullptr && world.clock != nullptr && world.console != nullptr &&
                   world.resolve_path,
               "a pipeline world has a file system, a clock, a console and a path resolver");
  SLUICE_ASSIGN_OR_RETURN(std::string checkpoint,
                          StringKey(pipeline, "checkpoint", "", "a folder path"));
  if (pipeline.value("clock", json("system")) != "system") {
    return Expected("clock",
                    "\"system\" (a pipeline runs on the real clock; \"manual\" is for "
                    "scenarios)",
                    pipeline["clock"]);
  }
  auto make_input = [&](const json& input, const std::string& where) -> Result<engine::DataStream> {
    SLUICE_ASSIGN_OR_RETURN(std::shared_ptr<engine::Source> source,
                            MakeSource(input, where, world));
    if (world.wrap_source) source = world.wrap_source(std::move(source));
    return engine::DataStream::From(std::move(source));
  };
  SLUICE_ASSIGN_OR_RETURN(BuiltQuery built, BuildQuery(pipeline, "", make_input));
  if (built.needs) {
    return Status::InvalidArgument("the query needs " + *built.needs +
                                   ", which Sluice does not have yet");
  }
  if (pipeline.contains("name")) {
    SLUICE_ASSIGN_OR_RETURN(built.options.name, StringKey(pipeline, "name", "", "a query name"));
  }
  SLUICE_ASSIGN_OR_RETURN(std::shared_ptr<engine::Sink> sink, MakeSink(pipeline["sink"], world));
  return Pipeline{std::move(checkpoint), std::move(*built.stream), std::move(built.options),
                  std::move(sink)};
}

Result<Pipeline> LoadPipeline(const std::string& text, const std::string& file_name,
                              const PipelineWorld& world) {
  SLUICE_ASSIGN_OR_RETURN(json parsed, ParsePipelineJson(text, file_name));
  Status keys = CheckPipelineKeys(parsed);
  if (!keys.ok()) return keys.WithContext(file_name);
  Result<Pipeline> built = BuildPipeline(parsed, world);
  if (!built.ok()) return built.status().WithContext(file_name);
  return built;
}

}  // namespace sluice::connectors::pipeline
