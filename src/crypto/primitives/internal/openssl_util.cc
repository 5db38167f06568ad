#include "crypto/primitives/internal/openssl_util.h"

#include <openssl/err.h>

namespace cam::crypto::internal {

absl::Status OpenSslFailure(base::Reason reason, std::string_view detail) {
  ERR_clear_error();
  return base::Error(reason, detail);
}

}  // namespace cam::crypto::internal
