#!/usr/bin/python3
"""Independent PyTorch reference for ALLG (unsupervised active learning with learnable graphs) and DUAL on
splice, under the protocol of scripts/reference/active_learning.py, with the settings of
examples/allg-splice.expspec. Written from the ALLG paper (shared/papers/allg-active-learning-learnable-graphs.txt)
and methods.md section 1, not from the TypeScript implementation.

Writes test/fixtures/reference/active-learning/allg-splice-torch.json (or --out) and prints the tables in the
layout of the paper's Table 2 (methods x query sizes, SVM and LR, latent and original features).

Usage:
  /usr/bin/python3 scripts/reference/allg_train_torch.py [--repeats 5] [--pretrain-epochs 300]
      [--joint-epochs 2000] [--alpha 1] [--beta 1] [--lam 1] [--methods allg,dual] [--out PATH]
  /usr/bin/python3 scripts/reference/allg_train_torch.py --merge-sweeps MAIN.json SWEEP1.json ...
      (adds the ALLG summaries of sweep runs to MAIN.json under "sweeps")
Needs Debian's python3-torch (1.13, CPU), python3-numpy, python3-sklearn (1.2.1).

Conventions (paper notation: X, Z, S are d x n, columns are samples):
  - data, split, random and K-means selections, classifiers: imported from active_learning.py
    (repeat_data, kmeans_selection, accuracy), so the four methods share the splits of baselines.json;
    repeat seed = 0..R-1; random picks rs.choice(...) drawn in the order of m right after the split.
  - auto-encoder: encoder Linear(240,512)-ReLU-Linear(512,256)-ReLU-Linear(256,64) (no output activation),
    decoder Linear(64,256)-ReLU-Linear(256,512)-ReLU-Linear(512,240); PyTorch default initialisation;
    torch.manual_seed(seed) per repeat. Pre-training: sum of squared errors per mini-batch of 32 (shuffled
    each epoch), Adam lr 1e-3. ALLG and DUAL start the joint stage from the same pre-trained weights.
  - prior: A0 = kneighbors_graph(Xc, 10, connectivity, include_self=False), symmetrised max(A, A^T),
    normalised D^-1/2 (A0 + I) D^-1/2 (D = degree of A0 + I). This normalised matrix initialises A1 and A2
    AND is the A0 of the regulariser beta ||A1 - A0||^2.
  - ALLG forward: Z = enc(X)^T (64 x n); S1 = relu(Z A1); S2 = relu(S1 A2); S_out = 0.3 S1 + 0.7 S2;
    X_bar = dec((S_out Q)^T). Q (n x n) in the paper's orientation: column j of S_out Q is
    sum_i S_out[:, i] Q[i, j], so ROW i of Q holds sample i's contributions to reconstructing all samples;
    ||Q||_inf,1 = sum_i max_j |Q_ij| (row-wise sup); ranking = l2 norm of Q's rows, descending.
    Q is initialised as nn.Linear(n, n, bias=False).weight transposed (uniform +-1/sqrt(n)); no constraint on
    diag(Q) (neither paper states one). Loss (sums):
      ||X - X_bar||^2 + a||A1||^2 + b||A1 - A0||^2 + a||A2||^2 + b||A2 - A1||^2 + ||S_out - S_out Q||^2
      + lam * sum_i max_j |Q_ij|.
  - DUAL: Z = enc(X)^T; Q (n x n), P (n x K), both nn.Linear-style initialised; C = the K = 5 centres of
    KMeans(5, n_init=10, random_state=seed) on the pre-trained latents (64 x K, fixed); X_bar =
    dec((Z Q)^T) (DUAL's decoder follows its selection block); loss ||X - X_bar||^2 + a(||Z - ZQ||^2 +
    lam ||Q||_2,1) + b(||C - ZP||^2 + lam ||P||_2,1), ||M||_2,1 = sum of the l2 norms of M's rows;
    ranking = l2 norm of the rows of [Q P].
  - joint stage: full batch (all candidates), Adam lr 1e-3, all parameters (encoder, decoder, graphs, Q, P).
  - evaluation: the top m ranked candidates, m = 25..225; SVC(linear, C=100) and LogisticRegression() on the
    latent features enc(x) (of the method's trained encoder, candidates and test) and on the original
    one-hot features; test accuracy. Random and K-means are evaluated on the original features (as in
    baselines.json) and, for reference, on the ALLG and DUAL latents.

Results of the stored run (5 repeats, 300 + 2000 epochs, alpha = beta = lambda = 1; SVM / LR, mean over the
nine query sizes): random 0.830 / 0.849, K-means 0.762 / 0.735, DUAL 0.734 / 0.731, DUAL O 0.769 / 0.753,
ALLG 0.680 / 0.653, ALLG O 0.786 / 0.773; ALLG joint epoch ~0.26 s, DUAL ~0.12 s (1 thread, shared CPU).
ALLG's and DUAL's top 25 are ~22 % and ~20 % label 1 (candidates ~48 %): the Q row norms rank samples of low
k-NN degree (outliers, mostly label 0) first (Spearman rho(score, degree) ~ -0.2). Sweeps (3 repeats, ALLG
only, stored under "sweeps"): lambda 0.1 / 10 and alpha = beta = 0.1 change little or hurt; alpha = beta = 10
gives ALLG 0.747 / 0.757 and ALLG O 0.801 / 0.802, still below random on the same splits (0.830 / 0.848).
The main run predates the spearman* diagnostics (added for the sweeps; nothing else changed).
"""
import argparse
import copy
import json
import os
import platform
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np
import sklearn
import torch
from scipy.stats import spearmanr
from sklearn.cluster import KMeans
from sklearn.neighbors import kneighbors_graph

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import active_learning as al  # noqa: E402  (shared data, split, selection and classifier conventions)

