#pragma once

#include <time.h>

// CPU time of the calling thread. A single-thread figure in events per CPU-second stays
// meaningful when other work shares the machine; wall time is printed beside it.
class ThreadCpuTimer {
  public:
    ThreadCpuTimer() : start_(now()) {}
    [[nodiscard]] double seconds() const { return now() - start_; }

  private:
    static double now() {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
    }
    double start_;
};
