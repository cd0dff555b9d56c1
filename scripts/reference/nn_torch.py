#!/usr/bin/python3
"""Reference fixtures for runtime/nn, runtime/tensor/gather, runtime/losses and runtime/train/optimizers,
computed with PyTorch (float64, from float32-representable inputs and weights).

Run with Debian's Python (numpy 1.24, SciPy 1.10, PyTorch 1.13 CPU from `python3-torch`):

    /usr/bin/python3 scripts/reference/nn_torch.py

Writes (small, checked in; `test/runtime/nn.test.ts` reads them):
  test/fixtures/reference/nn/mlp.json         Linear + BatchNorm1d (training) + LeakyReLU(0.2) MLP 2 → 8 → 8 → 2:
                                              training output, gradients of sum(out · R) in every weight, BN
                                              running mean / var after one training forward, then the eval output
  test/fixtures/reference/nn/optimizers.json  torch.optim.Adam (lr 1e-2, weight_decay 0 and 1e-2; 3 steps) and
                                              torch.optim.SGD (lr 0.1, momentum 0.9, weight_decay 5e-4; 2 steps)
                                              on that MLP and loss: every weight after every step
  test/fixtures/reference/nn/gather.json      torch.index_select with duplicate indices: value and gradient
  test/fixtures/reference/nn/dgcnn.json       DGCNN (2 EdgeConv layers of 8, k = 4, out 2) on two point sets of
                                              12 and 15 points: kNN of the input, training output, gradients,
                                              running statistics, eval output
  test/fixtures/reference/nn/losses.json      triplet loss (cosine / euclidean, margin 1.0 / 0.2) and the HypHC
                                              term (τ = 0.1, cosine similarity) over all tuples of two small sets:
                                              values and gradients (torch autograd)

Conventions. Weights are stored in the runtime's layout: a dense weight is [in, out] (y = x W + b; torch's
nn.Linear weight is its transpose), row-major flat lists, each with the name suffix of the runtime variable
(`mlp0_w`, `mlp0_bn_gamma`, `edge1_nbr_w`, ...) in the order of `layer.variables`. All inputs and initial weights
are float32 values (stored exactly); every expected value is computed in float64.

Independence. The MLP uses torch.nn.Linear / BatchNorm1d / leaky_relu and torch.optim; DGCNN builds the k-NN by
sorting explicit pairwise squared distances per point set and the edge features as Θ·[x_i, x_j − x_i]
(not the runtime's x_i(Θ_self − Θ_nbr) + x_j Θ_nbr rearrangement), with torch.nn.BatchNorm1d over all edges; the
HypHC LCA depth is a float64 torch port of the closed form in runtime/hyperbolic/poincare.ts (`lcaParts`, the
'segment' rule), cross-checked here against a numeric minimisation of the Euclidean norm along the geodesic
(Möbius parametrisation, SciPy bounded minimiser), and its autograd gradient against finite differences
(torch.autograd.gradcheck).

Inputs are drawn with fixed seeds; a seed is skipped (the next one tried) when a result would sit within
float32 noise of a kink: a LeakyReLU or hinge argument near 0, a k-NN distance tie, a near-tie in DGCNN's max over
neighbours, or a pair near a switch of the LCA's segment rule. The margins found are recorded in the fixtures.
"""

import itertools
import json
import math
import os
import platform
import re

import numpy as np
import scipy
import scipy.optimize
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.use_deterministic_algorithms(True)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT_DIR = os.path.join(ROOT, 'test', 'fixtures', 'reference', 'nn')

VERSIONS = {
    'python': platform.python_version(),
    'torch': torch.__version__,
    'numpy': np.__version__,
    'scipy': scipy.__version__,
    'script': 'scripts/reference/nn_torch.py',
}

SLOPE = 0.2      # LeakyReLU slope (the registry's default)
KINK = 1e-4      # smallest distance to a kink accepted (inputs are float32: ~1e-7 relative noise)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = json.dumps(data, indent=1, allow_nan=False, ensure_ascii=False)
    # one line per list of numbers: small files, still readable and diffable
    text = re.sub(r'\[\s*(-?[0-9][^\[\]{}"]*?)\s*\]', lambda m: '[' + re.sub(r',\s+', ', ', m.group(1)) + ']', text)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text + '\n')
    print('wrote', os.path.relpath(path, ROOT), os.path.getsize(path), 'bytes')