ROOT = al.ROOT
GENERATOR = "scripts/reference/allg_train_torch.py"
DEFAULT_OUT = os.path.join(al.OUT_DIR, "allg-splice-torch.json")
QUERY_SIZES = al.QUERY_SIZES
CLASSIFIERS = ("svm", "logreg")


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ---- models ---------------------------------------------------------------------------------------------------

def mlp(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


class AutoEncoder(torch.nn.Module):
    def __init__(self, d, hidden=(512, 256), out=64):
        super().__init__()
        self.enc = mlp([d, *hidden, out])
        self.dec = mlp([out, *reversed(hidden), d])


def linear_init(n_in, n_out):
    """nn.Linear(n_in, n_out, bias=False)'s initial weight, transposed to (n_in x n_out): the paper's
    right-multiplied coefficient matrix (S Q == Linear(S) for S of shape d' x n)."""
    return torch.nn.Linear(n_in, n_out, bias=False).weight.detach().t().contiguous().clone()


class ALLG(torch.nn.Module):
    def __init__(self, ae, A0, r=0.3):
        super().__init__()
        n = A0.shape[0]
        self.enc, self.dec = copy.deepcopy(ae.enc), copy.deepcopy(ae.dec)
        self.register_buffer("A0", A0.clone())
        self.A1 = torch.nn.Parameter(A0.clone())
        self.A2 = torch.nn.Parameter(A0.clone())
        self.Q = torch.nn.Parameter(linear_init(n, n))
        self.r = r

    def losses(self, X, alpha, beta, lam):
        Z = self.enc(X).t()                       # d' x n
        S1 = torch.relu(Z @ self.A1)
        S2 = torch.relu(S1 @ self.A2)
        S = self.r * S1 + (1 - self.r) * S2
        SQ = S @ self.Q
        Xbar = self.dec(SQ.t())
        return {
            "reconstruction": ((X - Xbar) ** 2).sum(),
            "graphPrior": alpha * (self.A1 ** 2).sum() + beta * ((self.A1 - self.A0) ** 2).sum(),
            "propagation": alpha * (self.A2 ** 2).sum() + beta * ((self.A2 - self.A1) ** 2).sum(),
            "selfExpression": ((S - SQ) ** 2).sum(),
            "supNorm": lam * self.Q.abs().amax(dim=1).sum(),
        }

    def scores(self):
        return self.Q.detach().norm(dim=1)


class DUAL(torch.nn.Module):
    def __init__(self, ae, C):
        super().__init__()
        self.enc, self.dec = copy.deepcopy(ae.enc), copy.deepcopy(ae.dec)
        self.register_buffer("C", C.clone())      # d' x K

    def init_coeffs(self, n):
        K = self.C.shape[1]
        self.Q = torch.nn.Parameter(linear_init(n, n))
        self.P = torch.nn.Parameter(linear_init(n, K))

    def losses(self, X, alpha, beta, lam):
        Z = self.enc(X).t()
        ZQ = Z @ self.Q
        Xbar = self.dec(ZQ.t())
        return {
            "reconstruction": ((X - Xbar) ** 2).sum(),
            "selfExpression": alpha * ((Z - ZQ) ** 2).sum(),
            "qNorm21": alpha * lam * self.Q.norm(dim=1).sum(),
            "centroids": beta * ((self.C - Z @ self.P) ** 2).sum(),
            "pNorm21": beta * lam * self.P.norm(dim=1).sum(),
        }

    def scores(self):
        return torch.cat([self.Q.detach(), self.P.detach()], dim=1).norm(dim=1)


# ---- training ---------------------------------------------------------------------------------------------------

def pretrain(X, epochs, seed, batch=32, lr=1e-3):
    torch.manual_seed(seed)
    ae = AutoEncoder(X.shape[1])
    opt = torch.optim.Adam(ae.parameters(), lr=lr)
    n = X.shape[0]
    gen = torch.Generator().manual_seed(seed)
    t0 = time.time()
    for ep in range(1, epochs + 1):
        perm = torch.randperm(n, generator=gen)
        total = 0.0
        for s in range(0, n, batch):
            xb = X[perm[s:s + batch]]
            loss = ((xb - ae.dec(ae.enc(xb))) ** 2).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss)
        if ep == 1 or ep % 100 == 0 or ep == epochs:
            log(f"    pretrain epoch {ep}: reconstruction {total:.2f} ({(time.time() - t0) / ep:.3f} s/epoch)")
    return ae, total


