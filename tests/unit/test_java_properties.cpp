#include <QtTest>
#include <nlohmann/json.hpp>

#include "engine/kafka/java_properties.h"
#include "engine/kafka/kafka_error.h"
#include "support/enum_name.h"

using namespace riverdelta;
using kafka::Serializer;

namespace {

// The shape Confluent Cloud's console hands out ("Java" client), keys and secrets made up.
// (Plain literals: moc misreads lines starting with # inside raw strings.)
constexpr std::string_view kConfluentCloudClientProperties =
    "# Required connection configs for Kafka producer, consumer, and admin\n"
    "bootstrap.servers=pkc-12576z.us-west2.gcp.confluent.cloud:9092\n"
    "security.protocol=SASL_SSL\n"
    "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
    "username='QWERTYUIOPASDFGH' password='cfltS3cr3t+/AbCdEf0123456789xyzXYZ';\n"
    "sasl.mechanism=PLAIN\n"
    "# Required for correctness in Apache Kafka clients prior to 2.6\n"
    "client.dns.lookup=use_all_dns_ips\n"
    "\n"
    "# Best practice for higher availability in Apache Kafka clients prior to 3.0\n"
    "session.timeout.ms=45000\n"
    "\n"
    "# Best practice for Kafka producer to prevent data loss\n"
    "acks=all\n"
    "\n"
    "# Required connection configs for Confluent Cloud Schema Registry\n"
    "schema.registry.url=https://psrc-4j1d2.westus2.azure.confluent.cloud\n"
    "basic.auth.credentials.source=USER_INFO\n"
    "basic.auth.user.info=SRKEY0123456789A:srS3cret/with:colon\n";

constexpr std::string_view kShadowTrafficConnection =
    "{\n"
    "  \"kind\": \"kafka\",\n"
    "  \"producerConfigs\": {\n"
    "    \"bootstrap.servers\": \"broker-1:9092,broker-2:9092\",\n"
    "    \"key.serializer\": \"io.shadowtraffic.kafka.serdes.JsonSerializer\",\n"
    "    \"value.serializer\": \"io.confluent.kafka.serializers.KafkaAvroSerializer\",\n"
    "    \"schema.registry.url\": \"http://registry:8081/\",\n"
    "    \"linger.ms\": 20,\n"
    "    \"batch.size\": 65536,\n"
    "    \"enable.idempotence\": true,\n"
    "    \"compression.type\": \"zstd\",\n"
    "    \"buffer.memory\": 33554432,\n"
    "    \"max.block.ms\": 60000,\n"
    "    \"interceptor.classes\": "
    "\"io.confluent.monitoring.clients.interceptor.MonitoringProducerInterceptor\",\n"
    "    \"ssl.truststore.password\": \"trustme-secret\"\n"
    "  }\n"
    "}\n";

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines)
        out += l + "\n";
    return out;
}

std::string prop(const kafka::ClientConfig& c, std::string_view key) {
    const auto* v = c.find(key);
    return v ? *v : std::string("<unset>");
}

}  // namespace

class JavaPropertiesTest : public QObject {
    Q_OBJECT
  private slots:
    void parsesTheJavaPropertiesFormat() {
        const std::string text =
            "# comment\r\n"
            "! also a comment \\\n"
            "plain=value\n"
            "  indented.key  =  spaced value  \n"
            "colon.key: colon value\n"
            "space.key space value\n"
            "empty.key=\n"
            "bare.key\n"
            "escaped\\=key=a\\=b\\:c\n"
            "escapes=tab\\there\\nnew\\\\back \\u00e9\\uD83D\\uDE00\n"
            "continued=first, \\\n"
            "          second, \\\n"
            "\tthird\n"
            "even.backslashes=ends with \\\\\n"
            "next=after even\n"
            "dup=1\n"
            "dup=2\n";
        const auto props = kafka::parseJavaProperties(text);
        auto get = [&](std::string_view k) -> std::string {
            for (const auto& [key, value] : props)
                if (key == k) return value;
            return "<missing>";
        };
        QCOMPARE(get("plain"), std::string("value"));
        QCOMPARE(get("indented.key"), std::string("spaced value  "));
        QCOMPARE(get("colon.key"), std::string("colon value"));
        QCOMPARE(get("space.key"), std::string("space value"));
        QCOMPARE(get("empty.key"), std::string(""));
        QCOMPARE(get("bare.key"), std::string(""));
        QCOMPARE(get("escaped=key"), std::string("a=b:c"));
        QCOMPARE(get("escapes"), std::string("tab\there\nnew\\back \xC3\xA9\xF0\x9F\x98\x80"));
        QCOMPARE(get("continued"), std::string("first, second, third"));
        QCOMPARE(get("even.backslashes"), std::string("ends with \\"));
        QCOMPARE(get("next"), std::string("after even"));
        QCOMPARE(get("dup"), std::string("2"));
        // The comment ending in a backslash does not swallow the next line.
        QCOMPARE(props.front().first, std::string("plain"));
        QCOMPARE(props.size(), std::size_t(12));
    }

