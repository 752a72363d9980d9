// Delivery settings that used to be refused or stored without effect: Kafka generator `headers`
// and `producerConfigs`, `sqlDdlHint` (checked to create the generator's own table), MotherDuck
// reader generators (loaded, sampled, named as not delivered), and the webhook's printExchange
// text (secrets masked) and maxRequests setting. Servers are the integration tests' business.
#include <QtTest>
#include <set>

#include "engine/http/http_client.h"
#include "engine/postgres/ddl_hint.h"
#include "engine/run/scenario_run.h"
#include "engine/run/webhook_exchange.h"
#include "engine/run/webhook_sink.h"
#include "scenario_test_support.h"

using namespace riverdelta;
using rdtest::compile;

class DeliveryKeysTest : public QObject {
    Q_OBJECT
  private slots:
    void kafkaHeadersAreEvaluatedPerEvent();
    void badKafkaHeadersAreReported();
    void generatorProducerConfigs();
    void sqlStatementsSplit();
    void sqlDdlHintMustCreateTheGeneratorsTable();
    void motherDuckReaderGenerators();
    void printedExchangesMaskSecrets();
    void webhookSettings();
    void foldedFunctionsInsideLiterals();
};

QTEST_GUILESS_MAIN(DeliveryKeysTest)
#include "test_delivery_keys.moc"

// Definitions after the moc include: moc does not read raw strings.
namespace {

bool has(const scenario::Diagnostics& d, const std::string& text) {
    return d.format().find(text) != std::string::npos;
}

std::string withHint(const std::string& table, const std::string& hint) {
    return R"({"generators":[{"table":")" + table +
           R"(","row":{"id":1},"localConfigs":{"sqlDdlHint":)" + nlohmann::json(hint).dump() +
           "}}]}";
}

}  // namespace

void DeliveryKeysTest::kafkaHeadersAreEvaluatedPerEvent() {
    auto c = compile(R"({"generators":[{"name":"g","topic":"t",
        "headers":[{"key":"region","value":{"_gen":"oneOf","choices":["us-east-1","us-west-2"]}},
                   {"key":"n","value":{"_gen":"sequentialInteger"}},
                   {"key":{"_gen":"constant","value":"trace"},"value":"fixed"}],
        "value":{"id":{"_gen":"uuid"}},"localConfigs":{"maxEvents":40}}]})");
    QVERIFY2(c.program, c.diagnostics.format().c_str());
    generate::FixedClock clock(rdtest::kNow);
    generate::Session s(*c.program, {.seed = 5, .speed = 1.0, .clock = &clock});
    generate::Event ev;
    std::set<std::string> regions;
    for (std::int64_t i = 0; i < 40; ++i) {
        QCOMPARE(s.next(ev), generate::Session::Status::Event);
        const auto& h = ev.headers();
        QCOMPARE(h.kind, generate::ValueKind::Array);
        QCOMPARE(h.size, std::uint32_t(3));
        QCOMPARE(h.array()[0].find("key")->string(), std::string_view("region"));
        regions.emplace(h.array()[0].find("value")->string());
        QCOMPARE(h.array()[1].find("value")->integer, i);  // a number: sent as its text
        QCOMPARE(h.array()[2].find("key")->string(), std::string_view("trace"));
    }
    QCOMPARE(regions, (std::set<std::string>{"us-east-1", "us-west-2"}));
    // A topic generator without headers has none.
    auto plain = compile(rdtest::single("1"));
    generate::Session p(*plain.program, {.seed = 1, .speed = 1.0, .clock = &clock});
    QCOMPARE(p.next(ev), generate::Session::Status::Event);
    QVERIFY(ev.headers().isNull());
}

void DeliveryKeysTest::badKafkaHeadersAreReported() {
    auto c = compile(R"({"generators":[
        {"topic":"a","value":1,"headers":{"region":"x"}},
        {"topic":"b","value":1,"headers":[{"key":"k"},{"key":5,"value":"v"},"text",
                                           {"key":"k","value":"v","extra":1}]},
        {"table":"t","row":{"a":1},"headers":[{"key":"k","value":"v"}]}]})");
    QVERIFY(!c.program);
    const auto& d = c.diagnostics;
    QVERIFY2(has(d, "/generators/0/headers: \"headers\" must be an array of {\"key\""),
             d.format().c_str());
    QVERIFY2(has(d, "/generators/1/headers/0: a header needs \"value\""), d.format().c_str());
    QVERIFY2(has(d,
                 "/generators/1/headers/1/key: a header's \"key\" must be a string or a "
                 "function, not a number"),
             d.format().c_str());
    QVERIFY2(has(d, "/generators/1/headers/2: a header must be an object"), d.format().c_str());
    QVERIFY2(has(d, "/generators/1/headers/3/extra"), d.format().c_str());
    QVERIFY2(has(d, "/generators/2/headers: \"headers\" is not a key of a \"table\" generator"),
             d.format().c_str());
}

