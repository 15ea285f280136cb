# The Python side of the pandas peer used by the interop tests.
# Reads one JSON request per line on stdin: {"code": "...", "args": {...}, "strict_warnings": bool}.
# Runs the code with `args`, `pd`, `np`, `pickle` and the helpers below in scope; the code sets
# `result`. Answers one JSON line on stdout: {"ok": true, "result": ...} or {"ok": false, "error": "..."}.
import io
import json
import math
import pickle
import sys
import traceback
import warnings

import numpy as np
import pandas as pd

_out = sys.stdout
sys.stdout = sys.stderr  # stray prints from test code must not corrupt the protocol


def _jsonable(value):
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    if isinstance(value, str):
        return value
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        ts = pd.Timestamp(value)
        return None if pd.isna(ts) else {"datetime_ns": int(ts.value)}
    if value is pd.NaT:
        return None
    if isinstance(value, bytes):
        return {"bytes": value.hex()}
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return {"repr": repr(value), "type": type(value).__name__}


def describe_index(index):
    if isinstance(index, pd.RangeIndex):
        return {"kind": "range", "start": int(index.start), "stop": int(index.stop), "step": int(index.step),
                "name": index.name}
    if isinstance(index, pd.MultiIndex):
        return {"kind": "multi", "names": list(index.names),
                "levels": [[_jsonable(v) for v in index.get_level_values(i)] for i in range(index.nlevels)],
                "dtypes": [str(index.get_level_values(i).dtype) for i in range(index.nlevels)]}
    return {"kind": "labels", "name": index.name, "dtype": str(index.dtype),
            "values": [_jsonable(v) for v in index]}


def describe(df):
    """Everything a Java test needs to compare a frame: names, dtypes, index and values by column."""
    return {
        "columns": [_jsonable(c) for c in df.columns],
        "dtypes": [str(t) for t in df.dtypes],
        "index": describe_index(df.index),
        "data": [[_jsonable(v) for v in df.iloc[:, i].tolist()] for i in range(df.shape[1])],
        "shape": list(df.shape),
    }


def frame_from_spec(spec):
    """A DataFrame from {"columns": [...], "dtypes": [...], "data": [[column values]...], "index": {...}}.
    Missing object values are null (NaN in the frame); float NaN/inf come as JSON NaN/Infinity."""
    columns = []
    for values, dtype in zip(spec["data"], spec["dtypes"]):
        if dtype == "object":
            arr = np.empty(len(values), dtype=object)
            for i, v in enumerate(values):
                arr[i] = np.nan if v is None else v
            columns.append(arr)
        elif dtype == "datetime64[ns]":
            columns.append(np.array([np.datetime64("NaT") if v is None else np.datetime64(int(v), "ns")
                                     for v in values], dtype="datetime64[ns]"))
        else:
            columns.append(np.array(values, dtype=dtype))
    nrows = spec.get("rows", len(columns[0]) if columns else 0)
    index = None
    ispec = spec.get("index")
    if ispec is not None:
        if ispec["kind"] == "range":
            index = pd.RangeIndex(ispec["start"], ispec["stop"], ispec["step"], name=ispec.get("name"))
        elif ispec["kind"] == "labels":
            index = pd.Index(_array(ispec["values"], ispec["dtype"]), dtype=ispec["dtype"], name=ispec.get("name"))
        else:
            index = pd.MultiIndex.from_arrays([_array(v, t) for v, t in zip(ispec["levels"], ispec["dtypes"])],
                                              names=ispec["names"])
    if index is None:
        index = pd.RangeIndex(nrows)
    df = pd.DataFrame({i: c for i, c in enumerate(columns)}, index=index)
    df.columns = pd.Index(spec["columns"], dtype=object)
    return df


def _array(values, dtype):
    if dtype == "object":
        arr = np.empty(len(values), dtype=object)
        for i, v in enumerate(values):
            arr[i] = np.nan if v is None else v
        return arr
    return np.array(values, dtype=dtype)


def read_csv_like_legacy(path, names=None):
    """pandas.read_csv as the Python refresh system called it: UTF-8 first, ISO-8859-1 when that fails.

    The text is handed over as the bytes of an in-memory file, as the Python system read an entry it
    took from the archive (bench/pandas_pipeline.py): pandas then decodes the byte stream as a whole,
    where from a path it decodes field by field (which differs when a quote sits inside a UTF-8
    sequence, as in ``"\xc3"\xa9``).
    """
    kwargs = {"low_memory": False}
    if names is not None:
        kwargs.update(header=None, names=names)
    with open(path, "rb") as f:
        raw = f.read()
    try:
        return pd.read_csv(io.BytesIO(raw), encoding="utf-8", **kwargs)
    except UnicodeDecodeError:
        return pd.read_csv(io.BytesIO(raw), encoding="ISO-8859-1", **kwargs)


