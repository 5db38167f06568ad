// File: crypto/tools/wycheproof_mldsa_runner.h
// Runs Wycheproof ML-DSA-65 files (sign from an expanded key, sign from a seed, verify) against
// crypto/mldsa.
#ifndef CAM_CRYPTO_TOOLS_WYCHEPROOF_MLDSA_RUNNER_H_
#define CAM_CRYPTO_TOOLS_WYCHEPROOF_MLDSA_RUNNER_H_

#include <nlohmann/json_fwd.hpp>
#include <string_view>

#include "crypto/tools/vector_report.h"

namespace cam::crypto::tools {

bool HandlesWycheproofMlDsaSchema(std::string_view schema);

// RunWycheproofMlDsa runs a document whose schema HandlesWycheproofMlDsaSchema accepts. Only
// algorithm "ML-DSA-65" is implemented; any other is a file-level error.
void RunWycheproofMlDsa(const nlohmann::json& doc, std::string_view schema,
                        VectorFileReport& report);

}  // namespace cam::crypto::tools

#endif  // CAM_CRYPTO_TOOLS_WYCHEPROOF_MLDSA_RUNNER_H_
