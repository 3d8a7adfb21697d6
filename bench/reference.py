#!/usr/bin/env python3
"""The headline metrics of shared/spec/metrics.md (sections 2-4) in NumPy, written
the way a competent Python user would: a boolean row x attribute matrix, one
boolean mask per combination, vectorised counting with np.bincount. It is the
benchmark's reference (bench/run.py times it beside biaslens) and an independent
re-computation: run.py checks that both give the same numbers.

    python3 bench/reference.py FILE.csv --k-max 3 --min-support 5

prints a JSON object: the six headline metrics, |M|, and the time of each step in
milliseconds (load, metrics, cooccurrence).
"""

import argparse
import csv
import json
import math
import time

import numpy as np


def load(path):
    """Rows of the list-form CSV (id, split, group, pred_group, attributes,
    pred_attributes) as NumPy arrays."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    groups = sorted({r["group"] for r in rows if r["group"]})
    gix = {g: i for i, g in enumerate(groups)}
    truth = [r["attributes"].split("|") if r["attributes"] else [] for r in rows]
    pred = [r["pred_attributes"].split("|") if r["pred_attributes"] else [] for r in rows]
    # A: every attribute in the ground truth of a row with a group.
    names = sorted({a for r, t in zip(rows, truth) if r["group"] for a in t})
    aix = {a: i for i, a in enumerate(names)}
    n, k = len(rows), len(names)
    X = np.zeros((n, k), dtype=bool)
    P = np.zeros((n, k), dtype=bool)
    for i, (t, p) in enumerate(zip(truth, pred)):
        X[i, [aix[a] for a in t if a in aix]] = True
        P[i, [aix[a] for a in p if a in aix]] = True
    g = np.array([gix.get(r["group"], -1) for r in rows])
    gp = np.array([gix.get(r["pred_group"], -1) for r in rows])
    split = np.array([r["split"] for r in rows])
    return {
        "names": names, "groups": groups, "X": X, "P": P, "g": g, "gp": gp,
        "train": (split == "train") & (g >= 0), "test": (split == "test") & (g >= 0),
    }


def combinations(d, k_min, k_max, s):
    """M: supported subsets, depth first, pruning unsupported prefixes."""
    X, train, test = d["X"], d["train"], d["test"]
    out = []

    def visit(prefix, mask, start):
        for a in range(start, X.shape[1]):
            m = X[:, a] if mask is None else mask & X[:, a]
            if np.count_nonzero(m & train) < s or np.count_nonzero(m & test) < s:
                continue
            combo = prefix + [a]
            if len(combo) >= k_min:
                out.append((combo, m))
            if len(combo) < k_max:
                visit(combo, m, a + 1)

    visit([], None, 0)
    return out


def cell_counts(d, mask_gt, mask_pred):
    """The five count tables' rows for one combination, by group."""
    G = len(d["groups"])
    g, gp, train, test = d["g"], d["gp"], d["train"], d["test"]
    count = lambda sel, by: np.bincount(by[sel], minlength=G)
    has_pred_group = gp >= 0
    return {
        "train": count(mask_gt & train, g),
        "test": count(mask_gt & test, g),
        "pred": count(mask_pred & test & has_pred_group, gp),
        "pred_true": count(mask_pred & test, g),
        "true_pred": count(mask_gt & test & has_pred_group, gp),
    }


