#!/usr/bin/python3
"""Reference fixtures for the CoLES parts of the runtime (runtime/nn/gru.ts, runtime/losses/contrastive.ts),
computed with PyTorch (float64, from float32-representable inputs and weights).

Run with Debian's Python (PyTorch 1.13 CPU from `python3-torch`):

    /usr/bin/python3 scripts/reference/coles_torch.py

Writes (small, checked in; `test/runtime/coles-parts.test.ts` reads them):
  test/fixtures/reference/coles/gru.json          torch.nn.GRU (1 and 2 layers) over padded sequences of different
                                                  lengths, read through pack_padded_sequence: the last hidden state of
                                                  every sequence (h_n of the top layer) and the gradients of
                                                  sum(h_last · R) in every weight and in the inputs
  test/fixtures/reference/coles/contrastive.json  the contrastive margin loss of CoLES over the sub-sequence embeddings
                                                  of a batch: positives = pairs of one entity, negatives = every pair of
                                                  different entities, or the k nearest per anchor (hard-negative mining
                                                  as pytorch-lifestream's HardNegativePairSelector); value and gradient

Conventions. Weights are stored in the runtime's layout: the GRU's input weight is [in, 3·hidden] (x W; torch's
weight_ih_l{k} is its transpose), gates in torch's order r, z, n. Flat row-major lists. Inputs and initial
weights are float32 values (stored exactly); every expected value is computed in float64.

Independence. The GRU is torch.nn.GRU reading packed sequences (torch stops each sequence at its length); the
runtime runs every sequence for the longest length and holds a finished one's state with a mask. The loss is
written from its formula: L = sum over positive pairs (i < j) of ½ d², plus sum over negative pairs of
½ max(0, ρ − d)², d the Euclidean distance of L2-normalised embeddings (torch.nn.functional.normalize and
torch.cdist are not used: the distance is written out), mined pairs chosen on detached distances.

Seeds are skipped (the next one tried) when a hinge argument sits within 1e-3 of 0 or the k-th and (k+1)-th
nearest negatives of an anchor are within 1e-3 of each other (a tie that float32 could break the other way).
"""
import json
import os

import torch

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'test', 'fixtures', 'reference', 'coles')


def f32(t):
    """Round to float32 and back: values the runtime can hold exactly."""
    return t.to(torch.float32).to(torch.float64)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1)]


def gru_case(seed, in_dim, hidden, layers, lengths):
    g = torch.Generator().manual_seed(seed)
    batch, steps = len(lengths), max(lengths)
    gru = torch.nn.GRU(in_dim, hidden, num_layers=layers, batch_first=True)
    bound = 1 / hidden ** 0.5
    with torch.no_grad():
        for p in gru.parameters():
            p.copy_(f32((torch.rand(p.shape, generator=g) * 2 - 1) * bound))
    x = f32(torch.randn(batch, steps, in_dim, generator=g))
    # padding past a sequence's length: values that would change the result if they were read
    for b, n in enumerate(lengths):
        x[b, n:] = 100.0
    x.requires_grad_(True)
    r = f32(torch.randn(batch, hidden, generator=g))
    packed = torch.nn.utils.rnn.pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
    _, h_n = gru(packed)
    last = h_n[-1]
    loss = (last * r).sum()
    loss.backward()
    weights, grads = [], []
    for k in range(layers):
        for name, runtime_name, transpose in [(f'weight_ih_l{k}', f'gru{k}_wih', True), (f'weight_hh_l{k}', f'gru{k}_whh', True),
                                               (f'bias_ih_l{k}', f'gru{k}_bih', False), (f'bias_hh_l{k}', f'gru{k}_bhh', False)]:
            p = getattr(gru, name)
            value, grad = (p.t(), p.grad.t()) if transpose else (p, p.grad)
            weights.append({'name': runtime_name, 'shape': list(value.shape), 'values': flat(value)})
            grads.append({'name': runtime_name, 'shape': list(grad.shape), 'values': flat(grad)})
    # the gradient in the padding must be 0: torch never reads it
    assert all(float(x.grad[b, n:].abs().max()) == 0 for b, n in enumerate(lengths) if n < steps)
    return {
        'inDim': in_dim, 'hidden': hidden, 'layers': layers, 'lengths': lengths, 'steps': steps,
        'x': flat(x), 'R': flat(r), 'weights': weights,
        'last': flat(last), 'loss': float(loss), 'grads': grads, 'gradX': flat(x.grad),
    }


