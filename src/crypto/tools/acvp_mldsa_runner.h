// File: crypto/tools/acvp_mldsa_runner.h
// Runs NIST ACVP ML-DSA (FIPS 204) vector sets, modes keyGen, sigGen (deterministic and
// hedged; external pure, external pre-hash, internal, internal with external mu) and sigVer,
// against crypto/mldsa. Groups of other parameter sets are skipped with the reason.
#ifndef CAM_CRYPTO_TOOLS_ACVP_MLDSA_RUNNER_H_
#define CAM_CRYPTO_TOOLS_ACVP_MLDSA_RUNNER_H_

#include "crypto/tools/internal/acvp_folder.h"
#include "crypto/tools/vector_report.h"

namespace cam::crypto::tools {

// RunAcvpMlDsa runs `folder` (algorithm "ML-DSA"); an unknown mode is a file-level error.
void RunAcvpMlDsa(const internal::AcvpFolder& folder, VectorFileReport& report);

}  // namespace cam::crypto::tools

#endif  // CAM_CRYPTO_TOOLS_ACVP_MLDSA_RUNNER_H_
