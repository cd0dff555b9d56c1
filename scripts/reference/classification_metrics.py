#!/usr/bin/python3
"""Reference fixtures for runtime/metrics/classification.ts, computed with Debian's scikit-learn.

Writes (deterministic, fixed seeds):
  test/fixtures/reference/metrics/classification.json
    predictions: labelled / predicted code pairs (two classes coded 0/1; three classes with one never predicted;
                 sparse codes with a class that only the predictions have) and, for each, precision, recall and F1
                 under average binary (two classes only), macro, micro and weighted, the error count and rate
    auc:         binary scores with many ties (rounded to one decimal), binary with codes 3 and 7, and
                 four-class probabilities (softmax, rounded to two decimals: ties) with roc_auc_score's
                 multi_class 'ovr' and 'ovo' (average 'macro')

Usage: /usr/bin/python3 scripts/reference/classification_metrics.py
Needs python3-sklearn (1.2.1) from Debian; the version used is recorded in the file.

Independence. scikit-learn integrates the ROC curve with the trapezoidal rule over its thresholds; the runtime
computes the Mann–Whitney statistic from average ranks. Both give the same number, ties included.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'test', 'fixtures', 'reference', 'metrics', 'classification.json')


def prediction_case(name, truth, predicted):
    truth, predicted = np.asarray(truth), np.asarray(predicted)
    classes = sorted(set(truth) | set(predicted))
    averages = (['binary'] if len(classes) == 2 else []) + ['macro', 'micro', 'weighted']
    scores = {}
    for average in averages:
        kw = {'average': average, 'zero_division': 0}
        if average == 'binary':
            kw['pos_label'] = classes[-1]
        scores[average] = {
            'precision': float(precision_score(truth, predicted, **kw)),
            'recall': float(recall_score(truth, predicted, **kw)),
            'f1': float(f1_score(truth, predicted, **kw)),
        }
    return {
        'name': name, 'truth': truth.tolist(), 'predicted': predicted.tolist(), 'classes': [int(c) for c in classes],
        'scores': scores, 'errors': int((truth != predicted).sum()), 'errorRate': float((truth != predicted).mean()),
    }


def main():
    rng = np.random.RandomState(7)
    predictions = []
    truth = rng.randint(0, 2, 60)
    predictions.append(prediction_case('two classes (0/1)', truth, np.where(rng.rand(60) < 0.75, truth, 1 - truth)))
    truth = rng.randint(0, 3, 80)
    predicted = np.where(rng.rand(80) < 0.6, truth, rng.randint(0, 2, 80))
    predicted[predicted == 2] = 0   # class 2 is never predicted: its precision is 0 (zero_division=0)
    predictions.append(prediction_case('three classes, one never predicted', truth, predicted))
    truth = rng.choice([2, 5, 9], 50)
    predicted = np.where(rng.rand(50) < 0.5, truth, rng.choice([2, 5, 9, 11], 50))
    predictions.append(prediction_case('sparse codes, a class only predicted', truth, predicted))

    auc = []
    y = rng.randint(0, 2, 70)
    s = np.round(y * 0.3 + rng.rand(70), 1)
    auc.append({'name': 'binary, tied scores', 'truth': y.tolist(), 'scores': s.tolist(), 'classes': [0, 1],
                'ovr': float(roc_auc_score(y, s))})
    y = rng.choice([3, 7], 40)
    s = rng.randn(40) + (y == 7) * 0.8
    auc.append({'name': 'binary, codes 3 and 7', 'truth': y.tolist(), 'scores': s.tolist(), 'classes': [3, 7],
                'ovr': float(roc_auc_score(y, s))})
    y = rng.randint(0, 4, 90)
    logits = rng.randn(90, 4) + np.eye(4)[y] * 1.2
    p = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    p = np.round(p, 2)
    p[:, -1] = 1 - p[:, :-1].sum(1)    # rows still sum to 1 (roc_auc_score checks), ties kept in the rounded columns
    auc.append({'name': 'four classes, probabilities with ties', 'truth': y.tolist(), 'scores': p.reshape(-1).tolist(),
                'classes': [0, 1, 2, 3],
                'ovr': float(roc_auc_score(y, p, multi_class='ovr', average='macro')),
                'ovo': float(roc_auc_score(y, p, multi_class='ovo', average='macro'))})

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump({'sklearn': sklearn.__version__, 'predictions': predictions, 'auc': auc}, f)
    print(f'wrote {os.path.relpath(OUT)}')
    for c in auc:
        print(f"{c['name']}: ovr {c['ovr']:.6f}" + (f", ovo {c['ovo']:.6f}" if 'ovo' in c else ''))


if __name__ == '__main__':
    main()
