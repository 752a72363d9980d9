// Faker expressions: every one parses and makes values of the right shape, valid check digits,
// determinism per seed, typo suggestions, argument errors, documentation and corpus coverage.
#include <QtTest>
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <map>
#include <new>
#include <regex>
#include <set>
#include <sstream>

#include "engine/generate/faker.h"
#include "engine/generate/faker_data.h"
#include "scenario_test_support.h"

using namespace rdtest;
using generate::Faker;

// Counts heap allocations while `gCounting` is set, to prove evaluation allocates nothing.
namespace {
std::atomic<bool> gCounting{false};
std::atomic<long> gAllocations{0};
}  // namespace

void* operator new(std::size_t n) {
    if (gCounting.load(std::memory_order_relaxed)) gAllocations.fetch_add(1);
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}

namespace {

// Arguments for expressions that need some.
const std::map<std::string, std::string> kSampleArguments = {
    {"Number.numberBetween", "'1','10'"},
    {"Number.randomDouble", "'2','1','100'"},
    {"Date.past", "'10','DAYS'"},
    {"Date.future", "'10','DAYS'"},
    {"Date.between", "'2020-01-01','2020-12-31'"},
    {"TimeAndDate.past", "'10','DAYS'"},
    {"TimeAndDate.future", "'10','DAYS'"},
    {"TimeAndDate.between", "'2020-01-01','2020-12-31'"},
    {"numerify", "'###-##'"},
    {"letterify", "'?\?-?\?'"},
    {"bothify", "'??##'"},
    {"regexify", "'[a-z]{3}(x|y)'"},
    {"Options.option", "'a','b','c'"},
};

std::string withArguments(const std::string& name) {
    auto it = kSampleArguments.find(name);
    return it == kSampleArguments.end() ? name : name + " " + it->second;
}

Faker::Call mustParse(const std::string& expression) {
    std::string error;
    auto call = Faker::parse(expression, error);
    if (!call) qFatal("%s: %s", expression.c_str(), error.c_str());
    return *call;
}

std::vector<std::string> values(const std::string& expression, int n, std::uint64_t seed = 7) {
    const Faker::Call call = mustParse(expression);
    generate::Rng rng(seed);
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) {
        std::string s;
        Faker::generate(call, rng, kNow, s);
        out.push_back(std::move(s));
    }
    return out;
}

std::string parseError(const std::string& expression) {
    std::string error;
    if (Faker::parse(expression, error)) return "(accepted)";
    return error;
}

bool luhnValid(const std::string& s) {
    int sum = 0, pos = 0;
    for (auto it = s.rbegin(); it != s.rend(); ++it) {
        if (*it < '0' || *it > '9') continue;
        int d = *it - '0';
        if (pos++ % 2 == 1) {
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
    }
    return pos >= 12 && sum % 10 == 0;
}

bool ibanValid(const std::string& iban) {
    const std::string moved = iban.substr(4) + iban.substr(0, 4);
    int mod = 0;
    for (char c : moved) {
        if (std::isdigit(static_cast<unsigned char>(c))) {
            mod = (mod * 10 + (c - '0')) % 97;
        } else {
            mod = (mod * 100 + (c - 'A' + 10)) % 97;
        }
    }
    return mod == 1;
}

bool eanValid(const std::string& s) {
    int sum = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const int d = s[s.size() - 1 - i] - '0';
        sum += i % 2 == 1 ? 3 * d : d;
    }
    return sum % 10 == 0;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The Faker paragraph of docs/scenario-language.md (from "Faker expressions" to "nearest known
// one"): "Provider.a/b/c" chains and helpers.
std::set<std::string> documentedExpressions() {
    std::string doc = readFile(RIVERDELTA_SOURCE_DIR "/docs/scenario-language.md");
    const auto start = doc.find("Faker expressions");
    const auto end = doc.find("nearest known one", start);  // the paragraph's last words
    if (start == std::string::npos || end == std::string::npos) return {};
    std::string text = doc.substr(start, end - start);
    std::string joined;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') {
            if (!joined.empty() && joined.back() != '/') joined += ' ';
            continue;
        }
        joined += text[i];
    }
    std::set<std::string> names;
    const std::regex chain("([A-Z][A-Za-z]+)\\.([A-Za-z0-9]+(?:/[A-Za-z0-9]+)*)");
    for (auto it = std::sregex_iterator(joined.begin(), joined.end(), chain);
         it != std::sregex_iterator(); ++it) {
        std::stringstream methods((*it)[2].str());
        std::string m;
        while (std::getline(methods, m, '/'))
            names.insert((*it)[1].str() + "." + m);
    }
    for (const char* helper : {"numerify", "letterify", "bothify", "regexify"}) {
        if (joined.find(std::string("`") + helper) != std::string::npos) names.insert(helper);
    }
    return names;
}

}  // namespace

