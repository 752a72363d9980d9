"""pyarrow baseline for bench_parquet: reads the file the C++ bench wrote (so the rows are the
same), then times pq.write_table of that table into memory with the same codec.
Usage: bench_parquet_pyarrow.py FILE CODEC RUNS ROWS. Prints JSON {seconds, bytes, version}."""
import json
import sys
import time

import pyarrow as pa
import pyarrow.parquet as pq

path, codec, runs, rows = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
table = pq.read_table(path)
if table.num_rows != rows:
    print(f"expected {rows} rows, read {table.num_rows}", file=sys.stderr)
    sys.exit(1)
table = table.combine_chunks()
best = float("inf")
size = 0
for _ in range(runs):
    sink = pa.BufferOutputStream()
    t0 = time.perf_counter()
    pq.write_table(table, sink, compression=codec)
    best = min(best, time.perf_counter() - t0)
    size = sink.getvalue().size
print(json.dumps({"seconds": best, "bytes": size, "version": pa.__version__}))
