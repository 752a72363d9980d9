"""Shared helpers for the lake reference-reader checks: normalise Arrow data to plain JSON-like
Python values (timestamps → integer ticks, dates → days, maps → dicts) so they compare equal to
the expected rows the C++ test wrote."""
import datetime
import sys

import pyarrow as pa

EPOCH_DATE = datetime.date(1970, 1, 1)


def fail(message):
    print("CHECK FAILED: " + message, file=sys.stderr)
    sys.exit(1)


def _ticks_type(t):
    if pa.types.is_timestamp(t):
        return pa.int64()
    if pa.types.is_date32(t):
        return pa.int32()
    if pa.types.is_struct(t):
        return pa.struct([pa.field(f.name, _ticks_type(f.type), f.nullable) for f in t])
    if pa.types.is_map(t):
        return pa.map_(_ticks_type(t.key_type), _ticks_type(t.item_type))
    if pa.types.is_large_list(t) or pa.types.is_list(t):
        return pa.list_(_ticks_type(t.value_type))
    if pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return pa.string()
    return t


def to_rows(table):
    """Arrow table → list of dicts with timestamps/dates as integers and maps as dicts."""
    if isinstance(table, pa.RecordBatchReader):
        table = table.read_all()
    table = pa.table(table)
    cols = []
    for name in table.column_names:
        col = table.column(name)
        target = _ticks_type(col.type)
        if target != col.type:
            col = col.cast(target)
        cols.append(col)
    table = pa.Table.from_arrays(cols, names=table.column_names)
    types = {f.name: f.type for f in table.schema}
    return [{k: _plain(v, types[k]) for k, v in r.items()} for r in table.to_pylist()]


def _plain(v, t):
    """Type-guided: maps (lists of key/value tuples in to_pylist) become dicts."""
    if v is None:
        return None
    if pa.types.is_map(t):
        return {k: _plain(x, t.item_type) for k, x in v}
    if pa.types.is_struct(t):
        return {f.name: _plain(v.get(f.name), f.type) for f in t}
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return [_plain(x, t.value_type) for x in v]
    return v


def scalar_ticks(v, arrow_type=None):
    """A statistics value as an integer / float / str / bool (timestamps in the column's unit)."""
    if isinstance(v, datetime.datetime) and arrow_type is not None and pa.types.is_timestamp(arrow_type):
        micros = scalar_ticks(v)
        return {"s": micros // 1_000_000, "ms": micros // 1000, "us": micros}.get(arrow_type.unit, micros)
    if isinstance(v, datetime.datetime):
        if v.tzinfo is None:
            v = v.replace(tzinfo=datetime.timezone.utc)
        delta = v - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
        return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
    if isinstance(v, datetime.date):
        return (v - EPOCH_DATE).days
    if isinstance(v, bytes):
        return v.decode("utf-8")
    return v


def compare_rows(label, got, expected):
    if len(got) != len(expected):
        fail(f"{label}: {len(got)} rows, expected {len(expected)}")
    for i, (g, e) in enumerate(zip(got, expected)):
        if g != e:
            fail(f"{label}: row {i} differs\n  got      {g}\n  expected {e}")
