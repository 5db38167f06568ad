#include "cli/context_commands.h"

#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include "cam/v1/memory.grpc.pb.h"
#include "cli/paging.h"

namespace cam::cli {
namespace {

using ::cam::v1::Memory;

// ParseMetadata turns repeated --meta k=v into a map; a pair without '=' or with an empty key, or
// a key given twice, is a usage error.
absl::StatusOr<std::map<std::string, std::string>> ParseMetadata(
    const std::vector<std::string>& pairs) {
  std::map<std::string, std::string> metadata;
  for (const std::string& pair : pairs) {
    const size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) {
      return absl::InvalidArgumentError("invalid --meta \"" + pair + "\": expected KEY=VALUE");
    }
    if (!metadata.emplace(pair.substr(0, eq), pair.substr(eq + 1)).second) {
      return absl::InvalidArgumentError("--meta key \"" + pair.substr(0, eq) + "\" given twice");
    }
  }
  return metadata;
}

absl::StatusOr<std::string> ReadValueFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    return absl::NotFoundError("cannot read --file \"" + path + "\": " + std::strerror(err));
  }
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return absl::DataLossError("cannot read --file \"" + path + "\"");
  return data;
}

absl::StatusOr<std::string> ReadAll(std::istream& in) {
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return absl::DataLossError("cannot read standard input");
  return data;
}

// ---------------------------------------------------------------------------------------------
class PutCommand : public RemoteCommand {
 public:
  void Register(CLI::App& parent) override {
    CLI::App* app = AddRemoteSubcommand(
        parent, {.name = "put",
                 .synopsis = "Write a value (a new version of the key)",
                 .usage = "camctl context put NS KEY [VALUE | --file PATH | --stdin] "
                          "[--meta k=v ...] [--expected-version N]",
                 .example = "camctl context put team-a notes/today \"hello\""});
    app->add_option("NS", namespace_, "namespace")->required();
    app->add_option("KEY", key_, "key")->required();
    value_opt_ = app->add_option("VALUE", value_, "the value, as given on the command line");
    file_opt_ = app->add_option("--file", file_, "read the value from this file (binary safe)");
    stdin_opt_ = app->add_flag("--stdin", stdin_, "read the value from standard input");
    file_opt_->excludes(stdin_opt_);
    app->add_option("--meta", meta_, "metadata KEY=VALUE; repeat for more");
    expected_opt_ = app->add_option(
        "--expected-version", expected_version_,
        "check-and-set: write only if the current version is N (0: the key must not exist)");
  }

 protected:
  const google::protobuf::Descriptor* FieldRoot() const override {
    return v1::ContextWriteResponse::descriptor();
  }

  absl::Status Preflight(const CommandEnv& env, const OutputOptions& output) override {
    if (absl::Status s = RemoteCommand::Preflight(env, output); !s.ok()) return s;
    const int sources = static_cast<int>(value_opt_->count() > 0) +
                        static_cast<int>(file_opt_->count() > 0) + static_cast<int>(stdin_);
    if (sources != 1) {
      return absl::InvalidArgumentError(
          "give the value exactly one way: VALUE, --file PATH or --stdin");
    }
    if (expected_opt_->count() > 0 && expected_version_ < 0) {
      return absl::InvalidArgumentError("--expected-version must be 0 or more");
    }
    absl::StatusOr<std::map<std::string, std::string>> metadata = ParseMetadata(meta_);
    if (!metadata.ok()) return metadata.status();
    request_.set_namespace_(namespace_);
    request_.set_key(key_);
    request_.mutable_metadata()->insert(metadata->begin(), metadata->end());
    if (expected_opt_->count() > 0) request_.set_expected_version(expected_version_);
    if (file_opt_->count() > 0) {
      absl::StatusOr<std::string> data = ReadValueFile(file_);
      if (!data.ok()) return data.status();
      request_.set_value(*std::move(data));
    } else if (stdin_) {
      absl::StatusOr<std::string> data = ReadAll(env.in);
      if (!data.ok()) return data.status();
      request_.set_value(*std::move(data));
    } else {
      request_.set_value(value_);
    }
    return absl::OkStatus();
  }

