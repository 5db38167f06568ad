#include "daemon/camd_config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <variant>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace cam::daemon {
namespace {

using Field = std::variant<std::string CamdConfig::*, int64_t CamdConfig::*>;

struct Setting {
  const char* path;  // dotted YAML path
  Field field;
};

const std::vector<Setting>& Settings() {
  static const std::vector<Setting> kSettings = {
      {"data_dir", &CamdConfig::data_dir},
      {"grpc.addr", &CamdConfig::grpc_addr},
      {"http.addr", &CamdConfig::http_addr},
      {"tls.cert_file", &CamdConfig::tls_cert_file},
      {"tls.key_file", &CamdConfig::tls_key_file},
      {"tls.client_ca_file", &CamdConfig::tls_client_ca_file},
      {"tls.crl_file", &CamdConfig::tls_crl_file},
      {"auth.trust_domain", &CamdConfig::auth_trust_domain},
      {"auth.default_tenant", &CamdConfig::auth_default_tenant},
      {"auth.client_classes_file", &CamdConfig::auth_client_classes_file},
      {"auth.operator_mfa", &CamdConfig::auth_operator_mfa},
      {"auth.token_lifetime_s", &CamdConfig::auth_token_lifetime_s},
      {"limits.max_value_bytes", &CamdConfig::limits_max_value_bytes},
      {"memory.versions_kept", &CamdConfig::memory_versions_kept},
      {"deadlines.memory_ms", &CamdConfig::deadlines_memory_ms},
      {"deadlines.tasks_ms", &CamdConfig::deadlines_tasks_ms},
      {"deadlines.security_ms", &CamdConfig::deadlines_security_ms},
      {"deadlines.drivers_ms", &CamdConfig::deadlines_drivers_ms},
      {"server.worker_threads", &CamdConfig::server_worker_threads},
      {"server.drain_ms", &CamdConfig::server_drain_ms},
      {"audit.handshake_summary_ms", &CamdConfig::audit_handshake_summary_ms},
      {"audit.recent_decisions", &CamdConfig::audit_recent_decisions},
      {"log.level", &CamdConfig::log_level},
  };
  return kSettings;
}

std::string EnvName(const std::string& path) {
  std::string name = "CAM_";
  for (char c : path) name.push_back(c == '.' ? '_' : static_cast<char>(std::toupper(c)));
  return name;
}

absl::Status Assign(CamdConfig& config, const Setting& setting, const std::string& value,
                    const std::string& origin) {
  if (auto* text = std::get_if<std::string CamdConfig::*>(&setting.field)) {
    config.*(*text) = value;
    return absl::OkStatus();
  }
  int64_t number = 0;
  if (!absl::SimpleAtoi(value, &number)) {
    return absl::InvalidArgumentError(
        absl::StrCat(origin, ": ", setting.path, " must be an integer, got \"", value, "\""));
  }
  config.*std::get<int64_t CamdConfig::*>(setting.field) = number;
  return absl::OkStatus();
}

// Flattens a YAML mapping into dotted paths; rejects non-scalar leaves.
absl::Status Flatten(const YAML::Node& node, const std::string& prefix,
                     std::map<std::string, std::string>& out) {
  if (!node.IsMap()) return absl::InvalidArgumentError("config: expected a mapping at " + prefix);
  for (const auto& entry : node) {
    const std::string key = entry.first.as<std::string>();
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    if (entry.second.IsMap()) {
      CAM_RETURN_IF_ERROR(Flatten(entry.second, path, out));
    } else if (entry.second.IsScalar()) {
      // yaml-cpp keeps duplicate keys; the last one must not silently win.
      if (!out.emplace(path, entry.second.as<std::string>()).second) {
        return absl::InvalidArgumentError("config: duplicate key " + path);
      }
    } else {
      return absl::InvalidArgumentError("config: " + path + " must be a scalar");
    }
  }
  return absl::OkStatus();
}

// HOST:PORT, the port decimal digits only (0: any free port); an IPv6 host is bracketed, so
// "::1" is not read as host ":" and port 1.
bool IsHostPort(const std::string& addr) {
  const size_t colon = addr.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  const std::string host = addr.substr(0, colon);
  const bool bracketed = host.front() == '[' && host.back() == ']';
  if (!bracketed && host.find(':') != std::string::npos) return false;
  const std::string port_text = addr.substr(colon + 1);
  if (port_text.empty() || port_text.size() > 5 ||
      !std::all_of(port_text.begin(), port_text.end(), absl::ascii_isdigit)) {
    return false;
  }
  int port = -1;
  return absl::SimpleAtoi(port_text, &port) && port <= 65535;
}

absl::Status CheckRange(const char* path, int64_t value, int64_t low, int64_t high) {
  if (value < low || value > high) {
    return absl::InvalidArgumentError(
        absl::StrCat("config: ", path, " = ", value, " is outside [", low, ", ", high, "]"));
  }
  return absl::OkStatus();
}

}  // namespace