void DeliveryKeysTest::generatorProducerConfigs() {
    auto c = compile(R"({"generators":[{"topic":"t","value":"v",
        "producerConfigs":{"value.serializer":"org.apache.kafka.common.serialization.StringSerializer"}}]})");
    QVERIFY2(c.program, c.diagnostics.format().c_str());
    QCOMPARE(c.program->generators()[0]
                 .sinkConfig["producerConfigs"]["value.serializer"]
                 .get<std::string>(),
             std::string("org.apache.kafka.common.serialization.StringSerializer"));

    auto bad = compile(R"({"generators":[{"topic":"t","value":"v",
        "producerConfigs":{"acks":"all","bootstrap.servers":"x:1",
          "key.serializer":"io.confluent.kafka.serializers.protobuf.KafkaProtobufSerializer",
          "value.serializer":5}},
        {"url":"http://h.example/","data":1,"producerConfigs":{}}],
        "connections":{"w":{"kind":"webhook"}}})");
    QVERIFY(!bad.program);
    const auto& d = bad.diagnostics;
    QVERIFY2(has(d,
                 "/generators/0/producerConfigs/acks: \"acks\" cannot be set per "
                 "generator"),
             d.format().c_str());
    QVERIFY2(has(d, "/generators/0/producerConfigs/bootstrap.servers: "), d.format().c_str());
    QVERIFY2(has(d,
                 "/generators/0/producerConfigs/key.serializer: serializer "
                 "\"io.confluent.kafka.serializers.protobuf.KafkaProtobufSerializer\" is "
                 "not supported"),
             d.format().c_str());
    QVERIFY2(has(d,
                 "/generators/0/producerConfigs/value.serializer: \"value.serializer\" "
                 "must be a serializer class name"),
             d.format().c_str());
    QVERIFY2(has(d,
                 "/generators/1/producerConfigs: \"producerConfigs\" is not a key of a "
                 "\"url\" generator"),
             d.format().c_str());
}

void DeliveryKeysTest::sqlStatementsSplit() {
    const auto parts = postgres::splitSqlStatements(
        "CREATE TABLE a (t TEXT DEFAULT 'x;y'); -- a comment; still a comment\n"
        "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;;\n"
        "/* c; */ CREATE INDEX \"i;\" ON a (t)");
    QCOMPARE(parts.size(), std::size_t(3));
    QVERIFY(parts[0].find("'x;y'") != std::string_view::npos);
    QVERIFY(parts[1].find("$body$ LANGUAGE sql") != std::string_view::npos);
    QVERIFY(parts[2].find("\"i;\"") != std::string_view::npos);

    auto t =
        postgres::parseCreateTable("  create unlogged table IF NOT EXISTS Cdc.\"Order\"(x int)");
    QVERIFY(t);
    QCOMPARE(t->schema, std::string("cdc"));
    QCOMPARE(t->table, std::string("Order"));
    QVERIFY(!t->temporary);
    QVERIFY(postgres::parseCreateTable("CREATE TEMP TABLE x (a int)")->temporary);
    QVERIFY(!postgres::parseCreateTable("CREATE INDEX x ON t (a)"));
    QVERIFY(!postgres::parseCreateTable("INSERT INTO t VALUES (1)"));
}

