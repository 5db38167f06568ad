#include "cli/output_format.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace cam::cli {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;

bool IsWellKnownTime(const Descriptor* d) {
  return d != nullptr && (d->full_name() == "google.protobuf.Timestamp" ||
                          d->full_name() == "google.protobuf.Duration");
}

const FieldDescriptor* FindField(const Descriptor& d, std::string_view name) {
  for (int i = 0; i < d.field_count(); ++i) {
    const FieldDescriptor* f = d.field(i);
    if (f->name() == name || f->json_name() == name) return f;
  }
  return nullptr;
}

// A field path resolved against a message: the message holding the field, the field, and for a
// map entry the key.
struct ResolvedField {
  const Message* holder = nullptr;
  const FieldDescriptor* field = nullptr;
  std::optional<std::string> map_key;
};

absl::Status UnknownField(std::string_view path, const Descriptor& d) {
  std::vector<std::string> names;
  for (int i = 0; i < d.field_count(); ++i) names.push_back(d.field(i)->name());
  return absl::InvalidArgumentError("unknown --field \"" + std::string(path) +
                                    "\"; fields: " + absl::StrJoin(names, ", "));
}

// Walks `path` over descriptors; when `message` is given, over values too.
absl::StatusOr<ResolvedField> Resolve(const Descriptor& root, const Message* message,
                                      std::string_view path) {
  if (path.empty()) return absl::InvalidArgumentError("--field needs a field name");
  const std::vector<std::string> segments =
      absl::StrSplit(absl::string_view(path.data(), path.size()), '.');
  const Descriptor* d = &root;
  const Message* m = message;
  for (size_t i = 0; i < segments.size(); ++i) {
    const FieldDescriptor* f = FindField(*d, segments[i]);
    if (f == nullptr) return UnknownField(path, *d);
    const bool last = i + 1 == segments.size();
    if (last) return ResolvedField{m, f, std::nullopt};
    if (f->is_map() && i + 2 == segments.size()) {
      return ResolvedField{m, f, segments[i + 1]};
    }
    if (f->is_repeated() || f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
        IsWellKnownTime(f->message_type())) {
      return absl::InvalidArgumentError("--field \"" + std::string(path) + "\": \"" + f->name() +
                                        "\" has no sub-fields");
    }
    d = f->message_type();
    if (m != nullptr) m = &m->GetReflection()->GetMessage(*m, f);
  }
  return absl::InvalidArgumentError("--field needs a field name");
}

std::string TimeText(const Message& m) {
  const Descriptor* d = m.GetDescriptor();
  const Reflection* r = m.GetReflection();
  const int64_t seconds = r->GetInt64(m, d->FindFieldByName("seconds"));
  const int32_t nanos = r->GetInt32(m, d->FindFieldByName("nanos"));
  if (d->full_name() == "google.protobuf.Timestamp") {
    google::protobuf::Timestamp ts;
    ts.set_seconds(seconds);
    ts.set_nanos(nanos);
    return google::protobuf::util::TimeUtil::ToString(ts);
  }
  google::protobuf::Duration duration;
  duration.set_seconds(seconds);
  duration.set_nanos(nanos);
  return google::protobuf::util::TimeUtil::ToString(duration);
}

std::string CompactJson(const Message& m) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  if (!google::protobuf::util::MessageToJsonString(m, &json, options).ok()) return "{}";
  return json;
}

std::string BytesText(const std::string& bytes) {
  if (IsPrintableText(bytes)) return bytes;
  return "(binary, " + std::to_string(bytes.size()) + " bytes)";
}

// The text of one value: element `index` of a repeated field, or the singular field when
// index < 0.
std::string ValueText(const Message& m, const FieldDescriptor* f, int index, bool raw) {
  const Reflection* r = m.GetReflection();
  const bool rep = index >= 0;
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return std::to_string(rep ? r->GetRepeatedInt32(m, f, index) : r->GetInt32(m, f));
    case FieldDescriptor::CPPTYPE_INT64:
      return std::to_string(rep ? r->GetRepeatedInt64(m, f, index) : r->GetInt64(m, f));
    case FieldDescriptor::CPPTYPE_UINT32:
      return std::to_string(rep ? r->GetRepeatedUInt32(m, f, index) : r->GetUInt32(m, f));
    case FieldDescriptor::CPPTYPE_UINT64:
      return std::to_string(rep ? r->GetRepeatedUInt64(m, f, index) : r->GetUInt64(m, f));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return std::to_string(rep ? r->GetRepeatedDouble(m, f, index) : r->GetDouble(m, f));
    case FieldDescriptor::CPPTYPE_FLOAT:
      return std::to_string(rep ? r->GetRepeatedFloat(m, f, index) : r->GetFloat(m, f));
    case FieldDescriptor::CPPTYPE_BOOL:
      return (rep ? r->GetRepeatedBool(m, f, index) : r->GetBool(m, f)) ? "true" : "false";
    case FieldDescriptor::CPPTYPE_ENUM:
      return (rep ? r->GetRepeatedEnum(m, f, index) : r->GetEnum(m, f))->name();
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string value = rep ? r->GetRepeatedString(m, f, index) : r->GetString(m, f);
      if (raw || f->type() != FieldDescriptor::TYPE_BYTES) return value;
      return BytesText(value);
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      if (!rep && !r->HasField(m, f)) return "";
      const Message& sub = rep ? r->GetRepeatedMessage(m, f, index) : r->GetMessage(m, f);
      if (IsWellKnownTime(f->message_type())) return TimeText(sub);
      return CompactJson(sub);
    }
  }
  return "";
}

