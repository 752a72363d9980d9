#!/usr/bin/env python3
"""The Python peer of bench_lake_sync: what a data engineer would write instead of Riverdelta's
sync job. A confluent-kafka consumer reads a topic and deltalake.write_deltalake appends each
batch to a Delta table, exactly once: the batch's last offset per partition is committed in the
same Delta commit as an app transaction ("<prefix>-<topic>-<partition>", version = last offset),
and on start each partition is assigned at its transaction version + 1. The values are JSON;
pyarrow.json parses a batch into the table's columns (the fastest parser at hand), with the
Kafka partition, offset and timestamp as columns like the sync job's.

The consumer's fetch settings come from --fetch-setting KEY=VALUE (repeatable): bench_lake_sync
passes the sync job's (lake::sync::bulkReaderSettings: a byte-bounded prefetch queue refilled by
fetches of a quarter of it), so both read alike. bench_lake_sync starts this script with the test venv's python and reads the one JSON
line it prints on stdout:

  catch-up:  --until-caught-up: read to the high watermarks seen at start, committing every
             --commit-rows rows and at the end; prints rows, wall and CPU seconds of that
  streaming: --seconds N: read for N seconds, committing every --commit-interval-ms; prints
             freshness p50/p95 (produce -> committed) over rows produced after it started
Wall and CPU seconds are measured from the consumer's creation on (imports not counted); peak
RSS is the whole process's VmHWM.
"""
import argparse
import io
import json
import sys
import time

import pyarrow as pa
import pyarrow.json as pajson
from confluent_kafka import Consumer, KafkaError, TopicPartition
from deltalake import CommitProperties, DeltaTable, Transaction, write_deltalake

CLICK_SCHEMA = pa.schema(
    [
        ("activity_id", pa.string()),
        ("customer_email", pa.string()),
        ("hotel_id", pa.string()),
        ("action", pa.string()),
        ("event_duration", pa.int32()),
        ("url", pa.string()),
        ("created_at", pa.int64()),  # epoch millis: read as a number, cast below
    ]
)
TIMESTAMP = pa.timestamp("ms", tz="UTC")

def peak_rss_mb():
    """VmHWM of this process (the whole interpreter, imports included)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return -1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bootstrap", required=True)
    ap.add_argument("--topic", required=True)
    ap.add_argument("--table", required=True)
    ap.add_argument("--until-caught-up", action="store_true")
    ap.add_argument("--seconds", type=float, default=0)
    ap.add_argument("--commit-rows", type=int, default=1000000)
    ap.add_argument("--commit-interval-ms", type=int, default=5000)
    ap.add_argument("--app-id-prefix", default="python-peer")
    ap.add_argument(
        "--fetch-setting",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a librdkafka consumer property (repeatable)",
    )
    args = ap.parse_args()

    wall0 = time.monotonic()
    cpu0 = time.process_time()
    started_ms = int(time.time() * 1000)
    conf = {
        "bootstrap.servers": args.bootstrap,
        "group.id": "bench-python-peer",
        "enable.auto.commit": False,
        "enable.partition.eof": True,
    }
    for setting in args.fetch_setting:
        key, sep, value = setting.partition("=")
        if not sep or not key:
            ap.error(f"--fetch-setting {setting!r}: expected KEY=VALUE")
        conf[key] = value
    consumer = Consumer(conf)
    md = consumer.list_topics(args.topic, timeout=10)
    partitions = sorted(md.topics[args.topic].partitions)

    table = None
    try:
        table = DeltaTable(args.table)
    except Exception:  # no table yet
        table = None

    def app_id(p):
        return f"{args.app_id_prefix}-{args.topic}-{p}"

    assignment = []
    targets = {}
    for p in partitions:
        v = table.transaction_version(app_id(p)) if table is not None else None
        assignment.append(TopicPartition(args.topic, p, v + 1 if v is not None else -2))
        if args.until_caught_up:
            targets[p] = consumer.get_watermark_offsets(TopicPartition(args.topic, p), timeout=10)[1]
    consumer.assign(assignment)
    print("ready", flush=True)

    values = []
    parts, offsets, stamps = [], [], []
    last = {}
    done = {p: -1 for p in partitions}
    rows = 0
    commits = 0
    freshness = []
    batch_started = time.monotonic()

    def commit():
        nonlocal values, parts, offsets, stamps, last, commits, batch_started
        if not values:
            batch_started = time.monotonic()
            return
        data = pajson.read_json(
            io.BytesIO(b"\n".join(values)),
            parse_options=pajson.ParseOptions(explicit_schema=CLICK_SCHEMA),
        )
        at = data.schema.get_field_index("created_at")
        data = data.set_column(at, "created_at", data.column(at).cast(TIMESTAMP))
        data = data.append_column("_kafka_partition", pa.array(parts, pa.int32()))
        data = data.append_column("_kafka_offset", pa.array(offsets, pa.int64()))
        data = data.append_column(
            "_kafka_timestamp", pa.array(stamps, TIMESTAMP)
        )
        txns = [Transaction(app_id(p), o) for p, o in last.items()]
        write_deltalake(
            args.table,
            data,
            mode="append",
            commit_properties=CommitProperties(app_transactions=txns),
        )
        now_ms = int(time.time() * 1000)
        step = max(1, len(stamps) // 512)
        for i in range(0, len(stamps), step):
            if stamps[i] >= started_ms:
                freshness.append(now_ms - stamps[i])
        done.update(last)
        commits += 1
        values, parts, offsets, stamps, last = [], [], [], [], {}
        batch_started = time.monotonic()

    def reached():
        return all(max(done[p], last.get(p, -1)) + 1 >= targets[p] for p in partitions)

    end = time.monotonic() + args.seconds
    while True:
        if args.until_caught_up and reached():
            break
        if not args.until_caught_up and time.monotonic() >= end:
            break
        for m in consumer.consume(num_messages=10000, timeout=0.1):
            err = m.error()
            if err is not None:
                if err.code() != KafkaError._PARTITION_EOF:
                    print(f"consumer error: {err}", file=sys.stderr)
                continue
            values.append(m.value())
            parts.append(m.partition())
            offsets.append(m.offset())
            stamps.append(m.timestamp()[1])
            last[m.partition()] = m.offset()
        rows_buffered = len(values)
        if rows_buffered >= args.commit_rows or (
            time.monotonic() - batch_started >= args.commit_interval_ms / 1000.0
        ):
            rows += rows_buffered
            commit()
    rows += len(values)
    commit()
    wall = time.monotonic() - wall0
    cpu = time.process_time() - cpu0
    consumer.close()
    files = len(DeltaTable(args.table).file_uris()) if commits else 0
    freshness.sort()

    def pct(p):
        return freshness[int(p / 100.0 * (len(freshness) - 1))] if freshness else -1

    print(
        json.dumps(
            {
                "rows": rows,
                "wall": wall,
                "cpu": cpu,
                "commits": commits,
                "files": files,
                "p50_ms": pct(50),
                "p95_ms": pct(95),
                "rss_mb": peak_rss_mb(),
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
