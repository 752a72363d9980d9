#include "engine/lake/delta/actions.h"

#include <algorithm>
#include <stdexcept>

namespace riverdelta::lake::delta {
namespace {
using Json = nlohmann::json;

Json partitionValuesJson(const std::map<std::string, std::optional<std::string>>& pv) {
    Json j = Json::object();
    for (const auto& [k, v] : pv)
        j[k] = v ? Json(*v) : Json(nullptr);
    return j;
}

std::map<std::string, std::optional<std::string>> partitionValuesFrom(const Json& j) {
    std::map<std::string, std::optional<std::string>> out;
    if (!j.is_object()) return out;
    for (const auto& [k, v] : j.items()) {
        out[k] = v.is_null() ? std::nullopt : std::optional<std::string>(v.get<std::string>());
    }
    return out;
}

std::map<std::string, std::string> stringMapFrom(const Json& j) {
    std::map<std::string, std::string> out;
    if (!j.is_object()) return out;
    for (const auto& [k, v] : j.items()) {
        if (v.is_string()) out[k] = v.get<std::string>();
    }
    return out;
}

template <typename T>
std::optional<T> optionalField(const Json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return std::nullopt;
    return it->get<T>();
}

// Like Json::value(), but a null counts as absent (checkpoints store absent fields as null).
template <typename T>
T valueOr(const Json& j, const char* key, T fallback) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return fallback;
    return it->get<T>();
}

const Json& objectOrEmpty(const Json& j, const char* key) {
    static const Json kEmpty = Json::object();
    const auto it = j.find(key);
    if (it == j.end() || !it->is_object()) return kEmpty;
    return *it;
}

struct ToJson {
    Json operator()(const Protocol& p) const {
        Json j{{"minReaderVersion", p.minReaderVersion}, {"minWriterVersion", p.minWriterVersion}};
        if (p.readerFeatures) j["readerFeatures"] = *p.readerFeatures;
        if (p.writerFeatures) j["writerFeatures"] = *p.writerFeatures;
        return Json{{"protocol", j}};
    }
    Json operator()(const Metadata& m) const {
        Json j{{"id", m.id},
               {"format", {{"provider", m.formatProvider}, {"options", Json(m.formatOptions)}}},
               {"schemaString", m.schemaString},
               {"partitionColumns", m.partitionColumns},
               {"configuration", Json(m.configuration)}};
        if (m.formatOptions.empty()) j["format"]["options"] = Json::object();
        if (m.configuration.empty()) j["configuration"] = Json::object();
        if (m.name) j["name"] = *m.name;
        if (m.description) j["description"] = *m.description;
        if (m.createdTime) j["createdTime"] = *m.createdTime;
        return Json{{"metaData", j}};
    }
    Json operator()(const AddFile& a) const {
        Json j{{"path", a.path},
               {"partitionValues", partitionValuesJson(a.partitionValues)},
               {"size", a.size},
               {"modificationTime", a.modificationTime},
               {"dataChange", a.dataChange}};
        if (a.stats) j["stats"] = *a.stats;
        if (!a.tags.empty()) j["tags"] = a.tags;
        return Json{{"add", j}};
    }
    Json operator()(const RemoveFile& r) const {
        Json j{{"path", r.path}, {"dataChange", r.dataChange}};
        if (r.deletionTimestamp) j["deletionTimestamp"] = *r.deletionTimestamp;
        if (r.extendedFileMetadata) {
            j["extendedFileMetadata"] = *r.extendedFileMetadata;
            j["partitionValues"] = partitionValuesJson(r.partitionValues);
        }
        if (r.size) j["size"] = *r.size;
        return Json{{"remove", j}};
    }
    Json operator()(const Txn& t) const {
        Json j{{"appId", t.appId}, {"version", t.version}};
        if (t.lastUpdated) j["lastUpdated"] = *t.lastUpdated;
        return Json{{"txn", j}};
    }
    Json operator()(const CommitInfo& c) const { return Json{{"commitInfo", c.info}}; }
};

}  // namespace

Json toJson(const Action& action) {
    return std::visit(ToJson{}, action);
}