def floats(a):
    if isinstance(a, torch.Tensor):
        a = a.detach().numpy()
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def ints(a):
    return [int(v) for v in np.asarray(a).ravel()]


def f32(a):
    """float32 values, returned as float64 (exactly the numbers the runtime will see)."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def t64(a, grad=False):
    return torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=grad)


def entry(name, array):
    array = np.asarray(array.detach().numpy() if isinstance(array, torch.Tensor) else array)
    return {'name': name, 'shape': list(array.shape), 'values': floats(array)}


def uniform32(rng, bound, shape):
    return f32(rng.uniform(-bound, bound, shape))


# ---- MLP: Linear + BatchNorm1d + LeakyReLU --------------------------------------------------------

MLP_DIMS = [2, 8, 8, 2]
MLP_ROWS = 16


class Mlp(torch.nn.Module):
    """mlp(hidden: [8, 8], out: 2, activation: leakyRelu(0.2), batchNorm: true) in torch modules."""

    def __init__(self, dims):
        super().__init__()
        self.hidden = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(dims[:-2], dims[1:-1]))
        self.norms = torch.nn.ModuleList(torch.nn.BatchNorm1d(b, eps=1e-5, momentum=0.1) for b in dims[1:-1])
        self.head = torch.nn.Linear(dims[-2], dims[-1])
        self.probe = []  # min |pre-activation| of each training forward

    def forward(self, x):
        for lin, bn in zip(self.hidden, self.norms):
            h = bn(lin(x))
            if self.training:
                self.probe.append(float(h.detach().abs().min()))
            x = F.leaky_relu(h, SLOPE)
        return self.head(x)

    def named_runtime(self):
        """(runtime name, parameter, transposed) in the order of the runtime layer's `variables`."""
        out = []
        for i, (lin, bn) in enumerate(zip(self.hidden, self.norms)):
            out += [(f'mlp{i}_w', lin.weight, True), (f'mlp{i}_b', lin.bias, False),
                    (f'mlp{i}_bn_gamma', bn.weight, False), (f'mlp{i}_bn_beta', bn.bias, False)]
        out += [('mlp_out_w', self.head.weight, True), ('mlp_out_b', self.head.bias, False)]
        return out

    def load_runtime(self, weights):
        with torch.no_grad():
            for (name, p, transposed), w in zip(self.named_runtime(), weights):
                assert w['name'] == name
                v = t64(w['values']).reshape(w['shape'])
                p.copy_(v.T if transposed else v)

    def runtime_weights(self):
        return [entry(name, p.T if transposed else p) for name, p, transposed in self.named_runtime()]

    def runtime_grads(self):
        return [entry(name, p.grad.T if transposed else p.grad) for name, p, transposed in self.named_runtime()]

    def running(self):
        return [x for i, bn in enumerate(self.norms)
                for x in (entry(f'mlp{i}_bn_mean', bn.running_mean), entry(f'mlp{i}_bn_var', bn.running_var))]


def mlp_initial(rng):
    weights = []
    for i, (a, b) in enumerate(zip(MLP_DIMS[:-2], MLP_DIMS[1:-1])):
        bound = 1 / math.sqrt(a)
        weights += [entry(f'mlp{i}_w', uniform32(rng, bound, (a, b))), entry(f'mlp{i}_b', uniform32(rng, bound, (b,))),
                    entry(f'mlp{i}_bn_gamma', f32(rng.uniform(0.5, 1.5, b))), entry(f'mlp{i}_bn_beta', f32(0.2 * rng.standard_normal(b)))]
    a, b = MLP_DIMS[-2], MLP_DIMS[-1]
    weights += [entry('mlp_out_w', uniform32(rng, 1 / math.sqrt(a), (a, b))), entry('mlp_out_b', uniform32(rng, 1 / math.sqrt(a), (b,)))]
    return weights


def mlp_problem(seed):
    rng = np.random.default_rng(seed)
    x = f32(rng.standard_normal((MLP_ROWS, MLP_DIMS[0])))
    r = f32(rng.standard_normal((MLP_ROWS, MLP_DIMS[-1])))
    return x, r, mlp_initial(rng)


