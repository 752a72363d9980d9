// The built-in River Hotels scenario: counts, id formats, referential integrity, weights,
// clamps and timestamp windows, with a fixed run clock.
#include <QtTest>
#include <cctype>
#include <map>
#include <regex>
#include <set>

#include "engine/generate/value_json_writer.h"
#include "engine/run/scenario_control.h"
#include "engine/scenario/builtin_scenarios.h"
#include "scenario_test_support.h"

using namespace rdtest;
using nlohmann::json;

namespace {
constexpr std::int64_t kDay = 86400000;

struct Run {
    std::map<std::string, std::vector<json>> values;  // by generator name
    std::map<std::string, std::vector<double>> due;
    std::map<std::string, std::vector<std::string>> keys;
    std::map<std::string, std::vector<json>> wheres;  // update generators' where objects
    std::vector<int> stages;
};

Run runAll(const generate::Program& p, std::uint64_t seed) {
    generate::FixedClock clock(kNow);
    generate::Session s(p, {.seed = seed, .speed = 1.0, .clock = &clock});
    generate::Event ev;
    Run r;
    generate::Session::Status st;
    while ((st = s.next(ev)) == generate::Session::Status::Event) {
        const auto& name = p.generators()[ev.generator].name;
        r.values[name].push_back(json::parse(ev.payloadJson));
        r.due[name].push_back(ev.dueMs);
        r.keys[name].emplace_back(ev.keyJson);
        if (ev.op == generate::RowOp::Update) {
            std::string where;
            generate::ValueJsonWriter(where).value(ev.where);
            r.wheres[name].push_back(json::parse(where));
        }
        r.stages.push_back(ev.stage);
    }
    if (st != generate::Session::Status::Finished) qWarning("%s", s.error().c_str());
    return r;
}

}  // namespace

class RiverHotelsTest : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase();
    void countsAndStages();
    void updatesTouchExistingRows();
    void idFormatsAndUniqueness();
    void emailsNameTheirCustomer();
    void referentialIntegrity();
    void repeatCustomersAndWeights();
    void hotels();
    void timestampWindows();
    void reviewsMatchTheirRating();
    void streamingThrottles();
    void sinkMetadata();

  private:
    std::unique_ptr<generate::Program> program_;
    Run run_;
};

void RiverHotelsTest::initTestCase() {
    QCOMPARE(scenario::builtinScenarioNames(), std::vector<std::string>{"river-hotels"});
    scenario::Diagnostics d;
    program_ = generate::loadProgram(scenario::builtinScenarioPath(), {}, d);
    QVERIFY2(program_, d.format().c_str());
    run_ = runAll(*program_, 2024);
}

void RiverHotelsTest::countsAndStages() {
    const std::map<std::string, std::size_t> expected = {{"customer", 1000},
                                                         {"hotel", 30},
                                                         {"customer_updates", 500},
                                                         {"hotel_updates", 30},
                                                         {"clickstream_historical", 3000},
                                                         {"bookings_historical", 400},
                                                         {"reviews_historical", 200},
                                                         {"clickstream_streaming", 125},
                                                         {"bookings_streaming", 20},
                                                         {"reviews_streaming", 10},
                                                         {"customer_updates_streaming", 20},
                                                         {"hotel_updates_streaming", 5}};
    for (const auto& [name, n] : expected)
        QCOMPARE(run_.values[name].size(), n);
    QVERIFY(std::is_sorted(run_.stages.begin(), run_.stages.end()));
    QCOMPARE(run_.stages.front(), 0);
    QCOMPARE(run_.stages.back(), 3);
    QCOMPARE(run::stageLabel(*program_, 0), std::string("Seed"));
    QCOMPARE(run::stageLabel(*program_, 1), std::string("Updates"));
    QCOMPARE(run::stageLabel(*program_, 2), std::string("Historical"));
    QCOMPARE(run::stageLabel(*program_, 3), std::string("Streaming"));
}

