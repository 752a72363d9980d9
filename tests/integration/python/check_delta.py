"""Checks a Delta table written by Riverdelta with delta-rs (deltalake), and its data files with
pyarrow and DuckDB, against expected.json from the C++ test.
Usage: check_delta.py TABLE_DIR EXPECTED_JSON. Prints a JSON summary; exits non-zero with a
message on mismatch.

expected.json: {"version": N, "rows": [...], "key": "id", "txns": {appId: version},
"columns": [names], "protocol": [reader, writer], "timestamp_columns": [...],
"checkpoint": {"version": V} (optional: copy the table without the commits up to V and load)}"""
import datetime
import json
import os
import shutil
import sys
import tempfile

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from deltalake import DeltaTable

from lake_common import compare_rows, fail, scalar_ticks, to_rows


def sorted_rows(rows, key):
    return sorted(rows, key=lambda r: r[key])


def check_table(label, path, expected):
    dt = DeltaTable(path)
    if dt.version() != expected["version"]:
        fail(f"{label}: version {dt.version()} != {expected['version']}")
    names = [f.name for f in dt.schema().fields]
    if names != expected["columns"]:
        fail(f"{label}: columns {names} != {expected['columns']}")
    proto = dt.protocol()
    if [proto.min_reader_version, proto.min_writer_version] != expected["protocol"]:
        fail(f"{label}: protocol {proto}")
    got = sorted_rows(to_rows(dt.to_pyarrow_table()), expected["key"])
    compare_rows(f"delta-rs {label}", got, sorted_rows(expected["rows"], expected["key"]))
    for app_id, version in expected["txns"].items():
        v = dt.transaction_version(app_id)
        if v != version:
            fail(f"{label}: transaction_version({app_id}) = {v}, expected {version}")
    return dt


def check_files(label, path, dt, expected):
    adds = pa.table(dt.get_add_actions(flatten=True)).to_pylist()
    ts_cols = set(expected.get("timestamp_columns", []))
    total = 0
    con = duckdb.connect()
    for add in adds:
        file_path = os.path.join(path, add["path"])
        rows = to_rows(pq.read_table(file_path))
        ddb = pa.table(con.sql(f"SELECT * FROM read_parquet('{file_path}')").arrow())
        compare_rows(f"duckdb vs pyarrow {add['path']}", to_rows(ddb), rows)
        if add["num_records"] != len(rows):
            fail(f"{label}: {add['path']} num_records {add['num_records']} != {len(rows)}")
        total += len(rows)
        for col in expected["columns"]:
            values = [r.get(col) for r in rows]
            nonnull = [v for v in values if v is not None]
            nc = add.get(f"null_count.{col}")
            if nc is not None and nc != len(values) - len(nonnull):
                fail(f"{label}: {add['path']} null_count.{col} {nc} != {len(values) - len(nonnull)}")
            lo, hi = add.get(f"min.{col}"), add.get(f"max.{col}")
            if not nonnull or isinstance(nonnull[0], bool):
                continue
            if isinstance(nonnull[0], str) and max(len(v) for v in nonnull) > 32:
                # Long strings: min cut to 32 code points, a max that would need cutting is left
                # out (engine/lake/README.md); what is there must be exact.
                if lo != min(nonnull)[:32]:
                    fail(f"{label}: {add['path']} {col} min {lo!r} != {min(nonnull)[:32]!r}")
                if hi is not None and hi != max(nonnull):
                    fail(f"{label}: {add['path']} {col} max {hi!r} != {max(nonnull)!r}")
                continue
            if lo is None or hi is None:
                fail(f"{label}: {add['path']} lacks min/max for {col}")
            lo, hi = scalar_ticks(lo), scalar_ticks(hi)
            if col in ts_cols:
                # millisecond stats: min rounded down, max rounded up
                exp_lo = (min(nonnull) // 1000) * 1000
                exp_hi = -((-max(nonnull)) // 1000) * 1000
            else:
                exp_lo, exp_hi = min(nonnull), max(nonnull)
            if lo != exp_lo or hi != exp_hi:
                fail(f"{label}: {add['path']} {col} stats {lo!r}/{hi!r} != {exp_lo!r}/{exp_hi!r}")
    if total != len(expected["rows"]):
        fail(f"{label}: data files hold {total} rows, expected {len(expected['rows'])}")
    return len(adds)


def main():
    path, expected_path = sys.argv[1], sys.argv[2]
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    dt = check_table("table", path, expected)
    files = check_files("table", path, dt, expected)
    summary = {"version": dt.version(), "rows": len(expected["rows"]), "files": files,
               "txns": {a: dt.transaction_version(a) for a in expected["txns"]}}

    cp = expected.get("checkpoint")
    if cp:
        with open(os.path.join(path, "_delta_log", "_last_checkpoint"), encoding="utf-8") as f:
            last = json.load(f)
        if last["version"] != cp["version"]:
            fail(f"_last_checkpoint version {last['version']} != {cp['version']}")
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, "table")
            shutil.copytree(path, copy)
            removed = 0
            for v in range(cp["version"] + 1):
                p = os.path.join(copy, "_delta_log", f"{v:020d}.json")
                if os.path.exists(p):
                    os.remove(p)
                    removed += 1
            if removed != cp["version"] + 1:
                fail(f"expected commits 0..{cp['version']} in the log")
            check_table("from checkpoint", copy, expected)
            summary["checkpoint_loaded"] = cp["version"]
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
