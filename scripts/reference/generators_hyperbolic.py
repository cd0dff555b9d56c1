#!/usr/bin/python3
"""Reference fixtures for runtime/random, runtime/data and runtime/hyperbolic.

Run with Debian's Python (numpy 1.24, SciPy 1.10, scikit-learn 1.2.1, mpmath; no PyTorch):

    /usr/bin/python3 scripts/reference/generators_hyperbolic.py

Writes (small, checked in):
  test/fixtures/reference/generators/random_numpy.json     NumPy RandomState (MT19937) draws, derived-stream keys
  test/fixtures/reference/generators/sklearn.json          make_circles / make_moons / make_blobs: noise-free
                                                           geometry, seeded noisy sets, noise statistics
  test/fixtures/reference/generators/families.json         point-set families rebuilt here from scikit-learn calls
  test/fixtures/reference/hyperbolic/poincare.json         distances, d_o, LCAs (numeric minimisation along the
                                                           geodesic, independent of any closed form), HypHC loss,
                                                           dendrograms from SciPy single linkage

Independence: the hyperbolic LCA here is found by minimising the Euclidean norm along the geodesic, parametrised
with Möbius operations (gamma(t) = a (+) t (x) ((-a) (+) b)), with mpmath at 50 digits (derivative root by
bracketing), and again in float64 with SciPy's bounded scalar minimiser; distances use the Möbius form
2 artanh||(-x) (+) y|| rather than the arcosh form the runtime uses. No closed form of the LCA is used for the
reference values (HypHC's inversion formula is evaluated only to report its agreement).
"""

import json
import math
import os
import platform
import re
import sys

import mpmath
import numpy as np
import scipy
import scipy.optimize
import sklearn
from scipy.cluster.hierarchy import linkage
from sklearn.datasets import make_blobs, make_circles, make_moons

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
GEN_DIR = os.path.join(ROOT, 'test', 'fixtures', 'reference', 'generators')
HYP_DIR = os.path.join(ROOT, 'test', 'fixtures', 'reference', 'hyperbolic')

VERSIONS = {
    'python': platform.python_version(),
    'numpy': np.__version__,
    'scipy': scipy.__version__,
    'sklearn': sklearn.__version__,
    'mpmath': mpmath.__version__,
    'script': 'scripts/reference/generators_hyperbolic.py',
}


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = json.dumps(data, indent=1, allow_nan=False, ensure_ascii=False)
    # one line per list of numbers: small files, still readable and diffable
    text = re.sub(r'\[\s*(-?[0-9][^\[\]{}"]*?)\s*\]', lambda m: '[' + re.sub(r',\s+', ', ', m.group(1)) + ']', text)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text + '\n')
    print('wrote', os.path.relpath(path, ROOT), os.path.getsize(path), 'bytes')


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def ints(a):
    return [int(v) for v in np.asarray(a).ravel()]


# ---- Random: MT19937 as NumPy's legacy RandomState ------------------------------------------------

KEY_TAG = 0x45585053  # 'EXPS'


