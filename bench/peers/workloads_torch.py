#!/usr/bin/python3
"""PyTorch peer of bench/workloads/*.ts. For one workload it

  1. generates the inputs from a seeded NumPy generator and writes them, raw little-endian float32 (int32 for
     indices), into OUT_DIR: the TypeScript side reads these very files, so both sides compute on the same bits;
  2. computes the float64 reference of one step at those inputs (the loss and the gradient of one named tensor,
     the gradient written raw float64 as OUT_DIR/reference-grad.f64);
  3. times the same step in float32 on PyTorch (CPU) with 1 thread, as wasm has in Node: like with like;
  4. prints one JSON line: the inputs (file, shape, dtype), scalar parameters, reference, timings, and PyTorch's
     own float32 error against the reference.

Workloads:
  mlp-ae            Adam step of an MLP auto-encoder 60-512-512-64-512-512-60 (ReLU), MSE, on 1000 x 60
  gru               GRU(256) forward + backward (nn.GRU equations) on 64 sequences x 100 steps x 32 features
  pairwise-softmax  squared distances of 2000 x 64 points, row softmax of -distances, forward + backward
  allg-step         ALLG-style Adam step: ||Z - AZ||^2 + lam ||A - A_knn||^2 + ||Z - QZ||^2 + beta sum_i max_j |Q_ij|

Usage: /usr/bin/python3 bench/peers/workloads_torch.py WORKLOAD OUT_DIR [--n N] [--samples S]
"""
import argparse
import json
import os
import time

import numpy as np
import torch

SEED = 0


# ---- Inputs ------------------------------------------------------------------------------------------------

class Inputs:
    """Named arrays written raw into the output folder and described for the TS side."""

    def __init__(self, folder):
        self.folder, self.arrays, self.described = folder, {}, {}

    def add(self, name, array):
        array = np.ascontiguousarray(array, dtype=np.int32 if array.dtype.kind in 'iu' else np.float32)
        suffix = 'i32' if array.dtype == np.int32 else 'f32'
        file = os.path.join(self.folder, f'{name}.{suffix}')
        array.astype(array.dtype.newbyteorder('<'), copy=False).tofile(file)
        self.arrays[name] = array
        self.described[name] = {'file': file, 'shape': list(array.shape), 'dtype': 'int32' if suffix == 'i32' else 'float32'}
        return array


def uniform(rng, shape, bound):
    return rng.uniform(-bound, bound, shape).astype(np.float32)


# ---- Workloads ----------------------------------------------------------------------------------------------
# Each one: make(inputs, rng, args) -> dict of scalar params; build(arrays, dtype) -> (params to differentiate,
# loss function, name of the checked gradient, optimizer learning rate or None for forward + backward only).

MLP_SIZES = [60, 512, 512, 64, 512, 512, 60]
MLP_LINEAR = {2, 5}  # no ReLU after the bottleneck and after the output layer


def mlp_make(inputs, rng, args):
    inputs.add('x', rng.standard_normal((1000, 60)))
    for i, (fan_in, fan_out) in enumerate(zip(MLP_SIZES[:-1], MLP_SIZES[1:])):
        bound = 1 / np.sqrt(fan_in)   # nn.Linear's default initialisation
        inputs.add(f'w{i}', uniform(rng, (fan_out, fan_in), bound))
        inputs.add(f'b{i}', uniform(rng, (fan_out,), bound))
    return {'lr': 1e-3}


def mlp_build(a, dtype, params):
    x = torch.tensor(a['x'], dtype=dtype)
    weights = [torch.tensor(a[f'{k}{i}'], dtype=dtype, requires_grad=True) for i in range(6) for k in 'wb']

    def loss():
        h = x
        for i in range(6):
            h = torch.nn.functional.linear(h, weights[2 * i], weights[2 * i + 1])
            if i not in MLP_LINEAR:
                h = torch.relu(h)
        return ((h - x) ** 2).mean()
    return weights, loss, 0, params['lr']


GRU_HIDDEN = 256


def gru_make(inputs, rng, args):
    bound = 1 / np.sqrt(GRU_HIDDEN)   # nn.GRU's default initialisation
    inputs.add('x', rng.standard_normal((64, 100, 32)))
    inputs.add('w_ih', uniform(rng, (3 * GRU_HIDDEN, 32), bound))
    inputs.add('w_hh', uniform(rng, (3 * GRU_HIDDEN, GRU_HIDDEN), bound))
    inputs.add('b_ih', uniform(rng, (3 * GRU_HIDDEN,), bound))
    inputs.add('b_hh', uniform(rng, (3 * GRU_HIDDEN,), bound))
    # a fixed random weighting of every output, so that the loss's gradient reaches every step differently
    inputs.add('weighting', rng.standard_normal((64, 100, GRU_HIDDEN)))
    return {}


def gru_build(a, dtype, params):
    gru = torch.nn.GRU(32, GRU_HIDDEN, batch_first=True).to(dtype)
    with torch.no_grad():
        for name in ['w_ih', 'w_hh', 'b_ih', 'b_hh']:
            getattr(gru, {'w_ih': 'weight_ih_l0', 'w_hh': 'weight_hh_l0', 'b_ih': 'bias_ih_l0', 'b_hh': 'bias_hh_l0'}[name]).copy_(torch.tensor(a[name], dtype=dtype))
    x = torch.tensor(a['x'], dtype=dtype)
    weighting = torch.tensor(a['weighting'], dtype=dtype)

    def loss():
        out, _ = gru(x)
        return (out * weighting).sum()
    return [gru.weight_ih_l0, gru.weight_hh_l0, gru.bias_ih_l0, gru.bias_hh_l0], loss, 1, None