std::map<std::string, std::string> ConfigKeys() {
  std::map<std::string, std::string> keys;
  for (const Setting& s : Settings()) keys[s.path] = EnvName(s.path);
  return keys;
}

absl::StatusOr<CamdConfig> LoadConfig(const ConfigSources& sources) {
  CamdConfig config;
  if (!sources.yaml_text.empty()) {
    std::map<std::string, std::string> values;
    try {
      const YAML::Node root = YAML::Load(sources.yaml_text);
      if (!root.IsNull()) CAM_RETURN_IF_ERROR(Flatten(root, "", values));
    } catch (const YAML::Exception& e) {
      return absl::InvalidArgumentError(
          absl::StrCat("config: YAML error at line ", e.mark.line + 1));
    }
    for (const auto& [path, value] : values) {
      const Setting* match = nullptr;
      for (const Setting& s : Settings()) {
        if (path == s.path) match = &s;
      }
      if (match == nullptr) return absl::InvalidArgumentError("config: unknown key " + path);
      CAM_RETURN_IF_ERROR(Assign(config, *match, value, "config file"));
    }
  }
  if (sources.getenv) {
    for (const Setting& s : Settings()) {
      const std::string name = EnvName(s.path);
      if (const char* value = sources.getenv(name.c_str()); value != nullptr) {
        CAM_RETURN_IF_ERROR(Assign(config, s, value, name));
      }
    }
  }
  CAM_RETURN_IF_ERROR(ValidateConfig(config));
  return config;
}

absl::Status ValidateConfig(const CamdConfig& config) {
  if (config.data_dir.empty()) return absl::InvalidArgumentError("config: data_dir is empty");
  if (!IsHostPort(config.grpc_addr)) {
    return absl::InvalidArgumentError("config: grpc.addr must be HOST:PORT");
  }
  if (!IsHostPort(config.http_addr)) {
    return absl::InvalidArgumentError("config: http.addr must be HOST:PORT");
  }
  CAM_RETURN_IF_ERROR(
      CheckRange("limits.max_value_bytes", config.limits_max_value_bytes, 1, 64 << 20));
  CAM_RETURN_IF_ERROR(CheckRange("memory.versions_kept", config.memory_versions_kept, 1, 1000));
  CAM_RETURN_IF_ERROR(CheckRange("auth.operator_mfa", config.auth_operator_mfa, 0, 1));
  CAM_RETURN_IF_ERROR(CheckRange("auth.token_lifetime_s", config.auth_token_lifetime_s, 60, 3600));
  CAM_RETURN_IF_ERROR(CheckRange("deadlines.memory_ms", config.deadlines_memory_ms, 1, 600000));
  CAM_RETURN_IF_ERROR(CheckRange("deadlines.tasks_ms", config.deadlines_tasks_ms, 1, 600000));
  CAM_RETURN_IF_ERROR(CheckRange("deadlines.security_ms", config.deadlines_security_ms, 1, 600000));
  CAM_RETURN_IF_ERROR(CheckRange("deadlines.drivers_ms", config.deadlines_drivers_ms, 1, 600000));
  CAM_RETURN_IF_ERROR(CheckRange("server.worker_threads", config.server_worker_threads, 1, 1024));
  CAM_RETURN_IF_ERROR(CheckRange("server.drain_ms", config.server_drain_ms, 0, 600000));
  CAM_RETURN_IF_ERROR(
      CheckRange("audit.handshake_summary_ms", config.audit_handshake_summary_ms, 100, 3600000));
  CAM_RETURN_IF_ERROR(
      CheckRange("audit.recent_decisions", config.audit_recent_decisions, 1, 1000000));
  if (config.log_level != "debug" && config.log_level != "info" && config.log_level != "warn" &&
      config.log_level != "error") {
    return absl::InvalidArgumentError("config: log.level must be debug, info, warn or error");
  }
  return absl::OkStatus();
}

}  // namespace cam::daemon
