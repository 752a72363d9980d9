#include "engine/scenario/diagnostic.h"

#include <algorithm>
#include <cctype>

namespace riverdelta::scenario {

std::string Diagnostic::format() const {
    std::string out = file;
    out += ':';
    if (!pointer.empty()) {
        out += pointer;
        out += ':';
    }
    out += ' ';
    out += message;
    return out;
}

void Diagnostics::add(std::string file, std::string pointer, std::string message) {
    // The same problem can be reached twice (e.g. a file loaded from two places); report once.
    for (const auto& d : items_) {
        if (d.file == file && d.pointer == pointer && d.message == message) return;
    }
    items_.push_back({std::move(file), std::move(pointer), std::move(message)});
}

std::string Diagnostics::format() const {
    std::string out;
    for (const auto& d : items_) {
        out += d.format();
        out += '\n';
    }
    return out;
}

bool Diagnostics::contains(std::string_view text) const {
    return std::any_of(items_.begin(), items_.end(), [&](const Diagnostic& d) {
        return d.message.find(text) != std::string::npos;
    });
}

std::string appendPointer(std::string_view base, std::string_view segment) {
    std::string out(base);
    out += '/';
    for (char c : segment) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

std::string appendPointer(std::string_view base, std::size_t index) {
    return appendPointer(base, std::to_string(index));
}

namespace {
std::size_t editDistance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                              std::tolower(static_cast<unsigned char>(b[j - 1]));
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}
}  // namespace

std::string nearest(std::string_view word, const std::vector<std::string>& candidates) {
    if (word.size() > 200) return {};
    std::string best;
    std::size_t bestDistance = std::max<std::size_t>(2, word.size() / 3) + 1;
    for (const auto& c : candidates) {
        const std::size_t d = editDistance(word, c);
        if (d < bestDistance) {
            bestDistance = d;
            best = c;
        }
    }
    return best;
}

std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates) {
    std::string best = nearest(word, candidates);
    if (best.empty()) return {};
    return "; did you mean \"" + best + "\"?";
}

}  // namespace riverdelta::scenario