def joint(model, X, epochs, alpha, beta, lam, name, lr=1e-3):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    t0 = time.time()
    curve = []
    for ep in range(1, epochs + 1):
        terms = model.losses(X, alpha, beta, lam)
        loss = sum(terms.values())
        opt.zero_grad()
        loss.backward()
        opt.step()
        if ep == 1 or ep % 100 == 0 or ep == epochs:
            row = {"epoch": ep, "total": float(loss), **{k: float(v) for k, v in terms.items()}}
            curve.append(row)
            log(f"    {name} epoch {ep}: total {row['total']:.2f} | "
                + " ".join(f"{k} {row[k]:.2f}" for k in terms) + f" | {(time.time() - t0) / ep:.3f} s/epoch")
    spe = (time.time() - t0) / epochs
    return spe, curve


def knn_prior(Xc, k=10):
    A = kneighbors_graph(Xc, k, mode="connectivity", include_self=False)
    A = A.maximum(A.T).toarray()
    A = A + np.eye(A.shape[0])
    d = A.sum(axis=1)
    Dm = 1.0 / np.sqrt(d)
    return torch.tensor(Dm[:, None] * A * Dm[None, :], dtype=torch.float32)


def encode(enc, X):
    with torch.no_grad():
        return enc(X).numpy().astype(np.float64)


# ---- one repeat -----------------------------------------------------------------------------------------------

