// Unit tests for the lake sync's JSON member scanner: strings of every length around its
// eight-byte fast path, escapes, control characters, unterminated input and the expected-key
// shortcut.
#include <QtTest>
#include <string>
#include <vector>

#include "engine/lake/sync/json_scanner.h"

using namespace riverdelta::lake::sync;

namespace {

// The members' texts, or the error.
std::vector<std::string> scan(const std::string& doc, std::string* error = nullptr) {
    JsonScanner s;
    std::vector<std::string> out;
    if (!s.reset(doc)) {
        if (error) *error = s.error();
        return out;
    }
    JsonMember m;
    while (s.next(m))
        out.push_back(std::string(m.key) + "=" + std::string(m.text));
    if (error) *error = s.error();
    return out;
}

}  // namespace

class TestJsonScanner : public QObject {
    Q_OBJECT
  private slots:
    void plainStringsOfEveryLength() {
        for (int n = 0; n < 40; ++n) {
            std::string v;
            for (int i = 0; i < n; ++i)
                v += static_cast<char>('a' + i % 26);
            v += "\xc3\xa9";  // UTF-8 bytes >= 0x80 are plain too
            std::string error;
            const auto got = scan("{\"k\":\"" + v + "\",\"n\":1}", &error);
            QVERIFY2(error.empty(), error.c_str());
            QCOMPARE(got, (std::vector<std::string>{"k=" + v, "n=1"}));
        }
    }

    void escapesAnywhere() {
        for (int at = 0; at < 20; ++at) {
            std::string raw(static_cast<std::size_t>(at), 'x');
            const auto got = scan("{\"k\":\"" + raw + "\\\"q\\\\\\u00e9\\n\"}");
            QCOMPARE(got, (std::vector<std::string>{"k=" + raw + "\"q\\\xc3\xa9\n"}));
        }
    }

    void controlCharacterIsAnError() {
        for (int at = 0; at < 20; ++at) {
            std::string raw(static_cast<std::size_t>(at), 'x');
            std::string error;
            scan("{\"k\":\"" + raw + "\x01yz\"}", &error);
            QVERIFY2(error.starts_with("control character in string"), error.c_str());
        }
    }

    void unterminatedString() {
        for (int n = 0; n < 20; ++n) {
            std::string error;
            scan("{\"k\":\"" + std::string(static_cast<std::size_t>(n), 'x'), &error);
            QVERIFY2(error.starts_with("unterminated string"), error.c_str());
        }
    }

    // The shortcut matches a key only when it is the whole, unescaped key; anything else is
    // scanned as usual, so the members read the same with or without it.
    void expectedKeyIsMatchedWholeOrNotAtAll() {
        const std::string doc = R"({"action":"x","act":"y","a\u0063t":"z" , "act" : 1,"ac":2})";
        JsonScanner s;
        QVERIFY(s.reset(doc));
        std::vector<std::string> got;
        JsonMember m;
        while (s.next(m, "act"))
            got.push_back(std::string(m.key) + "=" + std::string(m.text) +
                          (m.keyWasExpected ? " (expected)" : ""));
        QVERIFY2(s.ok(), s.error().c_str());
        QCOMPARE(got, (std::vector<std::string>{"action=x", "act=y (expected)", "act=z",
                                                "act=1 (expected)", "ac=2"}));
        QCOMPARE(got.size(), scan(doc).size());
    }

    void expectedKeysOfEveryLength() {
        // The expected key is compared inline, in overlapping 8- and 4-byte words: a key of
        // each length from 1 to 24 matches itself and nothing that differs in any one byte.
        for (std::size_t n = 1; n <= 24; ++n) {
            std::string key;
            for (std::size_t i = 0; i < n; ++i)
                key.push_back(static_cast<char>('a' + i % 26));
            for (std::size_t flip = 0; flip <= n; ++flip) {  // flip == n: the key itself
                std::string other = key;
                if (flip < n) other[flip] = '_';
                const std::string doc = "{\"" + other + "\":1}";
                JsonScanner s;
                QVERIFY(s.reset(doc));
                JsonMember m;
                QVERIFY(s.next(m, key));
                QCOMPARE(m.keyWasExpected, flip == n);
                QCOMPARE(std::string(m.key), other);
                QCOMPARE(std::string(m.text), std::string("1"));
            }
        }
    }

    void expectedKeyAtTheEndOfTheInput() {
        for (const std::string doc : {"{\"act", "{\"act\"", "{\"act\":"}) {
            JsonScanner s;
            QVERIFY(s.reset(doc));
            JsonMember m;
            QVERIFY(!s.next(m, "act"));
            QVERIFY2(!s.ok(), doc.c_str());
        }
    }

    void plainKeys() {
        QVERIFY(JsonScanner::plainKey("event_duration"));
        QVERIFY(JsonScanner::plainKey("caf\xc3\xa9"));
        QVERIFY(!JsonScanner::plainKey(""));
        QVERIFY(!JsonScanner::plainKey("a\"b"));
        QVERIFY(!JsonScanner::plainKey("a\\b"));
        QVERIFY(!JsonScanner::plainKey("a\tb"));
    }
};

QTEST_GUILESS_MAIN(TestJsonScanner)
#include "test_json_scanner.moc"
