#!/usr/bin/python3
"""PyTorch peer of bench/hyphc-epoch.ts: one training epoch of the hierarchical-clustering method on the same
point sets (the MLP 2-64-64-64-64-2 with batch norm and LeakyReLU(0.2), projection to a learned radius,
0.1 * HypHC over sampled triples + triplet loss, Adam), with the same batch structure and the same numbers of
triples and triplets per set. Triples and triplets are drawn here with NumPy (not the runtime's streams), so
the figures compare time, not loss values.

Usage: /usr/bin/python3 bench/peers/hyphc_epoch_torch.py SETS.json EPOCHS   (prints one JSON line)
"""
import json
import sys
import time

import numpy as np
import torch

torch.set_num_threads(1)          # the wasm backend has one thread in Node: compare like with like
torch.manual_seed(0)
rng = np.random.default_rng(0)

spec = json.load(open(sys.argv[1]))
epochs = int(sys.argv[2])
sets = [(torch.tensor(s['x'], dtype=torch.float32).reshape(-1, 2), np.array(s['labels']), np.array(s['labelled'], dtype=bool)) for s in spec['sets']]
BATCH, TRIPLES, TRIPLETS, TAU, MARGIN, MAX_NORM = spec['batch'], spec['triples'], spec['triplets'], 0.1, spec['margin'], 1 - 4e-3

layers = []
width = 2
for h in [64, 64, 64, 64]:
    layers += [torch.nn.Linear(width, h), torch.nn.BatchNorm1d(h), torch.nn.LeakyReLU(0.2)]
    width = h
layers.append(torch.nn.Linear(width, 2))
mlp = torch.nn.Sequential(*layers)
scale = torch.nn.Parameter(torch.zeros(()))
opt = torch.optim.Adam(list(mlp.parameters()) + [scale], lr=1e-3)


def artanh(v):
    v = v.clamp(max=MAX_NORM)
    return 0.5 * (torch.log1p(v) - torch.log1p(-v))


def lca_depth(x, y):
    """The 'segment' LCA depth d_o(x ∨ y) of runtime/tensor/hyphc.ts, vectorised over rows."""
    d = y - x
    x2, y2, d2 = (x * x).sum(1), (y * y).sum(1), (d * d).sum(1)
    xd, yd = (x * d).sum(1), (y * d).sum(1)
    depth_x, depth_y = 2 * artanh(x2.clamp(min=1e-30).sqrt()), 2 * artanh(y2.clamp(min=1e-30).sqrt())
    det = (x[:, 0] * d[:, 1] - x[:, 1] * d[:, 0]) ** 2
    collinear = det <= 1e-30
    two_det = 2 * torch.where(collinear, torch.ones_like(det), det)
    lam = d2 * (1 - x2 - xd) / two_det
    mu = (x2 * d2 - xd * (1 - x2)) / two_det
    e = lam[:, None] * x + mu[:, None] * d
    radius = (e * e).sum(1).clamp(min=1e-30).sqrt()
    cn = ((x + e) ** 2).sum(1).clamp(min=1e-30).sqrt()
    pn = (1 / (cn + radius)).clamp(max=MAX_NORM)
    depth = torch.where(collinear, torch.zeros_like(det), 2 * artanh(pn))
    nearer = torch.where(x2 <= y2, depth_x, depth_y)
    depth = torch.where(~collinear & (pn * pn > torch.minimum(x2, y2)), nearer, depth)
    depth = torch.where(-yd * (1 - y2) >= y2 * d2, depth_y, depth)
    depth = torch.where(xd * (1 - x2) >= x2 * d2, depth_x, depth)
    return torch.where(d2 <= 0, depth_x, depth)


def sample(batch):
    """Triples (uniform 3-subsets) and triplets (anchor with a positive and a negative), vectorised with NumPy."""
    triples, triplets, offset = [], [], 0
    for x, labels, labelled in batch:
        n = len(labels)
        i = rng.integers(0, n, TRIPLES)
        j = rng.integers(0, n - 1, TRIPLES)
        j += j >= i
        k = rng.integers(0, n - 2, TRIPLES)
        lo, hi = np.minimum(i, j), np.maximum(i, j)
        k += k >= lo
        k += k >= hi
        triples.append(np.sort(np.stack([i, j, k], 1), 1) + offset)
        idx = np.nonzero(labelled & (labels >= 0))[0]
        counts = {c: int((labels[idx] == c).sum()) for c in np.unique(labels[idx])}
        anchors = idx[[1 < counts[labels[a]] < len(idx) for a in idx]]
        a = anchors[rng.integers(0, len(anchors), TRIPLETS)]
        p, q = np.empty_like(a), np.empty_like(a)
        for c in np.unique(labels[a]):
            rows = labels[a] == c
            same, other = idx[labels[idx] == c], idx[labels[idx] != c]
            pick = same[rng.integers(0, len(same) - 1, rows.sum())]
            p[rows] = np.where(pick == a[rows], same[-1], pick)
            q[rows] = other[rng.integers(0, len(other), rows.sum())]
        triplets.append(np.stack([a, p, q], 1) + offset)
        offset += n
    return torch.tensor(np.concatenate(triples)), torch.tensor(np.concatenate(triplets))


def cos(a, b):
    return (a * b).sum(1) / (a.norm(dim=1) * b.norm(dim=1)).clamp(min=1e-15)


def step(batch):
    x = torch.cat([b[0] for b in batch])
    triples, triplets = sample(batch)
    h = mlp(x)
    z = h / h.norm(dim=1, keepdim=True).clamp(min=1e-15) * torch.sigmoid(scale) * (1 - 4e-3)
    i, j, k = triples[:, 0], triples[:, 1], triples[:, 2]
    depths = torch.stack([lca_depth(z[i], z[j]), lca_depth(z[i], z[k]), lca_depth(z[j], z[k])], 1)
    w = torch.stack([cos(h[i], h[j]), cos(h[i], h[k]), cos(h[j], h[k])], 1)
    hyphc = (w * (1 - torch.softmax(depths / TAU, 1))).sum(1).mean()
    pair, pairs, offset = 0, 0, 0
    for _, labels, _ in batch:
        n = len(labels)
        u = h[offset:offset + n] / h[offset:offset + n].norm(dim=1, keepdim=True)
        pair = pair + ((u.sum(0) ** 2).sum() - (u * u).sum()) / 2
        pairs += n * (n - 1) / 2
        offset += n
    hyphc = hyphc + pair / pairs
    a, p, n = triplets[:, 0], triplets[:, 1], triplets[:, 2]
    triplet = torch.relu(cos(h[a], h[n]) - cos(h[a], h[p]) + MARGIN).mean()
    loss = 0.1 * hyphc + triplet
    opt.zero_grad()
    loss.backward()
    opt.step()
    return float(loss)


times = []
for epoch in range(epochs):
    order = rng.permutation(len(sets))
    start = time.perf_counter()
    for s in range(0, len(order), BATCH):
        step([sets[i] for i in order[s:s + BATCH]])
    times.append((time.perf_counter() - start) * 1000)
print(json.dumps({'epochMs': times, 'torch': torch.__version__, 'threads': torch.get_num_threads()}))
