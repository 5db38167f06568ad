#include "cli/output_format.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cam/v1/memory.pb.h"

namespace cam::cli {
namespace {

using ::testing::HasSubstr;

v1::ContextListResponse TwoKeys() {
  v1::ContextListResponse response;
  v1::ContextSummary* a = response.add_entries();
  a->set_key("notes/today");
  a->set_version(3);
  a->set_size_bytes(5);
  *a->mutable_update_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1700000000);
  v1::ContextSummary* b = response.add_entries();
  b->set_key("n");
  b->set_version(12);
  b->set_size_bytes(1048576);
  response.set_next_page_token("tok");
  return response;
}

constexpr Column kColumns[] = {
    {"key", "key"}, {"version", "version"}, {"size", "size_bytes"}, {"updated", "update_time"}};

TEST(OutputFormatTest, ListAsAlignedTable) {
  std::ostringstream out;
  ASSERT_TRUE(PrintList(TwoKeys(), "entries", kColumns, {}, out).ok());
  EXPECT_EQ(out.str(),
            "KEY          VERSION  SIZE     UPDATED\n"
            "notes/today  3        5        2023-11-14T22:13:20Z\n"
            "n            12       1048576\n");
}

TEST(OutputFormatTest, EmptyListPrintsHeaderOnly) {
  std::ostringstream out;
  ASSERT_TRUE(PrintList(v1::ContextListResponse(), "entries", kColumns, {}, out).ok());
  EXPECT_EQ(out.str(), "KEY  VERSION  SIZE  UPDATED\n");
}

TEST(OutputFormatTest, ListAsJsonIsTheWholeResponse) {
  std::ostringstream out;
  ASSERT_TRUE(PrintList(TwoKeys(), "entries", kColumns, {.format = OutputFormat::kJson}, out).ok());
  const nlohmann::json json = nlohmann::json::parse(out.str());
  ASSERT_EQ(json["entries"].size(), 2u);
  EXPECT_EQ(json["entries"][0]["key"], "notes/today");
  EXPECT_EQ(json["entries"][0]["version"], "3");    // int64 is a string in protobuf JSON
  EXPECT_EQ(json["entries"][1]["deleted"], false);  // primitives always present
  EXPECT_EQ(json["nextPageToken"], "tok");
}

TEST(OutputFormatTest, FieldOnListPrintsOnePerLine) {
  std::ostringstream out;
  ASSERT_TRUE(PrintList(TwoKeys(), "entries", kColumns, {.field = "key"}, out).ok());
  EXPECT_EQ(out.str(), "notes/today\nn\n");
  std::ostringstream sizes;
  ASSERT_TRUE(PrintList(TwoKeys(), "entries", kColumns, {.field = "sizeBytes"}, sizes).ok());
  EXPECT_EQ(sizes.str(), "5\n1048576\n");
}

TEST(OutputFormatTest, UnknownFieldNamesTheChoices) {
  std::ostringstream out;
  const absl::Status status = PrintList(TwoKeys(), "entries", kColumns, {.field = "nope"}, out);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(std::string(status.message()), HasSubstr("unknown --field \"nope\""));
  EXPECT_THAT(std::string(status.message()), HasSubstr("size_bytes"));
  EXPECT_EQ(out.str(), "");
  EXPECT_FALSE(CheckFieldPath(*v1::NamespaceInfo::descriptor(), "quota.nope").ok());
  EXPECT_FALSE(CheckFieldPath(*v1::NamespaceInfo::descriptor(), "owner.x").ok());
  EXPECT_TRUE(CheckFieldPath(*v1::NamespaceInfo::descriptor(), "quota.max_bytes").ok());
  EXPECT_TRUE(CheckFieldPath(*v1::ContextEntry::descriptor(), "metadata.author").ok());
}

v1::ContextEntry Entry(std::string value) {
  v1::ContextEntry entry;
  entry.set_namespace_("team-a");
  entry.set_key("notes/today");
  entry.set_value(std::move(value));
  entry.set_version(2);
  entry.set_sha256("ab");
  (*entry.mutable_metadata())["z"] = "last";
  (*entry.mutable_metadata())["author"] = "ada";
  return entry;
}

TEST(OutputFormatTest, ObjectAsKeyValueLines) {
  v1::ContextReadResponse response;
  *response.mutable_entry() = Entry("hello");
  std::ostringstream out;
  ASSERT_TRUE(PrintObject(response, response.entry(), {}, out).ok());
  EXPECT_EQ(out.str(),
            "namespace:   team-a\n"
            "key:         notes/today\n"
            "value:       hello\n"
            "version:     2\n"
            "sha256:      ab\n"
            "metadata:    author=ada, z=last\n"
            "create_time:\n");
}

TEST(OutputFormatTest, NestedObjectsAreFlattened) {
  v1::NamespaceInfo info;
  info.set_namespace_("team-a");
  info.mutable_quota()->set_max_bytes(100);
  info.mutable_usage()->set_keys(7);
  const auto lines = ObjectLines(info);
  std::vector<std::string> names;
  for (const auto& [name, value] : lines) names.push_back(name);
  EXPECT_THAT(names,
              ::testing::ElementsAre("namespace", "owner", "tenant", "quota.max_bytes",
                                     "quota.max_keys", "usage.bytes", "usage.keys", "create_time"));
  EXPECT_EQ(*FieldText(info, "quota.max_bytes"), "100");
  EXPECT_EQ(*FieldText(info, "usage.keys"), "7");
}

TEST(OutputFormatTest, FieldPrintsOneRawValue) {
  v1::ContextReadResponse response;
  *response.mutable_entry() = Entry(std::string("\x00\x01\xff", 3));
  std::ostringstream version;
  ASSERT_TRUE(PrintObject(response, response.entry(), {.field = "version"}, version).ok());
  EXPECT_EQ(version.str(), "2\n");
  // Bytes come out unchanged, without a newline.
  std::ostringstream value;
  ASSERT_TRUE(PrintObject(response, response.entry(), {.field = "value"}, value).ok());
  EXPECT_EQ(value.str(), std::string("\x00\x01\xff", 3));
  std::ostringstream author;
  ASSERT_TRUE(PrintObject(response, response.entry(), {.field = "metadata.author"}, author).ok());
  EXPECT_EQ(author.str(), "ada\n");
  // --field wins over --output json.
  std::ostringstream both;
  ASSERT_TRUE(PrintObject(response, response.entry(),
                          {.format = OutputFormat::kJson, .field = "sha256"}, both)
                  .ok());
  EXPECT_EQ(both.str(), "ab\n");
}

TEST(OutputFormatTest, BinaryBytesAreNotPrintedInTables) {
  v1::ContextEntry entry = Entry(std::string("\x00\x01\xff", 3));
  EXPECT_EQ(*FieldText(entry, "value"), "(binary, 3 bytes)");
}

TEST(OutputFormatTest, ObjectAsJson) {
  v1::ContextReadResponse response;
  *response.mutable_entry() = Entry("hi");
  std::ostringstream out;
  ASSERT_TRUE(PrintObject(response, response.entry(), {.format = OutputFormat::kJson}, out).ok());
  const nlohmann::json json = nlohmann::json::parse(out.str());
  EXPECT_EQ(json["entry"]["value"], "aGk=");  // bytes are base64 in protobuf JSON
  EXPECT_EQ(json["entry"]["metadata"]["author"], "ada");
  EXPECT_EQ(out.str().back(), '\n');
}

TEST(OutputFormatTest, PrintableText) {
  EXPECT_TRUE(IsPrintableText(""));
  EXPECT_TRUE(IsPrintableText("hello world\n\tindented"));
  EXPECT_TRUE(IsPrintableText("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
  EXPECT_FALSE(IsPrintableText(std::string("a\0b", 3)));
  EXPECT_FALSE(IsPrintableText("bell\x07"));
  EXPECT_FALSE(IsPrintableText("esc\x1b[31m"));
  EXPECT_FALSE(IsPrintableText("del\x7f"));
  EXPECT_FALSE(IsPrintableText("\xc3"));              // truncated
  EXPECT_FALSE(IsPrintableText("\xc0\xaf"));          // overlong
  EXPECT_FALSE(IsPrintableText("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsPrintableText("\xf4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(IsPrintableText("\xc2\x9b"));          // C1 control (CSI)
  EXPECT_FALSE(IsPrintableText("\xff"));
}

TEST(OutputFormatTest, KeyValueAndTableRendering) {
  EXPECT_EQ(RenderKeyValues({{"a", "1"}, {"long_name", "2"}}), "a:         1\nlong_name: 2\n");
  const std::string headers[] = {"x", "yy"};
  EXPECT_EQ(RenderTable(headers, {{"1", ""}, {"333", "4"}}), "X    YY\n1\n333  4\n");
}

}  // namespace
}  // namespace cam::cli