// Every update names a row the seed stage wrote, by its key, and sets only what changes.
void RiverHotelsTest::updatesTouchExistingRows() {
    const struct {
        const char* seed;
        const char* key;
        std::vector<const char*> updaters;
        std::set<std::string> columns;
    } tables[] = {{"customer",
                   "customer_id",
                   {"customer_updates", "customer_updates_streaming"},
                   {"loyalty_tier", "updated_at"}},
                  {"hotel",
                   "hotel_id",
                   {"hotel_updates", "hotel_updates_streaming"},
                   {"room_capacity", "updated_at"}}};
    for (const auto& t : tables) {
        std::set<std::string> keys;
        for (const auto& row : run_.values[t.seed])
            keys.insert(row[t.key].get<std::string>());
        for (const char* updater : t.updaters) {
            const auto& wheres = run_.wheres[updater];
            QCOMPARE(wheres.size(), run_.values[updater].size());
            for (std::size_t i = 0; i < wheres.size(); ++i) {
                QCOMPARE(wheres[i].size(), std::size_t(1));
                QVERIFY2(keys.count(wheres[i][t.key].get<std::string>()), updater);
                std::set<std::string> set;
                for (const auto& [column, value] : run_.values[updater][i].items())
                    set.insert(column);
                QCOMPARE(set, t.columns);
            }
        }
    }
    // About half the customers get a new tier; the tiers follow their weights.
    std::map<std::string, int> tiers;
    for (const auto& u : run_.values["customer_updates"])
        ++tiers[u["loyalty_tier"].get<std::string>()];
    QVERIFY(tiers["silver"] > tiers["gold"] && tiers["gold"] > tiers["platinum"]);
}

void RiverHotelsTest::idFormatsAndUniqueness() {
    const std::vector<std::tuple<std::string, std::string, std::string>> ids = {
        {"customer", "customer_id", "C\\d{4}"},
        {"hotel", "hotel_id", "H\\d{3}"},
        {"clickstream_historical", "activity_id", "A\\d{6}"},
        {"clickstream_streaming", "activity_id", "A\\d{6}"},
        {"bookings_historical", "booking_id", "B\\d{5}"},
        {"bookings_streaming", "booking_id", "B\\d{5}"},
        {"reviews_historical", "review_id", "R\\d{5}"},
        {"reviews_streaming", "review_id", "R\\d{5}"}};
    std::map<char, std::set<std::string>> seen;
    for (const auto& [gen, field, pattern] : ids) {
        const std::regex re(pattern);
        for (std::size_t i = 0; i < run_.values[gen].size(); ++i) {
            const auto id = run_.values[gen][i][field].get<std::string>();
            QVERIFY2(std::regex_match(id, re), id.c_str());
            QVERIFY2(seen[id[0]].insert(id).second, ("duplicate " + id).c_str());
            if (gen != "customer" && gen != "hotel") {
                QCOMPARE(run_.keys[gen][i], "\"" + id + "\"");  // Kafka key = id
            }
        }
    }
    std::set<std::string> emails;
    for (const auto& c : run_.values["customer"]) {
        QVERIFY(emails.insert(c["email"].get<std::string>()).second);  // primary key
        QVERIFY(c["email"].get<std::string>().find('@') != std::string::npos);
    }
}

// Issue 16: an email named someone else (marco.haddad.1999@… for Ines Jansen). Each one is now
// made of the row's own names and its customer number, so all 1,000 are distinct too.
void RiverHotelsTest::emailsNameTheirCustomer() {
    const auto& customers = run_.values["customer"];
    QCOMPARE(customers.size(), std::size_t(1000));
    auto lower = [](std::string s) {
        for (auto& ch : s)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return s;
    };
    std::set<std::string> emails;
    for (const auto& c : customers) {
        const auto email = c["email"].get<std::string>();
        const std::string names = lower(c["first_name"].get<std::string>()) + "." +
                                  lower(c["last_name"].get<std::string>()) + ".";
        QVERIFY2(email.rfind(names, 0) == 0, (email + " for " + names).c_str());
        const std::string number = c["customer_id"].get<std::string>().substr(1);
        QCOMPARE(email, names + number + "@example.com");
        QVERIFY2(emails.insert(email).second, ("duplicate " + email).c_str());
    }
    QCOMPARE(emails.size(), std::size_t(1000));
}

void RiverHotelsTest::referentialIntegrity() {
    std::set<std::string> emails, hotels, bookings;
    std::map<std::string, std::string> bookingHotel;
    for (const auto& c : run_.values["customer"])
        emails.insert(c["email"].get<std::string>());
    for (const auto& h : run_.values["hotel"])
        hotels.insert(h["hotel_id"].get<std::string>());
    for (const char* gen : {"clickstream_historical", "clickstream_streaming",
                            "bookings_historical", "bookings_streaming"}) {
        for (const auto& v : run_.values[gen]) {
            QVERIFY(emails.count(v["customer_email"].get<std::string>()));
            QVERIFY(hotels.count(v["hotel_id"].get<std::string>()));
        }
    }
    for (const auto& b : run_.values["bookings_historical"]) {
        bookings.insert(b["booking_id"].get<std::string>());
        bookingHotel[b["booking_id"]] = b["hotel_id"];
    }
    std::set<std::string> reviewed;
    for (const char* gen : {"reviews_historical", "reviews_streaming"}) {
        for (const auto& r : run_.values[gen]) {
            const auto id = r["booking_id"].get<std::string>();
            QVERIFY2(bookings.count(id), id.c_str());          // a historical booking
            QVERIFY2(reviewed.insert(id).second, id.c_str());  // reviewed once
            QCOMPARE(r["hotel_id"].get<std::string>(), bookingHotel[id]);
        }
    }
    QCOMPARE(reviewed.size(), std::size_t(210));
}