class FakerTest : public QObject {
    Q_OBJECT

  private slots:
    void everyExpressionParsesAndGenerates();
    void shapes_data();
    void shapes();
    void checkDigitsAreValid();
    void addressesAreConsistent();
    void numbersStayInRange();
    void datesFollowArguments();
    void helpers();
    void caseAndSnakeCaseAreAccepted();
    void deterministicPerSeed();
    void typosGetSuggestions();
    void argumentErrors();
    void evaluationDoesNotAllocate();
    void documentedExpressionsAreAccepted();
    void shadowTrafficListedExpressionsAreAccepted();
    void corpusUsesEveryExpression();
};

void FakerTest::everyExpressionParsesAndGenerates() {
    QVERIFY(Faker::names().size() >= 150);
    for (const auto& name : Faker::names()) {
        const auto v = values(withArguments(name), 20);
        for (const auto& s : v)
            QVERIFY2(!s.empty(), name.c_str());
        // Lists and patterns have variety: 20 draws are rarely all equal.
        if (name != "Options.option" && name.find("Date") == std::string::npos) {
            std::set<std::string> distinct(v.begin(), v.end());
            QVERIFY2(distinct.size() > 1 || name == "Lorem.character", name.c_str());
        }
    }
}

void FakerTest::shapes_data() {
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("pattern");
    const std::string word = "[A-Z][a-z]+";
    const std::vector<std::pair<std::string, std::string>> rows = {
        {"Name.firstName", word},
        {"Name.lastName", word},
        {"Name.fullName", "((Mr\\.|Ms\\.|Mrs\\.|Miss|Dr\\.|Mx\\.) )?" + word + " " + word +
                              "( (Jr\\.|Sr\\.|II|III|IV|PhD|MD|DDS))?"},
        {"Name.nameWithMiddle", word + " " + word + " " + word},
        {"Name.username", "[a-z]+\\.[a-z]+"},
        {"Name.title", word + " " + word + " " + word},
        {"Address.streetAddress", "\\d{1,4} [A-Z][a-z]+ [A-Z][a-z]+"},
        {"Address.buildingNumber", "[1-9]\\d{0,3}"},
        {"Address.zipCode", "\\d{5}"},
        {"Address.zipCodePlus4", "\\d{5}-\\d{4}"},
        {"Address.secondaryAddress", "(Apt\\.|Suite|Unit) \\d+"},
        {"Address.mailBox", "PO Box \\d+"},
        {"Address.stateAbbr", "[A-Z]{2}"},
        {"Address.countryCode", "[A-Z]{2}"},
        {"Address.latitude", "-?\\d{1,2}\\.\\d{8}"},
        {"Address.longitude", "-?\\d{1,3}\\.\\d{8}"},
        {"Address.latLon", "-?\\d{1,2}\\.\\d{8},-?\\d{1,3}\\.\\d{8}"},
        {"Address.timeZone", "[A-Za-z]+(/[A-Za-z_]+)?"},
        {"Address.fullAddress",
         "\\d+ [A-Z][a-z]+ [A-Z][a-z]+( (Apt\\.|Suite|Unit) \\d+)?, [A-Za-z ]+, [A-Z]{2} \\d{5}"},
        {"Internet.emailAddress", "[a-z]+\\.[a-z]+\\d{2}@(example\\.(com|org|net)|mail\\.example)"},
        {"Internet.safeEmailAddress", "[a-z]+\\.[a-z]+\\d{2}@example\\.(com|org|net)"},
        {"Internet.domainName", "[a-z]+(-[a-z]+)?\\.[a-z]{2,4}"},
        {"Internet.url", "https?://(www\\.)?[a-z-]+\\.[a-z]{2,4}/[a-z_/]*"},
        {"Internet.slug", "[a-z]+_[a-z]+"},
        {"Internet.uuid", "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"},
        {"Internet.uuidv7", "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"},
        {"Internet.ipV4Address", "(\\d{1,3}\\.){3}\\d{1,3}"},
        {"Internet.ipV4Cidr", "(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}"},
        {"Internet.ipV6Address",
         "([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|fe80::([0-9a-f]{4}:){3}[0-9a-f]{4}"},
        {"Internet.macAddress", "([0-9a-f]{2}:){5}[0-9a-f]{2}"},
        {"Internet.password", "[A-Za-z0-9]{8,16}"},
        {"Internet.port", "\\d{1,5}"},
        {"Internet.userAgent", "Mozilla/5\\.0 \\(.+\\) .+"},
        {"Commerce.productName", "[A-Z][a-z]+ [A-Z][a-z]+ [A-Z][a-z]+( [A-Z][a-z]+)?"},
        {"Commerce.price", "\\d{1,3}\\.\\d{2}"},
        {"Commerce.promotionCode", "[A-Z][a-z]+[A-Z][a-z]+\\d{6}"},
        {"Company.name",
         "[A-Z][a-z]+( [A-Z][a-z]+| and Sons|-[A-Z][a-z]+|, [A-Z][a-z]+ and "
         "[A-Z][a-z]+| LLC)"},
        {"Company.url", "www\\.[a-z]+\\.[a-z]{2,4}"},
        {"Company.logo", "https://img\\.example\\.com/logos/company-\\d+\\.png"},
        {"Finance.creditCard", "\\d{4}-(\\d{4}-\\d{4}-\\d{4}|\\d{6}-\\d{5}|\\d{6}-\\d{4})"},
        {"Finance.iban", "[A-Z]{2}\\d{2}[A-Z0-9]{11,30}"},
        {"Finance.bic", "[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?"},
        {"Business.creditCardNumber", "\\d{4}-\\d{4}-\\d{4}-\\d{4}"},
        {"Business.creditCardExpiry", "20\\d{2}-\\d{2}-\\d{2}"},
        {"Business.securityCode", "\\d{3}"},
        {"App.version", "\\d+\\.\\d+(\\.\\d+)?"},
        {"Job.title", "[A-Z][a-z]+ [A-Z][A-Za-z ]+"},
        {"Color.hex", "#[0-9a-f]{6}"},
        {"Lorem.words", "[a-z]+ [a-z]+ [a-z]+"},
        {"Lorem.words '5'", "[a-z]+( [a-z]+){4}"},
        {"Lorem.sentence", "[A-Z][a-z]+( [a-z]+){3,9}\\."},
        {"Lorem.sentence '6'", "[A-Z][a-z]+( [a-z]+){5}\\."},
        {"Lorem.paragraph", "([A-Z][a-z]+( [a-z]+){3,9}\\. ?){3,5}"},
        {"Lorem.paragraph '2'", "[A-Z][a-z ]+\\. [A-Z][a-z ]+\\."},
        {"Lorem.characters '12'", "[a-z0-9]{12}"},
        {"Lorem.characters '3','5'", "[a-z0-9]{3,5}"},
        {"Lorem.characters", "[a-z0-9]{255}"},
        {"Lorem.fixedString '7'", "[a-z]{7}"},
        {"Number.digit", "\\d"},
        {"Number.digits '6'", "\\d{6}"},
        {"Number.randomDigitNotZero", "[1-9]"},
        {"Number.randomNumber '4','true'", "[1-9]\\d{3}"},
        {"Number.randomDouble '2','1','100'", "\\d{1,3}\\.\\d{1,2}"},
        {"Number.positive", "[1-9]\\d*"},
        {"Number.negative", "-[1-9]\\d*"},
        {"PhoneNumber.cellPhone", "555-\\d{3}-\\d{4}"},
        {"PhoneNumber.phoneNumber", "\\(555\\) \\d{3}-\\d{4}|555[-.]\\d{3}[-.]\\d{4}"},
        {"PhoneNumber.phoneNumberInternational", "\\+1 555-\\d{3}-\\d{4}"},
        {"PhoneNumber.subscriberNumber '6'", "\\d{6}"},
        {"Date.birthday", "\\d{4}-\\d{2}-\\d{2}"},
        {"Date.past '3','HOURS'", "2025-06-15 1[2-5]:\\d{2}:\\d{2}\\.\\d{3}"},
        {"Date.future '2','DAYS','yyyy/MM/dd'", "2025/06/1[5-7]"},
        {"TimeAndDate.past '1','MINUTES'", "2025-06-15T15:0[56]:\\d{2}\\.\\d{3}Z"},
        {"IdNumber.valid", "\\d{3}-\\d{2}-\\d{4}"},
        {"IdNumber.ssnValid", "\\d{3}-\\d{2}-\\d{4}"},
        {"Code.isbn10", "\\d{9}[\\dX]"},
        {"Code.isbn13", "97[89]\\d{10}"},
        {"Code.ean8", "\\d{8}"},
        {"Bool.bool", "true|false"},
        {"numerify 'AB-###'", "AB-\\d{3}"},
        {"letterify '?\?-x'", "[a-z]{2}-x"},
        {"letterify '?\?','true'", "[A-Z]{2}"},
        {"bothify '??##'", "[a-z]{2}\\d{2}"},
        {"regexify '[A-F]{2}-(ab|cd)\\d+'", "[A-F]{2}-(ab|cd)\\d+"},
        {"Options.option 'red','green'", "red|green"},
    };
    for (const auto& [expr, re] : rows)
        QTest::newRow(expr.c_str()) << QString::fromStdString(expr) << QString::fromStdString(re);
}