def mlp_forward_fixture(x, r, weights):
    model = Mlp(MLP_DIMS)
    model.load_runtime(weights)
    model.train()
    out = model(t64(x))
    loss = (out * t64(r)).sum()
    loss.backward()
    running = model.running()
    model.eval()
    with torch.no_grad():
        inference = model(t64(x))
    return {
        'trainingOutput': floats(out), 'loss': float(loss), 'grads': model.runtime_grads(),
        'running': running, 'inferenceOutput': floats(inference),
    }, min(model.probe)


def optimizer_run(x, r, weights, make, lr, steps):
    model = Mlp(MLP_DIMS)
    model.load_runtime(weights)
    model.train()
    opt = make(model.parameters(), lr)
    after, losses = [], []
    for _ in range(steps):
        opt.zero_grad()
        loss = (model(t64(x)) * t64(r)).sum()
        loss.backward()
        opt.step()
        losses.append(float(loss))
        after.append(model.runtime_weights())
    return {'lr': lr, 'steps': steps, 'lossBeforeStep': losses, 'weightsAfterStep': after}, min(model.probe)


OPTIMIZERS = [
    ('adam', {'beta1': 0.9, 'beta2': 0.999, 'weightDecay': 0.0}, 1e-2, 3,
     lambda p, lr: torch.optim.Adam(p, lr=lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)),
    ('adam', {'beta1': 0.9, 'beta2': 0.999, 'weightDecay': 1e-2}, 1e-2, 3,
     lambda p, lr: torch.optim.Adam(p, lr=lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2)),
    ('sgd', {'momentum': 0.9, 'weightDecay': 5e-4}, 0.1, 2,
     lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9, weight_decay=5e-4)),
]


def mlp_fixtures():
    for seed in itertools.count(1):
        x, r, weights = mlp_problem(seed)
        forward, margin = mlp_forward_fixture(x, r, weights)
        runs = []
        for name, args, lr, steps, make in OPTIMIZERS:
            run, m = optimizer_run(x, r, weights, make, lr, steps)
            runs.append({'optimizer': name, 'args': args, **run})
            margin = min(margin, m)
        if margin > KINK:
            break
        print(f'mlp: seed {seed} has a pre-activation {margin:.2e} from the LeakyReLU kink; next seed')
    common = {
        'versions': VERSIONS, 'seed': seed,
        'layer': {'call': 'mlp', 'args': {'hidden': MLP_DIMS[1:-1], 'out': MLP_DIMS[-1], 'activation': {'call': 'leakyRelu', 'args': {'slope': SLOPE}}, 'batchNorm': True}},
        'inDim': MLP_DIMS[0], 'rows': MLP_ROWS, 'x': floats(x), 'R': floats(r),
        'lossFunction': 'sum(out * R), out the training-mode output', 'initialWeights': weights,
        'minPreActivation': margin,
        # bias before batch norm: BN removes it, so its gradient is 0 up to rounding (sign noise for Adam)
        'zeroGradient': [f'mlp{i}_b' for i in range(len(MLP_DIMS) - 2)],
    }
    write(os.path.join(OUT_DIR, 'mlp.json'), {**common, **forward})
    write(os.path.join(OUT_DIR, 'optimizers.json'), {**common, 'runs': runs})


# ---- gather ---------------------------------------------------------------------------------------

def gather_fixture():
    rng = np.random.default_rng(7)
    x = f32(rng.standard_normal((6, 3)))
    indices = [0, 2, 2, 5, 0, 0, 3]  # duplicates (0 three times, 2 twice); rows 1 and 4 never picked
    g = f32(rng.standard_normal((len(indices), 3)))
    xt = t64(x, grad=True)
    out = torch.index_select(xt, 0, torch.tensor(indices))
    (out * t64(g)).sum().backward()
    write(os.path.join(OUT_DIR, 'gather.json'), {
        'versions': VERSIONS, 'rows': 6, 'dim': 3, 'x': floats(x), 'indices': indices,
        'upstream': floats(g), 'lossFunction': 'sum(index_select(x, 0, indices) * upstream)',
        'output': floats(out), 'gradX': floats(xt.grad),
    })


# ---- DGCNN ----------------------------------------------------------------------------------------

DG_SETS = [12, 15]
DG_DIM, DG_K, DG_LAYERS, DG_HIDDEN, DG_OUT = 3, 4, 2, 8, 2


