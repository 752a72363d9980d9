#include "app/cli/stop_signal.h"

#include <csignal>

namespace riverdelta::cli {

namespace {

volatile std::sig_atomic_t gStop = 0;

void onSignal(int) {
    if (gStop < 2) gStop = gStop + 1;
}

}  // namespace

void installStopSignals() {
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
}

bool stopRequested() {
    return gStop != 0;
}

bool stopInsisted() {
    return gStop > 1;
}

std::vector<std::string> splitCommaLists(const std::vector<std::string>& args) {
    std::vector<std::string> out;
    for (const auto& a : args) {
        std::size_t start = 0;
        while (start <= a.size()) {
            auto end = a.find(',', start);
            if (end == std::string::npos) end = a.size();
            if (end > start) out.push_back(a.substr(start, end - start));
            start = end + 1;
        }
    }
    return out;
}

}  // namespace riverdelta::cli
