// File: syscalls/memory/keyspace.h
// Keyspace: the single place that builds storage keys for the memory syscalls. Names never
// contain NUL (the validator's patterns forbid it), so NUL separates the parts and byte order
// of storage keys follows the order of user keys.
//
//   n/<ns>                          NamespaceRecord
//   k/<ns>\0<key>                   KeyHead
//   v/<ns>\0<key>\0<version:be64>   VersionRecord
//   s/<ns>\0<snapshot>              SnapshotRecord
//   e/<ns>\0<snapshot>\0<key>       SnapshotEntry
#ifndef CAM_SYSCALLS_MEMORY_KEYSPACE_H_
#define CAM_SYSCALLS_MEMORY_KEYSPACE_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace cam::syscalls::keyspace {

std::string NamespaceKey(std::string_view ns);
inline constexpr std::string_view kNamespacePrefix = "n/";

std::string HeadKey(std::string_view ns, std::string_view key);
std::string HeadPrefix(std::string_view ns);

std::string VersionKey(std::string_view ns, std::string_view key, int64_t version);
std::string VersionPrefix(std::string_view ns);

std::string SnapshotKey(std::string_view ns, std::string_view snapshot_id);
std::string SnapshotPrefix(std::string_view ns);

std::string SnapshotEntryKey(std::string_view ns, std::string_view snapshot_id,
                             std::string_view key);
std::string SnapshotEntryPrefix(std::string_view ns, std::string_view snapshot_id);
std::string AllSnapshotEntriesPrefix(std::string_view ns);

// PrefixEnd returns the smallest string greater than every string starting with `prefix`
// (the exclusive upper bound of a prefix scan). `prefix` must not be all 0xFF bytes.
std::string PrefixEnd(std::string_view prefix);

}  // namespace cam::syscalls::keyspace

#endif  // CAM_SYSCALLS_MEMORY_KEYSPACE_H_
