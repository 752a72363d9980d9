#include <QtTest>
#include <map>
#include <set>

#include "engine/cdc/pg_source.h"
#include "integration/cdc_test_support.h"
#include "support/enum_name.h"

using namespace riverdelta;
using namespace riverdelta::testing;
using nlohmann::json;

namespace {

constexpr int kCustomers = 1000;
constexpr int kHotels = 30;

// The seed stage's tables, with values that exercise escaping (quotes, backslashes, newlines,
// non-ASCII) and NULLs.
void seed(postgres::Connection& db) {
    db.exec("CREATE SCHEMA cdc");
    db.exec(
        "CREATE TABLE cdc.customer (customer_id text NOT NULL, email text PRIMARY KEY, "
        "first_name text, last_name text, birth_date text, created_at bigint)");
    db.exec(
        "CREATE TABLE cdc.hotel (hotel_id text PRIMARY KEY, name text, category text, "
        "description text, city text, country text, room_capacity int, created_at bigint)");
    db.exec(
        "INSERT INTO cdc.customer SELECT 'C' || i, 'guest' || i || '@example.com', "
        "CASE WHEN i % 97 = 0 THEN 'Zoë \"Q\" O''Neil' ELSE 'First' || i END, "
        "CASE WHEN i % 50 = 0 THEN NULL ELSE 'Last\\' || i END, "
        "(date '1950-01-01' + i)::text, 1700000000000 + i * 1000 "
        "FROM generate_series(1, " +
        std::to_string(kCustomers) + ") i");
    db.exec(
        "INSERT INTO cdc.hotel SELECT 'H' || lpad(i::text, 3, '0'), 'River Hotel ' || i, "
        "(ARRAY['Budget','Standard','Luxury'])[1 + i % 3], 'Line one\nline two\t' || i, "
        "'City' || i, 'Country' || (i % 5), 50 + i, 1690000000000 + i "
        "FROM generate_series(1, " +
        std::to_string(kHotels) + ") i");
}

// Rows of a table as JSON objects keyed by the primary key, the way Debezium maps the types.
std::map<std::string, json> expectedRows(postgres::Connection& db, const std::string& table,
                                         const std::string& key,
                                         const std::set<std::string>& integerColumns) {
    auto res = db.exec("SELECT * FROM " + table);
    std::map<std::string, json> out;
    for (int r = 0; r < res.rows(); ++r) {
        json row = json::object();
        std::string id;
        for (int c = 0; c < res.columns(); ++c) {
            const std::string name(res.columnName(c));
            if (res.isNull(r, c)) {
                row[name] = nullptr;
                continue;
            }
            const std::string value(res.value(r, c));
            if (integerColumns.count(name))
                row[name] = std::stoll(value);
            else
                row[name] = value;
            if (name == key) id = value;
        }
        out[id] = row;
    }
    return out;
}

void compareSnapshot(const std::vector<TopicRecord>& records,
                     const std::map<std::string, json>& expected, const std::string& key,
                     const std::string& schema, const std::string& table, bool lastTable) {
    QCOMPARE(records.size(), expected.size());
    std::set<std::string> seen;
    int lastMarks = 0;
    for (const auto& r : records) {
        QVERIFY(!r.tombstone);
        const json k = json::parse(r.key);
        QCOMPARE(k.size(), std::size_t(1));
        const std::string id = k[key].get<std::string>();
        QVERIFY2(seen.insert(id).second, ("duplicate key " + id).c_str());
        const auto it = expected.find(id);
        QVERIFY2(it != expected.end(), ("unexpected key " + id).c_str());
        QCOMPARE(r.value["op"].get<std::string>(), std::string("r"));
        QVERIFY(r.value["before"].is_null());
        const json& after = r.value["after"];
        QCOMPARE(after.size(), it->second.size());
        for (const auto& [field, value] : it->second.items())
            QVERIFY2(after[field] == value, (table + "." + field + " of " + id + ": got " +
                                             after[field].dump() + ", expected " + value.dump())
                                                .c_str());
        const json& source = r.value["source"];
        QCOMPARE(source["schema"].get<std::string>(), schema);
        QCOMPARE(source["table"].get<std::string>(), table);
        QCOMPARE(source["connector"].get<std::string>(), std::string("postgresql"));
        const std::string snapshot = source["snapshot"].get<std::string>();
        QVERIFY(snapshot == "true" || snapshot == "last");
        if (snapshot == "last") ++lastMarks;
    }
    QCOMPARE(lastMarks, lastTable ? 1 : 0);
    if (lastTable)
        QCOMPARE(records.back().value["source"]["snapshot"].get<std::string>(),
                 std::string("last"));
}

}  // namespace

