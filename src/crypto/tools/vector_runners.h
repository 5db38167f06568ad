// File: crypto/tools/vector_runners.h
// RunVectorPath: recognises one conformance-vector path and runs it through camd's crypto.
//
// What is covered (everything else is "not a crypto vector file this tool covers" and fails):
//  * a NIST ACVP folder holding prompt.json and expectedResults.json, algorithm ML-KEM
//    (keyGen, encapDecap) or ML-DSA (keyGen, sigGen, sigVer); groups of parameter sets other
//    than ML-KEM-768 / ML-DSA-65 are skipped with the reason;
//  * a Wycheproof testvectors_v1 file (an object with schema, algorithm, testGroups) for
//    ML-KEM-768, ML-DSA-65, AES-GCM, ChaCha20-Poly1305, HMAC-SHA256, HKDF-SHA-256, X25519,
//    Ed25519 or ECDSA P-256/SHA-256 (DER); a Wycheproof file for any other algorithm fails;
//  * an X-Wing test-vectors.json (array of {seed, sk, pk, eseed, ct, ss}).
#ifndef CAM_CRYPTO_TOOLS_VECTOR_RUNNERS_H_
#define CAM_CRYPTO_TOOLS_VECTOR_RUNNERS_H_

#include <filesystem>

#include "crypto/tools/vector_report.h"

namespace cam::crypto::tools {

// RunVectorPath runs the file or ACVP folder at `path`. It never throws: a library exception
// while walking a malformed file becomes a file-level error in the report.
VectorFileReport RunVectorPath(const std::filesystem::path& path);

}  // namespace cam::crypto::tools

#endif  // CAM_CRYPTO_TOOLS_VECTOR_RUNNERS_H_
