// File: crypto/tools/wycheproof_runner.h
// Dispatches a parsed Wycheproof testvectors_v1 document to the runner for its schema and
// algorithm. A schema or algorithm camd does not implement is a file-level error.
#ifndef CAM_CRYPTO_TOOLS_WYCHEPROOF_RUNNER_H_
#define CAM_CRYPTO_TOOLS_WYCHEPROOF_RUNNER_H_

#include <nlohmann/json_fwd.hpp>

#include "crypto/tools/vector_report.h"

namespace cam::crypto::tools {

// IsWycheproofDocument reports whether `doc` has the Wycheproof shape: an object with a string
// "schema", a string "algorithm" and a "testGroups" array.
bool IsWycheproofDocument(const nlohmann::json& doc);

// RunWycheproofDocument runs every case of `doc` and fills `report` (kind, counts, failures).
void RunWycheproofDocument(const nlohmann::json& doc, VectorFileReport& report);

}  // namespace cam::crypto::tools

#endif  // CAM_CRYPTO_TOOLS_WYCHEPROOF_RUNNER_H_
