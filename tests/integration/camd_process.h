// File: tests/integration/camd_process.h
// CamdProcess starts a real camd (build/bin/camd --dev) on free loopback ports in a fresh data
// directory, waits for its ready line, and stops it (SIGTERM, or SIGKILL on request).
#ifndef CAM_TESTS_INTEGRATION_CAMD_PROCESS_H_
#define CAM_TESTS_INTEGRATION_CAMD_PROCESS_H_

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace cam::testing {

class CamdProcess {
 public:
  // `data_dir` is created if missing and reused if present (to test restarts).
  explicit CamdProcess(std::string data_dir);
  ~CamdProcess();
  CamdProcess(const CamdProcess&) = delete;
  CamdProcess& operator=(const CamdProcess&) = delete;

  // SetEnv passes NAME=value to camd on every later Start (e.g. CAM_TLS_CRL_FILE); an empty
  // value removes an earlier one.
  void SetEnv(const std::string& name, const std::string& value);

  // Start launches camd and waits up to 60 s for "camd ready". On failure it returns false and
  // failure() says why: exec error, exit status or signal, and what camd printed.
  bool Start();
  const std::string& failure() const { return failure_; }
  // Terminate sends SIGTERM and returns the exit status (or -1).
  int Terminate();
  // Kill sends SIGKILL (no chance to flush anything) and reaps the process.
  void Kill();

  const std::string& grpc_addr() const { return grpc_addr_; }
  const std::string& http_addr() const { return http_addr_; }
  const std::string& data_dir() const { return data_dir_; }
  std::string pki(const std::string& file) const { return data_dir_ + "/pki/" + file; }
  pid_t pid() const { return pid_; }

 private:
  std::string data_dir_;
  std::string grpc_addr_;
  std::string http_addr_;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string failure_;
  std::vector<std::pair<std::string, std::string>> env_;
};

// BinDir is where the built camd and camctl are: $CAM_BIN_DIR, else the build tree's bin/.
std::string BinDir();

// NewTempDir returns a new empty directory under $TMPDIR (or /tmp); empty on failure.
std::string NewTempDir(const std::string& prefix);

// RunCommand runs a shell command, returning its exit status; stdout+stderr go to `output`.
int RunCommand(const std::string& command, std::string* output = nullptr);

}  // namespace cam::testing

#endif  // CAM_TESTS_INTEGRATION_CAMD_PROCESS_H_
