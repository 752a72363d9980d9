#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/generate/rng.h"

namespace riverdelta::generate {

// Makes random strings that a regular expression matches (DataFaker's `regexify`), compiled once.
// Understands literals, `.`, classes `[a-z0-9_]`, escapes \d \w \s, groups `( | )` and `(?: )`,
// and the quantifiers ? * + {n} {n,} {n,m}; open-ended repeats stop at 8 more than the minimum.
// Anchors ^ and $ are accepted and produce nothing.
class RegexGenerator {
  public:
    static std::optional<RegexGenerator> compile(std::string_view pattern, std::string& error);
    // Appends one matching string.
    void generate(Rng& rng, std::string& out) const;

  private:
    struct Piece;
    // A character set (`chars`) or a group of alternative sequences.
    struct Atom {
        bool group = false;
        std::string chars;
        std::vector<std::vector<Piece>> alternatives;
    };
    struct Piece {
        Atom atom;
        int min = 1, max = 1;
    };
    class Parser;

    static void emit(const Atom& atom, Rng& rng, std::string& out);
    // The most characters `atom` can produce (to refuse patterns that explode).
    static double longest(const Atom& atom);

    Atom root_;
};

}  // namespace riverdelta::generate
