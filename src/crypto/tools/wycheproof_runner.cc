#include "crypto/tools/wycheproof_runner.h"

#include <string>

#include "crypto/tools/internal/vector_json.h"
#include "crypto/tools/wycheproof_aead_runner.h"
#include "crypto/tools/wycheproof_mac_kdf_runner.h"
#include "crypto/tools/wycheproof_mldsa_runner.h"
#include "crypto/tools/wycheproof_mlkem_runner.h"
#include "crypto/tools/wycheproof_signature_runner.h"
#include "crypto/tools/wycheproof_x25519_runner.h"

namespace cam::crypto::tools {

bool IsWycheproofDocument(const nlohmann::json& doc) {
  const nlohmann::json* schema = internal::Find(doc, "schema");
  const nlohmann::json* algorithm = internal::Find(doc, "algorithm");
  return schema != nullptr && schema->is_string() && algorithm != nullptr &&
         algorithm->is_string() && internal::FindArray(doc, "testGroups") != nullptr;
}

void RunWycheproofDocument(const nlohmann::json& doc, VectorFileReport& report) {
  const std::string schema = internal::StringOr(doc, "schema");
  const std::string algorithm = internal::StringOr(doc, "algorithm");
  report.kind = "wycheproof " + algorithm + " (" + schema + ")";
  if (schema == "aead_test_schema_v1.json") {
    RunWycheproofAead(doc, report);
  } else if (schema == "mac_test_schema_v1.json") {
    RunWycheproofHmac(doc, report);
  } else if (schema == "hkdf_test_schema_v1.json") {
    RunWycheproofHkdf(doc, report);
  } else if (schema == "xdh_comp_schema_v1.json") {
    RunWycheproofX25519(doc, report);
  } else if (schema == "eddsa_verify_schema_v1.json") {
    RunWycheproofEd25519(doc, report);
  } else if (schema == "ecdsa_verify_schema_v1.json") {
    RunWycheproofEcdsaP256(doc, report);
  } else if (HandlesWycheproofMlKemSchema(schema)) {
    RunWycheproofMlKem(doc, schema, report);
  } else if (HandlesWycheproofMlDsaSchema(schema)) {
    RunWycheproofMlDsa(doc, schema, report);
  } else {
    report.error = "Wycheproof schema '" + schema + "' (algorithm '" + algorithm +
                   "') is not one this tool covers";
  }
}

}  // namespace cam::crypto::tools
