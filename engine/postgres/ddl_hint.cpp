#include "engine/postgres/ddl_hint.h"

#include <cctype>

namespace riverdelta::postgres {

namespace {

bool identStart(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
}
bool identChar(char c) {
    return identStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$';
}

// Reads words and names from the start of a statement, skipping blanks and comments.
class Cursor {
  public:
    explicit Cursor(std::string_view text) : s_(text) {}

    // The next unquoted word in upper case, or "" (and nothing consumed) when none comes.
    std::string peekWord() {
        skipBlank();
        std::size_t j = i_;
        std::string word;
        while (j < s_.size() && identChar(s_[j]))
            word += static_cast<char>(std::toupper(static_cast<unsigned char>(s_[j++])));
        return word;
    }
    bool takeWord(std::string_view upper) {
        const std::string w = peekWord();
        if (w != upper) return false;
        i_ += w.size();
        return true;
    }
    // An identifier: "quoted" as written, unquoted folded to lower case.
    std::optional<std::string> identifier() {
        skipBlank();
        if (i_ < s_.size() && s_[i_] == '"') {
            std::string out;
            for (++i_; i_ < s_.size(); ++i_) {
                if (s_[i_] == '"') {
                    if (i_ + 1 < s_.size() && s_[i_ + 1] == '"') {
                        out += '"';
                        ++i_;
                        continue;
                    }
                    ++i_;
                    return out;
                }
                out += s_[i_];
            }
            return std::nullopt;  // unterminated
        }
        if (i_ >= s_.size() || !identStart(s_[i_])) return std::nullopt;
        std::string out;
        while (i_ < s_.size() && identChar(s_[i_]))
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(s_[i_++])));
        return out;
    }
    bool takeChar(char c) {
        skipBlank();
        if (i_ < s_.size() && s_[i_] == c) {
            ++i_;
            return true;
        }
        return false;
    }

  private:
    void skipBlank() {
        for (;;) {
            while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_])))
                ++i_;
            if (s_.substr(i_, 2) == "--") {
                while (i_ < s_.size() && s_[i_] != '\n')
                    ++i_;
            } else if (s_.substr(i_, 2) == "/*") {
                const auto end = s_.find("*/", i_ + 2);
                i_ = end == std::string_view::npos ? s_.size() : end + 2;
            } else {
                return;
            }
        }
    }

    std::string_view s_;
    std::size_t i_ = 0;
};

// Only blanks and comments.
bool blank(std::string_view rest) {
    for (;;) {
        const auto p = rest.find_first_not_of(" \t\r\n\f\v");
        if (p == std::string_view::npos) return true;
        rest.remove_prefix(p);
        if (rest.substr(0, 2) == "--") {
            const auto nl = rest.find('\n');
            if (nl == std::string_view::npos) return true;
            rest.remove_prefix(nl);
        } else if (rest.substr(0, 2) == "/*") {
            const auto e = rest.find("*/");
            if (e == std::string_view::npos) return true;
            rest.remove_prefix(e + 2);
        } else {
            return false;
        }
    }
}

std::string display(const CreatedTable& t) {
    return t.schema.empty() ? t.table : t.schema + "." + t.table;
}

bool sameIgnoringCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

}  // namespace