def knn(h, offsets, k):
    """k nearest rows (squared Euclidean, self included) within each set, by sorting explicit distances."""
    h = h.detach().numpy()
    idx, gaps = [], []
    for s in range(len(offsets) - 1):
        a, b = offsets[s], offsets[s + 1]
        xs = h[a:b]
        d = ((xs[:, None, :] - xs[None, :, :]) ** 2).sum(-1)
        scale = max(float(d.max()), float((xs ** 2).sum(1).max()))
        for i in range(b - a):
            order = np.argsort(d[i], kind='stable')
            assert order[0] == i
            idx.append(order[:k] + a)
            # the k-th and (k + 1)-th distances, and self against the nearest other point, must not tie (relative to
            # the largest squared norm or distance: float32 distances from ‖x‖² + ‖y‖² − 2x·y err by ~1e-7 of it)
            gaps.append((d[i, order[k]] - d[i, order[k - 1]]) / scale)
            gaps.append(d[i, order[1]] / scale)
    return np.array(idx), min(gaps)


class Dgcnn:
    def __init__(self, weights):
        w = {e['name']: t64(e['values']).reshape(e['shape']).requires_grad_(True) for e in weights}
        self.w = w
        self.norms = []
        for l in range(DG_LAYERS):
            bn = torch.nn.BatchNorm1d(DG_HIDDEN, eps=1e-5, momentum=0.1)
            with torch.no_grad():
                bn.weight.copy_(w[f'edge{l}_bn_gamma'])
                bn.bias.copy_(w[f'edge{l}_bn_beta'])
            self.norms.append(bn)
        self.order = [e['name'] for e in weights]
        self.margins = {'knn': math.inf, 'maxGap': math.inf, 'preActivation': math.inf}

    def params(self, name):
        l = name[4] if name.startswith('edge') and '_bn_' in name else None
        if l is not None:
            return self.norms[int(l)].weight if name.endswith('gamma') else self.norms[int(l)].bias
        return self.w[name]

    def forward(self, x, offsets, training):
        h = x
        outputs = []
        for l in range(DG_LAYERS):
            rows, d = h.shape
            idx, gap = knn(h, offsets, DG_K)
            self.margins['knn'] = min(self.margins['knn'], gap)
            theta = torch.cat([self.w[f'edge{l}_self_w'], self.w[f'edge{l}_nbr_w']], 0)  # [2d, hidden]
            xi = h.unsqueeze(1).expand(rows, DG_K, d)
            xj = h[torch.tensor(idx)]
            edge = torch.cat([xi, xj - xi], 2) @ theta  # Θ·[x_i, x_j − x_i], [rows, k, hidden]
            bn = self.norms[l]
            bn.train(training)
            pre = bn(edge.reshape(rows * DG_K, DG_HIDDEN)).reshape(rows, DG_K, DG_HIDDEN)
            act = F.leaky_relu(pre, SLOPE)
            top = torch.topk(act.detach(), 2, dim=1)
            self.margins['maxGap'] = min(self.margins['maxGap'], float((top.values[:, 0] - top.values[:, 1]).min()))
            chosen = torch.gather(pre.detach(), 1, top.indices[:, :1])
            self.margins['preActivation'] = min(self.margins['preActivation'], float(chosen.abs().min()))
            h = act.max(1).values
            outputs.append(h)
        return torch.cat(outputs, 1) @ self.w['dgcnn_out_w'] + self.w['dgcnn_out_b']

    def grads(self):
        return [entry(name, self.params(name).grad) for name in self.order]

    def running(self):
        return [x for l, bn in enumerate(self.norms)
                for x in (entry(f'edge{l}_bn_mean', bn.running_mean), entry(f'edge{l}_bn_var', bn.running_var))]


def dgcnn_initial(rng):
    weights = []
    width = DG_DIM
    for l in range(DG_LAYERS):
        bound = 1 / math.sqrt(width)
        weights += [entry(f'edge{l}_self_w', uniform32(rng, bound, (width, DG_HIDDEN))),
                    entry(f'edge{l}_nbr_w', uniform32(rng, bound, (width, DG_HIDDEN))),
                    entry(f'edge{l}_bn_gamma', f32(rng.uniform(0.5, 1.5, DG_HIDDEN))),
                    entry(f'edge{l}_bn_beta', f32(0.2 * rng.standard_normal(DG_HIDDEN)))]
        width = DG_HIDDEN
    bound = 1 / math.sqrt(DG_LAYERS * DG_HIDDEN)
    weights += [entry('dgcnn_out_w', uniform32(rng, bound, (DG_LAYERS * DG_HIDDEN, DG_OUT))),
                entry('dgcnn_out_b', uniform32(rng, bound, (DG_OUT,)))]
    return weights


