#include "envelope/method_table.h"

#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <set>

#include "tests/unit/envelope/test_calls.h"

namespace cam::envelope {
namespace {

// The contract: every family is present, every method has an action and a deadline class, unary
// methods have a route, streams none, and no two routes collide.
TEST(MethodTableTest, EveryMethodIsFullyDeclared) {
  const MethodTable& table = testing::Methods();
  std::set<std::string> families;
  std::set<std::string> routes;
  for (const auto& method : table.methods()) {
    families.insert(method->family);
    EXPECT_FALSE(method->options.action().empty()) << method->full_name;
    EXPECT_NE(method->options.deadline(), cam::v1::DEADLINE_CLASS_UNSPECIFIED) << method->full_name;
    if (method->streaming) {
      EXPECT_TRUE(method->options.route().path().empty()) << method->full_name;
      continue;
    }
    ASSERT_FALSE(method->options.route().path().empty()) << method->full_name;
    const std::string route =
        method->options.route().method() + " " + method->options.route().path();
    EXPECT_TRUE(routes.insert(route).second) << "duplicate route " << route;
  }
  EXPECT_EQ(families,
            (std::set<std::string>{"Memory", "Agents", "Tasks", "Policy", "Observe", "Crypto",
                                   "Identity", "Drivers", "Federation", "Audit"}));
}

// Safe methods may run on a transport's I/O thread, so only reads may be marked safe.
TEST(MethodTableTest, OnlyGetRoutedMethodsAreSafe) {
  const MethodTable& table = testing::Methods();
  for (const char* read : {"cam.v1.Memory.ContextRead", "cam.v1.Memory.ContextList",
                           "cam.v1.Identity.Profile", "cam.v1.Policy.PolicyGet"}) {
    const MethodInfo* method = table.FindByFullName(read);
    ASSERT_NE(method, nullptr) << read;
    EXPECT_TRUE(method->safe) << read;
  }
  for (const char* write : {"cam.v1.Memory.ContextWrite", "cam.v1.Memory.ContextDelete",
                            "cam.v1.Memory.ContextRestore", "cam.v1.Identity.ApiKeyCreate",
                            "cam.v1.Identity.TokenIssue", "cam.v1.Policy.PolicyUpdate"}) {
    const MethodInfo* method = table.FindByFullName(write);
    ASSERT_NE(method, nullptr) << write;
    EXPECT_FALSE(method->safe) << write;
  }
  for (const auto& method : table.methods()) {
    EXPECT_EQ(method->safe, method->options.route().method() == "GET") << method->full_name;
  }
}

TEST(MethodTableTest, LooksUpByPathAndName) {
  const MethodTable& table = testing::Methods();
  const MethodInfo* write = table.FindByGrpcPath("/cam.v1.Memory/ContextWrite");
  ASSERT_NE(write, nullptr);
  EXPECT_EQ(write, table.FindByFullName("cam.v1.Memory.ContextWrite"));
  EXPECT_EQ(write->options.action(), "memory.write");
  ASSERT_NE(write->namespace_field, nullptr);
  EXPECT_EQ(write->namespace_field->name(), "namespace");
  EXPECT_EQ(table.FindByGrpcPath("/cam.v1.Memory/Nope"), nullptr);
}

}  // namespace
}  // namespace cam::envelope
