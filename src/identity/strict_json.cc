#include "identity/strict_json.h"

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace cam::identity {

absl::Status ParseStrictJsonObject(std::string_view text, nlohmann::json& out,
                                   const StrictJsonLimits& limits) {
  if (text.size() > limits.max_bytes) return absl::InvalidArgumentError("json: input too large");

  // The parser callback sees every key as it is read; one set of names per open object finds
  // duplicates. The callback cannot abort the parse, so it records the violation and the result
  // is thrown away afterwards.
  std::vector<std::set<std::string, std::less<>>> open_objects;
  bool duplicate = false;
  bool too_deep = false;
  auto callback = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    switch (event) {
      case Event::object_start:
        open_objects.emplace_back();
        if (depth >= limits.max_depth) too_deep = true;
        break;
      case Event::array_start:
        if (depth >= limits.max_depth) too_deep = true;
        break;
      case Event::object_end:
        if (!open_objects.empty()) open_objects.pop_back();
        break;
      case Event::key:
        if (!open_objects.empty() && parsed.is_string() &&
            !open_objects.back().insert(parsed.get<std::string>()).second) {
          duplicate = true;
        }
        break;
      default:
        break;
    }
    // Once the input is known to be refused, stop building values (keeps memory small).
    return !(duplicate || too_deep);
  };

  nlohmann::json value;
  try {
    value = nlohmann::json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/true,
                                  /*ignore_comments=*/false);
  } catch (const nlohmann::json::exception&) {
    return absl::InvalidArgumentError("json: malformed");
  }
  if (duplicate) return absl::InvalidArgumentError("json: duplicate member name");
  if (too_deep) return absl::InvalidArgumentError("json: nested too deeply");
  if (!value.is_object()) return absl::InvalidArgumentError("json: top level is not an object");
  out = std::move(value);
  return absl::OkStatus();
}

}  // namespace cam::identity
