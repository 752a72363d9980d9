#include "engine/lake/delta/table_invariant.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace riverdelta::lake::delta {
namespace {

// "<base>-<digits>": a partition's offsets txn of that base.
bool isOffsetsAppId(std::string_view appId, std::string_view base) {
    if (appId.size() <= base.size() + 1 || !appId.starts_with(base) || appId[base.size()] != '-')
        return false;
    const auto digits = appId.substr(base.size() + 1);
    return std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::int64_t coveredBy(const Snapshot& snapshot, std::string_view base) {
    std::int64_t covered = 0;
    for (const auto& [appId, txn] : snapshot.txns)
        if (isOffsetsAppId(appId, base)) covered += txn.version + 1;
    return covered;
}

std::string grouped(std::int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return n < 0 ? "-" + out : out;
}

}  // namespace

std::string unwrittenAppId(std::string_view offsetsAppIdBase) {
    return std::string(offsetsAppIdBase) + std::string(kUnwrittenSuffix);
}

TableInvariant checkTableInvariant(const Snapshot& snapshot) {
    TableInvariant inv;
    inv.damage = snapshot.unresolvedDamage();
    inv.rows = snapshot.numRecords();
    for (const auto& [appId, txn] : snapshot.txns) {
        if (!appId.ends_with(kUnwrittenSuffix)) continue;
        const std::string_view base =
            std::string_view(appId).substr(0, appId.size() - kUnwrittenSuffix.size());
        inv.counted = true;
        inv.unwritten += txn.version;
        inv.covered += coveredBy(snapshot, base);
    }
    return inv;
}

std::int64_t unwrittenBaseline(const Snapshot& snapshot, std::string_view offsetsAppIdBase) {
    if (auto v = snapshot.txnVersion(unwrittenAppId(offsetsAppIdBase))) return *v;
    return coveredBy(snapshot, offsetsAppIdBase) - snapshot.numRecords();
}

std::vector<std::int64_t> TableInvariant::versions() const {
    std::vector<std::int64_t> out;
    for (const auto& d : damage)
        out.push_back(d.version);
    return out;
}

std::string TableInvariant::describe() const {
    if (!damaged()) return {};
    std::string out = "damaged:";
    for (const auto& d : damage)
        out += fmt::format(" commit version {} ({});", d.version, d.why);
    if (!balanced())
        out += fmt::format(" {} rows + {} unwritten offsets, but the committed offsets cover {};",
                           grouped(rows), grouped(unwritten), grouped(covered));
    else if (counted && !damage.empty())
        out += fmt::format(" the committed offsets cover {}, {} rows;", grouped(covered),
                           grouped(rows));
    out.pop_back();
    return out;
}

}  // namespace riverdelta::lake::delta
