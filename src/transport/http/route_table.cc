#include "transport/http/route_table.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <set>

#include "envelope/method_table.h"

namespace cam::transport::http {
namespace {

constexpr std::string_view kMethods[] = {"GET", "PUT", "POST", "DELETE", "PATCH"};

}  // namespace

absl::StatusOr<RouteTable> RouteTable::Build(const envelope::MethodTable& methods) {
  RouteTable table;
  for (const auto& info : methods.methods()) {
    if (info->streaming || !info->options.has_route()) continue;
    const cam::v1::HttpRoute& route = info->options.route();
    if (route.method().empty() && route.path().empty()) continue;
    absl::Status status = table.Add(route.method(), route.path(), info.get());
    if (!status.ok()) {
      return absl::Status(status.code(), info->full_name + ": " + std::string(status.message()));
    }
  }
  return table;
}

absl::Status RouteTable::Add(std::string_view http_method, std::string_view path,
                             const envelope::MethodInfo* method) {
  if (method == nullptr || method->request_prototype == nullptr) {
    return absl::InvalidArgumentError("route without a method");
  }
  bool known = false;
  for (std::string_view m : kMethods) known = known || m == http_method;
  if (!known) {
    return absl::InvalidArgumentError("unsupported HTTP method \"" + std::string(http_method) +
                                      "\"");
  }
  absl::StatusOr<PathTemplate> parsed = PathTemplate::Parse(path);
  if (!parsed.ok()) return parsed.status();
  Route route{std::string(http_method), *std::move(parsed), method, {}};
  const google::protobuf::Descriptor* request = method->request_prototype->GetDescriptor();
  for (const PathTemplate::Segment& segment : route.path.segments()) {
    if (segment.kind == PathTemplate::Kind::kLiteral) continue;
    const google::protobuf::FieldDescriptor* field = request->FindFieldByName(segment.text);
    // Only singular strings, so that a body or query value can be compared with the path's.
    if (field == nullptr || field->is_repeated() ||
        field->type() != google::protobuf::FieldDescriptor::TYPE_STRING) {
      return absl::InvalidArgumentError("route path \"" + std::string(path) + "\": field \"" +
                                        segment.text + "\" is not a singular string field of " +
                                        request->full_name());
    }
    route.fields.push_back(field);
  }
  for (const Route& other : routes_) {
    if (other.http_method == route.http_method && other.path.SameShape(route.path)) {
      return absl::InvalidArgumentError("route " + route.http_method + " " + route.path.text() +
                                        " duplicates " + other.path.text());
    }
  }
  routes_.push_back(std::move(route));
  return absl::OkStatus();
}

RouteMatch RouteTable::Match(std::string_view http_method, std::string_view raw_path) const {
  RouteMatch match;
  const Route* best = nullptr;
  PathTemplate::Bindings best_bindings;
  std::set<std::string> allowed;
  for (const Route& route : routes_) {
    std::optional<PathTemplate::Bindings> bindings = route.path.Match(raw_path);
    if (!bindings.has_value()) continue;
    if (route.http_method != http_method) {
      allowed.insert(route.http_method);
      continue;
    }
    if (best == nullptr || route.path.MoreSpecificThan(best->path)) {
      best = &route;
      best_bindings = *std::move(bindings);
    }
  }
  if (best != nullptr) {
    match.result = RouteMatch::Result::kFound;
    match.method = best->method;
    // Bindings come back in template order, the same order as `fields`.
    for (size_t i = 0; i < best_bindings.size(); ++i) {
      match.bindings.emplace_back(best->fields[i], std::move(best_bindings[i].second));
    }
    return match;
  }
  if (!allowed.empty()) {
    match.result = RouteMatch::Result::kMethodNotAllowed;
    for (const std::string& m : allowed) {
      if (!match.allow.empty()) match.allow += ", ";
      match.allow += m;
    }
  }
  return match;
}

}  // namespace cam::transport::http
