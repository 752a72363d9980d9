#include "engine/kafka/java_properties.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>

#include "engine/core/utf8.h"
#include "engine/kafka/handles.h"
#include "engine/kafka/kafka_error.h"

namespace riverdelta::kafka {

namespace {

bool isPropertiesSpace(char c) {
    return c == ' ' || c == '\t' || c == '\f';
}

// Splits text into natural lines (\n, \r, \r\n).
std::vector<std::string_view> naturalLines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' || text[i] == '\r') {
            lines.push_back(text.substr(start, i - start));
            if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            start = i + 1;
        }
    }
    if (start < text.size()) lines.push_back(text.substr(start));
    return lines;
}

bool endsWithOddBackslashes(std::string_view line) {
    std::size_t n = 0;
    for (auto it = line.rbegin(); it != line.rend() && *it == '\\'; ++it)
        ++n;
    return n % 2 == 1;
}

// Resolves escapes in a key or value (the logical line has no continuations left).
std::string unescape(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    std::uint32_t pendingHigh = 0;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        char c = raw[i];
        if (c != '\\' || i + 1 >= raw.size()) {
            if (pendingHigh) core::appendUtf8(out, 0xFFFD), pendingHigh = 0;
            out += c;
            continue;
        }
        char e = raw[++i];
        if (e == 'u' && i + 4 < raw.size()) {
            std::uint32_t cp = 0;
            auto [ptr, ec] = std::from_chars(raw.data() + i + 1, raw.data() + i + 5, cp, 16);
            if (ec == std::errc() && ptr == raw.data() + i + 5) {
                i += 4;
                if (cp >= 0xD800 && cp < 0xDC00) {
                    if (pendingHigh) core::appendUtf8(out, 0xFFFD);
                    pendingHigh = cp;
                } else if (cp >= 0xDC00 && cp < 0xE000 && pendingHigh) {
                    core::appendUtf8(out, 0x10000 + ((pendingHigh - 0xD800) << 10) + (cp - 0xDC00));
                    pendingHigh = 0;
                } else {
                    if (pendingHigh) core::appendUtf8(out, 0xFFFD), pendingHigh = 0;
                    core::appendUtf8(out, cp);
                }
                continue;
            }
        }
        if (pendingHigh) core::appendUtf8(out, 0xFFFD), pendingHigh = 0;
        switch (e) {
            case 't':
                out += '\t';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 'f':
                out += '\f';
                break;
            default:
                out += e;  // \\ \= \: \# \! \  and any other character stand for themselves
        }
    }
    if (pendingHigh) core::appendUtf8(out, 0xFFFD);
    return out;
}

void putProperty(PropertyList& out, std::string key, std::string value) {
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == key; });
    if (it != out.end())
        it->second = std::move(value);
    else
        out.emplace_back(std::move(key), std::move(value));
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string trimmed(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(first, last - first + 1));
}

// Java client properties that have no librdkafka counterpart; they are ignored with a warning
// that says so (anything else librdkafka does not know is an error: "unknown", likely a typo).
constexpr std::array kJavaOnlyProperties{
    "buffer.memory",
    "max.block.ms",
    "partitioner.class",
    "partitioner.ignore.keys",
    "partitioner.adaptive.partitioning.enable",
    "partitioner.availability.timeout.ms",
    "interceptor.classes",
    "metric.reporters",
    "metrics.num.samples",
    "metrics.recording.level",
    "metrics.sample.window.ms",
    "receive.buffer.bytes",
    "send.buffer.bytes",
    "reconnect.backoff.max.ms",
    "retry.backoff.max.ms",
    "sasl.login.callback.handler.class",
    "sasl.client.callback.handler.class",
    "sasl.login.class",
    "sasl.login.refresh.buffer.seconds",
    "sasl.login.refresh.min.period.seconds",
    "sasl.login.refresh.window.factor",
    "sasl.login.refresh.window.jitter",
    "sasl.login.connect.timeout.ms",
    "sasl.login.read.timeout.ms",
    "sasl.login.retry.backoff.ms",
    "sasl.login.retry.backoff.max.ms",
    "security.providers",
    "ssl.protocol",
    "ssl.enabled.protocols",
    "ssl.provider",
    "ssl.keymanager.algorithm",
    "ssl.trustmanager.algorithm",
    "ssl.secure.random.implementation",
    "ssl.engine.factory.class",
    "transaction.timeout.ms",
    "auto.include.jmx.reporter",
    "key.deserializer",
    "value.deserializer",
    "default.api.timeout.ms",
    "exclude.internal.topics",
    "client.rack",
    "metadata.max.idle.ms",
    "socket.connection.setup.timeout.ms",
    "socket.connection.setup.timeout.max.ms",
    "enable.metrics.push",
    "compression.gzip.level",
    "compression.lz4.level",
    "compression.zstd.level",
};