  int Execute(Session& session) override {
    grpc::ClientContext context;
    session.Prepare(context);
    v1::ContextWriteResponse response;
    const grpc::Status status =
        Memory::NewStub(session.channel())->ContextWrite(&context, request_, &response);
    if (!status.ok()) return session.ReportRpc(status, context);
    return session.Printed(PrintObject(response, response, session.output(), session.env().out));
  }

 private:
  std::string namespace_, key_, value_, file_;
  bool stdin_ = false;
  std::vector<std::string> meta_;
  int64_t expected_version_ = 0;
  CLI::Option* value_opt_ = nullptr;
  CLI::Option* file_opt_ = nullptr;
  CLI::Option* stdin_opt_ = nullptr;
  CLI::Option* expected_opt_ = nullptr;
  v1::ContextWriteRequest request_;
};

// ---------------------------------------------------------------------------------------------
class GetCommand : public RemoteCommand {
 public:
  void Register(CLI::App& parent) override {
    CLI::App* app = AddRemoteSubcommand(
        parent, {.name = "get",
                 .synopsis = "Read a value (latest or a given version)",
                 .usage = "camctl context get NS KEY [--version N] [--raw]",
                 .example = "camctl context get team-a notes/today --raw > today.txt"});
    app->add_option("NS", namespace_, "namespace")->required();
    app->add_option("KEY", key_, "key")->required();
    app->add_option("--version", version_, "read this version (default: the latest)")
        ->check(CLI::PositiveNumber);
    CLI::Option* raw = app->add_flag(
        "--raw", raw_, "write the value bytes to stdout unchanged (binary safe), nothing else");
    raw->excludes(app->get_option("--field"));
  }

 protected:
  const google::protobuf::Descriptor* FieldRoot() const override {
    return v1::ContextEntry::descriptor();
  }

  int Execute(Session& session) override {
    v1::ContextReadRequest request;
    request.set_namespace_(namespace_);
    request.set_key(key_);
    request.set_version(version_);
    grpc::ClientContext context;
    session.Prepare(context);
    v1::ContextReadResponse response;
    const grpc::Status status =
        Memory::NewStub(session.channel())->ContextRead(&context, request, &response);
    if (!status.ok()) return session.ReportRpc(status, context);
    std::ostream& out = session.env().out;
    const v1::ContextEntry& entry = response.entry();
    if (raw_) {
      out.write(entry.value().data(), static_cast<std::streamsize>(entry.value().size()));
      out.flush();
      return kExitOk;
    }
    if (!session.output().field.empty() || session.output().format == OutputFormat::kJson) {
      return session.Printed(PrintObject(response, entry, session.output(), out));
    }
    // Table: the entry's fields, then the value last, as text only when it is text.
    std::vector<std::pair<std::string, std::string>> lines;
    for (auto& line : ObjectLines(entry)) {
      if (line.first != "value") lines.push_back(std::move(line));
    }
    const bool text = IsPrintableText(entry.value());
    const bool multiline = text && entry.value().find('\n') != std::string::npos;
    if (!text) {
      lines.emplace_back("value", "(binary, " + std::to_string(entry.value().size()) +
                                      " bytes; use --raw to write it unchanged)");
    } else if (!multiline) {
      lines.emplace_back("value", entry.value());
    } else {
      lines.emplace_back("value", "");
    }
    out << RenderKeyValues(lines);
    if (multiline) {
      out << entry.value();
      if (entry.value().back() != '\n') out << '\n';
    }
    return kExitOk;
  }

 private:
  std::string namespace_, key_;
  int64_t version_ = 0;
  bool raw_ = false;
};