def metrics(d, combos, singles):
    """The six headline numbers from the per-combination counts."""
    G = len(d["groups"])
    g, train, test = d["g"], d["train"], d["test"]
    n_train = np.count_nonzero(train)
    train_group = np.bincount(g[train], minlength=G)
    test_group = np.bincount(g[test], minlength=G)

    def cells(items):
        mals, g2m, m2g = [], [], []
        never = 0
        for mask_gt, mask_pred in items:
            c = cell_counts(d, mask_gt, mask_pred)
            nt, npred, ntest = c["train"].sum(), c["pred"].sum(), c["test"].sum()
            if npred == 0:
                never += 1
            for k in range(G):
                bias_train = c["train"][k] / nt if nt else None
                bias_pred = c["pred"][k] / npred if npred else None
                # A masked cell is 0 whatever the prediction (shared/data/toy's
                # expected values say so); an unmasked one needs bias_pred.
                if bias_train is not None and bias_train <= 1 / G:
                    mals.append(0.0)
                elif bias_train is not None and bias_pred is not None:
                    mals.append(bias_pred - bias_train)
                y = 0
                if n_train:
                    y = np.sign(c["train"][k] / n_train - (train_group[k] / n_train) * (nt / n_train))
                if test_group[k]:
                    g2m.append((c["pred_true"][k] / test_group[k] - c["test"][k] / test_group[k], y))
                if ntest:
                    m2g.append((c["true_pred"][k] / ntest - c["test"][k] / ntest, y))
        return mals, g2m, m2g, never

    pred_mask = lambda combo: np.logical_and.reduce(d["P"][:, combo], axis=1)
    mals, g2m, m2g, never = cells((m, pred_mask(c)) for c, m in combos)
    M = len(combos)
    direction = lambda cells_: {
        "mean_abs": float(np.mean([abs(x) for x, _ in cells_])) if cells_ else None,
        "variance": float(np.var([x for x, _ in cells_])) if cells_ else None,
        "signed": float(np.mean([x * y for x, y in cells_])) if cells_ else None,
    }
    out = {
        "multi_mals": {
            "mean": float(np.sum(np.abs(mals)) / M) if M else None,
            "signed_mean": float(np.sum(mals) / M) if M else None,
            "variance": float(np.var(mals)) if mals else None,
            "n_combinations": M,
            "never_predicted": never,
        },
        "multi_g_to_m": direction(g2m),
        "multi_m_to_g": direction(m2g),
    }
    s_mals, s_g2m, s_m2g, _ = cells((d["X"][:, a], d["P"][:, a]) for a in singles)
    A = len(d["names"])
    out["biasamp_mals"] = {"value": float(np.sum(s_mals) / A) if A else None}
    out["biasamp_a_to_t"] = {"value": direction(s_g2m)["signed"]}
    out["biasamp_t_to_a"] = {"value": direction(s_m2g)["signed"]}
    return out


def cooccurrence(d):
    """The attribute x group table on the train split: 2x2 counts, nPMI, phi, odds
    ratio with its 95% interval, chi-square p and Benjamini-Hochberg q, vectorised."""
    X, g = d["X"][d["train"]], d["g"][d["train"]]
    n = X.shape[0]
    G = np.stack([g == k for k in range(len(d["groups"]))], axis=1)
    # Counts as floats: products of counts overflow 64-bit integers at 10^5 rows.
    n11 = (X.T.astype(np.int64) @ G.astype(np.int64)).astype(float)   # attribute x group
    row = X.sum(axis=0)[:, None].astype(float)
    col = G.sum(axis=0)[None, :].astype(float)
    n10, n01 = row - n11, col - n11
    n00 = n - n11 - n10 - n01
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log((n11 / n) / ((row / n) * (col / n)))
        npmi = np.where(n11 == 0, -1.0, pmi / -np.log(n11 / n))
        phi = (n11 * n00 - n10 * n01) / np.sqrt(row * (n - row) * col * (n - col))
        zero = (n11 == 0) | (n10 == 0) | (n01 == 0) | (n00 == 0)
        h = np.where(zero, 0.5, 0.0)
        a, b, c, e = n11 + h, n10 + h, n01 + h, n00 + h
        log_or = np.log(a * e / (b * c))
        se = np.sqrt(1 / a + 1 / b + 1 / c + 1 / e)
        ci = np.exp(np.stack([log_or - 1.96 * se, log_or + 1.96 * se]))
        chi2 = n * (n11 * n00 - n10 * n01) ** 2 / (row * (n - row) * col * (n - col))
    p = np.array([math.erfc(math.sqrt(x / 2)) if np.isfinite(x) else np.nan for x in chi2.ravel()])
    finite = np.flatnonzero(np.isfinite(p))
    order = finite[np.argsort(p[finite])]
    q = np.full_like(p, np.nan)
    ranked = p[order] * len(order) / np.arange(1, len(order) + 1)
    q[order] = np.minimum.accumulate(ranked[::-1])[::-1].clip(max=1.0)
    return {"npmi": npmi, "phi": phi, "odds_ratio": np.exp(log_or), "ci": ci, "q": q.reshape(p.shape)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--k-min", type=int, default=1)
    ap.add_argument("--k-max", type=int, default=3)
    ap.add_argument("--min-support", type=int, default=1)
    args = ap.parse_args()
    times = {}
    t = time.perf_counter()
    d = load(args.file)
    times["load"] = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    combos = combinations(d, args.k_min, args.k_max, args.min_support)
    result = metrics(d, combos, range(len(d["names"])))
    times["metrics"] = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    cooccurrence(d)
    times["cooccurrence"] = (time.perf_counter() - t) * 1000
    print(json.dumps({"metrics": result, "ms": times}))


if __name__ == "__main__":
    main()
