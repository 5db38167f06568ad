#include "transport/http/request_decoder.h"

#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include "base/reasons.h"
#include "cam/v1/memory.pb.h"
#include "tests/testing/status_matchers.h"

namespace cam::transport::http {
namespace {

using ::cam::testing::HasReason;

template <typename M>
const google::protobuf::FieldDescriptor* F(const char* name) {
  return M::descriptor()->FindFieldByName(name);
}

TEST(DecodeQueryTest, JsonAndProtoNamesRepeatedEnumsAndInt64) {
  cam::v1::ContextDeleteRequest request;
  CAM_ASSERT_OK(
      DecodeQuery("mode=DELETE_MODE_DESTROY&versions=1&versions=9223372036854775807", &request));
  EXPECT_EQ(request.mode(), cam::v1::DELETE_MODE_DESTROY);
  ASSERT_EQ(request.versions_size(), 2);
  EXPECT_EQ(request.versions(1), 9223372036854775807);
  cam::v1::ContextDeleteRequest by_number;
  CAM_ASSERT_OK(DecodeQuery("mode=2", &by_number));
  EXPECT_EQ(by_number.mode(), cam::v1::DELETE_MODE_UNDELETE);

  cam::v1::ContextListRequest list;
  CAM_ASSERT_OK(DecodeQuery("pageSize=10&page_token=a%2Bb+c&includeDeleted=true&&", &list));
  EXPECT_EQ(list.page_size(), 10);
  EXPECT_EQ(list.page_token(), "a+b+c");  // '+' is literal
  EXPECT_TRUE(list.include_deleted());
  CAM_ASSERT_OK(DecodeQuery("", &list));
}

TEST(DecodeQueryTest, Rejects) {
  const char* bad[] = {
      "nope=1",                 // unknown parameter
      "pageSize=1&pageSize=2",  // singular twice
      "pageSize=abc",
      "pageSize=99999999999",
      "includeDeleted=yes",
      "prefix=%zz",
      "prefix=%FF",  // not UTF-8
      "%zz=1",
  };
  for (const char* query : bad) {
    cam::v1::ContextListRequest request;
    EXPECT_THAT(DecodeQuery(query, &request), HasReason("CAM_VALIDATION_MALFORMED_BODY")) << query;
  }
  cam::v1::ContextWriteRequest write;
  EXPECT_FALSE(DecodeQuery("metadata=x", &write).ok());  // map fields do not come from queries
}

TEST(DecodeRequestTest, GetTakesQueryAndPath) {
  cam::v1::ContextReadRequest request;
  const PathBindings bindings = {{F<cam::v1::ContextReadRequest>("namespace"), "team-a"},
                                 {F<cam::v1::ContextReadRequest>("key"), "notes/today"}};
  CAM_ASSERT_OK(DecodeRequest("GET", bindings, "version=4", "", &request));
  EXPECT_EQ(request.namespace_(), "team-a");
  EXPECT_EQ(request.key(), "notes/today");
  EXPECT_EQ(request.version(), 4);
  cam::v1::ContextReadRequest with_body;
  EXPECT_THAT(DecodeRequest("GET", bindings, "", "{}", &with_body),
              HasReason("CAM_VALIDATION_MALFORMED_BODY"));
}

TEST(DecodeRequestTest, PutTakesBodyAndPath) {
  cam::v1::ContextWriteRequest request;
  const PathBindings bindings = {{F<cam::v1::ContextWriteRequest>("namespace"), "a"},
                                 {F<cam::v1::ContextWriteRequest>("key"), "k"}};
  CAM_ASSERT_OK(DecodeRequest("PUT", bindings, "", R"({"value":"aGk="})", &request));
  EXPECT_EQ(request.namespace_(), "a");
  EXPECT_EQ(request.value(), "hi");
  cam::v1::ContextWriteRequest empty;
  CAM_ASSERT_OK(DecodeRequest("PUT", bindings, "", "", &empty));
  EXPECT_EQ(empty.key(), "k");
  cam::v1::ContextWriteRequest with_query;
  EXPECT_FALSE(DecodeRequest("PUT", bindings, "value=aGk=", "", &with_query).ok());
}

TEST(DecodeRequestTest, BodyMayRepeatThePathButNotContradictIt) {
  const PathBindings bindings = {{F<cam::v1::ContextWriteRequest>("namespace"), "a"},
                                 {F<cam::v1::ContextWriteRequest>("key"), "k"}};
  cam::v1::ContextWriteRequest same;
  CAM_ASSERT_OK(DecodeRequest("PUT", bindings, "", R"({"namespace":"a","key":"k"})", &same));
  cam::v1::ContextWriteRequest other;
  const absl::Status status = DecodeRequest("PUT", bindings, "", R"({"namespace":"b"})", &other);
  EXPECT_THAT(status, HasReason("CAM_VALIDATION_MALFORMED_BODY"));
  EXPECT_EQ(base::FieldOf(status), "namespace");
  cam::v1::ContextReadRequest query;
  const PathBindings read_bindings = {{F<cam::v1::ContextReadRequest>("namespace"), "a"}};
  EXPECT_FALSE(DecodeRequest("GET", read_bindings, "namespace=b", "", &query).ok());
}

TEST(DecodeRequestTest, PathValuesMustBeUtf8) {
  cam::v1::ContextReadRequest request;
  const PathBindings bindings = {{F<cam::v1::ContextReadRequest>("key"), "\xC0\xAF"}};
  EXPECT_THAT(DecodeRequest("GET", bindings, "", "", &request),
              HasReason("CAM_VALIDATION_MALFORMED_BODY"));
}

}  // namespace
}  // namespace cam::transport::http