void DeliveryKeysTest::sqlDdlHintMustCreateTheGeneratorsTable() {
    using postgres::ddlHintProblem;
    QVERIFY(!ddlHintProblem("CREATE TABLE customers (id INT PRIMARY KEY);", "customers"));
    QVERIFY(
        !ddlHintProblem("CREATE TABLE public.customers (id INT); CREATE INDEX ci ON "
                        "customers (id);",
                        "customers"));
    QVERIFY(!ddlHintProblem("create table cdc.customer (id int)", "cdc.customer"));
    QVERIFY(!ddlHintProblem("CREATE TABLE \"Mixed\" (id int)", "Mixed"));

    auto why = ddlHintProblem("CREATE TABLE orders (id INT)", "customers");
    QVERIFY(why);
    QVERIFY2(why->find("must contain the CREATE TABLE statement of public.customers") !=
                     std::string::npos &&
                 why->find("it creates orders instead") != std::string::npos,
             why->c_str());
    why = ddlHintProblem("CREATE TABLE Mixed (id int)", "Mixed");
    QVERIFY(why && why->find("folds unquoted names to lower case") != std::string::npos);
    why = ddlHintProblem("CREATE TABLE t (a int); CREATE TABLE IF NOT EXISTS t (a int)", "t");
    QVERIFY(why && why->find("more than once") != std::string::npos);
    why = ddlHintProblem("CREATE TEMPORARY TABLE t (a int)", "t");
    QVERIFY(why && why->find("TEMPORARY") != std::string::npos);
    why = ddlHintProblem(" -- nothing\n ;", "t");
    QVERIFY(why && why->find("is empty") != std::string::npos);
    QVERIFY(!ddlHintProblem("CREATE TABLE t (a int)", "cdc.t"));        // unqualified: cdc
    QVERIFY(ddlHintProblem("CREATE TABLE public.t (a int)", "cdc.t"));  // another schema

    // check reports it at the hint's pointer.
    auto ok = compile(withHint("cdc.customer", "CREATE TABLE cdc.customer (id BIGINT)"));
    QVERIFY2(ok.program, ok.diagnostics.format().c_str());
    QCOMPARE(ok.program->generators()[0].sqlDdlHint,
             std::string("CREATE TABLE cdc.customer (id BIGINT)"));
    auto bad = compile(withHint("customer", "CREATE TABLE client (id BIGINT)"));
    QVERIFY(!bad.program);
    QVERIFY2(has(bad.diagnostics,
                 "/generators/0/localConfigs/sqlDdlHint: \"sqlDdlHint\" must "
                 "contain the CREATE TABLE statement of public.customer"),
             bad.diagnostics.format().c_str());
}

void DeliveryKeysTest::motherDuckReaderGenerators() {
    const std::string text = R"({"generators":[
        {"kind":"writer","table":"foo","row":{"bar":{"_gen":"uuid"}},"localConfigs":{"maxEvents":3}},
        {"name":"reads","kind":"reader","query":{"_gen":"interpolate",
          "template":"SELECT * FROM foo WHERE bar=':id';",
          "params":{"id":{"_gen":"lookup","table":"foo","path":["row","bar"]}}},
         "localConfigs":{"maxEvents":3}}],
        "connections":{"md":{"kind":"motherduck","connectionConfigs":{"token":"t","db":"d"}}}})";
    auto c = compile(text);
    QVERIFY2(c.program, c.diagnostics.format().c_str());
    const auto& reader = c.program->generators()[1];
    QCOMPARE(reader.connectionKind, std::string("motherduck"));
    QCOMPARE(reader.targetKey, std::string("kind"));
    generate::FixedClock clock(rdtest::kNow);
    generate::Session s(*c.program, {.seed = 2, .speed = 1.0, .clock = &clock});
    generate::Event ev;
    std::set<std::string> written;
    int queries = 0;
    while (s.next(ev) == generate::Session::Status::Event) {
        const auto payload = nlohmann::json::parse(ev.payloadJson);
        if (ev.generator == 0) {
            written.insert(payload["bar"].get<std::string>());
            continue;
        }
        ++queries;
        const auto sql = payload.get<std::string>();
        QVERIFY2(sql.starts_with("SELECT * FROM foo WHERE bar='"), sql.c_str());
        QVERIFY(written.count(sql.substr(29, 36)));  // a value the writer wrote
    }
    QCOMPARE(queries, 3);

    // run: one line each, no connection attempted; nothing else to deliver fails the run.
    run::RunOptions o;
    o.clock = &clock;
    run::ScenarioRun r(*c.program, {}, o);
    r.start();
    QVERIFY(r.waitFinished(std::chrono::seconds(30)));
    const auto st = r.status();
    QCOMPARE(st.state, run::RunState::Failed);
    QVERIFY2(st.streams[1].problem ==
                 "not delivered: kind \"reader\" (motherduck): Riverdelta does not deliver "
                 "motherduck connections",
             st.streams[1].problem.c_str());

    auto bad = compile(R"({"generators":[
        {"kind":"reader","table":"t","query":"SELECT 1"},
        {"kind":"reader"},
        {"kind":"sometimes","table":"u","row":{"a":1}},
        {"topic":"k","value":1,"query":"SELECT 1"}],
        "connections":{"md":{"kind":"motherduck","connectionConfigs":{"jdbcUrl":"jdbc:duckdb:"}}}})");
    QVERIFY(!bad.program);
    const auto& d = bad.diagnostics;
    QVERIFY2(has(d,
                 "/generators/0/table: a reader generator sends \"query\" and writes no "
                 "\"table\""),
             d.format().c_str());
    QVERIFY2(has(d, "/generators/1: a reader generator needs \"query\""), d.format().c_str());
    QVERIFY2(has(d, "/generators/2/kind: a generator's \"kind\" is \"writer\""),
             d.format().c_str());
    QVERIFY2(has(d, "/generators/3/query: \"query\" is for reader generators"), d.format().c_str());
}

