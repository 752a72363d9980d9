#include "engine/scenario/loader.h"

#include <fmt/format.h>

#include <map>
#include <vector>

namespace riverdelta::scenario {

void LoadedScenario::report(Diagnostics& diagnostics, std::string_view pointer,
                            std::string message) const {
    auto where = sources.locate(pointer);
    diagnostics.add(std::move(where.file), std::move(where.pointer), std::move(message));
}

namespace {

class Expander {
  public:
    Expander(FileResolver& resolver, Diagnostics& diagnostics, LoadedScenario& out)
        : resolver_(resolver), diagnostics_(diagnostics), out_(out) {}

    void expand(Json& node, const std::string& file, const std::string& filePointer,
                const std::string& expandedPointer, std::size_t depth) {
        if (depth > 256) {
            diagnostics_.add(file, filePointer, "nesting is deeper than 256 levels");
            node = nullptr;
            return;
        }
        if (node.is_array()) {
            for (std::size_t i = 0; i < node.size(); ++i) {
                expand(node[i], file, appendPointer(filePointer, i),
                       appendPointer(expandedPointer, i), depth + 1);
            }
            return;
        }
        if (!node.is_object()) return;
        auto gen = node.find("_gen");
        if (gen != node.end() && gen->is_string() &&
            gen->get_ref<const std::string&>() == "loadJsonFile") {
            include(node, file, filePointer, expandedPointer);
            return;
        }
        for (auto it = node.begin(); it != node.end(); ++it) {
            expand(it.value(), file, appendPointer(filePointer, it.key()),
                   appendPointer(expandedPointer, it.key()), depth + 1);
        }
    }

    std::vector<std::string> stack;

  private:
    void include(Json& node, const std::string& file, const std::string& filePointer,
                 const std::string& expandedPointer) {
        for (auto it = node.begin(); it != node.end(); ++it) {
            if (it.key() != "_gen" && it.key() != "file") {
                diagnostics_.add(file, appendPointer(filePointer, it.key()),
                                 fmt::format("unknown parameter \"{}\" for function "
                                             "\"loadJsonFile\"; expected \"file\"",
                                             it.key()));
            }
        }
        auto f = node.find("file");
        if (f == node.end() || !f->is_string()) {
            diagnostics_.add(file, filePointer,
                             f == node.end()
                                 ? "function \"loadJsonFile\" needs parameter \"file\" (a path)"
                                 : "parameter \"file\" of \"loadJsonFile\" must be a string");
            return;
        }
        if (++includes_ > kMaxIncludes) {
            if (includes_ == kMaxIncludes + 1) {
                diagnostics_.add(file, filePointer,
                                 fmt::format("more than {} loadJsonFile expansions", kMaxIncludes));
            }
            return;
        }
        const std::string path = resolver_.resolve(file, f->get_ref<const std::string&>());
        if (stack.size() >= kMaxIncludeDepth) {
            diagnostics_.add(file, appendPointer(filePointer, "file"),
                             fmt::format("loadJsonFile nesting deeper than {}", kMaxIncludeDepth));
            return;
        }
        for (const auto& s : stack) {
            if (s == path) {
                diagnostics_.add(file, appendPointer(filePointer, "file"),
                                 fmt::format("loadJsonFile cycle: \"{}\" includes itself", path));
                return;
            }
        }
        const Json* parsed = parse(path, file, appendPointer(filePointer, "file"));
        if (parsed == nullptr) return;
        node = *parsed;
        out_.sources.add(expandedPointer, path);
        stack.push_back(path);
        expand(node, path, "", expandedPointer, 0);
        stack.pop_back();
    }

    const Json* parse(const std::string& path, const std::string& fromFile,
                      const std::string& fromPointer) {
        auto cached = cache_.find(path);
        if (cached != cache_.end()) return cached->second ? &*cached->second : nullptr;
        std::string error;
        auto text = resolver_.read(path, error);
        std::optional<Json> doc;
        if (!text) {
            diagnostics_.add(fromFile, fromPointer,
                             fmt::format("cannot read file \"{}\": {}", path, error));
        } else {
            JsonSyntaxError syntax;
            doc = parseJson(*text, syntax);
            if (!doc) diagnostics_.add(path, "", syntax.message);
        }
        auto [it, _] = cache_.emplace(path, std::move(doc));
        return it->second ? &*it->second : nullptr;
    }

    FileResolver& resolver_;
    Diagnostics& diagnostics_;
    LoadedScenario& out_;
    std::map<std::string, std::optional<Json>> cache_;
    std::size_t includes_ = 0;
};

}  // namespace

std::optional<LoadedScenario> loadScenarioText(const std::string& name, std::string_view text,
                                               FileResolver& resolver, Diagnostics& diagnostics) {
    if (!resolver.hasMount("/home/data")) {
        resolver.addMount("/home/data", FileResolver::dirname(name));
    }
    JsonSyntaxError syntax;
    auto doc = parseJson(text, syntax);
    if (!doc) {
        diagnostics.add(name, "", syntax.message);
        return std::nullopt;
    }
    LoadedScenario out{std::move(*doc), SourceMap(name),
                       std::make_shared<const FileResolver>(resolver)};
    Expander expander(resolver, diagnostics, out);
    expander.stack.push_back(resolver.resolve("", name));
    expander.expand(out.root, name, "", "", 0);
    return out;
}

std::optional<LoadedScenario> loadScenario(const std::string& path, FileResolver& resolver,
                                           Diagnostics& diagnostics) {
    std::string error;
    auto text = resolver.read(path, error);
    if (!text) {
        diagnostics.add(path, "", fmt::format("cannot read file: {}", error));
        return std::nullopt;
    }
    return loadScenarioText(path, *text, resolver, diagnostics);
}

}  // namespace riverdelta::scenario
