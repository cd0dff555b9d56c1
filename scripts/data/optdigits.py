#!/usr/bin/python3
"""Write examples/data/optdigits-8x8.csv from scikit-learn's bundled digits data.

Source: scikit-learn's `digits.csv.gz` (the UCI "Optical Recognition of Handwritten Digits"
test set, 1797 images of 8x8 counts 0..16), as shipped by Debian's python3-sklearn under
/usr/lib/python3/dist-packages/sklearn/datasets/data/. Each source row is 64 pixel values
(row-major, px0 = top-left) followed by the digit label.

Usage: /usr/bin/python3 scripts/data/optdigits.py [SOURCE.csv.gz] [OUTPUT.csv]
Only the standard library is used; the output is deterministic (source row order kept).
"""
import csv
import gzip
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SRC = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"
DEFAULT_OUT = os.path.join(HERE, "..", "..", "examples", "data", "optdigits-8x8.csv")


def main(argv):
    src = argv[1] if len(argv) > 1 else DEFAULT_SRC
    out = os.path.normpath(argv[2] if len(argv) > 2 else DEFAULT_OUT)
    rows = []
    with gzip.open(src, "rt", newline="") as fh:
        for lineno, rec in enumerate(csv.reader(fh), 1):
            if not rec:
                continue
            if len(rec) != 65:
                raise SystemExit(f"{src}:{lineno}: expected 65 fields, got {len(rec)}")
            vals = [int(float(v)) for v in rec]
            if any(v < 0 or v > 16 for v in vals[:64]) or not 0 <= vals[64] <= 9:
                raise SystemExit(f"{src}:{lineno}: value out of range")
            rows.append(vals)
    with open(out, "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow([f"px{i}" for i in range(64)] + ["digit"])
        w.writerows(rows)
    counts = [sum(1 for r in rows if r[64] == d) for d in range(10)]
    print(f"wrote {out}: {len(rows)} rows x 64 features; per digit {counts}")


if __name__ == "__main__":
    main(sys.argv)
