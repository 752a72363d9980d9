#!/usr/bin/env bash
# Quick start, command 2: install dependencies and test services, build, run the whole CTest
# suite against real PostgreSQL, a real Kafka broker and the reference readers. Exits non-zero
# on any failure. .ci/run calls exactly this.
#   CTEST_ARGS="-L unit" scripts/test.sh   to pass extra arguments to ctest
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$(date +%s)

scripts/install-deps.sh --test

jobs=$(nproc)
cmake -S . -B build/test -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build/test -j "$jobs"
built=$(date +%s)

state=$(mktemp -d /tmp/riverdelta-services.XXXXXX)
cleanup() { scripts/test-services.sh stop "$state" || true; }
trap cleanup EXIT
scripts/test-services.sh start "$state"
# shellcheck source=/dev/null
source "$state/env.sh"

status=0
# shellcheck disable=SC2086
ctest --test-dir build/test --output-on-failure -j "$jobs" ${CTEST_ARGS:-} || status=$?

finished=$(date +%s)
echo "test.sh: build $((built - started)) s, services + tests $((finished - built)) s," \
  "total $((finished - started)) s; screenshots in build/test/test-artifacts"
exit $status
