#!/usr/bin/python3
"""Reference fixtures for ALLG's and DUAL's loss terms (runtime/losses/selection.ts) and the forward pass through
the learned graph and the self-selection layer (runtime/nn/learnable-graph.ts, runtime/nn/selection.ts),
computed with PyTorch in float64 from float32-representable inputs.

Run with Debian's Python (PyTorch 1.13 CPU from `python3-torch`):

    /usr/bin/python3 scripts/reference/allg_torch.py

Writes test/fixtures/reference/allg/terms.json: for n = 12 samples with d' = 5 latents and d = 7 inputs,
  - the GCN-normalised prior D^-1/2 (A + I) D^-1/2 of a given 0/1 adjacency (computed here with NumPy),
  - the forward pass written the paper's way, with columns as samples: S1 = relu(Z A1), S2 = relu(S1 A2),
    S_out = r S1 + (1 - r) S2, the self-selection output S_out Q (the runtime's rows are these matrices' columns),
  - every term's value and its gradients (torch autograd) in A1, A2, Q, P and Z:
    graphPrior alpha, beta; propagation alpha', beta'; selfSelection lambda (with the inf,1-norm written as
    sum over rows of max |q_ij|); reconstruction ||X - Xbar||^2_F against a fixed Xbar; dualLoss with fixed centres C,
  - the inf,1-norm and its gradient on its own, and the 2,1-norm.
Inputs are drawn with a fixed seed; rows of Q have a clear maximum (checked: the top two |q| of every row differ by
more than 1e-3), so that the sup-norm's gradient is well defined.
"""
import json
import os

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'reference', 'allg')


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def flat(t):
    return [float(v) for v in np.asarray(t.detach() if isinstance(t, torch.Tensor) else t).reshape(-1)]


def main():
    rng = np.random.default_rng(7)
    n, latent, dim, clusters = 12, 5, 7, 3
    alpha, beta, lam, r = 0.7, 1.3, 0.9, 0.3
    dual_alpha, dual_beta, dual_lambda = 0.8, 1.2, 0.6
    # a symmetric 0/1 adjacency, then the GCN normalisation
    raw = (rng.random((n, n)) < 0.25).astype(np.float64)
    raw = np.maximum(raw, raw.T)
    np.fill_diagonal(raw, 0)
    with_loops = raw + np.eye(n)
    d = 1 / np.sqrt(with_loops.sum(1))
    prior = f32(with_loops * d[:, None] * d[None, :])
    while True:
        q0 = f32(rng.uniform(-0.3, 0.3, (n, n)))
        top2 = np.sort(np.abs(q0), axis=1)[:, -2:]
        if np.all(top2[:, 1] - top2[:, 0] > 1e-3):
            break
    a1_0 = f32(prior + rng.normal(0, 0.05, (n, n)))
    a2_0 = f32(prior + rng.normal(0, 0.05, (n, n)))
    p0 = f32(rng.uniform(-0.3, 0.3, (n, clusters)))
    z0 = f32(rng.normal(0, 1, (latent, n)))   # columns are samples, as in the paper
    x0 = f32(rng.normal(0, 1, (dim, n)))
    xbar0 = f32(rng.normal(0, 1, (dim, n)))
    c0 = f32(rng.normal(0, 1, (latent, clusters)))

    def leaf(a):
        return torch.tensor(a, requires_grad=True)

    def evaluate(term):
        A1, A2, Q, P, Z = leaf(a1_0), leaf(a2_0), leaf(q0), leaf(p0), leaf(z0)
        A0 = torch.tensor(prior)
        S1 = torch.relu(Z @ A1)
        S2 = torch.relu(S1 @ A2)
        S_out = r * S1 + (1 - r) * S2
        rebuilt = S_out @ Q
        inf1 = torch.abs(Q).max(dim=1).values.sum()
        two1 = lambda M: torch.sqrt((M ** 2).sum(dim=1) + 1e-12).sum()
        if term == 'graphPrior':
            value = alpha * (A1 ** 2).sum() + beta * ((A1 - A0) ** 2).sum()
        elif term == 'propagation':
            value = alpha * (A2 ** 2).sum() + beta * ((A2 - A1) ** 2).sum()
        elif term == 'selfSelection':
            value = ((S_out - rebuilt) ** 2).sum() + lam * inf1
        elif term == 'reconstruction':
            value = ((torch.tensor(x0) - torch.tensor(xbar0)) ** 2).sum()
        elif term == 'dualLoss':
            # DUAL on the latents Z: self-expression Z ~ Z Q, centres C ~ Z P, 2,1-norms; reconstruction as above
            value = (((torch.tensor(x0) - torch.tensor(xbar0)) ** 2).sum()
                     + dual_alpha * (((Z - Z @ Q) ** 2).sum() + dual_lambda * two1(Q))
                     + dual_beta * (((torch.tensor(c0) - Z @ P) ** 2).sum() + dual_lambda * two1(P)))
        elif term == 'infinityOne':
            value = inf1
        elif term == 'twoOne':
            value = two1(Q)
        else:
            raise ValueError(term)
        leaves = {'A1': A1, 'A2': A2, 'Q': Q, 'P': P, 'Z': Z}
        grads = (torch.autograd.grad(value, list(leaves.values()), allow_unused=True) if value.requires_grad
                 else [None] * len(leaves))
        out = {'value': float(value)}
        for (name, t), g in zip(leaves.items(), grads):
            if g is None:
                continue
            # gradients in the runtime's layout: Z is stored rows = samples, so its gradient is transposed
            out[name] = flat(g.T if name == 'Z' else g)
        return out, S1, S2, S_out, rebuilt

    terms = {}
    for term in ['graphPrior', 'propagation', 'selfSelection', 'reconstruction', 'dualLoss', 'infinityOne', 'twoOne']:
        terms[term], S1, S2, S_out, rebuilt = evaluate(term)

    os.makedirs(OUT, exist_ok=True)
    fixture = {
        'versions': {'torch': torch.__version__, 'numpy': np.__version__},
        'n': n, 'latent': latent, 'dim': dim, 'clusters': clusters,
        'weights': {'alpha': alpha, 'beta': beta, 'lambda': lam, 'r': r,
                    'dualAlpha': dual_alpha, 'dualBeta': dual_beta, 'dualLambda': dual_lambda},
        # matrices over samples as the runtime stores them: A, Q, P as [n, n] / [n, K]; Z, X, Xbar rows = samples
        'adjacency': flat(raw), 'prior': flat(prior), 'A1': flat(a1_0), 'A2': flat(a2_0), 'Q': flat(q0), 'P': flat(p0),
        'Z': flat(z0.T), 'X': flat(x0.T), 'Xbar': flat(xbar0.T), 'centres': flat(c0.T),
        'forward': {'S1': flat(S1.T), 'S2': flat(S2.T), 'Sout': flat(S_out.T), 'rebuilt': flat(rebuilt.T)},
        'terms': terms,
    }
    with open(os.path.join(OUT, 'terms.json'), 'w') as f:
        json.dump(fixture, f)
    print('wrote', os.path.join(OUT, 'terms.json'))


if __name__ == '__main__':
    main()