def pairwise_make(inputs, rng, args):
    # points of norm about 1, so that squared distances (about 2) leave the softmax rows spread, not one-hot
    inputs.add('x', rng.standard_normal((2000, 64)) / 8)
    inputs.add('weighting', rng.standard_normal((2000, 2000)))
    return {}


def pairwise_build(a, dtype, params):
    x = torch.tensor(a['x'], dtype=dtype, requires_grad=True)
    weighting = torch.tensor(a['weighting'], dtype=dtype)

    def loss():
        sq = (x * x).sum(1)
        d = sq[:, None] + sq[None, :] - 2 * x @ x.T
        return (torch.softmax(-d, 1) * weighting).sum()
    return [x], loss, 0, None


ALLG_DIM, ALLG_K = 64, 10


def allg_make(inputs, rng, args):
    n = args.n
    z = inputs.add('z', rng.standard_normal((n, ALLG_DIM)))
    # A_knn: each point's 10 nearest neighbours in Z (itself excluded), as indices; both sides make the dense 0/1
    # matrix from them, and start A at A_knn / k
    sq = (z.astype(np.float64) ** 2).sum(1)
    knn = np.empty((n, ALLG_K), dtype=np.int32)
    for start in range(0, n, 1000):
        block = sq[start:start + 1000, None] + sq[None, :] - 2 * z[start:start + 1000].astype(np.float64) @ z.T.astype(np.float64)
        block[np.arange(block.shape[0]), np.arange(start, start + block.shape[0])] = np.inf
        knn[start:start + 1000] = np.argsort(block, 1)[:, :ALLG_K]
    inputs.add('knn', knn)
    inputs.add('q', 0.01 * rng.standard_normal((n, n), dtype=np.float32))
    return {'lr': 1e-3, 'lambda': 1.0, 'beta': 0.1, 'k': ALLG_K}


def allg_dense_knn(knn, n):
    dense = np.zeros((n, n), dtype=np.float32)
    dense[np.repeat(np.arange(n), knn.shape[1]), knn.reshape(-1)] = 1
    return dense


def allg_build(a, dtype, params):
    n = a['z'].shape[0]
    knn = allg_dense_knn(a['knn'], n)
    a_start = knn / np.float32(params['k'])   # float32 division, as on the TS side
    z = torch.tensor(a['z'], dtype=dtype, requires_grad=True)
    adj = torch.tensor(a_start, dtype=dtype, requires_grad=True)
    q = torch.tensor(a['q'], dtype=dtype, requires_grad=True)
    knn_t = torch.tensor(knn, dtype=dtype)
    lam, beta = params['lambda'], params['beta']

    def loss():
        return (((z - adj @ z) ** 2).sum() + lam * ((adj - knn_t) ** 2).sum()
                + ((z - q @ z) ** 2).sum() + beta * q.abs().max(1).values.sum())
    return [z, adj, q], loss, 0, params['lr']


WORKLOADS = {
    'mlp-ae': (mlp_make, mlp_build, 'w0'),
    'gru': (gru_make, gru_build, 'w_hh'),
    'pairwise-softmax': (pairwise_make, pairwise_build, 'x'),
    'allg-step': (allg_make, allg_build, 'z'),
}


# ---- Reference, timing --------------------------------------------------------------------------------------

def one_step(params, loss_fn, lr):
    """A step that reads the loss back, as the TS side does: forward, backward, and the Adam update when lr."""
    value = loss_fn()
    grads = torch.autograd.grad(value, params)
    if lr is not None:
        for p, g in zip(params, grads):
            p.grad = g
    return value, grads


def timed_steps(build, arrays, params, samples):
    tensors, loss_fn, _, lr = build(arrays, torch.float32, params)
    optimizer = torch.optim.Adam(tensors, lr=lr) if lr is not None else None
    times = []
    for _ in range(samples + 1):   # the first is the warm-up
        start = time.perf_counter()
        value, _ = one_step(tensors, loss_fn, lr)
        if optimizer:
            optimizer.step()
        float(value)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('workload', choices=WORKLOADS)
    parser.add_argument('out')
    parser.add_argument('--n', type=int, default=2000)
    parser.add_argument('--samples', type=int, default=5)
    args = parser.parse_args()
    make, build, checked_name = WORKLOADS[args.workload]

    inputs = Inputs(args.out)
    scalars = make(inputs, np.random.default_rng(SEED), args)

    def loss_and_grad(dtype):
        tensors, loss_fn, checked, _ = build(inputs.arrays, dtype, scalars)
        value, grads = one_step(tensors, loss_fn, None)
        return float(value), grads[checked].detach().to(torch.float64).numpy()

    torch.set_num_threads(os.cpu_count() or 1)
    ref_loss, ref_grad = loss_and_grad(torch.float64)
    grad_file = os.path.join(args.out, 'reference-grad.f64')
    ref_grad.astype('<f8').tofile(grad_file)
    loss32, grad32 = loss_and_grad(torch.float32)
    report = {
        'workload': args.workload,
        'torch': torch.__version__,
        'inputs': inputs.described,
        'params': scalars,
        'reference': {'loss': ref_loss, 'checked': checked_name, 'grad': {'file': grad_file, 'shape': list(ref_grad.shape)}},
        'float32Error': {'loss': abs(loss32 - ref_loss) / abs(ref_loss),
                         'grad': float(np.linalg.norm(grad32 - ref_grad) / np.linalg.norm(ref_grad))},
        'threads': 1,
    }
    torch.set_num_threads(1)
    report['stepMs'] = timed_steps(build, inputs.arrays, scalars, args.samples)
    print(json.dumps(report))


if __name__ == '__main__':
    main()
