#!/usr/bin/env python3
"""The probe's benchmark against scikit-learn (issue 20): a data set of the shape
the issue names (20,000 rows, 300 concepts, 10 classes), written once, and the
same fit in scikit-learn, so that `farm-bench` can time both whole commands side
by side:

    python3 bench/probe_bench.py write --dir /tmp/probe-bench
    farm-bench --timeout 900 -- target/release/biaslens probe /tmp/probe-bench/rows.csv \
        --embeddings /tmp/probe-bench/images.npy --concepts /tmp/probe-bench/concepts.csv \
        --concept-embeddings /tmp/probe-bench/concepts.npy --target group --bootstrap 0 \
        --vs 'python3 bench/probe_bench.py fit --dir /tmp/probe-bench'

`fit` does what the probe does (cosine scores, StandardScaler on the train rows,
LogisticRegression(C=1.0) with scikit-learn's defaults; with --refits B, B refits
on resampled train rows) and prints the fit's own seconds.
"""

import argparse
import csv
import os
import time

import numpy as np

ROWS, CONCEPTS, CLASSES, DIM = 20_000, 300, 10, 64


def write(out):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(0)
    concepts = rng.normal(size=(CONCEPTS, DIM)).astype(np.float32)
    owner = np.arange(CONCEPTS) % CLASSES  # concept k describes class k % 10
    y = rng.integers(0, CLASSES, size=ROWS)
    # Each image: a few of its class's concepts, a few others, and noise.
    images = rng.normal(scale=0.5, size=(ROWS, DIM)).astype(np.float32)
    for i in range(ROWS):
        own = rng.choice(np.flatnonzero(owner == y[i]), size=3, replace=False)
        other = rng.choice(CONCEPTS, size=2, replace=False)
        images[i] += concepts[own].sum(0) + 0.5 * concepts[other].sum(0)
    np.save(os.path.join(out, "images.npy"), images)
    np.save(os.path.join(out, "concepts.npy"), concepts)
    pred = np.where(rng.uniform(size=ROWS) < 0.8, y, rng.integers(0, CLASSES, size=ROWS))
    split = np.where(rng.uniform(size=ROWS) < 0.6, "train", "test")
    with open(os.path.join(out, "rows.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "split", "group", "pred_group", "attributes"])
        for i in range(ROWS):
            w.writerow([f"r{i}", split[i], f"c{y[i]}", f"c{pred[i]}", "photo"])
    with open(os.path.join(out, "concepts.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["concept", "target", "core"])
        for k in range(CONCEPTS):
            w.writerow([f"k{k:03d}", f"c{owner[k]}", "true" if k < 3 * CLASSES else "false"])


def fit(out, refits):
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    images = np.load(os.path.join(out, "images.npy")).astype(np.float64)
    concepts = np.load(os.path.join(out, "concepts.npy")).astype(np.float64)
    with open(os.path.join(out, "rows.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    train = np.array([r["split"] == "train" for r in rows])
    y = np.array([r["group"] for r in rows])
    unit = lambda m: m / np.linalg.norm(m, axis=1, keepdims=True)
    scores = unit(images) @ unit(concepts).T
    start = time.perf_counter()
    z = StandardScaler().fit_transform(scores[train])
    model = LogisticRegression(C=1.0, max_iter=1000).fit(z, y[train])
    seconds = time.perf_counter() - start
    rng = np.random.default_rng(0)
    refit_start = time.perf_counter()
    for _ in range(refits):
        pick = rng.integers(0, z.shape[0], size=z.shape[0])
        zb = StandardScaler().fit_transform(scores[train][pick])
        LogisticRegression(C=1.0, max_iter=1000).fit(zb, y[train][pick])
    print(f"fit {seconds:.3f} s ({model.n_iter_[0]} iterations); {refits} refits {time.perf_counter() - refit_start:.3f} s")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("what", choices=["write", "fit"])
    p.add_argument("--dir", required=True)
    p.add_argument("--refits", type=int, default=0)
    a = p.parse_args()
    write(a.dir) if a.what == "write" else fit(a.dir, a.refits)


if __name__ == "__main__":
    main()
