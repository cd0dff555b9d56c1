#!/usr/bin/python3
"""Reference fixtures for runtime/classify, computed with Debian's scikit-learn (libsvm's SVC, LogisticRegression).

Writes (deterministic, fixed seeds):
  test/fixtures/reference/classify/hand.json     small hand-made 2-D / 5-D sets: 2 classes, 3 classes, a class
                                                 missing from the training set (sparse codes 0, 2, 5), separable,
                                                 non-separable, duplicated points with different labels
  test/fixtures/reference/classify/splice.json   examples/data/splice-junction-60.csv one-hot encoded (p1..p60,
                                                 values 1..4 = A, C, G, T -> 240 columns): training sets of 25,
                                                 100 and 225 rows (label `label`; one 3-class set on `cls`),
                                                 one test set of 1000 rows
  test/fixtures/reference/classify/letter.json   examples/data/letter-recognition.csv standardised (16 features,
                                                 StandardScaler on all 20000 rows, 26 classes A..Z -> 0..25):
                                                 training sets of 25, 100, 225 and 2000 rows, test set of 1000 rows
  test/fixtures/reference/classify/digits.json   scikit-learn's digits (examples/data/optdigits-8x8.csv, raw
                                                 counts 0..16): training sets of 25, 100, 225 and 1000 rows,
                                                 the other 797 rows as test set

For every training set and every classifier (SVC linear C=100 (the ALLG protocol), linear C=1, rbf C=1, poly C=1,
gamma='scale', degree 3, coef0 0, tol 1e-3; LogisticRegression() with its defaults: lbfgs, C=1, max_iter=100):
predictions on the test set and accuracy; for SVC, per one-vs-one pair (classes in sorted order, libsvm's sign:
positive = the first class of the pair) rho, the dual objective 1/2 b'Kb - sum|b| (b = alpha*y, the pair's
dual coefficients) and the decision values of the first test rows (20; 4 with more than 10 pairs); for LogisticRegression coef_, intercept_,
n_iter_ (sklearn converged when n_iter_ < max_iter).

Usage: /usr/bin/python3 scripts/reference/classifiers.py
Needs python3-sklearn (1.2.1) from Debian; the versions used are recorded in every file.

Notes
- Data are stored with full precision (Python's repr: shortest round-trip; integer-valued features as integers),
  so the TypeScript side starts from bit-identical inputs. Training and test rows are disjoint.
- Test sets are shared by the cases of a file (`tests`), to keep the files small; a test set with `xOf` has the
  rows of the named one and its own labels.
- The script checks its own bookkeeping: the per-pair decision values rebuilt from the dual coefficients equal
  sklearn's decision_function, and the one-vs-one vote rebuilt from them equals sklearn's predict.
"""
import csv
import json
import os
import platform
import sys

import numpy as np
import scipy
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT_DIR = os.path.join(ROOT, "test", "fixtures", "reference", "classify")
DATA_DIR = os.path.join(ROOT, "examples", "data")
GENERATOR = "scripts/reference/classifiers.py"
VERSIONS = {
    "python": platform.python_version(),
    "numpy": np.__version__,
    "scipy": scipy.__version__,
    "sklearn": sklearn.__version__,
}
DECISION_ROWS = 20  # decision values stored for the first test rows: 20 with at most 10 pairs, else 4

SVC_CALLS = [
    {"call": "svm", "args": {"kernel": "linear", "C": 100}},
    {"call": "svm", "args": {"kernel": "linear", "C": 1}},
    {"call": "svm", "args": {"kernel": "rbf", "C": 1}},
    {"call": "svm", "args": {"kernel": "poly", "C": 1}},
]
LR_CALL = {"call": "logisticRegression", "args": {}}


def numbers(a):
    """Flat list, integers where every value is integral (smaller files, still exact)."""
    a = np.asarray(a, dtype=np.float64).ravel()
    if np.all(a == np.round(a)) and np.all(np.abs(a) < 2**31):
        return [int(v) for v in a]
    return [float(v) for v in a]