class CdcPipelineTest : public QObject {
    Q_OBJECT
  private:
    std::string conninfo_, bootstrap_, database_, db_;

  private slots:
    void init() {
        RD_REQUIRE_ENV(conninfo, "RIVERDELTA_TEST_PG_CONNINFO");
        RD_REQUIRE_ENV(bootstrap, "RIVERDELTA_TEST_KAFKA_BOOTSTRAP");
        conninfo_ = conninfo;
        bootstrap_ = bootstrap;
        database_ = lowerUnique("cdc_pipeline");
        db_ = createDatabase(conninfo_, database_);
    }
    void cleanup() { dropDatabase(conninfo_, database_); }

    void snapshotThenStreamingThenResume() {
        postgres::Connection db(db_);
        seed(db);
        const auto options = sourceOptions(db_, bootstrap_, {"cdc.customer", "cdc.hotel"});
        const std::string prefix = options.topicPrefix;
        const std::string slot = options.slotName;
        const std::string customerTopic = prefix + ".cdc.customer";
        const std::string hotelTopic = prefix + ".cdc.hotel";

        auto source = std::make_unique<cdc::PgSource>(options);
        source->start();
        cdc::SourceStatus s;
        QVERIFY2(waitForStatus(*source, streamingWithAcknowledged(kCustomers + kHotels),
                               std::chrono::seconds(90), &s),
                 s.failureReason.c_str());
        QVERIFY(s.snapshotTaken);
        QCOMPARE(s.snapshot.size(), std::size_t(2));
        QCOMPARE(s.snapshot[0].table, std::string("cdc.customer"));
        QCOMPARE(s.snapshot[0].rowsDone, std::uint64_t(kCustomers));
        QCOMPARE(s.snapshot[0].rowsTotal, std::uint64_t(kCustomers));
        QCOMPARE(s.snapshot[1].rowsTotal, std::uint64_t(kHotels));
        QVERIFY(s.snapshot[0].done && s.snapshot[1].done);
        QCOMPARE(s.topics, (std::vector<std::string>{customerTopic, hotelTopic}));

        // Exactly the 1,030 rows, keys and values field by field.
        const auto customers = readTopic(bootstrap_, customerTopic, kCustomers);
        const auto hotels = readTopic(bootstrap_, hotelTopic, kHotels);
        compareSnapshot(customers, expectedRows(db, "cdc.customer", "email", {"created_at"}),
                        "email", "cdc", "customer", false);
        compareSnapshot(hotels,
                        expectedRows(db, "cdc.hotel", "hotel_id", {"room_capacity", "created_at"}),
                        "hotel_id", "cdc", "hotel", true);
        QCOMPARE(customers[0].value["source"]["db"].get<std::string>(), database_);
        QCOMPARE(customers[0].value["source"]["name"].get<std::string>(), prefix);

        // Changes after the snapshot: default replica identity on customer, FULL on hotel.
        db.exec(
            "INSERT INTO cdc.customer VALUES ('C9001', 'new@example.com', 'New', 'Guest', "
            "'2000-01-01', 1800000000000)");
        db.exec("UPDATE cdc.customer SET first_name = 'Renamed' WHERE email = 'new@example.com'");
        db.exec("DELETE FROM cdc.customer WHERE email = 'new@example.com'");
        db.exec("ALTER TABLE cdc.hotel REPLICA IDENTITY FULL");
        db.exec("UPDATE cdc.hotel SET room_capacity = 999 WHERE hotel_id = 'H001'");
        db.exec("DELETE FROM cdc.hotel WHERE hotel_id = 'H002'");
        db.exec("TRUNCATE cdc.hotel");
        const auto before = s.eventsAcknowledged;
        QVERIFY2(waitForStatus(
                     *source, [&](const auto& st) { return st.eventsAcknowledged == before + 6; },
                     std::chrono::seconds(60), &s),
                 s.failureReason.c_str());
        QCOMPARE(s.tombstonesProduced, std::uint64_t(2));

        const auto customerChanges = readTopic(bootstrap_, customerTopic, kCustomers + 4);
        QCOMPARE(customerChanges.size(), std::size_t(kCustomers + 4));
        const auto& created = customerChanges[kCustomers];
        QCOMPARE(created.key, std::string("{\"email\":\"new@example.com\"}"));
        QCOMPARE(created.value["op"].get<std::string>(), std::string("c"));
        QVERIFY(created.value["before"].is_null());
        QCOMPARE(created.value["after"]["first_name"].get<std::string>(), std::string("New"));
        QCOMPARE(created.value["after"]["created_at"].get<std::int64_t>(), 1800000000000LL);
        QCOMPARE(created.value["source"]["snapshot"].get<std::string>(), std::string("false"));
        QVERIFY(created.value["source"]["txId"].is_number());
        QVERIFY(created.value["source"]["lsn"].get<std::uint64_t>() > 0);
        const auto& updated = customerChanges[kCustomers + 1];
        QCOMPARE(updated.value["op"].get<std::string>(), std::string("u"));
        QVERIFY(updated.value["before"].is_null());  // default identity: no old row
        QCOMPARE(updated.value["after"]["first_name"].get<std::string>(), std::string("Renamed"));
        const auto& deleted = customerChanges[kCustomers + 2];
        QCOMPARE(deleted.value["op"].get<std::string>(), std::string("d"));
        QVERIFY(deleted.value["after"].is_null());
        QCOMPARE(deleted.value["before"]["email"].get<std::string>(),
                 std::string("new@example.com"));
        QVERIFY(deleted.value["before"]["first_name"].is_null());  // only the key is known
        QVERIFY(customerChanges[kCustomers + 3].tombstone);
        QCOMPARE(customerChanges[kCustomers + 3].key, deleted.key);

        const auto hotelChanges = readTopic(bootstrap_, hotelTopic, kHotels + 4);
        QCOMPARE(hotelChanges.size(), std::size_t(kHotels + 4));
        const auto& hotelUpdate = hotelChanges[kHotels];
        QCOMPARE(hotelUpdate.value["op"].get<std::string>(), std::string("u"));
        QCOMPARE(hotelUpdate.value["before"]["room_capacity"].get<int>(), 51);
        QCOMPARE(hotelUpdate.value["before"]["name"].get<std::string>(),
                 std::string("River Hotel 1"));
        QCOMPARE(hotelUpdate.value["after"]["room_capacity"].get<int>(), 999);
        const auto& hotelDelete = hotelChanges[kHotels + 1];
        QCOMPARE(hotelDelete.value["op"].get<std::string>(), std::string("d"));
        QCOMPARE(hotelDelete.value["before"]["city"].get<std::string>(), std::string("City2"));
        QVERIFY(hotelChanges[kHotels + 2].tombstone);
        const auto& truncated = hotelChanges[kHotels + 3];
        QCOMPARE(truncated.value["op"].get<std::string>(), std::string("t"));
        QVERIFY(truncated.value["before"].is_null() && truncated.value["after"].is_null());
        QVERIFY(truncated.key.empty());

        // The slot is confirmed up to what Kafka acknowledged; when idle, lag drops to ~0.
        QVERIFY2(waitForStatus(
                     *source, [](const auto& st) { return st.lagBytes < 1024 * 1024; },
                     std::chrono::seconds(20), &s),
                 s.failureReason.c_str());
        source->stop();
        s = source->status();
        QCOMPARE(testing::nameOf(s.state), testing::nameOf(cdc::SourceState::Stopped));
        auto slotRow = db.exec(
            "SELECT confirmed_flush_lsn, active FROM pg_replication_slots WHERE slot_name = '" +
            slot + "'");
        QCOMPARE(slotRow.rows(), 1);  // left in place
        QCOMPARE(cdc::Lsn::fromString(slotRow.value(0, 0)), s.confirmedLsn);

        // Restart on the same slot: no second snapshot, streaming resumes.
        source = std::make_unique<cdc::PgSource>(options);
        source->start();
        QVERIFY2(
            waitForStatus(
                *source, [](const auto& st) { return st.state == cdc::SourceState::Streaming; },
                std::chrono::seconds(30), &s),
            s.failureReason.c_str());
        QVERIFY(!s.snapshotTaken);
        db.exec(
            "INSERT INTO cdc.customer VALUES ('C9002', 'again@example.com', 'A', 'B', NULL, 1)");
        QVERIFY2(waitForStatus(
                     *source, [](const auto& st) { return st.eventsAcknowledged == 1; },
                     std::chrono::seconds(30), &s),
                 s.failureReason.c_str());
        const auto afterRestart = readTopic(bootstrap_, customerTopic, kCustomers + 5);
        QCOMPARE(afterRestart.size(), std::size_t(kCustomers + 5));
        QCOMPARE(afterRestart.back().key, std::string("{\"email\":\"again@example.com\"}"));
        source->stop();
    }

