# ALLG's first joint epochs on letter with all 20,000 rows (10,000 candidates) in PyTorch (1 thread), to tell whether
# the runtime's loss jump in the second joint epoch at n = 10^4 is the method's (Adam at lr 1e-3 on 10^4 x 10^4
# parameters) or the runtime's. 2026-11-23, on the 2-core VM: total 6.946e5, 4.412e8, 3.641e5, 3.533e6 over
# joint epochs 1-4 (selfExpression 5.2e5 -> 4.4e8 -> 2.1e5 -> 3.3e6); 80-100 s per epoch; peak RSS 8.7 GB.
# The runtime's cpu backend showed the same jump (selfSelection 4.0e5 -> 9.9e8). Run from the repository root:
#   /usr/bin/python3 scripts/reference/allg_letter10k_torch.py
import sys, time, torch
sys.path.insert(0, "scripts/reference")
import allg_train_torch as R
import active_learning as al
torch.set_num_threads(1)
Xc, yc, Xt, yt, rs = al.repeat_data("letter", 0, "letter-all-rows")
X = torch.tensor(Xc, dtype=torch.float32)
print("candidates", X.shape, flush=True)
ae, _ = R.pretrain(X, 1, 0)
A0 = R.knn_prior(Xc, 10)
model = R.ALLG(ae, A0)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
for ep in range(1, 5):
    t0 = time.time()
    terms = model.losses(X, 1.0, 1.0, 1.0)
    loss = sum(terms.values())
    opt.zero_grad(); loss.backward(); opt.step()
    print(f"joint epoch {ep}: total {float(loss):.4g} | " + " ".join(f"{k} {float(v):.4g}" for k, v in terms.items()) + f" | {time.time() - t0:.1f} s", flush=True)