// Map entries as sorted (key, value text) pairs.
std::vector<std::pair<std::string, std::string>> MapEntries(const Message& m,
                                                            const FieldDescriptor* f, bool raw) {
  std::vector<std::pair<std::string, std::string>> entries;
  const Reflection* r = m.GetReflection();
  const FieldDescriptor* key_field = f->message_type()->map_key();
  const FieldDescriptor* value_field = f->message_type()->map_value();
  for (int i = 0; i < r->FieldSize(m, f); ++i) {
    const Message& entry = r->GetRepeatedMessage(m, f, i);
    entries.emplace_back(ValueText(entry, key_field, -1, true),
                         ValueText(entry, value_field, -1, raw));
  }
  std::sort(entries.begin(), entries.end());
  return entries;
}

std::string ResolvedText(const ResolvedField& resolved, bool raw) {
  const Message& m = *resolved.holder;
  const FieldDescriptor* f = resolved.field;
  if (f->is_map()) {
    const auto entries = MapEntries(m, f, raw);
    if (resolved.map_key.has_value()) {
      for (const auto& [key, value] : entries) {
        if (key == *resolved.map_key) return value;
      }
      return "";
    }
    std::vector<std::string> parts;
    for (const auto& [key, value] : entries) parts.push_back(key + "=" + value);
    return absl::StrJoin(parts, ", ");
  }
  if (f->is_repeated()) {
    std::vector<std::string> parts;
    const int n = m.GetReflection()->FieldSize(m, f);
    for (int i = 0; i < n; ++i) parts.push_back(ValueText(m, f, i, raw));
    return absl::StrJoin(parts, raw ? "\n" : ", ");
  }
  return ValueText(m, f, -1, raw);
}

void AppendObjectLines(const Message& m, const std::string& prefix,
                       std::vector<std::pair<std::string, std::string>>& lines) {
  const Descriptor* d = m.GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (!f->is_repeated() && f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
        !IsWellKnownTime(f->message_type())) {
      AppendObjectLines(m.GetReflection()->GetMessage(m, f), prefix + f->name() + ".", lines);
      continue;
    }
    lines.emplace_back(prefix + f->name(), ResolvedText(ResolvedField{&m, f, std::nullopt},
                                                        /*raw=*/false));
  }
}

// Bytes fields print unchanged, with no newline added, so binary values survive a pipe.
void WriteRaw(const ResolvedField& resolved, std::ostream& out) {
  const std::string text = ResolvedText(resolved, /*raw=*/true);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  const bool is_bytes =
      resolved.field->type() == FieldDescriptor::TYPE_BYTES && !resolved.field->is_repeated();
  if (!is_bytes) out << '\n';
}

}  // namespace

void OutputFlags::Register(CLI::App& app) {
  format_opt_ = app.add_option("--output,-o", format_, "table or json (env CAM_FORMAT)");
  app.add_option("--field", field_, "print only this field, raw (e.g. version, sha256)");
  for (const std::string name : {"--output", "--field"}) app.get_option(name)->group("Output");
}

absl::StatusOr<OutputOptions> OutputFlags::Resolve(const EnvLookup& env) const {
  const FlagOrEnv picked = PickFlagOrEnv(format_opt_ != nullptr && format_opt_->count() > 0,
                                         format_, "--output", "CAM_FORMAT", env, "table");
  absl::StatusOr<OutputFormat> format = ParseOutputFormat(picked.value);
  if (!format.ok()) {
    return absl::InvalidArgumentError("invalid " + picked.source + " \"" + picked.value +
                                      "\": " + std::string(format.status().message()));
  }
  return OutputOptions{.format = *format, .field = field_};
}

absl::StatusOr<OutputFormat> ParseOutputFormat(std::string_view text) {
  if (text == "table") return OutputFormat::kTable;
  if (text == "json") return OutputFormat::kJson;
  return absl::InvalidArgumentError("expected table or json");
}

absl::Status CheckFieldPath(const Descriptor& descriptor, std::string_view path) {
  return Resolve(descriptor, nullptr, path).status();
}

absl::StatusOr<std::string> FieldText(const Message& message, std::string_view path) {
  absl::StatusOr<ResolvedField> resolved = Resolve(*message.GetDescriptor(), &message, path);
  if (!resolved.ok()) return resolved.status();
  return ResolvedText(*resolved, /*raw=*/false);
}

