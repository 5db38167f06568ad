// File: cli/paging.h
// FetchAllPages: follows next_page_token until camd has no more, merging every page into one
// response, for list commands that show everything (ls --all, versions, snapshots, ns ls).
#ifndef CAM_CLI_PAGING_H_
#define CAM_CLI_PAGING_H_

#include <grpcpp/grpcpp.h>

#include <string>
#include <utility>

#include "cli/cli_errors.h"
#include "cli/command.h"

namespace cam::cli {

// A runaway server (a token that never ends) stops here rather than looping forever.
inline constexpr int kMaxPages = 100000;

// `fetch(context, page_token, page)` makes one call. Every page gets its own context and
// deadline. Returns kExitOk with `all` holding every item and an empty next_page_token, or the
// exit code of the reported failure.
template <typename Response, typename Fetch>
int FetchAllPages(const Session& session, std::string page_token, Response& all, Fetch fetch) {
  for (int pages = 0; pages < kMaxPages; ++pages) {
    grpc::ClientContext context;
    session.Prepare(context);
    Response page;
    const grpc::Status status = fetch(context, page_token, page);
    if (!status.ok()) return session.ReportRpc(status, context);
    std::string next = page.next_page_token();
    all.MergeFrom(page);
    if (next.empty()) {
      all.clear_next_page_token();
      return kExitOk;
    }
    if (next == page_token) {
      return session.Report(LocalError("camd returned the same page token twice; stopping"));
    }
    page_token = std::move(next);
  }
  return session.Report(LocalError("too many pages; stopping"));
}

}  // namespace cam::cli

#endif  // CAM_CLI_PAGING_H_
