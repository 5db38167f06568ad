// File: cli/output_format.h
// The output flag group (--output table|json bound to CAM_FORMAT, --field NAME) and the renderers
// every camctl command uses: protobuf JSON for --output json, an aligned table for lists,
// `key: value` lines for single objects, and one raw field for --field.
#ifndef CAM_CLI_OUTPUT_FORMAT_H_
#define CAM_CLI_OUTPUT_FORMAT_H_

#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cli/env_lookup.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace google::protobuf {
class Descriptor;
class Message;
}  // namespace google::protobuf

namespace cam::cli {

enum class OutputFormat { kTable, kJson };

struct OutputOptions {
  OutputFormat format = OutputFormat::kTable;
  // A field path to print alone, raw; empty prints everything. Dot-separated field names (proto
  // or JSON spelling), e.g. "quota.max_bytes" or "metadata.author" (a map entry).
  std::string field;
};

class OutputFlags {
 public:
  void Register(CLI::App& app);
  // Resolve applies flag > CAM_FORMAT > table; an unknown format is rejected wherever it came
  // from.
  absl::StatusOr<OutputOptions> Resolve(const EnvLookup& env) const;

 private:
  std::string format_;
  std::string field_;
  CLI::Option* format_opt_ = nullptr;
};

absl::StatusOr<OutputFormat> ParseOutputFormat(std::string_view text);

// A column of a list: its header and the field path inside each item.
struct Column {
  std::string_view header;
  std::string_view path;
};

// CheckFieldPath verifies that `path` names a field of `descriptor`, so a typo in --field is a
// usage error before any call is made.
absl::Status CheckFieldPath(const google::protobuf::Descriptor& descriptor, std::string_view path);

// FieldText renders a field for a table: Timestamps as RFC 3339, enums by name, maps as sorted
// k=v pairs, bytes as text when printable UTF-8 (else a "binary" note), messages as JSON.
absl::StatusOr<std::string> FieldText(const google::protobuf::Message& message,
                                      std::string_view path);

// FieldRaw renders a field for --field: bytes and strings unchanged, other kinds as FieldText.
absl::StatusOr<std::string> FieldRaw(const google::protobuf::Message& message,
                                     std::string_view path);

// IsPrintableText reports whether `bytes` is valid UTF-8 with no control characters other than
// newline, carriage return and tab.
bool IsPrintableText(std::string_view bytes);

// ToJson renders protobuf's JSON mapping, indented, every field present, with a final newline.
std::string ToJson(const google::protobuf::Message& message);

// RenderTable aligns columns separated by two spaces; headers are upper-cased.
std::string RenderTable(std::span<const std::string> headers,
                        const std::vector<std::vector<std::string>>& rows);

// RenderKeyValues prints `key: value` lines with the values aligned.
std::string RenderKeyValues(const std::vector<std::pair<std::string, std::string>>& lines);

// ObjectLines lists every field of `object` as (name, FieldText), nested messages flattened into
// dotted names (Timestamps stay whole), in declaration order.
std::vector<std::pair<std::string, std::string>> ObjectLines(
    const google::protobuf::Message& object);

// PrintObject prints one object: the whole `response` as JSON, the --field of `object` raw, or
// `object` as key: value lines.
absl::Status PrintObject(const google::protobuf::Message& response,
                         const google::protobuf::Message& object, const OutputOptions& options,
                         std::ostream& out);

// PrintList prints the items of `response`'s repeated message field `items`: the whole response
// as JSON, the --field of each item one per line, or a table of `columns`.
absl::Status PrintList(const google::protobuf::Message& response, std::string_view items,
                       std::span<const Column> columns, const OutputOptions& options,
                       std::ostream& out);

// ItemDescriptor returns the message type of `response`'s repeated field `items` (for
// CheckFieldPath on a list).
const google::protobuf::Descriptor* ItemDescriptor(const google::protobuf::Descriptor& response,
                                                   std::string_view items);

}  // namespace cam::cli

#endif  // CAM_CLI_OUTPUT_FORMAT_H_
