#!/usr/bin/python3
"""Reference figures for the runner's 2-D projections (runtime/eval/projections.ts), from scikit-learn 1.2.

Fixed inputs, written into each fixture so that both sides see exactly the same numbers:
  iris     150 x 4   sklearn's iris
  digits   500 x 64  a seeded subsample (RandomState(0)) of sklearn's digits (integers 0..16)
  mixture  300 x 10  a seeded Gaussian mixture: 5 centres ~ N(0, 3^2 I), points ~ N(centre, I), rounded to 1e-6
For each: PCA(2).fit_transform; TSNE(method='exact', init='pca', learning_rate='auto', perplexity 30,
1000 iterations, random_state 0) with its kl_divergence_; trustworthiness (n_neighbors=5) of the t-SNE result, of
the PCA result and of a seeded random Y (to check the TypeScript trustworthiness exactly); and, as the bar for
UMAP (umap-learn is not installed here), the trustworthiness of scikit-learn's SpectralEmbedding (Laplacian
eigenmaps of a 15-NN graph, UMAP's own initialisation).

Usage: /usr/bin/python3 scripts/reference/projections.py   (writes test/fixtures/reference/projections/*.json)
"""
import json
import os

import numpy as np
import sklearn
from sklearn.datasets import load_digits, load_iris
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE, SpectralEmbedding, trustworthiness

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'reference', 'projections')


def inputs():
    iris = load_iris()
    yield 'iris', iris.data, iris.target
    digits = load_digits()
    pick = np.sort(np.random.RandomState(0).choice(len(digits.data), 500, replace=False))
    yield 'digits', digits.data[pick], digits.target[pick]
    rng = np.random.RandomState(1)
    centres = rng.normal(0, 3, (5, 10))
    labels = rng.randint(0, 5, 300)
    yield 'mixture', np.round(centres[labels] + rng.normal(0, 1, (300, 10)), 6), labels


def rows(a, decimals=None, significant=None):
    values = np.asarray(a, dtype=np.float64).ravel()
    if significant is not None:
        return [float(f'{v:.{significant}g}') for v in values]
    return [float(v) if decimals is None else round(float(v), decimals) for v in values]


def main():
    os.makedirs(OUT, exist_ok=True)
    names = []
    for name, X, y in inputs():
        X = np.asarray(X, dtype=np.float64)
        n, dim = X.shape
        pca = PCA(2).fit_transform(X)
        tsne = TSNE(2, perplexity=30, n_iter=1000, method='exact', init='pca', learning_rate='auto', random_state=0)
        Y = tsne.fit_transform(X)
        random_y = np.round(np.random.RandomState(2).normal(size=(n, 2)), 6)
        spectral = SpectralEmbedding(2, affinity='nearest_neighbors', n_neighbors=15, random_state=0).fit_transform(X)
        fixture = {
            'name': name, 'sklearn': sklearn.__version__, 'n': n, 'dim': dim,
            'x': [int(v) if float(v).is_integer() else float(v) for v in X.ravel()], 'labels': [int(v) for v in y],
            'pca': rows(pca, significant=10),  # 1e-10 relative, far below the 1e-6 checked
            'tsne': {'y': rows(Y, 5), 'kl': float(tsne.kl_divergence_), 'trustworthiness': trustworthiness(X, Y, n_neighbors=5),
                     'learningRate': float(tsne.learning_rate_)},
            'pcaTrustworthiness': trustworthiness(X, pca, n_neighbors=5),
            'randomY': rows(random_y), 'randomTrustworthiness': trustworthiness(X, random_y, n_neighbors=5),
            'spectralTrustworthiness': trustworthiness(X, spectral, n_neighbors=5),
        }
        with open(os.path.join(OUT, name + '.json'), 'w') as f:
            json.dump(fixture, f, separators=(',', ':'))
        names.append(name)
        print(f"{name}: n={n} dim={dim} tsne T={fixture['tsne']['trustworthiness']:.4f} kl={fixture['tsne']['kl']:.4f} "
              f"pca T={fixture['pcaTrustworthiness']:.4f} spectral T={fixture['spectralTrustworthiness']:.4f} "
              f"random T={fixture['randomTrustworthiness']:.4f}")
    with open(os.path.join(OUT, 'index.json'), 'w') as f:
        json.dump({'sets': names, 'sklearn': sklearn.__version__}, f)


if __name__ == '__main__':
    main()
