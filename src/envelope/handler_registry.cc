#include "envelope/handler_registry.h"

namespace cam::envelope {

absl::Status HandlerRegistry::Register(const std::string& method_full_name, Handler handler) {
  if (!handlers_.emplace(method_full_name, std::move(handler)).second) {
    return absl::AlreadyExistsError("handler registered twice: " + method_full_name);
  }
  return absl::OkStatus();
}

const Handler* HandlerRegistry::Find(const std::string& method_full_name) const {
  auto it = handlers_.find(method_full_name);
  return it == handlers_.end() ? nullptr : &it->second;
}

}  // namespace cam::envelope