def matrix(X, y):
    X = np.asarray(X, dtype=np.float64)
    return {"rows": int(X.shape[0]), "dim": int(X.shape[1]), "x": numbers(X), "y": [int(v) for v in y]}


# ---- data ---------------------------------------------------------------------------------------------------


def read_csv(name):
    with open(os.path.join(DATA_DIR, name), newline="") as fh:
        rows = list(csv.reader(fh))  # the csv module removes R's quotes
    return rows[0], rows[1:]


def splice():
    header, rows = read_csv("splice-junction-60.csv")
    pos = [header.index(f"p{i}") for i in range(1, 61)]
    codes = np.array([[int(r[p]) for p in pos] for r in rows])  # 1..4 = A, C, G, T
    X = np.zeros((len(rows), 240))
    for p in range(60):
        X[np.arange(len(rows)), 4 * p + codes[:, p] - 1] = 1.0
    label = np.array([int(r[header.index("label")]) for r in rows])
    cls_names = sorted({r[header.index("cls")] for r in rows})  # ei, ie, n
    cls = np.array([cls_names.index(r[header.index("cls")]) for r in rows])
    return X, label, cls


def letter():
    header, rows = read_csv("letter-recognition.csv")
    li = header.index("lettr")
    X = np.array([[float(v) for j, v in enumerate(r) if j != li] for r in rows])
    y = np.array([ord(r[li]) - ord("A") for r in rows])
    X = (X - X.mean(axis=0)) / X.std(axis=0)  # StandardScaler on all rows
    return X, y


def digits():
    header, rows = read_csv("optdigits-8x8.csv")
    di = header.index("digit")
    X = np.array([[float(v) for j, v in enumerate(r) if j != di] for r in rows])
    y = np.array([int(r[di]) for r in rows])
    return X, y


# ---- classifiers --------------------------------------------------------------------------------------------


def kernel_matrix(clf, A, B):
    if clf.kernel == "linear":
        return A @ B.T
    if clf.kernel == "poly":
        return (clf._gamma * (A @ B.T) + clf.coef0) ** clf.degree
    if clf.kernel == "rbf":
        d = (A * A).sum(1)[:, None] + (B * B).sum(1)[None, :] - 2 * (A @ B.T)
        return np.exp(-clf._gamma * d)
    raise ValueError(clf.kernel)


def svc_reference(call, X, y, Xt, yt):
    args = call["args"]
    clf = SVC(kernel=args["kernel"], C=args["C"], decision_function_shape="ovo").fit(X, y)
    classes = clf.classes_
    K = len(classes)
    sv = X[clf.support_]
    starts = np.r_[0, np.cumsum(clf.n_support_)]
    # libsvm's internal (unflipped) coefficients and intercepts: sklearn negates them for 2 classes
    dual = clf._dual_coef_
    intercept = clf._intercept_
    rows = DECISION_ROWS if K * (K - 1) // 2 <= 10 else 4
    Kt = kernel_matrix(clf, sv, Xt[:rows])
    pairs = []
    decisions = []
    p = 0
    for i in range(K):
        for j in range(i + 1, K):
            idx = np.r_[starts[i]:starts[i + 1], starts[j]:starts[j + 1]]
            beta = np.r_[dual[j - 1, starts[i]:starts[i + 1]], dual[i, starts[j]:starts[j + 1]]]
            Kp = kernel_matrix(clf, sv[idx], sv[idx])
            objective = 0.5 * beta @ Kp @ beta - np.abs(beta).sum()
            rho = -intercept[p]
            dec = beta @ Kt[idx] - rho
            decisions.append(dec)
            pairs.append({
                "classes": [int(classes[i]), int(classes[j])],
                "rho": float(rho),
                "objective": float(objective),
                "supportVectors": int(len(idx)),
                "decision": [float(v) for v in dec],
            })
            p += 1
    # self-checks: decision values and the vote rebuilt from the dual coefficients are sklearn's
    ref = clf.decision_function(Xt[:rows])
    ref = -ref[:, None] if K == 2 else ref
    assert np.allclose(np.array(decisions).T, ref, rtol=1e-9, atol=1e-9), "decision values"
    votes = np.zeros((len(ref), K), dtype=int)
    p = 0
    for i in range(K):
        for j in range(i + 1, K):
            votes[:, i] += ref[:, p] > 0
            votes[:, j] += ref[:, p] <= 0
            p += 1
    assert np.array_equal(classes[np.argmax(votes, axis=1)], clf.predict(Xt[:rows])), "vote"
    pred = clf.predict(Xt)
    return {
        "call": call,
        "gamma": float(clf._gamma),
        "accuracy": float(np.mean(pred == yt)),
        "predictions": [int(v) for v in pred],
        "pairs": pairs,
    }


