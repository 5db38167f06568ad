#include "audit/json_text.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

namespace cam::audit {
namespace {

std::string Quoted(std::string_view text) {
  std::string out;
  AppendJsonString(out, text);
  return out;
}

// nlohmann's serializer, which camd used before, as the oracle: same escapes, same U+FFFD
// replacement of ill-formed UTF-8.
std::string NlohmannQuoted(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(JsonTextTest, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(Quoted("plain"), "\"plain\"");
  EXPECT_EQ(Quoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(Quoted("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
  EXPECT_EQ(Quoted(std::string("\x00\x01\x1f", 3)), "\"\\u0000\\u0001\\u001f\"");
  EXPECT_EQ(Quoted("/\x7f"), "\"/\x7f\"");
  EXPECT_EQ(Quoted(""), "\"\"");
}

TEST(JsonTextTest, PlainRunsAroundEscapesAreKeptWholeAndAppendedAfterWhatIsThere) {
  EXPECT_EQ(Quoted("\"starts"), "\"\\\"starts\"");
  EXPECT_EQ(Quoted("ends\n"), "\"ends\\n\"");
  EXPECT_EQ(Quoted("one\ttwo\\three\x01"
                   "four"),
            "\"one\\ttwo\\\\three\\u0001four\"");
  EXPECT_EQ(Quoted("x\xC3\xA9y"), "\"x\xC3\xA9y\"");
  std::string out = "{\"a\":";
  AppendJsonString(out, std::string(300, 'p') + "\"");
  EXPECT_EQ(out, "{\"a\":\"" + std::string(300, 'p') + "\\\"\"");
}

TEST(JsonTextTest, KeepsWellFormedUtf8) {
  const std::string text =
      "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x94\x91 \xED\x9F\xBF \xF4\x8F\xBF\xBF";
  EXPECT_EQ(Quoted(text), "\"" + text + "\"");
}

TEST(JsonTextTest, ReplacesMaximalIllFormedSubpartsAsTheUnicodeStandardShows) {
  // Unicode 15.0 section 3.9, Table 3-8: <61 F1 80 80 E1 80 C2 62 80 63 80 BF 64> becomes
  // <61 FFFD FFFD FFFD 62 FFFD 63 FFFD FFFD 64>.
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(Quoted("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64"),
            "\"a" + fffd + fffd + fffd + "b" + fffd + "c" + fffd + fffd + "d\"");
  // Surrogates, overlongs and code points past U+10FFFF are ill formed byte by byte.
  EXPECT_EQ(Quoted("\xED\xA0\x80"), "\"" + fffd + fffd + fffd + "\"");
  EXPECT_EQ(Quoted("\xC0\xAF"), "\"" + fffd + fffd + "\"");
  EXPECT_EQ(Quoted("\xF4\x90\x80\x80"), "\"" + fffd + fffd + fffd + fffd + "\"");
  // A sequence cut short by the end of the text is one subpart.
  EXPECT_EQ(Quoted("x\xF0\x9F\x94"), "\"x" + fffd + "\"");
}

TEST(JsonTextTest, MatchesNlohmannOnRandomBytes) {
  std::mt19937 rng(20261207);
  // Weighted toward the bytes that matter: ASCII controls, quotes, leads and continuations.
  const std::string interesting = std::string("\x00\x1f\"\\aZ\x7f", 7) +
                                  "\x80\x8f\x90\x9f\xa0\xbf\xc0\xc1\xc2\xdf\xe0\xe1\xec\xed\xee"
                                  "\xef\xf0\xf1\xf3\xf4\xf5\xff";
  for (int round = 0; round < 20000; ++round) {
    std::string text(rng() % 12, '\0');
    for (char& c : text) {
      c = rng() % 2 == 0 ? interesting[rng() % interesting.size()] : static_cast<char>(rng());
    }
    ASSERT_EQ(Quoted(text), NlohmannQuoted(text)) << "round " << round;
  }
}

}  // namespace
}  // namespace cam::audit
