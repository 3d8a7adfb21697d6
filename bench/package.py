#!/usr/bin/env python3
"""Times the PyPI package `bias-amplification` (0.2.x, MIT; needs PyTorch) on the
quantities it computes too, on the same generated data set as the benchmark.

    python3 bench/package.py FILE.csv --k-max 3

The package computes BA_MALS (Zhao et al. 2017), DBA (Wang & Russakovsky 2021) and
MDBA (Zhao, Andrews & Xiang 2023) from 0/1 tensors of one set of rows: no
train/test split and no support floor; MDBA enumerates every combination of up to
k attributes with itertools and keeps those that occur at least once. So its
numbers are not biaslens's (docs/spec/metrics.md fits the bias on the train
split, measures it on the test split, and keeps combinations with support in
both), and only its times are compared: bench/run.py sets them beside biaslens's
multi-attribute metrics at min support 1 (criterion's `metrics-all`) and
single-attribute metrics.

Here the package gets the test rows with a group: attributes T, predicted
attributes T_pred, the one-hot group A and predicted group A_pred. Prints a JSON
object: the package's version, its values, and milliseconds per metric (building
the tensors is not timed).
"""

import argparse
import importlib.metadata
import json
import os
import sys
import time

import numpy as np
import torch
from bias_amplification import BA_MALS, DBA, MDBA

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference import load  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--k-max", type=int, default=3)
    args = ap.parse_args()
    torch.set_num_threads(1)
    d = load(args.file)
    rows = d["test"] & (d["gp"] >= 0)
    G = len(d["groups"])
    tensor = lambda a: torch.from_numpy(np.ascontiguousarray(a, dtype=np.float32))
    T, T_pred = tensor(d["X"][rows]), tensor(d["P"][rows])
    A = tensor(np.eye(G)[d["g"][rows]])
    A_pred = tensor(np.eye(G)[d["gp"][rows]])
    out = {"version": importlib.metadata.version("bias-amplification"), "ms": {}, "values": {}}

    def timed(name, f):
        t = time.perf_counter()
        value = f()
        out["ms"][name] = (time.perf_counter() - t) * 1000
        out["values"][name] = value

    def numbers(pairs):
        return {k: [float(v[0]), float(v[1].mean())] for k, v in pairs.items()}

    timed("ba_mals", lambda: float(BA_MALS().computeBiasAmp(A, T, T_pred)[0]))
    timed("dba", lambda: numbers(DBA().computeBiasAmpBidirectional(A, A_pred, T, T_pred)))
    mdba = MDBA(min_attr_size=1, max_attr_size=args.k_max)
    timed("mdba", lambda: {k: [float(v[0]), float(v[1])]
                           for k, v in mdba.computeBiasAmpBidirectional(A, A_pred, T, T_pred).items()})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
