#!/usr/bin/env python3
"""Writes the malformed-input suite (issue 8): one file per failure class of
docs/spec/formats.md and more. Each case in cases.json names its file, the
command line around it and what the message must say; crates/cli/tests/malformed.rs
runs every case through the CLI, tests/malformed.rs through the app.

    python3 data/malformed/make.py   # rewrites the files (byte-identical output)
"""

import gzip
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
GOOD_HEADER = "id,split,group,pred_group,attributes,pred_attributes\n"
GOOD_ROWS = "".join(
    f"r{i},{'train' if i % 2 else 'test'},{'woman' if i % 3 else 'man'},{'woman' if i % 4 else 'man'},cup|sink,cup\n"
    for i in range(12)
)


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def npy(name, header_dict, payload, magic=b"\x93NUMPY", version=(1, 0)):
    header = repr(header_dict).encode()
    pad = 64 - (10 + len(header) + 1) % 64
    header += b" " * pad + b"\n"
    write(name, magic + bytes(version) + struct.pack("<H", len(header)) + header + payload)


def gz(data):
    return gzip.compress(data.encode(), mtime=0)


def main():
    # Tables.
    write("empty.csv", "")
    write("header-only.csv", GOOD_HEADER)
    write("ragged.csv", GOOD_HEADER + "r1,train,man,man,cup,cup\nr2,test,woman,woman,cup\n")
    write("binary.csv", bytes(range(256)) * 4)
    write("invalid-utf8.csv", GOOD_HEADER.encode() + b"r1,train,m\xe9n,man,cup,cup\n")
    write("truncated.json", '[{"split": "train", "group": "man", "attributes": ["cup"]}, {"split": "te')
    # Numbers as group values or attribute names are fine (pandas writes them); an
    # object where a cell belongs is not.
    write("wrong-types.json", '[{"split": "train", "group": 7, "attributes": [1, 2]}, {"split": "test", "group": "woman", "attributes": {"cup": true}}]')
    write("not-an-array.json", '{"split": "train", "group": "man"}')
    write("bad-line.jsonl", '{"split": "train", "group": "man", "attributes": ["cup"]}\n{"split": "test", "group": "woman", "attributes": ["cup"]}\n{"split": "test", group: "woman"}\n')
    write("corrupt.csv.gz", gz(GOOD_HEADER + GOOD_ROWS)[:40] + b"\x00" * 20)
    write("gzip-of-garbage.csv.gz", gzip.compress(bytes(range(256)) * 2, mtime=0))
    write("duplicate-columns.csv", "split,group,group,attributes\ntrain,man,woman,cup\n")
    write("wide-not-binary.csv", "split,group,attr:cup\ntrain,man,1\ntest,woman,maybe\n")
    write("score-out-of-range.csv", "split,group,attr:cup,score:cup\ntrain,man,1,0.4\ntest,woman,1,1.7\n")
    write("score-nan.csv", "split,group,attr:cup,score:cup\ntrain,man,1,0.4\ntest,woman,1,NaN\n")
    write("unknown-pred-group.csv", GOOD_HEADER + "r1,train,man,man,cup,cup\nr2,test,woman,robot,cup,cup\n")
    write("single-group.csv", GOOD_HEADER + "".join(f"r{i},{'train' if i % 2 else 'test'},man,man,cup|sink,cup\n" for i in range(10)))
    write("no-split.csv", "group,attributes\nman,cup\nwoman,sink\n")
    write("too-many-groups.csv", "split,group,attributes\n" + "".join(f"{'train' if i % 2 else 'test'},person{i},cup\n" for i in range(300)))
    write("no-group-column.csv", "split,attributes\ntrain,cup\ntest,sink\n")
    write("huge-row.csv", GOOD_HEADER + "r0,train,man,man," + "|".join(f"a{i}" for i in range(100_000)) + ",a1\n" + GOOD_ROWS)
    write("markup.csv", "split,group,pred_group,attributes,pred_attributes\n"
          + "".join(f"{'train' if i % 2 else 'test'},{'<b>man</b>' if i % 3 else 'woman'},woman,<img src=x onerror=alert(1)>|sink,sink\n" for i in range(12)))
    write("quote-unclosed.csv", GOOD_HEADER + 'r1,train,man,man,"cup|sink,cup\nr2,test,woman,woman,cup,cup\n')
    write("bom-and-crlf.csv", "\ufeff" + (GOOD_HEADER + GOOD_ROWS).replace("\n", "\r\n"))
    write("only-commas.csv", ",,,\n,,,\n")
    # Embeddings (the annotations: good.csv, 12 rows).
    write("good.csv", GOOD_HEADER + GOOD_ROWS)
    f32 = lambda rows, dim, value=0.5: struct.pack(f"<{rows * dim}f", *([value] * (rows * dim)))
    npy("rows-mismatch.npy", {"descr": "<f4", "fortran_order": False, "shape": (5, 3)}, f32(5, 3))
    npy("nan.npy", {"descr": "<f4", "fortran_order": False, "shape": (12, 2)}, f32(11, 2) + struct.pack("<2f", float("nan"), 1.0))
    npy("infinite.npy", {"descr": "<f8", "fortran_order": False, "shape": (12, 1)}, struct.pack("<12d", *([1.0] * 11 + [float("inf")])))
    npy("int.npy", {"descr": "<i8", "fortran_order": False, "shape": (12, 2)}, bytes(12 * 2 * 8))
    npy("fortran.npy", {"descr": "<f4", "fortran_order": True, "shape": (12, 2)}, f32(12, 2))
    npy("three-d.npy", {"descr": "<f4", "fortran_order": False, "shape": (12, 2, 2)}, f32(12, 4))
    npy("truncated.npy", {"descr": "<f4", "fortran_order": False, "shape": (12, 4)}, f32(12, 4)[:100])
    npy("bad-magic.npy", {"descr": "<f4", "fortran_order": False, "shape": (12, 1)}, f32(12, 1), magic=b"\x93NUMPZ")
    write("ragged-vectors.tsv", "".join("0.1\t0.2\t0.3\n" if i != 7 else "0.1\t0.2\n" for i in range(12)))
    write("vectors-nan.tsv", "".join("0.1\t0.2\n" if i != 3 else "0.1\tnan\n" for i in range(12)))
    # Manifests.
    write("manifest-invalid.json", '{"name": "x", "annotations": "good.csv",}')
    write("manifest-no-annotations.json", '{"name": "x"}')
    write("manifest-missing-file.json", '{"annotations": "nowhere.csv"}')
    write("manifest-unknown-group.json", '{"annotations": "good.csv", "columns": {"group": "gender"}}')


if __name__ == "__main__":
    main()