// ---------------------------------------------------------------------------------------------
class ListCommand : public RemoteCommand {
 public:
  void Register(CLI::App& parent) override {
    CLI::App* app = AddRemoteSubcommand(
        parent, {.name = "ls",
                 .synopsis = "List the keys of a namespace",
                 .usage = "camctl context ls NS [--prefix P] [--page-size N] [--page-token T] "
                          "[--all]",
                 .example = "camctl context ls team-a --prefix notes/ --all"});
    app->add_option("NS", namespace_, "namespace")->required();
    app->add_option("--prefix", prefix_, "only keys starting with this prefix");
    app->add_option("--page-size", page_size_, "keys per page, 1-1000 (default 100)")
        ->check(CLI::Range(1, 1000));
    app->add_option("--page-token", page_token_, "continue from this page token");
    app->add_flag("--all", all_, "follow page tokens until every key is listed");
    app->add_flag("--include-deleted", include_deleted_, "also list soft-deleted keys");
  }

 protected:
  const google::protobuf::Descriptor* FieldRoot() const override {
    return v1::ContextSummary::descriptor();
  }

  int Execute(Session& session) override {
    auto stub = Memory::NewStub(session.channel());
    auto fetch = [&](grpc::ClientContext& context, const std::string& token,
                     v1::ContextListResponse& page) {
      v1::ContextListRequest request;
      request.set_namespace_(namespace_);
      request.set_prefix(prefix_);
      request.set_page_size(page_size_);
      request.set_page_token(token);
      request.set_include_deleted(include_deleted_);
      return stub->ContextList(&context, request, &page);
    };
    v1::ContextListResponse response;
    if (all_) {
      if (int code = FetchAllPages(session, page_token_, response, fetch); code != kExitOk) {
        return code;
      }
    } else {
      grpc::ClientContext context;
      session.Prepare(context);
      const grpc::Status status = fetch(context, page_token_, response);
      if (!status.ok()) return session.ReportRpc(status, context);
    }
    std::vector<Column> columns = {
        {"key", "key"}, {"version", "version"}, {"size", "size_bytes"}, {"updated", "update_time"}};
    if (include_deleted_) columns.push_back({"deleted", "deleted"});
    const int code = session.Printed(
        PrintList(response, "entries", columns, session.output(), session.env().out));
    if (code == kExitOk && !response.next_page_token().empty() &&
        session.output().format == OutputFormat::kTable && session.output().field.empty()) {
      session.env().err << "More keys: --page-token " << response.next_page_token()
                        << " (or --all)\n";
    }
    return code;
  }

 private:
  std::string namespace_, prefix_, page_token_;
  int32_t page_size_ = 0;
  bool all_ = false;
  bool include_deleted_ = false;
};

// ---------------------------------------------------------------------------------------------
class VersionsCommand : public RemoteCommand {
 public:
  void Register(CLI::App& parent) override {
    CLI::App* app =
        AddRemoteSubcommand(parent, {.name = "versions",
                                     .synopsis = "List the kept versions of a key, newest first",
                                     .usage = "camctl context versions NS KEY",
                                     .example = "camctl context versions team-a notes/today"});
    app->add_option("NS", namespace_, "namespace")->required();
    app->add_option("KEY", key_, "key")->required();
  }

 protected:
  const google::protobuf::Descriptor* FieldRoot() const override {
    return v1::VersionInfo::descriptor();
  }

  int Execute(Session& session) override {
    auto stub = Memory::NewStub(session.channel());
    v1::ContextVersionListResponse response;
    const int code = FetchAllPages(session, "", response,
                                   [&](grpc::ClientContext& context, const std::string& token,
                                       v1::ContextVersionListResponse& page) {
                                     v1::ContextVersionListRequest request;
                                     request.set_namespace_(namespace_);
                                     request.set_key(key_);
                                     request.set_page_token(token);
                                     return stub->ContextVersionList(&context, request, &page);
                                   });
    if (code != kExitOk) return code;
    static constexpr Column kColumns[] = {{"version", "version"},
                                          {"size", "size_bytes"},
                                          {"created", "create_time"},
                                          {"sha256", "sha256"}};
    return session.Printed(
        PrintList(response, "versions", kColumns, session.output(), session.env().out));
  }

