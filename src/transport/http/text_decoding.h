// File: transport/http/text_decoding.h
// Decoding helpers for text that arrives from untrusted HTTP clients: RFC 3986 percent-decoding
// and a strict UTF-8 check. Both are total: any input yields a value or a clean failure.
#ifndef CAM_TRANSPORT_HTTP_TEXT_DECODING_H_
#define CAM_TRANSPORT_HTTP_TEXT_DECODING_H_

#include <optional>
#include <string>
#include <string_view>

namespace cam::transport::http {

// PercentDecode decodes `%XX` escapes; '+' stays a literal '+' (RFC 3986, not form encoding).
// Returns nullopt for a '%' not followed by two hex digits.
std::optional<std::string> PercentDecode(std::string_view text);

// IsValidUtf8 accepts well-formed UTF-8 only (no overlong forms, surrogates or code points past
// U+10FFFF), as protobuf requires of string fields and RFC 8259 of JSON text.
bool IsValidUtf8(std::string_view text);

}  // namespace cam::transport::http

#endif  // CAM_TRANSPORT_HTTP_TEXT_DECODING_H_
