#!/usr/bin/env python3
"""The benchmark command: biaslens against the NumPy reference, side by side in one
run on the same generated data sets (issue 7).

    python3 bench/run.py                 # every data set
    python3 bench/run.py coco-like rows  # only these sets (a word: its series, rows-*)

For each data set it
1. writes the CSV with `biaslens generate` (target/bench/NAME.csv; for coco-like
   also 512-d embeddings of its rows, NAME.npy);
2. times biaslens natively with criterion (`cargo bench -p biaslens-core --bench
   scale`, the same generator in-process, so the same bytes) and reads criterion's
   mean estimates;
3. runs bench/reference.py (NumPy) on the CSV and checks that its six headline
   numbers equal biaslens's (`biaslens metrics`, to 1e-9; its PCA's explained-
   variance ratios to 1%, see same_pca): a benchmark of two programs that disagree would mean
   nothing. Tasks: load, metrics (M and the six headline metrics), cooccurrence,
   and on coco-like bootstrap (B = 1000) and pca;
4. times the real wasm bundle in headless Chromium: `trunk build --release`, then
   the app's bench mode (`?bench=NAME`) generates the same data in its engine
   worker and times each task with performance.now();
5. prints a table and writes target/bench/summary.json, an array of
   {"name", "biaslens_ms", "reference_ms", "ratio"} with ratio = reference / biaslens
   (names end in "native", "browser" or, for the bootstrap that the app shares
   among a pool of workers, "browser, 1 worker"), and target/bench/app.json: the first
   download's gzip size and how long the toy demo takes to appear;
6. on coco-like, times the PyPI package bias-amplification (bench/package.py, run
   with .tools/bench-venv's Python) on the metrics it computes too, beside the
   biaslens task that computes their counterpart: those rows' reference_ms is the
   package's time.

Needs Python 3 with NumPy, Trunk, chromium and chromedriver (scripts/bench.sh sets
them up).
"""

import gzip
import http.server
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "target", "bench")
CLI = os.path.join(ROOT, "target", "release", "biaslens")
MIN_SUPPORT = 5

# name, generate arguments, k_max, full (also the bootstrap with B = 1000 and the
# PCA of 512-d embeddings): the sets of biaslens_core::generate::bench_sets.
SETS = [("coco-like", ["coco-like"], 3, True), ("celeba-like", ["celeba-like"], 3, False)]
SETS += [(f"rows-{n}", ["coco-like", "--rows", str(n)], 3, False) for n in (10_000, 100_000, 1_000_000)]
SETS += [(f"attributes-{a}", ["coco-like", "--rows", "100000", "--attributes", str(a)], 3, False)
         for a in (20, 50, 100, 200)]
SETS += [(f"kmax-{k}", ["coco-like"], k, False) for k in (1, 2, 4)]
TASKS = ("load", "metrics", "cooccurrence", "bootstrap", "pca")
VENV_PYTHON = os.path.join(ROOT, ".tools", "bench-venv", "bin", "python")
# The package's metric, and the criterion task of biaslens that computes its
# counterpart (bench/package.py says how they differ).
PACKAGE_TASKS = (("mdba", "metrics-all", "multi-attribute, k <= 3, every combination that occurs"),
                 ("dba", "metrics-single", "single-attribute, both directions"))
REPLICATES = 1000


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, cwd=ROOT, **kw)