def run_repeat(seed, args, methods):
    t_start = time.time()
    Xc, yc, Xt, yt, rs = al.repeat_data("splice", seed)
    n = Xc.shape[0]
    random_picks = {m: rs.choice(n, m, replace=False) for m in QUERY_SIZES}  # the baselines' stream order
    Xc_t = torch.tensor(Xc, dtype=torch.float32)
    Xt_t = torch.tensor(Xt, dtype=torch.float32)
    log(f"repeat seed {seed}: {n} candidates ({yc.mean():.3f} label 1), {Xt.shape[0]} test")

    cache = (os.path.join(args.pretrain_cache, f"splice-ae-seed{seed}-ep{args.pretrain_epochs}.pt")
             if args.pretrain_cache else None)
    if cache and os.path.exists(cache):
        saved = torch.load(cache)
        ae = AutoEncoder(Xc.shape[1])
        ae.load_state_dict(saved["state"])
        pre_loss = saved["loss"]
        log(f"    pre-trained auto-encoder loaded from {cache}")
    else:
        ae, pre_loss = pretrain(Xc_t, args.pretrain_epochs, seed)
        if cache:
            os.makedirs(args.pretrain_cache, exist_ok=True)
            torch.save({"state": ae.state_dict(), "loss": pre_loss}, cache + f".tmp{os.getpid()}")
            os.replace(cache + f".tmp{os.getpid()}", cache)
    out = {"seed": seed, "candidateFractionLabel1": float(yc.mean()), "pretrainFinalLoss": pre_loss,
           "rankings": {}, "latent": {}, "secondsPerJointEpoch": {}, "curves": {}, "diagnostics": {}}
    out["latent"]["pretrained"] = (encode(ae.enc, Xc_t), encode(ae.enc, Xt_t))

    if "allg" in methods:
        A0 = knn_prior(Xc)
        torch.manual_seed(seed + 1000)
        model = ALLG(ae, A0)
        spe, curve = joint(model, Xc_t, args.joint_epochs, args.alpha, args.beta, args.lam, "allg")
        sc = model.scores().numpy()
        out["rankings"]["allg"] = np.argsort(-sc, kind="stable")
        out["latent"]["allg"] = (encode(model.enc, Xc_t), encode(model.enc, Xt_t))
        out["secondsPerJointEpoch"]["allg"] = spe
        out["curves"]["allg"] = curve
        srt = np.sort(sc)[::-1]
        with torch.no_grad():
            Qd = model.Q.detach()
            Zf = model.enc(Xc_t).t()
            S1 = torch.relu(Zf @ model.A1)
            Sf = model.r * S1 + (1 - model.r) * torch.relu(S1 @ model.A2)
        rho = lambda a, b: float(spearmanr(a, b).correlation)
        with torch.no_grad():
            out["diagnostics"]["allg"] = {
                "rowNormTop": srt[:5].tolist(), "rowNormMedian": float(np.median(sc)),
                "rowNormShareTop225": float((srt[:225] ** 2).sum() / (srt ** 2).sum()),
                "diagQMean": float(torch.diagonal(Qd).mean()), "absQMean": float(Qd.abs().mean()),
                "A1DistA0": float((model.A1 - model.A0).norm()), "A1Norm": float(model.A1.norm()),
                "A2Norm": float(model.A2.norm()), "A0Norm": float(model.A0.norm()),
                "knnEdges": int((A0 > 0).sum() - n),
                "spearmanScoreVsSoutNorm": rho(sc, Sf.norm(dim=0).numpy()),
                "spearmanScoreVsZNorm": rho(sc, Zf.norm(dim=0).numpy()),
                "spearmanScoreVsKnnDegree": rho(sc, (A0 > 0).sum(dim=1).numpy()),
                "spearmanScoreVsLabel": rho(sc, yc)}
        del model

    if "dual" in methods:
        Zp = out["latent"]["pretrained"][0]
        km = KMeans(n_clusters=5, n_init=10, random_state=seed).fit(Zp)
        C = torch.tensor(km.cluster_centers_.T, dtype=torch.float32)
        torch.manual_seed(seed + 2000)
        model = DUAL(ae, C)
        model.init_coeffs(n)
        spe, curve = joint(model, Xc_t, args.joint_epochs, args.alpha, args.beta, args.lam, "dual")
        sc = model.scores().numpy()
        out["rankings"]["dual"] = np.argsort(-sc, kind="stable")
        out["latent"]["dual"] = (encode(model.enc, Xc_t), encode(model.enc, Xt_t))
        out["secondsPerJointEpoch"]["dual"] = spe
        out["curves"]["dual"] = curve
        srt = np.sort(sc)[::-1]
        out["diagnostics"]["dual"] = {
            "rowNormTop": srt[:5].tolist(), "rowNormMedian": float(np.median(sc)),
            "rowNormShareTop225": float((srt[:225] ** 2).sum() / (srt ** 2).sum()),
            "diagQMean": float(torch.diagonal(model.Q.detach()).mean()),
            "kmeansClusterSizes": np.bincount(km.labels_, minlength=5).tolist()}
        del model

    # selections per query size
    picks = {}
    for meth in out["rankings"]:
        picks[meth] = {m: out["rankings"][meth][:m] for m in QUERY_SIZES}
    if not args.no_baselines:
        picks["random"] = random_picks
        t0 = time.time()
        picks["kmeans"] = {m: al.kmeans_selection(Xc, m, seed) for m in QUERY_SIZES}
        log(f"    kmeans selections: {time.time() - t0:.0f} s")

    feature_sets = {"original": (Xc, Xt)}
    for meth in ("allg", "dual"):
        if meth in out["latent"]:
            feature_sets[meth + "Latent"] = out["latent"][meth]
    acc = {}
    for sel, per_m in picks.items():
        acc[sel] = {}
        if sel in ("allg", "dual"):
            fsets = {"latent": feature_sets[sel + "Latent"], "original": feature_sets["original"]}
        else:
            fsets = {"original": feature_sets["original"]}
            for meth in ("allg", "dual"):
                if meth + "Latent" in feature_sets:
                    fsets[meth + "Latent"] = feature_sets[meth + "Latent"]
        for c in CLASSIFIERS:
            acc[sel][c] = {}
            for fname, (Fc, Ft) in fsets.items():
                acc[sel][c][fname] = [al.accuracy(c, Fc[per_m[m]], yc[per_m[m]], Ft, yt) for m in QUERY_SIZES]
    balance = {sel: {f"top{m}": float(yc[per_m[m]].mean()) for m in (25, 100)} for sel, per_m in picks.items()}
    out["accuracy"] = acc
    out["classBalance"] = balance
    out["seconds"] = time.time() - t_start
    summary = ", ".join(f"{s}/{c}/{f} {np.mean(v):.3f}" for s in acc for c in acc[s] for f, v in acc[s][c].items()
                        if f in ("latent", "original"))
    log(f"  seed {seed} done in {out['seconds']:.0f} s: {summary}")
    log(f"  class balance: " + ", ".join(f"{s} {b['top25']:.2f}/{b['top100']:.2f}" for s, b in balance.items()))
    return out


