// File: transport/http/route_table.h
// RouteTable: every HTTP route of the contract, built once at start from the MethodTable's
// `(cam.v1.call).route` options. Match picks, among the routes whose template fits the path, the
// most specific one for the request's method; a path that fits only other methods is a 405.
#ifndef CAM_TRANSPORT_HTTP_ROUTE_TABLE_H_
#define CAM_TRANSPORT_HTTP_ROUTE_TABLE_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "transport/http/path_template.h"

namespace google::protobuf {
class FieldDescriptor;
}  // namespace google::protobuf

namespace cam::envelope {
struct MethodInfo;
class MethodTable;
}  // namespace cam::envelope

namespace cam::transport::http {

struct RouteMatch {
  enum class Result { kFound, kNotFound, kMethodNotAllowed };
  Result result = Result::kNotFound;
  const envelope::MethodInfo* method = nullptr;
  // Path bindings, each a singular string field of the request, with its decoded value.
  std::vector<std::pair<const google::protobuf::FieldDescriptor*, std::string>> bindings;
  std::string allow;  // for kMethodNotAllowed: the methods the path accepts, "GET, PUT"
};

class RouteTable {
 public:
  // Build adds the route of every non-streaming method that declares one.
  static absl::StatusOr<RouteTable> Build(const envelope::MethodTable& methods);

  // Add declares one route. Fails on an unsupported HTTP method, a bad template, a bound field
  // that is not a singular string field of the request, or a route that duplicates another.
  absl::Status Add(std::string_view http_method, std::string_view path,
                   const envelope::MethodInfo* method);

  // Match looks up `raw_path` (percent-encoded, query removed) for `http_method`.
  RouteMatch Match(std::string_view http_method, std::string_view raw_path) const;

  size_t size() const { return routes_.size(); }

 private:
  struct Route {
    std::string http_method;
    PathTemplate path;
    const envelope::MethodInfo* method;
    std::vector<const google::protobuf::FieldDescriptor*> fields;  // by binding name
  };
  std::vector<Route> routes_;
};

}  // namespace cam::transport::http

#endif  // CAM_TRANSPORT_HTTP_ROUTE_TABLE_H_