    void parsesJaasConfigs() {
        auto plain = kafka::parseJaasConfig(
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\" "
            "password=\"p\\\"w;d\";");
        QVERIFY(plain);
        QCOMPARE(plain->username, std::string("alice"));
        QCOMPARE(plain->password, std::string("p\"w;d"));
        auto single = kafka::parseJaasConfig(
            "org.apache.kafka.common.security.scram.ScramLoginModule required\n"
            "  username='bob'\n  password='x y';");
        QVERIFY(single);
        QCOMPARE(single->loginModule,
                 std::string("org.apache.kafka.common.security.scram.ScramLoginModule"));
        QCOMPARE(single->password, std::string("x y"));
        QVERIFY(!kafka::parseJaasConfig("username=alice"));
        QVERIFY(!kafka::parseJaasConfig("Module required username=\"unterminated"));
    }

    void translatesConfluentCloudClientProperties() {
        const auto t = kafka::translateJavaClientProperties(kConfluentCloudClientProperties);
        QCOMPARE(t.kafka.bootstrapServers,
                 std::string("pkc-12576z.us-west2.gcp.confluent.cloud:9092"));
        QCOMPARE(prop(t.kafka, "security.protocol"), std::string("SASL_SSL"));
        QCOMPARE(prop(t.kafka, "sasl.mechanisms"), std::string("PLAIN"));
        QCOMPARE(prop(t.kafka, "sasl.username"), std::string("QWERTYUIOPASDFGH"));
        QCOMPARE(prop(t.kafka, "sasl.password"), std::string("cfltS3cr3t+/AbCdEf0123456789xyzXYZ"));
        QCOMPARE(prop(t.kafka, "acks"), std::string("all"));
        QCOMPARE(prop(t.kafka, "session.timeout.ms"), std::string("45000"));
        QVERIFY(!t.kafka.find("sasl.jaas.config"));
        QVERIFY(!t.kafka.find("client.dns.lookup"));
        QVERIFY2(t.warnings.empty(), joined(t.warnings).c_str());
        QCOMPARE(t.notes.size(), std::size_t(1));
        QVERIFY(t.notes[0].find("client.dns.lookup") != std::string::npos);
        QCOMPARE(t.registry.url, std::string("https://psrc-4j1d2.westus2.azure.confluent.cloud"));
        QCOMPARE(t.registry.username, std::string("SRKEY0123456789A"));
        QCOMPARE(t.registry.password, std::string("srS3cret/with:colon"));
        QVERIFY(!t.keySerializer && !t.valueSerializer);

        // The result builds into a real librdkafka configuration.
        auto producerConfig = t.kafka.forRole(kafka::ClientRole::Producer);
        QVERIFY(!producerConfig.find("session.timeout.ms"));
        QVERIFY(producerConfig.find("acks"));
        auto consumerConfig = t.kafka.forRole(kafka::ClientRole::Consumer);
        QVERIFY(consumerConfig.find("session.timeout.ms"));
        QVERIFY(!consumerConfig.find("acks"));
        kafka::ConfHandle conf = producerConfig.build();
        QVERIFY(conf);
    }

    void translatesAShadowTrafficConnection() {
        const auto t = kafka::translateShadowTrafficConnection(
            nlohmann::json::parse(kShadowTrafficConnection));
        QCOMPARE(t.kafka.bootstrapServers, std::string("broker-1:9092,broker-2:9092"));
        QCOMPARE(testing::nameOf(t.keySerializer.value()), testing::nameOf(Serializer::Json));
        QCOMPARE(testing::nameOf(t.valueSerializer.value()), testing::nameOf(Serializer::Avro));
        QCOMPARE(t.registry.url, std::string("http://registry:8081"));
        QVERIFY(!t.registry.hasCredentials());
        QCOMPARE(prop(t.kafka, "linger.ms"), std::string("20"));
        QCOMPARE(prop(t.kafka, "batch.size"), std::string("65536"));
        QCOMPARE(prop(t.kafka, "enable.idempotence"), std::string("true"));
        QCOMPARE(prop(t.kafka, "compression.type"), std::string("zstd"));
        QCOMPARE(prop(t.kafka, "queue.buffering.max.kbytes"), std::string("32768"));
        const std::string warnings = joined(t.warnings);
        QVERIFY2(warnings.find("max.block.ms ignored") != std::string::npos, warnings.c_str());
        QVERIFY2(warnings.find("interceptor.classes ignored") != std::string::npos,
                 warnings.c_str());
        QVERIFY2(warnings.find("ssl.truststore.password ignored") != std::string::npos,
                 warnings.c_str());
        QVERIFY2(warnings.find("trustme-secret") == std::string::npos, warnings.c_str());
        QCOMPARE(t.warnings.size(), std::size_t(3));
        QVERIFY(t.kafka.build());
    }

