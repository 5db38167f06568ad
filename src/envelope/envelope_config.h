// File: envelope/envelope_config.h
// EnvelopeConfig gathers the typed configuration of every stage and what they depend on, so the
// chain is built in one call (BuildChain in chain.cc) and no stage reads YAML or environment.
#ifndef CAM_ENVELOPE_ENVELOPE_CONFIG_H_
#define CAM_ENVELOPE_ENVELOPE_CONFIG_H_

#include "audit/audit_record.h"
#include "audit/decision_log.h"
#include "base/clock.h"
#include "envelope/authorizer.h"
#include "envelope/certificate_mapper.h"
#include "envelope/credential_verifier.h"
#include "envelope/handler_registry.h"
#include "envelope/stages/authenticate_stage.h"
#include "envelope/stages/deadline_stage.h"
#include "envelope/stages/request_size_stage.h"
#include "envelope/stages/sanitize_stage.h"
#include "envelope/validation/field_validator.h"

namespace cam::envelope {

struct EnvelopeConfig {
  AuthenticateConfig authenticate;
  RequestSizeConfig request_size;
  ValidationConfig validation;
  DeadlineConfig deadlines;
  // Operator-only methods need two factors (see AuthorizeStage).
  bool require_operator_mfa = true;
};

struct EnvelopeDependencies {
  const Authorizer* authorizer = nullptr;
  const CredentialVerifier* credentials = nullptr;  // null: tokens and API keys are refused
  // null: the built-in certificate mapping (SPIFFE kind, default tenant), no CRL, no pins.
  const CertificateMapper* certificates = nullptr;
  const HandlerRegistry* handlers = nullptr;
  audit::AuditSink* audit_sink = nullptr;
  audit::DecisionLog* decision_log = nullptr;  // null: decisions are only in the audit log
  const base::Clock* clock = nullptr;
  DebugLogFn debug_log;
};

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_ENVELOPE_CONFIG_H_
