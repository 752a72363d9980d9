#include <QtTest>
#include <nlohmann/json.hpp>

#include "engine/topics/epoch_field.h"
#include "engine/topics/message_json.h"

using namespace riverdelta;

class MessageJsonTest : public QObject {
    Q_OBJECT
  private slots:
    void timeFieldNames() {
        QVERIFY(topics::isTimeFieldName("created_at"));
        QVERIFY(topics::isTimeFieldName("checkin_at"));
        QVERIFY(topics::isTimeFieldName("UPDATED_AT"));
        QVERIFY(topics::isTimeFieldName("createdAt"));
        QVERIFY(!topics::isTimeFieldName("format"));
        QVERIFY(!topics::isTimeFieldName("_at"));
        QVERIFY(!topics::isTimeFieldName("At"));
        QVERIFY(!topics::isTimeFieldName("seat"));
        QVERIFY(!topics::isTimeFieldName("booking_id"));
    }

    void epochUnitsFromMagnitude() {
        auto v = topics::epochValue(1'796'641'200);  // 2026-12-06, seconds
        QVERIFY(v && v->unit == topics::EpochUnit::Seconds);
        QCOMPARE(v->millis, std::int64_t(1'796'641'200'000));
        v = topics::epochValue(1'796'641'200'123);
        QVERIFY(v && v->unit == topics::EpochUnit::Milliseconds);
        QCOMPARE(v->millis, std::int64_t(1'796'641'200'123));
        v = topics::epochValue(1'796'641'200'123'456);  // Debezium MicroTimestamp
        QVERIFY(v && v->unit == topics::EpochUnit::Microseconds);
        QCOMPARE(v->millis, std::int64_t(1'796'641'200'123));
        v = topics::epochValue(1'796'641'200'123'456'789);
        QVERIFY(v && v->unit == topics::EpochUnit::Nanoseconds);
        QCOMPARE(v->millis, std::int64_t(1'796'641'200'123));
        QVERIFY(!topics::epochValue(-5));
    }

    void messageAsJson() {
        topics::BrowsedMessage m;
        m.partition = 2;
        m.offset = 41;
        m.timestampMs = 1'796'641'200'123;
        m.key = "customer-3";
        m.value = "{\n  \"zeta\": 1,\n  \"alpha\": {\"created_at\": 1796641200123}\n}";
        m.valueFormat = "JSON";
        auto doc = nlohmann::ordered_json::parse(topics::messageJson("bookings", m));
        QCOMPARE(doc["topic"].get<std::string>(), std::string("bookings"));
        QCOMPARE(doc["partition"].get<int>(), 2);
        QCOMPARE(doc["offset"].get<std::int64_t>(), std::int64_t(41));
        QCOMPARE(doc["timestamp"].get<std::int64_t>(), std::int64_t(1'796'641'200'123));
        QCOMPARE(doc["key"].get<std::string>(), std::string("customer-3"));
        QCOMPARE(doc["value"].begin().key(), std::string("zeta"));  // the producer's order
        QCOMPARE(doc["value"]["alpha"]["created_at"].get<std::int64_t>(),
                 std::int64_t(1'796'641'200'123));  // raw, not a date

        // A JSON key is JSON; a tombstone's value and a missing key are null; text stays text.
        m.key = "{\n  \"id\": 7\n}";
        m.value = "(null)";
        m.valueFormat = "null";
        m.timestampMs = -1;
        doc = nlohmann::ordered_json::parse(topics::messageJson("bookings", m));
        QCOMPARE(doc["key"]["id"].get<int>(), 7);
        QVERIFY(doc["value"].is_null());
        QVERIFY(doc["timestamp"].is_null());
        m.key = "(null)";
        m.value = "{not json";
        m.valueFormat = "text";
        doc = nlohmann::ordered_json::parse(topics::messageJson("bookings", m));
        QVERIFY(doc["key"].is_null());
        QCOMPARE(doc["value"].get<std::string>(), std::string("{not json"));

        // An undecodable value: its hex dump and the reason.
        m.value = "00 00 00 00 07";
        m.valueFormat = "Avro (schema id 7)";
        m.decodeError = "no Schema Registry is configured";
        doc = nlohmann::ordered_json::parse(topics::messageJson("bookings", m));
        QCOMPARE(doc["value"].get<std::string>(), std::string("00 00 00 00 07"));
        QCOMPARE(doc["decodeError"].get<std::string>(),
                 std::string("no Schema Registry is configured"));
    }
};

QTEST_MAIN(MessageJsonTest)
#include "test_message_json.moc"
