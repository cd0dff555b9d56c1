#!/usr/bin/python3
"""Reference fixtures for runtime/classify/boosting.ts, computed with Debian's scikit-learn
(GradientBoostingClassifier: exact greedy regression trees on the log-loss gradient, Newton leaf values).

Writes (deterministic, fixed seeds):
  test/fixtures/reference/classify/boosting.json
    cases of continuous features: two classes, three classes (codes 0, 2, 5: one tree per class and round), a
    constant feature, and a training set with duplicated rows of different labels; for each the training and
    test rows, random sample weights in [0.5, 1.5], and, fitted with those weights, the decision function on
    both (raw scores: log-odds for two classes, one column per class otherwise), the test predictions and the
    first tree's splits (feature, threshold, the node's variance) in preorder; fitted without weights, the test
    accuracy

Why weights. Without them the gradients take few distinct values (y − p is the same for every row of a class
and leaf), so splits of different rows often tie exactly, and scikit-learn breaks ties by its random feature
order. With random weights the only ties left are splits of the same rows by different features, which change
the thresholds (test rows may fall differently) but not the training scores.

Usage: /usr/bin/python3 scripts/reference/boosting.py
Needs python3-sklearn (1.2.1) from Debian; the version used is recorded in the file.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.ensemble import GradientBoostingClassifier

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'test', 'fixtures', 'reference', 'classify', 'boosting.json')


def case(name, x, y, x_test, y_test, trees, depth, lr, rng):
    weights = rng.uniform(0.5, 1.5, len(x))
    model = GradientBoostingClassifier(n_estimators=trees, max_depth=depth, learning_rate=lr, random_state=0)
    model.fit(x, y, sample_weight=weights)
    unweighted = GradientBoostingClassifier(n_estimators=trees, max_depth=depth, learning_rate=lr, random_state=0).fit(x, y)
    first = model.estimators_[0, 0].tree_
    # with the variance scikit-learn computed for the node: splits of nodes whose gradients are all equal (a
    # variance of rounding noise, ~1e-16, above its threshold 2.2e-16) change no score
    splits = [[int(first.feature[i]), float(first.threshold[i]), float(first.impurity[i])] for i in range(first.node_count) if first.children_left[i] != -1]
    return {
        'name': name, 'trees': trees, 'depth': depth, 'learningRate': lr,
        'rows': len(x), 'dim': x.shape[1], 'x': x.reshape(-1).tolist(), 'y': [int(v) for v in y],
        'weights': weights.tolist(),
        'testRows': len(x_test), 'xTest': x_test.reshape(-1).tolist(), 'yTest': [int(v) for v in y_test],
        'unweightedTestAccuracy': float((unweighted.predict(x_test) == y_test).mean()),
        'classes': [int(c) for c in model.classes_],
        'decisionTrain': np.asarray(model.decision_function(x)).reshape(-1).tolist(),
        'decisionTest': np.asarray(model.decision_function(x_test)).reshape(-1).tolist(),
        'predictTest': [int(v) for v in model.predict(x_test)],
        'firstTreeSplits': splits,
    }


def main():
    rng = np.random.RandomState(11)
    cases = []

    x = rng.randn(400, 6)
    y = ((x[:, 0] * x[:, 1] + np.sin(2 * x[:, 2]) + 0.5 * rng.randn(400)) > 0).astype(int)
    cases.append(case('two classes, an interaction and noise', x[:300], y[:300], x[300:], y[300:], trees=60, depth=3, lr=0.1, rng=rng))

    x = rng.randn(330, 4)
    score = np.stack([x[:, 0], x[:, 1] - 0.5 * x[:, 2], -x[:, 0] - x[:, 1] + 0.3 * x[:, 3]], 1) + 0.6 * rng.randn(330, 3)
    y = np.array([0, 2, 5])[score.argmax(1)]
    cases.append(case('three classes (codes 0, 2, 5)', x[:240], y[:240], x[240:], y[240:], trees=30, depth=2, lr=0.2, rng=rng))

    x = np.concatenate([rng.randn(200, 3), np.full((200, 1), 1.5)], 1)
    y = (x[:, 0] + 0.4 * rng.randn(200) > 0.2).astype(int)
    cases.append(case('a constant feature, depth 5', x[:150], y[:150], x[150:], y[150:], trees=20, depth=5, lr=0.3, rng=rng))

    x = rng.randn(60, 2)
    x = np.concatenate([x, x[:20]])
    y = np.concatenate([(x[:60, 0] > 0).astype(int), 1 - (x[:20, 0] > 0).astype(int)])
    x_test = rng.randn(30, 2)
    cases.append(case('duplicated rows with different labels', x, y, x_test, (x_test[:, 0] > 0).astype(int), trees=15, depth=4, lr=0.5, rng=rng))

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump({'sklearn': sklearn.__version__, 'cases': cases}, f)
    print(f'wrote {os.path.relpath(OUT)}')


if __name__ == '__main__':
    main()
