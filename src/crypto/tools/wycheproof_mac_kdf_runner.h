// File: crypto/tools/wycheproof_mac_kdf_runner.h
// Runs Wycheproof HMAC (mac_test_schema_v1.json) and HKDF (hkdf_test_schema_v1.json) files;
// only the SHA-256 instances are implemented by camd, any other hash is a file-level error.
#ifndef CAM_CRYPTO_TOOLS_WYCHEPROOF_MAC_KDF_RUNNER_H_
#define CAM_CRYPTO_TOOLS_WYCHEPROOF_MAC_KDF_RUNNER_H_

#include <nlohmann/json_fwd.hpp>

#include "crypto/tools/vector_report.h"

namespace cam::crypto::tools {

void RunWycheproofHmac(const nlohmann::json& doc, VectorFileReport& report);
void RunWycheproofHkdf(const nlohmann::json& doc, VectorFileReport& report);

}  // namespace cam::crypto::tools

#endif  // CAM_CRYPTO_TOOLS_WYCHEPROOF_MAC_KDF_RUNNER_H_
