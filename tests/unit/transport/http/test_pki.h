// File: tests/unit/transport/http/test_pki.h
// TestPki: a throwaway PKI made with the openssl CLI in a temporary directory: a CA, a server
// certificate for 127.0.0.1/localhost, a client certificate (CN "tester", a SPIFFE URI SAN), and
// a client certificate from an unrelated CA. The directory is removed on destruction.
#ifndef CAM_TESTS_UNIT_TRANSPORT_HTTP_TEST_PKI_H_
#define CAM_TESTS_UNIT_TRANSPORT_HTTP_TEST_PKI_H_

#include <string>

namespace cam::transport::http::testing {

class TestPki {
 public:
  TestPki();
  ~TestPki();
  TestPki(const TestPki&) = delete;
  TestPki& operator=(const TestPki&) = delete;

  bool ok() const { return ok_; }
  const std::string& dir() const { return dir_; }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

  std::string ca() const { return Path("ca.pem"); }
  std::string server_cert() const { return Path("server.pem"); }
  std::string server_key() const { return Path("server.key"); }
  std::string client_cert() const { return Path("client.pem"); }
  std::string client_key() const { return Path("client.key"); }
  std::string rogue_cert() const { return Path("rogue-client.pem"); }
  std::string rogue_key() const { return Path("rogue-client.key"); }

 private:
  bool Run(const std::string& command) const;
  bool MakeCa(const std::string& name) const;
  bool MakeLeaf(const std::string& name, const std::string& ca, const std::string& subject,
                const std::string& extensions) const;

  std::string dir_;
  bool ok_ = false;
};

}  // namespace cam::transport::http::testing

#endif  // CAM_TESTS_UNIT_TRANSPORT_HTTP_TEST_PKI_H_