def derive_key(seed, labels):
    """The init_by_array key of runtime/random's Random.derive(seed, *labels)."""
    key = [KEY_TAG, seed % 2**32, seed // 2**32, len(labels)]
    for label in labels:
        data = str(label).encode('utf-8')
        key.append(len(data))
        padded = data + b'\0' * (-len(data) % 4)
        for i in range(0, len(padded), 4):
            key.append(int.from_bytes(padded[i:i + 4], 'little'))
    return key


def derived(seed, *labels):
    return np.random.RandomState(np.array(derive_key(seed, list(labels)), dtype=np.uint32))


def random_fixtures():
    # The reference output of mt19937ar.c (init_by_array {0x123, 0x234, 0x345, 0x456}) and C++11's
    # std::mt19937 requirement (default seed 5489: the 10000th output is 4123659995).
    ref = np.random.RandomState(np.array([0x123, 0x234, 0x345, 0x456], dtype=np.uint32))
    first = ints(ref._bit_generator.random_raw(10))
    assert first[:5] == [1067595299, 955945823, 477289528, 4107218783, 4228976476], first
    std = np.random.RandomState(5489)
    assert int(std._bit_generator.random_raw(10000)[-1]) == 4123659995

    seeds = []
    for seed in [0, 1, 42, 5489, 2**32 - 1]:
        rs = np.random.RandomState(seed)
        seq = {
            'seed': seed,
            'raw': ints(rs._bit_generator.random_raw(8)),
            'random': floats(rs.random_sample(4)),
            'standardNormal': floats(rs.standard_normal(5)),  # odd: leaves one normal cached
            'randomAfterOddNormals': floats(rs.random_sample(2)),
            'normal_1_2': floats(rs.normal(1.0, 2.0, 3)),  # consumes the cached one first
            'randint_0_10': ints(rs.randint(0, 10, 8)),
            'randint_150_300': ints(rs.randint(150, 300, 5)),
            'randint_0_2pow40': ints(rs.randint(0, 2**40, 3, dtype=np.int64)),
            'uniform_0_016': floats(rs.uniform(0.0, 0.16, 3)),
            'permutation_12': ints(rs.permutation(12)),
            'choice_20_5': ints(rs.choice(20, 5, replace=False)),
        }
        seeds.append(seq)
    # 2**40 + 5 > 2**32: Random.seeded uses init_by_array([lo, hi])
    big = 2**40 + 5
    rs = np.random.RandomState(np.array([big % 2**32, big // 2**32], dtype=np.uint32))
    big_seed = {'seed': big, 'raw': ints(rs._bit_generator.random_raw(5))}

    derived_cases = []
    for seed, labels in [(7, ['pointSets', 'moons', '0']), (0, []), (2**40 + 5, ['é✓', '12']), (123, ['a', 'generator'])]:
        rs = derived(seed, *labels)
        derived_cases.append({
            'seed': seed, 'labels': labels, 'key': derive_key(seed, labels),
            'raw': ints(rs._bit_generator.random_raw(5)), 'random': floats(rs.random_sample(3)),
        })
    # normal moments over 1e5 draws from RandomState(2024) (the runtime reproduces these exactly)
    z = np.random.RandomState(2024).standard_normal(100000)
    moments = {'seed': 2024, 'count': 100000, 'mean': float(z.mean()), 'var': float(z.var()),
               'skew': float(((z - z.mean()) ** 3).mean() / z.std() ** 3),
               'kurtosis': float(((z - z.mean()) ** 4).mean() / z.var() ** 2)}
    write(os.path.join(GEN_DIR, 'random_numpy.json'), {
        'versions': VERSIONS,
        'about': 'NumPy legacy RandomState (MT19937) draws; keys of runtime/random derive(); mt19937ar.c reference outputs',
        'mt19937arReference': {'key': [0x123, 0x234, 0x345, 0x456], 'raw': first},
        'cpp11Default10000th': 4123659995,
        'seeds': seeds, 'bigSeed': big_seed, 'derived': derived_cases, 'normalMoments': moments,
    })


# ---- Generators -----------------------------------------------------------------------------------

GRID = np.array([[x, y] for x in (-1, 0, 1) for y in (-1, 0, 1)], dtype=np.float64)
T = np.array([[0.6, -0.6], [-0.4, 0.8]])


def anisotropic(X, y):
    X = X.copy()
    for c in range(9):
        m = y == c
        if m.any():
            mu = X[m].mean(axis=0)
            X[m] = mu + (X[m] - mu) @ T
    return X @ T


def sklearn_fixtures():
    geometry = []
    for n in [2, 7, 8, 200, 299]:
        for factor in ([0.5, 0.8] if n == 8 else [0.5]):
            X, y = make_circles(n, noise=0, shuffle=False, factor=factor, random_state=0)
            geometry.append({'generator': 'circles', 'n': n, 'factor': factor, 'X': floats(X), 'y': ints(y)})
    for n in [2, 7, 8, 150, 299]:
        X, y = make_moons(n, noise=0, shuffle=False, random_state=0)
        geometry.append({'generator': 'moons', 'n': n, 'X': floats(X), 'y': ints(y)})
    for n in [9, 13, 200]:
        X, y = make_blobs(n, centers=GRID, cluster_std=0, shuffle=False, random_state=0)
        geometry.append({'generator': 'blobs', 'n': n, 'X': floats(X), 'y': ints(y)})
        geometry.append({'generator': 'anisotropic', 'n': n, 'X': floats(anisotropic(X, y)), 'y': ints(y)})

    # seeded noisy sets, shuffled: the runtime draws in the same order, so these match exactly
    seeded = []
    X, y = make_circles(25, noise=0.1, factor=0.5, random_state=3)
    seeded.append({'call': 'make_circles(25, noise=0.1, factor=0.5, random_state=3)', 'generator': 'circles',
                   'n': 25, 'noise': 0.1, 'factor': 0.5, 'seed': 3, 'X': floats(X), 'y': ints(y)})
    X, y = make_moons(25, noise=0.07, random_state=4)
    seeded.append({'call': 'make_moons(25, noise=0.07, random_state=4)', 'generator': 'moons',
                   'n': 25, 'noise': 0.07, 'seed': 4, 'X': floats(X), 'y': ints(y)})
    X, y = make_blobs(23, centers=GRID, cluster_std=0.16, random_state=5)
    seeded.append({'call': 'make_blobs(23, centers=grid, cluster_std=0.16, random_state=5)', 'generator': 'blobs',
                   'n': 23, 'std': 0.16, 'seed': 5, 'X': floats(X), 'y': ints(y)})
    X, y = make_blobs(5, centers=3, random_state=6)  # centres drawn in center_box
    seeded.append({'call': 'make_blobs(5, centers=3, random_state=6)', 'generator': 'blobsRandomCenters',
                   'n': 5, 'centers': 3, 'seed': 6, 'X': floats(X), 'y': ints(y)})

    # statistics of the noise: residual = noisy - noise-free (shuffle=False, same layout)
    stats = []
    n, sigma = 20000, 0.1
    for name, fn in [('circles', lambda **k: make_circles(n, factor=0.5, shuffle=False, **k)),
                     ('moons', lambda **k: make_moons(n, shuffle=False, **k))]:
        clean, _ = fn(noise=None)
        noisy, _ = fn(noise=sigma, random_state=11)
        r = noisy - clean
        stats.append({'generator': name, 'n': n, 'sigma': sigma, 'seed': 11,
                      'residualMean': floats(r.mean(axis=0)), 'residualStd': floats(r.std(axis=0)),
                      'residualCorr': float(np.corrcoef(r.T)[0, 1])})
    X, y = make_blobs(n, centers=GRID, cluster_std=0.16, shuffle=False, random_state=11)
    r = X - GRID[y]
    stats.append({'generator': 'blobs', 'n': n, 'sigma': 0.16, 'seed': 11,
                  'residualMean': floats(r.mean(axis=0)), 'residualStd': floats(r.std(axis=0)),
                  'residualCorr': float(np.corrcoef(r.T)[0, 1])})
    write(os.path.join(GEN_DIR, 'sklearn.json'), {
        'versions': VERSIONS,
        'about': 'scikit-learn make_circles / make_moons / make_blobs: noise-free geometry (noise=0 / cluster_std=0, '
                 'shuffle=False), seeded noisy sets (shuffle=True), residual statistics of the noise; X row-major n x 2',
        'gridCenters': floats(GRID), 'anisotropicT': floats(T),
        'geometry': geometry, 'seeded': seeded, 'noiseStatistics': stats,
    })


def labelled_mask(y, fraction, rs):
    n = len(y)
    k = int(y.max()) + 1 if n else 0
    members = [np.flatnonzero(y == c) for c in range(k)]
    quota = [fraction * len(m) for m in members]
    counts = [math.floor(q) for q in quota]
    left = math.floor(fraction * n + 0.5) - sum(counts)
    order = sorted([c for c in range(k) if len(members[c])], key=lambda c: (-(quota[c] - counts[c]), c))
    for c in order:
        if left <= 0:
            break
        if counts[c] < len(members[c]):
            counts[c] += 1
            left -= 1
    mask = np.zeros(n, dtype=np.uint8)
    for c in range(k):
        if len(members[c]):
            mask[members[c][rs.choice(len(members[c]), counts[c], replace=False)]] = 1
    return mask


def generate(source, n, level, rs):
    name = source['name']
    if name == 'circles':
        return make_circles(n, noise=level, factor=source.get('factor', 0.5), random_state=rs)
    if name == 'moons':
        shift = source.get('shift', 2)
        half = -(-n // 2)
        X, y = make_moons(half, noise=level, random_state=rs)
        copies = n - half
        return np.vstack([X, X[:copies] + shift]), np.concatenate([y, y[:copies] + 2])
    X, y = make_blobs(n, centers=GRID, cluster_std=level, random_state=rs)
    return (anisotropic(X, y) if name == 'anisotropic' else X), y


def family(spec, count, seed):
    source = spec['source']
    pts = spec.get('points', 300)
    low, high = (pts, pts + 1) if isinstance(pts, int) else (pts['to'] // 2, pts['to'])
    level_spec = source.get('noise', {'from': 0, 'to': 0.16}) if source['name'] in ('circles', 'moons') \
        else source.get('std', 0.16)
    sets = []
    for i in range(count):
        rs = derived(seed, 'pointSets', source['name'], str(i))
        n = low if high - low == 1 else int(rs.randint(low, high))
        level = level_spec if isinstance(level_spec, (int, float)) else float(rs.uniform(level_spec['from'], level_spec['to']))
        X, y = generate(source, n, level, derived(seed, 'pointSets', source['name'], str(i), 'generator'))
        if spec.get('standardize', True):
            X = (X - X.mean(axis=0)) / X.std(axis=0)
        mask = labelled_mask(y, spec.get('labeled', 0.3), derived(seed, 'pointSets', source['name'], str(i), 'labelled'))
        sets.append({'index': i, 'n': n, 'level': level, 'X': floats(X), 'y': ints(y), 'labelled': ints(mask)})
    return sets


def family_fixtures():
    specs = [
        {'source': {'name': 'circles'}, 'points': {'from': 40, 'to': 60}},
        {'source': {'name': 'moons', 'noise': {'from': 0.0, 'to': 0.16}}, 'points': {'from': 40, 'to': 61}},
        {'source': {'name': 'blobs', 'std': {'from': 0.08, 'to': 0.16}}, 'points': {'from': 40, 'to': 60}},
        {'source': {'name': 'anisotropic'}, 'points': 47, 'labeled': 0.25},
        {'source': {'name': 'moons', 'noise': 0.05, 'shift': 3}, 'points': 31, 'standardize': False},
    ]
    cases = [{'spec': spec, 'seed': 2024, 'count': 3, 'sets': family(spec, 3, 2024)} for spec in specs]
    write(os.path.join(GEN_DIR, 'families.json'), {
        'versions': VERSIONS,
        'about': 'drawPointSetFamily(spec, count, seed) rebuilt with NumPy RandomState streams (derive keys) and '
                 'scikit-learn generators; X standardised row-major n x 2; labelled = class-balanced mask',
        'cases': cases,
    })


# ---- Hyperbolic ---------------------------------------------------------------------------------

mpmath.mp.dps = 50
mpf = mpmath.mpf


def mp_vec(x):
    return [mpf(float(v)) for v in x]


def mp_dot(x, y):
    return mpmath.fsum(a * b for a, b in zip(x, y))


def mp_mobius_add(x, y):
    x2, y2, xy = mp_dot(x, x), mp_dot(y, y), mp_dot(x, y)
    den = 1 + 2 * xy + x2 * y2
    return [((1 + 2 * xy + y2) * a + (1 - x2) * b) / den for a, b in zip(x, y)]


def mp_geodesic(a, b):
    v = mp_mobius_add([-c for c in a], b)
    nv = mpmath.sqrt(mp_dot(v, v))
    if nv == 0:
        return lambda t: list(a)
    at = mpmath.atanh(nv)
    return lambda t: mp_mobius_add(a, [mpmath.tanh(t * at) / nv * c for c in v])


def mp_distance(x, y):
    v = mp_mobius_add([-c for c in x], y)
    return 2 * mpmath.atanh(mpmath.sqrt(mp_dot(v, v)))


def mp_lca(a, b, segment):
    """Minimise ||gamma(t)||^2 over t in [0, 1] (segment) or all t (line): root of the derivative."""
    g = mp_geodesic(a, b)
    f = lambda t: mp_dot(g(t), g(t))
    df = lambda t: mpmath.diff(f, t)
    if segment:
        if df(0) >= 0:
            t = mpf(0)
        elif df(1) <= 0:
            t = mpf(1)
        else:
            t = mpmath.findroot(df, (mpf(0), mpf(1)), solver='anderson')
    else:
        lo, hi = mpf(0), mpf(1)
        while df(lo) > 0:
            lo -= 2 * (hi - lo)
        while df(hi) < 0:
            hi += 2 * (hi - lo)
        t = mpmath.findroot(df, (lo, hi), solver='anderson')
    p = g(t)
    r = mpmath.sqrt(mp_dot(p, p))
    return p, 2 * mpmath.atanh(r), t


def f64_geodesic(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)

    def add(x, y):
        x2, y2, xy = x @ x, y @ y, x @ y
        return ((1 + 2 * xy + y2) * x + (1 - x2) * y) / (1 + 2 * xy + x2 * y2)
    v = add(-a, b)
    nv = np.linalg.norm(v)
    return lambda t: add(a, np.tanh(t * np.arctanh(nv)) / nv * v) if nv > 0 else a


def scipy_lca_depth(a, b):
    """float64 check: SciPy's bounded minimiser of the norm along the segment."""
    g = f64_geodesic(a, b)
    res = scipy.optimize.minimize_scalar(lambda t: np.linalg.norm(g(t)), bounds=(0, 1), method='bounded',
                                         options={'xatol': 1e-12})
    r = min(res.fun, np.linalg.norm(a), np.linalg.norm(b))
    return 2 * np.arctanh(r)


def hyphc_lca_np(a, b):
    """HypHC utils/lca.py hyp_lca, in NumPy float64 (only to report its agreement)."""
    a, b = np.asarray(a, float), np.asarray(b, float)

    def iso(c, x):
        u = x - c
        return (c @ c - 1) / (u @ u) * u + c
    r = a / (a @ a)
    b_inv = iso(r, b)
    o_ref_inv = 2 * (a @ b_inv) * b_inv / max(b_inv @ b_inv, 1e-15) - a
    o_ref = iso(r, o_ref_inv)
    return o_ref / (1 + np.sqrt(1 - o_ref @ o_ref))


def pairs_2d():
    rs = np.random.RandomState(0)
    out = []
    for _ in range(12):
        r = rs.uniform(0, 0.95, 2)
        th = rs.uniform(0, 2 * np.pi, 2)
        out.append(('random', [r[0] * np.cos(th[0]), r[0] * np.sin(th[0])], [r[1] * np.cos(th[1]), r[1] * np.sin(th[1])]))
    for r in [0.3, 0.9, 0.99]:
        for dth in [0.3, 1.5, 3.0]:
            out.append(('equal radius', [r * np.cos(0.4), r * np.sin(0.4)], [r * np.cos(0.4 + dth), r * np.sin(0.4 + dth)]))
    out += [
        ('near boundary', [0.999, 0.0], [0.0, 0.9999]),
        ('near boundary, close', [0.9999 * np.cos(1.0), 0.9999 * np.sin(1.0)], [0.9999 * np.cos(1.001), 0.9999 * np.sin(1.001)]),
        ('nearly antipodal near origin', [0.01, 0.0], [-0.01, 1e-4]),
        ('nearly antipodal near origin 2', [0.05, 0.001], [-0.04, -0.0005]),
        ('antipodal', [0.3, 0.0], [-0.6, 0.0]),
        ('collinear same side', [0.2, 0.1], [0.6, 0.3]),
        ('shadowed', [0.3, 0.0], [0.8, 0.1]),
        ('right angle-ish', [0.5, 0.0], [0.6, 0.5]),
        ('origin', [0.0, 0.0], [0.5, 0.5]),
        ('near identical', [0.5, 0.5], [0.5 + 1e-7, 0.5 - 1e-7]),
        ('identical', [0.4, -0.2], [0.4, -0.2]),
        ('nearly collinear through the origin', [0.5, 0.0], [-0.5, 1e-9]),
        ('nearly on one ray', [0.3, 0.0], [0.8, 1e-6]),
        ('far apart near boundary', [0.9999, 0.0], [0.9999 * np.cos(3.0), 0.9999 * np.sin(3.0)]),
        ('tiny angle very near boundary', [0.99999 * np.cos(2.0), 0.99999 * np.sin(2.0)], [0.99999 * np.cos(2.000001), 0.99999 * np.sin(2.000001)]),
        ('mixed radii near boundary', [0.999, 0.001], [0.9, 0.4]),
    ]
    return out


def hyperbolic_fixtures():
    cases = []
    worst_scipy = 0.0
    worst_hyphc = 0.0
    pairs = pairs_2d() + [('3-d', [0.2, 0.3, -0.1], [-0.4, 0.1, 0.5]), ('4-d', [0.1, -0.2, 0.3, 0.4], [0.5, 0.1, -0.2, 0.1])]
    for label, a, b in pairs:
        a, b = [float(v) for v in a], [float(v) for v in b]
        ma, mb = mp_vec(a), mp_vec(b)
        p_seg, d_seg, t_seg = mp_lca(ma, mb, True)
        case = {
            'label': label, 'a': a, 'b': b,
            'distance': float(mp_distance(ma, mb)),
            'distanceArcoshF64': float(np.arccosh(1 + 2 * np.sum((np.array(a) - b) ** 2) / ((1 - np.dot(a, a)) * (1 - np.dot(b, b))))),
            'dOriginA': float(2 * mpmath.atanh(mpmath.sqrt(mp_dot(ma, ma)))),
            'dOriginB': float(2 * mpmath.atanh(mpmath.sqrt(mp_dot(mb, mb)))),
            'lcaSegment': [float(v) for v in p_seg], 'lcaSegmentDepth': float(d_seg), 'lcaSegmentT': float(t_seg),
        }
        if a != b:
            p_line, d_line, t_line = mp_lca(ma, mb, False)
            case.update({'lcaLine': [float(v) for v in p_line], 'lcaLineDepth': float(d_line), 'lcaLineT': float(t_line)})
            if any(a):
                h = hyphc_lca_np(a, b)
                worst_hyphc = max(worst_hyphc, float(np.max(np.abs(h - np.array(case['lcaLine'])))))
        s = scipy_lca_depth(a, b)
        case['lcaSegmentDepthScipy'] = float(s)
        worst_scipy = max(worst_scipy, abs(s - case['lcaSegmentDepth']))
        cases.append(case)

    # HypHC loss on a toy case: 4 points, all 4 triples
    Z = np.array([[0.7, 0.1], [0.65, 0.3], [-0.6, 0.2], [-0.1, -0.75]])
    W = np.array([[0, 0.9, 0.1, 0.2], [0.9, 0, 0.15, 0.05], [0.1, 0.15, 0, 0.4], [0.2, 0.05, 0.4, 0]])
    depth = {}
    for i in range(4):
        for j in range(i + 1, 4):
            depth[(i, j)] = float(mp_lca(mp_vec(Z[i]), mp_vec(Z[j]), True)[1])
    loss_cases = []
    for tau in [0.1, 1.0]:
        terms = []
        for i in range(4):
            for j in range(i + 1, 4):
                for k in range(j + 1, 4):
                    w = np.array([W[i, j], W[i, k], W[j, k]])
                    d = np.array([depth[(i, j)], depth[(i, k)], depth[(j, k)]])
                    s = scipy.special.softmax(d / tau)
                    terms.append({'triple': [i, j, k], 'value': float(w.sum() - w @ s)})
        triple_term = sum(t['value'] for t in terms)
        pair_term = float(sum(W[i, j] for i in range(4) for j in range(i + 1, 4)))
        loss_cases.append({'temperature': tau, 'terms': terms, 'tripleTerm': triple_term, 'pairTerm': pair_term,
                           'total': triple_term + pair_term, 'meanTripleTerm': triple_term / len(terms)})

    # dendrograms: SciPy single linkage on h_ij = 1 - ||i v j|| (merging in decreasing LCA depth)
    dendros = []
    rs = np.random.RandomState(1)
    th = rs.uniform(0, 2 * np.pi, 12)
    equal = np.stack([0.8 * np.cos(th), 0.8 * np.sin(th)], axis=1)
    r = np.sqrt(rs.uniform(0, 0.9 ** 2, 10))
    th = rs.uniform(0, 2 * np.pi, 10)
    varied = np.stack([r * np.cos(th), r * np.sin(th)], axis=1)
    for label, P in [('equal radius 0.8', equal), ('varied radii', varied)]:
        n = len(P)
        cond = []
        for i in range(n):
            for j in range(i + 1, n):
                p, _, _ = mp_lca(mp_vec(P[i]), mp_vec(P[j]), True)
                cond.append(float(1 - mpmath.sqrt(mp_dot(p, p))))
        Zl = linkage(np.array(cond), method='single')
        dendros.append({'label': label, 'points': floats(P), 'n': n, 'heights': cond, 'linkage': [floats(row) for row in Zl]})

    write(os.path.join(HYP_DIR, 'poincare.json'), {
        'versions': VERSIONS,
        'about': 'Poincare-ball references: distance (Mobius form, mpmath 50 digits), d_o, LCA by numeric minimisation '
                 'of the norm along the geodesic (mpmath; segment t in [0,1] and whole line), SciPy float64 LCA depth; '
                 'HypHC loss on a toy case; dendrograms from SciPy single linkage on 1 - ||LCA||',
        'agreement': {'maxScipyDepthError': worst_scipy, 'maxHyphcClosedFormError': worst_hyphc},
        'pairs': cases,
        'loss': {'points': floats(Z), 'similarities': floats(W), 'cases': loss_cases},
        'dendrograms': dendros,
    })
    print('scipy depth agreement', worst_scipy, 'HypHC closed form agreement', worst_hyphc)


if __name__ == '__main__':
    import scipy.special  # noqa: F401
    random_fixtures()
    sklearn_fixtures()
    family_fixtures()
    hyperbolic_fixtures()