 private:
  std::string namespace_, key_;
};

// ---------------------------------------------------------------------------------------------
class RemoveCommand : public RemoteCommand {
 public:
  void Register(CLI::App& parent) override {
    CLI::App* app = AddRemoteSubcommand(
        parent, {.name = "rm",
                 .synopsis = "Delete a key (soft), undelete it, or destroy versions for good",
                 .usage = "camctl context rm NS KEY [--undelete | --destroy [--versions 1,2]]",
                 .example = "camctl context rm team-a notes/today --destroy --versions 1,2"});
    app->add_option("NS", namespace_, "namespace")->required();
    app->add_option("KEY", key_, "key")->required();
    CLI::Option* undelete = app->add_flag("--undelete", undelete_, "reverse a soft delete");
    CLI::Option* destroy = app->add_flag(
        "--destroy", destroy_, "erase versions irreversibly (all of them unless --versions)");
    CLI::Option* versions =
        app->add_option("--versions", versions_, "with --destroy: only these versions, e.g. 1,2")
            ->delimiter(',')
            ->check(CLI::PositiveNumber);
    undelete->excludes(destroy);
    versions->needs(destroy);
  }

 protected:
  const google::protobuf::Descriptor* FieldRoot() const override {
    return v1::ContextDeleteResponse::descriptor();
  }

  int Execute(Session& session) override {
    v1::ContextDeleteRequest request;
    request.set_namespace_(namespace_);
    request.set_key(key_);
    request.set_mode(destroy_    ? v1::DELETE_MODE_DESTROY
                     : undelete_ ? v1::DELETE_MODE_UNDELETE
                                 : v1::DELETE_MODE_SOFT);
    for (int64_t version : versions_) request.add_versions(version);
    grpc::ClientContext context;
    session.Prepare(context);
    v1::ContextDeleteResponse response;
    const grpc::Status status =
        Memory::NewStub(session.channel())->ContextDelete(&context, request, &response);
    if (!status.ok()) return session.ReportRpc(status, context);
    return session.Printed(PrintObject(response, response, session.output(), session.env().out));
  }

 private:
  std::string namespace_, key_;
  bool undelete_ = false;
  bool destroy_ = false;
  std::vector<int64_t> versions_;
};

// ---------------------------------------------------------------------------------------------
class SnapshotCommand : public RemoteCommand {
 public:
  void Register(CLI::App& parent) override {
    CLI::App* app = AddRemoteSubcommand(
        parent, {.name = "snapshot",
                 .synopsis = "Take a snapshot of a namespace",
                 .usage = "camctl context snapshot NS [--id ID] [--description D]",
                 .example = "camctl context snapshot team-a --id before-upgrade"});
    app->add_option("NS", namespace_, "namespace")->required();
    app->add_option("--id", id_, "snapshot id (default: generated by camd)");
    app->add_option("--description", description_, "free text kept with the snapshot");
  }

 protected:
  const google::protobuf::Descriptor* FieldRoot() const override {
    return v1::SnapshotInfo::descriptor();
  }

  int Execute(Session& session) override {
    v1::ContextSnapshotRequest request;
    request.set_namespace_(namespace_);
    request.set_snapshot_id(id_);
    request.set_description(description_);
    grpc::ClientContext context;
    session.Prepare(context);
    v1::ContextSnapshotResponse response;
    const grpc::Status status =
        Memory::NewStub(session.channel())->ContextSnapshot(&context, request, &response);
    if (!status.ok()) return session.ReportRpc(status, context);
    return session.Printed(
        PrintObject(response, response.snapshot(), session.output(), session.env().out));
  }

 private:
  std::string namespace_, id_, description_;
};