    void interruptedSnapshotIsRedoneAndDropSlotOnStop() {
        postgres::Connection db(db_);
        db.exec("CREATE SCHEMA cdc");
        db.exec("CREATE TABLE cdc.room (room_id int PRIMARY KEY, label text)");
        db.exec("INSERT INTO cdc.room SELECT i, 'room ' || i FROM generate_series(1, 100) i");
        auto options = sourceOptions(db_, bootstrap_, {"cdc.room"});
        const std::string slot = options.slotName;
        const std::string topic = options.topicPrefix + ".cdc.room";
        cdc::SourceStatus s;
        {
            cdc::PgSource source(options);
            source.start();
            QVERIFY2(
                waitForStatus(source, streamingWithAcknowledged(100), std::chrono::seconds(60), &s),
                s.failureReason.c_str());
        }
        // As if the process had died mid-snapshot: the completion record is missing.
        db.exec("UPDATE riverdelta.cdc_state SET snapshot_done_lsn = NULL WHERE slot_name = '" +
                slot + "'");
        db.exec("INSERT INTO cdc.room VALUES (101, 'late')");
        options.dropSlotOnStop = true;
        {
            cdc::PgSource source(options);
            source.start();
            QVERIFY2(
                waitForStatus(source, streamingWithAcknowledged(101), std::chrono::seconds(60), &s),
                s.failureReason.c_str());
            QVERIFY(s.snapshotTaken);
        }
        const auto records = readTopic(bootstrap_, topic, 201);
        QCOMPARE(records.size(), std::size_t(201));  // duplicates allowed, no gap
        std::set<int> ids;
        for (const auto& r : records)
            ids.insert(json::parse(r.key)["room_id"].get<int>());
        QCOMPARE(ids.size(), std::size_t(101));
        // --drop-slot-on-exit: slot and its state row are gone.
        QCOMPARE(
            db.exec("SELECT 1 FROM pg_replication_slots WHERE slot_name = '" + slot + "'").rows(),
            0);
        QCOMPARE(
            db.exec("SELECT 1 FROM riverdelta.cdc_state WHERE slot_name = '" + slot + "'").rows(),
            0);
    }