def same_frame(a, b):
    """DataFrame.equals plus identical dtypes, column names and index; a reason when they differ."""
    if list(a.columns) != list(b.columns):
        return {"equal": False, "reason": "columns differ: %r vs %r" % (list(a.columns)[:20], list(b.columns)[:20])}
    if [str(t) for t in a.dtypes] != [str(t) for t in b.dtypes]:
        diff = [(c, str(x), str(y)) for c, x, y in zip(a.columns, a.dtypes, b.dtypes) if str(x) != str(y)]
        return {"equal": False, "reason": "dtypes differ (column, first, second): %r" % diff[:20]}
    if type(a.index) is not type(b.index) or not a.index.equals(b.index):
        return {"equal": False, "reason": "index differs: %r vs %r" % (a.index[:5], b.index[:5])}
    if not a.equals(b):
        for i, c in enumerate(a.columns):
            x, y = a.iloc[:, i], b.iloc[:, i]
            if not x.equals(y):
                bad = ~((x == y) | (x.isna() & y.isna()))
                rows = list(np.flatnonzero(bad.to_numpy())[:5])
                return {"equal": False, "reason": "column %r differs at rows %r: %r vs %r" % (
                    c, rows, [x.iloc[r] for r in rows], [y.iloc[r] for r in rows])}
        return {"equal": False, "reason": "frames differ"}
    return {"equal": True, "reason": ""}


def same_blocks(a, b):
    """same_frame, and the same blocks in the same order: each block's dtype and column positions
    (what pickle.dumps writes, and what a copy or merge of the frame keeps)."""
    verdict = same_frame(a, b)
    if not verdict["equal"]:
        return verdict
    blocks_a = [(blk.dtype.name, [int(i) for i in blk.mgr_locs.as_array]) for blk in a._mgr.blocks]
    blocks_b = [(blk.dtype.name, [int(i) for i in blk.mgr_locs.as_array]) for blk in b._mgr.blocks]
    if blocks_a != blocks_b:
        return {"equal": False, "reason": "blocks differ (dtype, columns): %r vs %r" % (blocks_a[:10], blocks_b[:10])}
    return verdict


def _string_objects(frame):
    """Per column, how many string objects and how many distinct strings it holds; and how many
    string objects the whole frame holds."""
    columns = []
    everything = set()
    for i in range(frame.shape[1]):
        column = frame.iloc[:, i]
        if column.dtype != object:
            columns.append((0, 0))
            continue
        strings = [v for v in column.values if isinstance(v, str)]
        ids = {id(v) for v in strings}
        everything |= ids
        columns.append((len(ids), len(set(strings))))
    return columns, len(everything)


def same_objects(a, b):
    """same_blocks, and equal strings shared alike: as many string objects in each column, and in
    the whole frame, as in the other (read_csv makes one object of the equal values of a column)."""
    verdict = same_blocks(a, b)
    if not verdict["equal"]:
        return verdict
    objects_a, all_a = _string_objects(a)
    objects_b, all_b = _string_objects(b)
    if objects_a != objects_b or all_a != all_b:
        diff = [(i, x, y) for i, (x, y) in enumerate(zip(objects_a, objects_b)) if x != y]
        return {"equal": False, "reason": "string objects differ (column, (objects, distinct) in each): %r; "
                "%d against %d in all" % (diff[:10], all_a, all_b)}
    return verdict


def load_pickle(path):
    with open(path, "rb") as f:
        return pickle.load(f)


def versions():
    return {"pandas": pd.__version__, "numpy": np.__version__, "python": sys.version.split()[0]}


def _main():
    helpers = {name: value for name, value in globals().items() if not name.startswith("_")}
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        scope = dict(helpers)
        scope["args"] = request.get("args", {})
        scope["result"] = None
        try:
            with warnings.catch_warnings():
                if request.get("strict_warnings", True):
                    warnings.simplefilter("error")
                exec(request["code"], scope)
            reply = {"ok": True, "result": scope["result"]}
        except BaseException:  # the test wants to know whatever went wrong
            reply = {"ok": False, "error": traceback.format_exc()}
        try:
            text = json.dumps(reply)
        except (TypeError, ValueError):
            text = json.dumps({"ok": False, "error": "result is not JSON: " + traceback.format_exc()})
        _out.write(text + "\n")
        _out.flush()


if __name__ == "__main__":
    _main()