def criterion_ms(group, task):
    path = os.path.join(ROOT, "target", "criterion", group, task, "new", "estimates.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)["mean"]["point_estimate"] / 1e6


def same_pca(ratios, path):
    """The reference's explained-variance ratios against biaslens's. biaslens
    computes them by subspace iteration, as metrics.md section 8 asks (on a
    20,000-row sample, then one Rayleigh-Ritz pass over every row), NumPy exactly:
    on these nearly isotropic embeddings they differ by about 0.3% of the value,
    so 1% is the bound here (printed, for the note)."""
    out = run([CLI, "embeddings", path, "--embeddings", path[:-4] + ".npy"], capture_output=True, text=True).stdout
    ours = json.loads(out)["pca"]["explained_variance_ratio"]
    print(f"PCA explained-variance ratios: NumPy {ratios}, biaslens {ours}")
    if any(abs(a - b) > 1e-2 * abs(a) for a, b in zip(ratios, ours)):
        return f"PCA explained-variance ratios: reference {ratios}, biaslens {ours}"
    return None


def same_numbers(reference, path, k_max):
    out = run([CLI, "metrics", path, "--k-max", str(k_max), "--min-support", str(MIN_SUPPORT)],
              capture_output=True, text=True).stdout
    ours = json.loads(out)["metrics"]
    for metric, fields in reference.items():
        for field, want in fields.items():
            got = ours[metric].get(field)
            if (want is None) != (got is None) or (want is not None and abs(want - got) > 1e-9):
                return f"{metric}.{field}: reference {want}, biaslens {got}"
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """Headless Chromium through chromedriver's WebDriver HTTP API, on the built
    bundle served from dist/ by a local static server."""

    def __init__(self):
        dist = os.path.join(ROOT, "dist")
        handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=dist)
        http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        port = free_port()
        self.driver = subprocess.Popen(["chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{port}"
        for _ in range(50):
            try:
                urllib.request.urlopen(self.url + "/status")
                break
            except OSError:
                time.sleep(0.1)
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--no-first-run", "--window-size=1280,800",
                "--user-data-dir=" + tempfile.mkdtemp()]
        caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "binary": os.environ.get("CHROMIUM", "/usr/bin/chromium"), "args": args}}}}
        self.session = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        request = urllib.request.Request(self.url + path, method=method,
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Content-Type": "application/json"})
        return json.loads(urllib.request.urlopen(request).read())["value"]

    def open(self, path):
        self.call("POST", f"/session/{self.session}/url", {"url": self.base + path})

    def script(self, js, asynchronous=False):
        kind = "async" if asynchronous else "sync"
        return self.call("POST", f"/session/{self.session}/execute/{kind}", {"script": js, "args": []})

    def wait_text(self, css, seconds):
        end = time.time() + seconds
        while time.time() < end:
            text = self.script(f"const e = document.querySelector({json.dumps(css)}); return e && e.textContent;")
            if text:
                return text
            time.sleep(0.2)
        raise TimeoutError(f"{css} did not appear in {seconds} s")

    def close(self):
        try:
            self.call("DELETE", f"/session/{self.session}")
        finally:
            self.driver.kill()
            self.server.shutdown()


def first_download():
    """Bytes of the files the page loads first, gzip -9 (as a static host serves them)."""
    dist = os.path.join(ROOT, "dist")
    total = 0
    for name in os.listdir(dist):
        if name.endswith((".wasm", ".js", ".css", ".html")):
            with open(os.path.join(dist, name), "rb") as f:
                total += len(gzip.compress(f.read(), 9))
    return total


def browser_times(chosen):
    """The bench mode's times per set, and the app's first-load facts."""
    env = dict(os.environ, PATH=os.path.join(ROOT, ".tools", "node_modules", ".bin") + os.pathsep + os.environ["PATH"])
    run(["trunk", "build", "--release"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    b = Browser()
    out = {}
    try:
        b.open("/?demo=toy")
        visible = b.script("""const done = arguments[arguments.length - 1];
            const seen = () => document.querySelector("[data-metric='multi_mals.mean']");
            if (seen()) { done(performance.now()); return; }
            new MutationObserver((_, o) => { if (seen()) { o.disconnect(); done(performance.now()); } })
              .observe(document.body, {childList: true, subtree: true});""", asynchronous=True)
        app = {"first_download_gzip_bytes": first_download(), "toy_visible_ms": round(visible, 1)}
        for name, *_ in chosen:
            b.open(f"/?bench={name}")
            out[name] = json.loads(b.wait_text("[data-testid=bench-result]", 600))
            print(f"{name}: browser {out[name]['ms']}", flush=True)
    finally:
        b.close()
    return out, app


def package_rows(name, path, k_max):
    """The package's times beside biaslens's, or none (with the reason printed)."""
    if not os.path.exists(VENV_PYTHON):
        print("bias-amplification: not installed (scripts/bench.sh installs it): not timed")
        return []
    done = subprocess.run([VENV_PYTHON, os.path.join(ROOT, "bench", "package.py"), path, "--k-max", str(k_max)],
                          cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        print(f"bias-amplification: failed, not timed: {done.stderr.strip()[-400:]}")
        return []
    theirs = json.loads(done.stdout)
    rows = []
    for metric, task, what in PACKAGE_TASKS:
        ours = criterion_ms(name, task)
        if ours:
            rows.append({"name": f"{name}/{metric} native vs bias-amplification {theirs['version']} ({what})",
                         "biaslens_ms": round(ours, 3), "reference_ms": round(theirs["ms"][metric], 3),
                         "ratio": round(theirs["ms"][metric] / ours, 1)})
    return rows


def available_memory():
    """Bytes the machine can still give (MemAvailable), or None where unknown."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def reference_fits(name, rows, combinations):
    """Whether the NumPy reference fits in memory: it keeps one boolean mask of
    every row per combination (|M| x rows bytes). Prints why not."""
    need = rows * combinations
    free = available_memory()
    if free is not None and need > free // 2:
        print(f"{name}: NumPy reference not run: its masks need |M| x rows = {combinations:,} x {rows:,} "
              f"bytes = {need / 2**30:.0f} GiB, the machine has {free / 2**30:.0f} GiB free", flush=True)
        return False
    return True


def write_results(summary, browser, app):
    """Writes summary.json and app.json, keeping the entries of sets not run now."""
    summary_path, app_path = os.path.join(OUT, "summary.json"), os.path.join(OUT, "app.json")
    fresh = {s["name"] for s in summary}
    kept = []
    if os.path.exists(summary_path):
        with open(summary_path) as f:
            kept = [s for s in json.load(f) if s["name"] not in fresh]
    earlier = {}
    if os.path.exists(app_path):
        with open(app_path) as f:
            earlier = json.load(f).get("browser", {})
    with open(summary_path, "w") as f:
        json.dump(kept + summary, f, indent=1)
    with open(app_path, "w") as f:
        json.dump({"app": app, "browser": {**earlier, **browser}}, f, indent=1)
    return kept + summary


def main():
    words = sys.argv[1:]
    chosen = [s for s in SETS if not words or any(s[0] == w or s[0].startswith(w + "-") for w in words)]
    os.makedirs(OUT, exist_ok=True)
    run(["cargo", "build", "--release", "-q", "-p", "biaslens-cli"])
    for name, args, _, full in chosen:
        path = os.path.join(OUT, f"{name}.csv")
        npy = ["--embeddings", path[:-4] + ".npy"] if full else []
        if not os.path.exists(path) or (full and not os.path.exists(path[:-4] + ".npy")):
            with open(path, "w") as f:
                run([CLI, "generate", *args, *npy], stdout=f)
    # Native, with criterion: one run over the chosen sets.
    env = dict(os.environ, BIASLENS_BENCH_SETS=",".join(name for name, *_ in chosen))
    run(["cargo", "bench", "-q", "-p", "biaslens-core", "--bench", "scale"], env=env)
    browser, app = browser_times(chosen)
    # Written now and after each set: a later failure keeps what was measured.
    write_results([], browser, app)
    summary = []
    for name, _, k_max, full in chosen:
        path = os.path.join(OUT, f"{name}.csv")
        measured = browser.get(name, {})
        if not reference_fits(name, measured.get("rows", 0), measured.get("combinations", 0)):
            continue
        extra = ["--bootstrap", str(REPLICATES), "--embeddings", path[:-4] + ".npy"] if full else []
        t = time.perf_counter()
        ref = json.loads(run([sys.executable, os.path.join(ROOT, "bench", "reference.py"), path,
                              "--k-max", str(k_max), "--min-support", str(MIN_SUPPORT), *extra],
                             capture_output=True, text=True).stdout)
        wall = time.perf_counter() - t
        problem = same_numbers(ref["metrics"], path, k_max) or (full and same_pca(ref["pca_ratio"], path))
        if problem:
            sys.exit(f"{name}: the reference and biaslens disagree: {problem}")
        ms = browser.get(name, {}).get("ms", {})
        for task in TASKS:
            theirs = ref["ms"].get(task)
            # In the browser the app shares the bootstrap among a pool of workers;
            # natively among threads (one per core).
            rows = [("native", criterion_ms(name, task)),
                    ("browser", ms.get("bootstrap pool" if task == "bootstrap" else task))]
            if task == "bootstrap":
                rows.append(("browser, 1 worker", ms.get("bootstrap")))
            for where, ours in rows:
                if ours and theirs:
                    summary.append({"name": f"{name}/{task} {where}", "biaslens_ms": round(ours, 3),
                                    "reference_ms": round(theirs, 3), "ratio": round(theirs / ours, 1)})
        print(f"{name}: reference done in {wall:.1f} s, numbers equal", flush=True)
        if full:
            summary += package_rows(name, path, k_max)
        write_results(summary, browser, app)
    summary = write_results(summary, browser, app)
    print(f"\n{'data set':16} {'rows':>10} {'|M|':>7} {'native ms':>10} {'browser ms':>11}   metrics (M and all six)")
    for name, *_ in chosen:
        t = browser.get(name, {})
        native = criterion_ms(name, "metrics")
        print(f"{name:16} {t.get('rows', 0):10,} {t.get('combinations', 0):7,} {native or float('nan'):10.1f} "
              f"{t.get('ms', {}).get('metrics', float('nan')):11.1f}")
    print(f"\n{'task':40} {'biaslens ms':>12} {'other ms':>12} {'ratio':>8}   (other: NumPy reference, or the package)")
    for s in summary:
        print(f"{s['name'][:40]:40} {s['biaslens_ms']:12.1f} {s['reference_ms']:12.1f} {s['ratio']:8.1f}")
    for name, t in browser.items():
        if "bootstrap pool" in t["ms"]:
            print(f"{name}/bootstrap B={REPLICATES}: a pool of {t['workers']} workers in the browser, "
                  f"{os.cpu_count()} threads natively; NumPy on one thread (its BLAS, in the PCA, on every core)")
    print(f"first download (gzip): {app['first_download_gzip_bytes'] / 1024:.0f} KB; toy demo visible after {app['toy_visible_ms']:.0f} ms")
    print(f"\nwritten: {os.path.join(OUT, 'summary.json')}")


if __name__ == "__main__":
    main()
