// File: crypto/tools/wycheproof_aead_runner.h
// Runs Wycheproof AEAD files (aead_test_schema_v1.json) for AES-GCM and ChaCha20-Poly1305
// against crypto/primitives/aead.h. Other AEADs (XChaCha20-Poly1305, AES-GCM-SIV, ...) are not
// implemented by camd and are a file-level error.
#ifndef CAM_CRYPTO_TOOLS_WYCHEPROOF_AEAD_RUNNER_H_
#define CAM_CRYPTO_TOOLS_WYCHEPROOF_AEAD_RUNNER_H_

#include <nlohmann/json_fwd.hpp>

#include "crypto/tools/vector_report.h"

namespace cam::crypto::tools {

void RunWycheproofAead(const nlohmann::json& doc, VectorFileReport& report);

}  // namespace cam::crypto::tools

#endif  // CAM_CRYPTO_TOOLS_WYCHEPROOF_AEAD_RUNNER_H_