void RiverHotelsTest::repeatCustomersAndWeights() {
    // The first 20% of customers (emission order) make ~80% of the clicks and bookings.
    std::map<std::string, std::size_t> rank;
    for (std::size_t i = 0; i < run_.values["customer"].size(); ++i)
        rank[run_.values["customer"][i]["email"]] = i;
    int core = 0, total = 0;
    std::map<std::string, int> actions;
    for (const char* gen : {"clickstream_historical", "bookings_historical"}) {
        for (const auto& v : run_.values[gen]) {
            ++total;
            core += rank[v["customer_email"]] < 200;
            if (v.contains("action")) actions[v["action"]]++;
        }
    }
    QVERIFY2(std::abs(core / double(total) - 0.8) < 0.03, std::to_string(core).c_str());
    const double n = 3000;
    QVERIFY(std::abs(actions["page-view"] / n - 0.5) < 0.04);
    QVERIFY(std::abs(actions["page-click"] / n - 0.3) < 0.04);
    QVERIFY(std::abs(actions["booking-click"] / n - 0.2) < 0.04);
    const std::regex url("/hotels/H\\d{3}(/rooms/\\d{3})?");
    for (const auto& v : run_.values["clickstream_historical"]) {
        const auto u = v["url"].get<std::string>();
        QVERIFY2(std::regex_match(u, url), u.c_str());
        QVERIFY(u.rfind("/hotels/" + v["hotel_id"].get<std::string>(), 0) == 0);
        const auto d = v["event_duration"].get<std::int64_t>();
        QVERIFY(d >= 30 && d <= 600);
    }
    for (const auto& b : run_.values["bookings_historical"]) {
        const auto occ = b["occupants"].get<int>();
        QVERIFY(occ >= 1 && occ <= 6);
        const double price = b["price"].get<double>();
        QVERIFY(price >= 100 && price <= 400);
        QVERIFY(std::abs(price * 100 - std::round(price * 100)) < 1e-6);
    }
}

void RiverHotelsTest::hotels() {
    std::map<std::string, std::vector<std::string>> byCategory;
    std::string error;
    auto content = scenario::builtinFiles()->read(
        "builtin:/river-hotels/content/hotel_categories.json", error);
    QVERIFY(content);
    for (const auto& c : json::parse(*content))
        byCategory[c["category"]] = c["descriptions"].get<std::vector<std::string>>();
    QCOMPARE(byCategory.size(), std::size_t(5));
    std::set<std::string> countries;
    for (const auto& h : run_.values["hotel"]) {
        const auto cat = h["category"].get<std::string>();
        QVERIFY(byCategory.count(cat));
        const auto& ds = byCategory[cat];
        QVERIFY(std::find(ds.begin(), ds.end(), h["description"].get<std::string>()) != ds.end());
        const std::string name = h["name"];
        QVERIFY2(name.rfind("River " + h["city"].get<std::string>() + " ", 0) == 0, name.c_str());
        const auto cap = h["room_capacity"].get<std::int64_t>();
        QVERIFY(cap >= 150 && cap <= 500);
        countries.insert(h["country"].get<std::string>());
    }
    QVERIFY(countries.size() <= 9);
    QVERIFY(countries.size() >= 5);
}