bool isJavaOnly(std::string_view key) {
    return std::find(kJavaOnlyProperties.begin(), kJavaOnlyProperties.end(), key) !=
           kJavaOnlyProperties.end();
}

// Confluent serializer settings we do not act on (the subject is always <topic>-key/-value).
constexpr std::array kSerializerSettingPrefixes{
    "use.latest.",
    "latest.",
    "normalize.schemas",
    "avro.",
    "json.",
    "bearer.auth.",
    "key.subject.",
    "value.subject.",
    "schema.reflection",
    "context.name.strategy",
    "use.schema.id",
    "id.compatibility.strict",
    "schema.registry.ssl.",
    "schema.registry.",
    "basic.auth.",
};

enum class ProbeResult { Ok, Unknown, Invalid };

ProbeResult probeLibrdkafka(const std::string& key, const std::string& value, std::string& error) {
    ConfHandle scratch(rd_kafka_conf_new());
    char err[512] = {0};
    auto res = rd_kafka_conf_set(scratch.get(), key.c_str(), value.c_str(), err, sizeof err);
    error = err;
    if (res == RD_KAFKA_CONF_OK) return ProbeResult::Ok;
    return res == RD_KAFKA_CONF_UNKNOWN ? ProbeResult::Unknown : ProbeResult::Invalid;
}

Serializer requireSerializer(const std::string& key, const std::string& className) {
    if (auto s = serializerFromJavaClass(className)) return *s;
    throw KafkaError(key + ": serializer " + className +
                         " is not supported; use io.shadowtraffic.kafka.serdes.JsonSerializer, "
                         "org.apache.kafka.common.serialization.StringSerializer or "
                         "io.confluent.kafka.serializers.KafkaAvroSerializer",
                     RD_KAFKA_RESP_ERR__INVALID_ARG);
}

// Takes `user:password@` out of a URL; returns the URL without it.
std::string stripUserInfo(const std::string& url, std::string* user, std::string* password) {
    const auto scheme = url.find("://");
    const auto hostStart = scheme == std::string::npos ? 0 : scheme + 3;
    const auto slash = url.find('/', hostStart);
    const auto at = url.rfind('@', slash == std::string::npos ? url.size() : slash);
    if (at == std::string::npos || at < hostStart) return url;
    const std::string info = url.substr(hostStart, at - hostStart);
    const auto colon = info.find(':');
    if (user) *user = info.substr(0, colon);
    if (password && colon != std::string::npos) *password = info.substr(colon + 1);
    return url.substr(0, hostStart) + url.substr(at + 1);
}

}  // namespace

PropertyList parseJavaProperties(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 BOM
    PropertyList out;
    const auto lines = naturalLines(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string_view line = lines[i];
        std::size_t p = 0;
        while (p < line.size() && isPropertiesSpace(line[p]))
            ++p;
        if (p == line.size()) continue;                  // blank
        if (line[p] == '#' || line[p] == '!') continue;  // comment (never continued)
        // Join continuation lines: a line ending in an odd number of backslashes continues on
        // the next one, whose leading whitespace is dropped.
        std::string logical(line.substr(p));
        while (endsWithOddBackslashes(logical) && i + 1 < lines.size()) {
            logical.pop_back();
            std::string_view next = lines[++i];
            std::size_t q = 0;
            while (q < next.size() && isPropertiesSpace(next[q]))
                ++q;
            logical.append(next.substr(q));
        }
        if (endsWithOddBackslashes(logical)) logical.pop_back();  // continuation at end of file
        // Key: up to the first unescaped '=', ':' or whitespace.
        std::size_t k = 0;
        while (k < logical.size()) {
            char c = logical[k];
            if (c == '\\') {
                k += 2;
                continue;
            }
            if (c == '=' || c == ':' || isPropertiesSpace(c)) break;
            ++k;
        }
        std::size_t v = std::min(k, logical.size());
        while (v < logical.size() && isPropertiesSpace(logical[v]))
            ++v;
        if (v < logical.size() && (logical[v] == '=' || logical[v] == ':')) ++v;
        while (v < logical.size() && isPropertiesSpace(logical[v]))
            ++v;
        putProperty(out, unescape(std::string_view(logical).substr(0, std::min(k, logical.size()))),
                    unescape(std::string_view(logical).substr(v)));
    }
    return out;
}