def dgcnn_fixture():
    offsets = [0] + list(itertools.accumulate(DG_SETS))
    rows = offsets[-1]
    for seed in itertools.count(1):
        rng = np.random.default_rng(1000 + seed)
        x = f32(rng.standard_normal((rows, DG_DIM)))
        r = f32(rng.standard_normal((rows, DG_OUT)))
        weights = dgcnn_initial(rng)
        model = Dgcnn(weights)
        out = model.forward(t64(x), offsets, training=True)
        loss = (out * t64(r)).sum()
        loss.backward()
        running = model.running()
        with torch.no_grad():
            inference = model.forward(t64(x), offsets, training=False)
        m = model.margins
        if m['knn'] > 1e-5 and m['maxGap'] > KINK and m['preActivation'] > KINK:
            break
        print(f'dgcnn: seed {seed} too close to a tie or kink {m}; next seed')
    knn0, _ = knn(t64(x), offsets, DG_K)
    write(os.path.join(OUT_DIR, 'dgcnn.json'), {
        'versions': VERSIONS, 'seed': seed,
        'layer': {'call': 'dgcnn', 'args': {'k': DG_K, 'layers': DG_LAYERS, 'hidden': DG_HIDDEN, 'out': DG_OUT, 'activation': {'call': 'leakyRelu', 'args': {'slope': SLOPE}}, 'batchNorm': True}},
        'inDim': DG_DIM, 'offsets': offsets, 'x': floats(x), 'R': floats(r),
        'lossFunction': 'sum(out * R), out the training-mode output',
        'margins': m,
        'inputKnn': [sorted(ints(row)) for row in knn0],
        'initialWeights': weights,
        'trainingOutput': floats(out), 'loss': float(loss), 'grads': model.grads(),
        'running': running, 'inferenceOutput': floats(inference),
    })


# ---- loss terms -----------------------------------------------------------------------------------

# Two point sets (rows 0..5 and 6..12), labels in 3 classes, some rows unlabelled (labelled 0 or label −1).
LOSS_OFFSETS = [0, 6, 13]
LABELS = [0, 1, 0, 2, 1, 0, 2, 1, 2, 0, 1, 2, -1]
LABELLED = [1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0, 1, 1]


def all_triplets():
    """Every (anchor, positive, negative) of labelled rows of one set: same class a ≠ p, another class n."""
    out = []
    for s in range(len(LOSS_OFFSETS) - 1):
        rows = [i for i in range(LOSS_OFFSETS[s], LOSS_OFFSETS[s + 1]) if LABELLED[i] and LABELS[i] >= 0]
        for a in rows:
            for p in rows:
                for n in rows:
                    if p != a and LABELS[p] == LABELS[a] and LABELS[n] != LABELS[a]:
                        out.append((a, p, n))
    return out


def similarity(a, b, kind):
    if kind == 'cosine':
        return (a * b).sum(-1) / (a.norm(dim=-1) * b.norm(dim=-1))
    return -(a - b).norm(dim=-1)


def triplet_fixtures():
    triplets = all_triplets()
    a, p, n = (torch.tensor([t[c] for t in triplets]) for c in range(3))
    cases = []
    for kind in ['cosine', 'euclidean']:
        for margin in [1.0, 0.2]:
            for seed in itertools.count(1):
                rng = np.random.default_rng(2000 + seed)
                feats = f32(rng.standard_normal((len(LABELS), 4)))
                arg = similarity(t64(feats)[a], t64(feats)[n], kind) - similarity(t64(feats)[a], t64(feats)[p], kind) + margin
                if float(arg.abs().min()) > 1e-3:
                    break
            for reduction in ['mean', 'nonZeroMean']:
                ft = t64(feats, grad=True)
                arg = similarity(ft[a], ft[n], kind) - similarity(ft[a], ft[p], kind) + margin
                hinge = torch.relu(arg)
                # nonZeroMean: pytorch-metric-learning's AvgNonZeroReducer, the mean over the violating triplets
                loss = hinge.mean() if reduction == 'mean' else hinge.sum() / max(int((arg > 0).sum()), 1)
                loss.backward()
                cases.append({
                    'call': {'call': 'triplet', 'args': {'margin': margin, 'similarity': kind, 'reduction': reduction}}, 'seed': seed,
                    'features': floats(feats), 'active': int((arg > 0).sum()),
                    'minHingeArgument': float(arg.detach().abs().min()),
                    'loss': float(loss), 'gradFeatures': floats(ft.grad),
                })
    return {'triplets': len(triplets), 'cases': cases}