void DeliveryKeysTest::printedExchangesMaskSecrets() {
    http::Request req;
    req.method = "POST";
    req.url = "http://user:pw@hooks.example:8080/in?foo=bar&api_key=abc123";
    req.headers = {"X-API_KEY: s3cr3t", "Authorization: Bearer tok", "X-Origin: US-EAST-2",
                   "Content-Type: application/json"};
    req.body = R"({"n":1})";
    http::Response res;
    res.status = 200;
    res.headers = {{"set-cookie", "sid=zzz"}, {"server", "test"}};
    const std::string text = run::describeExchange(req, &res, {}, std::chrono::milliseconds(3));
    QVERIFY(text.starts_with("------- start request/response pair -------\nrequest:\n"));
    QVERIFY(text.ends_with("------- end request/response pair -------"));
    for (const char* secret : {"s3cr3t", "Bearer", "tok", "abc123", "zzz", "pw@"})
        QVERIFY2(text.find(secret) == std::string::npos, secret);
    for (const char* shown :
         {"\"x-origin\": \"US-EAST-2\"", "\"foo\": \"bar\"", "\"x-api_key\": \"****\"",
          "\"status\": 200", "\"url\": \"http://hooks.example:8080/in\"", "{\\\"n\\\":1}"})
        QVERIFY2(text.find(shown) != std::string::npos, (std::string(shown) + "\n" + text).c_str());
    const std::string failed =
        run::describeExchange(req, nullptr, "connection refused", std::chrono::milliseconds(1));
    QVERIFY(failed.find("\"error\": \"connection refused\"") != std::string::npos);
    QVERIFY(run::isSecretName("Proxy-Authorization") && run::isSecretName("X-Session-Id") &&
            !run::isSecretName("Content-Type"));
}

void DeliveryKeysTest::webhookSettings() {
    auto s = run::WebhookSettings::from(nlohmann::json::object());
    QCOMPARE(s.maxRequests, std::size_t(20000));
    QVERIFY(!s.printExchange);
    s = run::WebhookSettings::from(nlohmann::json::parse(R"({"kind":"webhook","printExchange":true,
                                  "connectionConfigs":{"maxRequests":0}})"));
    QCOMPARE(s.maxRequests, std::size_t(0));
    QVERIFY(s.printExchange);
    s = run::WebhookSettings::from(
        nlohmann::json::parse(R"({"connectionConfigs":{"maxRequests":7.9}})"));
    QCOMPARE(s.maxRequests, std::size_t(7));
}

// An object or array whose every field is constant is folded once; a function that folds
// (constant, env) must give its value there, not its JSON (found with the headers above).
void DeliveryKeysTest::foldedFunctionsInsideLiterals() {
    auto c = compile(rdtest::single(
        R"({"k":{"_gen":"constant","x":"y"},"a":[1,{"_gen":"constant","value":[2,3]}],"n":null})"));
    QVERIFY2(c.program, c.diagnostics.format().c_str());
    QCOMPARE(rdtest::payloads(*c.program, 1).at(0),
             std::string(R"({"k":"y","a":[1,[2,3]],"n":null})"));
}