const char* toString(Serializer serializer) {
    switch (serializer) {
        case Serializer::Json:
            return "json";
        case Serializer::String:
            return "string";
        case Serializer::Avro:
            return "avro";
        case Serializer::ByteArray:
            return "bytes";
    }
    return "json";
}

std::optional<Serializer> serializerFromJavaClass(std::string_view className) {
    const std::string name = trimmed(className);
    if (name == "io.shadowtraffic.kafka.serdes.JsonSerializer" ||
        name == "io.confluent.kafka.serializers.KafkaJsonSerializer" ||
        name == "org.springframework.kafka.support.serializer.JsonSerializer")
        return Serializer::Json;
    if (name == "org.apache.kafka.common.serialization.StringSerializer") return Serializer::String;
    if (name == "io.confluent.kafka.serializers.KafkaAvroSerializer") return Serializer::Avro;
    if (name == "org.apache.kafka.common.serialization.ByteArraySerializer" ||
        name == "org.apache.kafka.common.serialization.BytesSerializer" ||
        name == "org.apache.kafka.common.serialization.ByteBufferSerializer")
        return Serializer::ByteArray;
    return std::nullopt;
}

std::optional<JaasCredentials> parseJaasConfig(std::string_view jaas) {
    JaasCredentials out;
    std::size_t i = 0;
    auto skipSpace = [&] {
        while (i < jaas.size() && std::isspace(static_cast<unsigned char>(jaas[i])))
            ++i;
    };
    auto word = [&] {
        std::size_t start = i;
        while (i < jaas.size() && !std::isspace(static_cast<unsigned char>(jaas[i])) &&
               jaas[i] != '=' && jaas[i] != ';')
            ++i;
        return std::string(jaas.substr(start, i - start));
    };
    skipSpace();
    out.loginModule = word();
    skipSpace();
    const std::string flag = lower(word());
    if (out.loginModule.empty() ||
        (flag != "required" && flag != "requisite" && flag != "sufficient" && flag != "optional"))
        return std::nullopt;
    for (;;) {
        skipSpace();
        if (i >= jaas.size() || jaas[i] == ';') break;
        const std::string key = word();
        skipSpace();
        if (i >= jaas.size() || jaas[i] != '=') return std::nullopt;
        ++i;
        skipSpace();
        std::string value;
        if (i < jaas.size() && (jaas[i] == '"' || jaas[i] == '\'')) {
            const char quote = jaas[i++];
            bool closed = false;
            while (i < jaas.size()) {
                char c = jaas[i++];
                if (c == '\\' && i < jaas.size()) {
                    value += jaas[i++];
                } else if (c == quote) {
                    closed = true;
                    break;
                } else {
                    value += c;
                }
            }
            if (!closed) return std::nullopt;
        } else {
            value = word();
        }
        if (key == "username") out.username = value;
        if (key == "password") out.password = value;
    }
    return out;
}