# ---- aggregation and output ---------------------------------------------------------------------------------

def summarise(values):
    a = np.array(values)  # repeats x sizes
    sd = lambda x: float(x.std(ddof=1)) if len(x) > 1 else 0.0
    return {
        "perRepeat": [[round(v, 6) for v in r] for r in a.tolist()],
        "meanPerSize": [round(v, 6) for v in a.mean(axis=0).tolist()],
        "sdPerSize": [round(sd(a[:, j]), 6) for j in range(a.shape[1])],
        "meanOverSizesPerRepeat": [round(v, 6) for v in a.mean(axis=1).tolist()],
        "meanOverSizes": round(float(a.mean()), 6),
        "sdOverRepeatsOfMeanOverSizes": round(sd(a.mean(axis=1)), 6),
    }


def baselines_check(reps):
    """Random and K-means on original features against baselines.json (same splits and picks)."""
    path = os.path.join(al.OUT_DIR, "baselines.json")
    if not os.path.exists(path):
        return None
    b = json.load(open(path))["datasets"]["splice"]["results"]
    worst = {}
    for rep in reps:
        for s in ("random", "kmeans"):
            if s not in rep["accuracy"]:
                continue
            for c in CLASSIFIERS:
                ref = b[s][c]["perRepeat"][rep["seed"]]
                got = rep["accuracy"][s][c]["original"]
                key = f"{s}/{c}"
                worst[key] = max(worst.get(key, 0.0), max(abs(x - y) for x, y in zip(ref, got)))
    return {"maxAbsDifferenceFromBaselinesJson": worst,
            "note": "random picks are identical by construction; K-means on one-hot data meets exact distance ties "
                    "that scikit-learn breaks by BLAS rounding (this script runs single-threaded), so a few "
                    "K-means query sizes can differ"}


