#!/usr/bin/python3
"""Reference fixtures for runtime/metrics and runtime/cluster, computed with Debian's scikit-learn and SciPy.

Writes (deterministic, fixed seeds):
  test/fixtures/reference/metrics/clustering.json   ARI / NMI (4 normalisations) / purity / contingency
                                                    on hand-picked and random partitions, edge cases included
  test/fixtures/reference/linkage/<set>.json        standardised 2-D point sets (moons, blobs, anisotropic,
                                                    and exact-tie grids), SciPy linkage matrices for single /
                                                    complete / average / ward, fcluster(maxclust) cuts at
                                                    several k, cut_tree cuts, leaves_list, Dasgupta costs

Usage: /usr/bin/python3 scripts/reference/metrics_linkage.py
Needs python3-sklearn (1.2.1) and python3-scipy (1.10.1) from Debian; the versions used are recorded in every file.

Notes
- Points are standardised here (population std, as StandardScaler) and stored with full precision
  (Python's repr: shortest round-trip), so the TypeScript side starts from bit-identical inputs.
- Non-tie sets are checked to have no exact or near ties (relative gap > 1e-12, i.e. thousands of ulps) among the pairwise
  distances and among each method's merge heights: merge order is then well defined regardless of
  how ties are broken. The `grid-ties` sets are the opposite: many exact ties, to pin down that the
  TypeScript port breaks ties exactly as SciPy 1.10 does (same scan order, same stable sort).
- fcluster(maxclust) is recorded only for k <= n - 2: SciPy 1.10's binary search can never select the
  first merge height, so k = n - 1 gives n - 2 clusters and k >= n does not give singletons
  (scipy/scipy#12651, fixed in SciPy 1.15 by scipy/scipy#21121). The runtime follows the fixed behaviour.
- Dasgupta's cost has no scikit-learn/SciPy implementation; it is computed here independently of the
  runtime's algorithm: replacing every merge height by the merge's size gives a (monotone) tree whose
  cophenetic distance between i and j is |leaves(lca(i, j))|, so cost = sum_{i<j} w_ij * cophenet_ij.
"""
import json
import os
import platform
import sys

import numpy as np
import scipy
import sklearn
from scipy.cluster.hierarchy import cophenet, cut_tree, fcluster, leaves_list, linkage
from scipy.spatial.distance import pdist
from sklearn.datasets import make_blobs, make_moons
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.metrics.cluster import contingency_matrix

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
METRICS_DIR = os.path.join(ROOT, "test", "fixtures", "reference", "metrics")
LINKAGE_DIR = os.path.join(ROOT, "test", "fixtures", "reference", "linkage")
METHODS = ["single", "complete", "average", "ward"]

VERSIONS = {
    "python": platform.python_version(),
    "numpy": np.__version__,
    "scipy": scipy.__version__,
    "sklearn": sklearn.__version__,
}
GENERATOR = "scripts/reference/metrics_linkage.py"


def purity(labels_true, labels_pred):
    c = contingency_matrix(labels_true, labels_pred)  # rows: classes, columns: clusters
    return float(np.amax(c, axis=0).sum() / c.sum())


def ints(a):
    return [int(v) for v in a]


# ---- clustering metrics ------------------------------------------------------------------------------

