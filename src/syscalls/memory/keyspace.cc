#include "syscalls/memory/keyspace.h"

namespace cam::syscalls::keyspace {
namespace {

std::string Join(std::string_view tag, std::string_view a) {
  std::string out;
  out.reserve(tag.size() + a.size() + 1);
  out.append(tag).append(a);
  return out;
}

}  // namespace

std::string NamespaceKey(std::string_view ns) { return Join(kNamespacePrefix, ns); }

std::string HeadPrefix(std::string_view ns) { return Join("k/", ns) + '\0'; }
std::string HeadKey(std::string_view ns, std::string_view key) {
  return HeadPrefix(ns).append(key);
}

std::string VersionPrefix(std::string_view ns) { return Join("v/", ns) + '\0'; }
std::string VersionKey(std::string_view ns, std::string_view key, int64_t version) {
  std::string out = VersionPrefix(ns).append(key);
  out.push_back('\0');
  // Big-endian, so versions of one key sort numerically.
  const auto v = static_cast<uint64_t>(version);
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
  return out;
}

std::string SnapshotPrefix(std::string_view ns) { return Join("s/", ns) + '\0'; }
std::string SnapshotKey(std::string_view ns, std::string_view snapshot_id) {
  return SnapshotPrefix(ns).append(snapshot_id);
}

std::string AllSnapshotEntriesPrefix(std::string_view ns) { return Join("e/", ns) + '\0'; }
std::string SnapshotEntryPrefix(std::string_view ns, std::string_view snapshot_id) {
  return AllSnapshotEntriesPrefix(ns).append(snapshot_id) + '\0';
}
std::string SnapshotEntryKey(std::string_view ns, std::string_view snapshot_id,
                             std::string_view key) {
  return SnapshotEntryPrefix(ns, snapshot_id).append(key);
}

std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(end.back());
    if (last != 0xFF) {
      ++last;
      return end;
    }
    end.pop_back();
  }
  return end;
}

}  // namespace cam::syscalls::keyspace