JavaClientTranslation translateJavaClientProperties(const PropertyList& properties) {
    JavaClientTranslation t;
    std::string credentialsSource;
    std::string userInfo;
    bool haveUserInfo = false;
    std::optional<JaasCredentials> jaas;
    std::string jaasKey;

    for (const auto& [rawKey, rawValue] : properties) {
        const std::string key = trimmed(rawKey);
        const std::string value = trimmed(rawValue);
        if (key.empty()) continue;

        if (key == "bootstrap.servers") {
            t.kafka.bootstrapServers = value;
        } else if (key == "key.serializer") {
            t.keySerializer = requireSerializer(key, value);
        } else if (key == "value.serializer") {
            t.valueSerializer = requireSerializer(key, value);
        } else if (key == "sasl.jaas.config") {
            jaas = parseJaasConfig(value);
            if (!jaas) {
                t.warnings.push_back(
                    "sasl.jaas.config ignored: not of the form '<LoginModule> required "
                    "username=\"...\" password=\"...\";'");
            } else if (jaas->loginModule.find("OAuthBearerLoginModule") != std::string::npos) {
                t.warnings.push_back(
                    "sasl.jaas.config ignored: OAUTHBEARER login modules are not translated; "
                    "set librdkafka's sasl.oauthbearer.* properties instead");
                jaas.reset();
            } else if (jaas->loginModule.find("PlainLoginModule") == std::string::npos &&
                       jaas->loginModule.find("ScramLoginModule") == std::string::npos) {
                t.warnings.push_back("sasl.jaas.config ignored: login module " + jaas->loginModule +
                                     " is not supported (PLAIN and SCRAM are)");
                jaas.reset();
            } else if (jaas->username.empty()) {
                t.warnings.push_back("sasl.jaas.config has no username");
            }
        } else if (key == "sasl.mechanism" || key == "sasl.mechanisms") {
            t.kafka.set("sasl.mechanisms", value);
        } else if (key == "schema.registry.url") {
            std::string url = value;
            if (auto comma = url.find(','); comma != std::string::npos) {
                t.warnings.push_back(
                    "schema.registry.url lists several URLs; only the first one is used");
                url = trimmed(url.substr(0, comma));
            }
            while (url.ends_with('/'))
                url.pop_back();
            t.registry.url = url;
        } else if (key == "basic.auth.credentials.source" ||
                   key == "schema.registry.basic.auth.credentials.source") {
            credentialsSource = value;
        } else if (key == "basic.auth.user.info" || key == "schema.registry.basic.auth.user.info") {
            userInfo = value;
            haveUserInfo = true;
        } else if (key == "auto.register.schemas") {
            t.autoRegisterSchemas = lower(value) != "false";
        } else if (key == "key.subject.name.strategy" || key == "value.subject.name.strategy") {
            if (value.find("TopicNameStrategy") == std::string::npos)
                t.warnings.push_back(key + " ignored: subjects are always <topic>-key and " +
                                     "<topic>-value (TopicNameStrategy)");
        } else if (key == "client.dns.lookup") {
            if (value == "use_all_dns_ips" || value == "default")
                t.notes.push_back("client.dns.lookup=" + value +
                                  ": librdkafka already tries every address a name resolves to");
            else
                t.warnings.push_back("client.dns.lookup=" + value +
                                     " ignored: librdkafka has no such setting");
        } else if (key == "buffer.memory") {
            long long bytes = 0;
            auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), bytes);
            if (ec != std::errc() || bytes <= 0) {
                t.warnings.push_back("buffer.memory ignored: not a positive number");
            } else {
                const long long kb = std::clamp((bytes + 1023) / 1024, 1LL, 2147483647LL);
                t.kafka.set("queue.buffering.max.kbytes", std::to_string(kb));
                t.notes.push_back("buffer.memory → queue.buffering.max.kbytes=" +
                                  std::to_string(kb));
            }
        } else if (key == "max.request.size") {
            t.kafka.set("message.max.bytes", value);
            t.notes.push_back("max.request.size → message.max.bytes");
        } else if (key == "ssl.endpoint.identification.algorithm") {
            t.kafka.set(key, value.empty() ? "none" : lower(value));
        } else if (key.starts_with("ssl.truststore.") ||
                   (key.starts_with("ssl.keystore.") && key != "ssl.keystore.location" &&
                    key != "ssl.keystore.password")) {
            t.warnings.push_back(key +
                                 " ignored: Java trust/key stores are not used by librdkafka; it "
                                 "trusts the system CA store (set ssl.ca.location to a PEM file "
                                 "for a private CA)");
        } else if (isJavaOnly(key)) {
            t.warnings.push_back(key + " ignored: Java client property with no librdkafka " +
                                 "equivalent");
        } else if (std::any_of(kSerializerSettingPrefixes.begin(), kSerializerSettingPrefixes.end(),
                               [&](std::string_view p) { return key.starts_with(p); })) {
            t.warnings.push_back(key + " ignored: serializer setting Riverdelta does not use");
        } else {
            std::string error;
            switch (probeLibrdkafka(key, value, error)) {
                case ProbeResult::Ok:
                    t.kafka.set(key, value);
                    break;
                case ProbeResult::Unknown:
                    // Neither librdkafka nor the Java client knows it: most likely a typo, and
                    // running without the setting the user meant would be worse than stopping.
                    throw KafkaError("unknown Kafka property " + key +
                                         ": neither a librdkafka property nor a known Java "
                                         "client setting (misspelt?)",
                                     RD_KAFKA_RESP_ERR__INVALID_ARG);
                case ProbeResult::Invalid:
                    throw KafkaError(
                        "Kafka property " + key + "=" + ClientConfig::redact(key, value) + ": " +
                            (ClientConfig::isSecret(key) ? std::string("invalid value") : error),
                        RD_KAFKA_RESP_ERR__INVALID_ARG);
            }
        }
    }

    if (jaas) {
        t.kafka.set("sasl.username", jaas->username);
        t.kafka.set("sasl.password", jaas->password);
        if (!t.kafka.find("sasl.mechanisms")) {
            if (jaas->loginModule.find("PlainLoginModule") != std::string::npos)
                t.kafka.set("sasl.mechanisms", "PLAIN");
            else
                t.warnings.push_back(
                    "sasl.jaas.config uses SCRAM but sasl.mechanism is not set (SCRAM-SHA-256 or "
                    "SCRAM-SHA-512)");
        }
    }

    // Schema Registry credentials: USER_INFO (the default when user info is given), URL or
    // SASL_INHERIT, as the Confluent serializers read them.
    const std::string source = credentialsSource.empty() ? "USER_INFO" : credentialsSource;
    if (source == "USER_INFO") {
        if (haveUserInfo) {
            const auto colon = userInfo.find(':');
            t.registry.username = userInfo.substr(0, colon);
            if (colon != std::string::npos) t.registry.password = userInfo.substr(colon + 1);
        }
    } else if (source == "URL") {
        t.registry.url = stripUserInfo(t.registry.url, &t.registry.username, &t.registry.password);
    } else if (source == "SASL_INHERIT") {
        if (const auto* u = t.kafka.find("sasl.username")) t.registry.username = *u;
        if (const auto* p = t.kafka.find("sasl.password")) t.registry.password = *p;
    } else {
        t.warnings.push_back("basic.auth.credentials.source=" + source +
                             " ignored: only USER_INFO, URL and SASL_INHERIT are supported");
    }
    if (source != "URL" && t.registry.url.find('@') != std::string::npos) {
        // Never keep credentials inside the URL: it is shown in messages.
        std::string user, password;
        t.registry.url = stripUserInfo(t.registry.url, &user, &password);
        if (t.registry.username.empty()) {
            t.registry.username = user;
            t.registry.password = password;
        }
    }
    if (t.registry.url.empty() && (haveUserInfo || !credentialsSource.empty()))
        t.warnings.push_back("Schema Registry credentials given without schema.registry.url");
    return t;
}

