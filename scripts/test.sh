#!/usr/bin/env bash
# Quick start, command 2: install dependencies and test services, build, run the whole CTest
# suite against real PostgreSQL, a real Kafka broker and the reference readers. Exits non-zero
# on any failure. .ci/run calls exactly this.
#   CTEST_ARGS="-L unit" scripts/test.sh   to pass extra arguments to ctest
#   RIVERDELTA_ASAN=1 scripts/test.sh      adds the ASan+UBSan pass of unit and integration
#                                          (on by default when CI=true; RIVERDELTA_ASAN=0 skips it)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$(date +%s)

scripts/install-deps.sh --test

# Formatting is part of the build's contract: every tracked C++ file matches .clang-format.
format_status=0
format_log=$(mktemp)
git ls-files -z '*.cpp' '*.h' | xargs -0 clang-format --dry-run --Werror > "$format_log" 2>&1 \
  || format_status=$?
if [[ $format_status -ne 0 ]]; then
  echo "test.sh: clang-format found unformatted files (run clang-format -i on them):"
  grep -o '^[^:]*:[0-9]*:[0-9]*: error' "$format_log" | cut -d: -f1 | sort -u
else
  echo "test.sh: every C++ file matches .clang-format"
fi
rm -f "$format_log"

jobs=$(nproc)
# -g1: line tables are what a failing test's backtrace needs; full debug info in ~100 statically
# linked test binaries filled a CI disk. gold (binutils) links each of them in half bfd's time.
cmake -S . -B build/test -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=gold
cmake --build build/test -j "$jobs"
built=$(date +%s)

# The scenario loader's fuzz target (clang + libFuzzer, ASan/UBSan) for a bounded time.
fuzz_status=0
FUZZ_JOBS=$jobs scripts/fuzz.sh "${FUZZ_SECONDS:-60}" > build/fuzz.log 2>&1 || fuzz_status=$?
if [[ $fuzz_status -ne 0 ]]; then
  echo "test.sh: the scenario loader fuzz run FAILED (build/fuzz.log):"; tail -40 build/fuzz.log
else
  echo "test.sh: fuzzed the scenario loader for ${FUZZ_SECONDS:-60} s: $(grep -o 'stat::number_of_executed_units: *[0-9]*' build/fuzz.log | grep -o '[0-9]*$') inputs, no crash"
fi
fuzzed=$(date +%s)

# The ASan+UBSan tree (CMakePresets.json: asan, Debug, line tables) builds at the lowest
# priority while the services start and the suite runs: much of the suite waits on the broker
# and PostgreSQL, so the build takes the idle cores, and the suite runs under load as it must.
# It builds only what the pass runs: the tests of its labels and the two programs they start.
# On in CI; locally opt-in, as it adds about 27 minutes on two cores (70 in all in CI).
default_asan=0
[[ "${CI:-}" == true ]] && default_asan=1
asan=${RIVERDELTA_ASAN:-$default_asan}
asan_status=0
asan_build_pid=
if [[ "$asan" == 1 ]]; then
  cmake --preset asan >/dev/null
  mapfile -t asan_targets < <(ctest --preset asan -N -L 'unit|integration' |
    sed -n 's/^ *Test *#[0-9]*: *//p')
  nice -n 19 cmake --build --preset asan -j "$jobs" \
    --target riverdelta-cli riverdelta "${asan_targets[@]}" > build/asan-build.log 2>&1 &
  asan_build_pid=$!
fi

state=$(mktemp -d /tmp/riverdelta-services.XXXXXX)
cleanup() {
  [[ -n "$asan_build_pid" ]] && kill "$asan_build_pid" 2>/dev/null
  scripts/test-services.sh stop "$state" || true
}
trap cleanup EXIT
scripts/test-services.sh start "$state"
# shellcheck source=/dev/null
source "$state/env.sh"

status=0
# shellcheck disable=SC2086
ctest --test-dir build/test --output-on-failure -j "$jobs" ${CTEST_ARGS:-} || status=$?

finished=$(date +%s)

# The unit and integration labels once more under ASan+UBSan (-fno-sanitize-recover=all, leak
# checks on, tests/sanitizers/lsan.supp), against the same services.
asan_built=$finished
if [[ "$asan" == 1 ]]; then
  wait "$asan_build_pid" || asan_status=$?
  asan_build_pid=
  asan_built=$(date +%s)
  if [[ $asan_status -ne 0 ]]; then
    echo "test.sh: the ASan+UBSan build FAILED (build/asan-build.log):"; tail -40 build/asan-build.log
  else
    ctest --preset asan -L 'unit|integration' -j "$jobs" || asan_status=$?
    [[ $asan_status -ne 0 ]] && echo "test.sh: the ASan+UBSan run FAILED (build/asan)"
  fi
fi
sanitized=$(date +%s)

asan_times="no ASan+UBSan pass (RIVERDELTA_ASAN=1 adds it; CI=true does)"
[[ "$asan" == 1 ]] && asan_times="the ASan build beside them, its rest $((asan_built - finished)) s,\
 ASan+UBSan unit/integration tests $((sanitized - asan_built)) s"
echo "test.sh: build $((built - started)) s, fuzz $((fuzzed - built)) s, services + tests" \
  "$((finished - fuzzed)) s ($asan_times), total $((sanitized - started)) s;" \
  "screenshots in build/test/test-artifacts"
[[ $status -ne 0 ]] && exit $status
[[ $asan_status -ne 0 ]] && exit $asan_status
[[ $fuzz_status -ne 0 ]] && exit $fuzz_status
exit $format_status