std::optional<Action> actionFromJson(const Json& line) {
    if (!line.is_object() || line.size() != 1) {
        throw std::invalid_argument("a Delta action is a single-key JSON object");
    }
    // Not a structured binding over *items().begin(): that proxy is a temporary.
    const auto first = line.begin();
    const std::string& kind = first.key();  // a key of `line`, which outlives it
    const Json& j = first.value();
    try {
        if (kind == "add") {
            AddFile a;
            a.path = j.at("path").get<std::string>();
            a.partitionValues = partitionValuesFrom(objectOrEmpty(j, "partitionValues"));
            a.size = j.at("size").get<std::int64_t>();
            a.modificationTime = valueOr(j, "modificationTime", std::int64_t{0});
            a.dataChange = valueOr(j, "dataChange", true);
            a.stats = optionalField<std::string>(j, "stats");
            a.tags = stringMapFrom(objectOrEmpty(j, "tags"));
            return a;
        }
        if (kind == "remove") {
            RemoveFile r;
            r.path = j.at("path").get<std::string>();
            r.deletionTimestamp = optionalField<std::int64_t>(j, "deletionTimestamp");
            r.dataChange = valueOr(j, "dataChange", true);
            r.extendedFileMetadata = optionalField<bool>(j, "extendedFileMetadata");
            r.partitionValues = partitionValuesFrom(objectOrEmpty(j, "partitionValues"));
            r.size = optionalField<std::int64_t>(j, "size");
            return r;
        }
        if (kind == "txn") {
            Txn t;
            t.appId = j.at("appId").get<std::string>();
            t.version = j.at("version").get<std::int64_t>();
            t.lastUpdated = optionalField<std::int64_t>(j, "lastUpdated");
            return t;
        }
        if (kind == "protocol") {
            Protocol p;
            p.minReaderVersion = j.at("minReaderVersion").get<std::int32_t>();
            p.minWriterVersion = j.at("minWriterVersion").get<std::int32_t>();
            p.readerFeatures = optionalField<std::vector<std::string>>(j, "readerFeatures");
            p.writerFeatures = optionalField<std::vector<std::string>>(j, "writerFeatures");
            return p;
        }
        if (kind == "metaData") {
            Metadata m;
            m.id = j.at("id").get<std::string>();
            m.name = optionalField<std::string>(j, "name");
            m.description = optionalField<std::string>(j, "description");
            if (const auto f = j.find("format"); f != j.end() && f->is_object()) {
                m.formatProvider = valueOr(*f, "provider", std::string("parquet"));
                m.formatOptions = stringMapFrom(objectOrEmpty(*f, "options"));
            }
            m.schemaString = j.at("schemaString").get<std::string>();
            m.partitionColumns = valueOr(j, "partitionColumns", std::vector<std::string>{});
            m.configuration = stringMapFrom(objectOrEmpty(j, "configuration"));
            m.createdTime = optionalField<std::int64_t>(j, "createdTime");
            return m;
        }
        if (kind == "commitInfo") return CommitInfo{j};
    } catch (const Json::exception& e) {
        throw std::invalid_argument("malformed Delta " + kind + " action: " + e.what());
    }
    return std::nullopt;
}

std::string serializeCommit(std::span<const Action> actions) {
    std::string out;
    for (const auto& a : actions) {
        out += toJson(a).dump();
        out.push_back('\n');
    }
    return out;
}

std::vector<Action> parseCommit(std::string_view text) {
    std::vector<Action> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        const Json j = Json::parse(line, nullptr, false);
        if (j.is_discarded()) throw std::invalid_argument("malformed JSON line in Delta commit");
        if (auto a = actionFromJson(j)) out.push_back(std::move(*a));
    }
    return out;
}

Protocol protocolFor(bool timestampNtz) {
    Protocol p;
    if (timestampNtz) {
        p.minReaderVersion = 3;
        p.minWriterVersion = 7;
        p.readerFeatures = std::vector<std::string>{"timestampNtz"};
        p.writerFeatures = std::vector<std::string>{"timestampNtz"};
    }
    return p;
}

bool protocolSupports(const Protocol& p, std::string_view feature) {
    if (!p.readerFeatures || !p.writerFeatures) return false;
    const auto has = [&](const std::vector<std::string>& v) {
        return std::find(v.begin(), v.end(), feature) != v.end();
    };
    return has(*p.readerFeatures) && has(*p.writerFeatures);
}

}  // namespace riverdelta::lake::delta