JavaClientTranslation translateJavaClientProperties(std::string_view propertiesText) {
    return translateJavaClientProperties(parseJavaProperties(propertiesText));
}

JavaClientTranslation translateShadowTrafficConnection(const nlohmann::json& connection) {
    if (!connection.is_object())
        throw KafkaError("Kafka connection: expected a JSON object",
                         RD_KAFKA_RESP_ERR__INVALID_ARG);
    const nlohmann::json* configs = &connection;
    if (auto it = connection.find("producerConfigs"); it != connection.end()) {
        if (!it->is_object())
            throw KafkaError("Kafka connection: producerConfigs must be an object",
                             RD_KAFKA_RESP_ERR__INVALID_ARG);
        configs = &*it;
    } else if (connection.contains("kind")) {
        throw KafkaError("Kafka connection: no producerConfigs", RD_KAFKA_RESP_ERR__INVALID_ARG);
    }
    PropertyList list;
    for (const auto& [key, value] : configs->items()) {
        if (value.is_string())
            list.emplace_back(key, value.get<std::string>());
        else if (value.is_boolean())
            list.emplace_back(key, value.get<bool>() ? "true" : "false");
        else if (value.is_number_integer())
            list.emplace_back(key, std::to_string(value.get<long long>()));
        else if (value.is_number())
            list.emplace_back(key, value.dump());
        else if (value.is_null())
            continue;
        else
            throw KafkaError(
                "Kafka connection: producerConfigs." + key + " must be a string, number or boolean",
                RD_KAFKA_RESP_ERR__INVALID_ARG);
    }
    return translateJavaClientProperties(list);
}

}  // namespace riverdelta::kafka
