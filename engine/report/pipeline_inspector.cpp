#include "engine/report/pipeline_inspector.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "engine/kafka/cluster_metadata.h"
#include "engine/postgres/connection.h"
#include "engine/report/count_checks.h"

namespace riverdelta::report {

namespace {

// "schema.table" → "schema"."table", escaped for this connection.
std::string qualified(postgres::Connection& conn, const std::string& table) {
    std::string out;
    std::size_t start = 0;
    while (start <= table.size()) {
        auto dot = table.find('.', start);
        if (dot == std::string::npos) dot = table.size();
        const auto part = table.substr(start, dot - start);
        char* quoted = PQescapeIdentifier(conn.get(), part.c_str(), part.size());
        if (!out.empty()) out += '.';
        out += quoted ? quoted : part;
        if (quoted) PQfreemem(quoted);
        start = dot + 1;
    }
    return out;
}

std::string fieldText(const nlohmann::json& v) {
    if (v.is_string()) return v.get<std::string>();
    return v.dump();
}

struct FieldValues {
    std::map<std::string, std::vector<std::optional<std::string>>> values;  // per message
    std::size_t messages = 0, undecodable = 0;
    bool truncated = false;
    std::string error;
};

// The values of `fields` in the JSON values of `topic`, from `from` (per partition, or the low
// watermark when absent) to the high watermarks in `to`.
FieldValues readFields(const kafka::ClientConfig& config, const std::string& topic,
                       const TopicOffsets* from, const TopicOffsets& to,
                       const std::set<std::string>& fields, std::size_t maxMessages,
                       std::chrono::milliseconds timeout) {
    FieldValues out;
    try {
        kafka::Consumer consumer(config);
        std::vector<kafka::TopicPartitionOffset> assignment;
        std::map<std::int32_t, std::int64_t> end;
        for (std::size_t p = 0; p < to.partitions.size(); ++p) {
            auto start = to.partitions[p].low;
            if (from && p < from->partitions.size())
                start = std::max(start, from->partitions[p].high);
            if (start >= to.partitions[p].high) continue;
            assignment.push_back({topic, static_cast<std::int32_t>(p), start});
            end[static_cast<std::int32_t>(p)] = to.partitions[p].high;
        }
        if (assignment.empty()) return out;
        consumer.assign(assignment);
        std::vector<kafka::Message> batch;
        auto lastProgress = std::chrono::steady_clock::now();
        while (!end.empty()) {
            if (std::chrono::steady_clock::now() - lastProgress > timeout) {
                out.error = fmt::format("reading {} timed out", topic);
                break;
            }
            batch.clear();
            consumer.pollBatch(batch, 1000, std::chrono::milliseconds(200));
            for (const auto& m : batch) {
                if (m.error() != RD_KAFKA_RESP_ERR_NO_ERROR) {
                    if (!m.isPartitionEof()) {
                        out.error = fmt::format("reading {}: {}", topic, m.errorText());
                        end.clear();
                    }
                    continue;
                }
                const auto it = end.find(m.partition());
                if (it == end.end() || m.offset() >= it->second) continue;
                lastProgress = std::chrono::steady_clock::now();
                if (m.offset() + 1 >= it->second) end.erase(it);
                if (++out.messages > maxMessages) {
                    out.truncated = true;
                    end.clear();
                    break;
                }
                const auto j = nlohmann::json::parse(m.payload(), nullptr, false);
                if (!j.is_object()) {
                    ++out.undecodable;
                    continue;
                }
                for (const auto& f : fields) {
                    const auto v = j.find(f);
                    out.values[f].push_back(
                        v == j.end() || v->is_null() ? std::nullopt : std::optional(fieldText(*v)));
                }
            }
        }
    } catch (const std::exception& e) {
        out.error = e.what();
    }
    return out;
}

// Why a topic could not be read back: the error its watermarks gave just now (the broker away,
// a timeout), or that it does not exist.
std::string unreadable(const std::map<std::string, TopicOffsets>& now, const std::string& topic) {
    const auto it = now.find(topic);
    return "topic " + topic + " cannot be read back: " +
           (it == now.end() || it->second.error.empty() ? std::string("it does not exist")
                                                        : it->second.error);
}

CheckResult check(std::string id, std::string title) {
    CheckResult c;
    c.id = std::move(id);
    c.title = std::move(title);
    return c;
}

}  // namespace

std::int64_t TopicOffsets::high() const {
    std::int64_t n = 0;
    for (const auto& p : partitions)
        n += p.high;
    return n;
}

std::int64_t TopicOffsets::messages() const {
    std::int64_t n = 0;
    for (const auto& p : partitions)
        n += p.high - p.low;
    return n;
}

std::map<std::string, TopicOffsets> readTopicOffsets(const kafka::ClientConfig& config,
                                                     const std::vector<std::string>& topics,
                                                     std::chrono::milliseconds timeout) {
    std::map<std::string, TopicOffsets> out;
    try {
        kafka::Consumer probe(config);
        // The whole cluster's metadata: a request naming a topic that does not exist yet may
        // auto-create it (the sandbox's cluster does, with its default partition count), before
        // the run creates it as it wants it.
        const auto md = kafka::fetchMetadata(probe.handle(), timeout);
        for (const auto& topic : topics) {
            auto& t = out[topic];
            try {
                for (const auto& m : md.topics) {
                    if (m.name != topic) continue;
                    if (!m.error.empty()) t.error = m.error;  // e.g. no leader yet after a restart
                    if (!m.error.empty() || m.partitions <= 0) continue;
                    t.exists = true;
                    for (std::int32_t p = 0; p < m.partitions; ++p)
                        t.partitions.push_back(probe.queryWatermarks(topic, p, timeout));
                }
            } catch (const std::exception& e) {
                t.exists = false;
                t.partitions.clear();
                t.error = e.what();
            }
        }
    } catch (const std::exception& e) {
        for (const auto& topic : topics)
            out[topic].error = e.what();
    }
    return out;
}

void inspectPipeline(RunReport& report, const InspectionTargets& targets) {
    report.validated = true;
    // ---- Topics: watermarks now vs before the run, against what was acknowledged.
    std::map<std::string, TopicOffsets> now;
    if (targets.kafka) {
        std::vector<std::string> names;
        for (const auto& t : report.topics)
            names.push_back(t.name);
        for (const auto& r : targets.rules)
            if (!r.sourceIsTable && std::find(names.begin(), names.end(), r.source) == names.end())
                names.push_back(r.source);
        for (const auto& d : report.delta)
            if (std::find(names.begin(), names.end(), d.topic) == names.end())
                names.push_back(d.topic);
        now = readTopicOffsets(*targets.kafka, names, targets.timeout);
    }
    for (auto& t : report.topics) {
        const auto it = now.find(t.name);
        if (!targets.kafka) {
            auto c = check("topic-count:" + t.name, "Messages written to topic " + t.name +
                                                        " equal the events acknowledged");
            c.figures["acknowledged"] = static_cast<double>(t.acknowledged);
            c.observed = "no Kafka connection to read the topic back";
            report.checks.push_back(std::move(c));
        } else if (it == now.end() || !it->second.exists) {
            auto c = check("topic-count:" + t.name, "Messages written to topic " + t.name +
                                                        " equal the events acknowledged");
            c.figures["acknowledged"] = static_cast<double>(t.acknowledged);
            t.error = it == now.end() || it->second.error.empty() ? "the topic does not exist"
                                                                  : it->second.error;
            c.outcome = CheckOutcome::Failed;
            c.observed = fmt::format("{} events acknowledged, but {}",
                                     groupedCount(static_cast<double>(t.acknowledged)), t.error);
            report.checks.push_back(std::move(c));
        } else {
            const auto& off = it->second;
            const auto base = targets.baseline.find(t.name);
            std::int64_t before = 0;
            if (base != targets.baseline.end() && base->second.exists) {
                for (std::size_t p = 0; p < off.partitions.size(); ++p)
                    before +=
                        p < base->second.partitions.size() ? base->second.partitions[p].high : 0;
            }
            t.exists = true;
            t.partitions = static_cast<int>(off.partitions.size());
            t.messages = off.messages();
            t.messagesThisRun = off.high() - before;
            auto c = topicCountCheck(t.name, t.acknowledged, before, off.high(), report.complete);
            c.figures["messagesInTopic"] = static_cast<double>(t.messages);
            report.checks.push_back(std::move(c));
        }
    }

    // ---- PostgreSQL tables: row counts, and the key sets lookups refer to.
    std::map<std::string, std::unordered_set<std::string>> tableKeys;  // "table.column" → values
    std::map<std::string, std::string> tableKeyErrors;
    std::string pgError;
    std::optional<postgres::Connection> pg;
    if (!targets.postgresConninfo.empty()) {
        try {
            pg.emplace(targets.postgresConninfo);
        } catch (const std::exception& e) {
            pgError = e.what();
        }
    } else {
        pgError = "no PostgreSQL connection";
    }
    for (auto& t : report.tables) {
        if (!pg) {
            t.error = pgError;
            continue;
        }
        try {
            const auto r = pg->exec("SELECT count(*) FROM " + qualified(*pg, t.name));
            t.rows = std::stoll(std::string(r.value(0, 0)));
        } catch (const std::exception& e) {
            t.error = e.what();
        }
    }
    // ---- Change data capture: each row the run wrote arrived as a change event (an insert,
    // or a snapshot read when the capture began after it; updates and deletes add events).
    if (report.cdc) {
        for (const auto& ct : report.cdc->tables) {
            const auto t =
                std::find_if(report.tables.begin(), report.tables.end(), [&](auto& table) {
                    return table.name == ct.table || "public." + table.name == ct.table;
                });
            const std::uint64_t written = t == report.tables.end() ? 0 : t->acknowledged;
            auto c = cdcTableCheck(*report.cdc, ct, written, report.complete);
            report.checks.push_back(std::move(c));
        }
    }
    for (const auto& rule : targets.rules) {
        if (!rule.sourceIsTable) continue;
        const auto key = rule.source + "." + rule.sourceField;
        if (tableKeys.count(key) || tableKeyErrors.count(key)) continue;
        if (!pg) {
            tableKeyErrors[key] = pgError;
            continue;
        }
        try {
            const auto r = pg->exec("SELECT DISTINCT " + qualified(*pg, rule.sourceField) +
                                    "::text FROM " + qualified(*pg, rule.source));
            auto& set = tableKeys[key];
            for (int i = 0; i < r.rows(); ++i)
                if (!r.isNull(i, 0)) set.emplace(r.value(i, 0));
        } catch (const std::exception& e) {
            tableKeyErrors[key] = e.what();
        }
    }

    // ---- Delta tables: rows against committed offsets, committed offsets against watermarks.
    for (const auto& d : report.delta) {
        report.checks.push_back(deltaRowsCheck(d));

        auto u = check(
            "delta-caught-up:" + d.topic,
            "Delta table " + d.topic + ": committed offsets reach the topic's high watermarks");
        const auto it = now.find(d.topic);
        if (!targets.kafka || it == now.end() || !it->second.exists) {
            u.outcome = CheckOutcome::Failed;
            u.observed = unreadable(now, d.topic);
        } else {
            std::int64_t high = 0, lag = 0;
            for (std::size_t p = 0; p < it->second.partitions.size(); ++p) {
                const auto h = it->second.partitions[p].high;
                std::int64_t done = 0;
                for (const auto& dp : d.partitions)
                    if (dp.partition == static_cast<std::int32_t>(p)) done = dp.committedOffset + 1;
                high += h;
                lag += std::max<std::int64_t>(0, h - done);
            }
            u = deltaCaughtUpCheck(d, high, lag);
        }
        report.checks.push_back(std::move(u));
    }

    // ---- References: read each topic's fields once (this run's messages), and the fields of
    // topics that others refer to (the whole topic).
    std::map<std::string, std::set<std::string>> subjectFields, sourceFields;
    for (const auto& r : targets.rules) {
        subjectFields[r.topic].insert(r.field);
        if (!r.sourceIsTable) sourceFields[r.source].insert(r.sourceField);
    }
    std::map<std::string, FieldValues> subjects, sources;
    if (targets.kafka) {
        for (const auto& [topic, fields] : subjectFields) {
            const auto it = now.find(topic);
            if (it == now.end() || !it->second.exists) continue;
            const auto base = targets.baseline.find(topic);
            subjects[topic] = readFields(
                *targets.kafka, topic, base == targets.baseline.end() ? nullptr : &base->second,
                it->second, fields, targets.maxMessagesPerTopic, targets.timeout);
        }
        for (const auto& [topic, fields] : sourceFields) {
            const auto it = now.find(topic);
            if (it == now.end() || !it->second.exists) continue;
            // Lookups refer to what this run emitted: the topic from where it stood at the start.
            const auto base = targets.baseline.find(topic);
            sources[topic] = readFields(
                *targets.kafka, topic, base == targets.baseline.end() ? nullptr : &base->second,
                it->second, fields, targets.maxMessagesPerTopic, targets.timeout);
        }
    }
    for (const auto& rule : targets.rules) {
        const auto sourceName = rule.source + "." + rule.sourceField;
        auto c =
            check("references:" + rule.id(),
                  fmt::format("Every {}.{} refers to an existing {} {}", rule.topic, rule.field,
                              rule.sourceIsTable ? "row of" : "record of topic", sourceName));
        const auto sub = subjects.find(rule.topic);
        std::unordered_set<std::string> fromTopic;
        bool sourceDistinct = true;  // each source record has its own value of the field
        const std::unordered_set<std::string>* keys = nullptr;
        std::string why;
        if (!targets.kafka)
            why = "no Kafka connection to read the topics back";
        else if (sub == subjects.end())
            why = unreadable(now, rule.topic);
        else if (!sub->second.error.empty())
            why = sub->second.error;
        else if (sub->second.truncated)
            why =
                fmt::format("more than {} messages in {}", targets.maxMessagesPerTopic, rule.topic);
        if (rule.sourceIsTable) {
            if (const auto k = tableKeys.find(sourceName); k != tableKeys.end())
                keys = &k->second;
            else if (why.empty())
                why = "cannot read " + sourceName + ": " + tableKeyErrors[sourceName];
        } else if (const auto s = sources.find(rule.source);
                   s != sources.end() && s->second.error.empty()) {
            for (const auto& v : s->second.values[rule.sourceField])
                if (v && !fromTopic.insert(*v).second) sourceDistinct = false;
            keys = &fromTopic;
        } else if (why.empty()) {
            why = s != sources.end()
                      ? "topic " + rule.source + " cannot be read back: " + s->second.error
                      : unreadable(now, rule.source);
        }
        if (!why.empty() || !keys) {
            c.outcome = CheckOutcome::Failed;
            c.observed = why;
            report.checks.push_back(std::move(c));
            continue;
        }
        const auto& values = sub->second.values[rule.field];
        std::size_t missing = 0;
        std::string example;
        std::unordered_map<std::string, std::size_t> counts;
        for (const auto& v : values) {
            if (!v || !keys->count(*v)) {
                if (example.empty()) example = v ? *v : "null";
                ++missing;
                continue;
            }
            ++counts[*v];
        }
        const auto undecodable = sub->second.undecodable;
        c.figures["checked"] = static_cast<double>(values.size());
        c.figures["missing"] = static_cast<double>(missing);
        c.figures["undecodable"] = static_cast<double>(undecodable);
        c.figures["known"] = static_cast<double>(keys->size());
        // Source records generated but not acknowledged yet when the run was sampled: what a
        // missing reference may wait for while the run goes.
        std::uint64_t sourceInFlight = 0;
        for (const auto& g : report.generators)
            if (g.target == rule.source && g.table == rule.sourceIsTable)
                sourceInFlight += g.generated - std::min(g.generated, g.acknowledged + g.failed);
        c.figures["sourceInFlight"] = static_cast<double>(sourceInFlight);
        const bool pending =
            undecodable == 0 && referencesMayBeInFlight(missing, sourceInFlight, report.complete);
        c.outcome = missing == 0 && undecodable == 0 ? CheckOutcome::Passed
                    : pending                        ? CheckOutcome::Pending
                                                     : CheckOutcome::Failed;
        if (pending)
            c.observed = fmt::format(
                "{} of {} found, {} may be in flight ({} {} records not "
                "acknowledged yet); ",
                groupedCount(static_cast<double>(values.size() - missing)),
                groupedCount(static_cast<double>(values.size())),
                groupedCount(static_cast<double>(missing)),
                groupedCount(static_cast<double>(sourceInFlight)), rule.source);
        c.observed += fmt::format(
            "{} values checked against {} known; {} not found{}{}",
            groupedCount(static_cast<double>(values.size())),
            groupedCount(static_cast<double>(keys->size())),
            groupedCount(static_cast<double>(missing)),
            example.empty() ? "" : " (e.g. \"" + example + "\")",
            undecodable ? fmt::format("; {} messages not JSON objects", undecodable) : "");
        report.checks.push_back(std::move(c));

        // A unique lookup hands out each source record once: the field is distinct when it
        // identifies the record (booking_id), not when records share it (hotel_id).
        if (rule.unique && sourceDistinct) {
            auto u =
                check("distinct:" + rule.id(), fmt::format("Every {}.{} refers to a distinct {}",
                                                           rule.topic, rule.field, sourceName));
            std::size_t duplicates = 0;
            for (const auto& [v, n] : counts)
                duplicates += n - 1;
            u.figures["checked"] = static_cast<double>(values.size() - missing);
            u.figures["duplicates"] = static_cast<double>(duplicates);
            u.outcome = duplicates == 0 ? CheckOutcome::Passed : CheckOutcome::Failed;
            u.observed = fmt::format("{} references, {} distinct, {} repeated",
                                     groupedCount(static_cast<double>(values.size() - missing)),
                                     groupedCount(static_cast<double>(counts.size())),
                                     groupedCount(static_cast<double>(duplicates)));
            report.checks.push_back(std::move(u));
        }
        if (rule.hot) {
            auto h = check("repeat-share:" + rule.id(),
                           fmt::format("The busiest {:.0f} % of {} get {:.0f} % (± {:.0f} points) "
                                       "of {}.{}: repeat customers",
                                       rule.hot->populationShare * 100, rule.source,
                                       rule.hot->eventShare * 100, targets.shareTolerance * 100,
                                       rule.topic, rule.field));
            std::vector<std::size_t> sorted;
            std::size_t total = 0;
            for (const auto& [v, n] : counts) {
                sorted.push_back(n);
                total += n;
            }
            std::sort(sorted.rbegin(), sorted.rend());
            const auto hotRows = static_cast<std::size_t>(
                std::llround(rule.hot->populationShare * static_cast<double>(keys->size())));
            std::size_t hotEvents = 0;
            for (std::size_t i = 0; i < std::min(hotRows, sorted.size()); ++i)
                hotEvents += sorted[i];
            const double share =
                total ? static_cast<double>(hotEvents) / static_cast<double>(total) : 0;
            h.figures["events"] = static_cast<double>(total);
            h.figures["hotRows"] = static_cast<double>(hotRows);
            h.figures["observedShare"] = share;
            h.figures["intendedShare"] = rule.hot->eventShare;
            h.figures["tolerance"] = targets.shareTolerance;
            // The busiest rows stand for the hot set only when hot rows clearly out-count the
            // others: at least minEventsPerHotRow events per hot row are expected.
            const double perHotRow = hotRows ? static_cast<double>(total) * rule.hot->eventShare /
                                                   static_cast<double>(hotRows)
                                             : 0;
            h.figures["expectedEventsPerHotRow"] = perHotRow;
            if (total < targets.minEventsForShare || perHotRow < targets.minEventsPerHotRow) {
                h.outcome = CheckOutcome::Skipped;
                h.observed = fmt::format(
                    "{:.1f} % of {} events name the busiest {} of {} rows; too few events to "
                    "judge ({:.1f} expected per hot row, {} needed)",
                    share * 100, groupedCount(static_cast<double>(total)),
                    groupedCount(static_cast<double>(hotRows)),
                    groupedCount(static_cast<double>(keys->size())), perHotRow,
                    targets.minEventsPerHotRow);
            } else {
                h.outcome = std::abs(share - rule.hot->eventShare) <= targets.shareTolerance
                                ? CheckOutcome::Passed
                                : CheckOutcome::Failed;
                h.observed = fmt::format("{:.1f} % of {} events name the busiest {} of {} rows",
                                         share * 100, groupedCount(static_cast<double>(total)),
                                         groupedCount(static_cast<double>(hotRows)),
                                         groupedCount(static_cast<double>(keys->size())));
            }
            report.checks.push_back(std::move(h));
        }
    }

    // ---- Generators.
    {
        auto c = check("generator-failures", "No generator failed");
        std::uint64_t failed = 0;
        std::vector<std::string> failedStreams;
        for (const auto& g : report.generators) {
            failed += g.failed;
            if (g.failed || g.state == "failed") failedStreams.push_back(g.name);
        }
        c.figures["failedEvents"] = static_cast<double>(failed);
        c.figures["failedGenerators"] = static_cast<double>(failedStreams.size());
        const bool runFailed = report.state == "failed";
        c.outcome = failed == 0 && failedStreams.empty() && !runFailed ? CheckOutcome::Passed
                                                                       : CheckOutcome::Failed;
        std::string names;
        for (const auto& n : failedStreams)
            names += (names.empty() ? "" : ", ") + n;
        c.observed = fmt::format("{} failed events{}{}", groupedCount(static_cast<double>(failed)),
                                 names.empty() ? "" : " (" + names + ")",
                                 runFailed ? "; the run failed: " + report.error : "");
        report.checks.push_back(std::move(c));
    }
}

}  // namespace riverdelta::report
