#include "engine/lake/delta/snapshot.h"

#include <nlohmann/json.hpp>

namespace riverdelta::lake::delta {
namespace {

struct Apply {
    Snapshot& s;
    void operator()(const Protocol& p) const { s.protocol = p; }
    void operator()(const Metadata& m) const { s.metadata = m; }
    void operator()(const AddFile& a) const {
        s.tombstones.erase(a.path);
        s.files[a.path] = a;
    }
    void operator()(const RemoveFile& r) const {
        s.files.erase(r.path);
        s.tombstones[r.path] = r;
    }
    void operator()(const Txn& t) const { s.txns[t.appId] = t; }
    void operator()(const CommitInfo& c) const {
        if (!c.info.is_object() || !c.info.contains(kResolvedDamageKey)) return;
        for (const auto& v : c.info[kResolvedDamageKey])
            if (v.is_number_integer()) s.resolvedDamage.insert(v.get<std::int64_t>());
    }
};

}  // namespace

void Snapshot::apply(const Action& action) {
    std::visit(Apply{*this}, action);
}

std::optional<std::int64_t> Snapshot::txnVersion(std::string_view appId) const {
    const auto it = txns.find(appId);
    if (it == txns.end()) return std::nullopt;
    return it->second.version;
}

std::int64_t Snapshot::numRecords() const {
    std::int64_t n = 0;
    for (const auto& [path, add] : files) {
        if (!add.stats) continue;
        const auto j = nlohmann::json::parse(*add.stats, nullptr, false);
        if (j.is_object() && j.contains("numRecords") && j["numRecords"].is_number_integer()) {
            n += j["numRecords"].get<std::int64_t>();
        }
    }
    return n;
}

std::vector<CommitDamage> Snapshot::unresolvedDamage() const {
    std::vector<CommitDamage> out;
    for (const auto& d : damage)
        if (!resolvedDamage.contains(d.version)) out.push_back(d);
    return out;
}

std::int64_t Snapshot::totalBytes() const {
    std::int64_t n = 0;
    for (const auto& [path, add] : files)
        n += add.size;
    return n;
}

}  // namespace riverdelta::lake::delta
