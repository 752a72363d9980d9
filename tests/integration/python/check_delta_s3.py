"""Reads a Delta table on the test S3 server back through its endpoint and compares it with the
same topic synced into a local folder (itself checked against the topic by test_lake_sync):
delta-rs reads the table from the server, pyarrow reads every data file through its
S3FileSystem and DuckDB scans them through that filesystem; every row must be there once with the same values.
Usage: check_delta_s3.py S3_TABLE_URL LOCAL_TABLE_DIR APP_IDS_JSON [duckdb|no-duckdb], where
APP_IDS_JSON maps each partition's txn appId to the partition: the local table may have synced
past what the S3 table committed (the topic can grow in between); rows up to the S3 table's
committed offsets are compared. Endpoint and credentials
come from RIVERDELTA_TEST_S3_*. Prints a JSON summary; exits non-zero with a message on mismatch."""
import json
import os
import sys
from urllib.parse import urlparse

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
from deltalake import DeltaTable
from pyarrow import fs

from lake_common import compare_rows, fail, to_rows

KEY = ("_kafka_partition", "_kafka_offset")


def by_offset(rows):
    return sorted(rows, key=lambda r: tuple(r[k] for k in KEY))


def main():
    url, local_path = sys.argv[1], sys.argv[2]
    app_ids = json.loads(sys.argv[3])
    use_duckdb = len(sys.argv) < 5 or sys.argv[4] != "no-duckdb"
    endpoint = os.environ["RIVERDELTA_TEST_S3_ENDPOINT"]
    region = os.environ["RIVERDELTA_TEST_S3_REGION"]
    key = os.environ["RIVERDELTA_TEST_S3_ACCESS_KEY"]
    secret = os.environ["RIVERDELTA_TEST_S3_SECRET_KEY"]
    options = {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_REGION": region,
        "AWS_ACCESS_KEY_ID": key,
        "AWS_SECRET_ACCESS_KEY": secret,
        "AWS_ALLOW_HTTP": "true",
    }
    remote = DeltaTable(url, storage_options=options)
    local = DeltaTable(local_path)
    committed = {}
    for app_id, partition in app_ids.items():
        v = remote.transaction_version(app_id)
        if v is None:
            fail(f"transaction_version({app_id}) missing on S3")
        local_v = local.transaction_version(app_id)
        if local_v is None or local_v < v:
            fail(f"the local table ({app_id}: {local_v}) is behind the S3 table ({v})")
        committed[partition] = v
    got = by_offset(to_rows(remote.to_pyarrow_table()))
    expected = by_offset([r for r in to_rows(local.to_pyarrow_table())
                          if r["_kafka_offset"] <= committed.get(r["_kafka_partition"], -1)])
    compare_rows("delta-rs from S3 vs the local table", got, expected)
    names = [f.name for f in remote.schema().fields]
    if names != [f.name for f in local.schema().fields]:
        fail(f"columns differ: {names}")

    parsed = urlparse(url)
    base = parsed.netloc + parsed.path.rstrip("/")
    s3fs = fs.S3FileSystem(access_key=key, secret_key=secret, region=region,
                           endpoint_override=endpoint, force_virtual_addressing=False)
    # DuckDB's own S3 reader (httpfs) is an extension it downloads on first use, which the test
    # machines cannot; DuckDB scans the files on the server through pyarrow's S3 filesystem.
    con = duckdb.connect()
    files = 0
    from_files = []
    for add in pa.table(remote.get_add_actions(flatten=True)).to_pylist():
        rows = to_rows(pq.read_table(f"{base}/{add['path']}", filesystem=s3fs))
        if add["num_records"] != len(rows):
            fail(f"{add['path']}: num_records {add['num_records']} != {len(rows)}")
        if use_duckdb:
            remote_file = ds.dataset(f"{base}/{add['path']}", filesystem=s3fs, format="parquet")
            con.register("remote_file", remote_file)
            ddb = to_rows(con.sql("SELECT * FROM remote_file").arrow())
            con.unregister("remote_file")
            compare_rows(f"duckdb vs pyarrow {add['path']}", ddb, rows)
        from_files.extend(rows)
        files += 1
    compare_rows("data files on S3 vs the local table", by_offset(from_files), expected)
    print(json.dumps({"version": remote.version(), "rows": len(got), "files": files,
                      "committed": committed,
                      "duckdb": use_duckdb}))


if __name__ == "__main__":
    main()
