// File: crypto/tools/xwing_runner.h
// Runs the X-Wing test vectors of draft-connolly-cfrg-xwing-kem (test-vectors.json: an array of
// {seed, sk, pk, eseed, ct, ss}) against crypto/xwing: key generation from the seed,
// derandomized encapsulation, and decapsulation with the key rebuilt from sk.
#ifndef CAM_CRYPTO_TOOLS_XWING_RUNNER_H_
#define CAM_CRYPTO_TOOLS_XWING_RUNNER_H_

#include <nlohmann/json_fwd.hpp>

#include "crypto/tools/vector_report.h"

namespace cam::crypto::tools {

// IsXWingVectorDocument reports whether `doc` is a non-empty array of objects that all carry
// the six X-Wing vector members.
bool IsXWingVectorDocument(const nlohmann::json& doc);

void RunXWingVectors(const nlohmann::json& doc, VectorFileReport& report);

}  // namespace cam::crypto::tools

#endif  // CAM_CRYPTO_TOOLS_XWING_RUNNER_H_
