#include "tests/unit/transport/http/test_pki.h"

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace cam::transport::http::testing {

TestPki::TestPki() {
  std::string templ = (std::filesystem::temp_directory_path() / "cam-http-pki-XXXXXX").string();
  if (mkdtemp(templ.data()) == nullptr) return;
  dir_ = templ;
  ok_ = MakeCa("ca") && MakeCa("rogue-ca") &&
        MakeLeaf("server", "ca", "/CN=localhost",
                 "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"
                 "basicConstraints=critical,CA:FALSE\n") &&
        MakeLeaf("client", "ca", "/CN=tester",
                 "subjectAltName=URI:spiffe://cam.test/agent/tester\n"
                 "extendedKeyUsage=clientAuth\nbasicConstraints=critical,CA:FALSE\n") &&
        MakeLeaf("rogue-client", "rogue-ca", "/CN=tester",
                 "extendedKeyUsage=clientAuth\nbasicConstraints=critical,CA:FALSE\n");
}

TestPki::~TestPki() {
  if (dir_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

bool TestPki::Run(const std::string& command) const {
  const std::string full = "cd '" + dir_ + "' && " + command + " >/dev/null 2>&1";
  return std::system(full.c_str()) == 0;
}

bool TestPki::MakeCa(const std::string& name) const {
  return Run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " +
             name + ".key -out " + name + ".pem -days 2 -subj /CN=" + name +
             " -addext basicConstraints=critical,CA:TRUE"
             " -addext keyUsage=critical,keyCertSign,cRLSign");
}

bool TestPki::MakeLeaf(const std::string& name, const std::string& ca, const std::string& subject,
                       const std::string& extensions) const {
  {
    std::ofstream ext(Path(name + ".ext"));
    ext << extensions;
    if (!ext) return false;
  }
  return Run("openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + name +
             ".key -out " + name + ".csr -subj " + subject) &&
         Run("openssl x509 -req -in " + name + ".csr -CA " + ca + ".pem -CAkey " + ca +
             ".key -set_serial 0x$(openssl rand -hex 8) -days 2 -out " + name + ".pem -extfile " +
             name + ".ext");
}

}  // namespace cam::transport::http::testing
