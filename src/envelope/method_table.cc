#include "envelope/method_table.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include "base/reasons.h"

namespace cam::envelope {
namespace {

// Every family of DESIGN section 1; a missing one is a build error of the contract.
constexpr std::string_view kServices[] = {"Memory", "Agents",   "Tasks",   "Policy",     "Observe",
                                          "Crypto", "Identity", "Drivers", "Federation", "Audit"};

}  // namespace

absl::StatusOr<std::unique_ptr<MethodTable>> MethodTable::Build() {
  auto table = std::make_unique<MethodTable>();
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  auto* factory = google::protobuf::MessageFactory::generated_factory();
  for (std::string_view service_name : kServices) {
    const std::string full = "cam.v1." + std::string(service_name);
    const google::protobuf::ServiceDescriptor* service = pool->FindServiceByName(full);
    if (service == nullptr) {
      // Families whose contract has not landed are simply absent; the memory family is required.
      if (service_name == "Memory") return absl::InternalError("cam.v1.Memory missing");
      continue;
    }
    for (int i = 0; i < service->method_count(); ++i) {
      const google::protobuf::MethodDescriptor* method = service->method(i);
      auto info = std::make_unique<MethodInfo>();
      info->descriptor = method;
      info->full_name = method->full_name();
      info->grpc_path = "/" + service->full_name() + "/" + method->name();
      info->family = std::string(service_name);
      if (!method->options().HasExtension(cam::v1::call)) {
        return absl::InternalError("method " + info->full_name + " has no (cam.v1.call) option");
      }
      info->options = method->options().GetExtension(cam::v1::call);
      if (info->options.action().empty()) {
        return absl::InternalError("method " + info->full_name + " has no policy action");
      }
      info->request_prototype = factory->GetPrototype(method->input_type());
      info->response_prototype = factory->GetPrototype(method->output_type());
      info->streaming = method->client_streaming() || method->server_streaming();
      info->safe = info->options.route().method() == "GET";
      const google::protobuf::Descriptor* input = method->input_type();
      for (int f = 0; f < input->field_count(); ++f) {
        const google::protobuf::FieldDescriptor* field = input->field(f);
        if (field->options().HasExtension(cam::v1::rules) &&
            field->options().GetExtension(cam::v1::rules).pattern() == cam::v1::PATTERN_NAMESPACE) {
          info->namespace_field = field;
        }
      }
      table->by_path_[info->grpc_path] = info.get();
      table->by_name_[info->full_name] = info.get();
      table->methods_.push_back(std::move(info));
    }
  }
  return table;
}

const MethodInfo* MethodTable::FindByGrpcPath(std::string_view path) const {
  auto it = by_path_.find(std::string(path));
  return it == by_path_.end() ? nullptr : it->second;
}

const MethodInfo* MethodTable::FindByFullName(std::string_view full_name) const {
  auto it = by_name_.find(std::string(full_name));
  return it == by_name_.end() ? nullptr : it->second;
}

}  // namespace cam::envelope
