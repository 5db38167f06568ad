#include "transport/http/json_codec.h"

#include <gtest/gtest.h>

#include <string>

#include "cam/v1/memory.pb.h"
#include "tests/testing/status_matchers.h"

namespace cam::transport::http {
namespace {

using ::cam::testing::HasReason;

std::string Nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(JsonDepthTest, CountsBracketsOutsideStrings) {
  EXPECT_TRUE(JsonDepthWithin(Nested(32), 32));
  EXPECT_FALSE(JsonDepthWithin(Nested(33), 32));
  EXPECT_TRUE(JsonDepthWithin(R"({"a":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["})", 32));
  EXPECT_TRUE(JsonDepthWithin(R"({"a":"\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["})", 32));
  EXPECT_FALSE(JsonDepthWithin(R"({"a":"\\"[[[[)", 3));  // the string closed after "\\"
}

TEST(DecodeJsonBodyTest, ParsesLowerCamelAndProtoNamesAndBase64) {
  cam::v1::ContextWriteRequest request;
  CAM_ASSERT_OK(DecodeJsonBody(
      R"({"namespace":"a","key":"k","value":"aGk=","expectedVersion":"3","metadata":{"x":"y"}})",
      &request));
  EXPECT_EQ(request.value(), "hi");
  EXPECT_EQ(request.expected_version(), 3);
  EXPECT_EQ(request.metadata().at("x"), "y");
  cam::v1::ContextWriteRequest by_proto_name;
  CAM_ASSERT_OK(DecodeJsonBody(R"({"expected_version":0})", &by_proto_name));
  EXPECT_TRUE(by_proto_name.has_expected_version());
}

TEST(DecodeJsonBodyTest, EmptyBodyIsEmptyMessage) {
  cam::v1::ContextWriteRequest request;
  request.set_key("stale");
  CAM_ASSERT_OK(DecodeJsonBody("", &request));
  EXPECT_EQ(request.key(), "");
  CAM_ASSERT_OK(DecodeJsonBody(" \r\n\t", &request));
}

TEST(DecodeJsonBodyTest, RejectsBadInput) {
  const char* bad[] = {
      "{",
      "[]",
      "null x",
      R"({"unknown":1})",
      R"({"value":"not base64!"})",
      R"({"expectedVersion":"99999999999999999999999"})",
      R"({"expectedVersion":1e400})",
      R"({"key":1})",
      "{\"key\":\"\xFF\"}",
      "{\"key\":\"\xC0\xAF\"}",
  };
  for (const char* body : bad) {
    cam::v1::ContextWriteRequest request;
    EXPECT_THAT(DecodeJsonBody(body, &request), HasReason("CAM_VALIDATION_MALFORMED_BODY")) << body;
  }
}

TEST(DecodeJsonBodyTest, RejectsDeepNestingBeforeParsing) {
  cam::v1::ContextWriteRequest request;
  const std::string deep = "{\"metadata\":" + std::string(100000, '[') + "}";
  EXPECT_THAT(DecodeJsonBody(deep, &request), HasReason("CAM_VALIDATION_MALFORMED_BODY"));
}

TEST(EncodeJsonTest, UsesLowerCamelNamesAndOmitsDefaults) {
  cam::v1::ContextReadResponse response;
  response.mutable_entry()->set_namespace_("a");
  response.mutable_entry()->set_value("hi");
  response.mutable_entry()->set_version(7);
  response.mutable_entry()->mutable_create_time()->set_seconds(1);
  CAM_ASSERT_OK_AND_ASSIGN(const std::string json, EncodeJson(response));
  EXPECT_EQ(json, R"({"entry":{"namespace":"a","value":"aGk=","version":"7",)"
                  R"("createTime":"1970-01-01T00:00:01Z"}})");
  CAM_ASSERT_OK_AND_ASSIGN(const std::string empty, EncodeJson(cam::v1::ContextReadResponse()));
  EXPECT_EQ(empty, "{}");
}

}  // namespace
}  // namespace cam::transport::http
