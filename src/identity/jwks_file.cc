#include "identity/jwks_file.h"

#include <string>

namespace cam::identity {

absl::StatusOr<std::unique_ptr<JwksFile>> JwksFile::Open(std::filesystem::path path,
                                                         JwkSetLimits limits) {
  std::unique_ptr<JwksFile> file(new JwksFile(std::move(path), limits));
  if (absl::Status loaded = file->state_.LoadFirst(); !loaded.ok()) return loaded;
  return file;
}

absl::StatusOr<std::optional<JwkSet>> JwksFile::Load(bool force) {
  absl::StatusOr<std::optional<std::string>> content = watch_.ReadIfChanged(force);
  if (!content.ok()) return content.status();
  if (!content->has_value()) return std::nullopt;
  absl::StatusOr<JwkSet> set = JwkSet::Parse(**content, limits_);
  if (!set.ok()) return set.status();
  watch_.Commit();
  return *std::move(set);
}

}  // namespace cam::identity