std::vector<std::string_view> splitSqlStatements(std::string_view sql) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    auto emit = [&](std::size_t end) {
        const auto piece = sql.substr(start, end - start);
        if (!blank(piece)) out.push_back(piece);
        start = end + 1;
    };
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (c == '\'' || c == '"') {
            for (++i; i < sql.size(); ++i) {
                if (sql[i] != c) continue;
                if (i + 1 < sql.size() && sql[i + 1] == c) {
                    ++i;  // doubled quote
                    continue;
                }
                break;
            }
        } else if (c == '-' && sql.substr(i, 2) == "--") {
            while (i < sql.size() && sql[i] != '\n')
                ++i;
        } else if (c == '/' && sql.substr(i, 2) == "/*") {
            const auto end = sql.find("*/", i + 2);
            i = end == std::string_view::npos ? sql.size() : end + 1;
        } else if (c == '$') {
            // $tag$ … $tag$ (function bodies): the tag is $ plus identifier characters plus $.
            std::size_t j = i + 1;
            while (j < sql.size() &&
                   (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_'))
                ++j;
            if (j < sql.size() && sql[j] == '$' &&
                (j == i + 1 || !std::isdigit(static_cast<unsigned char>(sql[i + 1])))) {
                const auto tag = sql.substr(i, j - i + 1);
                const auto end = sql.find(tag, j + 1);
                i = end == std::string_view::npos ? sql.size() : end + tag.size() - 1;
            }
        } else if (c == ';') {
            emit(i);
        }
    }
    if (start < sql.size()) emit(sql.size());
    return out;
}

std::optional<CreatedTable> parseCreateTable(std::string_view statement) {
    Cursor c(statement);
    if (!c.takeWord("CREATE")) return std::nullopt;
    CreatedTable t;
    if (c.takeWord("GLOBAL") || c.takeWord("LOCAL")) {
        if (!(c.takeWord("TEMPORARY") || c.takeWord("TEMP"))) return std::nullopt;
        t.temporary = true;
    } else if (c.takeWord("TEMPORARY") || c.takeWord("TEMP")) {
        t.temporary = true;
    } else {
        c.takeWord("UNLOGGED");
    }
    if (!c.takeWord("TABLE")) return std::nullopt;
    if (c.peekWord() == "IF") {
        c.takeWord("IF");
        if (!c.takeWord("NOT") || !c.takeWord("EXISTS")) return std::nullopt;
    }
    auto first = c.identifier();
    if (!first) return std::nullopt;
    if (c.takeChar('.')) {
        auto second = c.identifier();
        if (!second) return std::nullopt;
        t.schema = std::move(*first);
        t.table = std::move(*second);
    } else {
        t.table = std::move(*first);
    }
    return t;
}

std::optional<std::string> ddlHintProblem(std::string_view sql, std::string_view target) {
    std::string schema = "public";
    std::string table(target);
    if (const auto dot = target.find('.'); dot != std::string_view::npos) {
        schema = std::string(target.substr(0, dot));
        table = std::string(target.substr(dot + 1));
    }
    const std::string wanted = schema + "." + table;
    const auto statements = splitSqlStatements(sql);
    if (statements.empty())
        return "\"sqlDdlHint\" is empty; write the CREATE TABLE statement of " + wanted;
    std::vector<CreatedTable> others;
    int own = 0;
    std::optional<CreatedTable> nearMiss;
    for (const auto& st : statements) {
        auto created = parseCreateTable(st);
        if (!created) continue;
        // Unqualified names are created in the generator's schema (TableSpec::createSql).
        const std::string s = created->schema.empty() ? schema : created->schema;
        if (s == schema && created->table == table) {
            if (created->temporary)
                return "\"sqlDdlHint\" creates " + wanted +
                       " as a TEMPORARY table, which would vanish when the writer's session "
                       "ends; drop TEMPORARY";
            ++own;
        } else {
            if (sameIgnoringCase(s, schema) && sameIgnoringCase(created->table, table))
                nearMiss = created;
            others.push_back(*created);
        }
    }
    if (own == 1) return std::nullopt;
    if (own > 1) return "\"sqlDdlHint\" creates table " + wanted + " more than once";
    if (nearMiss)
        return "\"sqlDdlHint\" creates table " + display(*nearMiss) + ", not " + wanted +
               ": PostgreSQL folds unquoted names to lower case, so write the name in double "
               "quotes as the generator spells it";
    std::string found;
    for (const auto& o : others)
        found += (found.empty() ? "" : ", ") + display(o);
    return "\"sqlDdlHint\" must contain the CREATE TABLE statement of " + wanted +
           " (the generator's table)" +
           (found.empty() ? std::string() : "; it creates " + found + " instead");
}

}  // namespace riverdelta::postgres
