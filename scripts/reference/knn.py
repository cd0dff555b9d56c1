#!/usr/bin/python3
"""Reference fixtures for runtime/classify/knn.ts, computed with Debian's scikit-learn (KNeighborsClassifier,
brute force, uniform weights).

Writes (deterministic, fixed seeds):
  test/fixtures/reference/classify/knn.json
    cases of continuous features (no ties between distances): k = 1 Euclidean with three classes; k = 5 cosine;
    k = 4 Euclidean with two classes (even k: 2–2 votes, which go to the smaller class code); sparse class codes
    (3, 8, 20) with k = 3; for each the training and test rows and the predictions

Usage: /usr/bin/python3 scripts/reference/knn.py
Needs python3-sklearn (1.2.1) from Debian; the version used is recorded in the file.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.neighbors import KNeighborsClassifier

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'test', 'fixtures', 'reference', 'classify', 'knn.json')


def case(name, k, metric, x, y, x_test):
    model = KNeighborsClassifier(n_neighbors=k, metric=metric, algorithm='brute').fit(x, y)
    # test rows whose neighbours' vote has two or more classes at the top
    counts = [np.bincount(np.searchsorted(model.classes_, y[row])) for row in model.kneighbors(x_test, return_distance=False)]
    ties = int(sum((c == c.max()).sum() > 1 for c in counts))
    return {
        'name': name, 'k': k, 'metric': metric, 'rows': len(x), 'dim': x.shape[1], 'x': x.reshape(-1).tolist(),
        'y': [int(v) for v in y], 'testRows': len(x_test), 'xTest': x_test.reshape(-1).tolist(),
        'predictTest': [int(v) for v in model.predict(x_test)], 'tiedVotes': ties,
    }


def main():
    rng = np.random.RandomState(5)
    cases = []
    x = rng.randn(120, 4); y = (x[:, 0] > 0).astype(int) + (x[:, 1] > 0.5).astype(int)
    cases.append(case('k = 1, Euclidean, three classes', 1, 'euclidean', x[:80], y[:80], x[80:]))
    x = rng.randn(150, 6) + 0.3; y = (x[:, 0] * x[:, 1] > 0.1).astype(int) + 2 * (x[:, 2] > 1).astype(int)
    cases.append(case('k = 5, cosine', 5, 'cosine', x[:100], y[:100], x[100:]))
    x = rng.randn(140, 3); y = (x[:, 0] + 0.8 * rng.randn(140) > 0).astype(int)
    cases.append(case('k = 4, Euclidean, tied votes go to the smaller class', 4, 'euclidean', x[:90], y[:90], x[90:]))
    x = rng.randn(100, 5); y = np.array([3, 8, 20])[(x[:, 0] > -0.4).astype(int) + (x[:, 3] > 0.4).astype(int)]
    cases.append(case('sparse class codes 3, 8, 20, k = 3', 3, 'euclidean', x[:70], y[:70], x[70:]))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump({'sklearn': sklearn.__version__, 'cases': cases}, f)
    print(f'wrote {os.path.relpath(OUT)}')
    for c in cases:
        print(f"{c['name']}: {c['tiedVotes']} test rows with tied votes")


if __name__ == '__main__':
    main()
