#include "engine/generate/committed_history.h"

namespace riverdelta::generate {

std::size_t CommittedHistory::release(std::uint64_t resolved, std::uint64_t failed, bool inOrder,
                                      GeneratorHistory& history) {
    if (!inOrder && resolved < dispatched_) return 0;  // some event is still in flight
    const bool failures = failed > failedSeen_;
    failedSeen_ = failed;
    std::size_t moved = 0;
    while (!pending_.empty() && pending_.front().ordinal < resolved) {
        if (!failures) {
            history.recordEncoded(pending_.front().entry);
            ++moved;
        }
        pending_.pop_front();
    }
    return moved;
}

void CommittedHistory::releaseAll(GeneratorHistory& history) {
    for (const auto& p : pending_)
        history.recordEncoded(p.entry);
    pending_.clear();
}

}  // namespace riverdelta::generate