def lr_reference(X, y, Xt, yt):
    clf = LogisticRegression(C=1.0, max_iter=100)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning: recorded as n_iter_ == max_iter
        clf.fit(X, y)
    pred = clf.predict(Xt)
    return {
        "call": LR_CALL,
        "accuracy": float(np.mean(pred == yt)),
        "predictions": [int(v) for v in pred],
        "classes": [int(c) for c in clf.classes_],
        "coef": [float(v) for v in clf.coef_.ravel()],
        "coefRows": int(clf.coef_.shape[0]),
        "intercept": [float(v) for v in clf.intercept_],
        "nIter": int(clf.n_iter_[0]),
        "converged": bool(clf.n_iter_[0] < 100),
    }


def case(name, test, X, y, Xt, yt, calls=SVC_CALLS):
    results = [svc_reference(c, X, y, Xt, yt) for c in calls]
    results.append(lr_reference(X, y, Xt, yt))
    for r in results:
        print(f"  {name:24s} {r['call']['call']:18s} {json.dumps(r['call']['args']):32s} accuracy {r['accuracy']:.4f}")
    return {"name": name, "test": test, "train": matrix(X, y), "results": results}


def draw(rs, pool, n, y):
    """n rows of the pool without replacement, with at least two classes."""
    while True:
        idx = rs.choice(pool, size=n, replace=False)
        if len(np.unique(y[idx])) >= 2:
            return idx


def fixture(cases, tests):
    return {"generator": GENERATOR, "versions": VERSIONS, "tests": tests, "cases": cases}


# ---- the sets -----------------------------------------------------------------------------------------------


def hand_fixture():
    rs = np.random.RandomState(7)
    cases, tests = [], {}

    def blobs(centres, n, sd, labels):
        X = np.vstack([c + sd * rs.randn(n, len(c)) for c in centres])
        y = np.repeat(labels, n)
        p = rs.permutation(len(y))
        return X[p], y[p]

    # two classes, overlapping (non-separable)
    X, y = blobs([np.array([0.0, 0.0]), np.array([1.5, 1.0])], 20, 1.0, [0, 1])
    Xt, yt = blobs([np.array([0.0, 0.0]), np.array([1.5, 1.0])], 100, 1.0, [0, 1])
    tests["two-overlap"] = matrix(Xt, yt)
    cases.append(case("two-classes-overlap", "two-overlap", X, y, Xt, yt))
    # two classes, linearly separable (wide margin)
    X, y = blobs([np.array([-3.0, 0.0]), np.array([3.0, 1.0])], 15, 0.7, [1, 4])
    Xt, yt = blobs([np.array([-3.0, 0.0]), np.array([3.0, 1.0])], 100, 0.7, [1, 4])
    tests["two-separable"] = matrix(Xt, yt)
    cases.append(case("two-classes-separable", "two-separable", X, y, Xt, yt))
    # three classes in 5-D
    centres = [rs.randn(5) * 1.5 for _ in range(3)]
    X, y = blobs(centres, 15, 1.0, [0, 1, 2])
    Xt, yt = blobs(centres, 100, 1.0, [0, 1, 2])
    tests["three"] = matrix(Xt, yt)
    cases.append(case("three-classes", "three", X, y, Xt, yt))
    # four classes in the test set, the training set misses one (codes 0, 2, 3, 5; 3 is missing)
    centres = [np.array([0.0, 0.0]), np.array([3.0, 0.0]), np.array([0.0, 3.0]), np.array([3.0, 3.0])]
    Xa, ya = blobs(centres, 12, 0.9, [0, 2, 3, 5])
    keep = ya != 3
    Xt, yt = blobs(centres, 60, 0.9, [0, 2, 3, 5])
    tests["missing"] = matrix(Xt, yt)
    cases.append(case("class-missing", "missing", Xa[keep], ya[keep], Xt, yt))
    # duplicated points with different labels (a zero-curvature pair: the tau path) and an unbalanced set
    X, y = blobs([np.array([0.0, 0.0]), np.array([1.0, 0.5])], 10, 0.8, [0, 1])
    X = np.vstack([X, X[:4]])
    y = np.r_[y, 1 - y[:4]]
    X = np.vstack([X, rs.randn(6, 2) * 0.5 + np.array([0.0, 0.0])])
    y = np.r_[y, np.zeros(6, dtype=int)]
    Xt, yt = blobs([np.array([0.0, 0.0]), np.array([1.0, 0.5])], 100, 0.8, [0, 1])
    tests["duplicates"] = matrix(Xt, yt)
    cases.append(case("duplicates-unbalanced", "duplicates", X, y, Xt, yt))
    return fixture(cases, tests)


