// File: crypto/tools/internal/wycheproof_walk.h
// WalkWycheproof: visits every test of a Wycheproof testvectors_v1 document, lets a per-group
// gate skip groups for a stated reason (a parameter set camd does not implement), runs a
// per-case check, and checks that the number of cases seen equals the file's numberOfTests.
#ifndef CAM_CRYPTO_TOOLS_INTERNAL_WYCHEPROOF_WALK_H_
#define CAM_CRYPTO_TOOLS_INTERNAL_WYCHEPROOF_WALK_H_

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "crypto/tools/vector_report.h"

namespace cam::crypto::tools::internal {

// The outcome Wycheproof expects of a case.
enum class Expect { kValid, kInvalid, kAcceptable };

// A case check returns "" when camd behaved as the vector requires, or what went wrong.
using WycheproofCaseCheck = std::function<std::string(const nlohmann::json& group,
                                                      const nlohmann::json& test, Expect expect)>;

// A group gate returns "" to run the group, or the reason the whole group cannot apply to camd.
using WycheproofGroupGate = std::function<std::string(const nlohmann::json& group)>;

// RunAllGroups is the gate that runs every group.
std::string RunAllGroups(const nlohmann::json& group);

void WalkWycheproof(const nlohmann::json& doc, const WycheproofGroupGate& gate,
                    const WycheproofCaseCheck& check, VectorFileReport& report);

}  // namespace cam::crypto::tools::internal

#endif  // CAM_CRYPTO_TOOLS_INTERNAL_WYCHEPROOF_WALK_H_
