// File: audit/json_text.h
// JSON text for audit lines, written directly into a string: an audit record is encoded on every
// call, and building a DOM first (nlohmann) took about 5% of camd's CPU under a read load.
#ifndef CAM_AUDIT_JSON_TEXT_H_
#define CAM_AUDIT_JSON_TEXT_H_

#include <string>
#include <string_view>

namespace cam::audit {

// AppendJsonString appends `text` to `out` as a JSON string literal, quotes included. Quote,
// backslash and control characters are escaped. Bytes that are not well-formed UTF-8 become
// U+FFFD, one for each maximal ill-formed subpart (Unicode 15.0, section 3.9, "U+FFFD
// Substitution of Maximal Subparts"), so a line is valid JSON whatever a field holds.
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace cam::audit

#endif  // CAM_AUDIT_JSON_TEXT_H_
