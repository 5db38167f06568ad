#include "tests/integration/camd_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace cam::testing {

std::string BinDir() {
  const char* dir = std::getenv("CAM_BIN_DIR");
  return dir != nullptr && *dir != '\0' ? dir : CAM_TEST_BIN_DIR;
}

namespace {

std::string CamdBinary() { return BinDir() + "/camd"; }

std::string Field(const std::string& line, const std::string& name) {
  const size_t at = line.find(name + "=");
  if (at == std::string::npos) return "";
  const size_t start = at + name.size() + 1;
  return line.substr(start, line.find(' ', start) - start);
}

}  // namespace

std::string NewTempDir(const std::string& prefix) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern =
      std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/" + prefix + "-XXXXXX";
  char* made = ::mkdtemp(pattern.data());
  return made != nullptr ? std::string(made) : std::string();
}

int RunCommand(const std::string& command, std::string* output) {
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  std::array<char, 4096> buffer{};
  std::string text;
  size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) text.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  if (output != nullptr) *output = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

CamdProcess::CamdProcess(std::string data_dir) : data_dir_(std::move(data_dir)) {}

CamdProcess::~CamdProcess() {
  if (pid_ > 0) Kill();
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
}

void CamdProcess::SetEnv(const std::string& name, const std::string& value) {
  std::erase_if(env_, [&name](const auto& entry) { return entry.first == name; });
  if (!value.empty()) env_.emplace_back(name, value);
}

bool CamdProcess::Start() {
  failure_.clear();
  if (data_dir_.empty()) {
    failure_ = "no data directory (could not create a temporary directory)";
    return false;
  }
  const std::string binary = CamdBinary();
  if (::access(binary.c_str(), X_OK) != 0) {
    failure_ = binary + " is not an executable: " + std::strerror(errno);
    return false;
  }
  // stdout and stderr share one pipe, so a failure report shows what camd printed. A second,
  // close-on-exec pipe carries errno back if exec itself fails.
  int output[2];
  int exec_error[2];
  if (::pipe(output) != 0 || ::pipe2(exec_error, O_CLOEXEC) != 0) {
    failure_ = std::string("pipe: ") + std::strerror(errno);
    return false;
  }
  pid_ = ::fork();
  if (pid_ < 0) {
    failure_ = std::string("fork: ") + std::strerror(errno);
    return false;
  }
  if (pid_ == 0) {
    // Generous budgets: these tests check behaviour, not speed, and may run under sanitizers
    // on a loaded machine. Deadline behaviour has its own unit tests.
    ::setenv("CAM_DEADLINES_MEMORY_MS", "20000", 1);
    for (const auto& [name, value] : env_) ::setenv(name.c_str(), value.c_str(), 1);
    ::dup2(output[1], STDOUT_FILENO);
    ::dup2(output[1], STDERR_FILENO);
    ::close(output[0]);
    ::close(output[1]);
    ::close(exec_error[0]);
    ::execl(binary.c_str(), binary.c_str(), "--dev", "--data-dir", data_dir_.c_str(), "--grpc-addr",
            "127.0.0.1:0", "--http-addr", "127.0.0.1:0", static_cast<char*>(nullptr));
    const int error = errno;
    (void)!::write(exec_error[1], &error, sizeof(error));
    ::_exit(127);
  }
  ::close(output[1]);
  ::close(exec_error[1]);
  int exec_errno = 0;
  const ssize_t got = ::read(exec_error[0], &exec_errno, sizeof(exec_errno));
  ::close(exec_error[0]);
  if (got == static_cast<ssize_t>(sizeof(exec_errno))) {
    failure_ = "exec " + binary + ": " + std::strerror(exec_errno);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
    ::close(output[0]);
    return false;
  }
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  stdout_fd_ = output[0];
  std::string text;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < give_up) {
    pollfd pfd{.fd = stdout_fd_, .events = POLLIN, .revents = 0};
    if (::poll(&pfd, 1, 200) <= 0) continue;
    char buffer[512];
    const ssize_t n = ::read(stdout_fd_, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int status = 0;
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
      failure_ = WIFSIGNALED(status)
                     ? "camd killed by signal " + std::to_string(WTERMSIG(status))
                     : "camd exited with status " + std::to_string(WEXITSTATUS(status));
      failure_ += "; it printed: " + text;
      return false;
    }
    text.append(buffer, static_cast<size_t>(n));
    const size_t ready = text.find("camd ready");
    if (ready != std::string::npos && text.find('\n', ready) != std::string::npos) {
      const std::string line = text.substr(ready, text.find('\n', ready) - ready);
      grpc_addr_ = Field(line, "grpc");
      http_addr_ = Field(line, "http");
      if (grpc_addr_.empty() || http_addr_.empty()) failure_ = "unexpected ready line: " + line;
      return failure_.empty();
    }
  }
  failure_ = "no ready line within 60 s; camd printed: " + text;
  return false;
}

int CamdProcess::Terminate() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void CamdProcess::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

}  // namespace cam::testing
