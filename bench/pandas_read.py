"""The pandas side of the BinStore benchmark (bench/production.sh): read one .bin with
pandas.read_pickle, keep the rows whose API_WELL_NUMBER is in a set and two columns.

Usage: python3 pandas_read.py FILE.bin WELLS_FILE COLUMN COLUMN
"""
import sys

import pandas as pd


def main(path, wells_file, first, second):
    with open(wells_file) as f:
        wells = [int(line) for line in f if line.strip()]
    df = pd.read_pickle(path)
    kept = df[df["API_WELL_NUMBER"].isin(wells)][[first, second]]
    print("%d rows" % len(kept))


if __name__ == "__main__":
    main(*sys.argv[1:5])