    void serializerClassesMapToOurSerialisation() {
        QCOMPARE(kafka::serializerFromJavaClass("io.shadowtraffic.kafka.serdes.JsonSerializer"),
                 std::optional(Serializer::Json));
        QCOMPARE(kafka::serializerFromJavaClass(
                     "org.apache.kafka.common.serialization.StringSerializer"),
                 std::optional(Serializer::String));
        QCOMPARE(
            kafka::serializerFromJavaClass("io.confluent.kafka.serializers.KafkaAvroSerializer"),
            std::optional(Serializer::Avro));
        QVERIFY(!kafka::serializerFromJavaClass(
            "io.confluent.kafka.serializers.protobuf.KafkaProtobufSerializer"));
        try {
            kafka::translateJavaClientProperties(
                "value.serializer=io.confluent.kafka.serializers.protobuf.KafkaProtobufSerializer");
            QFAIL("expected an error");
        } catch (const kafka::KafkaError& e) {
            QVERIFY2(std::string(e.what()).find("KafkaProtobufSerializer is not supported") !=
                         std::string::npos,
                     e.what());
        }
    }

    void registryCredentialsFromUrlAndSaslInherit() {
        auto url = kafka::translateJavaClientProperties(
            "schema.registry.url=https://user:pa%3Ass@sr.example.com:8081/\n"
            "basic.auth.credentials.source=URL\n");
        QCOMPARE(url.registry.url, std::string("https://sr.example.com:8081"));
        QCOMPARE(url.registry.username, std::string("user"));
        QCOMPARE(url.registry.password, std::string("pa%3Ass"));

        auto inherit = kafka::translateJavaClientProperties(
            "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
            "username=\"k\" password=\"s\";\n"
            "schema.registry.url=https://sr.example.com\n"
            "basic.auth.credentials.source=SASL_INHERIT\n");
        QCOMPARE(inherit.registry.username, std::string("k"));
        QCOMPARE(inherit.registry.password, std::string("s"));
    }

    void badValuesFailCleanlyWithoutSecrets() {
        try {
            kafka::translateJavaClientProperties("acks=sometimes\n");
            QFAIL("expected an error");
        } catch (const kafka::KafkaError& e) {
            QVERIFY2(std::string(e.what()).find("acks") != std::string::npos, e.what());
        }
        // librdkafka-style files pass through unchanged, secrets included (in memory only).
        auto native = kafka::translateJavaClientProperties(
            "bootstrap.servers=b:9092\nsasl.username=u\nsasl.password=topsecret\n");
        QCOMPARE(prop(native.kafka, "sasl.password"), std::string("topsecret"));
        QVERIFY(native.warnings.empty());
        // A name neither librdkafka nor the Java client knows is a typo: an error naming it.
        try {
            kafka::translateJavaClientProperties(
                "bootstrap.servers=b:9092\nsasl.password=topsecret\nlinger.mss=5\n");
            QFAIL("expected an error for linger.mss");
        } catch (const kafka::KafkaError& e) {
            const std::string what = e.what();
            QVERIFY2(what.find("linger.mss") != std::string::npos, e.what());
            QVERIFY2(what.find("topsecret") == std::string::npos, e.what());
        }
        // An OAuth JAAS config is reported, never echoed.
        auto oauth = kafka::translateJavaClientProperties(
            "sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule "
            "required clientSecret='oauth-secret-value';\n");
        QCOMPARE(oauth.warnings.size(), std::size_t(1));
        QVERIFY(oauth.warnings[0].find("oauth-secret-value") == std::string::npos);
        QVERIFY(!oauth.kafka.find("sasl.password"));
    }

    void librdkafkaPropertyScopes() {
        QCOMPARE(kafka::librdkafkaPropertyScope("linger.ms"),
                 std::optional(kafka::PropertyScope::Producer));
        QCOMPARE(kafka::librdkafkaPropertyScope("group.id"),
                 std::optional(kafka::PropertyScope::Consumer));
        QCOMPARE(kafka::librdkafkaPropertyScope("bootstrap.servers"),
                 std::optional(kafka::PropertyScope::Any));
        QVERIFY(!kafka::librdkafkaPropertyScope("buffer.memory"));
    }
};

QTEST_GUILESS_MAIN(JavaPropertiesTest)
#include "test_java_properties.moc"
