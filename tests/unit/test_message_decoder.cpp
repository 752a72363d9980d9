#include <QtTest>

#include "engine/avro/avro_decoder.h"
#include "engine/avro/avro_encoder.h"
#include "engine/avro/avro_schema.h"
#include "engine/topics/message_decoder.h"

using namespace riverdelta;

namespace {

std::string schemaText() {
    return R"({"type":"record","name":"Booking","fields":[)"
           R"({"name":"id","type":"long"},{"name":"hotel","type":"string"},)"
           R"({"name":"paid","type":"boolean"},{"name":"price","type":"double"},)"
           R"({"name":"ratio","type":"float"},{"name":"nights","type":"int"},)"
           R"({"name":"note","type":["null","string"]},)"
           R"({"name":"room","type":{"type":"enum","name":"Room","symbols":)"
           R"(["single","double","suite"]}},)"
           R"({"name":"tags","type":{"type":"array","items":"string"}},)"
           R"({"name":"extras","type":{"type":"map","values":"int"}},)"
           R"({"name":"guest","type":{"type":"record","name":"Guest","fields":)"
           R"([{"name":"name","type":"string"}]}}]})";
}

}  // namespace

class MessageDecoderTest : public QObject {
    Q_OBJECT
  private slots:
    void avroDatumRoundTripsThroughTheEncoder() {
        const auto schema = avro::Schema::parse(schemaText());
        const nlohmann::json value = {{"id", -1234567890123LL},
                                      {"hotel", "Rheinblick"},
                                      {"paid", true},
                                      {"price", 129.5},
                                      {"ratio", 0.25},
                                      {"nights", 3},
                                      {"note", "late arrival"},
                                      {"room", "suite"},
                                      {"tags", {"river", "view"}},
                                      {"extras", {{"breakfast", 2}, {"parking", 1}}},
                                      {"guest", {{"name", "Ana"}}}};
        avro::Buffer buffer;
        avro::encodeJson(schema, value, buffer);
        QCOMPARE(nlohmann::json(avro::decodeJson<nlohmann::ordered_json>(schema, buffer.view())),
                 value);

        nlohmann::json withNull = value;
        withNull["note"] = nullptr;
        withNull["tags"] = nlohmann::json::array();
        buffer.clear();
        avro::encodeJson(schema, withNull, buffer);
        QCOMPARE(nlohmann::json(avro::decodeJson<nlohmann::ordered_json>(schema, buffer.view())),
                 withNull);
        // Fields come out in the schema's order, not sorted.
        QVERIFY(avro::decodeJson<nlohmann::ordered_json>(schema, buffer.view())
                    .dump()
                    .starts_with("{\"id\":"));

        // Truncated data and trailing bytes are errors, not garbage.
        const std::string bytes(buffer.view());
        QVERIFY_THROWS_EXCEPTION(avro::AvroError, avro::decodeJson<nlohmann::ordered_json>(
                                                      schema, bytes.substr(0, bytes.size() - 3)));
        QVERIFY_THROWS_EXCEPTION(avro::AvroError,
                                 avro::decodeJson<nlohmann::ordered_json>(schema, bytes + "xy"));
    }

    void decodesJsonTextAndBinaryForDisplay() {
        topics::MessageDecoder decoder({});
        auto json = decoder.decode(R"({"b":1,"a":[true,null]})", false);
        QCOMPARE(json.format, std::string("JSON"));
        QCOMPARE(json.text, std::string("{\n  \"b\": 1,\n  \"a\": [\n    true,\n    null\n  ]\n}"));
        auto text = decoder.decode("customer-17", false);
        QCOMPARE(text.format, std::string("text"));
        QCOMPARE(text.text, std::string("customer-17"));
        auto broken = decoder.decode("{\"a\":", false);
        QCOMPARE(broken.format, std::string("text"));
        auto binary = decoder.decode(std::string("\x01\xff\x10", 3), false);
        QCOMPARE(binary.format, std::string("binary"));
        QCOMPARE(binary.text, std::string("01 ff 10"));
        auto tombstone = decoder.decode({}, true);
        QCOMPARE(tombstone.format, std::string("null"));
        // Confluent framing without a registry: shown as bytes with the reason.
        auto framed = decoder.decode(std::string("\x00\x00\x00\x00\x07\x02", 6), false);
        QCOMPARE(framed.format, std::string("Avro (schema id 7)"));
        QVERIFY(framed.error.find("no Schema Registry") != std::string::npos);
    }
};

QTEST_MAIN(MessageDecoderTest)
#include "test_message_decoder.moc"
