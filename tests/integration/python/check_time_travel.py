"""Reads chosen versions of a Delta table (time travel) with delta-rs, and the data files delta-rs
lists for each version with pyarrow and DuckDB, and compares the rows with the expected ones.
Usage: check_time_travel.py TABLE_DIR EXPECTED_JSON. Prints a JSON summary; exits non-zero with a
message on mismatch.

expected.json: {"key": "id", "rows": [every row, all columns], "checks": [{"version": V,
"count": N, "files": F (optional)}]}: version V holds the first N rows (in key order), with the
columns the table had at V, in F data files."""
import json
import sys

import duckdb
import pyarrow.parquet as pq
from deltalake import DeltaTable

from lake_common import compare_rows, fail, to_rows


def main():
    path, expected_path = sys.argv[1], sys.argv[2]
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    key = expected["key"]
    all_rows = sorted(expected["rows"], key=lambda r: r[key])
    summary = []
    con = duckdb.connect()
    for check in expected["checks"]:
        version = check["version"]
        label = f"version {version}"
        dt = DeltaTable(path, version=version)
        if dt.version() != version:
            fail(f"{label}: delta-rs loaded version {dt.version()}")
        columns = [f.name for f in dt.schema().fields]
        want = [{c: r.get(c) for c in columns} for r in all_rows[: check["count"]]]
        got = sorted(to_rows(dt.to_pyarrow_table()), key=lambda r: r[key])
        compare_rows(f"delta-rs {label}", got, want)
        files = dt.file_uris()
        if "files" in check and len(files) != check["files"]:
            fail(f"{label}: {len(files)} data files, expected {check['files']}")
        arrow_rows = []
        for uri in files:
            local = uri[len("file://"):] if uri.startswith("file://") else uri
            for r in to_rows(pq.read_table(local)):
                arrow_rows.append({c: r.get(c) for c in columns})
        compare_rows(f"pyarrow {label}", sorted(arrow_rows, key=lambda r: r[key]), want)
        locals_ = [u[len("file://"):] if u.startswith("file://") else u for u in files]
        listing = "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in locals_) + "]"
        ddb = con.sql(f"SELECT * FROM read_parquet({listing}, union_by_name=true)").arrow()
        ddb_rows = [{c: r.get(c) for c in columns} for r in to_rows(ddb)]
        compare_rows(f"duckdb {label}", sorted(ddb_rows, key=lambda r: r[key]), want)
        summary.append({"version": version, "rows": len(got), "files": len(files)})
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
