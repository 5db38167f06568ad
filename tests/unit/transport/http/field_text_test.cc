#include "transport/http/field_text.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>

#include "base/reasons.h"
#include "tests/testing/status_matchers.h"

namespace cam::transport::http {
namespace {

using ::cam::testing::HasReason;
using google::protobuf::Message;

// A message with one field of every scalar kind, built at run time so the test does not depend
// on which scalar kinds the contract happens to use.
constexpr char kScalarsProto[] = R"pb(
  name: "scalars_test.proto"
  package: "test"
  syntax: "proto3"
  enum_type {
    name: "Color"
    value { name: "COLOR_UNSPECIFIED" number: 0 }
    value { name: "COLOR_RED" number: 1 }
  }
  message_type {
    name: "Scalars"
    field { name: "i32" number: 1 label: LABEL_OPTIONAL type: TYPE_INT32 json_name: "i32" }
    field { name: "i64" number: 2 label: LABEL_OPTIONAL type: TYPE_INT64 json_name: "i64" }
    field { name: "u32" number: 3 label: LABEL_OPTIONAL type: TYPE_UINT32 json_name: "u32" }
    field { name: "u64" number: 4 label: LABEL_OPTIONAL type: TYPE_UINT64 json_name: "u64" }
    field { name: "d" number: 5 label: LABEL_OPTIONAL type: TYPE_DOUBLE json_name: "d" }
    field { name: "f" number: 6 label: LABEL_OPTIONAL type: TYPE_FLOAT json_name: "f" }
    field { name: "b" number: 7 label: LABEL_OPTIONAL type: TYPE_BOOL json_name: "b" }
    field {
      name: "color"
      number: 8
      label: LABEL_OPTIONAL
      type: TYPE_ENUM
      type_name: ".test.Color"
      json_name: "color"
    }
    field { name: "s" number: 9 label: LABEL_OPTIONAL type: TYPE_STRING json_name: "s" }
    field { name: "raw" number: 10 label: LABEL_OPTIONAL type: TYPE_BYTES json_name: "raw" }
    field {
      name: "many_ints"
      number: 11
      label: LABEL_REPEATED
      type: TYPE_INT64
      json_name: "manyInts"
    }
    field {
      name: "child"
      number: 12
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".test.Scalars"
      json_name: "child"
    }
  }
)pb";

class FieldTextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    google::protobuf::FileDescriptorProto file;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(kScalarsProto, &file));
    ASSERT_NE(pool_.BuildFile(file), nullptr);
    const google::protobuf::Descriptor* type = pool_.FindMessageTypeByName("test.Scalars");
    ASSERT_NE(type, nullptr);
    message_.reset(factory_.GetPrototype(type)->New());
  }
  absl::Status Set(const char* field, std::string_view text) {
    return SetFieldFromText(message_.get(), message_->GetDescriptor()->FindFieldByName(field),
                            text);
  }
  const google::protobuf::Reflection& r() { return *message_->GetReflection(); }
  const google::protobuf::FieldDescriptor* F(const char* name) {
    return message_->GetDescriptor()->FindFieldByName(name);
  }

  google::protobuf::DescriptorPool pool_;
  google::protobuf::DynamicMessageFactory factory_;
  std::unique_ptr<Message> message_;
};

TEST_F(FieldTextTest, Integers) {
  CAM_ASSERT_OK(Set("i32", "-2147483648"));
  EXPECT_EQ(r().GetInt32(*message_, F("i32")), std::numeric_limits<int32_t>::min());
  CAM_ASSERT_OK(Set("i64", "9223372036854775807"));
  EXPECT_EQ(r().GetInt64(*message_, F("i64")), std::numeric_limits<int64_t>::max());
  CAM_ASSERT_OK(Set("u64", "18446744073709551615"));
  EXPECT_EQ(r().GetUInt64(*message_, F("u64")), std::numeric_limits<uint64_t>::max());
  for (const char* bad : {"", "2147483648", "1.5", " 1", "1 ", "+1", "0x10", "1e3", "abc"}) {
    EXPECT_THAT(Set("i32", bad), HasReason("CAM_VALIDATION_MALFORMED_BODY")) << bad;
  }
  EXPECT_FALSE(Set("i64", "99999999999999999999999999999").ok());
  EXPECT_FALSE(Set("u32", "-1").ok());
  EXPECT_FALSE(Set("u64", "18446744073709551616").ok());
}

TEST_F(FieldTextTest, FloatingPoint) {
  CAM_ASSERT_OK(Set("d", "-1.5e3"));
  EXPECT_EQ(r().GetDouble(*message_, F("d")), -1500.0);
  CAM_ASSERT_OK(Set("d", "NaN"));
  EXPECT_TRUE(std::isnan(r().GetDouble(*message_, F("d"))));
  CAM_ASSERT_OK(Set("d", "-Infinity"));
  EXPECT_EQ(r().GetDouble(*message_, F("d")), -std::numeric_limits<double>::infinity());
  CAM_ASSERT_OK(Set("f", "0.25"));
  EXPECT_EQ(r().GetFloat(*message_, F("f")), 0.25f);
  EXPECT_FALSE(Set("d", "inf").ok());
  EXPECT_FALSE(Set("d", "1e999").ok());
  EXPECT_FALSE(Set("f", "1e300").ok());
  EXPECT_FALSE(Set("d", "").ok());
}

TEST_F(FieldTextTest, BoolsEnumsStringsBytes) {
  CAM_ASSERT_OK(Set("b", "true"));
  EXPECT_TRUE(r().GetBool(*message_, F("b")));
  EXPECT_FALSE(Set("b", "1").ok());
  EXPECT_FALSE(Set("b", "TRUE").ok());
  CAM_ASSERT_OK(Set("color", "COLOR_RED"));
  EXPECT_EQ(r().GetEnumValue(*message_, F("color")), 1);
  CAM_ASSERT_OK(Set("color", "0"));
  EXPECT_EQ(r().GetEnumValue(*message_, F("color")), 0);
  EXPECT_FALSE(Set("color", "COLOR_BLUE").ok());
  EXPECT_FALSE(Set("color", "7").ok());
  CAM_ASSERT_OK(Set("s", "h\xC3\xA9llo"));
  EXPECT_EQ(r().GetString(*message_, F("s")), "h\xC3\xA9llo");
  EXPECT_FALSE(Set("s", "\xFF").ok());
  CAM_ASSERT_OK(Set("raw", "AP8-_w"));  // base64url, unpadded
  EXPECT_EQ(r().GetString(*message_, F("raw")), std::string("\x00\xFF\x3E\xFF", 4));
  CAM_ASSERT_OK(Set("raw", "AP8+/w=="));  // standard base64
  EXPECT_EQ(r().GetString(*message_, F("raw")), std::string("\x00\xFF\x3E\xFF", 4));
  EXPECT_FALSE(Set("raw", "not base64!").ok());
}

TEST_F(FieldTextTest, RepeatedAppendsAndMessagesAreRefused) {
  CAM_ASSERT_OK(Set("many_ints", "1"));
  CAM_ASSERT_OK(Set("many_ints", "-2"));
  ASSERT_EQ(r().FieldSize(*message_, F("many_ints")), 2);
  EXPECT_EQ(r().GetRepeatedInt64(*message_, F("many_ints"), 1), -2);
  const absl::Status status = Set("child", "x");
  EXPECT_THAT(status, HasReason("CAM_VALIDATION_MALFORMED_BODY"));
  EXPECT_EQ(base::FieldOf(status), "child");
}

}  // namespace
}  // namespace cam::transport::http