void RiverHotelsTest::timestampWindows() {
    for (const char* gen : {"customer", "hotel"}) {
        for (const auto& v : run_.values[gen]) {
            const auto t = v["created_at"].get<std::int64_t>();
            QVERIFY(t >= kNow - 71 * kDay && t <= kNow - 70 * kDay);
        }
    }
    const std::regex date("\\d{4}-\\d{2}-\\d{2}");
    for (const auto& c : run_.values["customer"]) {
        const auto bd = c["birth_date"].get<std::string>();
        QVERIFY(std::regex_match(bd, date));
        QVERIFY(bd < "2008-01-01" && bd > "1958-01-01");
    }
    for (const auto& v : run_.values["clickstream_historical"]) {
        const auto t = v["created_at"].get<std::int64_t>();
        QVERIFY(t >= kNow - 56 * kDay && t <= kNow);
    }
    for (const auto& b : run_.values["bookings_historical"]) {
        const auto in = b["check_in"].get<std::int64_t>(), out = b["check_out"].get<std::int64_t>(),
                   created = b["created_at"].get<std::int64_t>();
        QVERIFY(in >= kNow - 56 * kDay && in < kNow);  // in the past
        QVERIFY((out - in) % kDay == 0 && out - in >= 2 * kDay && out - in <= 5 * kDay);
        QVERIFY(in - created >= 2 * kDay && in - created < 22 * kDay);
    }
    for (const auto& b : run_.values["bookings_streaming"]) {
        const auto in = b["check_in"].get<std::int64_t>();
        QVERIFY(in > kNow);  // future check-ins
        QCOMPARE(b["created_at"].get<std::int64_t>(), kNow);
        QVERIFY(b["check_out"].get<std::int64_t>() - in >= 2 * kDay);
    }
    std::map<std::string, std::int64_t> checkOut;
    for (const auto& b : run_.values["bookings_historical"])
        checkOut[b["booking_id"]] = b["check_out"];
    for (const auto& r : run_.values["reviews_historical"]) {
        const auto t = r["created_at"].get<std::int64_t>();
        QVERIFY(t <= kNow);
        QVERIFY(t >= std::min(checkOut[r["booking_id"]], kNow));
    }
}

void RiverHotelsTest::reviewsMatchTheirRating() {
    std::string error;
    auto content = scenario::builtinFiles()->read(
        "builtin:/river-hotels/content/reviews_by_rating.json", error);
    QVERIFY(content);
    std::map<int, std::set<std::string>> byRating;
    for (const auto& c : json::parse(*content))
        for (const auto& t : c["value"]["texts"])
            byRating[c["value"]["rating"]].insert(t);
    std::map<int, int> counts;
    for (const char* gen : {"reviews_historical", "reviews_streaming"}) {
        for (const auto& r : run_.values[gen]) {
            const int rating = r["review_rating"];
            QVERIFY(rating >= 1 && rating <= 5);
            QVERIFY(byRating[rating].count(r["review_text"].get<std::string>()));
            counts[rating]++;
        }
    }
    QCOMPARE(counts.size(), std::size_t(5));
}

void RiverHotelsTest::streamingThrottles() {
    const std::vector<std::tuple<std::string, double, double>> gaps = {
        {"clickstream_streaming", 10000, 15000},
        {"bookings_streaming", 45000, 60000},
        {"reviews_streaming", 100000, 150000},
        {"customer_updates_streaming", 20000, 40000},
        {"hotel_updates_streaming", 60000, 120000}};
    for (const auto& [gen, lo, hi] : gaps) {
        const auto& d = run_.due[gen];
        for (std::size_t i = 1; i < d.size(); ++i) {
            QVERIFY2(d[i] - d[i - 1] >= lo && d[i] - d[i - 1] <= hi, gen.c_str());
        }
    }
    // Historical stages are not throttled: they finish at logical time 0.
    QCOMPARE(run_.due["bookings_historical"].back(), 0.0);
}

void RiverHotelsTest::sinkMetadata() {
    const auto& gens = program_->generators();
    QCOMPARE(gens[0].target, std::string("cdc.customer"));
    QCOMPARE(gens[0].connection, std::string("postgres"));
    QCOMPARE(gens[0].columns[1].name, std::string("email"));
    QCOMPARE(gens[0].columns[1].pgHint, std::string("VARCHAR(128) PRIMARY KEY"));
    QCOMPARE(gens[1].columns[6].kind, std::optional(generate::ValueKind::Int));  // room_capacity
    for (std::size_t i = 2; i < gens.size(); ++i) {
        if (gens[i].kind == generate::TargetKind::Table) {
            QCOMPARE(gens[i].ops, std::vector<generate::RowOp>{generate::RowOp::Update});
            continue;
        }
        QCOMPARE(gens[i].connection, std::string("kafka"));
        QCOMPARE(gens[i].avroSchemaHint["value"]["type"], json("record"));
        QCOMPARE(gens[i].avroSchemaHint["value"]["fields"].size(), gens[i].columns.size());
    }
    QCOMPARE(program_->findConnection("postgres")->tablePolicy, std::string("create"));
    QCOMPARE(program_->stages().size(), std::size_t(4));
}

QTEST_GUILESS_MAIN(RiverHotelsTest)
#include "test_river_hotels.moc"