MAX_NORM = 1 - 4e-3  # runtime/tensor/hyphc's DEFAULT_MAX_NORM; every norm here stays below it


def lca_depth(x, y):
    """d_o(x ∨ y), the 'segment' LCA: a float64 torch port of lcaParts in runtime/hyperbolic/poincare.ts.
    Returns the depth, the distance of this pair from the nearest switch of the branch rules, and the branch."""
    d = y - x
    x2, y2, d2, xd, yd = x @ x, y @ y, d @ d, x @ d, y @ d
    at_x = xd * (1 - x2) - x2 * d2   # ≥ 0: angle ≥ 90° at x, the LCA is x
    at_y = -yd * (1 - y2) - y2 * d2
    switch = min(abs(float(at_x)), abs(float(at_y))) / float(d2)
    depth_of = lambda v2: 2 * torch.atanh(torch.sqrt(v2))
    if float(at_x) >= 0:
        return depth_of(x2), switch, 'endpoint'
    if float(at_y) >= 0:
        return depth_of(y2), switch, 'endpoint'
    det = (x[0] * d[1] - x[1] * d[0]) ** 2
    assert float(det) > 1e-12, 'collinear with the origin'
    lam = d2 * (1 - x2 - xd) / (2 * det)
    mu = (x2 * d2 - xd * (1 - x2)) / (2 * det)
    e = lam * x + mu * d
    c = x + e
    pn = 1 / (c.norm() + e.norm())
    nearer = torch.sqrt(torch.minimum(x2, y2))
    switch = min(switch, abs(float(pn - nearer)))
    if float(pn) > float(nearer):
        return (depth_of(x2) if float(x2) <= float(y2) else depth_of(y2)), switch, 'guard'
    return 2 * torch.atanh(pn), switch, 'interior'


def mobius_add(x, y):
    xy, x2, y2 = x @ y, x @ x, y @ y
    return ((1 + 2 * xy + y2) * x + (1 - x2) * y) / (1 + 2 * xy + x2 * y2)


def numeric_depth(x, y):
    """min over t ∈ [0, 1] of d_o(γ(t)), γ(t) = x ⊕ (t ⊗ ((−x) ⊕ y)) (no closed form of the LCA)."""
    v = mobius_add(-x, y)
    nv = np.linalg.norm(v)
    point = lambda t: mobius_add(x, v * (math.tanh(t * math.atanh(nv)) / nv))
    res = scipy.optimize.minimize_scalar(lambda t: np.linalg.norm(point(t)), bounds=(0, 1), method='bounded', options={'xatol': 1e-12})
    best = min(res.fun, np.linalg.norm(x), np.linalg.norm(y))
    return 2 * math.atanh(best)


def hyphc_loss(output, features, temperature, stats=None):
    """mean over all triples i < j < k within each set of Σ w·(1 − softmax_τ(depths)) + Σ_{i<j} w_ij / #pairs."""
    pair_sum, pairs, per_triple = 0, 0, []
    cos = lambda i, j: (features[i] @ features[j]) / (features[i].norm() * features[j].norm())
    for s in range(len(LOSS_OFFSETS) - 1):
        rows = range(LOSS_OFFSETS[s], LOSS_OFFSETS[s + 1])
        for i, j in itertools.combinations(rows, 2):
            pair_sum = pair_sum + cos(i, j)
            pairs += 1
        for i, j, k in itertools.combinations(rows, 3):
            depths, w = [], []
            for a, b in [(i, j), (i, k), (j, k)]:
                depth, switch, branch = lca_depth(output[a], output[b])
                if stats is not None:
                    stats.setdefault('branches', {'interior': 0, 'endpoint': 0, 'guard': 0})[branch] += 1
                    stats['switch'] = min(stats.get('switch', math.inf), switch)
                    ref = numeric_depth(output[a].detach().numpy(), output[b].detach().numpy())
                    stats['numericDepthError'] = max(stats.get('numericDepthError', 0), abs(ref - float(depth)))
                depths.append(depth)
                w.append(cos(a, b))
            soft = torch.softmax(torch.stack(depths) / temperature, 0)
            per_triple.append((torch.stack(w) * (1 - soft)).sum())
    return torch.stack(per_triple).mean() + pair_sum / pairs, len(per_triple), pairs


