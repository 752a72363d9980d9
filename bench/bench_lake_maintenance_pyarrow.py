"""pyarrow baseline for bench_lake_maintenance: a plain read + rewrite of the same small Parquet
files into one file (what a compaction does without copying column chunks), timed.
Usage: bench_lake_maintenance_pyarrow.py FILE_LIST OUT RUNS. FILE_LIST has one path per line.
Prints JSON {seconds, cpu_seconds, bytes_in, bytes_out, rows, version} (best of RUNS)."""
import json
import os
import sys
import time

import pyarrow as pa
import pyarrow.parquet as pq

list_path, out, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(list_path, encoding="utf-8") as f:
    files = [line.strip() for line in f if line.strip()]
bytes_in = sum(os.path.getsize(p) for p in files)
best, best_cpu, rows, size = float("inf"), float("inf"), 0, 0
for _ in range(runs):
    t0, c0 = time.perf_counter(), time.process_time()
    table = pa.concat_tables([pq.read_table(p) for p in files])
    pq.write_table(table, out, compression="snappy")
    best_cpu = min(best_cpu, time.process_time() - c0)
    best = min(best, time.perf_counter() - t0)
    rows, size = table.num_rows, os.path.getsize(out)
print(json.dumps({"seconds": best, "cpu_seconds": best_cpu, "bytes_in": bytes_in,
                  "bytes_out": size, "rows": rows, "version": pa.__version__}))
