"""Copies a Delta table, replaces its checkpoints by one that delta-rs writes at the latest
version, and deletes every JSON commit the checkpoint covers, so a reader of the copy must
replay from delta-rs's checkpoint. Usage: delta_rs_checkpoint.py SRC DST. Prints the version."""
import glob
import os
import shutil
import sys

from deltalake import DeltaTable

src, dst = sys.argv[1], sys.argv[2]
shutil.rmtree(dst, ignore_errors=True)
shutil.copytree(src, dst)
for p in glob.glob(os.path.join(dst, "_delta_log", "*.checkpoint.parquet")):
    os.remove(p)
os.remove(os.path.join(dst, "_delta_log", "_last_checkpoint"))
dt = DeltaTable(dst)
version = dt.version()
dt.create_checkpoint()
for v in range(version + 1):
    p = os.path.join(dst, "_delta_log", f"{v:020d}.json")
    if os.path.exists(p):
        os.remove(p)
print(version)