void FakerTest::shapes() {
    QFETCH(QString, expression);
    QFETCH(QString, pattern);
    const std::regex re(pattern.toStdString());
    for (const auto& s : values(expression.toStdString(), 300))
        QVERIFY2(std::regex_match(s, re), (expression.toStdString() + " -> " + s).c_str());
}

void FakerTest::checkDigitsAreValid() {
    for (const char* e : {"Finance.creditCard", "Business.creditCardNumber"}) {
        for (const auto& s : values(e, 500))
            QVERIFY2(luhnValid(s), s.c_str());
    }
    std::set<std::string> countries;
    for (const auto& s : values("Finance.iban", 500)) {
        QVERIFY2(ibanValid(s), s.c_str());
        countries.insert(s.substr(0, 2));
    }
    QVERIFY(countries.count("DE") && countries.count("GB") && countries.size() >= 8);
    QVERIFY(ibanValid("GB82WEST12345698765432"));  // the published example checks our checker
    for (const char* e : {"Code.ean13", "Code.ean8", "Code.isbn13", "Code.gtin13"}) {
        for (const auto& s : values(e, 300))
            QVERIFY2(eanValid(s), s.c_str());
    }
    for (const auto& s : values("Code.isbn10", 300)) {
        int sum = 0;
        for (int i = 0; i < 10; ++i)
            sum += (10 - i) * (s[i] == 'X' ? 10 : s[i] - '0');
        QVERIFY2(sum % 11 == 0, s.c_str());
    }
    for (const auto& s : values("Finance.usRoutingNumber", 300)) {
        QCOMPARE(s.size(), std::size_t(9));
        const auto d = [&](int i) { return s[static_cast<std::size_t>(i)] - '0'; };
        const int sum = 3 * (d(0) + d(3) + d(6)) + 7 * (d(1) + d(4) + d(7)) + (d(2) + d(5) + d(8));
        QVERIFY2(sum % 10 == 0, s.c_str());
    }
    for (const auto& s : values("IdNumber.valid", 1000)) {
        const int area = std::stoi(s.substr(0, 3));
        QVERIFY2(area > 0 && area != 666 && area < 900, s.c_str());
        QVERIFY(s.substr(4, 2) != "00" && s.substr(7) != "0000");
    }
    for (const auto& s : values("IdNumber.invalid", 300)) {
        const int area = std::stoi(s.substr(0, 3));
        QVERIFY2(area == 0 || area == 666 || area >= 900 || s.substr(4, 2) == "00" ||
                     s.substr(7) == "0000",
                 s.c_str());
    }
}

