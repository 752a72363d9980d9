#pragma once

#include <chrono>
#include <string>

#include "engine/core/error.h"

namespace riverdelta::generate {
struct Event;
}

namespace riverdelta::run {

// A generator whose events Riverdelta cannot deliver (a connection kind or a sink setting it
// does not implement). The run goes on without it and says so.
class SinkUnavailable : public Error {
  public:
    using Error::Error;
};

// Where one generator's events go (a Kafka topic, a table, files, a webhook). The run's worker
// owns pacing and status; a sink delivers and counts what its destination confirmed in the
// stream's StreamCounters. All calls come from the generating thread.
class EventSink {
  public:
    EventSink() = default;
    EventSink(const EventSink&) = delete;
    EventSink& operator=(const EventSink&) = delete;
    virtual ~EventSink() = default;

    // Sends or buffers one event; throws riverdelta::Error when the destination refuses for good.
    virtual void deliver(const generate::Event& event) = 0;
    // Writes what is buffered: everything with `all`, else only what has waited long enough.
    virtual void flushDue(bool all) = 0;
};

}  // namespace riverdelta::run