    void addedTableIsSnapshottedWithoutDroppingTheSlot() {
        postgres::Connection db(db_);
        db.exec("CREATE SCHEMA cdc");
        db.exec("CREATE TABLE cdc.room (room_id int PRIMARY KEY, label text)");
        db.exec("INSERT INTO cdc.room SELECT i, 'room ' || i FROM generate_series(1, 20) i");
        db.exec("CREATE TABLE cdc.guest (guest_id int PRIMARY KEY, name text)");
        db.exec("INSERT INTO cdc.guest SELECT i, 'guest ' || i FROM generate_series(1, 5) i");
        auto options = sourceOptions(db_, bootstrap_, {"cdc.room"});
        const std::string slot = options.slotName;
        cdc::SourceStatus s;
        {
            cdc::PgSource source(options);
            source.start();
            QVERIFY2(
                waitForStatus(source, streamingWithAcknowledged(20), std::chrono::seconds(60), &s),
                s.failureReason.c_str());
        }
        // While stopped: a delete waits in the slot; then the table set grows.
        db.exec("DELETE FROM cdc.room WHERE room_id = 7");
        db.exec("ALTER PUBLICATION \"pub_" + slot + "\" ADD TABLE cdc.guest");
        options.tables = {"cdc.room", "cdc.guest"};
        {
            cdc::PgSource source(options);
            source.start();
            // 19 rooms + 5 guests snapshotted, then the delete streamed.
            QVERIFY2(
                waitForStatus(source, streamingWithAcknowledged(25), std::chrono::seconds(60), &s),
                s.failureReason.c_str());
            QVERIFY(s.snapshotTaken);
        }
        const auto guests = readTopic(bootstrap_, options.topicPrefix + ".cdc.guest", 5);
        QCOMPARE(guests.size(), std::size_t(5));
        QCOMPARE(guests[0].value["op"].get<std::string>(), std::string("r"));
        const auto rooms = readTopic(bootstrap_, options.topicPrefix + ".cdc.room", 20 + 19 + 2);
        QCOMPARE(rooms.size(), std::size_t(20 + 19 + 2));  // first snapshot, second, delete+tomb
        QCOMPARE(rooms[rooms.size() - 2].value["op"].get<std::string>(), std::string("d"));
        QCOMPARE(rooms[rooms.size() - 2].key, std::string("{\"room_id\":7}"));
        QVERIFY(rooms.back().tombstone);
    }
};

QTEST_GUILESS_MAIN(CdcPipelineTest)
#include "test_cdc_pipeline.moc"
