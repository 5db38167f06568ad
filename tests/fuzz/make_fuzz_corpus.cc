// make_fuzz_corpus TARGET DIR: writes a small seed corpus for one fuzz target into DIR, built
// from our own key generation, encapsulation and signing (no vectors copied), so libFuzzer and
// the regression driver start from inputs that reach the accepting paths.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <array>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "base/secure_buffer.h"
#include "cam/v1/policy.pb.h"
#include "crypto/mldsa/mldsa65.h"
#include "crypto/mlkem/mlkem768.h"
#include "crypto/xwing/xwing.h"
#include "identity/api_key.h"
#include "tests/fuzz/identity_fuzz_key.h"

namespace {

namespace crypto = ::cam::crypto;
using Bytes = std::vector<uint8_t>;

Bytes Pattern(size_t n, uint8_t start) {
  Bytes out(n);
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(start + 7 * i);
  return out;
}

void Append(Bytes& out, std::span<const uint8_t> more) {
  out.insert(out.end(), more.begin(), more.end());
}

// Each entry is (file name, bytes).
using Corpus = std::vector<std::pair<std::string, Bytes>>;

Corpus MlKemDecaps() {
  Corpus corpus;
  for (uint8_t i = 0; i < 2; ++i) {
    const Bytes seed = Pattern(crypto::kMlKem768SeedBytes, i);
    crypto::MlKem768EncapsulationKey ek;
    crypto::MlKem768DecapsulationKey dk;
    if (!crypto::MlKem768KeyGenFromSeed(ek, dk, seed).ok()) return {};
    const Bytes m = Pattern(32, 100 + i);
    crypto::MlKem768Ciphertext ct;
    std::array<uint8_t, 32> ss;
    if (!crypto::MlKem768EncapsDeterministic(ct, ss, ek, std::span<const uint8_t, 32>(m.data(), 32))
             .ok()) {
      return {};
    }
    Bytes from_seed{0};  // mode 0: seed, m, exact ciphertext
    Append(from_seed, seed);
    Append(from_seed, m);
    Append(from_seed, ct);
    corpus.emplace_back("seed_key_" + std::to_string(i), from_seed);
    Bytes raw_key{1};  // mode 1: raw 2400-byte key that passes the hash check
    Append(raw_key, dk.bytes());
    Append(raw_key, m);
    Append(raw_key, ct);
    corpus.emplace_back("raw_key_" + std::to_string(i), raw_key);
  }
  corpus.emplace_back("short_ciphertext", Bytes{2, 1, 2, 3});
  return corpus;
}

Corpus MlKemCheckEk() {
  Corpus corpus;
  crypto::MlKem768EncapsulationKey ek;
  crypto::MlKem768DecapsulationKey dk;
  if (!crypto::MlKem768KeyGenFromSeed(ek, dk, Pattern(64, 9)).ok()) return {};
  Bytes valid{1};
  Append(valid, ek);
  corpus.emplace_back("valid_key", valid);
  Bytes unreduced = valid;
  unreduced[1] = 0xFF;
  unreduced[2] |= 0x0F;  // first coefficient 0xFFF >= q
  corpus.emplace_back("unreduced_key", unreduced);
  Bytes reduce{3};
  Append(reduce, Pattern(crypto::kMlKem768EncapsulationKeyBytes, 0xF0));
  corpus.emplace_back("reduce_then_check", reduce);
  corpus.emplace_back("short_key", Bytes{0, 1, 2});
  return corpus;
}

Corpus MlDsaVerify() {
  Corpus corpus;
  const Bytes seed = Pattern(32, 3);
  const Bytes msg = Pattern(20, 50);
  const Bytes ctx = Pattern(5, 70);
  for (uint8_t mode : {uint8_t{3}, uint8_t{11}}) {  // our signature, changed / unchanged
    Bytes input{mode, static_cast<uint8_t>(msg.size()), static_cast<uint8_t>(ctx.size())};
    Append(input, msg);
    Append(input, ctx);
    Append(input, seed);
    Append(input, Bytes{0x10, 0x02, 0x80});
    corpus.emplace_back("own_signature_mode_" + std::to_string(mode), input);
  }
  // A real key with a signature of another message: must not verify.
  crypto::MlDsa65PublicKey pk;
  cam::base::SecureBuffer sk;
  crypto::MlDsa65Signature sig;
  if (!crypto::MlDsa65KeyGenFromSeed(pk, sk, seed).ok() ||
      !crypto::MlDsa65Sign(sig, sk.span(), Pattern(3, 1), {}).ok()) {
    return {};
  }
  Bytes wrong{0, 0, 0};
  Append(wrong, pk);
  Append(wrong, sig);
  corpus.emplace_back("raw_key_wrong_message", wrong);
  return corpus;
}

Corpus XWingDecaps() {
  Corpus corpus;
  const Bytes seed = Pattern(32, 5);
  const Bytes eseed = Pattern(64, 77);
  crypto::XWingEncapsulationKey pk;
  crypto::XWingDecapsulationKey sk;
  crypto::XWingCiphertext ct;
  std::array<uint8_t, 32> ss;
  if (!crypto::XWingKeyGenFromSeed(pk, sk, seed).ok() ||
      !crypto::XWingEncapsDeterministic(ct, ss, pk, std::span<const uint8_t, 64>(eseed.data(), 64))
           .ok()) {
    return {};
  }
  Bytes real{0};
  Append(real, seed);
  Append(real, eseed);
  Append(real, ct);
  corpus.emplace_back("real_ciphertext", real);
  Bytes to_key{2};
  Append(to_key, seed);
  Append(to_key, eseed);
  Append(to_key, pk);
  corpus.emplace_back("encaps_to_real_key", to_key);
  corpus.emplace_back("short_ciphertext", Bytes{1, 1, 2, 3});
  return corpus;
}

// Seeds reaching each branch of hybrid_verify_fuzz: random key and signature, a real key with a
// random signature, our signature changed at a chosen byte, and our signature intact.
Corpus HybridVerify() {
  Corpus corpus;
  const Bytes seed = Pattern(64, 9);
  Bytes random_all{0, 3, 'a', 'b', 'c', 0};
  Append(random_all, Pattern(100, 4));
  corpus.emplace_back("random_key_and_signature", random_all);
  Bytes real_key{1, 2, 'h', 'i'};
  Append(real_key, seed);
  Append(real_key, Pattern(3373, 6));
  corpus.emplace_back("real_key_random_signature", real_key);
  Bytes changed{3, 2, 'h', 'i'};
  Append(changed, seed);
  Append(changed, Bytes{0x0C, 0x80, 0x01});
  corpus.emplace_back("changed_signature", changed);
  Bytes intact{7, 2, 'h', 'i'};
  Append(intact, seed);
  corpus.emplace_back("intact_signature", intact);
  return corpus;
}

Bytes Text(uint8_t mode, std::string_view text) {
  Bytes out{mode};
  out.insert(out.end(), text.begin(), text.end());
  return out;
}

// One seed per decoder: a token the fuzzed verifier accepts (and its near misses come from
// mutation), the signer's JWK Set, a JSON object, base64url text and a well-formed API key.
Corpus IdentityDecoders() {
  Corpus corpus;
  absl::StatusOr<cam::identity::JwtSigner> signer = cam::fuzz::IdentityFuzzSigner();
  if (!signer.ok()) return {};
  absl::StatusOr<cam::identity::IssuedToken> token =
      signer->Issue({.subject = "agent-1", .scopes = {"memory"}}, cam::fuzz::kIdentityFuzzNow);
  if (!token.ok()) return {};
  const cam::identity::JwtSigner* signers[] = {&*signer};
  corpus.emplace_back("valid_token", Text(0, token->token));
  corpus.emplace_back("jwk_set", Text(1, cam::identity::JwtSigner::PublicJwkSetJson(signers)));
  corpus.emplace_back("json", Text(2, R"({"a":[1,{"b":null}],"c":"d"})"));
  corpus.emplace_back("base64url", Text(3, "SGVsbG8td29ybGRf"));
  const cam::identity::GeneratedApiKey key = cam::identity::GenerateApiKey();
  corpus.emplace_back("api_key", Text(4, key.presented_view()));
  return corpus;
}

// A CA (P-256, self-signed) and a CRL it signed revoking serial 0a0b, both PEM, NUL between
// them: what access_config_fuzz's CRL case expects.
std::string CaAndCrlPem() {
  using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
  using CertPtr = std::unique_ptr<X509, decltype(&X509_free)>;
  using CrlPtr = std::unique_ptr<X509_CRL, decltype(&X509_CRL_free)>;
  using TimePtr = std::unique_ptr<ASN1_TIME, decltype(&ASN1_TIME_free)>;
  using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;
  KeyPtr key(EVP_EC_gen("P-256"), &EVP_PKEY_free);
  CertPtr ca(X509_new(), &X509_free);
  CrlPtr crl(X509_CRL_new(), &X509_CRL_free);
  const time_t now = std::time(nullptr);
  TimePtr this_update(ASN1_TIME_set(nullptr, now), &ASN1_TIME_free);
  TimePtr next_update(ASN1_TIME_adj(nullptr, now, 30, 0), &ASN1_TIME_free);
  if (!key || !ca || !crl || !this_update || !next_update) return "";
  X509_NAME* name = X509_get_subject_name(ca.get());
  bool ok = X509_set_version(ca.get(), 2) == 1 &&
            ASN1_INTEGER_set(X509_get_serialNumber(ca.get()), 1) == 1 &&
            X509_gmtime_adj(X509_getm_notBefore(ca.get()), 0) != nullptr &&
            X509_gmtime_adj(X509_getm_notAfter(ca.get()), 30L * 86400) != nullptr &&
            X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                       reinterpret_cast<const unsigned char*>("fuzz-ca"), -1, -1,
                                       0) == 1 &&
            X509_set_issuer_name(ca.get(), name) == 1 &&
            X509_set_pubkey(ca.get(), key.get()) == 1 &&
            X509_sign(ca.get(), key.get(), EVP_sha256()) > 0;
  ok = ok && X509_CRL_set_version(crl.get(), 1) == 1 &&
       X509_CRL_set_issuer_name(crl.get(), name) == 1 &&
       X509_CRL_set1_lastUpdate(crl.get(), this_update.get()) == 1 &&
       X509_CRL_set1_nextUpdate(crl.get(), next_update.get()) == 1;
  if (!ok) return "";
  X509_REVOKED* revoked = X509_REVOKED_new();
  ASN1_INTEGER* serial = ASN1_INTEGER_new();
  ok = revoked != nullptr && serial != nullptr && ASN1_INTEGER_set(serial, 0x0a0b) == 1 &&
       X509_REVOKED_set_serialNumber(revoked, serial) == 1 &&
       X509_REVOKED_set_revocationDate(revoked, this_update.get()) == 1;
  ASN1_INTEGER_free(serial);
  if (!ok || X509_CRL_add0_revoked(crl.get(), revoked) != 1) {
    X509_REVOKED_free(revoked);
    return "";
  }
  if (X509_CRL_sort(crl.get()) != 1 || X509_CRL_sign(crl.get(), key.get(), EVP_sha256()) <= 0) {
    return "";
  }
  BioPtr out(BIO_new(BIO_s_mem()), &BIO_free);
  if (!out || PEM_write_bio_X509(out.get(), ca.get()) != 1 || BIO_write(out.get(), "\0", 1) != 1 ||
      PEM_write_bio_X509_CRL(out.get(), crl.get()) != 1) {
    return "";
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

// One seed per decoder: a classes file, a CA with a CRL it signed, a policy document that
// validates, and the gRPC log line of a failed handshake.
Corpus AccessConfig() {
  const std::string ca_and_crl = CaAndCrlPem();
  if (ca_and_crl.empty()) return {};
  cam::v1::PolicyDocument document;
  document.set_policy_id("team-writers");
  document.set_tenant("default");
  cam::v1::PolicyRule* rule = document.add_rules();
  rule->set_rule_id("writers");
  rule->set_effect(cam::v1::POLICY_EFFECT_ALLOW);
  cam::v1::PrincipalMatcher* who = rule->add_principals();
  who->set_kind(cam::v1::PRINCIPAL_KIND_AGENT);
  who->set_id("agent-*");
  rule->add_actions("memory.*");
  rule->add_resources("ns/team/**");
  rule->add_source_cidrs("10.0.0.0/8");
  cam::v1::Condition* condition = rule->add_conditions();
  condition->set_key("claims.amr");
  condition->set_op(cam::v1::CONDITION_OPERATOR_EQUALS);
  condition->add_values("mtls");
  cam::v1::PolicyRule* deny = document.add_rules();
  deny->set_rule_id("no-secrets");
  deny->set_effect(cam::v1::POLICY_EFFECT_DENY);
  deny->add_principals();
  deny->add_actions("*");
  deny->add_resources("ns/team/secret/*");

  Corpus corpus;
  corpus.emplace_back("classes",
                      Text(0,
                           "classes:\n"
                           "  - name: agents\n"
                           "    match: {spiffe_id: \"spiffe://cam.local/agent/*\"}\n"
                           "    kind: agent\n"
                           "    tenant: alpha\n"
                           "  - name: legacy\n"
                           "    match: {subject_cn: \"legacy-*\"}\n"
                           "    kind: service\n"
                           "    tenant: beta\n"
                           "    spki_pins: [\"MzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzM=\"]\n"));
  corpus.emplace_back("crl", Text(1, ca_and_crl));
  corpus.emplace_back("policy", Text(2, document.SerializeAsString()));
  corpus.emplace_back("tls_error",
                      Text(3,
                           "Handshake failed with fatal error SSL_ERROR_SSL: "
                           "error:0A0000C7:SSL routines::peer did not return a certificate."));
  corpus.emplace_back("source", Text(3, "[2001:db8::1]:5555"));
  return corpus;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: make_fuzz_corpus TARGET DIR\n";
    return 2;
  }
  const std::string target = argv[1];
  Corpus corpus;
  if (target == "mlkem_decaps_fuzz") {
    corpus = MlKemDecaps();
  } else if (target == "mlkem_check_ek_fuzz") {
    corpus = MlKemCheckEk();
  } else if (target == "mldsa_verify_fuzz") {
    corpus = MlDsaVerify();
  } else if (target == "xwing_decaps_fuzz") {
    corpus = XWingDecaps();
  } else if (target == "hybrid_verify_fuzz") {
    corpus = HybridVerify();
  } else if (target == "identity_decoders_fuzz") {
    corpus = IdentityDecoders();
  } else if (target == "access_config_fuzz") {
    corpus = AccessConfig();
  } else {
    std::cerr << "make_fuzz_corpus: unknown target " << target << "\n";
    return 2;
  }
  if (corpus.empty()) {
    std::cerr << "make_fuzz_corpus: building the corpus for " << target << " failed\n";
    return 1;
  }
  std::filesystem::create_directories(argv[2]);
  for (const auto& [name, bytes] : corpus) {
    std::ofstream out(std::filesystem::path(argv[2]) / name, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    if (!out) return 1;
  }
  return 0;
}