def project(features, s, epsilon):
    """poincare(scale: learned): rows rescaled to r = σ(s)(1 − ε)."""
    return features / features.norm(dim=1, keepdim=True) * (torch.sigmoid(s) * (1 - epsilon))


def hyphc_fixtures():
    temperature = 0.1
    epsilon = 1 - 0.999  # the poincare layer's ε = 1 − maxNorm (maxNorm 0.999 by default)
    n = len(LABELS)
    cases = []

    # (a) as in training: features F (2-D), output = poincare(scale: learned)(F) with logit s
    rng = np.random.default_rng(3001)
    feats = f32(rng.standard_normal((n, 2)))
    s = float(np.float32(0.7))
    ft, st = t64(feats, grad=True), torch.tensor(s, requires_grad=True)
    stats = {}
    loss, triples, pairs = hyphc_loss(project(ft, st, epsilon), ft, temperature, stats)
    loss.backward()
    check = torch.autograd.gradcheck(lambda f, s_: hyphc_loss(project(f, s_, epsilon), f, temperature)[0],
                                     (t64(feats, grad=True), torch.tensor(s, requires_grad=True)), eps=1e-6, atol=1e-6)
    assert check and stats['numericDepthError'] < 1e-8, stats
    cases.append({
        'name': 'poincare layer on the features', 'call': {'call': 'hyphc', 'args': {'temperature': temperature, 'similarity': 'cosine'}},
        'features': floats(feats), 'scaleLogit': s, 'epsilon': epsilon,
        'loss': float(loss), 'gradFeatures': floats(ft.grad), 'gradScaleLogit': float(st.grad),
        'triples': triples, 'pairs': pairs, **stats,
    })

    # (b) points of different norms already inside the ball, passed as both output and features (exercises the
    # segment rule: some LCAs are an endpoint)
    for seed in itertools.count(1):
        rng = np.random.default_rng(3100 + seed)
        radius, angle = rng.uniform(0.1, 0.9, n), rng.uniform(0, 2 * math.pi, n)
        z = f32(np.stack([radius * np.cos(angle), radius * np.sin(angle)], 1))
        zt = t64(z, grad=True)
        stats = {}
        loss, triples, pairs = hyphc_loss(zt, zt, temperature, stats)
        if stats['switch'] > 1e-3:
            break
        print(f'hyphc: seed {seed} has a pair {stats["switch"]:.2e} from a switch of the LCA rule; next seed')
    endpoints = stats['branches']['endpoint']
    loss.backward()
    check = torch.autograd.gradcheck(lambda z_: hyphc_loss(z_, z_, temperature)[0], (t64(z, grad=True),), eps=1e-6, atol=1e-6)
    assert check and stats['numericDepthError'] < 1e-8 and endpoints > 0, (stats, endpoints)
    cases.append({
        'name': 'points of different norms as output and features', 'call': {'call': 'hyphc', 'args': {'temperature': temperature, 'similarity': 'cosine'}},
        'seed': seed, 'points': floats(z),
        'loss': float(loss), 'gradPoints': floats(zt.grad),
        'triples': triples, 'pairs': pairs, **stats,
    })
    return {'maxNormBound': MAX_NORM, 'cases': cases}


def loss_fixtures():
    write(os.path.join(OUT_DIR, 'losses.json'), {
        'versions': VERSIONS, 'offsets': LOSS_OFFSETS, 'labels': LABELS, 'labelled': LABELLED,
        'triplet': triplet_fixtures(), 'hyphc': hyphc_fixtures(),
    })


if __name__ == '__main__':
    torch.manual_seed(0)
    mlp_fixtures()
    gather_fixture()
    dgcnn_fixture()
    loss_fixtures()
