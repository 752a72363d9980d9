#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace riverdelta::lake::delta {

// commitInfo key listing the damaged versions an accept or a repair commit resolved.
inline constexpr const char* kResolvedDamageKey = "riverdelta.resolvedDamage";

// A commit file of the log that is not what a writer wrote (cut off, emptied).
struct CommitDamage {
    std::int64_t version = 0;
    std::string why;
};

// Why the text of a commit file is damaged, or nullopt when it is whole. Damaged, for any
// writer: an empty file (0 bytes or blank; Delta never writes one), or a line that is not JSON
// (cut off mid-line). For commits of Riverdelta's own writer (commitInfo.engineInfo
// "riverdelta/…") also: no newline after the last line (ours ends every line), nothing but the
// commitInfo (we never write such a commit), or fewer add actions or rows than its
// commitInfo.operationMetrics (numFiles, numOutputRows) announce.
std::optional<std::string> commitDamage(std::string_view text);

}  // namespace riverdelta::lake::delta
