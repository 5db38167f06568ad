// File: crypto/tools/wycheproof_mlkem_runner.h
// Runs Wycheproof ML-KEM files (the keygen_seed, encaps, seed+decaps and semi-expanded decaps
// schemas) against crypto/mlkem. Groups of other parameter sets are skipped with the reason.
#ifndef CAM_CRYPTO_TOOLS_WYCHEPROOF_MLKEM_RUNNER_H_
#define CAM_CRYPTO_TOOLS_WYCHEPROOF_MLKEM_RUNNER_H_

#include <nlohmann/json_fwd.hpp>
#include <string_view>

#include "crypto/tools/vector_report.h"

namespace cam::crypto::tools {

// HandlesWycheproofMlKemSchema reports whether `schema` is one of the ML-KEM schemas below.
bool HandlesWycheproofMlKemSchema(std::string_view schema);

// RunWycheproofMlKem runs a document whose schema HandlesWycheproofMlKemSchema accepts.
void RunWycheproofMlKem(const nlohmann::json& doc, std::string_view schema,
                        VectorFileReport& report);

}  // namespace cam::crypto::tools

#endif  // CAM_CRYPTO_TOOLS_WYCHEPROOF_MLKEM_RUNNER_H_
