#include "transport/http/route_table.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <gtest/gtest.h>

#include "envelope/method_table.h"
#include "tests/testing/status_matchers.h"

namespace cam::transport::http {
namespace {

using Result = RouteMatch::Result;

class RouteTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CAM_ASSERT_OK_AND_ASSIGN(methods_, envelope::MethodTable::Build());
    CAM_ASSERT_OK_AND_ASSIGN(table_, RouteTable::Build(*methods_));
  }
  const envelope::MethodInfo* Method(std::string_view name) {
    return methods_->FindByFullName(name);
  }
  std::unique_ptr<envelope::MethodTable> methods_;
  RouteTable table_;
};

TEST_F(RouteTableTest, HoldsEveryRoutedUnaryMethod) {
  size_t routed = 0;
  for (const auto& m : methods_->methods()) {
    if (!m->streaming && !m->options.route().path().empty()) ++routed;
  }
  EXPECT_GT(routed, 10u);
  EXPECT_EQ(table_.size(), routed);
}

TEST_F(RouteTableTest, SamePathDifferentMethods) {
  const std::string path = "/v1/namespaces/team-a/keys/notes/today";
  const RouteMatch put = table_.Match("PUT", path);
  ASSERT_EQ(put.result, Result::kFound);
  EXPECT_EQ(put.method, Method("cam.v1.Memory.ContextWrite"));
  ASSERT_EQ(put.bindings.size(), 2u);
  EXPECT_EQ(put.bindings[0].first->name(), "namespace");
  EXPECT_EQ(put.bindings[0].second, "team-a");
  EXPECT_EQ(put.bindings[1].first->name(), "key");
  EXPECT_EQ(put.bindings[1].second, "notes/today");
  EXPECT_EQ(table_.Match("GET", path).method, Method("cam.v1.Memory.ContextRead"));
  EXPECT_EQ(table_.Match("DELETE", path).method, Method("cam.v1.Memory.ContextDelete"));
}

TEST_F(RouteTableTest, WrongMethodIs405WithAllow) {
  const RouteMatch m = table_.Match("POST", "/v1/namespaces/a/keys/k");
  EXPECT_EQ(m.result, Result::kMethodNotAllowed);
  EXPECT_EQ(m.method, nullptr);
  EXPECT_EQ(m.allow, "DELETE, GET, PUT");
  EXPECT_EQ(table_.Match("PATCH", "/v1/namespaces").allow, "GET, POST");
}

TEST_F(RouteTableTest, UnknownPathIs404) {
  EXPECT_EQ(table_.Match("GET", "/v1/nothing").result, Result::kNotFound);
  EXPECT_EQ(table_.Match("GET", "/").result, Result::kNotFound);
  EXPECT_EQ(table_.Match("GET", "").result, Result::kNotFound);
  EXPECT_EQ(table_.Match("GET", "/v1/namespaces/a/keys/%zz").result, Result::kNotFound);
  EXPECT_EQ(table_.Match("BREW", "/v1/nothing").result, Result::kNotFound);
}

TEST_F(RouteTableTest, ShorterTemplateIsItsOwnRoute) {
  EXPECT_EQ(table_.Match("GET", "/v1/namespaces/a/keys").method,
            Method("cam.v1.Memory.ContextList"));
  EXPECT_EQ(table_.Match("POST", "/v1/namespaces/a/snapshots/s1/restore").method,
            Method("cam.v1.Memory.ContextRestore"));
}

TEST_F(RouteTableTest, AddRejectsBadRoutes) {
  RouteTable table;
  const envelope::MethodInfo* read = Method("cam.v1.Memory.ContextRead");
  ASSERT_NE(read, nullptr);
  CAM_EXPECT_OK(table.Add("GET", "/x/{namespace}/{key=**}", read));
  EXPECT_FALSE(table.Add("GET", "/x/{key}/{namespace=**}", read).ok());  // same shape
  EXPECT_FALSE(table.Add("BREW", "/y/{namespace}", read).ok());
  EXPECT_FALSE(table.Add("GET", "/y/{nope}", read).ok());     // not a field
  EXPECT_FALSE(table.Add("GET", "/y/{version}", read).ok());  // not a string
  EXPECT_FALSE(table.Add("GET", "/y//z", read).ok());
  EXPECT_FALSE(table.Add("GET", "/y", nullptr).ok());
}

TEST_F(RouteTableTest, MostSpecificTemplateWins) {
  RouteTable table;
  const envelope::MethodInfo* read = Method("cam.v1.Memory.ContextRead");
  const envelope::MethodInfo* list = Method("cam.v1.Memory.ContextList");
  CAM_ASSERT_OK(table.Add("GET", "/x/{namespace=**}", list));
  CAM_ASSERT_OK(table.Add("GET", "/x/{namespace}", read));
  CAM_ASSERT_OK(table.Add("GET", "/x/special", list));
  EXPECT_EQ(table.Match("GET", "/x/special").method, list);
  EXPECT_EQ(table.Match("GET", "/x/other").method, read);
  EXPECT_EQ(table.Match("GET", "/x/a/b").method, list);
}

}  // namespace
}  // namespace cam::transport::http
