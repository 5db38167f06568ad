// File: crypto/tools/wycheproof_x25519_runner.h
// Runs Wycheproof XDH files (xdh_comp_schema_v1.json) against crypto/primitives/x25519.h;
// curve25519 groups only (X448 groups are skipped with the reason).
#ifndef CAM_CRYPTO_TOOLS_WYCHEPROOF_X25519_RUNNER_H_
#define CAM_CRYPTO_TOOLS_WYCHEPROOF_X25519_RUNNER_H_

#include <nlohmann/json_fwd.hpp>

#include "crypto/tools/vector_report.h"

namespace cam::crypto::tools {

void RunWycheproofX25519(const nlohmann::json& doc, VectorFileReport& report);

}  // namespace cam::crypto::tools

#endif  // CAM_CRYPTO_TOOLS_WYCHEPROOF_X25519_RUNNER_H_
