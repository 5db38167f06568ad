// File: tests/unit/policy/policy_test_util.h
// Helpers shared by the policy tests: documents from text protos, request builders.
#ifndef CAM_TESTS_UNIT_POLICY_POLICY_TEST_UTIL_H_
#define CAM_TESTS_UNIT_POLICY_POLICY_TEST_UTIL_H_

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "cam/v1/policy.pb.h"
#include "policy/access_request.h"
#include "policy/compiled_policy_set.h"
#include "policy/policy_compiler.h"

namespace cam::policy::testing {

// Doc parses a PolicyDocument from text format; a typo in a test fails the test.
inline cam::v1::PolicyDocument Doc(const std::string& text) {
  cam::v1::PolicyDocument document;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &document)) << text;
  return document;
}

// Compile compiles documents that the test expects to be valid.
inline std::shared_ptr<const CompiledPolicySet> Compile(
    const std::vector<cam::v1::PolicyDocument>& documents) {
  absl::StatusOr<std::shared_ptr<const CompiledPolicySet>> set = CompilePolicySet(documents);
  EXPECT_TRUE(set.ok()) << set.status();
  return set.ok() ? *set : CompiledPolicySet::Empty();
}

inline AccessRequest Request(std::string principal_id, PrincipalKind kind, std::string action,
                             std::string resource) {
  AccessRequest request;
  request.principal_id = std::move(principal_id);
  request.principal_kind = kind;
  request.tenant = "acme";
  request.action = std::move(action);
  request.resource = std::move(resource);
  request.time = absl::FromUnixSeconds(1767225600);  // 2026-01-01T00:00:00Z, a Thursday
  return request;
}

}  // namespace cam::policy::testing

#endif  // CAM_TESTS_UNIT_POLICY_POLICY_TEST_UTIL_H_
