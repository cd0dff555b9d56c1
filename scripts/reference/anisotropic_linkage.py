#!/usr/bin/python3
"""Independent check of the linkage baselines on the hard anisotropic family (methods.md §3): 200 sets drawn
with scikit-learn's make_blobs (the 9 grid centres, std 0.16, 150-299 points), each blob stretched about its own
mean by T and the whole set multiplied by T, standardised, then SciPy's linkage + fcluster(maxclust 9) and
scikit-learn's ARI. Prints mean and sd of ARI@k per method, to compare with the runtime's Table 1 rows
(examples/table1/hyphc-anisotropic.expspec; the sets differ, the distribution does not).

Usage: /usr/bin/python3 scripts/reference/anisotropic_linkage.py
"""
import numpy as np
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score
from scipy.cluster.hierarchy import linkage, fcluster
T = np.array([[0.6, -0.6], [-0.4, 0.8]])
grid = np.array([[x, y] for x in (-1, 0, 1) for y in (-1, 0, 1)], float)
rng = np.random.RandomState(0)
res = {m: [] for m in ['single', 'complete', 'average', 'ward']}
for s in range(200):
    n = rng.randint(150, 300)
    X, y = make_blobs(n, centers=grid, cluster_std=0.16, random_state=rng.randint(1 << 30))
    for c in range(9):
        m = y == c
        mu = X[m].mean(0)
        X[m] = mu + (X[m] - mu) @ T
    X = X @ T
    X = (X - X.mean(0)) / X.std(0)
    for meth in res:
        res[meth].append(adjusted_rand_score(y, fcluster(linkage(X, meth), 9, 'maxclust')))
for m, v in res.items(): print(m, round(np.mean(v), 3), round(np.std(v), 3))
