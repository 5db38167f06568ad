#include "tests/integration/camd_process.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace cam::testing {
namespace {

std::string CamdBinary() {
  const char* dir = std::getenv("CAM_BIN_DIR");
  return std::string(dir != nullptr ? dir : "build/bin") + "/camd";
}

std::string Field(const std::string& line, const std::string& name) {
  const size_t at = line.find(name + "=");
  if (at == std::string::npos) return "";
  const size_t start = at + name.size() + 1;
  return line.substr(start, line.find(' ', start) - start);
}

}  // namespace

std::string NewTempDir(const std::string& prefix) {
  std::string pattern = "/tmp/" + prefix + "-XXXXXX";
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

bool CamdProcess::Start() {
  int fds[2];
  if (::pipe(fds) != 0) return false;
  const std::string binary = CamdBinary();
  pid_ = ::fork();
  if (pid_ == 0) {
    // Generous budgets: these tests check behaviour, not speed, and may run under sanitizers
    // on a loaded machine. Deadline behaviour has its own unit tests.
    ::setenv("CAM_DEADLINES_MEMORY_MS", "20000", 1);
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    ::execl(binary.c_str(), binary.c_str(), "--dev", "--data-dir", data_dir_.c_str(), "--grpc-addr",
            "127.0.0.1:0", "--http-addr", "127.0.0.1:0", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[1]);
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  stdout_fd_ = fds[0];
  std::string text;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < give_up) {
    pollfd pfd{.fd = stdout_fd_, .events = POLLIN, .revents = 0};
    if (::poll(&pfd, 1, 200) <= 0) continue;
    char buffer[512];
    const ssize_t n = ::read(stdout_fd_, buffer, sizeof(buffer));
    if (n <= 0) return false;
    text.append(buffer, static_cast<size_t>(n));
    const size_t ready = text.find("camd ready");
    if (ready != std::string::npos && text.find('\n', ready) != std::string::npos) {
      const std::string line = text.substr(ready, text.find('\n', ready) - ready);
      grpc_addr_ = Field(line, "grpc");
      http_addr_ = Field(line, "http");
      return !grpc_addr_.empty() && !http_addr_.empty();
    }
  }
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
