#include <QtTest>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/avro/avro_encoder.h"
#include "engine/avro/confluent_serializer.h"
#include "engine/core/process.h"
#include "engine/kafka/producer.h"
#include "engine/registry/schema_registry.h"
#include "support/iso_time.h"
#include "support/test_env.h"

using namespace riverdelta;
using nlohmann::json;
using riverdelta::testing::civil;
using riverdelta::testing::isoFromMillis;

namespace {

const char* kBookingSchema = R"({"type": "record", "name": "Booking", "namespace": "riverhotels",
  "fields": [
    {"name": "booking_id", "type": "string"},
    {"name": "customer_id", "type": "long"},
    {"name": "hotel", "type": {"type": "record", "name": "Hotel", "fields": [
        {"name": "hotel_id", "type": "string"},
        {"name": "city", "type": ["null", "string"], "default": null}]}},
    {"name": "room_type", "type": {"type": "enum", "name": "RoomType",
        "symbols": ["SINGLE", "DOUBLE", "SUITE"]}},
    {"name": "nights", "type": "int"},
    {"name": "price", "type": "double"},
    {"name": "rating", "type": ["null", "float"], "default": null},
    {"name": "paid", "type": "boolean"},
    {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10,
        "scale": 2}},
    {"name": "booked_at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
    {"name": "check_in", "type": {"type": "int", "logicalType": "date"}},
    {"name": "local_time", "type": {"type": "long", "logicalType": "local-timestamp-millis"}},
    {"name": "tags", "type": {"type": "array", "items": "string"}},
    {"name": "extras", "type": {"type": "map", "values": "int"}},
    {"name": "notes", "type": ["null", "string"], "default": null}
  ]})";

std::string decimalText(std::int64_t cents) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%lld.%02lld", cents < 0 ? "-" : "",
                  static_cast<long long>(std::llabs(cents) / 100),
                  static_cast<long long>(std::llabs(cents) % 100));
    return buf;
}

// Record i as the generator would hand it over (JSON), and as fastavro prints it back.
std::pair<json, json> booking(int i) {
    const std::int64_t bookedMs = 1'714'571'100'250LL + i * 3'600'123LL;
    const std::int64_t localMs = 1'700'000'000'000LL - i * 1001LL;
    const std::int32_t checkIn = 19'844 + i;
    const std::int64_t cents = (i % 7 == 3) ? -(i * 5) : i * 12'345 + 7;
    const char* rooms[] = {"SINGLE", "DOUBLE", "SUITE"};
    json in = {{"booking_id", "B-" + std::to_string(i) + (i % 5 == 0 ? " é ✓ 🏨" : "")},
               {"customer_id", (i % 2 ? 1 : -1) * (1'000'000'000'000LL + i)},
               {"hotel", {{"hotel_id", "H" + std::to_string(i % 13)}}},
               {"room_type", rooms[i % 3]},
               {"nights", i % 14},
               {"price", 49.5 + i * 0.25},
               {"paid", i % 3 == 0},
               {"tags", json::array()},
               {"extras", json::object()}};
    if (i % 4 != 0) in["hotel"]["city"] = i % 4 == 1 ? "Lyon" : "Zürich";
    if (i % 3 != 1) in["rating"] = 0.5 * (i % 10);
    // Alternate the forms a generator may use: numbers, decimal strings, ISO strings.
    in["amount"] = i % 2 ? json(decimalText(cents)) : json(static_cast<double>(cents) / 100.0);
    in["booked_at"] = i % 2 ? json(bookedMs) : json(isoFromMillis(bookedMs, false) + "Z");
    in["check_in"] = i % 2 ? json(checkIn) : json(civil(checkIn));
    in["local_time"] = i % 2 ? json(localMs) : json(isoFromMillis(localMs, false));
    for (int t = 0; t < i % 4; ++t)
        in["tags"].push_back("tag" + std::to_string(t));
    for (int e = 0; e < i % 3; ++e)
        in["extras"]["x" + std::to_string(e)] = e * i - 7;
    if (i % 6 == 5) in["notes"] = std::string(300 + i, 'n');

    json out = in;
    out["hotel"]["city"] = in["hotel"].value("city", json(nullptr));
    out["rating"] = in.value("rating", json(nullptr));
    out["notes"] = in.value("notes", json(nullptr));
    out["amount"] = decimalText(cents);
    out["booked_at"] = isoFromMillis(bookedMs, true);
    out["check_in"] = civil(checkIn);
    out["local_time"] = isoFromMillis(localMs, false);
    return {in, out};
}