def formula_labels(rule, n):
    """Labels from closed formulas (re-created in the test) so large cases cost no fixture space."""
    i = np.arange(n, dtype=np.int64)
    if rule == "mod7":
        return i % 7
    if rule == "sq-mod11":
        return (i * i + 3) % 11
    if rule == "mod7-noisy":  # agrees with mod7 except every 5th sample, which moves to class (i // 5) % 3
        y = i % 7
        return np.where(i % 5 == 0, (i // 5) % 3, y)
    raise ValueError(rule)


def metric_case(name, t, p, note="", store_labels=True, rule=None):
    t = np.asarray(t)
    p = np.asarray(p)
    case = {"name": name}
    if note:
        case["note"] = note
    if store_labels:
        case["labelsTrue"] = ints(t)
        case["labelsPred"] = ints(p)
    else:
        case["rule"] = rule
    case["ari"] = float(adjusted_rand_score(t, p))
    case["nmi"] = {m: float(normalized_mutual_info_score(t, p, average_method=m))
                   for m in ["arithmetic", "geometric", "min", "max"]}
    case["purity"] = purity(t, p)
    if store_labels and len(t) <= 60:
        c = contingency_matrix(t, p)
        case["contingency"] = {"classes": ints(np.unique(t)), "clusters": ints(np.unique(p)),
                               "table": [ints(r) for r in c]}
    return case


def metrics_fixture():
    rng = np.random.default_rng(20240601)
    cases = []
    # random partitions of several sizes and cluster counts
    for n, kt, kp in [(12, 2, 3), (50, 3, 4), (120, 4, 6), (300, 4, 4), (300, 9, 12)]:
        t = rng.integers(0, kt, n)
        p = rng.integers(0, kp, n)
        cases.append(metric_case(f"random n={n} {kt}x{kp}", t, p))
    # correlated: a true partition and a noisy copy (20 % reassigned), the typical ARI ~ 0.5-0.8 regime
    for n, k in [(60, 3), (250, 9)]:
        t = rng.integers(0, k, n)
        p = t.copy()
        flip = rng.random(n) < 0.2
        p[flip] = rng.integers(0, k, flip.sum())
        cases.append(metric_case(f"noisy copy n={n} k={k}", t, p))
    # same partition under different (negative, sparse, large) label values
    t = rng.integers(0, 4, 40)
    relabel = np.array([-7, 1000000007, 3, -1])
    cases.append(metric_case("identical partition, other label values", t, relabel[t],
                             "ARI = NMI = purity = 1 whatever the label values"))
    cases.append(metric_case("identical labels", t, t))
    # single cluster on both sides / on one side
    cases.append(metric_case("single cluster both", [5] * 10, [2] * 10, "sklearn: ARI 1, NMI 1 (both entropies 0)"))
    cases.append(metric_case("single cluster vs classes", [0, 0, 1, 1, 2, 2, 2], [9] * 7, "ARI 0, NMI 0"))
    cases.append(metric_case("classes vs single cluster", [4] * 7, [0, 0, 1, 1, 2, 2, 2]))
    # all singletons
    cases.append(metric_case("all singletons both", list(range(8)), list(range(10, 18)), "no pair agrees or disagrees: ARI 1"))
    cases.append(metric_case("all singletons vs one cluster", list(range(8)), [0] * 8))
    cases.append(metric_case("one cluster vs all singletons", [3] * 8, list(range(8))))
    # tiny inputs
    cases.append(metric_case("n=1", [0], [1]))
    cases.append(metric_case("n=2 same", [0, 0], [1, 1]))
    cases.append(metric_case("n=2 split vs joined", [0, 1], [1, 1]))
    cases.append(metric_case("n=3", [0, 0, 1], [0, 1, 1]))
    # worse than chance: negative ARI
    cases.append(metric_case("anti-correlated", [0, 0, 1, 1], [0, 1, 0, 1], "ARI < 0"))
    cases.append(metric_case("textbook", [0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]))
    # large n from formulas: pair counts beyond 2^53 once multiplied (tp * tn), exact integer arithmetic needed
    for n, rt, rp in [(30000, "mod7", "sq-mod11"), (30000, "mod7", "mod7-noisy"), (100000, "mod7", "mod7-noisy")]:
        case = metric_case(f"formula n={n} {rt} vs {rp}", formula_labels(rt, n), formula_labels(rp, n),
                           store_labels=False, rule={"n": n, "labelsTrue": rt, "labelsPred": rp})
        cases.append(case)
    return {
        "generator": GENERATOR,
        "versions": VERSIONS,
        "functions": {
            "ari": "sklearn.metrics.adjusted_rand_score",
            "nmi": "sklearn.metrics.normalized_mutual_info_score(average_method=...)",
            "purity": "contingency_matrix(labels_true, labels_pred).max(axis=0).sum() / n",
        },
        "cases": cases,
    }


# ---- point sets and linkage --------------------------------------------------------------------------

def standardise(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


def moons(n, seed, noise=0.1):
    X, y = make_moons(n_samples=n, noise=noise, random_state=seed)
    return X, y


def blobs(n, seed, std=0.16):
    centres = np.array([[a, b] for a in (-1, 0, 1) for b in (-1, 0, 1)], dtype=float)
    X, y = make_blobs(n_samples=n, centers=centres, cluster_std=std, random_state=seed)
    return X, y


def anisotropic(n, seed, std=0.16):
    X, y = blobs(n, seed, std)
    T = np.array([[0.6, -0.6], [-0.4, 0.8]])
    out = X.copy()
    for c in np.unique(y):
        m = X[y == c].mean(axis=0)
        out[y == c] = (X[y == c] - m) @ T + m
    return out @ T, y


def grid_ties(rows, cols):
    """Integer grid: every nearest-neighbour distance ties (1.0), as do many others."""
    X = np.array([[i, j] for i in range(rows) for j in range(cols)], dtype=float)
    return X, np.zeros(len(X), dtype=int)


def relative_gaps(values):
    v = np.sort(np.asarray(values))
    if len(v) < 2:
        return float("inf")
    gaps = np.diff(v) / np.maximum(np.abs(v[1:]), 1e-300)
    return float(gaps.min())


def dasgupta(Z, w_condensed):
    Zs = Z.copy()
    Zs[:, 2] = Zs[:, 3]  # height := size, so the cophenetic distance is |leaves(lca)|
    sizes = cophenet(Zs)
    return float(np.dot(w_condensed, sizes))


def linkage_fixture(name, X, y, standardised, ties_expected, ks):
    n = len(X)
    d = pdist(X)
    dist_gap = relative_gaps(d)
    if not ties_expected and dist_gap <= 1e-12:
        raise SystemExit(f"{name}: pairwise distances tie or nearly tie (relative gap {dist_gap}); change the seed")
    out = {
        "name": name,
        "generator": GENERATOR,
        "versions": VERSIONS,
        "n": n,
        "standardised": standardised,
        "tiesExpected": ties_expected,
        "minRelativeGap": {"distances": dist_gap},
        "points": [[float(a), float(b)] for a, b in X],
        "labels": ints(y),
        "methods": {},
    }
    w_gauss = np.exp(-(d * d) / 2.0)
    same = (y[:, None] == y[None, :])
    w_class = same[np.triu_indices(n, 1)].astype(float)
    for method in METHODS:
        Z = linkage(X, method=method)
        gap = relative_gaps(Z[:, 2])
        out["minRelativeGap"][method] = gap
        if not ties_expected and gap <= 1e-12:
            raise SystemExit(f"{name}/{method}: merge heights tie or nearly tie (relative gap {gap}); change the seed")
        m = {
            "Z": [[int(a), int(b), float(h), int(s)] for a, b, h, s in Z],
            "leaves": ints(leaves_list(Z)),
            "fcluster": {str(k): ints(fcluster(Z, k, criterion="maxclust")) for k in ks if k <= n - 2},
            "cutTree": {str(k): ints(cut_tree(Z, n_clusters=k)[:, 0]) for k in ks if k <= n},
            "dasgupta": {"gaussian": dasgupta(Z, w_gauss), "sameClass": dasgupta(Z, w_class)},
        }
        out["methods"][method] = m
    out["dasguptaSimilarities"] = {
        "gaussian": "w_ij = exp(-d_ij^2 / 2), d = Euclidean distance of the stored points",
        "sameClass": "w_ij = 1 if labels[i] == labels[j] else 0",
    }
    return out


def linkage_sets():
    sets = []
    for n, seed in [(20, 3), (100, 11), (300, 7)]:
        X, y = moons(n, seed)
        sets.append((f"moons-{n}", standardise(X), y, True, False, [1, 2, 3, 4, 5, 9, n - 2]))
    for n, seed in [(20, 5), (100, 13), (300, 17)]:
        X, y = blobs(n, seed)
        sets.append((f"blobs-{n}", standardise(X), y, True, False, [1, 2, 4, 9, 15, n - 2]))
    X, y = anisotropic(100, 23)
    sets.append(("anisotropic-100", standardise(X), y, True, False, [1, 2, 3, 9, 20]))
    # exact ties: raw integer grids (not standardised, so the coordinates stay exact integers)
    for r, c in [(4, 4), (5, 7)]:
        X, y = grid_ties(r, c)
        sets.append((f"grid-ties-{r}x{c}", X, y, False, True, [1, 2, 3, 4, 5, r * c - 2]))
    return sets


def write(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as fh:
        json.dump(obj, fh, separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {os.path.relpath(path, ROOT)} ({os.path.getsize(path)} bytes)")


def main():
    write(os.path.join(METRICS_DIR, "clustering.json"), metrics_fixture())
    index = []
    for name, X, y, standardised, ties, ks in linkage_sets():
        fx = linkage_fixture(name, X, y, standardised, ties, ks)
        write(os.path.join(LINKAGE_DIR, f"{name}.json"), fx)
        index.append(name)
    write(os.path.join(LINKAGE_DIR, "index.json"), {"generator": GENERATOR, "versions": VERSIONS, "sets": index})


if __name__ == "__main__":
    if sys.version_info < (3, 9):
        raise SystemExit("python >= 3.9 needed")
    main()
