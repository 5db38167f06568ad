// File: crypto/tools/wycheproof_signature_runner.h
// Runs Wycheproof classical signature-verification files: EdDSA (eddsa_verify_schema_v1.json,
// Ed25519 groups) and ECDSA with DER signatures (ecdsa_verify_schema_v1.json, P-256 with
// SHA-256 groups). Groups on other curves or hashes are skipped with the reason.
#ifndef CAM_CRYPTO_TOOLS_WYCHEPROOF_SIGNATURE_RUNNER_H_
#define CAM_CRYPTO_TOOLS_WYCHEPROOF_SIGNATURE_RUNNER_H_

#include <nlohmann/json_fwd.hpp>

#include "crypto/tools/vector_report.h"

namespace cam::crypto::tools {

void RunWycheproofEd25519(const nlohmann::json& doc, VectorFileReport& report);
void RunWycheproofEcdsaP256(const nlohmann::json& doc, VectorFileReport& report);

}  // namespace cam::crypto::tools

#endif  // CAM_CRYPTO_TOOLS_WYCHEPROOF_SIGNATURE_RUNNER_H_
