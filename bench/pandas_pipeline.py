"""The Python system's conversion, as the benchmark's reference: read the whole zip into memory,
pandas.read_csv each .txt entry (UTF-8, else ISO-8859-1; production files headerless with the 19
production column names), pickle.dump each DataFrame to ENTRY.bin.

With an http(s) address instead of a file it is the seed's enhanced pipeline: the download is read
into memory (urllib, like requests' response.content), then converted the same way.

Usage: python3 pandas_pipeline.py ZIP|URL OUT_DIR
"""
import io
import os
import pickle
import sys
import urllib.request
import zipfile

import pandas as pd

PRODUCTION_COLUMNS = [
    "LEASE_NUMBER", "COMPLETION_NAME", "PRODUCTION_DATE", "DAYS_ON_PROD", "PRODUCT_CODE", "MON_O_PROD_VOL",
    "MON_G_PROD_VOL", "MON_WTR_PROD_VOL", "API_WELL_NUMBER", "WELL_STAT_CD", "AREA_CODE_BLOCK_NUM", "OPERATOR_NUM",
    "SORT_NAME", "BOEM_FIELD", "INJECTION_VOLUME", "PROD_INTERVAL_CD", "FIRST_PROD_DATE", "UNIT_AGT_NUMBER",
    "UNIT_ALOC_SUFFIX",
]


def read(raw, names):
    kwargs = {"low_memory": False}
    if names is not None:
        kwargs.update(header=None, names=names)
    try:
        return pd.read_csv(io.BytesIO(raw), encoding="utf-8", **kwargs)
    except UnicodeDecodeError:
        return pd.read_csv(io.BytesIO(raw), encoding="ISO-8859-1", **kwargs)


def main(zip_path, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    if zip_path.startswith(("http://", "https://")):
        with urllib.request.urlopen(zip_path) as response:
            data = response.read()
    else:
        with open(zip_path, "rb") as f:
            data = f.read()
    count = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            base = os.path.basename(info.filename)
            if info.is_dir() or not base.lower().endswith(".txt"):
                continue
            headerless = base.lower().startswith("ogora") and base.lower().endswith("delimit.txt")
            frame = read(archive.read(info), PRODUCTION_COLUMNS if headerless else None)
            with open(os.path.join(out_dir, os.path.splitext(base)[0] + ".bin"), "wb") as out:
                pickle.dump(frame, out, protocol=4)
            count += 1
            del frame
    print("%d entries" % count)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
