// File: crypto/tools/acvp_mlkem_runner.h
// Runs NIST ACVP ML-KEM (FIPS 203) vector sets, modes keyGen and encapDecap (functions
// encapsulation, decapsulation, decapsulationKeyCheck, encapsulationKeyCheck), against
// crypto/mlkem. Groups of other parameter sets are skipped with the reason.
#ifndef CAM_CRYPTO_TOOLS_ACVP_MLKEM_RUNNER_H_
#define CAM_CRYPTO_TOOLS_ACVP_MLKEM_RUNNER_H_

#include "crypto/tools/internal/acvp_folder.h"
#include "crypto/tools/vector_report.h"

namespace cam::crypto::tools {

// RunAcvpMlKem runs `folder` (algorithm "ML-KEM"); an unknown mode is a file-level error.
void RunAcvpMlKem(const internal::AcvpFolder& folder, VectorFileReport& report);

}  // namespace cam::crypto::tools

#endif  // CAM_CRYPTO_TOOLS_ACVP_MLKEM_RUNNER_H_
