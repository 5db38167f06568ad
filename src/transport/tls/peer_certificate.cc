#include "transport/tls/peer_certificate.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cctype>
#include <ctime>
#include <memory>
#include <string>

namespace cam::transport {
namespace {

// Sha256OfDer returns the binary SHA-256 of what `encode` (an i2d_* function) writes for `object`.
template <typename Encode, typename T>
std::string Sha256OfDer(Encode encode, const T* object) {
  unsigned char* der = nullptr;
  const int len = encode(object, &der);
  if (len <= 0) return "";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  const bool ok =
      EVP_Digest(der, static_cast<size_t>(len), digest, &digest_len, EVP_sha256(), nullptr) == 1;
  OPENSSL_free(der);
  return ok ? std::string(reinterpret_cast<char*>(digest), digest_len) : "";
}

std::string SerialHex(X509* cert) {
  BIGNUM* serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr);
  if (serial == nullptr) return "";
  char* hex = BN_bn2hex(serial);
  BN_free(serial);
  if (hex == nullptr) return "";
  std::string out(hex);
  OPENSSL_free(hex);
  // BN_bn2hex prints whole bytes ("0a1b"); CRLs and operators write the number ("a1b"), so the
  // canonical form drops leading zero digits.
  const size_t sign = (!out.empty() && out[0] == '-') ? 1 : 0;
  size_t first = sign;
  while (first + 1 < out.size() && out[first] == '0') ++first;
  out.erase(sign, first - sign);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

absl::Time NotAfter(X509* cert) {
  struct tm parsed = {};
  if (ASN1_TIME_to_tm(X509_get0_notAfter(cert), &parsed) != 1) return absl::InfinitePast();
  return absl::FromTM(parsed, absl::UTCTimeZone());
}

}  // namespace

envelope::PeerCertificate PeerCertificateFromX509(X509* cert, bool verified) {
  envelope::PeerCertificate out;
  if (cert == nullptr) return out;
  out.present = true;
  out.verified = verified;
  X509_NAME* subject = X509_get_subject_name(cert);
  const int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
  if (index >= 0) {
    ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index));
    unsigned char* utf8 = nullptr;
    const int len = ASN1_STRING_to_UTF8(&utf8, data);
    if (len >= 0)
      out.subject_common_name.assign(reinterpret_cast<char*>(utf8), static_cast<size_t>(len));
    OPENSSL_free(utf8);
  }
  auto* names =
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  if (names != nullptr) {
    for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
      const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
      if (name->type != GEN_URI) continue;
      const ASN1_IA5STRING* uri = name->d.uniformResourceIdentifier;
      out.uri_sans.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(uri)),
                                static_cast<size_t>(ASN1_STRING_length(uri)));
    }
    GENERAL_NAMES_free(names);
  }
  out.der_sha256 = Sha256OfDer(i2d_X509, cert);
  out.spki_sha256 = Sha256OfDer(i2d_X509_PUBKEY, X509_get_X509_PUBKEY(cert));
  out.serial_hex = SerialHex(cert);
  unsigned char* issuer = nullptr;
  const int issuer_len = i2d_X509_NAME(X509_get_issuer_name(cert), &issuer);
  if (issuer_len > 0)
    out.issuer_der.assign(reinterpret_cast<char*>(issuer), static_cast<size_t>(issuer_len));
  OPENSSL_free(issuer);
  out.not_after = NotAfter(cert);
  return out;
}

envelope::PeerCertificate PeerCertificateFromPem(std::string_view pem, bool verified) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr, &X509_free);
  if (cert == nullptr) {
    envelope::PeerCertificate unreadable;
    unreadable.present = !pem.empty();
    return unreadable;
  }
  return PeerCertificateFromX509(cert.get(), verified);
}

}  // namespace cam::transport
