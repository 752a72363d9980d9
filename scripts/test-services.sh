#!/usr/bin/env bash
# Test services for Riverdelta's integration tests: a throwaway PostgreSQL 15
# cluster, a single-node KRaft Apache Kafka broker (from Maven Central), an
# Apicurio Registry (Confluent-compatible Schema Registry API, from Maven
# Central), a SeaweedFS S3 server (built once with the Go toolchain) and a Python
# virtualenv with pinned reference readers. Loopback only, free ports.
#
# Usage: scripts/test-services.sh ACTION STATE_DIR
#   start             start everything (or whatever is not running), write STATE_DIR/env.sh
#   stop              stop everything; safe to call twice or after a failed start
#   status            print what runs (exit 0 when all services run, 3 otherwise)
#   stop-kafka | start-kafka                          broker only (same port, same log dir)
#   stop-postgres | start-postgres | restart-postgres  server only (same port, same data)
#   stop-registry | start-registry                    Schema Registry only (same port, empty)
#   stop-s3 | start-s3                                SeaweedFS S3 server only (same port, data kept)
#
# See tests/README.md for the environment variables exported to tests.
set -euo pipefail

# ---- pins ------------------------------------------------------------------
KAFKA_VERSION=3.9.1          # org.apache.kafka:kafka_2.13
SLF4J_VERSION=1.7.36         # org.slf4j:slf4j-reload4j
PG_MAJOR=15
# io.apicurio:apicurio-registry-app:3.0.9:tar.gz:all — the newest 3.x on Maven Central that
# runs on Java 17 (3.3.x needs Java 21, which Debian 12 does not ship). Its parent pom
# io.apicurio:apicurio-registry:3.0.9 is missing from Central, so Maven refuses to resolve the
# artifact; we fetch the file from the same repository with curl and check the pinned SHA-256.
APICURIO_VERSION=3.0.9
APICURIO_SHA256=2b28181501a20cbf6efcd77f9b7153908fc01f3d3a7c32024c0bd9e1b04c8a43
MAVEN_REPO=${RIVERDELTA_MAVEN_REPO:-https://repo.maven.apache.org/maven2}
REGISTRY_READY_TIMEOUT=${RIVERDELTA_REGISTRY_READY_TIMEOUT:-120}
KAFKA_READY_TIMEOUT=${RIVERDELTA_KAFKA_READY_TIMEOUT:-90}
PG_READY_TIMEOUT=${RIVERDELTA_PG_READY_TIMEOUT:-60}
KAFKA_STOP_TIMEOUT=30
# SeaweedFS (S3-compatible store): Go module github.com/seaweedfs/seaweedfs at this pseudo-version
# (2026-11-09; enforces If-None-Match: * on PutObject, concurrent creates included). Its go.mod
# has replace directives, so `go install …@version` refuses it: we `go mod download` the module
# and `go build ./weed` from it, once, into the cache.
SEAWEEDFS_VERSION=v0.0.0-20261109003541-7506e5f91cd6
S3_READY_TIMEOUT=${RIVERDELTA_S3_READY_TIMEOUT:-120}
S3_BUCKET=riverdelta-test
S3_OPEN_BUCKET=riverdelta-open
S3_REGION=us-east-1

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SELF="$SCRIPT_DIR/$(basename "${BASH_SOURCE[0]}")"
SERVICES_DIR="$SCRIPT_DIR/services"
PG_BINDIR=${RIVERDELTA_PG_BINDIR:-/usr/lib/postgresql/$PG_MAJOR/bin}
if [[ -z "${HOME:-}" ]]; then
  HOME=$(getent passwd "$(id -u)" | cut -d: -f6)
  export HOME
fi
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/riverdelta"

log() { printf 'test-services: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

usage() {
  sed -n '2,16p' "$SELF" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

[[ $# -eq 2 ]] || usage
ACTION=$1
[[ -n "$2" && "$2" != "/" ]] || die "STATE_DIR must be a directory other than /"
if [[ ! -d "$2" ]]; then
  case "$ACTION" in
    start) mkdir -p "$2" ;;
    stop) log "nothing to stop: $2 does not exist"; exit 0 ;;
    status) echo "no services recorded in $2 (not started)"; exit 3 ;;
    *) die "$2 does not exist: run 'start' first" ;;
  esac
fi
STATE_DIR=$(cd "$2" && pwd)
STATE_FILE="$STATE_DIR/services.state"
ENV_FILE="$STATE_DIR/env.sh"
KAFKA_DIR="$STATE_DIR/kafka"
KAFKA_PID_FILE="$KAFKA_DIR/kafka.pid"
REGISTRY_DIR="$STATE_DIR/registry"
REGISTRY_PID_FILE="$REGISTRY_DIR/registry.pid"
S3_DIR="$STATE_DIR/seaweedfs"
S3_PID_FILE="$S3_DIR/weed.pid"

IS_ROOT=0
[[ $(id -u) -eq 0 ]] && IS_ROOT=1

# ---- state -----------------------------------------------------------------
# services.state exists from the moment `start` has picked ports until `stop`.
PG_PORT="" PG_PASSWORD="" PG_BASE="" PG_SOCKDIR="" PG_TMPDIRS=""
KAFKA_PORT="" KAFKA_CPORT="" KAFKA_CLUSTER_ID="" KAFKA_LIB="" VENV="" REGISTRY_PORT=""
KAFKA_SASL_PORT="" KAFKA_SASL_PASSWORD=""
S3_PORTS="" S3_ACCESS_KEY="" S3_SECRET_KEY="" WEED=""

load_state() {
  if [[ -f "$STATE_FILE" ]]; then
    # shellcheck source=/dev/null
    source "$STATE_FILE"
  fi
  return 0
}

save_state() {
  local tmp="$STATE_FILE.tmp" v
  (
    umask 077
    : >"$tmp"
    for v in PG_PORT PG_PASSWORD PG_BASE PG_SOCKDIR PG_TMPDIRS KAFKA_PORT KAFKA_CPORT KAFKA_CLUSTER_ID KAFKA_LIB VENV REGISTRY_PORT KAFKA_SASL_PORT KAFKA_SASL_PASSWORD S3_PORTS S3_ACCESS_KEY S3_SECRET_KEY WEED; do
      printf '%s=%q\n' "$v" "${!v}" >>"$tmp"
    done
  )
  mv -f "$tmp" "$STATE_FILE"
}

free_ports() { # N -> N distinct free loopback ports, one per line
  python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
for s in socks:
    print(s.getsockname()[1])
EOF
}

random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

# ---- python venv -----------------------------------------------------------
base_python() {
  local p
  for p in ${RIVERDELTA_BASE_PYTHON:-} python3.11 python3; do
    if command -v "$p" >/dev/null 2>&1; then command -v "$p"; return 0; fi
  done
  die "python3 not found (install the Debian packages python3 and python3-venv)"
}

venv_path() {
  local py req_hash
  py=$(base_python)
  req_hash=$( { cat "$SERVICES_DIR/requirements.txt"; "$py" -c 'import sys; print(sys.version_info[:2])'; } \
    | sha256sum | cut -c1-12)
  printf '%s/venv-%s\n' "$CACHE_ROOT" "$req_hash"
}

venv_ok() {
  [[ -f "$1/.riverdelta-ok" && -x "$1/bin/python" ]] &&
    "$1/bin/python" -c 'import deltalake, pyarrow, duckdb, confluent_kafka, fastavro' >/dev/null 2>&1
}

ensure_venv() { # sets VENV; keeps a recorded venv that still works
  local t0 py
  t0=$(now)
  if [[ -n "$VENV" ]] && venv_ok "$VENV"; then
    return 0
  fi
  VENV=$(venv_path)
  if venv_ok "$VENV"; then
    log "python venv: reusing $VENV"
    return 0
  fi
  mkdir -p "$CACHE_ROOT"
  (
    flock -w 900 9 || die "timed out waiting for the venv lock $CACHE_ROOT/venv.lock"
    if venv_ok "$VENV"; then exit 0; fi
    py=$(base_python)
    log "python venv: creating $VENV from scripts/services/requirements.txt"
    rm -rf "$VENV"
    "$py" -m venv "$VENV" ||
      die "'$py -m venv' failed (on Debian install the package python3-venv)"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-input \
      -r "$SERVICES_DIR/requirements.txt" || die "pip install into $VENV failed"
    "$VENV/bin/python" -c 'import deltalake, pyarrow, duckdb, confluent_kafka, fastavro' ||
      die "the new venv $VENV cannot import its packages"
    touch "$VENV/.riverdelta-ok"
  ) 9>"$CACHE_ROOT/venv.lock"
  log "python venv: ready in $(since "$t0") s"
}

# ---- PostgreSQL ------------------------------------------------------------
require_pg() {
  local b
  for b in initdb pg_ctl pg_isready psql postgres; do
    [[ -x "$PG_BINDIR/$b" ]] ||
      die "PostgreSQL $PG_MAJOR server binaries not found ($PG_BINDIR/$b is missing): install the Debian package postgresql (postgresql-$PG_MAJOR)"
  done
  if [[ $IS_ROOT -eq 1 ]]; then
    id -u postgres >/dev/null 2>&1 ||
      die "running as root but there is no 'postgres' user to run the server (the Debian package postgresql creates it)"
  fi
}

as_pg() { # run a command as the server's OS user (postgres when we are root)
  if [[ $IS_ROOT -eq 1 ]]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

pg_owned_dir() { # make a directory that the server user owns
  mkdir -p "$1"
  chmod 700 "$1"
  if [[ $IS_ROOT -eq 1 ]]; then chown postgres:postgres "$1"; fi
}

pg_datadir() { printf '%s/data\n' "$PG_BASE"; }

pg_running() {
  [[ -n "$PG_BASE" && -f "$(pg_datadir)/postmaster.pid" ]] &&
    as_pg "$PG_BINDIR/pg_ctl" status -D "$(pg_datadir)" >/dev/null 2>&1
}

pg_log_tail() {
  if [[ -n "$PG_BASE" && -f "$PG_BASE/postgres.log" ]]; then
    log "last lines of $PG_BASE/postgres.log:"
    tail -n 40 "$PG_BASE/postgres.log" >&2 || true
  fi
}

pg_wait_ready() {
  local deadline=$((SECONDS + PG_READY_TIMEOUT))
  until "$PG_BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -d postgres -t 2; do
    if ((SECONDS >= deadline)); then
      pg_log_tail
      die "PostgreSQL did not accept connections on 127.0.0.1:$PG_PORT within $PG_READY_TIMEOUT s"
    fi
    sleep 0.2
  done
}

pg_psql() { # SQL... over TCP with the generated password (checks scram auth too)
  PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=10 "$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 \
    "host=127.0.0.1 port=$PG_PORT user=riverdelta dbname=${PGDB:-postgres}" "$@"
}

pg_init() { # fresh cluster in $PG_BASE (STATE_DIR/postgres, or /tmp when the server user cannot reach it)
  local t0 pwfile
  t0=$(now)
  PG_BASE="$STATE_DIR/postgres"
  pg_owned_dir "$PG_BASE"
  if [[ $IS_ROOT -eq 1 ]]; then
    # The server user must be able to traverse STATE_DIR (mktemp -d makes it 0700).
    chmod o+x "$STATE_DIR" 2>/dev/null || true
    if ! runuser -u postgres -- test -w "$PG_BASE" 2>/dev/null; then
      log "postgres: the 'postgres' user cannot reach $STATE_DIR (a parent directory is not traversable); using a directory under /tmp"
      rmdir "$PG_BASE" 2>/dev/null || true
      PG_BASE=$(mktemp -d /tmp/riverdelta-pg.XXXXXX)
      PG_TMPDIRS="$PG_TMPDIRS $PG_BASE"
      pg_owned_dir "$PG_BASE"
      printf '%s\n' "$PG_BASE" >"$STATE_DIR/postgres.location"
    fi
  fi
  # Unix socket paths are limited to 107 bytes ("/.s.PGSQL.NNNNN" included).
  PG_SOCKDIR="$PG_BASE/sock"
  if ((${#PG_SOCKDIR} > 85)); then
    PG_SOCKDIR=$(mktemp -d /tmp/rdpg.XXXXXX)
    PG_TMPDIRS="$PG_TMPDIRS $PG_SOCKDIR"
  fi
  pg_owned_dir "$PG_SOCKDIR"
  PG_PASSWORD=$(random_hex 24)
  save_state

  pwfile="$PG_BASE/pwfile"
  (umask 077 && printf '%s\n' "$PG_PASSWORD" >"$pwfile")
  if [[ $IS_ROOT -eq 1 ]]; then chown postgres:postgres "$pwfile"; fi
  if ! as_pg "$PG_BINDIR/initdb" -D "$(pg_datadir)" -U riverdelta --pwfile="$pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C --no-sync \
    >"$STATE_DIR/initdb.log" 2>&1; then
    rm -f "$pwfile"
    cat "$STATE_DIR/initdb.log" >&2
    die "initdb failed"
  fi
  rm -f "$pwfile"
  cat >>"$(pg_datadir)/postgresql.conf" <<EOF

# ---- Riverdelta test services (scripts/test-services.sh) ----
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCKDIR'
unix_socket_permissions = 0700
password_encryption = 'scram-sha-256'
wal_level = logical
max_replication_slots = 64
max_wal_senders = 64
max_connections = 100
fsync = off
synchronous_commit = off
full_page_writes = off
timezone = 'UTC'
log_timezone = 'UTC'
logging_collector = off
EOF
  log "postgres: initdb done in $(since "$t0") s ($(pg_datadir))"
}

pg_start() {
  local t0
  t0=$(now)
  require_pg
  if pg_running; then
    log "postgres: already running on 127.0.0.1:$PG_PORT"
    return 0
  fi
  [[ -f "$(pg_datadir)/PG_VERSION" ]] || die "no PostgreSQL cluster in '$(pg_datadir)' (run 'start' first)"
  # -w: pg_ctl polls until the server accepts connections.
  if ! as_pg "$PG_BINDIR/pg_ctl" start -D "$(pg_datadir)" -l "$PG_BASE/postgres.log" \
    -w -t "$PG_READY_TIMEOUT" >/dev/null 2>"$STATE_DIR/pg_ctl.err"; then
    cat "$STATE_DIR/pg_ctl.err" >&2 || true
    pg_log_tail
    die "PostgreSQL failed to start on 127.0.0.1:$PG_PORT"
  fi
  pg_wait_ready
  log "postgres: ready on 127.0.0.1:$PG_PORT in $(since "$t0") s"
}

pg_setup_db() {
  local exists
  exists=$(pg_psql -At -c "SELECT 1 FROM pg_database WHERE datname = 'riverdelta'")
  pg_psql -c "ALTER ROLE riverdelta WITH SUPERUSER REPLICATION LOGIN"
  if [[ "$exists" != 1 ]]; then
    pg_psql -c "CREATE DATABASE riverdelta OWNER riverdelta"
  fi
}

pg_stop() {
  if [[ -z "$PG_BASE" || ! -d "$(pg_datadir)" ]]; then return 0; fi
  if [[ -f "$(pg_datadir)/postmaster.pid" ]]; then
    if ! as_pg "$PG_BINDIR/pg_ctl" stop -D "$(pg_datadir)" -m fast -w -t 60 >/dev/null 2>&1; then
      if pg_running; then
        log "postgres: fast shutdown did not finish, using immediate"
        as_pg "$PG_BINDIR/pg_ctl" stop -D "$(pg_datadir)" -m immediate -w -t 30 >/dev/null 2>&1 || true
      fi
    fi
    log "postgres: stopped"
  fi
}

pg_restart() {
  local t0
  t0=$(now)
  require_pg
  if ! pg_running; then
    pg_start
    return 0
  fi
  if ! as_pg "$PG_BINDIR/pg_ctl" restart -D "$(pg_datadir)" -l "$PG_BASE/postgres.log" -m fast \
    -w -t "$PG_READY_TIMEOUT" >/dev/null 2>"$STATE_DIR/pg_ctl.err"; then
    cat "$STATE_DIR/pg_ctl.err" >&2 || true
    pg_log_tail
    die "PostgreSQL failed to restart"
  fi
  pg_wait_ready
  log "postgres: restarted on 127.0.0.1:$PG_PORT in $(since "$t0") s"
}

# ---- Kafka -----------------------------------------------------------------
kafka_home() { printf '%s/kafka-%s\n' "$CACHE_ROOT" "$KAFKA_VERSION"; }

require_java() {
  command -v java >/dev/null 2>&1 ||
    die "java not found on PATH: the test broker needs Java 17 (Debian package openjdk-17-jre-headless)"
  local v
  v=$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ { print $2 }')
  [[ "${v%%.*}" =~ ^[0-9]+$ && "${v%%.*}" -ge 11 ]] ||
    die "java on PATH is version '$v'; Kafka $KAFKA_VERSION needs Java 17 (Debian package openjdk-17-jre-headless)"
}

kafka_marker_value() {
  printf 'kafka_2.13 %s slf4j-reload4j %s pom %s\n' "$KAFKA_VERSION" "$SLF4J_VERSION" \
    "$(sha256sum <"$SERVICES_DIR/kafka/pom.xml" | cut -c1-16)"
}

kafka_cache_ok() {
  local home
  home=$(kafka_home)
  [[ -f "$home/.complete" && "$(cat "$home/.complete")" == "$(kafka_marker_value)" &&
    -f "$home/lib/kafka_2.13-$KAFKA_VERSION.jar" && -f "$home/lib/slf4j-reload4j-$SLF4J_VERSION.jar" ]]
}

ensure_kafka_libs() {
  local t0 home
  t0=$(now)
  home=$(kafka_home)
  KAFKA_LIB="$home/lib"
  if kafka_cache_ok; then
    log "kafka: reusing cached classpath $KAFKA_LIB"
    return 0
  fi
  mkdir -p "$home"
  (
    flock -w 900 9 || die "timed out waiting for the lock $home/.lock"
    if kafka_cache_ok; then exit 0; fi
    command -v mvn >/dev/null 2>&1 ||
      die "mvn not found: resolving the Kafka broker needs Maven (Debian package maven)"
    log "kafka: resolving org.apache.kafka:kafka_2.13:$KAFKA_VERSION with Maven into $home/lib"
    rm -rf "${home:?}/lib" "${home:?}/lib.tmp" "${home:?}/.complete"
    # (Debian's mvn prints ANSI resets even with -B; strip them.)
    (cd "$home" && mvn -q -B -Dstyle.color=never -f "$SERVICES_DIR/kafka/pom.xml" \
      -Dkafka.version="$KAFKA_VERSION" -Dslf4j.version="$SLF4J_VERSION" \
      dependency:copy-dependencies -DoutputDirectory="$home/lib.tmp" </dev/null 2>&1 |
      sed -e 's/\x1b\[[0-9;]*m//g' -e '/^[[:space:]]*$/d' >&2) ||
      die "mvn dependency:copy-dependencies failed for kafka_2.13:$KAFKA_VERSION"
    mv "$home/lib.tmp" "$home/lib"
    kafka_marker_value >"$home/.complete"
  ) 9>"$home/.lock"
  kafka_cache_ok || die "the Kafka classpath in $home/lib is incomplete"
  log "kafka: classpath ready in $(since "$t0") s"
}

kafka_pid() { # pid of our broker, empty when it does not run
  local pid
  [[ -f "$KAFKA_PID_FILE" ]] || return 0
  pid=$(cat "$KAFKA_PID_FILE")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  if [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$KAFKA_DIR/server.properties"; then
    printf '%s\n' "$pid"
  fi
  return 0
}

kafka_log_tail() {
  local f
  for f in "$KAFKA_DIR/console.log" "$KAFKA_DIR/server.log"; do
    if [[ -s "$f" ]]; then
      log "last lines of $f:"
      tail -n 60 "$f" >&2 || true
    fi
  done
}

kafka_configure() {
  local t0
  t0=$(now)
  mkdir -p "$KAFKA_DIR/data"
  # Like Kafka's Uuid.randomUuid(): never an id starting with '-', which the storage tool would
  # take for an option (1 start in 64 failed with "--cluster-id: expected one argument").
  KAFKA_CLUSTER_ID=$(python3 -c 'import base64, uuid
while True:
    s = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
    if not s.startswith("-"): break
print(s)')
  KAFKA_SASL_PASSWORD=$(random_hex 16)
  save_state
  (umask 077 && : >"$KAFKA_DIR/server.properties")
  cat >"$KAFKA_DIR/server.properties" <<EOF
# Generated by scripts/test-services.sh: single-node KRaft broker for tests.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CPORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,SASL_PLAINTEXT://127.0.0.1:$KAFKA_SASL_PORT,CONTROLLER://127.0.0.1:$KAFKA_CPORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,SASL_PLAINTEXT://127.0.0.1:$KAFKA_SASL_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT
# A SASL/PLAIN listener (user riverdelta) for tests of credentials: wrong ones must fail cleanly.
sasl.enabled.mechanisms=PLAIN
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_riverdelta="$KAFKA_SASL_PASSWORD";
log.dirs=$KAFKA_DIR/data
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
group.initial.rebalance.delay.ms=0
EOF
  java -cp "$KAFKA_LIB/*" -Dlog4j.configuration="file:$SERVICES_DIR/kafka/log4j.properties" \
    -Dkafka.logs.dir="$KAFKA_DIR" kafka.tools.StorageTool format -t "$KAFKA_CLUSTER_ID" \
    -c "$KAFKA_DIR/server.properties" >"$KAFKA_DIR/format.log" 2>&1 </dev/null ||
    { cat "$KAFKA_DIR/format.log" >&2; die "kafka storage format failed"; }
  log "kafka: storage formatted in $(since "$t0") s (cluster id $KAFKA_CLUSTER_ID)"
}

kafka_start() {
  local t0 pid rc
  t0=$(now)
  if [[ -n "$(kafka_pid)" ]]; then
    log "kafka: already running on 127.0.0.1:$KAFKA_PORT"
    return 0
  fi
  require_java
  if [[ -z "$KAFKA_LIB" || ! -f "$KAFKA_LIB/kafka_2.13-$KAFKA_VERSION.jar" ]]; then
    ensure_kafka_libs
    save_state
  fi
  [[ -f "$KAFKA_DIR/data/meta.properties" ]] || die "Kafka storage in $KAFKA_DIR/data is not formatted (run 'start' first)"
  [[ -n "$VENV" && -x "$VENV/bin/python" ]] || die "no python venv recorded in $STATE_FILE (run 'start' first)"
  # Own session, no terminal, no inherited stdio: the broker must not keep the
  # caller's pipes open (ctest, CI log capture).
  (
    cd "$KAFKA_DIR"
    exec setsid java -Xmx512m -Xms256m -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
      -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent \
      -Djava.awt.headless=true \
      -Dlog4j.configuration="file:$SERVICES_DIR/kafka/log4j.properties" \
      -Dkafka.logs.dir="$KAFKA_DIR" \
      -cp "$KAFKA_LIB/*" kafka.Kafka "$KAFKA_DIR/server.properties"
  ) </dev/null >>"$KAFKA_DIR/console.log" 2>&1 &
  pid=$!
  printf '%s\n' "$pid" >"$KAFKA_PID_FILE"
  rc=0
  "$VENV/bin/python" "$SERVICES_DIR/kafka_ready.py" "127.0.0.1:$KAFKA_PORT" "$pid" "$KAFKA_READY_TIMEOUT" || rc=$?
  if [[ $rc -ne 0 ]]; then
    kafka_log_tail
    kafka_stop
    die "the Kafka broker did not become ready on 127.0.0.1:$KAFKA_PORT"
  fi
  log "kafka: ready on 127.0.0.1:$KAFKA_PORT in $(since "$t0") s (pid $pid)"
}

kafka_stop() {
  local pid deadline
  pid=$(kafka_pid)
  if [[ -z "$pid" ]]; then
    rm -f "$KAFKA_PID_FILE"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      log "kafka: broker $pid ignored SIGTERM for $KAFKA_STOP_TIMEOUT s, killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    # reap it if it is our child (start-kafka in the same shell), else poll
    if [[ -n "$(kafka_pid)" ]]; then sleep 0.1; else break; fi
  done
  rm -f "$KAFKA_PID_FILE"
  log "kafka: stopped"
}

# ---- Schema Registry (Apicurio) ---------------------------------------------
registry_home() { printf '%s/apicurio-registry-%s\n' "$CACHE_ROOT" "$APICURIO_VERSION"; }
registry_jar() { printf '%s/app/apicurio-registry-app-%s-runner.jar\n' "$(registry_home)" "$APICURIO_VERSION"; }

registry_cache_ok() {
  local home
  home=$(registry_home)
  [[ -f "$home/.complete" && "$(cat "$home/.complete")" == "$APICURIO_SHA256" && -f "$(registry_jar)" ]]
}

ensure_registry_app() {
  local t0 home url tmp sum
  t0=$(now)
  home=$(registry_home)
  if registry_cache_ok; then
    log "registry: reusing cached Apicurio Registry $APICURIO_VERSION in $home"
    return 0
  fi
  mkdir -p "$home"
  (
    flock -w 900 9 || die "timed out waiting for the lock $home/.lock"
    if registry_cache_ok; then exit 0; fi
    command -v curl >/dev/null 2>&1 || die "curl not found: fetching Apicurio Registry needs it (Debian package curl)"
    url="$MAVEN_REPO/io/apicurio/apicurio-registry-app/$APICURIO_VERSION/apicurio-registry-app-$APICURIO_VERSION-all.tar.gz"
    log "registry: fetching io.apicurio:apicurio-registry-app:$APICURIO_VERSION:tar.gz:all from $MAVEN_REPO"
    rm -rf "${home:?}/app" "${home:?}/app.tmp" "${home:?}/.complete"
    tmp="$home/download.tar.gz"
    curl -fsSL --retry 3 --connect-timeout 20 -o "$tmp" "$url" || die "download of $url failed"
    sum=$(sha256sum "$tmp" | cut -d' ' -f1)
    if [[ "$sum" != "$APICURIO_SHA256" ]]; then
      rm -f "$tmp"
      die "apicurio-registry-app-$APICURIO_VERSION-all.tar.gz has SHA-256 $sum, expected $APICURIO_SHA256"
    fi
    mkdir -p "$home/app.tmp"
    tar -xzf "$tmp" -C "$home/app.tmp" || die "cannot unpack $tmp"
    rm -f "$tmp"
    mv "$home/app.tmp" "$home/app"
    printf '%s\n' "$APICURIO_SHA256" >"$home/.complete"
  ) 9>"$home/.lock"
  registry_cache_ok || die "the Apicurio Registry in $home/app is incomplete"
  log "registry: application ready in $(since "$t0") s"
}

registry_pid() { # pid of our registry JVM, empty when it does not run
  local pid
  [[ -f "$REGISTRY_PID_FILE" ]] || return 0
  pid=$(cat "$REGISTRY_PID_FILE")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  if [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "-Dquarkus.http.port=$REGISTRY_PORT "; then
    printf '%s\n' "$pid"
  fi
  return 0
}

registry_url() { printf 'http://127.0.0.1:%s/apis/ccompat/v7\n' "$REGISTRY_PORT"; }

# Starts the JVM and returns at once; registry_wait_ready polls (so it boots while the rest starts).
registry_launch() {
  local pid
  if [[ -n "$(registry_pid)" ]]; then
    return 0
  fi
  require_java
  registry_cache_ok || ensure_registry_app
  mkdir -p "$REGISTRY_DIR"
  # In-memory storage (the default H2 database), loopback only, small heap; own session and no
  # inherited stdio, like the broker.
  (
    cd "$REGISTRY_DIR"
    exec setsid java -Xmx256m -Xms64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
      -Djava.awt.headless=true \
      -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$REGISTRY_PORT" \
      -Dquarkus.http.access-log.enabled=false \
      -Dapicurio.storage.kind=sql -Dapicurio.storage.sql.kind=h2 \
      -jar "$(registry_jar)"
  ) </dev/null >>"$REGISTRY_DIR/console.log" 2>&1 &
  pid=$!
  printf '%s\n' "$pid" >"$REGISTRY_PID_FILE"
  REGISTRY_T0=$(now)
}

registry_wait_ready() {
  local deadline pid
  pid=$(registry_pid)
  deadline=$((SECONDS + REGISTRY_READY_TIMEOUT))
  until curl -sf -o /dev/null --max-time 2 "$(registry_url)/subjects"; do
    if [[ -z "$pid" ]] || ! kill -0 "$pid" 2>/dev/null; then
      registry_log_tail
      die "Apicurio Registry exited during startup"
    fi
    if ((SECONDS >= deadline)); then
      registry_log_tail
      registry_stop
      die "Apicurio Registry did not answer on $(registry_url) within $REGISTRY_READY_TIMEOUT s"
    fi
    sleep 0.2
  done
  log "registry: ready on $(registry_url) in $(since "${REGISTRY_T0:-$(now)}") s (pid $pid)"
}

registry_log_tail() {
  if [[ -s "$REGISTRY_DIR/console.log" ]]; then
    log "last lines of $REGISTRY_DIR/console.log:"
    grep -v '^[[:space:]]*at ' "$REGISTRY_DIR/console.log" | tail -n 40 >&2 || true
  fi
}

registry_stop() {
  local pid deadline
  pid=$(registry_pid)
  if [[ -z "$pid" ]]; then
    rm -f "$REGISTRY_PID_FILE"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + 20))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      kill -KILL "$pid" 2>/dev/null || true
    fi
    if [[ -n "$(registry_pid)" ]]; then sleep 0.1; else break; fi
  done
  rm -f "$REGISTRY_PID_FILE"
  log "registry: stopped"
}

# ---- S3 (SeaweedFS) -----------------------------------------------------------
seaweedfs_home() { printf '%s/seaweedfs-%s\n' "$CACHE_ROOT" "$SEAWEEDFS_VERSION"; }

weed_cache_ok() {
  local home
  home=$(seaweedfs_home)
  [[ -f "$home/.complete" && "$(cat "$home/.complete")" == "$SEAWEEDFS_VERSION" && -x "$home/weed" ]]
}

ensure_weed() { # sets WEED; builds the binary once (minutes on 2 cores), then reuses it
  local t0 home dir
  t0=$(now)
  home=$(seaweedfs_home)
  WEED="$home/weed"
  if weed_cache_ok; then
    return 0
  fi
  mkdir -p "$home"
  (
    flock -w 1800 9 || die "timed out waiting for the lock $home/.lock"
    if weed_cache_ok; then exit 0; fi
    command -v go >/dev/null 2>&1 ||
      die "go not found: building the SeaweedFS test server needs the Go toolchain (Debian package golang-go; scripts/install-deps.sh --test installs it)"
    log "s3: building SeaweedFS $SEAWEEDFS_VERSION with $(go version | cut -d' ' -f3) (once; takes minutes)"
    # GOTOOLCHAIN=auto: an older Go (Debian 12 ships 1.19) fetches the release the module asks for.
    dir=$(cd "$home" && GOTOOLCHAIN=auto GOFLAGS=-mod=mod go mod download -json \
      "github.com/seaweedfs/seaweedfs@$SEAWEEDFS_VERSION" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])') ||
      die "go mod download github.com/seaweedfs/seaweedfs@$SEAWEEDFS_VERSION failed"
    (cd "$dir" && GOTOOLCHAIN=auto CGO_ENABLED=0 nice -n 10 go build -trimpath -ldflags '-s -w' \
      -o "$home/weed.tmp" ./weed) >"$home/build.log" 2>&1 ||
      { tail -n 30 "$home/build.log" >&2; die "go build of SeaweedFS failed (log: $home/build.log)"; }
    mv -f "$home/weed.tmp" "$home/weed"
    printf '%s\n' "$SEAWEEDFS_VERSION" >"$home/.complete"
  ) 9>"$home/.lock"
  weed_cache_ok || die "the SeaweedFS binary in $home is missing"
  log "s3: SeaweedFS binary ready in $(since "$t0") s"
}

s3_port() { # index into S3_PORTS: 0 s3, 1 master, 2 volume, 3 filer, 4-7 their gRPC ports
  local a
  read -r -a a <<<"$S3_PORTS"
  printf '%s\n' "${a[$1]}"
}
s3_endpoint() { printf 'http://127.0.0.1:%s\n' "$(s3_port 0)"; }

s3_pid() {
  local pid
  [[ -f "$S3_PID_FILE" ]] || return 0
  pid=$(cat "$S3_PID_FILE")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  if [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "-dir=$S3_DIR/data"; then
    printf '%s\n' "$pid"
  fi
  return 0
}

s3_curl() { # METHOD PATH BODY [curl args...] -> prints the HTTP status
  local method=$1 path=$2 body=$3 hash
  shift 3
  # curl 7.88 signs the payload hash but does not send it: S3 wants it as x-amz-content-sha256.
  hash=$(printf '%s' "$body" | sha256sum | cut -d' ' -f1)
  curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X "$method" \
    --aws-sigv4 "aws:amz:$S3_REGION:s3" --user "$S3_ACCESS_KEY:$S3_SECRET_KEY" \
    -H "x-amz-content-sha256: $hash" ${body:+--data-binary "$body"} \
    "$@" "$(s3_endpoint)/$path" || true
}

s3_log_tail() {
  if [[ -s "$S3_DIR/console.log" ]]; then
    log "last lines of $S3_DIR/console.log:"
    tail -n 40 "$S3_DIR/console.log" >&2 || true
  fi
}

s3_launch() {
  local pid
  if [[ -n "$(s3_pid)" ]]; then
    return 0
  fi
  [[ -n "$WEED" && -x "$WEED" ]] || ensure_weed
  mkdir -p "$S3_DIR/data"
  # A lone master restarted on its old raft state never elects itself leader again, and no
  # volume server can register ("Not enough data nodes found"). Its topology comes back from
  # the volume servers' heartbeats, so the state can go; volumes and filer metadata stay.
  rm -rf "$S3_DIR/data/m$(s3_port 1)"
  (
    umask 077
    # One identity for the tests, and anonymous access to one extra bucket only: the test of a
    # store without conditional writes reaches it through a header-dropping proxy.
    printf '{"identities": [{"name": "riverdelta", "credentials": [{"accessKey": "%s", "secretKey": "%s"}], "actions": ["Admin", "Read", "List", "Tagging", "Write"]}, {"name": "anonymous", "actions": ["Read:%s", "List:%s", "Write:%s"]}]}\n' \
      "$S3_ACCESS_KEY" "$S3_SECRET_KEY" "$S3_OPEN_BUCKET" "$S3_OPEN_BUCKET" "$S3_OPEN_BUCKET" >"$S3_DIR/s3.json"
  )
  (
    cd "$S3_DIR"
    exec setsid "$WEED" server -ip=127.0.0.1 -ip.bind=127.0.0.1 -dir="$S3_DIR/data" \
      -master.port="$(s3_port 1)" -master.port.grpc="$(s3_port 4)" -master.telemetry=false \
      -master.volumeSizeLimitMB=64 -volume.max=32 -volume.preStopSeconds=0 \
      -volume.port="$(s3_port 2)" -volume.port.grpc="$(s3_port 5)" \
      -filer -filer.port="$(s3_port 3)" -filer.port.grpc="$(s3_port 6)" \
      -filer.localSocket="$S3_DIR/filer.sock" \
      -s3 -s3.port="$(s3_port 0)" -s3.port.grpc="$(s3_port 7)" -s3.config="$S3_DIR/s3.json" \
      -s3.port.iceberg=0 -s3.port.lance=0 -s3.autoCreateBucket=false -s3.localSocket="$S3_DIR/s3.sock"
  ) </dev/null >>"$S3_DIR/console.log" 2>&1 &
  pid=$!
  printf '%s\n' "$pid" >"$S3_PID_FILE"
  S3_T0=$(now)
}

s3_wait_ready() { # the bucket exists and If-None-Match: * is enforced
  local deadline pid code key
  pid=$(s3_pid)
  deadline=$((SECONDS + S3_READY_TIMEOUT))
  until code=$(s3_curl PUT "$S3_BUCKET" "") && [[ "$code" == 200 || "$code" == 409 ]]; do
    if [[ -z "$pid" ]] || ! kill -0 "$pid" 2>/dev/null; then
      s3_log_tail
      die "SeaweedFS exited during startup"
    fi
    if ((SECONDS >= deadline)); then
      s3_log_tail
      s3_stop
      die "SeaweedFS did not create bucket $S3_BUCKET on $(s3_endpoint) within $S3_READY_TIMEOUT s (last status $code)"
    fi
    sleep 0.3
  done
  code=$(s3_curl PUT "$S3_OPEN_BUCKET" "")
  [[ "$code" == 200 || "$code" == 409 ]] || die "s3: creating bucket $S3_OPEN_BUCKET answered $code"
  key="$S3_BUCKET/.probe-$(random_hex 8)"
  code=$(s3_curl PUT "$key" probe -H 'If-None-Match: *')
  [[ "$code" == 200 ]] || die "s3: conditional create of a new key answered $code"
  code=$(s3_curl PUT "$key" probe -H 'If-None-Match: *')
  s3_curl DELETE "$key" "" >/dev/null
  [[ "$code" == 412 ]] ||
    die "s3: SeaweedFS $SEAWEEDFS_VERSION does not enforce If-None-Match: * (second create answered $code, expected 412); the tests would prove nothing"
  log "s3: ready on $(s3_endpoint), bucket $S3_BUCKET, If-None-Match enforced, in $(since "${S3_T0:-$(now)}") s (pid $pid)"
}

s3_stop() {
  local pid deadline
  pid=$(s3_pid)
  if [[ -z "$pid" ]]; then
    rm -f "$S3_PID_FILE"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + 20))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      kill -KILL "$pid" 2>/dev/null || true
    fi
    if [[ -n "$(s3_pid)" ]]; then sleep 0.1; else break; fi
  done
  rm -f "$S3_PID_FILE"
  log "s3: stopped"
}

# ---- env.sh ----------------------------------------------------------------
shq() { local q="'\\''"; printf "'%s'" "${1//\'/$q}"; } # POSIX single quotes

write_env() {
  local tmp="$ENV_FILE.tmp"
  (
    umask 077
    {
      echo "# Generated by scripts/test-services.sh start; source it before running tests."
      printf 'export %s=%s\n' \
        RIVERDELTA_TEST_PG_CONNINFO "$(shq "host=127.0.0.1 port=$PG_PORT user=riverdelta password=$PG_PASSWORD dbname=riverdelta")" \
        RIVERDELTA_TEST_PG_BINDIR "$(shq "$PG_BINDIR")" \
        RIVERDELTA_TEST_PG_DATADIR "$(shq "$(pg_datadir)")" \
        RIVERDELTA_TEST_PG_LOG "$(shq "$PG_BASE/postgres.log")" \
        RIVERDELTA_TEST_KAFKA_BOOTSTRAP "$(shq "127.0.0.1:$KAFKA_PORT")" \
        RIVERDELTA_TEST_KAFKA_LOG "$(shq "$KAFKA_DIR/server.log")" \
        RIVERDELTA_TEST_KAFKA_SASL_BOOTSTRAP "$(shq "127.0.0.1:$KAFKA_SASL_PORT")" \
        RIVERDELTA_TEST_KAFKA_SASL_USERNAME riverdelta \
        RIVERDELTA_TEST_KAFKA_SASL_PASSWORD "$(shq "$KAFKA_SASL_PASSWORD")" \
        RIVERDELTA_TEST_SCHEMA_REGISTRY_URL "$(shq "$(registry_url)")" \
        RIVERDELTA_TEST_PYTHON "$(shq "$VENV/bin/python")" \
        RIVERDELTA_TEST_S3_ENDPOINT "$(shq "$(s3_endpoint)")" \
        RIVERDELTA_TEST_S3_REGION "$S3_REGION" \
        RIVERDELTA_TEST_S3_BUCKET "$S3_BUCKET" \
        RIVERDELTA_TEST_S3_OPEN_BUCKET "$S3_OPEN_BUCKET" \
        RIVERDELTA_TEST_S3_ACCESS_KEY "$(shq "$S3_ACCESS_KEY")" \
        RIVERDELTA_TEST_S3_SECRET_KEY "$(shq "$S3_SECRET_KEY")" \
        RIVERDELTA_TEST_SERVICES_CTL "$(shq "$SELF")" \
        RIVERDELTA_TEST_SERVICES_DIR "$(shq "$STATE_DIR")"
    } >"$tmp"
  )
  mv -f "$tmp" "$ENV_FILE"
}

# ---- actions ---------------------------------------------------------------
STARTING=0
on_exit() {
  local rc=$?
  if [[ $STARTING -eq 1 && $rc -ne 0 ]]; then
    log "start failed; stopping whatever was started (logs stay in $STATE_DIR)"
    STARTING=0
    stop_all || true
  fi
  exit "$rc"
}
trap on_exit EXIT

start_all() {
  local t0 ports
  t0=$(now)
  STARTING=1
  load_state
  if [[ -f "$STATE_FILE" && -n "$PG_PORT" && -n "$KAFKA_PORT" && -n "$VENV" && -n "$REGISTRY_PORT" && -n "$KAFKA_SASL_PORT" && -n "$S3_PORTS" ]]; then
    log "resuming services recorded in $STATE_FILE"
    ensure_venv
    save_state
    registry_launch
    s3_launch
    pg_start
    kafka_start
    registry_wait_ready
    s3_wait_ready
  else
    # A fresh set: clear leftovers of an earlier run in this directory.
    stop_all
    rm -rf "$STATE_DIR/postgres" "$KAFKA_DIR" "$REGISTRY_DIR" "$S3_DIR" "$ENV_FILE" "$STATE_DIR/postgres.location"
    require_pg
    require_java
    mapfile -t ports < <(free_ports 13)
    [[ ${#ports[@]} -eq 13 ]] || die "could not pick free loopback ports"
    PG_PORT=${ports[0]} KAFKA_PORT=${ports[1]} KAFKA_CPORT=${ports[2]} REGISTRY_PORT=${ports[3]}
    KAFKA_SASL_PORT=${ports[4]}
    S3_PORTS="${ports[*]:5:8}"
    S3_ACCESS_KEY="RD$(random_hex 9)" S3_SECRET_KEY=$(random_hex 20)
    mkdir -p "$KAFKA_DIR" "$REGISTRY_DIR"
    save_state
    ensure_registry_app
    registry_launch  # boots while the rest starts
    ensure_weed
    save_state
    s3_launch
    ensure_venv
    save_state
    pg_init
    pg_start
    pg_setup_db
    ensure_kafka_libs
    save_state
    kafka_configure
    kafka_start
    registry_wait_ready
    s3_wait_ready
  fi
  write_env
  STARTING=0
  log "all services ready in $(since "$t0") s; source $ENV_FILE"
}

stop_all() {
  local d
  load_state
  if [[ -z "$PG_BASE" ]]; then
    if [[ -f "$STATE_DIR/postgres.location" ]]; then
      PG_BASE=$(cat "$STATE_DIR/postgres.location")
    elif [[ -d "$STATE_DIR/postgres" ]]; then
      PG_BASE="$STATE_DIR/postgres"
    fi
  fi
  kafka_stop
  registry_stop
  s3_stop
  if [[ -n "$PG_BASE" && -d "$PG_BASE/data" ]]; then
    require_pg
    pg_stop
  fi
  # Directories outside STATE_DIR (fallbacks for root and long paths) go away;
  # keep the server log next to the others.
  for d in $PG_TMPDIRS; do
    [[ "$d" == /tmp/riverdelta-pg.* || "$d" == /tmp/rdpg.* ]] || continue
    if [[ -f "$d/postgres.log" ]]; then cp -f "$d/postgres.log" "$STATE_DIR/postgres.log" 2>/dev/null || true; fi
    rm -rf "$d"
  done
  rm -f "$STATE_FILE" "$ENV_FILE" "$STATE_DIR/postgres.location"
}

status_all() {
  local pid all=0 pgpid
  load_state
  if [[ ! -f "$STATE_FILE" ]]; then
    echo "no services recorded in $STATE_DIR (not started)"
    return 3
  fi
  if [[ -n "$PG_BASE" ]] && pg_running; then
    pgpid=$(head -n1 "$(pg_datadir)/postmaster.pid" 2>/dev/null || true)
    echo "postgres: running   pid $pgpid  127.0.0.1:$PG_PORT  data $(pg_datadir)"
  else
    echo "postgres: stopped   127.0.0.1:$PG_PORT  data $(pg_datadir)"
    all=3
  fi
  pid=$(kafka_pid)
  if [[ -n "$pid" ]]; then
    echo "kafka:    running   pid $pid  127.0.0.1:$KAFKA_PORT  kafka_2.13-$KAFKA_VERSION  logs $KAFKA_DIR/data"
  else
    echo "kafka:    stopped   127.0.0.1:$KAFKA_PORT"
    all=3
  fi
  pid=$(registry_pid)
  if [[ -n "$pid" ]]; then
    echo "registry: running   pid $pid  $(registry_url)  apicurio-registry-$APICURIO_VERSION (in memory)"
  else
    echo "registry: stopped   $(registry_url)"
    all=3
  fi
  pid=$(s3_pid)
  if [[ -n "$pid" ]]; then
    echo "s3:       running   pid $pid  $(s3_endpoint)  seaweedfs-$SEAWEEDFS_VERSION  bucket $S3_BUCKET"
  else
    echo "s3:       stopped   $(s3_endpoint)"
    all=3
  fi
  if [[ -n "$VENV" ]] && venv_ok "$VENV"; then
    echo "python:   ready     $VENV/bin/python"
  else
    echo "python:   missing   ${VENV:-<none>}"
    all=3
  fi
  [[ -f "$ENV_FILE" ]] && echo "env:      $ENV_FILE"
  return "$all"
}

need_state() {
  load_state
  [[ -f "$STATE_FILE" ]] || die "no services recorded in $STATE_DIR: run '$SELF start $STATE_DIR' first"
}

case "$ACTION" in
  start) start_all ;;
  stop) stop_all; log "stopped" ;;
  status) rc=0; status_all || rc=$?; exit "$rc" ;;
  stop-kafka) need_state; kafka_stop ;;
  start-kafka) need_state; kafka_start ;;
  stop-postgres) need_state; require_pg; pg_stop ;;
  start-postgres) need_state; pg_start ;;
  restart-postgres) need_state; pg_restart ;;
  stop-registry) need_state; registry_stop ;;
  start-registry) need_state; registry_launch; registry_wait_ready ;;
  stop-s3) need_state; s3_stop ;;
  start-s3) need_state; s3_launch; s3_wait_ready ;;
  -h | --help | help) usage ;;
  *) log "unknown action '$ACTION'"; usage ;;
esac
