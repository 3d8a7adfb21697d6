"""Writes the probe's reference data and prints scikit-learn's fit of it.

    python data/probe/make.py    # needs numpy and scikit-learn

`scores.csv`: 240 rows of six concept scores (seeded, with a concept that
never varies) and two targets: `class3` (three classes) and `class2` (two).
The printed `coef_` and `intercept_` are pinned in
`crates/core/tests/probe.rs`; the fit is
`LogisticRegression(C=1.0, tol=1e-12, max_iter=100000).fit(StandardScaler().fit_transform(X), y)`.
"""

import csv
import os

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    rng = np.random.default_rng(20261204)
    n = 240
    latent = rng.integers(0, 3, size=n)
    x = rng.normal(size=(n, 6))
    x[:, 0] += 1.5 * (latent == 0)
    x[:, 1] += 1.0 * (latent == 1) - 0.5 * (latent == 2)
    x[:, 2] = 0.6 * x[:, 0] + 0.4 * rng.normal(size=n)
    x[:, 3] = np.round(rng.uniform(size=n))  # a 0/1 concept, as attributes are
    x[:, 4] = 0.25  # a concept that never varies
    flip = rng.uniform(size=n) < 0.15
    class3 = np.where(flip, rng.integers(0, 3, size=n), latent)
    class2 = (class3 == 0).astype(int)
    with open(os.path.join(HERE, "scores.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow([f"c{j}" for j in range(6)] + ["class3", "class2"])
        for i in range(n):
            w.writerow([repr(float(v)) for v in x[i]] + [int(class3[i]), int(class2[i])])
    z = StandardScaler().fit_transform(x)
    print("scikit-learn", sklearn.__version__)
    for name, y in [("class3", class3), ("class2", class2)]:
        m = LogisticRegression(C=1.0, tol=1e-12, max_iter=100000).fit(z, y)
        print(name, "coef_", np.array2string(m.coef_, precision=12, separator=", "))
        print(name, "intercept_", np.array2string(m.intercept_, precision=12, separator=", "))


if __name__ == "__main__":
    main()