void FakerTest::addressesAreConsistent() {
    const auto states = generate::faker_data::states();
    const auto abbreviations = generate::faker_data::stateAbbreviations();
    QCOMPARE(states.size(), std::size_t(50));
    QCOMPARE(abbreviations.size(), std::size_t(50));
    // Spot checks that the two lists line up.
    const auto at = [&](std::string_view state) {
        return abbreviations[static_cast<std::size_t>(
            std::find(states.begin(), states.end(), state) - states.begin())];
    };
    QCOMPARE(at("California"), std::string_view("CA"));
    QCOMPARE(at("New York"), std::string_view("NY"));
    QCOMPARE(at("Texas"), std::string_view("TX"));
    QCOMPARE(at("Wyoming"), std::string_view("WY"));
    QCOMPARE(at("Maine"), std::string_view("ME"));
    QCOMPARE(at("Missouri"), std::string_view("MO"));
    for (const auto& s : values("Address.state", 200))
        QVERIFY(std::find(states.begin(), states.end(), s) != states.end());
    for (const auto& s : values("Address.stateAbbr", 200))
        QVERIFY(std::find(abbreviations.begin(), abbreviations.end(), s) != abbreviations.end());
    for (const auto& s : values("Address.latitude", 2000)) {
        const double v = std::stod(s);
        QVERIFY2(v >= -90 && v <= 90, s.c_str());
    }
    double lo = 0, hi = 0;
    for (const auto& s : values("Address.longitude", 2000)) {
        const double v = std::stod(s);
        QVERIFY2(v >= -180 && v <= 180, s.c_str());
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    QVERIFY(lo < -150 && hi > 150);  // the whole range is used
    for (const auto& s : values("Internet.ipV4Address", 1000)) {
        int octets = 0;
        std::stringstream ss(s);
        std::string part;
        while (std::getline(ss, part, '.')) {
            const int v = std::stoi(part);
            QVERIFY2(v >= 0 && v <= 255 && std::to_string(v) == part, s.c_str());
            ++octets;
        }
        QCOMPARE(octets, 4);
    }
    for (const auto& s : values("Internet.privateIpV4Address", 300)) {
        QVERIFY2(s.rfind("10.", 0) == 0 || s.rfind("192.168.", 0) == 0 ||
                     (s.rfind("172.", 0) == 0 && std::stoi(s.substr(4)) >= 16 &&
                      std::stoi(s.substr(4)) <= 31),
                 s.c_str());
    }
    for (const auto& s : values("Internet.publicIpV4Address", 300)) {
        const int first = std::stoi(s);
        QVERIFY2(first != 10 && first != 127 && first != 172 && first != 192 && first < 224,
                 s.c_str());
    }
    const std::set<std::string> cities(Faker::cities().begin(), Faker::cities().end());
    for (const auto& s : values("Address.city", 200))
        QVERIFY(cities.count(s));
}

void FakerTest::numbersStayInRange() {
    std::set<std::string> seen;
    for (const auto& s : values("Number.numberBetween '1','10'", 2000)) {
        const int v = std::stoi(s);
        QVERIFY2(v >= 1 && v < 10, s.c_str());  // DataFaker's max is exclusive
        seen.insert(s);
    }
    QCOMPARE(seen.size(), std::size_t(9));
    for (const auto& s : values("Number.numberBetween '5','5'", 10))
        QCOMPARE(s, std::string("5"));
    for (const auto& s : values("Number.numberBetween '-3','3'", 500)) {
        const int v = std::stoi(s);
        QVERIFY(v >= -3 && v < 3);
    }
    for (const auto& s : values("Number.randomDouble '3','-5','5'", 500)) {
        const double v = std::stod(s);
        QVERIFY2(v >= -5 && v <= 5, s.c_str());
        const auto dot = s.find('.');
        QVERIFY2(dot != std::string::npos && s.size() - dot - 1 <= 3, s.c_str());
    }
    for (const auto& s : values("Commerce.price '10','20'", 500)) {
        const double v = std::stod(s);
        QVERIFY2(v >= 10 && v <= 20, s.c_str());
    }
    for (const auto& s : values("Number.randomNumber '3'", 500))
        QVERIFY(std::stoi(s) >= 0 && std::stoi(s) <= 999);
    for (const auto& s : values("Internet.port", 500))
        QVERIFY(std::stoi(s) >= 1 && std::stoi(s) <= 65535);
}

void FakerTest::datesFollowArguments() {
    const std::regex date("(\\d{4})-(\\d{2})-(\\d{2})");
    std::smatch m;
    for (const auto& s : values("Date.birthday '18','80'", 500)) {
        QVERIFY2(std::regex_match(s, m, date), s.c_str());
        const int year = std::stoi(m[1]);  // kNow is 2025-06-15
        QVERIFY2(year >= 2025 - 81 && year <= 2025 - 18, s.c_str());
    }
    for (const auto& s : values("Date.between '2020-01-01','2020-01-31','yyyy-MM-dd'", 300)) {
        QVERIFY2(s >= "2020-01-01" && s <= "2020-01-31", s.c_str());
    }
    for (const auto& s : values("Date.past '10','2','DAYS','yyyy-MM-dd'", 300)) {
        QVERIFY2(s >= "2025-06-05" && s <= "2025-06-13", s.c_str());
    }
    for (const auto& s : values("Business.creditCardExpiry", 300)) {
        QVERIFY2(s > "2025-06-15" && s <= "2030-06-15", s.c_str());
    }
}

void FakerTest::helpers() {
    // A template's closing brace is the first one outside quoted arguments.
    const std::string t = "x #{regexify '[a-z]{3}'} y #{Name.firstName}";
    QCOMPARE(Faker::closingBrace(t, 4), t.find("} y"));
    QCOMPARE(Faker::closingBrace(t, t.find("#{Name") + 2), t.size() - 1);
    QCOMPARE(Faker::closingBrace("#{a 'b}", 2), std::string::npos);
    // Options pick among their arguments, each about equally often.
    std::map<std::string, int> counts;
    for (const auto& s : values("Options.option 'a','b','c'", 3000))
        counts[s]++;
    QCOMPARE(counts.size(), std::size_t(3));
    for (const auto& [k, c] : counts)
        QVERIFY2(c > 850 && c < 1150, k.c_str());
    // Only # and ? are placeholders in numerify/letterify; everything else is kept.
    for (const auto& s : values("numerify '[x]%^#'", 20))
        QVERIFY2(std::regex_match(s, std::regex("\\[x\\]%\\^\\d")), s.c_str());
}

void FakerTest::caseAndSnakeCaseAreAccepted() {
    for (const char* e : {"Commerce.product_name", "commerce.productname", "ADDRESS.STATE_ABBR",
                          "Internet.ip_v4_address", "Name.first_name", "date.past '3','seconds'"}) {
        QCOMPARE(parseError(e), std::string("(accepted)"));
    }
    // The same expression however it is spelled.
    QCOMPARE(values("Commerce.product_name", 20), values("Commerce.productName", 20));
}

void FakerTest::deterministicPerSeed() {
    for (const char* e : {"Name.fullName", "Finance.iban", "Internet.ipV6Address",
                          "Lorem.paragraph", "Address.fullAddress"}) {
        QCOMPARE(values(e, 50, 11), values(e, 50, 11));
        QVERIFY(values(e, 50, 11) != values(e, 50, 12));
    }
    // Through the compiler and session too.
    auto c = compile(
        single(R"({"a":{"_gen":"string","expr":"#{Company.name} / #{Finance.creditCard}"}})"));
    QVERIFY(c.program);
    QCOMPARE(payloads(*c.program, 20, 5), payloads(*c.program, 20, 5));
    QVERIFY(payloads(*c.program, 20, 5) != payloads(*c.program, 20, 6));
}

void FakerTest::typosGetSuggestions() {
    QVERIFY(parseError("Commerce.prodctName").rfind("unknown Faker expression", 0) == 0);
    auto c = compile(single(R"({"a":{"_gen":"string","expr":"#{Commerce.prodctName}"},)"
                            R"("b":{"_gen":"string","expr":"#{Adress.stateAbbr}"},)"
                            R"("c":{"_gen":"string","expr":"#{Internet.macAdress}"}})"));
    QVERIFY(!c.program);
    const std::string text = c.diagnostics.format();
    QVERIFY2(text.find("/generators/0/value/a/expr: unknown var or Faker expression "
                       "\"Commerce.prodctName\" in template; did you mean "
                       "\"Commerce.productName\"?") != std::string::npos,
             text.c_str());
    QVERIFY2(text.find("did you mean \"Address.stateAbbr\"?") != std::string::npos, text.c_str());
    QVERIFY2(text.find("did you mean \"Internet.macAddress\"?") != std::string::npos, text.c_str());
    // Internal building blocks are not reachable from templates.
    QVERIFY(parseError("_Commerce.adjective").rfind("unknown Faker expression", 0) == 0);
    QVERIFY(parseError("Commerce.adjective").rfind("unknown Faker expression", 0) == 0);
}

void FakerTest::argumentErrors() {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"Name.firstName '3'", "Faker expression \"Name.firstName\" takes no arguments"},
        {"Number.numberBetween '1'", "Number.numberBetween takes 'min','max'"},
        {"Number.numberBetween", "Number.numberBetween takes 'min','max'"},
        {"Number.numberBetween 'a','b'", "Number.numberBetween takes 'min','max'"},
        {"Number.numberBetween '9','1'", "Number.numberBetween: min 9 is above max 1"},
        {"Number.numberBetween 1,10", "Faker arguments must be quoted"},
        {"Number.numberBetween '1,'10'", "Faker arguments must be quoted"},
        {"Lorem.words '3", "unterminated quote"},
        {"Lorem.words 'many'", "Lorem.words takes an optional word count 'n'"},
        {"Date.birthday '18'", "Date.birthday takes optional ages"},
        {"Date.birthday '80','18'", "ages must satisfy 0 <= min <= max <= 200"},
        {"Date.birthday 'yyyy-QQ'", "unsupported letter 'Q' in date pattern"},
        {"Date.past '5','WEEKS'", "Date.past takes 'atMost','UNIT'"},
        {"Date.past", "Date.past takes 'atMost','UNIT'"},
        {"Date.between '2020-13-01','2021-01-01'", "Date.between takes 'from','to'"},
        {"Date.between '2021-01-01','2020-01-01'", "'from' is after 'to'"},
        {"Number.randomDouble '2','1'", "Number.randomDouble takes 'maxDecimals','min','max'"},
        {"Number.randomNumber '40'", "the digit count must be 1 to 18"},
        {"Options.option", "Options.option takes one or more choices"},
        {"numerify", "numerify takes a pattern"},
        {"regexify '[^a]'", "negated character classes are not supported"},
        {"regexify '(ab'", "missing ')'"},
        {"regexify 'a{3,1}'", "repeat range out of order"},
        {"regexify '*a'", "nothing to repeat"},
        {"regexify '((a{1000}){1000})'", "makes strings longer than 100000 characters"},
    };
    for (const auto& [expr, expected] : cases) {
        const std::string error = parseError(expr);
        QVERIFY2(error.find(expected) != std::string::npos,
                 (expr + " -> " + error + " (expected: " + expected + ")").c_str());
    }
    // Through the compiler: the argument error itself, at the template's pointer.
    auto c = compile(single(R"({"a":{"_gen":"string","expr":"#{Number.numberBetween '1'}"}})"));
    QVERIFY(!c.program);
    QVERIFY2(c.diagnostics.format().find("/generators/0/value/a/expr: Number.numberBetween takes "
                                         "'min','max'") != std::string::npos,
             c.diagnostics.format().c_str());
}

void FakerTest::evaluationDoesNotAllocate() {
    std::vector<Faker::Call> calls;
    for (const auto& name : Faker::names())
        calls.push_back(mustParse(withArguments(name)));
    generate::Rng rng(3);
    std::string out;
    out.reserve(1 << 16);
    // The counter itself works: a string too long for its inline buffer allocates.
    gAllocations = 0;
    gCounting = true;
    std::string probe(200, 'x');
    gCounting = false;
    QVERIFY(gAllocations.load() >= 1);
    gAllocations = 0;
    gCounting = true;
    for (int round = 0; round < 20; ++round) {
        for (const auto& call : calls) {
            out.clear();
            Faker::generate(call, rng, kNow, out);
        }
    }
    gCounting = false;
    QCOMPARE(gAllocations.load(), 0L);
}

void FakerTest::documentedExpressionsAreAccepted() {
    const auto documented = documentedExpressions();
    QVERIFY2(documented.size() >= 100, "Faker paragraph not found in docs/scenario-language.md");
    for (const auto& name : documented) {
        QVERIFY2(
            parseError(withArguments(name)) == "(accepted)",
            (name + " is documented but not accepted: " + parseError(withArguments(name))).c_str());
    }
    // And the documentation is complete.
    for (const auto& name : Faker::names())
        QVERIFY2(documented.count(name), (name + " is missing from the docs").c_str());
}

void FakerTest::shadowTrafficListedExpressionsAreAccepted() {
    // The entries of ShadowTraffic's `string` page (DataFaker 2.4.1) for the providers we cover.
    const char* listed[] = {
        "Address.buildingNumber",
        "Address.city",
        "Address.cityName",
        "Address.cityPrefix",
        "Address.citySuffix",
        "Address.country",
        "Address.countryCode",
        "Address.fullAddress",
        "Address.latLon",
        "Address.latitude",
        "Address.lonLat",
        "Address.longitude",
        "Address.mailBox",
        "Address.postcode",
        "Address.secondaryAddress",
        "Address.state",
        "Address.stateAbbr",
        "Address.streetAddress",
        "Address.streetAddressNumber",
        "Address.streetName",
        "Address.streetPrefix",
        "Address.streetSuffix",
        "Address.timeZone",
        "Address.zipCode",
        "Address.zipCodePlus4",
        "App.author",
        "App.name",
        "App.version",
        "Book.author",
        "Book.genre",
        "Book.publisher",
        "Book.title",
        "Bool.bool",
        "Business.creditCardExpiry",
        "Business.creditCardNumber",
        "Business.creditCardType",
        "Business.securityCode",
        "Code.ean13",
        "Code.ean8",
        "Code.gtin13",
        "Code.gtin8",
        "Code.isbn10",
        "Code.isbn13",
        "Color.hex",
        "Color.name",
        "Commerce.brand",
        "Commerce.department",
        "Commerce.material",
        "Commerce.price",
        "Commerce.productName",
        "Commerce.promotionCode",
        "Commerce.vendor",
        "Company.bs",
        "Company.buzzword",
        "Company.catchPhrase",
        "Company.industry",
        "Company.logo",
        "Company.name",
        "Company.profession",
        "Company.suffix",
        "Company.url",
        "Currency.code",
        "Currency.name",
        "Date.birthday",
        "Date.birthdayLocalDate",
        "Finance.bic",
        "Finance.creditCard",
        "Finance.iban",
        "Finance.nasdaqTicker",
        "Finance.nyseTicker",
        "Finance.stockMarket",
        "Finance.usRoutingNumber",
        "IdNumber.invalid",
        "IdNumber.ssnValid",
        "IdNumber.valid",
        "Internet.botUserAgentAny",
        "Internet.domainName",
        "Internet.domainSuffix",
        "Internet.domainWord",
        "Internet.emailAddress",
        "Internet.emailSubject",
        "Internet.getIpV4Address",
        "Internet.getIpV6Address",
        "Internet.getPrivateIpV4Address",
        "Internet.getPublicIpV4Address",
        "Internet.httpMethod",
        "Internet.image",
        "Internet.ipV4Address",
        "Internet.ipV4Cidr",
        "Internet.ipV6Address",
        "Internet.ipV6Cidr",
        "Internet.macAddress",
        "Internet.password",
        "Internet.port",
        "Internet.privateIpV4Address",
        "Internet.publicIpV4Address",
        "Internet.safeEmailAddress",
        "Internet.slug",
        "Internet.url",
        "Internet.userAgent",
        "Internet.username",
        "Internet.uuid",
        "Internet.uuidv4",
        "Internet.uuidv7",
        "Internet.webdomain",
        "Job.field",
        "Job.keySkills",
        "Job.position",
        "Job.seniority",
        "Job.title",
        "Lorem.character",
        "Lorem.characters",
        "Lorem.paragraph",
        "Lorem.sentence",
        "Lorem.supplemental",
        "Lorem.word",
        "Lorem.words",
        "Money.currency",
        "Money.currencyCode",
        "Name.femaleFirstName",
        "Name.firstName",
        "Name.fullName",
        "Name.lastName",
        "Name.malefirstName",
        "Name.name",
        "Name.nameWithMiddle",
        "Name.prefix",
        "Name.suffix",
        "Name.title",
        "Name.username",
        "Number.digit",
        "Number.negative",
        "Number.positive",
        "Number.randomDigit",
        "Number.randomDigitNotZero",
        "Number.randomNumber",
        "PhoneNumber.cellPhone",
        "PhoneNumber.cellPhoneInternational",
        "PhoneNumber.extension",
        "PhoneNumber.phoneNumber",
        "PhoneNumber.phoneNumberInternational",
        "PhoneNumber.phoneNumberNational",
        "PhoneNumber.subscriberNumber",
        "TimeAndDate.birthday",
    };
    for (const char* name : listed)
        QCOMPARE(parseError(name), std::string("(accepted)"));
}

void FakerTest::corpusUsesEveryExpression() {
    const std::string text =
        readFile(RIVERDELTA_SOURCE_DIR "/tests/scenarios/corpus/faker/all-providers.json");
    QVERIFY(!text.empty());
    auto c = compile(text, nullptr, "/data/all-providers.json");
    QVERIFY2(c.program, c.diagnostics.format().c_str());
    for (const auto& name : Faker::names())
        QVERIFY2(text.find("#{" + name) != std::string::npos, (name + " not in corpus").c_str());
    QCOMPARE(payloads(*c.program, 50).size(), std::size_t(50));
    // Braces inside quoted arguments do not end the template expression.
    auto r = compile(single(R"({"_gen":"string","expr":"<#{regexify '[a-c]{3}'}>"})"));
    QVERIFY2(r.program, r.diagnostics.format().c_str());
    for (const auto& s : strings(*r.program, 50))
        QVERIFY2(std::regex_match(s, std::regex("<[a-c]{3}>")), s.c_str());
}

QTEST_GUILESS_MAIN(FakerTest)
#include "test_faker.moc"
