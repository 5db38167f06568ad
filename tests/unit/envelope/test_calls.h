// File: tests/unit/envelope/test_calls.h
// Builders for envelope tests: a real MethodTable, Calls over real cam.v1 messages, and a fake
// namespace directory.
#ifndef CAM_TESTS_UNIT_ENVELOPE_TEST_CALLS_H_
#define CAM_TESTS_UNIT_ENVELOPE_TEST_CALLS_H_

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "envelope/authorizer.h"
#include "envelope/call.h"
#include "envelope/method_table.h"

namespace cam::envelope::testing {

inline const MethodTable& Methods() {
  static const MethodTable* table = [] {
    auto built = MethodTable::Build();
    EXPECT_TRUE(built.ok());
    return built->release();
  }();
  return *table;
}

inline const MethodInfo& Method(const std::string& full_name) {
  const MethodInfo* method = Methods().FindByFullName(full_name);
  EXPECT_NE(method, nullptr) << full_name;
  return *method;
}

// A NamespaceDirectory over a map; `fail` makes every lookup fail (directory down).
class FakeDirectory : public NamespaceDirectory {
 public:
  absl::StatusOr<std::optional<NamespaceOwnership>> Owner(const std::string& name) const override {
    if (fail) return absl::UnavailableError("directory down");
    auto it = owners.find(name);
    if (it == owners.end()) return std::optional<NamespaceOwnership>();
    return std::optional<NamespaceOwnership>(it->second);
  }
  std::map<std::string, NamespaceOwnership> owners;
  bool fail = false;
};

inline PeerCertificate VerifiedCert(std::string spiffe_uri) {
  PeerCertificate cert;
  cert.present = true;
  cert.verified = true;
  cert.uri_sans.push_back(std::move(spiffe_uri));
  return cert;
}

inline Principal Agent(std::string id) {
  return Principal{.id = std::move(id), .kind = PrincipalKind::kAgent, .tenant = "default"};
}

inline Principal Operator(std::string id) {
  return Principal{.id = std::move(id), .kind = PrincipalKind::kOperator, .tenant = "default"};
}

}  // namespace cam::envelope::testing

#endif  // CAM_TESTS_UNIT_ENVELOPE_TEST_CALLS_H_