def build_doc(args, reps, methods):
    results = {}
    for sel in reps[0]["accuracy"]:
        results[sel] = {}
        for c in CLASSIFIERS:
            results[sel][c] = {f: summarise([r["accuracy"][sel][c][f] for r in reps])
                               for f in reps[0]["accuracy"][sel][c]}
    balance = {}
    for sel in reps[0]["classBalance"]:
        balance[sel] = {}
        for key in ("top25", "top100"):
            v = [r["classBalance"][sel][key] for r in reps]
            balance[sel][key] = {"perRepeat": [round(x, 4) for x in v], "mean": round(float(np.mean(v)), 4)}
    spe = {m: {"perRepeat": [round(r["secondsPerJointEpoch"][m], 4) for r in reps],
               "mean": round(float(np.mean([r["secondsPerJointEpoch"][m] for r in reps])), 4)}
           for m in methods}
    return {
        "generator": GENERATOR,
        "versions": {"python": platform.python_version(), "torch": torch.__version__, "numpy": np.__version__,
                     "sklearn": sklearn.__version__, "threads": torch.get_num_threads()},
        "settings": {
            "dataset": "examples/data/splice-junction-60.csv, p1..p60 one-hot (240 columns), label `label`",
            "repeats": [r["seed"] for r in reps], "querySizes": QUERY_SIZES,
            "split": "active_learning.repeat_data('splice', seed): rs = RandomState(seed), perm = rs.permutation(n), "
                     "candidates perm[:n//2]; random picks rs.choice(candidates, m) in the order of m",
            "autoencoder": "240-512-256-64 (ReLU between layers, linear output), mirror decoder 64-256-512-240",
            "pretrain": {"epochs": args.pretrain_epochs, "batch": 32, "optimizer": "Adam lr 1e-3",
                         "loss": "sum of squared errors per batch"},
            "joint": {"epochs": args.joint_epochs, "batch": "full (all candidates)", "optimizer": "Adam lr 1e-3"},
            "alpha": args.alpha, "beta": args.beta, "lambda": args.lam,
            "allg": {"prior": "kNN k=10 Euclidean on the candidates' one-hot features, symmetrised max(A,A^T), "
                              "D^-1/2 (A0+I) D^-1/2; initialises A1, A2 and is the A0 of beta||A1-A0||^2",
                     "layers": 2, "shortcut": "S_out = 0.3 S1 + 0.7 S2",
                     "Q": "n x n, paper orientation (S_out Q; row i = sample i's contributions), nn.Linear init, "
                          "no diagonal constraint",
                     "ranking": "l2 norm of Q's rows (paper orientation), descending"},
            "dual": {"clusters": 5, "centres": "KMeans(5, n_init=10, random_state=seed) on the pre-trained latents, fixed",
                     "decoderInput": "Z Q", "ranking": "l2 norm of the rows of [Q P], descending"},
            "classifiers": {"svm": "SVC(kernel='linear', C=100)", "logreg": "LogisticRegression()"},
            "features": "latent = the method's trained encoder on candidates and test; original = one-hot. "
                        "random/kmeans: original (as baselines.json), plus allgLatent/dualLatent for reference",
        },
        "results": results,
        "classBalance": balance,
        "secondsPerJointEpoch": spe,
        "secondsPerRepeat": [round(r["seconds"], 1) for r in reps],
        "diagnostics": [{"seed": r["seed"], "candidateFractionLabel1": r["candidateFractionLabel1"],
                         "pretrainFinalLoss": r["pretrainFinalLoss"], **r["diagnostics"]} for r in reps],
        "lossCurves": [{"seed": r["seed"], **r["curves"]} for r in reps],
        "rankingsTop225": [{"seed": r["seed"], **{m: r["rankings"][m][:225].tolist() for m in r["rankings"]}}
                           for r in reps],
        "checks": baselines_check(reps),
        "logregConvergenceWarnings": al.Counter.convergence_warnings,
    }


ROWS = [("K-means", "kmeans", "original"), ("Random", "random", "original"),
        ("K-means (ALLG Z)", "kmeans", "allgLatent"), ("Random (ALLG Z)", "random", "allgLatent"),
        ("DUAL O", "dual", "original"), ("DUAL", "dual", "latent"),
        ("ALLG O", "allg", "original"), ("ALLG", "allg", "latent")]