def distances(z):
    diff = z[:, None, :] - z[None, :, :]
    # the diagonal is never used; keep sqrt's derivative finite there
    sq = (diff * diff).sum(-1) + torch.eye(len(z))
    return sq.sqrt()


def contrastive_case(seed, entities, slices, dim, margin, hardest):
    g = torch.Generator().manual_seed(seed)
    labels = torch.arange(entities).repeat_interleave(slices)
    centres = torch.randn(entities, dim, generator=g)
    raw = f32(centres[labels] + 0.6 * torch.randn(len(labels), dim, generator=g))
    raw.requires_grad_(True)
    z = raw / (raw * raw).sum(1, keepdim=True).sqrt()
    d = distances(z)
    n = len(labels)
    same = labels[:, None] == labels[None, :]
    positives = [(i, j) for i in range(n) for j in range(i + 1, n) if same[i, j]]
    if hardest is None:
        negatives = [(i, j) for i in range(n) for j in range(i + 1, n) if not same[i, j]]
    else:
        negatives = []
        dd = d.detach()
        for i in range(n):
            candidates = sorted((float(dd[i, j]), j) for j in range(n) if not same[i, j])
            if len(candidates) > hardest and candidates[hardest][0] - candidates[hardest - 1][0] < 1e-3:
                return None
            negatives += [(i, j) for _, j in candidates[:hardest]]
    hinge = [margin - d[i, j] for i, j in negatives]
    if any(abs(float(h)) < 1e-3 for h in hinge):
        return None
    loss = sum(0.5 * d[i, j] ** 2 for i, j in positives) + sum(0.5 * torch.clamp(h, min=0) ** 2 for h in hinge)
    loss.backward()
    return {
        'margin': margin, 'hardest': hardest, 'dim': dim, 'labels': [int(v) for v in labels],
        'embeddings': flat(raw), 'positives': len(positives), 'negatives': len(negatives),
        'activeNegatives': sum(1 for h in hinge if float(h) > 0),
        'loss': float(loss), 'grad': flat(raw.grad),
    }


def first_valid(make, seed):
    while True:
        case = make(seed)
        if case is not None:
            return dict(case, seed=seed)
        seed += 1


def main():
    os.makedirs(OUT, exist_ok=True)
    gru = {'cases': [
        gru_case(1, in_dim=5, hidden=6, layers=1, lengths=[7, 3, 5, 1]),
        gru_case(2, in_dim=4, hidden=5, layers=2, lengths=[2, 6, 6, 4, 1]),
    ]}
    contrastive = {'cases': [
        first_valid(lambda s: contrastive_case(s, entities=4, slices=3, dim=5, margin=1.2, hardest=None), 10),
        first_valid(lambda s: contrastive_case(s, entities=4, slices=3, dim=5, margin=1.2, hardest=2), 20),
        first_valid(lambda s: contrastive_case(s, entities=5, slices=2, dim=3, margin=0.5, hardest=5), 30),
    ]}
    for name, data in [('gru.json', gru), ('contrastive.json', contrastive)]:
        with open(os.path.join(OUT, name), 'w') as f:
            json.dump(data, f)
        print(f'wrote {os.path.relpath(os.path.join(OUT, name))}')
    for c in contrastive['cases']:
        print(f"contrastive seed {c['seed']}: margin {c['margin']}, hardest {c['hardest']}, "
              f"{c['positives']} positives, {c['negatives']} negatives ({c['activeNegatives']} in the hinge), loss {c['loss']:.6f}")


if __name__ == '__main__':
    main()
