#!/usr/bin/python3
"""Sanity check of the digits domain pair in examples/data (needs scikit-learn; Debian's /usr/bin/python3 has it).

Checks that optdigits-8x8.csv equals sklearn.datasets.load_digits(), then trains a
LogisticRegression on one domain and tests it on the other (and in-domain with a fixed 70/30
split), printing accuracies. Features are used raw (0..16), scaled by 1/16.

Usage: /usr/bin/python3 scripts/data/cross-domain-check.py [examples/data]
"""
import os
import sys
import warnings

import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "examples", "data")


def load(name):
    path = os.path.join(DATA, name)
    with open(path) as fh:
        header = fh.readline().strip().split(",")
    assert header == [f"px{i}" for i in range(64)] + ["digit"], f"{name}: unexpected header"
    arr = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.int64)
    assert arr.shape[1] == 65 and arr[:, :64].min() >= 0 and arr[:, :64].max() <= 16
    return arr[:, :64].astype(float) / 16.0, arr[:, 64]


def fit(X, y):
    clf = LogisticRegression(max_iter=5000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    return clf


def main():
    Xo, yo = load("optdigits-8x8.csv")
    Xm, ym = load("mnist-8x8.csv")
    ref = load_digits()
    assert np.array_equal(Xo * 16, ref.data) and np.array_equal(yo, ref.target), "optdigits differs from load_digits()"
    print(f"optdigits {Xo.shape} (equals sklearn load_digits), mnist-8x8 {Xm.shape}")
    print(f"mean ink per image (sum of counts): optdigits {Xo.sum(1).mean() * 16:.1f}, mnist-8x8 {Xm.sum(1).mean() * 16:.1f}")

    res = {}
    for name, (X, y) in {"optdigits": (Xo, yo), "mnist-8x8": (Xm, ym)}.items():
        Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)
        res[f"{name} -> {name} (70/30 split)"] = fit(Xtr, ytr).score(Xte, yte)
    res["optdigits -> mnist-8x8 (all rows)"] = fit(Xo, yo).score(Xm, ym)
    res["mnist-8x8 -> optdigits (all rows)"] = fit(Xm, ym).score(Xo, yo)
    for k, v in res.items():
        print(f"  LogisticRegression {k:38s} accuracy {v:.3f}")
    print("  chance (10 classes)                                      0.100")


if __name__ == "__main__":
    main()
