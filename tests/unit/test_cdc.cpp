#include <QtTest>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/cdc/ack_tracker.h"
#include "engine/cdc/catalog.h"
#include "engine/cdc/cdc_error.h"
#include "engine/cdc/event_serializer.h"
#include "engine/cdc/json_token_writer.h"
#include "engine/cdc/lsn.h"
#include "engine/cdc/pgoutput.h"
#include "engine/cdc/table_info.h"
#include "engine/cdc/type_mapping.h"
#include "support/enum_name.h"

using namespace riverdelta;
using namespace riverdelta::cdc;

namespace {

// Builds pgoutput messages byte by byte, big-endian, as the server sends them.
class Bytes {
  public:
    Bytes& u8(std::uint8_t v) {
        data_.push_back(v);
        return *this;
    }
    Bytes& ch(char c) { return u8(static_cast<std::uint8_t>(c)); }
    Bytes& u16(std::uint16_t v) { return big(v, 2); }
    Bytes& u32(std::uint32_t v) { return big(v, 4); }
    Bytes& u64(std::uint64_t v) { return big(v, 8); }
    Bytes& str(std::string_view s) {
        for (char c : s)
            ch(c);
        return u8(0);
    }
    Bytes& text(std::string_view s) {
        ch('t').u32(static_cast<std::uint32_t>(s.size()));
        for (char c : s)
            ch(c);
        return *this;
    }
    Bytes& null() { return ch('n'); }
    Bytes& toast() { return ch('u'); }
    [[nodiscard]] std::span<const std::uint8_t> span() const { return data_; }
    std::vector<std::uint8_t>& raw() { return data_; }

  private:
    Bytes& big(std::uint64_t v, int n) {
        for (int i = n - 1; i >= 0; --i)
            data_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
        return *this;
    }
    std::vector<std::uint8_t> data_;
};

std::string json(ValueType type, std::string_view text) {
    std::string out;
    JsonTokenWriter w(out);
    appendValue(w, type, text);
    return out;
}

TableInfo customerTable() {
    TableInfo t;
    t.name = {"cdc", "customer"};
    t.topic = "riverhotel.cdc.customer";
    t.primaryKey = {"customer_id"};
    t.setColumns({TableInfo::column("customer_id", oid::kText),
                  TableInfo::column("visits", oid::kInt4), TableInfo::column("vip", oid::kBool),
                  TableInfo::column("created_at", oid::kTimestamp)});
    return t;
}

pgoutput::ColumnValue text(std::string_view s) {
    return {pgoutput::ValueKind::Text, s};
}
pgoutput::ColumnValue nullValue() {
    return {pgoutput::ValueKind::Null, {}};
}

}  // namespace

class CdcUnitTest : public QObject {
    Q_OBJECT
  private slots:
    void lsnParsesFormatsComparesAndSubtracts() {
        const Lsn a = Lsn::fromString("16/B374D848");
        QCOMPARE(a.value(), (std::uint64_t{0x16} << 32) | 0xB374D848u);
        QCOMPARE(a.toString(), std::string("16/B374D848"));
        QCOMPARE(Lsn::fromString("0/0").toString(), std::string("0/0"));
        QVERIFY(!Lsn::fromString("0/0").valid());
        QCOMPARE(Lsn::fromString("16/b374d848"), a);
        const Lsn b = Lsn::fromString("17/0");
        QVERIFY(a < b);
        QCOMPARE(b.bytesSince(a), std::uint64_t(0x100000000ull - 0xB374D848u));
        QCOMPARE(a.bytesSince(b), std::uint64_t(0));
        QCOMPARE(Lsn::fromString("FFFFFFFF/FFFFFFFF").value(), ~std::uint64_t{0});
        for (const char* bad : {"", "16", "/1", "1/", "G/0", "123456789/0", "1/2/3", "1 /2"})
            QVERIFY2(!Lsn::parse(bad), bad);
        QVERIFY_THROWS_EXCEPTION(Error, Lsn::fromString("nope"));
    }

