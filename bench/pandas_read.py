"""The pandas side of the read benchmark (bench/ratios.sh): read each .bin with pandas.read_pickle,
keep the rows whose API_WELL_NUMBER is in a set and two columns, and print the rows kept in all.

Usage: python3 pandas_read.py FILE.bin[,FILE.bin...] WELLS_FILE COLUMN COLUMN
"""
import sys

import pandas as pd


def main(paths, wells_file, first, second):
    with open(wells_file) as f:
        wells = [int(line) for line in f if line.strip()]
    rows = 0
    for path in paths.split(","):
        df = pd.read_pickle(path)
        kept = df[df["API_WELL_NUMBER"].isin(wells)][[first, second]]
        rows += len(kept)
    print("%d rows" % rows)


if __name__ == "__main__":
    main(*sys.argv[1:5])
