// File: envelope/method_table.h
// MethodTable: every RPC of the cam.v1 contract with its options (route, policy action, deadline
// class, operator flag), read once from the proto descriptors at startup.
#ifndef CAM_ENVELOPE_METHOD_TABLE_H_
#define CAM_ENVELOPE_METHOD_TABLE_H_

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "cam/v1/options.pb.h"

namespace google::protobuf {
class Message;
class MethodDescriptor;
class FieldDescriptor;
}  // namespace google::protobuf

namespace cam::envelope {

struct MethodInfo {
  const google::protobuf::MethodDescriptor* descriptor = nullptr;
  std::string full_name;  // "cam.v1.Memory.ContextWrite"
  std::string grpc_path;  // "/cam.v1.Memory/ContextWrite"
  std::string family;     // "Memory"
  cam::v1::CallOptions options;
  const google::protobuf::Message* request_prototype = nullptr;
  const google::protobuf::Message* response_prototype = nullptr;
  bool streaming = false;
  // Safe in RFC 9110's sense: its HTTP route is a GET, so it changes no state and never waits
  // for a synced store write. Transports may run it on their I/O thread instead of a worker.
  bool safe = false;
  // The request field with PATTERN_NAMESPACE, which names the resource namespace; or null.
  const google::protobuf::FieldDescriptor* namespace_field = nullptr;
};

class MethodTable {
 public:
  // Build reads every service of package cam.v1 from the generated descriptor pool. Fails if a
  // method lacks its `call` option or declares an unusable route.
  static absl::StatusOr<std::unique_ptr<MethodTable>> Build();

  // FindByGrpcPath returns the method for "/cam.v1.Memory/ContextWrite", or null.
  const MethodInfo* FindByGrpcPath(std::string_view path) const;
  // FindByFullName returns the method for "cam.v1.Memory.ContextWrite", or null.
  const MethodInfo* FindByFullName(std::string_view full_name) const;
  const std::vector<std::unique_ptr<MethodInfo>>& methods() const { return methods_; }

 private:
  std::vector<std::unique_ptr<MethodInfo>> methods_;
  std::unordered_map<std::string, const MethodInfo*> by_path_;
  std::unordered_map<std::string, const MethodInfo*> by_name_;
};

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_METHOD_TABLE_H_
