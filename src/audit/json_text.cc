#include "audit/json_text.h"

#include <array>
#include <cstdint>

namespace cam::audit {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// The well-formed byte sequences of Unicode Table 3-7: for a lead byte, the sequence length and
// the range its second byte must fall in (later bytes are always 0x80..0xBF). Length 0 marks a
// byte that cannot start a sequence.
struct LeadByte {
  int length;
  uint8_t second_low;
  uint8_t second_high;
};

LeadByte Classify(uint8_t lead) {
  if (lead >= 0xC2 && lead <= 0xDF) return {2, 0x80, 0xBF};
  if (lead == 0xE0) return {3, 0xA0, 0xBF};
  if (lead >= 0xE1 && lead <= 0xEC) return {3, 0x80, 0xBF};
  if (lead == 0xED) return {3, 0x80, 0x9F};
  if (lead >= 0xEE && lead <= 0xEF) return {3, 0x80, 0xBF};
  if (lead == 0xF0) return {4, 0x90, 0xBF};
  if (lead >= 0xF1 && lead <= 0xF3) return {4, 0x80, 0xBF};
  if (lead == 0xF4) return {4, 0x80, 0x8F};
  return {0, 0, 0};
}

void AppendAscii(std::string& out, char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      break;
  }
  if (static_cast<uint8_t>(c) < 0x20) {
    constexpr char kHex[] = "0123456789abcdef";
    out += "\\u00";
    out += kHex[static_cast<uint8_t>(c) >> 4];
    out += kHex[static_cast<uint8_t>(c) & 0xF];
    return;
  }
  out += c;
}

// The bytes a JSON string carries as they are: printable ASCII but quote and backslash. A table,
// because the scan runs over every byte of every audit field (audit fields are not secrets).
constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> plain{};
  for (int byte = 0x20; byte < 0x80; ++byte) plain[byte] = byte != '"' && byte != '\\';
  return plain;
}();

bool IsPlain(uint8_t byte) { return kPlain[byte]; }

}  // namespace

void AppendJsonString(std::string& out, std::string_view text) {
  out.reserve(out.size() + text.size() + 2);
  out += '"';
  size_t i = 0;
  while (i < text.size()) {
    // Audit fields are mostly plain ASCII: copy each run of it at once rather than byte by byte.
    size_t run = i;
    while (run < text.size() && IsPlain(static_cast<uint8_t>(text[run]))) ++run;
    if (run > i) {
      out.append(text.data() + i, run - i);
      i = run;
      continue;
    }
    const auto lead = static_cast<uint8_t>(text[i]);
    if (lead < 0x80) {
      AppendAscii(out, text[i]);
      ++i;
      continue;
    }
    const LeadByte kind = Classify(lead);
    if (kind.length == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    // Count how much of the sequence is well formed; stop at the first byte that is not.
    size_t matched = 1;
    while (matched < static_cast<size_t>(kind.length) && i + matched < text.size()) {
      const auto byte = static_cast<uint8_t>(text[i + matched]);
      const uint8_t low = matched == 1 ? kind.second_low : 0x80;
      const uint8_t high = matched == 1 ? kind.second_high : 0xBF;
      if (byte < low || byte > high) break;
      ++matched;
    }
    if (matched == static_cast<size_t>(kind.length)) {
      out.append(text.substr(i, matched));
    } else {
      // The well-formed prefix is one maximal subpart; the byte that broke it starts afresh.
      out += kReplacement;
    }
    i += matched;
  }
  out += '"';
}

}  // namespace cam::audit
