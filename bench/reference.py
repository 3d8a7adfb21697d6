#!/usr/bin/env python3
"""The headline metrics of docs/spec/metrics.md (sections 2-4) in NumPy, written
the way a competent Python user would: a boolean row x attribute matrix, one
boolean mask per combination, vectorised counting with np.bincount. It is the
benchmark's reference (bench/run.py times it beside biaslens) and an independent
re-computation: run.py checks that both give the same numbers.

    python3 bench/reference.py FILE.csv --k-max 3 --min-support 5

prints a JSON object: the six headline metrics, |M|, and the time of each step in
milliseconds (load, metrics, cooccurrence; with --bootstrap B the percentile
intervals over B resamples, with --embeddings X.npy the PCA).
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


def count_tables(d, items):
    """The five count tables of docs/spec/counts.md, one row per (ground-truth
    mask, prediction mask): arrays of shape (len(items), G)."""
    G = len(d["groups"])
    g, gp, train, test = d["g"], d["gp"], d["train"], d["test"]
    count = lambda sel, by: np.bincount(by[sel], minlength=G)
    has_pred_group = gp >= 0
    rows = {"train": [], "test": [], "pred": [], "pred_true": [], "true_pred": []}
    for mask_gt, mask_pred in items:
        rows["train"].append(count(mask_gt & train, g))
        rows["test"].append(count(mask_gt & test, g))
        rows["pred"].append(count(mask_pred & test & has_pred_group, gp))
        rows["pred_true"].append(count(mask_pred & test, g))
        rows["true_pred"].append(count(mask_gt & test & has_pred_group, gp))
    return {k: np.array(v, dtype=np.int64).reshape(-1, G) for k, v in rows.items()}


def cell_values(T, test_group, n_train, train_group):
    """Every cell's MALS delta and the two directional deltas with their signs y,
    vectorised over (combination, group); each as the flat array of the cells where
    it is defined."""
    G = T["train"].shape[1]
    nt = T["train"].sum(axis=1, keepdims=True)
    npred = T["pred"].sum(axis=1, keepdims=True)
    ntest = T["test"].sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        bias_train = T["train"] / nt
        bias_pred = T["pred"] / npred
        # A masked cell (bias_train <= 1/G, in integers) is 0 whatever the
        # prediction (shared/data/toy's expected values say so); an unmasked one
        # needs bias_pred.
        masked = (nt > 0) & (T["train"] * G <= nt)
        defined = masked | ((nt > 0) & (npred > 0))
        mals = np.where(masked, 0.0, bias_pred - bias_train)[defined]
        y = np.sign(T["train"] * n_train - train_group[None, :] * nt) if n_train else np.zeros_like(nt)
        y = np.broadcast_to(y, T["train"].shape)
        has_group = np.broadcast_to(test_group[None, :] > 0, T["test"].shape)
        g2m = ((T["pred_true"] - T["test"]) / test_group[None, :])[has_group]
        has_m = np.broadcast_to(ntest > 0, T["test"].shape)
        m2g = ((T["true_pred"] - T["test"]) / ntest)[has_m]
    return mals, (g2m, y[has_group]), (m2g, y[has_m]), int(np.count_nonzero(npred == 0))


def direction(cells_):
    d, y = cells_
    if d.size == 0:
        return {"mean_abs": None, "variance": None, "signed": None}
    return {"mean_abs": float(np.mean(np.abs(d))), "variance": float(np.var(d)),
            "signed": float(np.mean(y * d))}


def headline(multi, single, n_attributes, test_group, n_train, train_group):
    """The six headline metrics from the count tables of M and of single attributes."""
    mals, g2m, m2g, never = cell_values(multi, test_group, n_train, train_group)
    M = multi["train"].shape[0]
    out = {
        "multi_mals": {
            "mean": float(np.sum(np.abs(mals)) / M) if M else None,
            "signed_mean": float(np.sum(mals) / M) if M else None,
            "variance": float(np.var(mals)) if mals.size else None,
            "n_combinations": M,
            "never_predicted": never,
        },
        "multi_g_to_m": direction(g2m),
        "multi_m_to_g": direction(m2g),
    }
    s_mals, s_g2m, s_m2g, _ = cell_values(single, test_group, n_train, train_group)
    A = n_attributes
    out["biasamp_mals"] = {"value": float(np.sum(s_mals) / A) if A else None}
    out["biasamp_a_to_t"] = {"value": direction(s_g2m)["signed"]}
    out["biasamp_t_to_a"] = {"value": direction(s_m2g)["signed"]}
    return out


def group_totals(d):
    G = len(d["groups"])
    g, train, test = d["g"], d["train"], d["test"]
    return (np.bincount(g[test], minlength=G), int(np.count_nonzero(train)),
            np.bincount(g[train], minlength=G))


def pred_mask(d, combo):
    return np.logical_and.reduce(d["P"][:, combo], axis=1)


def metrics(d, combos, singles):
    """The six headline numbers from the per-combination counts."""
    multi = count_tables(d, [(m, pred_mask(d, c)) for c, m in combos])
    single = count_tables(d, [(d["X"][:, a], d["P"][:, a]) for a in singles])
    return headline(multi, single, len(d["names"]), *group_totals(d)), multi, single


QUANTITIES = [("multi_mals", "mean"), ("multi_mals", "signed_mean"), ("multi_mals", "variance"),
              ("multi_g_to_m", "mean_abs"), ("multi_g_to_m", "variance"), ("multi_g_to_m", "signed"),
              ("multi_m_to_g", "mean_abs"), ("multi_m_to_g", "variance"), ("multi_m_to_g", "signed"),
              ("biasamp_mals", "value"), ("biasamp_a_to_t", "value"), ("biasamp_t_to_a", "value")]


def bootstrap(d, combos, singles, multi, single, replicates, seed):
    """Percentile intervals of the twelve headline numbers (and of model − perfect
    model) over `replicates` resamples of the test rows, vectorised the way a
    NumPy user would: each resample is a weight per test row (np.bincount of the
    draws), and every table's test side is one weighted np.bincount over all
    (combination, test row) pairs at once; train side and M fixed."""
    G = len(d["groups"])
    test_rows = np.flatnonzero(d["test"])
    n = test_rows.size
    g, gp = d["g"][test_rows], d["gp"][test_rows]
    n_train, train_group = group_totals(d)[1:]

    def pairs(items):
        """(combination index, local test row) for ground truth and prediction."""
        gt_c, gt_l, p_c, p_l = [], [], [], []
        for k, (mask_gt, mask_pred) in enumerate(items):
            for cs, ls, mask in ((gt_c, gt_l, mask_gt), (p_c, p_l, mask_pred)):
                local = np.flatnonzero(mask[test_rows])
                ls.append(local)
                cs.append(np.full(local.size, k))
        cat = lambda parts: np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        return cat(gt_c), cat(gt_l), cat(p_c), cat(p_l), len(items)

    multi_pairs = pairs([(m, pred_mask(d, c)) for c, m in combos])
    single_pairs = pairs([(d["X"][:, a], d["P"][:, a]) for a in singles])

    def resampled(fixed, p, w):
        gt_c, gt_l, p_c, p_l, K = p
        def table(c, l, by):
            ok = by[l] >= 0
            return np.bincount(c[ok] * G + by[l][ok], weights=w[l][ok], minlength=K * G).reshape(K, G)
        test = table(gt_c, gt_l, g)
        model = {"train": fixed["train"], "test": test, "pred": table(p_c, p_l, gp),
                 "pred_true": table(p_c, p_l, g), "true_pred": table(gt_c, gt_l, gp)}
        perfect = {"train": fixed["train"], "test": test, "pred": test, "pred_true": test, "true_pred": test}
        return model, perfect

    def numbers(h):
        return [h[a][b] for a, b in QUANTITIES]

    rng = np.random.default_rng(seed)
    # Check: weights of one for every row give the point estimates.
    one = np.ones(n)
    point = headline(*(resampled(multi, multi_pairs, one)[0], resampled(single, single_pairs, one)[0]),
                     len(d["names"]), np.bincount(g, weights=one, minlength=G), n_train, train_group)
    model_values, perfect_values = [], []
    for _ in range(replicates):
        w = np.bincount(rng.integers(0, n, n), minlength=n).astype(float)
        tg = np.bincount(g, weights=w, minlength=G)
        (mm, mp), (sm, sp) = resampled(multi, multi_pairs, w), resampled(single, single_pairs, w)
        model_values.append(numbers(headline(mm, sm, len(d["names"]), tg, n_train, train_group)))
        perfect_values.append(numbers(headline(mp, sp, len(d["names"]), tg, n_train, train_group)))
    model_values = np.array(model_values, dtype=float)
    perfect_values = np.array(perfect_values, dtype=float)
    interval = lambda v: np.nanpercentile(v, [2.5, 97.5], axis=0)
    return point, interval(model_values), interval(model_values - perfect_values)


def pca(path, k=3):
    """PCA to k components the usual NumPy way: centre, covariance, np.linalg.eigh,
    project. Returns the explained-variance ratios and the milliseconds (loading
    the .npy is not timed)."""
    X = np.load(path)
    t = time.perf_counter()
    X = X.astype(np.float64)
    Xc = X - X.mean(axis=0)
    values, vectors = np.linalg.eigh(Xc.T @ Xc)
    order = np.argsort(values)[::-1][:k]
    coordinates = Xc @ vectors[:, order]
    ratio = values[order] / values.sum()
    ms = (time.perf_counter() - t) * 1000
    assert coordinates.shape == (X.shape[0], k)
    return [float(r) for r in ratio], ms


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
    ap.add_argument("--bootstrap", type=int, default=0, help="also time B resamples")
    ap.add_argument("--embeddings", help="also time the PCA of this .npy")
    args = ap.parse_args()
    times = {}
    t = time.perf_counter()
    d = load(args.file)
    times["load"] = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    combos = combinations(d, args.k_min, args.k_max, args.min_support)
    singles = range(len(d["names"]))
    result, multi, single = metrics(d, combos, singles)
    times["metrics"] = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    cooccurrence(d)
    times["cooccurrence"] = (time.perf_counter() - t) * 1000
    out = {"metrics": result, "ms": times}
    if args.bootstrap:
        t = time.perf_counter()
        point, ci, ci_difference = bootstrap(d, combos, singles, multi, single, args.bootstrap, 0)
        times["bootstrap"] = (time.perf_counter() - t) * 1000
        for a, b in QUANTITIES:
            want, got = result[a][b], point[a][b]
            if (want is None) != (got is None) or (want is not None and abs(want - got) > 1e-9):
                raise SystemExit(f"bootstrap with weights of one: {a}.{b} is {got}, not {want}")
        out["bootstrap"] = {"ci95": ci.T.tolist(), "model_minus_perfect": ci_difference.T.tolist()}
    if args.embeddings:
        out["pca_ratio"], times["pca"] = pca(args.embeddings)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