// ---------------------------------------------------------------------------------------------
class RestoreCommand : public RemoteCommand {
 public:
  void Register(CLI::App& parent) override {
    CLI::App* app = AddRemoteSubcommand(
        parent, {.name = "restore",
                 .synopsis = "Restore a namespace from a snapshot (operator only)",
                 .usage = "camctl context restore NS SNAPSHOT_ID [--force]",
                 .example = "camctl context restore team-a before-upgrade --force"});
    app->add_option("NS", namespace_, "namespace")->required();
    app->add_option("SNAPSHOT_ID", snapshot_id_, "snapshot id")->required();
    app->add_flag("--force", force_, "replace a namespace that still holds live keys");
  }

 protected:
  const google::protobuf::Descriptor* FieldRoot() const override {
    return v1::ContextRestoreResponse::descriptor();
  }

  int Execute(Session& session) override {
    v1::ContextRestoreRequest request;
    request.set_namespace_(namespace_);
    request.set_snapshot_id(snapshot_id_);
    request.set_force(force_);
    grpc::ClientContext context;
    session.Prepare(context);
    v1::ContextRestoreResponse response;
    const grpc::Status status =
        Memory::NewStub(session.channel())->ContextRestore(&context, request, &response);
    if (!status.ok()) return session.ReportRpc(status, context);
    return session.Printed(PrintObject(response, response, session.output(), session.env().out));
  }

 private:
  std::string namespace_, snapshot_id_;
  bool force_ = false;
};

// ---------------------------------------------------------------------------------------------
class SnapshotsCommand : public RemoteCommand {
 public:
  void Register(CLI::App& parent) override {
    CLI::App* app = AddRemoteSubcommand(parent, {.name = "snapshots",
                                                 .synopsis = "List the snapshots of a namespace",
                                                 .usage = "camctl context snapshots NS",
                                                 .example = "camctl context snapshots team-a"});
    app->add_option("NS", namespace_, "namespace")->required();
  }

 protected:
  const google::protobuf::Descriptor* FieldRoot() const override {
    return v1::SnapshotInfo::descriptor();
  }

  int Execute(Session& session) override {
    auto stub = Memory::NewStub(session.channel());
    v1::SnapshotListResponse response;
    const int code = FetchAllPages(session, "", response,
                                   [&](grpc::ClientContext& context, const std::string& token,
                                       v1::SnapshotListResponse& page) {
                                     v1::SnapshotListRequest request;
                                     request.set_namespace_(namespace_);
                                     request.set_page_token(token);
                                     return stub->SnapshotList(&context, request, &page);
                                   });
    if (code != kExitOk) return code;
    static constexpr Column kColumns[] = {{"id", "snapshot_id"},
                                          {"created", "create_time"},
                                          {"keys", "key_count"},
                                          {"bytes", "total_bytes"},
                                          {"description", "description"}};
    return session.Printed(
        PrintList(response, "snapshots", kColumns, session.output(), session.env().out));
  }

 private:
  std::string namespace_;
};

}  // namespace

void AddContextCommands(CLI::App& root, std::vector<std::unique_ptr<Command>>& commands) {
  CLI::App* family = root.add_subcommand("context",
                                         "Versioned, encrypted memory: put, get, ls, versions, rm, "
                                         "snapshot, restore, snapshots");
  family->require_subcommand(1);
  std::vector<std::unique_ptr<Command>> added;
  added.push_back(std::make_unique<PutCommand>());
  added.push_back(std::make_unique<GetCommand>());
  added.push_back(std::make_unique<ListCommand>());
  added.push_back(std::make_unique<VersionsCommand>());
  added.push_back(std::make_unique<RemoveCommand>());
  added.push_back(std::make_unique<SnapshotCommand>());
  added.push_back(std::make_unique<RestoreCommand>());
  added.push_back(std::make_unique<SnapshotsCommand>());
  for (auto& command : added) {
    command->Register(*family);
    commands.push_back(std::move(command));
  }
}

}  // namespace cam::cli
