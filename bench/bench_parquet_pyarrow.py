"""pyarrow baseline for bench_parquet: reads the file the C++ bench wrote (so the rows are the
same), then times pq.write_table of that table to OUT with the same codec (default options
otherwise: dictionary on, 1 MiB pages and dictionary limit, statistics on).
Usage: bench_parquet_pyarrow.py FILE OUT CODEC RUNS ROWS. Prints JSON {seconds, bytes, version}."""
import os
import json
import sys
import time

import pyarrow as pa
import pyarrow.parquet as pq

path, out, codec = sys.argv[1], sys.argv[2], sys.argv[3]
runs, rows = int(sys.argv[4]), int(sys.argv[5])
table = pq.read_table(path)
if table.num_rows != rows:
    print(f"expected {rows} rows, read {table.num_rows}", file=sys.stderr)
    sys.exit(1)
table = table.combine_chunks()
best = float("inf")
best_cpu = float("inf")
size = 0
for _ in range(runs):
    t0 = time.perf_counter()
    c0 = time.process_time()
    pq.write_table(table, out, compression=codec)
    best_cpu = min(best_cpu, time.process_time() - c0)
    best = min(best, time.perf_counter() - t0)
    size = os.path.getsize(out)
print(json.dumps({"seconds": best, "cpu_seconds": best_cpu, "bytes": size,
                  "version": pa.__version__}))
