"""Writes a zip with one headerless production-like entry of about SIZE_MB megabytes of text
(default 1024), deterministic (fixed seed): quoted fields, leading spaces, zero-padded numbers,
missing values, a float column. Prints the number of rows.

Usage: python3 make_large_zip.py OUT.zip [SIZE_MB]
"""
import random
import sys
import zipfile

NAMES = ["COX OPERATING LLC", "W & T OFFSHORE INC", "FIELDWOOD ENERGY LLC", "SHELL OFFSHORE INC",
         "CHEVRON U.S.A. INC.", "ARENA OFFSHORE, LP", "TALOS ENERGY LLC", "BP EXPLORATION & PRODUCTION INC."]


def rows(rng):
    while True:
        lease = "G%05d" % rng.randrange(100000) if rng.random() < 0.9 else " %05d" % rng.randrange(1000)
        year = rng.randrange(1990, 2025)
        first = "" if rng.random() < 0.3 else "%04d%02d%02d" % (rng.randrange(1950, 2024), rng.randrange(1, 13), rng.randrange(1, 29))
        volume = lambda: "%09d" % (rng.randrange(1000000) if rng.random() < 0.6 else 0)
        fields = [
            lease, " E%03d%s" % (rng.randrange(1000), rng.choice(["", "D", "Q", "T"])),
            "%04d%02d" % (year, rng.randrange(1, 13)), "%02d" % rng.randrange(32), rng.choice("OGX"),
            volume(), volume(), volume(), "17%010d" % rng.randrange(10**10), "%02d" % rng.randrange(20),
            "%s %4d" % (rng.choice(["WD", "SS", "EI", "MC", "GC"]), rng.randrange(1, 1000)), "%05d" % rng.randrange(4000),
            rng.choice(NAMES), "%s%03d" % (rng.choice(["WD", "SS", "EI"]), rng.randrange(1000)), volume(),
            "Q%02d" % rng.randrange(100), first, "" if rng.random() < 0.9 else "%.3f" % (rng.random() * 1000), "",
        ]
        yield ",".join('"%s"' % f for f in fields) + "\r\n"


def main(path, size_mb):
    target = size_mb * 1024 * 1024
    rng = random.Random(20250401)
    written = 0
    count = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1, allowZip64=True) as archive:
        with archive.open("ogora2099delimit.txt", "w", force_zip64=True) as entry:
            batch = []
            for line in rows(rng):
                data = line.encode("ascii")
                batch.append(data)
                written += len(data)
                count += 1
                if len(batch) == 10000:
                    entry.write(b"".join(batch))
                    batch = []
                if written >= target:
                    break
            entry.write(b"".join(batch))
    print(count)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1024)