def print_tables(doc, file=sys.stdout):
    res = doc["results"]
    for c, cname in (("svm", "SVM (linear, C=100)"), ("logreg", "Logistic regression")):
        print(f"\n{cname}: test accuracy, mean ± sd over {len(doc['settings']['repeats'])} repeats", file=file)
        print(f"{'# of Query':18s}" + "".join(f"{m:>14d}" for m in QUERY_SIZES) + f"{'Average':>16s}", file=file)
        for label, sel, f in ROWS:
            if sel not in res or f not in res[sel][c]:
                continue
            r = res[sel][c][f]
            cells = "".join(f"{mu:>8.4f}±{sd:.3f}" for mu, sd in zip(r["meanPerSize"], r["sdPerSize"]))
            print(f"{label:18s}{cells}{r['meanOverSizes']:>9.4f}±{r['sdOverRepeatsOfMeanOverSizes']:.4f}", file=file)
    print("\nclass balance (fraction of label 1) of the top-ranked candidates, per repeat:", file=file)
    for sel, b in doc["classBalance"].items():
        print(f"  {sel:7s} top25 {b['top25']['perRepeat']} mean {b['top25']['mean']:.3f}; "
              f"top100 {b['top100']['perRepeat']} mean {b['top100']['mean']:.3f}", file=file)
    print("seconds per joint epoch: " + ", ".join(f"{m} {v['mean']:.3f} {v['perRepeat']}"
                                                  for m, v in doc["secondsPerJointEpoch"].items()), file=file)


def merge_sweeps(main_path, sweep_paths):
    doc = json.load(open(main_path))
    doc["sweeps"] = doc.get("sweeps", [])
    for p in sweep_paths:
        s = json.load(open(p))
        st = s["settings"]
        entry = {"alpha": st["alpha"], "beta": st["beta"], "lambda": st["lambda"], "repeats": st["repeats"],
                 "pretrainEpochs": st["pretrain"]["epochs"], "jointEpochs": st["joint"]["epochs"], "results": {}}
        for sel in s["results"]:
            entry["results"][sel] = {c: {f: {"meanPerSize": v["meanPerSize"], "meanOverSizes": v["meanOverSizes"],
                                             "sdOverRepeatsOfMeanOverSizes": v["sdOverRepeatsOfMeanOverSizes"],
                                             "meanOverSizesPerRepeat": v["meanOverSizesPerRepeat"]}
                                         for f, v in s["results"][sel][c].items()} for c in CLASSIFIERS}
        entry["classBalance"] = s["classBalance"]
        entry["diagnostics"] = s["diagnostics"]
        doc["sweeps"] = [e for e in doc["sweeps"] if (e["alpha"], e["beta"], e["lambda"]) !=
                         (entry["alpha"], entry["beta"], entry["lambda"])] + [entry]
    with open(main_path, "w") as fh:
        json.dump(doc, fh, separators=(",", ":"))
        fh.write("\n")
    print(f"merged {len(sweep_paths)} sweep(s) into {main_path}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--pretrain-epochs", type=int, default=300)
    ap.add_argument("--joint-epochs", type=int, default=2000)
    ap.add_argument("--alpha", type=float, default=1.0)
    ap.add_argument("--beta", type=float, default=1.0)
    ap.add_argument("--lam", type=float, default=1.0)
    ap.add_argument("--methods", default="allg,dual")
    ap.add_argument("--no-baselines", action="store_true", help="skip random and K-means")
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--pretrain-cache", metavar="DIR",
                    help="save/load the pre-trained auto-encoder per seed (deterministic on CPU), for sweeps")
    ap.add_argument("--merge-sweeps", nargs="+", metavar="JSON")
    args = ap.parse_args()
    if args.merge_sweeps:
        merge_sweeps(args.merge_sweeps[0], args.merge_sweeps[1:])
        return
    torch.set_num_threads(1)
    methods = [m for m in args.methods.split(",") if m]
    log(f"torch {torch.__version__}, threads {torch.get_num_threads()}, settings {vars(args)}")
    reps = []
    for seed in range(args.repeats):
        reps.append(run_repeat(seed, args, methods))
        doc = build_doc(args, reps, methods)
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, "w") as fh:  # rewritten after every repeat (partial results survive)
            json.dump(doc, fh, separators=(",", ":"))
            fh.write("\n")
        log(f"wrote {args.out} ({len(reps)} repeat(s))")
    print_tables(doc)


if __name__ == "__main__":
    main()