    void decodesBeginCommitOriginAndType() {
        pgoutput::Decoder d;
        Bytes begin;
        begin.ch('B').u64(0x1600000100).u64(1'000'000).u32(777);
        QCOMPARE(d.decode(begin.span()), pgoutput::MessageType::Begin);
        QCOMPARE(d.begin().finalLsn.value(), std::uint64_t(0x1600000100));
        QCOMPARE(d.begin().commitTime, std::int64_t(1'000'000));
        QCOMPARE(d.begin().xid, std::uint32_t(777));
        QCOMPARE(pgoutput::toUnixMillis(0), std::int64_t(946'684'800'000));

        Bytes commit;
        commit.ch('C').u8(0).u64(0x100).u64(0x130).u64(42);
        QCOMPARE(d.decode(commit.span()), pgoutput::MessageType::Commit);
        QCOMPARE(d.commit().commitLsn.value(), std::uint64_t(0x100));
        QCOMPARE(d.commit().endLsn.value(), std::uint64_t(0x130));
        QCOMPARE(d.commit().commitTime, std::int64_t(42));

        Bytes origin;
        origin.ch('O').u64(5).str("upstream");
        QCOMPARE(d.decode(origin.span()), pgoutput::MessageType::Origin);
        QCOMPARE(d.origin().name, std::string("upstream"));

        Bytes type;
        type.ch('Y').u32(16400).str("public").str("mood");
        QCOMPARE(d.decode(type.span()), pgoutput::MessageType::Type);
        QCOMPARE(d.type().oid, std::uint32_t(16400));
        QCOMPARE(d.type().name, std::string("mood"));
    }

    void decodesRelationIntoTheCache() {
        Bytes rel;
        rel.ch('R').u32(16385).str("cdc").str("customer").ch('d').u16(3);
        rel.u8(1).str("customer_id").u32(oid::kText).u32(0xFFFFFFFF);
        rel.u8(0).str("visits").u32(oid::kInt4).u32(0xFFFFFFFF);
        rel.u8(0).str("name").u32(oid::kVarchar).u32(104);
        pgoutput::Decoder d;
        QCOMPARE(d.decode(rel.span()), pgoutput::MessageType::Relation);
        const auto& r = d.relation();
        QCOMPARE(r.oid, std::uint32_t(16385));
        QCOMPARE(r.schema, std::string("cdc"));
        QCOMPARE(r.name, std::string("customer"));
        QCOMPARE(r.replicaIdentity, 'd');
        QCOMPARE(r.columns.size(), std::size_t(3));
        QVERIFY(r.columns[0].isKey());
        QVERIFY(!r.columns[1].isKey());
        QCOMPARE(r.columns[2].typeOid, oid::kVarchar);
        QCOMPARE(r.columns[2].typeModifier, 104);
        QCOMPARE(r.columns[1].typeModifier, -1);

        pgoutput::RelationCache cache;
        cache.update(r);
        QVERIFY(cache.find(16385));
        QCOMPARE(cache.find(16385)->columns[1].name, std::string("visits"));
        QVERIFY(!cache.find(1));
    }

    void decodesInsertUpdateDeleteTuples() {
        pgoutput::Decoder d;
        Bytes insert;
        insert.ch('I').u32(16385).ch('N').u16(3).text("C1").null().text("x\"y");
        QCOMPARE(d.decode(insert.span()), pgoutput::MessageType::Insert);
        const auto& cols = d.insert().newTuple.columns;
        QCOMPARE(cols.size(), std::size_t(3));
        QCOMPARE(cols[0].kind, pgoutput::ValueKind::Text);
        QCOMPARE(std::string(cols[0].data), std::string("C1"));
        QCOMPARE(cols[1].kind, pgoutput::ValueKind::Null);
        QCOMPARE(std::string(cols[2].data), std::string("x\"y"));

        Bytes plainUpdate;
        plainUpdate.ch('U').u32(16385).ch('N').u16(2).text("C1").toast();
        QCOMPARE(d.decode(plainUpdate.span()), pgoutput::MessageType::Update);
        QCOMPARE(d.update().oldKind, pgoutput::OldTuple::None);
        QVERIFY(d.update().oldTuple.columns.empty());
        QCOMPARE(d.update().newTuple.columns[1].kind, pgoutput::ValueKind::UnchangedToast);

        Bytes keyUpdate;
        keyUpdate.ch('U').u32(16385).ch('K').u16(2).text("C1").null();
        keyUpdate.ch('N').u16(2).text("C2").text("5");
        d.decode(keyUpdate.span());
        QCOMPARE(d.update().oldKind, pgoutput::OldTuple::Key);
        QCOMPARE(std::string(d.update().oldTuple.columns[0].data), std::string("C1"));
        QCOMPARE(std::string(d.update().newTuple.columns[0].data), std::string("C2"));

        Bytes fullUpdate;
        fullUpdate.ch('U').u32(16385).ch('O').u16(2).text("C1").text("4");
        fullUpdate.ch('N').u16(2).text("C1").text("5");
        d.decode(fullUpdate.span());
        QCOMPARE(d.update().oldKind, pgoutput::OldTuple::Full);
        QCOMPARE(std::string(d.update().oldTuple.columns[1].data), std::string("4"));

        Bytes del;
        del.ch('D').u32(16385).ch('K').u16(2).text("C1").null();
        QCOMPARE(d.decode(del.span()), pgoutput::MessageType::Delete);
        QCOMPARE(d.del().oldKind, pgoutput::OldTuple::Key);
        QCOMPARE(d.del().oldTuple.columns.size(), std::size_t(2));

        Bytes empty;
        empty.ch('I').u32(1).ch('N').u16(1).text("");
        d.decode(empty.span());
        QCOMPARE(d.insert().newTuple.columns[0].kind, pgoutput::ValueKind::Text);
        QVERIFY(d.insert().newTuple.columns[0].data.empty());
    }

    void decodesTruncateAndLogicalMessage() {
        pgoutput::Decoder d;
        Bytes t;
        t.ch('T').u32(2).u8(pgoutput::kTruncateCascade).u32(16385).u32(16390);
        QCOMPARE(d.decode(t.span()), pgoutput::MessageType::Truncate);
        QCOMPARE(d.truncate().options, pgoutput::kTruncateCascade);
        QCOMPARE(d.truncate().relationOids, (std::vector<std::uint32_t>{16385, 16390}));

        Bytes m;
        m.ch('M').u8(1).u64(0x99).str("riverdelta").u32(3).ch('a').ch('b').ch('c');
        QCOMPARE(d.decode(m.span()), pgoutput::MessageType::Message);
        QCOMPARE(d.logicalMessage().content, std::string("abc"));
        QVERIFY(d.logicalMessage().transactional);
    }

    void rejectsMalformedMessages() {
        pgoutput::Decoder d;
        const auto rejects = [&](Bytes b, const char* why) {
            try {
                d.decode(b.span());
                QFAIL(why);
            } catch (const CdcError& e) {
                QCOMPARE(e.kind(), CdcErrorKind::Protocol);
            }
        };
        rejects(Bytes{}, "empty");
        rejects(Bytes().ch('Z'), "unknown type");
        rejects(Bytes().ch('B').u64(1), "truncated Begin");
        rejects(Bytes().ch('I').u32(1).ch('X').u16(0), "Insert without N");
        rejects(Bytes().ch('I').u32(1).ch('N').u16(1).ch('t').u32(10).ch('a'), "short value");
        rejects(Bytes().ch('I').u32(1).ch('N').u16(1).ch('q'), "unknown column kind");
        rejects(Bytes().ch('D').u32(1).ch('N').u16(0), "Delete without K/O");
        rejects(Bytes().ch('R').u32(1).str("a").u8('x'), "unterminated string");
        rejects(Bytes().ch('C').u8(0).u64(1).u64(2).u64(3).u8(9), "trailing byte");
        rejects(Bytes().ch('T').u32(1000).u8(0).u32(1), "truncate count");
    }

    void mapsTypesAsDebezium() {
        QCOMPARE(testing::nameOf(valueTypeFor(oid::kText)), testing::nameOf(ValueType::String));
        QCOMPARE(testing::nameOf(valueTypeFor(oid::kVarchar)), testing::nameOf(ValueType::String));
        QCOMPARE(testing::nameOf(valueTypeFor(oid::kInt4)), testing::nameOf(ValueType::Int32));
        QCOMPARE(testing::nameOf(valueTypeFor(oid::kInt8)), testing::nameOf(ValueType::Int64));
        QCOMPARE(testing::nameOf(valueTypeFor(oid::kNumeric)), testing::nameOf(ValueType::Numeric));
        QCOMPARE(testing::nameOf(valueTypeFor(2950 /* uuid */)),
                 testing::nameOf(ValueType::String));

        QCOMPARE(json(ValueType::Boolean, "t"), std::string("true"));
        QCOMPARE(json(ValueType::Boolean, "f"), std::string("false"));
        QCOMPARE(json(ValueType::Int32, "-42"), std::string("-42"));
        QCOMPARE(json(ValueType::Int64, "9223372036854775807"), std::string("9223372036854775807"));
        QCOMPARE(json(ValueType::Numeric, "123.4500"), std::string("123.45"));
        QCOMPARE(json(ValueType::Numeric, "-0.1"), std::string("-0.1"));
        QCOMPARE(json(ValueType::Numeric, "10"), std::string("10"));
        QCOMPARE(json(ValueType::Numeric, "NaN"), std::string("null"));
        QCOMPARE(json(ValueType::Float, "1.5e+20"), std::string("1.5e+20"));
        QCOMPARE(json(ValueType::Float, "Infinity"), std::string("null"));
        QCOMPARE(json(ValueType::String, "a\"b\\c\n\x01"),
                 std::string("\"a\\\"b\\\\c\\n\\u0001\""));
        QCOMPARE(json(ValueType::String, "héllo"), std::string("\"héllo\""));

        // MicroTimestamp: µs since the epoch.
        QCOMPARE(json(ValueType::MicroTimestamp, "1970-01-01 00:00:00"), std::string("0"));
        QCOMPARE(json(ValueType::MicroTimestamp, "2024-03-01 12:34:56.789012"),
                 std::string("1709296496789012"));
        QCOMPARE(json(ValueType::MicroTimestamp, "2024-03-01 12:34:56.5"),
                 std::string("1709296496500000"));
        QCOMPARE(json(ValueType::MicroTimestamp, "1969-12-31 23:59:59.999999"), std::string("-1"));
        QCOMPARE(json(ValueType::MicroTimestamp, "infinity"), std::string("null"));
        // ZonedTimestamp: ISO-8601 in UTC.
        QCOMPARE(json(ValueType::ZonedTimestamp, "2024-03-01 12:34:56.25+00"),
                 std::string("\"2024-03-01T12:34:56.25Z\""));
        QCOMPARE(json(ValueType::ZonedTimestamp, "2024-03-01 14:34:56+02"),
                 std::string("\"2024-03-01T12:34:56Z\""));
        QCOMPARE(json(ValueType::ZonedTimestamp, "2024-03-01 05:04:56.000001-07:30"),
                 std::string("\"2024-03-01T12:34:56.000001Z\""));
        // Date: days since the epoch.
        QCOMPARE(json(ValueType::Date, "1970-01-02"), std::string("1"));
        QCOMPARE(json(ValueType::Date, "2000-03-01"), std::string("11017"));
        QCOMPARE(json(ValueType::Date, "1969-12-31"), std::string("-1"));
        QCOMPARE(parseDateDays("0001-01-01 BC"), std::optional<std::int32_t>(-719528));
        // Unparseable input stays as a string rather than being lost.
        QCOMPARE(json(ValueType::Date, "garbage"), std::string("\"garbage\""));
        QCOMPARE(json(ValueType::Int32, "12x"), std::string("\"12x\""));
    }

    void serializesKeyAndEnvelope() {
        const TableInfo table = customerTable();
        EventSerializer s({"riverhotel", "riverdelta", "riverdelta-0.1.0"});
        const std::vector<pgoutput::ColumnValue> row{text("C-1"), text("3"), text("t"),
                                                     text("2024-03-01 12:34:56")};
        const Row after(row);
        QCOMPARE(std::string(s.key(table, after)), std::string("{\"customer_id\":\"C-1\"}"));

        SourceInfo source{1709296496000, "false", 777u, Lsn(0x1000), Lsn(0x900)};
        const auto value =
            nlohmann::json::parse(s.value(table, Op::Create, nullptr, &after, source, 1234));
        QVERIFY(value["before"].is_null());
        QCOMPARE(value["after"]["customer_id"].get<std::string>(), std::string("C-1"));
        QCOMPARE(value["after"]["visits"].get<int>(), 3);
        QCOMPARE(value["after"]["vip"].get<bool>(), true);
        QCOMPARE(value["after"]["created_at"].get<std::int64_t>(), 1709296496000000LL);
        QCOMPARE(value["op"].get<std::string>(), std::string("c"));
        QCOMPARE(value["ts_ms"].get<std::int64_t>(), 1234LL);
        QVERIFY(value["transaction"].is_null());
        const auto& src = value["source"];
        QCOMPARE(src["connector"].get<std::string>(), std::string("postgresql"));
        QCOMPARE(src["name"].get<std::string>(), std::string("riverhotel"));
        QCOMPARE(src["version"].get<std::string>(), std::string("riverdelta-0.1.0"));
        QCOMPARE(src["db"].get<std::string>(), std::string("riverdelta"));
        QCOMPARE(src["schema"].get<std::string>(), std::string("cdc"));
        QCOMPARE(src["table"].get<std::string>(), std::string("customer"));
        QCOMPARE(src["snapshot"].get<std::string>(), std::string("false"));
        QCOMPARE(src["ts_ms"].get<std::int64_t>(), 1709296496000LL);
        QCOMPARE(src["txId"].get<int>(), 777);
        QCOMPARE(src["lsn"].get<std::int64_t>(), 0x1000LL);
        QVERIFY(src["xmin"].is_null());
        QCOMPARE(src["sequence"].get<std::string>(), std::string("[\"2304\",\"4096\"]"));

        // A delete with only the key in the old image; an unchanged TOAST value.
        const std::vector<pgoutput::ColumnValue> old{
            text("C-1"), nullValue(), nullValue(), {pgoutput::ValueKind::UnchangedToast, {}}};
        const Row before(old);
        SourceInfo snap{5, "last", std::nullopt, Lsn(0x50), Lsn()};
        const auto d = nlohmann::json::parse(s.value(table, Op::Delete, &before, nullptr, snap, 6));
        QVERIFY(d["after"].is_null());
        QCOMPARE(d["before"]["customer_id"].get<std::string>(), std::string("C-1"));
        QVERIFY(d["before"]["visits"].is_null());
        QCOMPARE(d["before"]["created_at"].get<std::string>(), std::string(kUnavailableValue));
        QVERIFY(d["source"]["txId"].is_null());
        QCOMPARE(d["source"]["snapshot"].get<std::string>(), std::string("last"));
        QCOMPARE(d["source"]["sequence"].get<std::string>(), std::string("[null,\"80\"]"));
        QCOMPARE(d["op"].get<std::string>(), std::string("d"));

        const auto t =
            nlohmann::json::parse(s.value(table, Op::Truncate, nullptr, nullptr, snap, 7));
        QCOMPARE(t["op"].get<std::string>(), std::string("t"));
        QVERIFY(t["before"].is_null() && t["after"].is_null());
    }

    void compositeKeysFollowPrimaryKeyOrder() {
        TableInfo t;
        t.name = {"public", "booking"};
        t.primaryKey = {"room", "hotel_id"};
        t.setColumns({TableInfo::column("hotel_id", oid::kInt4),
                      TableInfo::column("room", oid::kInt4),
                      TableInfo::column("guest", oid::kText)});
        QCOMPARE(t.keyIndexes, (std::vector<std::size_t>{1, 0}));
        EventSerializer s({"p", "db", "v"});
        const std::vector<pgoutput::ColumnValue> row{text("7"), text("101"), text("ann")};
        QCOMPARE(std::string(s.key(t, Row(row))), std::string("{\"room\":101,\"hotel_id\":7}"));

        TableInfo broken;
        broken.name = {"public", "x"};
        broken.primaryKey = {"id"};
        QVERIFY_THROWS_EXCEPTION(CdcError, broken.setColumns({TableInfo::column("a", 25)}));
    }

    void relationMessagesUpdateTheColumnLayout() {
        TableInfo table = customerTable();
        pgoutput::Relation r;
        r.oid = 99;
        r.schema = "cdc";
        r.name = "customer";
        r.replicaIdentity = 'f';
        r.columns = {{1, "customer_id", oid::kText, -1}, {0, "email", oid::kText, -1}};
        table.applyRelation(r);
        QCOMPARE(table.oid, std::uint32_t(99));
        QCOMPARE(table.replicaIdentity, 'f');
        QCOMPARE(table.columns.size(), std::size_t(2));
        QCOMPARE(table.columns[1].member, std::string("\"email\":"));
        QCOMPARE(table.keyIndexes, (std::vector<std::size_t>{0}));
    }

    void ackTrackerConfirmsOnlyAcknowledgedPrefixes() {
        AckTracker tracker;
        QVERIFY(tracker.idle());
        auto& t1 = tracker.open();
        void* a = tracker.tagEvent(t1);
        void* b = tracker.tagTombstone(t1);
        tracker.seal(t1, Lsn(100));
        auto& t2 = tracker.open();
        void* c = tracker.tagEvent(t2);
        tracker.seal(t2, Lsn(200));
        auto& t3 = tracker.open();  // no messages (other tables), still open
        QVERIFY(!tracker.advance());

        tracker.onDelivery(c, true);  // later transaction acknowledged first
        QVERIFY(!tracker.advance());
        tracker.onDelivery(a, true);
        QVERIFY(!tracker.advance());
        tracker.onDelivery(b, true);
        QCOMPARE(tracker.advance(), std::optional<Lsn>(Lsn(200)));
        QCOMPARE(tracker.eventsAcknowledged(), std::uint64_t(2));  // tombstones not counted
        QVERIFY(!tracker.idle());
        tracker.seal(t3, Lsn(300));
        QCOMPARE(tracker.advance(), std::optional<Lsn>(Lsn(300)));
        QVERIFY(tracker.idle());

        auto& t4 = tracker.open();
        void* d = tracker.tagEvent(t4);
        void* e = tracker.tagEvent(t4);
        AckTracker::release(e);  // produce failed before librdkafka took it
        tracker.seal(t4, Lsn(400));
        tracker.onDelivery(d, false, "broker down");
        QVERIFY(tracker.failed());
        QCOMPARE(tracker.failure(), std::string("broker down"));
        QVERIFY(!tracker.advance());  // a lost message keeps its transaction unconfirmed
    }

    void actionableMessagesForServerProblems() {
        QVERIFY(!walLevelProblem("logical"));
        const auto replica = walLevelProblem("replica");
        QVERIFY(replica);
        QVERIFY(replica->find("'replica'") != std::string::npos);
        QVERIFY(replica->find("ALTER SYSTEM SET wal_level = logical") != std::string::npos);
        QVERIFY(replica->find("restart") != std::string::npos);
        QVERIFY(!replicationPrivilegeProblem("bob", false, true));
        QVERIFY(!replicationPrivilegeProblem("root", true, false));
        const auto priv = replicationPrivilegeProblem("bob", false, false);
        QVERIFY(priv && priv->find("ALTER ROLE \"bob\" WITH REPLICATION") != std::string::npos);
        QVERIFY(validSlotName("riverdelta_cdc_2"));
        QVERIFY(!validSlotName("Bad-Name"));
        QVERIFY(!validSlotName(""));
        QCOMPARE(TableName::parse("cdc.customer").sql(), std::string("\"cdc\".\"customer\""));
        QCOMPARE(TableName::parse("hotel").schema, std::string("public"));
        QCOMPARE(quoteLiteral("it's"), std::string("'it''s'"));
    }
};

QTEST_GUILESS_MAIN(CdcUnitTest)
#include "test_cdc.moc"