std::vector<json> jsonLines(const std::string& text) {
    std::vector<json> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] == '{') out.push_back(json::parse(line));
    return out;
}

}  // namespace

class AvroRoundTripTest : public QObject {
    Q_OBJECT
  private slots:
    void fastavroDecodesWhatWeEncode() {
        RD_REQUIRE_ENV(python, "RIVERDELTA_TEST_PYTHON");
        constexpr int kRecords = 200;
        const auto schema = avro::Schema::parse(kBookingSchema);
        QTemporaryDir dir;
        const auto schemaPath = dir.filePath("booking.avsc").toStdString();
        const auto dataPath = dir.filePath("bookings.bin").toStdString();
        std::ofstream(schemaPath) << schema.text();
        std::ofstream data(dataPath, std::ios::binary);
        avro::Buffer buffer;
        for (int i = 0; i < kRecords; ++i) {
            buffer.clear();
            avro::encodeJson(schema, booking(i).first, buffer);
            const auto n = static_cast<std::uint32_t>(buffer.size());
            const char len[4] = {static_cast<char>(n >> 24), static_cast<char>(n >> 16),
                                 static_cast<char>(n >> 8), static_cast<char>(n)};
            data.write(len, 4);
            data.write(buffer.view().data(), static_cast<std::streamsize>(buffer.size()));
        }
        data.close();
        auto run = core::runProcess({python, RIVERDELTA_SOURCE_DIR "/tests/support/avro_decode.py",
                                     "file", schemaPath, dataPath});
        QVERIFY2(run.ok(), run.output.c_str());
        const auto records = jsonLines(run.output);
        QCOMPARE(static_cast<int>(records.size()), kRecords);
        for (int i = 0; i < kRecords; ++i) {
            const auto expected = booking(i).second;
            QVERIFY2(records[i] == expected, ("record " + std::to_string(i) + "\n got      " +
                                              records[i].dump() + "\n expected " + expected.dump())
                                                 .c_str());
        }
    }

    void throughApicurioAndTheRealBroker() {
        RD_REQUIRE_ENV(python, "RIVERDELTA_TEST_PYTHON");
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        RD_REQUIRE_ENV(registryUrl, "RIVERDELTA_TEST_SCHEMA_REGISTRY_URL");
        constexpr int kMessages = 500;
        const auto topic = testing::uniqueName("avro-bookings");
        registry::SchemaRegistryClient registry({.url = registryUrl});
        avro::ConfluentAvroSerializer serializer(
            registry, avro::topicSubject(topic, avro::SubjectPart::Value),
            avro::Schema::parse(kBookingSchema));
        QCOMPARE(serializer.subject(), topic + "-value");
        QVERIFY(serializer.schemaId() > 0);
        {
            kafka::ClientConfig config;
            config.bootstrapServers = bootstrap;
            kafka::Producer producer(config);
            avro::Buffer buffer;
            for (int i = 0; i < kMessages; ++i) {
                buffer.clear();
                serializer.serialize(booking(i).first, buffer);
                producer.produce(topic, "k" + std::to_string(i), buffer.view());
            }
            QVERIFY2(producer.flush(std::chrono::seconds(30)), producer.lastError().c_str());
            QCOMPARE(producer.counters().acknowledged, std::uint64_t(kMessages));
        }
        auto run =
            core::runProcess({python, RIVERDELTA_SOURCE_DIR "/tests/support/avro_decode.py",
                              "kafka", bootstrap, topic, std::to_string(kMessages), registryUrl},
                             {.timeout = std::chrono::seconds(120)});
        QVERIFY2(run.ok(), run.output.c_str());
        const auto messages = jsonLines(run.output);
        QCOMPARE(static_cast<int>(messages.size()), kMessages);
        std::set<int> seen;
        for (const auto& m : messages) {
            const int i = std::stoi(m["key"].get<std::string>().substr(1));
            QVERIFY2(seen.insert(i).second, "duplicate message");
            QCOMPARE(m["schema_id"].get<int>(), serializer.schemaId());
            const auto expected = booking(i).second;
            QVERIFY2(m["value"] == expected, ("message " + std::to_string(i) + "\n got      " +
                                              m["value"].dump() + "\n expected " + expected.dump())
                                                 .c_str());
        }
    }
};

QTEST_GUILESS_MAIN(AvroRoundTripTest)
#include "test_avro_roundtrip.moc"
