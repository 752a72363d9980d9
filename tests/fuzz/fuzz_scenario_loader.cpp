// libFuzzer target: any bytes as a scenario must load, compile and (when valid) run a few
// events without crashing. Built only with -DRIVERDELTA_FUZZ=ON and clang.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/generate/clock.h"
#include "engine/generate/compiler.h"
#include "engine/generate/session.h"
#include "engine/scenario/file_provider.h"

using namespace riverdelta;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    // The input is also reachable as an included file, so loadJsonFile paths get exercised.
    auto files = std::make_shared<scenario::MemoryFileProvider>();
    files->add("/data/include.json", text);
    files->add("/data/list.json", R"(["a","b",{"k":1}])");
    scenario::FileResolver resolver(files);
    scenario::Diagnostics diagnostics;
    auto program = generate::compileText("/data/scenario.json", text, resolver, diagnostics);
    for (const auto& d : diagnostics.items())
        (void)d.format();
    if (!program) return 0;
    generate::FixedClock clock(1750000000000);
    generate::Session session(*program,
                              {.seed = size, .speed = 1.0, .clock = &clock, .maxHistory = 64});
    generate::Event event;
    for (int i = 0; i < 200; ++i) {
        if (session.next(event) != generate::Session::Status::Event) break;
    }
    return 0;
}