absl::StatusOr<std::string> FieldRaw(const Message& message, std::string_view path) {
  absl::StatusOr<ResolvedField> resolved = Resolve(*message.GetDescriptor(), &message, path);
  if (!resolved.ok()) return resolved.status();
  return ResolvedText(*resolved, /*raw=*/true);
}

bool IsPrintableText(std::string_view bytes) {
  size_t i = 0;
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f) return false;
      ++i;
      continue;
    }
    size_t length = 0;
    uint32_t code_point = 0;
    if ((c & 0xe0) == 0xc0) {
      length = 2;
      code_point = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      length = 3;
      code_point = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      length = 4;
      code_point = c & 0x07;
    } else {
      return false;
    }
    if (i + length > bytes.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      const auto cc = static_cast<unsigned char>(bytes[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      code_point = (code_point << 6) | (cc & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8; C1 controls
    // (U+0080..U+009F) are control characters.
    static constexpr uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kMinForLength[length] || (code_point >= 0xd800 && code_point <= 0xdfff) ||
        code_point > 0x10ffff || code_point <= 0x9f) {
      return false;
    }
    i += length;
  }
  return true;
}

std::string ToJson(const Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  if (!google::protobuf::util::MessageToJsonString(message, &json, options).ok()) {
    json = "{}";
  }
  if (json.empty() || json.back() != '\n') json += '\n';
  return json;
}

std::string RenderTable(std::span<const std::string> headers,
                        const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths(headers.size(), 0);
  for (size_t c = 0; c < headers.size(); ++c) widths[c] = headers[c].size();
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], row[c].size());
    }
  }
  std::string out;
  auto append_row = [&](auto cell_at) {
    std::string line;
    for (size_t c = 0; c < widths.size(); ++c) {
      const std::string cell = cell_at(c);
      line += cell;
      if (c + 1 < widths.size()) line += std::string(widths[c] - cell.size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  };
  append_row([&](size_t c) { return absl::AsciiStrToUpper(headers[c]); });
  for (const auto& row : rows) {
    append_row([&](size_t c) { return c < row.size() ? row[c] : std::string(); });
  }
  return out;
}

std::string RenderKeyValues(const std::vector<std::pair<std::string, std::string>>& lines) {
  size_t width = 0;
  for (const auto& [key, value] : lines) width = std::max(width, key.size());
  std::string out;
  for (const auto& [key, value] : lines) {
    std::string line = key + ":" + std::string(width - key.size() + 1, ' ') + value;
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> ObjectLines(const Message& object) {
  std::vector<std::pair<std::string, std::string>> lines;
  AppendObjectLines(object, "", lines);
  return lines;
}

absl::Status PrintObject(const Message& response, const Message& object,
                         const OutputOptions& options, std::ostream& out) {
  if (!options.field.empty()) {
    absl::StatusOr<ResolvedField> resolved =
        Resolve(*object.GetDescriptor(), &object, options.field);
    if (!resolved.ok()) return resolved.status();
    WriteRaw(*resolved, out);
    return absl::OkStatus();
  }
  if (options.format == OutputFormat::kJson) {
    out << ToJson(response);
    return absl::OkStatus();
  }
  out << RenderKeyValues(ObjectLines(object));
  return absl::OkStatus();
}

absl::Status PrintList(const Message& response, std::string_view items,
                       std::span<const Column> columns, const OutputOptions& options,
                       std::ostream& out) {
  const FieldDescriptor* list = FindField(*response.GetDescriptor(), items);
  if (list == nullptr || !list->is_repeated() ||
      list->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
    return absl::InternalError("no repeated message field " + std::string(items));
  }
  const Reflection* r = response.GetReflection();
  const int n = r->FieldSize(response, list);
  if (!options.field.empty()) {
    absl::Status checked = CheckFieldPath(*list->message_type(), options.field);
    if (!checked.ok()) return checked;
    for (int i = 0; i < n; ++i) {
      const Message& item = r->GetRepeatedMessage(response, list, i);
      absl::StatusOr<ResolvedField> resolved = Resolve(*item.GetDescriptor(), &item, options.field);
      if (!resolved.ok()) return resolved.status();
      const std::string text = ResolvedText(*resolved, /*raw=*/true);
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
      out << '\n';
    }
    return absl::OkStatus();
  }
  if (options.format == OutputFormat::kJson) {
    out << ToJson(response);
    return absl::OkStatus();
  }
  std::vector<std::string> headers;
  for (const Column& column : columns) headers.emplace_back(column.header);
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < n; ++i) {
    const Message& item = r->GetRepeatedMessage(response, list, i);
    std::vector<std::string> row;
    for (const Column& column : columns) {
      absl::StatusOr<std::string> text = FieldText(item, column.path);
      if (!text.ok()) return text.status();
      row.push_back(*std::move(text));
    }
    rows.push_back(std::move(row));
  }
  out << RenderTable(headers, rows);
  return absl::OkStatus();
}

const Descriptor* ItemDescriptor(const Descriptor& response, std::string_view items) {
  const FieldDescriptor* list = FindField(response, items);
  if (list == nullptr || list->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) return nullptr;
  return list->message_type();
}

}  // namespace cam::cli
