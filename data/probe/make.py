"""Writes the probe's reference data and prints scikit-learn's fits of it.

    python data/probe/make.py    # needs numpy and scikit-learn

`scores.csv`: 240 rows of six concept scores (seeded, with a concept that
never varies) and two targets: `class3` (three classes) and `class2` (two).
The printed `coef_` and `intercept_` are pinned in
`crates/core/tests/probe.rs`, as are those of `birds.csv` (see `birds`); the fit is
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


def birds():
    """`birds.csv` and `birds-concepts.csv`: a Waterbirds-like set whose
    background (water, forest) goes with the bird in training and not in test,
    and a model that predicts from the background."""
    rng = np.random.default_rng(7)
    rows = []
    for split, n, coupled in [("train", 600, 0.95), ("test", 400, 0.5)]:
        for i in range(n):
            bird = "waterbird" if rng.uniform() < 0.5 else "landbird"
            water = rng.uniform() < (coupled if bird == "waterbird" else 1 - coupled)
            attrs = ["feathers"]
            attrs.append("water" if water else "forest")
            if rng.uniform() < (0.4 if bird == "waterbird" else 0.1):
                attrs.append("webbed")
            if rng.uniform() < (0.4 if bird == "landbird" else 0.1):
                attrs.append("talons")
            if rng.uniform() < 0.5:
                attrs.append("sky")
            guess = "waterbird" if water else "landbird"
            if rng.uniform() < 0.1:
                guess = bird
            rows.append((f"{split}{i}", split, bird, guess, "|".join(sorted(attrs))))
    with open(os.path.join(HERE, "birds.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "split", "group", "pred_group", "attributes"])
        w.writerows(rows)
    concepts = [("webbed", "waterbird", "true"), ("talons", "landbird", "true"),
                ("water", "waterbird", "false"), ("forest", "landbird", "false"),
                ("sky", "waterbird", "false")]
    with open(os.path.join(HERE, "birds-concepts.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["concept", "target", "core"])
        w.writerows(concepts)
    names = [c[0] for c in concepts]
    train = [r for r in rows if r[1] == "train"]
    x = np.array([[float(c in r[4].split("|")) for c in names] for r in train])
    y = np.array([r[2] for r in train])
    m = LogisticRegression(C=1.0, tol=1e-12, max_iter=100000).fit(StandardScaler().fit_transform(x), y)
    print("birds classes_", m.classes_, "concepts", names)
    print("birds coef_", np.array2string(m.coef_, precision=12, separator=", "))


if __name__ == "__main__":
    main()
    birds()
