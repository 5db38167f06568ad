#include "identity/revocation_list.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cctype>
#include <ctime>
#include <vector>

#include "absl/strings/str_cat.h"

namespace cam::identity {
namespace {

struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};
struct CrlFree {
  void operator()(X509_CRL* p) const { X509_CRL_free(p); }
};
struct BioFree {
  void operator()(BIO* p) const { BIO_free(p); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;
using CrlPtr = std::unique_ptr<X509_CRL, CrlFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;

absl::Status Invalid(const std::string& what) {
  ERR_clear_error();
  return absl::InvalidArgumentError(absl::StrCat("crl: ", what));
}

BioPtr MemoryBio(std::string_view bytes) {
  return BioPtr(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
}

size_t CountOf(std::string_view text, std::string_view needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string_view::npos;
       at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

// Lowercase hex without leading zeros ("0" for zero), so "0A1f" and "a1f" name the same serial.
std::string NormalizeSerial(std::string_view hex) {
  std::string out;
  bool negative = false;
  if (!hex.empty() && hex.front() == '-') {
    negative = true;
    hex.remove_prefix(1);
  }
  size_t start = 0;
  while (start + 1 < hex.size() && hex[start] == '0') ++start;
  for (char c : hex.substr(start)) {
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return negative ? "-" + out : out;
}

std::string SerialOf(const ASN1_INTEGER* serial) {
  BIGNUM* bn = ASN1_INTEGER_to_BN(serial, nullptr);
  if (bn == nullptr) return "";
  char* hex = BN_bn2hex(bn);
  BN_free(bn);
  if (hex == nullptr) return "";
  std::string out = NormalizeSerial(hex);
  OPENSSL_free(hex);
  return out;
}

std::string NameDer(const X509_NAME* name) {
  unsigned char* der = nullptr;
  const int len = i2d_X509_NAME(name, &der);
  if (len <= 0) return "";
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(len));
  OPENSSL_free(der);
  return out;
}

absl::StatusOr<std::vector<X509Ptr>> ReadCas(std::string_view ca_pem) {
  BioPtr bio = MemoryBio(ca_pem);
  if (!bio) return absl::ResourceExhaustedError("crl: out of memory");
  std::vector<X509Ptr> cas;
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    cas.emplace_back(cert);
  }
  ERR_clear_error();
  if (cas.empty()) return Invalid("no CA certificate in the client CA file");
  return cas;
}

absl::StatusOr<std::vector<CrlPtr>> ReadCrls(std::string_view content) {
  std::vector<CrlPtr> crls;
  if (content.find("-----BEGIN") != std::string_view::npos) {
    BioPtr bio = MemoryBio(content);
    if (!bio) return absl::ResourceExhaustedError("crl: out of memory");
    while (X509_CRL* crl = PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr)) {
      crls.emplace_back(crl);
    }
    ERR_clear_error();
    // Every CRL block must have parsed: a damaged one must not vanish from the list.
    if (crls.empty() || crls.size() != CountOf(content, "-----BEGIN X509 CRL-----") ||
        CountOf(content, "-----BEGIN") != crls.size()) {
      return Invalid("the file is not a list of PEM X509 CRLs, or one of them is damaged");
    }
    return crls;
  }
  const unsigned char* cursor = reinterpret_cast<const unsigned char*>(content.data());
  X509_CRL* crl = d2i_X509_CRL(nullptr, &cursor, static_cast<long>(content.size()));
  if (crl == nullptr) return Invalid("the file is neither PEM nor a DER CRL");
  crls.emplace_back(crl);
  if (cursor != reinterpret_cast<const unsigned char*>(content.data()) + content.size()) {
    return Invalid("trailing bytes after the DER CRL");
  }
  return crls;
}

absl::Time TimeOf(const ASN1_TIME* time) {
  struct tm parsed = {};
  if (time == nullptr || ASN1_TIME_to_tm(time, &parsed) != 1) return absl::InfiniteFuture();
  return absl::FromTM(parsed, absl::UTCTimeZone());
}

}  // namespace

absl::StatusOr<RevocationList> RevocationList::Parse(std::string_view crl_file_content,
                                                     std::string_view ca_pem) {
  absl::StatusOr<std::vector<X509Ptr>> cas = ReadCas(ca_pem);
  if (!cas.ok()) return cas.status();
  absl::StatusOr<std::vector<CrlPtr>> crls = ReadCrls(crl_file_content);
  if (!crls.ok()) return crls.status();

  RevocationList list;
  for (size_t i = 0; i < crls->size(); ++i) {
    X509_CRL* crl = (*crls)[i].get();
    const std::string which = absl::StrCat("CRL #", i + 1);
    const X509_NAME* issuer = X509_CRL_get_issuer(crl);
    const X509* signer = nullptr;
    for (const X509Ptr& ca : *cas) {
      if (X509_NAME_cmp(X509_get_subject_name(ca.get()), issuer) != 0) continue;
      // A CA whose key usage excludes cRLSign may not vouch for revocations.
      if ((X509_get_key_usage(ca.get()) & KU_CRL_SIGN) == 0) continue;
      EVP_PKEY* key = X509_get0_pubkey(ca.get());
      if (key != nullptr && X509_CRL_verify(crl, key) == 1) {
        signer = ca.get();
        break;
      }
    }
    if (signer == nullptr) return Invalid(which + " is not signed by a configured client CA");
    if (X509_CRL_get_ext_by_NID(crl, NID_delta_crl, -1) >= 0) {
      return Invalid(which + " is a delta CRL (not supported)");
    }
    const std::string issuer_der = NameDer(issuer);
    const std::string ca_subject_der = NameDer(X509_get_subject_name(signer));
    STACK_OF(X509_REVOKED)* revoked = X509_CRL_get_REVOKED(crl);
    for (int r = 0; r < sk_X509_REVOKED_num(revoked); ++r) {
      const X509_REVOKED* entry = sk_X509_REVOKED_value(revoked, r);
      if (X509_REVOKED_get_ext_by_NID(entry, NID_certificate_issuer, -1) >= 0) {
        return Invalid(which + " is an indirect CRL (not supported)");
      }
      std::string serial = SerialOf(X509_REVOKED_get0_serialNumber(entry));
      if (serial.empty()) return Invalid(which + " has an unreadable serial number");
      // The issuer is recorded as the CRL spells it and as the CA's certificate spells it;
      // both are the same name, but their DER may differ in string types.
      list.revoked_.emplace(issuer_der, serial);
      if (ca_subject_der != issuer_der) list.revoked_.emplace(ca_subject_der, std::move(serial));
    }
    if (const ASN1_TIME* next = X509_CRL_get0_nextUpdate(crl); next != nullptr) {
      list.earliest_next_update_ = std::min(list.earliest_next_update_, TimeOf(next));
    }
    ++list.crl_count_;
  }
  ERR_clear_error();
  return list;
}

bool RevocationList::IsRevoked(std::string_view issuer_der, std::string_view serial_hex) const {
  return revoked_.contains(
      std::pair<std::string, std::string>(issuer_der, NormalizeSerial(serial_hex)));
}

absl::StatusOr<std::unique_ptr<RevocationListFile>> RevocationListFile::Open(
    std::filesystem::path crl_file, std::filesystem::path ca_file) {
  std::unique_ptr<RevocationListFile> file(
      new RevocationListFile(std::move(crl_file), std::move(ca_file)));
  if (absl::Status loaded = file->state_.LoadFirst(); !loaded.ok()) return loaded;
  return file;
}

absl::StatusOr<std::optional<RevocationList>> RevocationListFile::Load(bool force) {
  absl::StatusOr<std::optional<std::string>> crl = crl_watch_.ReadIfChanged(force);
  if (!crl.ok()) return crl.status();
  absl::StatusOr<std::optional<std::string>> ca = ca_watch_.ReadIfChanged(force);
  if (!ca.ok()) return ca.status();
  if (!crl->has_value() && !ca->has_value()) return std::nullopt;
  // One file changed: the other is read again too, so the pair parsed is consistent.
  if (!crl->has_value()) crl = crl_watch_.ReadIfChanged(/*force=*/true);
  if (!crl.ok()) return crl.status();
  if (!ca->has_value()) ca = ca_watch_.ReadIfChanged(/*force=*/true);
  if (!ca.ok()) return ca.status();
  absl::StatusOr<RevocationList> parsed = RevocationList::Parse(**crl, **ca);
  if (!parsed.ok()) return parsed.status();
  crl_watch_.Commit();
  ca_watch_.Commit();
  return *std::move(parsed);
}

}  // namespace cam::identity
