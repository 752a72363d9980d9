"""Reads every <name>.parquet in a directory with pyarrow and DuckDB and compares values,
types, row groups and column statistics against <name>.json written by the C++ test.
Usage: check_parquet.py DIR. Prints a JSON summary; exits non-zero with a message on mismatch."""
import glob
import json
import os
import sys

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from lake_common import compare_rows, fail, scalar_ticks, to_rows

CODECS = {"none": "UNCOMPRESSED", "snappy": "SNAPPY", "zstd": "ZSTD"}


def check_stats(label, pf, rows_by_group, spec):
    md = pf.metadata
    for g in range(md.num_row_groups):
        rg = md.row_group(g)
        data = rows_by_group[g]
        for j in range(rg.num_columns):
            col = rg.column(j)
            name = col.path_in_schema
            if "." in name:
                continue  # nested leaves: values are checked, stats only for flat columns
            st = col.statistics
            if st is None:
                fail(f"{label}: row group {g} column {name} has no statistics")
            values = [r[name] for r in data]
            nonnull = [v for v in values if v is not None]
            if st.null_count != len(values) - len(nonnull):
                fail(f"{label}: rg {g} {name} null_count {st.null_count} != {len(values) - len(nonnull)}")
            if not nonnull:
                if st.has_min_max:
                    fail(f"{label}: rg {g} {name} has min/max without values")
                continue
            if not st.has_min_max:
                fail(f"{label}: rg {g} {name} lacks min/max")
            arrow_type = pf.schema_arrow.field(name).type
            lo, hi = scalar_ticks(st.min, arrow_type), scalar_ticks(st.max, arrow_type)
            # Python orders str by code point, which is UTF-8 bytewise order.
            exp_lo, exp_hi = min(nonnull), max(nonnull)
            if lo != exp_lo or hi != exp_hi:
                fail(f"{label}: rg {g} {name} min/max {lo!r}/{hi!r} != {exp_lo!r}/{exp_hi!r}")
        if rg.num_rows != len(data):
            fail(f"{label}: rg {g} num_rows mismatch")


def main():
    directory = sys.argv[1]
    summary = {}
    files = sorted(glob.glob(os.path.join(directory, "*.parquet")))
    if not files:
        fail(f"no Parquet files in {directory}")
    for path in files:
        label = os.path.basename(path)
        with open(path[: -len(".parquet")] + ".json", encoding="utf-8") as f:
            spec = json.load(f)
        expected = spec["rows"]

        pf = pq.ParquetFile(path)
        md = pf.metadata
        if not md.created_by.startswith("riverdelta version 0.1.0 (build "):
            fail(f"{label}: created_by {md.created_by!r}")
        if md.num_rows != len(expected):
            fail(f"{label}: num_rows {md.num_rows} != {len(expected)}")
        if "row_groups" in spec and md.num_row_groups != spec["row_groups"]:
            fail(f"{label}: {md.num_row_groups} row groups, expected {spec['row_groups']}")
        # Column types as the C++ side declared them (Arrow type strings).
        arrow_schema = pf.schema_arrow
        for name, type_str in spec.get("arrow_types", {}).items():
            got = str(arrow_schema.field(name).type)
            if got != type_str:
                fail(f"{label}: column {name} reads as {got}, expected {type_str}")
        codec = CODECS[spec.get("codec", "snappy")]
        dict_columns = set(spec.get("dictionary_columns", []))
        fallback_columns = set(spec.get("fallback_columns", []))
        for g in range(md.num_row_groups):
            for j in range(md.num_columns):
                col = md.row_group(g).column(j)
                if col.compression != codec:
                    fail(f"{label}: column {col.path_in_schema} codec {col.compression} != {codec}")
                if col.path_in_schema in dict_columns and not col.has_dictionary_page:
                    fail(f"{label}: column {col.path_in_schema} should be dictionary encoded")
                if col.path_in_schema in fallback_columns and not (
                    "PLAIN" in col.encodings and "RLE_DICTIONARY" in col.encodings
                ):
                    fail(f"{label}: column {col.path_in_schema} should fall back: {col.encodings}")
                if not spec.get("dictionary", True) and col.has_dictionary_page:
                    fail(f"{label}: column {col.path_in_schema} has a dictionary page")

        # pyarrow: whole file, and row group by row group.
        got = to_rows(pq.read_table(path))
        compare_rows(f"pyarrow {label}", got, expected)
        rows_by_group = []
        start = 0
        for g in range(md.num_row_groups):
            n = md.row_group(g).num_rows
            part = to_rows(pf.read_row_group(g))
            compare_rows(f"pyarrow {label} row group {g}", part, expected[start : start + n])
            rows_by_group.append(expected[start : start + n])
            start += n
        check_stats(label, pf, rows_by_group, spec)

        # DuckDB.
        con = duckdb.connect()
        rel = con.sql(f"SELECT * FROM read_parquet('{path}')")
        ddb = pa.table(rel.arrow())
        # DuckDB reads every timestamp unit into its microsecond TIMESTAMP: bring the columns
        # back to the file's Arrow types before comparing ticks.
        for i, field in enumerate(arrow_schema):
            if ddb.schema.field(i).type != field.type and pa.types.is_timestamp(field.type):
                ddb = ddb.set_column(i, field.name, ddb.column(i).cast(field.type))
        compare_rows(f"duckdb {label}", to_rows(ddb), expected)
        count = con.execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchall()[0][0]
        if count != len(expected):
            fail(f"duckdb {label}: count {count}")
        summary[label] = {"rows": len(expected), "row_groups": md.num_row_groups}
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