def splice_fixture():
    X, label, cls = splice()
    rs = np.random.RandomState(2024)
    order = rs.permutation(len(label))
    test, pool = order[:1000], order[1000:]
    tests = {"splice": matrix(X[test], label[test]), "splice-cls": {"xOf": "splice", "y": [int(v) for v in cls[test]]}}
    cases = []
    for n in (25, 100, 225):
        idx = draw(rs, pool, n, label)
        cases.append(case(f"splice-{n}", "splice", X[idx], label[idx], X[test], label[test]))
    idx = draw(rs, pool, 100, cls)
    cases.append(case("splice-cls-100", "splice-cls", X[idx], cls[idx], X[test], cls[test]))
    return fixture(cases, tests)


def letter_fixture():
    X, y = letter()
    rs = np.random.RandomState(26)
    order = rs.permutation(len(y))
    test, pool = order[:1000], order[1000:]
    tests = {"letter": matrix(X[test], y[test])}
    cases = []
    for n in (25, 100, 225):
        idx = draw(rs, pool, n, y)
        cases.append(case(f"letter-{n}", "letter", X[idx], y[idx], X[test], y[test]))
    idx = draw(rs, pool, 2000, y)
    cases.append(case("letter-2000", "letter", X[idx], y[idx], X[test], y[test], calls=[SVC_CALLS[0], SVC_CALLS[2]]))
    return fixture(cases, tests)


def digits_fixture():
    X, y = digits()
    rs = np.random.RandomState(64)
    order = rs.permutation(len(y))
    test, pool = order[1000:], order[:1000]
    tests = {"digits": matrix(X[test], y[test])}
    cases = []
    for n in (25, 100, 225):
        idx = draw(rs, pool, n, y)
        cases.append(case(f"digits-{n}", "digits", X[idx], y[idx], X[test], y[test]))
    cases.append(case("digits-1000", "digits", X[pool], y[pool], X[test], y[test]))
    return fixture(cases, tests)


def write(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as fh:
        json.dump(obj, fh, separators=(",", ":"), allow_nan=False)
        fh.write("\n")
    print(f"wrote {os.path.relpath(path, ROOT)} ({os.path.getsize(path)} bytes)")


def main():
    for name, make in [("hand", hand_fixture), ("splice", splice_fixture), ("letter", letter_fixture), ("digits", digits_fixture)]:
        print(name)
        write(os.path.join(OUT_DIR, f"{name}.json"), make())


if __name__ == "__main__":
    if sys.version_info < (3, 9):
        raise SystemExit("python >= 3.9 needed")
    main()
