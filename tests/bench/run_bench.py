#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""sipadvisor's cost over plain tshark, in one command:

    python3 tests/bench/run_bench.py            # full: ~50 min on 2 quiet cores
    python3 tests/bench/run_bench.py --quick    # smoke test: under 2 min

From a fresh clone it builds sipadvisor (if needed) and the null plugin
(tests/bench/null-plugin: wants what sipadvisor wants, the "sip" item
alone, and does nothing), generates the captures into a cache folder
(build/bench/captures), then runs four tshark variants on the same capture,
alternating, --runs times each:

    plain       tshark with WIRESHARK_PLUGIN_DIR at an empty plugin folder
    null        tshark + sanull.so (the cost of wanting "sip": a tree for
                every packet)
    sipadvisor  tshark + sipadvisor.so (a snapshot copy of the build's plugin)
    disabled    the same sipadvisor.so, run with --disable-protocol sipadvisor
                (installed but switched off: should cost nothing)

all through tests/tshark-dev (the same unshare wrapper), so the plugin is the
only difference. Each run is measured with wait4(): wall time, user+sys CPU
time and peak RSS of tshark. Contexts (--modes): single pass without a tree
(-n -r F), a tree already built (-Y sip, as with a display filter; -V to
/dev/null, as the GUI's full dissection), two passes (-2), the expert report
(-q -z expert), statistics (-q -z sip,stat, plus -z sipadvisor,tree for
sipadvisor), and non-SIP traffic. Then callgrind counts instructions, with
tshark's start-up (the same command on an empty capture) subtracted, on 10k
messages and 10k non-SIP packets (plain, null, null + extraction, sipadvisor,
disabled), lists sipadvisor's top functions, the shares of the header reader
and of the analysis, and the cost per message at 10k and 100k. A hostile
capture (60,000 option tags in a 421 over TCP) is timed and counted too.
The report ends with the targets, met or not met, and a markdown table for
the README.

Everything is printed and written to <out>/results-<time>.md and .json. Not
a test: nothing here fails on a time.
"""
import argparse
import concurrent.futures
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent.parent
TSHARK_DEV = SOURCE / "tests" / "tshark-dev"
GENERATOR = HERE / "gen_sip_capture.py"
HOSTILE_MAKER = SOURCE / "testdata" / "make" / "hostile.py"
HOSTILE_NAME = "hostile-421-60k-tags-tcp.pcap"

VARIANTS = ("plain", "null", "sipadvisor", "disabled")
# The plugin folder of each variant, and its extra tshark options.
VARIANT_DIR = {"plain": "plain", "null": "null", "sipadvisor": "sipadvisor", "disabled": "sipadvisor"}
VARIANT_ARGS = {"disabled": ["--disable-protocol", "sipadvisor"]}
MODES = {
    "single": ["-n", "-r", "{cap}"],
    "filter": ["-n", "-r", "{cap}", "-Y", "sip"],
    "verbose": ["-n", "-r", "{cap}", "-V"],
    "two-pass": ["-n", "-2", "-r", "{cap}"],
    "expert": ["-n", "-q", "-z", "expert", "-r", "{cap}"],
    # Statistics: tshark's own SIP statistics, and sipadvisor's tree on top
    # (a -z the other variants do not have; see VARIANT_EXTRA).
    "stats": ["-n", "-q", "-z", "sip,stat", "-r", "{cap}"],
}
MODE_TITLE = {
    "single": "`-n -r`",
    "filter": "`-n -r -Y sip`",
    "verbose": "`-n -r -V` (to /dev/null)",
    "two-pass": "`-n -2 -r`",
    "expert": "`-q -z expert`",
    "stats": "`-q -z sip,stat` (+`sipadvisor,tree`)",
}
VARIANT_EXTRA = {("stats", "sipadvisor"): ["-z", "sipadvisor,tree"]}
SANULL_ENV = ("SANULL_EXTRACT", "SANULL_VERBOSE")

# callgrind: contexts (capture kind, tshark options) and variants (plugin
# folder, environment, options).
CG_CONTEXTS = {
    "single": ("sip", MODES["single"]),
    "filter": ("sip", MODES["filter"]),
    "nonsip": ("nonsip", MODES["single"]),
    "verbose": ("sip", MODES["verbose"]),
    "two-pass": ("sip", MODES["two-pass"]),
}
CG_TITLE = {
    "single": "`-n -r`",
    "filter": "`-n -r -Y sip`",
    "nonsip": "`-n -r`, non-SIP",
    "verbose": "`-n -r -V`",
    "two-pass": "`-n -2 -r`",
}
CG_VARIANTS = {
    "plain": ("plain", None),
    "null": ("null", None),
    "null+extract": ("null", {"SANULL_EXTRACT": "1"}),
    "sipadvisor": ("sipadvisor", None),
    "disabled": ("disabled", None),
}
# sipadvisor's functions whose inclusive cost the report follows.
KEY_FUNCTIONS = ("dissect_sipadvisor", "sa_fields_extract", "sa_reader_read", "sa_ctx_add", "sa_ctx_finish")

# The targets: (name, what, limit).
LIMIT_TREE = 1.08
LIMIT_NO_TREE = 1.25
LIMIT_NONSIP = 1.02
LIMIT_SCALING = 1.10
LIMIT_RSS = 1.07


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(cmd, **kw):
    log("$ " + " ".join(str(c) for c in cmd))
    return subprocess.run([str(c) for c in cmd], check=True, **kw)


def human(n):
    if n >= 1000000 and n % 1000000 == 0:
        return f"{n // 1000000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def parse_count(text):
    m = re.fullmatch(r"(\d+)([kKmM]?)", text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"not a count: {text}")
    return int(m.group(1)) * {"": 1, "k": 1000, "m": 1000000}[m.group(2).lower()]


def parse_list(allowed):
    def parse(text):
        items = [x for x in text.split(",") if x and x != "none"]
        for x in items:
            if x not in allowed:
                raise argparse.ArgumentTypeError(f"unknown: {x} (one of {', '.join(allowed)})")
        return items
    return parse


def ratio(a, b):
    return a / b if b else float("nan")


# ------------------------------------------------------------ setup

def ws_release():
    out = subprocess.run(["pkg-config", "--modversion", "wireshark"], capture_output=True, text=True,
                         check=True).stdout.strip()
    return ".".join(out.split(".")[:2]), out


def build_sipadvisor(build, rebuild):
    """sipadvisor.so of the build tree, configured and built when needed."""
    if not (build / "CMakeCache.txt").exists():
        run(["cmake", "-S", SOURCE, "-B", build, "-DCMAKE_BUILD_TYPE=RelWithDebInfo"],
            stdout=subprocess.DEVNULL)
    found = sorted(build.glob("plugins/*/epan/sipadvisor.so"))
    if rebuild or not found:
        run(["cmake", "--build", build, "--target", "sipadvisor", "-j", str(os.cpu_count() or 2)],
            stdout=subprocess.DEVNULL)
        found = sorted(build.glob("plugins/*/epan/sipadvisor.so"))
    if not found:
        sys.exit(f"run_bench: no sipadvisor.so under {build}/plugins")
    cache = (build / "CMakeCache.txt").read_text(errors="replace")
    m = re.search(r"^CMAKE_BUILD_TYPE:\w+=(.*)$", cache, re.M)
    return found[-1], (m.group(1) if m else "?")


def build_null(out):
    nb = out / "null-plugin"
    if not (nb / "CMakeCache.txt").exists():
        run(["cmake", "-S", HERE / "null-plugin", "-B", nb, "-DCMAKE_BUILD_TYPE=RelWithDebInfo"],
            stdout=subprocess.DEVNULL)
    run(["cmake", "--build", nb], stdout=subprocess.DEVNULL)
    return nb


def variant_dirs(out, sa_so, null_build, release):
    """The --build folder of tests/tshark-dev for each variant (it uses <dir>/plugins)."""
    plain = out / "variants" / "plain"
    (plain / "plugins" / release / "epan").mkdir(parents=True, exist_ok=True)
    for stale in (plain / "plugins").rglob("*.so"):
        stale.unlink()
    # A private copy: builds that others start during the run do not change
    # the measured binary.
    sa = out / "variants" / "sipadvisor"
    dest = sa / "plugins" / release / "epan"
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(sa_so, dest / "sipadvisor.so")
    folders = {"plain": plain, "null": null_build, "sipadvisor": sa}
    return {v: folders[VARIANT_DIR[v]] for v in VARIANTS}


def clean_env(extra=None):
    env = {k: v for k, v in os.environ.items() if k not in SANULL_ENV}
    env.update(extra or {})
    return env


def check_plugins(dirs):
    """Each variant loads exactly its plugin (and plain none); the disabled
    one has sipadvisor loaded but switched off."""
    want = {"plain": set(), "null": {"sanull.so"}, "sipadvisor": {"sipadvisor.so"},
            "disabled": {"sipadvisor.so"}}
    probe = SOURCE / "testdata" / "421-udp.pcap"
    for v, d in dirs.items():
        # -G must come first: --disable-protocol is checked on a capture.
        out = subprocess.run([TSHARK_DEV, "--build", d, "-G", "plugins"],
                             capture_output=True, text=True, env=clean_env(), check=True).stdout
        loaded = {line.split()[0] for line in out.splitlines() if "\tdissector\t" in line}
        if loaded != want[v]:
            sys.exit(f"run_bench: variant {v} loads dissector plugins {sorted(loaded)}, "
                     f"expected {sorted(want[v])}")
        if v in ("sipadvisor", "disabled"):
            out = subprocess.run([TSHARK_DEV, "--build", d, *VARIANT_ARGS.get(v, []), "-n", "-r", probe, "-Y",
                                  "sipadvisor"], capture_output=True, text=True, env=clean_env(), check=True).stdout
            if bool(out.strip()) != (v == "sipadvisor"):
                sys.exit(f"run_bench: variant {v} {'lacks' if v == 'sipadvisor' else 'has'} sipadvisor items "
                         f"on {probe.name}")
        log(f"variant {v}: dissector plugins {sorted(loaded) or 'none'} ({d}/plugins)"
            f"{' ' + ' '.join(VARIANT_ARGS[v]) if v in VARIANT_ARGS else ''}")


def check_extraction(dirs, cap, meta):
    """The null plugin's extraction reads every message of a generated
    capture (SANULL_VERBOSE=1 SANULL_EXTRACT=1)."""
    res = subprocess.run([TSHARK_DEV, "--build", dirs["null"], "-n", "-r", cap], capture_output=True, text=True,
                         env=clean_env({"SANULL_VERBOSE": "1", "SANULL_EXTRACT": "1"}), check=True)
    wants = re.findall(r"^sanull: wants (\S+)$", res.stderr, re.M)
    m = re.search(r"^sanull: read messages=(\d+) requests=(\d+) responses=(\d+) flagged=(\d+)", res.stderr, re.M)
    if wants != ["sip"] or not m:
        sys.exit(f"run_bench: the null plugin wants {wants} and says {res.stderr[-500:]!r}")
    read = {k: int(v) for k, v in zip(("messages", "requests", "responses", "flagged"), m.groups())}
    if read["messages"] != meta["messages"] or read["flagged"]:
        sys.exit(f"run_bench: the null plugin read {read} of {meta['messages']} messages in {cap.name}")
    log(f"null plugin: wants sip; extraction read {read['messages']} messages of {cap.name} "
        f"({read['requests']} requests, {read['responses']} responses)")
    return read


def generator_hash():
    return hashlib.sha256(GENERATOR.read_bytes()).hexdigest()[:8]


def capture(out, kind, n, transport, seed):
    """A cached capture; generated when missing. Returns (path, meta)."""
    caps = out / "captures"
    caps.mkdir(parents=True, exist_ok=True)
    if kind == "empty":
        # No packet: tshark's start-up and shutdown alone.
        path = caps / "empty.pcap"
        if not path.exists():
            path.write_bytes(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        return path, {"kind": "empty", "messages": 0, "packets": 0, "name": "empty", "bytes": 24}
    if kind == "sip":
        name = f"sip-{human(n)}-{transport}-seed{seed}-g{generator_hash()}"
        args = ["--messages", n, "--transport", transport]
    else:
        name = f"nonsip-{human(n)}-seed{seed}-g{generator_hash()}"
        args = ["--non-sip", n]
    path = caps / f"{name}.pcap"
    meta_path = caps / f"{name}.json"
    if not path.exists() or not meta_path.exists():
        tmp = caps / f".{name}.tmp.pcap"
        t = time.monotonic()
        res = run([sys.executable, GENERATOR, *args, "--seed", seed, "--out", tmp], capture_output=True,
                  text=True)
        m = re.search(r"(\d+) (?:SIP messages in (\d+) packets|non-SIP packets)", res.stdout)
        meta = {"kind": kind, "messages": n if kind == "sip" else 0,
                "packets": int(m.group(2) or m.group(1)), "transport": transport if kind == "sip" else None,
                "seed": seed, "generate_s": round(time.monotonic() - t, 1)}
        os.replace(tmp, path)
        meta_path.write_text(json.dumps(meta))
        log(f"generated {path.name}: {meta['packets']} packets in {meta['generate_s']} s")
    meta = json.loads(meta_path.read_text())
    meta["bytes"] = path.stat().st_size
    meta["name"] = name
    return path, meta


def hostile_capture(build):
    """$BUILD/hostile/hostile-421-60k-tags-tcp.pcap, made when missing."""
    path = build / "hostile" / HOSTILE_NAME
    if not path.exists():
        run([sys.executable, HOSTILE_MAKER, "--flood-out", build / "hostile", "--only", HOSTILE_NAME],
            stdout=subprocess.DEVNULL)
    packets = 0
    with open(path, "rb") as f:  # count the records of the classic pcap
        f.seek(24)
        while True:
            hdr = f.read(16)
            if len(hdr) < 16:
                break
            f.seek(struct.unpack("<IIII", hdr)[2], 1)
            packets += 1
    return path, {"kind": "hostile", "messages": 3, "packets": packets, "name": HOSTILE_NAME[:-5],
                  "bytes": path.stat().st_size}


# ------------------------------------------------------------ timing

def mode_args(mode, cap, variant):
    return (VARIANT_ARGS.get(variant, []) + [a.format(cap=cap) for a in MODES[mode]]
            + VARIANT_EXTRA.get((mode, variant), []))


def timed_run(build_dir, args, timeout, stdout_path=None):
    """One tshark run through tests/tshark-dev: wall, CPU and peak RSS."""
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    err = tempfile.TemporaryFile()
    try:
        t0 = time.monotonic()
        p = subprocess.Popen([str(TSHARK_DEV), "--build", str(build_dir), *args], stdout=out, stderr=err,
                             env=clean_env())
        # tshark-dev execs unshare which execs tshark: the child *is* tshark.
        timer = threading.Timer(timeout, lambda: os.kill(p.pid, signal.SIGKILL))
        timer.start()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
        timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if stdout_path:
            out.close()
    if p.returncode != 0:
        err.seek(0)
        sys.exit(f"run_bench: tshark {' '.join(args)} with {build_dir} failed ({p.returncode}): "
                 f"{err.read().decode(errors='replace')[-2000:]}")
    err.close()
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "user": ru.ru_utime, "sys": ru.ru_stime,
            "rss_kb": ru.ru_maxrss}


def stats(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def bench_capture(dirs, cap, meta, modes, variants, runs, timeout, out):
    """All modes of one capture, the variants alternating (rotated each round)."""
    with open(cap, "rb") as f:  # into the page cache before the first timed run
        while f.read(1 << 24):
            pass
    results = []
    for mode in modes:
        samples = {v: [] for v in variants}
        for r in range(runs):
            k = r % len(variants)
            for v in variants[k:] + variants[:k]:
                check = mode == "expert" and r == 0
                stdout_path = out / f"expert-{v}.txt" if check else None
                s = timed_run(dirs[v], mode_args(mode, cap, v), timeout, stdout_path)
                samples[v].append(s)
                log(f"  {meta['name']} {mode:8} run {r + 1}/{runs} {v:10} wall {s['wall']:7.2f} s  "
                    f"cpu {s['cpu']:7.2f} s  rss {s['rss_kb'] / 1024:7.1f} MiB")
                if check:
                    text = stdout_path.read_text(errors="replace")
                    has = "SIPADVISOR" in text
                    if has != (v == "sipadvisor" and meta["kind"] == "sip"):
                        sys.exit(f"run_bench: expert report of {v} on {cap.name} "
                                 f"{'has' if has else 'lacks'} sipadvisor entries")
        row = {"capture": meta["name"], "kind": meta["kind"], "messages": meta["messages"],
               "packets": meta["packets"], "mode": mode, "runs": runs, "variants": {}}
        for v in variants:
            row["variants"][v] = {k: stats([s[k] for s in samples[v]]) for k in ("wall", "cpu", "rss_kb")}
            row["variants"][v]["samples"] = samples[v]
        results.append(row)
    return results


# ------------------------------------------------------------ callgrind

def userns_prefix():
    if os.getuid() != 0:
        return []
    if subprocess.run(["unshare", "--user", "--", "true"], capture_output=True).returncode == 0:
        return ["unshare", "--user", "--"]
    return ["env", "HOME=/tmp", "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]


def callgrind_run(build_dir, args, outfile, env_extra=None):
    env = clean_env(env_extra)
    env["WIRESHARK_PLUGIN_DIR"] = str(Path(build_dir) / "plugins")
    cmd = [*userns_prefix(), "valgrind", "--tool=callgrind", f"--callgrind-out-file={outfile}", "tshark", *args]
    res = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    if res.returncode != 0:
        sys.exit(f"run_bench: callgrind failed: {' '.join(cmd)}: {res.stderr[-2000:]}")
    text = Path(outfile).read_text(errors="replace")
    m = re.search(r"^(?:summary|totals):\s*(\d+)", text, re.M)
    return int(m.group(1))


ANNOTATE_LINE = re.compile(r"^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*?):([^\s:]+) \[(.+)\]\s*$")


def annotate(outfile):
    """(Ir, file, function, object) for every function, inclusive costs."""
    # From "/": callgrind_annotate shortens paths below the working folder
    # and then lists some functions twice.
    text = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", str(outfile)],
                          capture_output=True, text=True, check=True, cwd="/").stdout
    rows = []
    for line in text.splitlines():
        m = ANNOTATE_LINE.match(line)
        if m:
            rows.append((int(m.group(1).replace(",", "")), m.group(2), m.group(3), m.group(4)))
    return rows


def inclusive_of(rows, func):
    return max((ir for ir, _, f, _ in rows if f == func), default=0)


def safe(name):
    return re.sub(r"[^A-Za-z0-9.+-]", "_", name)


def callgrind_section(dirs, caps, out, jobs, contexts, variants, scale_cap, hostile_cap):
    """caps: {"sip": (path, meta), "nonsip": ..., "empty": ...}. Every run
    has its start-up run: the same variant and options on the empty capture."""
    cg = out / "callgrind"
    cg.mkdir(exist_ok=True)
    empty = caps["empty"][0]
    runs = {}  # key -> (folder, args, env)
    startup_of = {}  # key -> its start-up key

    def add(key, variant, args_tmpl, cap):
        dir_variant, env = CG_VARIANTS[variant]
        vargs = VARIANT_ARGS.get(variant, [])
        args = vargs + [a.format(cap=cap) for a in args_tmpl]
        sargs = vargs + [a.format(cap=empty) for a in args_tmpl]
        # Start-up does not depend on SANULL_EXTRACT: null's serves both.
        skey = f"startup:{dir_variant}:{' '.join(a.format(cap='E') for a in args_tmpl)}"
        runs[key] = (dirs[dir_variant], args, env)
        runs.setdefault(skey, (dirs[dir_variant], sargs, None))
        startup_of[key] = skey

    for c in contexts:
        kind, tmpl = CG_CONTEXTS[c]
        for v in variants:
            add(f"{c}:{v}", v, tmpl, caps[kind][0])
    if scale_cap:
        for v in ("plain", "sipadvisor"):
            add(f"scale:{v}", v, MODES["single"], scale_cap[0])
    if hostile_cap:
        for v in ("plain", "sipadvisor"):
            add(f"hostile:{v}", v, MODES["single"], hostile_cap[0])
    # The longest first, so that the two jobs end together.
    order = sorted(runs, key=lambda k: (not k.startswith("scale:"), k.startswith("startup:")))
    log(f"callgrind: {len(runs)} runs ({sum(k.startswith('startup:') for k in runs)} of them start-up, on "
        f"{empty.name}), {jobs} at a time")
    ir = {}
    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        futs = {ex.submit(callgrind_run, runs[k][0], runs[k][1], cg / f"{safe(k)}.out", runs[k][2]): k
                for k in order}
        for fut in concurrent.futures.as_completed(futs):
            k = futs[fut]
            ir[k] = fut.result()
            log(f"  callgrind {k:40} {ir[k]:>15,} Ir  ({time.monotonic() - t0:.0f} s)")
    net = {k: ir[k] - ir[startup_of[k]] for k in startup_of}
    startup = {k: ir[s] for k, s in startup_of.items()}
    key_fns = {}
    top = {}
    for c in contexts:
        for v in ("sipadvisor", "null+extract"):
            k = f"{c}:{v}"
            if k not in ir:
                continue
            rows = annotate(cg / f"{safe(k)}.out")
            key_fns[k] = {f: inclusive_of(rows, f) for f in KEY_FUNCTIONS}
            if v == "sipadvisor":
                own = sorted(((i, f, fn) for i, f, fn, obj in rows if obj.endswith("/sipadvisor.so")),
                             reverse=True)
                top[c] = own[:15]
    for k in ("scale:sipadvisor", "hostile:sipadvisor"):
        if k in ir:
            rows = annotate(cg / f"{safe(k)}.out")
            key_fns[k] = {f: inclusive_of(rows, f) for f in KEY_FUNCTIONS}
    return {
        "captures": {kind: {"name": m["name"], "messages": m["messages"], "packets": m["packets"]}
                     for kind, (_, m) in caps.items()},
        "scale_capture": scale_cap[1] if scale_cap else None,
        "hostile_capture": hostile_cap[1] if hostile_cap else None,
        "contexts": contexts, "variants": variants,
        "ir": ir, "startup": startup, "net": net, "key_functions": key_fns, "top": top,
        "seconds": round(time.monotonic() - t0),
    }


# ------------------------------------------------------------ report

def fmt_range(st, scale=1.0, digits=2):
    return (f"{st['median'] * scale:.{digits}f} ({st['min'] * scale:.{digits}f}-"
            f"{st['max'] * scale:.{digits}f})")


def medians(row):
    """{variant: {wall, cpu, rss_kb: median}} of one result row."""
    return {v: {k: row["variants"][v][k]["median"] for k in ("wall", "cpu", "rss_kb")} for v in row["variants"]}


def what(row):
    if row["kind"] == "sip":
        return f"{human(row['messages'])} SIP msgs"
    if row["kind"] == "nonsip":
        return f"{human(row['packets'])} non-SIP pkts"
    if row["kind"] == "empty":
        return "start-up (empty capture)"
    return row["capture"]


def find_row(results, kind, mode, messages=None):
    for row in results:
        if row["kind"] == kind and row["mode"] == mode and (messages is None or row["messages"] == messages):
            return row
    return None


def startup_cpu(results):
    row = find_row(results, "empty", "single")
    return {v: st["cpu"] for v, st in medians(row).items()} if row else {}


def cg_ratio(cg, ctx, a, b):
    if not cg or f"{ctx}:{a}" not in cg["net"] or f"{ctx}:{b}" not in cg["net"]:
        return None
    return ratio(cg["net"][f"{ctx}:{a}"], cg["net"][f"{ctx}:{b}"])


def cg_scaling(cg):
    """Ir per message of sipadvisor over plain at the callgrind size and at
    the scaling size, start-up subtracted, and their ratio."""
    if not cg or not cg.get("scale_capture") or "single:sipadvisor" not in cg["net"] \
            or "single:plain" not in cg["net"]:
        return None
    n_small = cg["captures"]["sip"]["messages"]
    n_big = cg["scale_capture"]["messages"]
    small = (cg["net"]["single:sipadvisor"] - cg["net"]["single:plain"]) / n_small
    big = (cg["net"]["scale:sipadvisor"] - cg["net"]["scale:plain"]) / n_big
    return {"small": n_small, "big": n_big, "per_msg_small": small, "per_msg_big": big, "ratio": ratio(big, small)}


def time_scaling(results, mode):
    """CPU per message of sipadvisor over plain at the smallest and the
    largest SIP size measured in this mode. Start-up is not subtracted: the
    two variants' start-ups differ by less than 0.1% of callgrind's
    instructions (under a millisecond), less than their timing noise."""
    rows = sorted((r for r in results if r["kind"] == "sip" and r["mode"] == mode
                   and "sipadvisor" in r["variants"] and "plain" in r["variants"]), key=lambda r: r["messages"])
    if len(rows) < 2:
        return None

    def per_msg(row):
        m = medians(row)
        return (m["sipadvisor"]["cpu"] - m["plain"]["cpu"]) / row["messages"]

    small, big = rows[0], rows[-1]
    return {"small": small["messages"], "big": big["messages"], "per_msg_small": per_msg(small),
            "per_msg_big": per_msg(big), "ratio": ratio(per_msg(big), per_msg(small))}


def verdict(value, limit):
    if value is None or value != value:  # None or NaN
        return "not measured"
    return "met" if value <= limit else "NOT MET"


def targets(results, cg):
    """[(target, measurement, value, verdict, callgrind text)]"""
    out = []

    def cg_text(ctx, a, b, limit):
        r = cg_ratio(cg, ctx, a, b)
        return f"{r:.3f} {verdict(r, limit)}" if r is not None else "-"

    for mode, limit, label in (("filter", LIMIT_TREE, "tree already built (`-Y sip`): sipadvisor/plain"),
                               ("verbose", LIMIT_TREE, "tree already built (`-V`): sipadvisor/plain"),
                               ("single", LIMIT_NO_TREE, "single pass (`-n -r`): sipadvisor/plain"),
                               ("two-pass", LIMIT_NO_TREE, "two passes (`-2`): sipadvisor/plain")):
        rows = [r for r in results if r["kind"] == "sip" and r["mode"] == mode]
        ctx = mode
        if not rows:
            out.append((f"{label} ≤ {limit}", "-", None, "not measured", cg_text(ctx, "sipadvisor", "plain", limit)))
        for row in rows:
            m = medians(row)
            val = ratio(m["sipadvisor"]["cpu"], m["plain"]["cpu"])
            out.append((f"{label} ≤ {limit}", f"CPU, {what(row)}", val, verdict(val, limit),
                        cg_text(ctx, "sipadvisor", "plain", limit)))
    row = find_row(results, "nonsip", "single")
    label = f"non-SIP: sipadvisor/null ≤ {LIMIT_NONSIP}"
    if row:
        m = medians(row)
        val = ratio(m["sipadvisor"]["cpu"], m["null"]["cpu"])
        out.append((label, f"CPU, {what(row)}", val, verdict(val, LIMIT_NONSIP),
                    cg_text("nonsip", "sipadvisor", "null", LIMIT_NONSIP)))
    else:
        out.append((label, "-", None, "not measured", cg_text("nonsip", "sipadvisor", "null", LIMIT_NONSIP)))
    sc = time_scaling(results, "single")
    cs = cg_scaling(cg)
    cs_text = (f"{cs['ratio']:.3f} {verdict(cs['ratio'], LIMIT_SCALING)} ({human(cs['small'])} → "
               f"{human(cs['big'])})" if cs else "-")
    label = f"cost per message over plain, large/small size ≤ {LIMIT_SCALING} (`-n -r`)"
    if sc:
        v = verdict(sc["ratio"], LIMIT_SCALING)
        if sc["ratio"] < 2 - LIMIT_SCALING:  # cheaper per message at the large size: more likely noise
            v += " (below 0.90: noise?)"
        out.append((label, f"CPU, {human(sc['small'])} → {human(sc['big'])} SIP msgs", sc["ratio"], v, cs_text))
    else:
        out.append((label, "-", None, "not measured", cs_text))
    big = max((r["messages"] for r in results if r["kind"] == "sip"), default=0)
    label = f"peak RSS sipadvisor/plain ≤ {LIMIT_RSS} at the largest size"
    found = False
    for mode in ("single", "two-pass"):
        row = find_row(results, "sip", mode, big)
        if row and "sipadvisor" in row["variants"]:
            m = medians(row)
            val = ratio(m["sipadvisor"]["rss_kb"], m["plain"]["rss_kb"])
            out.append((label, f"RSS, {what(row)}, {MODE_TITLE[mode]}", val, verdict(val, LIMIT_RSS), "-"))
            found = True
    if not found:
        out.append((label, "-", None, "not measured", "-"))
    return out


def report(env_info, results, cg):
    lines = []
    w = lines.append
    w("# sipadvisor benchmark")
    w("")
    for k, v in env_info.items():
        w(f"- {k}: {v}")
    if results:
        w("")
        w("## Wall time, CPU time (user+sys) and peak RSS: median (min-max)")
        w("")
        w("| capture | packets | tshark | variant | wall s | CPU s | peak RSS MiB | CPU us/packet |")
        w("|---|---:|---|---|---|---|---|---:|")
        for row in results:
            for v, st in row["variants"].items():
                per = f"{st['cpu']['median'] / row['packets'] * 1e6:.1f}" if row["packets"] else ""
                w(f"| {what(row)} | {row['packets']} | {MODE_TITLE[row['mode']]} | {v} | {fmt_range(st['wall'])} | "
                  f"{fmt_range(st['cpu'])} | {fmt_range(st['rss_kb'], 1 / 1024, 0)} | {per} |")
        w("")
        w("## Ratios of the medians")
        w("")
        w("sa = sipadvisor, dis = sipadvisor installed and `--disable-protocol sipadvisor`.")
        w("")
        w("| capture | tshark | CPU sa/plain | CPU null/plain | CPU sa/null | CPU dis/plain | wall sa/plain | "
          "wall dis/plain | RSS sa/plain | RSS null/plain | RSS dis/plain |")
        w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for row in results:
            m = medians(row)

            def r(a, b, k):
                return f"{ratio(m[a][k], m[b][k]):.3f}" if a in m and b in m else "-"
            w(f"| {what(row)} | {MODE_TITLE[row['mode']]} | {r('sipadvisor', 'plain', 'cpu')} | "
              f"{r('null', 'plain', 'cpu')} | {r('sipadvisor', 'null', 'cpu')} | {r('disabled', 'plain', 'cpu')} | "
              f"{r('sipadvisor', 'plain', 'wall')} | {r('disabled', 'plain', 'wall')} | "
              f"{r('sipadvisor', 'plain', 'rss_kb')} | {r('null', 'plain', 'rss_kb')} | "
              f"{r('disabled', 'plain', 'rss_kb')} |")
        report_scaling(w, results)
        report_hostile_time(w, results)
    if cg:
        report_callgrind(w, cg)
    w("")
    w("## Targets")
    w("")
    w("Met when the measured ratio is at most the limit. Timings are CPU medians (noisy on a busy machine); the "
      "callgrind figure counts instructions with start-up subtracted (stable).")
    w("")
    w("| target | measured on | value | verdict | callgrind |")
    w("|---|---|---:|---|---|")
    for name, on, val, verd, cgt in targets(results, cg):
        w(f"| {name} | {on} | {'-' if val is None else f'{val:.3f}'} | {verd} | {cgt} |")
    st = startup_cpu(results)
    for row in results:
        m = medians(row)
        if row["kind"] in ("sip", "nonsip") and "disabled" in m:
            w(f"| (no limit) disabled/plain, {MODE_TITLE[row['mode']]} | CPU, {what(row)} | "
              f"{ratio(m['disabled']['cpu'], m['plain']['cpu']):.3f} | expected ≈ 1 | "
              f"{fmt_cg(cg_ratio(cg, 'nonsip' if row['kind'] == 'nonsip' else row['mode'], 'disabled', 'plain'))} |")
    if st:
        w("")
        w("Start-up (empty capture) CPU medians: " + ", ".join(f"{v} {s:.2f} s" for v, s in st.items()) + ".")
    w("")
    w("## For the README")
    w("")
    w("| capture | tshark | plain CPU s | +null CPU s | +sipadvisor CPU s | +sipadvisor disabled CPU s | "
      "CPU sipadvisor/plain | null/plain | sipadvisor/null | disabled/plain | wall sipadvisor/plain | "
      "peak RSS sipadvisor/plain |")
    w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in results:
        if row["kind"] not in ("sip", "nonsip"):
            continue
        m = medians(row)

        def c(v):
            return f"{m[v]['cpu']:.2f}" if v in m else "-"

        def r(a, b, k="cpu"):
            return f"{ratio(m[a][k], m[b][k]):.2f}" if a in m and b in m else "-"
        w(f"| {what(row)} | {MODE_TITLE[row['mode']]} | {c('plain')} | {c('null')} | {c('sipadvisor')} | "
          f"{c('disabled')} | {r('sipadvisor', 'plain')} | {r('null', 'plain')} | {r('sipadvisor', 'null')} | "
          f"{r('disabled', 'plain')} | {r('sipadvisor', 'plain', 'wall')} | {r('sipadvisor', 'plain', 'rss_kb')} |")
    if cg:
        n = cg["captures"]["sip"]["messages"]
        for c in cg["contexts"]:
            net = cg["net"]

            def g(v):
                return f"{net[f'{c}:{v}'] / 1e9:.3f}e9" if f"{c}:{v}" in net else "-"
            w(f"| {human(n if c != 'nonsip' else cg['captures']['nonsip']['packets'])} "
              f"{'SIP msgs' if c != 'nonsip' else 'non-SIP pkts'} | callgrind Ir − start-up, {CG_TITLE[c]} | "
              f"{g('plain')} | {g('null')} | {g('sipadvisor')} | {g('disabled')} | "
              f"{fmt_cg(cg_ratio(cg, c, 'sipadvisor', 'plain'), 2)} | {fmt_cg(cg_ratio(cg, c, 'null', 'plain'), 2)} | "
              f"{fmt_cg(cg_ratio(cg, c, 'sipadvisor', 'null'), 2)} | {fmt_cg(cg_ratio(cg, c, 'disabled', 'plain'), 2)} "
              f"| | |")
    return "\n".join(lines) + "\n"


def fmt_cg(r, digits=3):
    return "-" if r is None else f"{r:.{digits}f}"


def report_scaling(w, results):
    modes = [m for m in MODES if time_scaling(results, m)]
    big = max((r["messages"] for r in results if r["kind"] == "sip"), default=0)
    if not modes and not big:
        return
    w("")
    w("## Scaling and memory")
    w("")
    if modes:
        w("CPU per SIP message of sipadvisor over plain ((sipadvisor − plain) / messages, CPU medians):")
        w("")
        w("| tshark | small | µs/msg | large | µs/msg | large/small |")
        w("|---|---:|---:|---:|---:|---:|")
        for m in modes:
            sc = time_scaling(results, m)
            w(f"| {MODE_TITLE[m]} | {human(sc['small'])} | {sc['per_msg_small'] * 1e6:.2f} | {human(sc['big'])} | "
              f"{sc['per_msg_big'] * 1e6:.2f} | {sc['ratio']:.3f} |")
        w("")
    w(f"Peak RSS at {human(big)} SIP messages (medians):")
    w("")
    w("| tshark | plain MiB | sipadvisor MiB | sipadvisor/plain | null/plain | MiB over plain per 1k msgs |")
    w("|---|---:|---:|---:|---:|---:|")
    for row in results:
        if row["kind"] == "sip" and row["messages"] == big and "sipadvisor" in row["variants"]:
            m = medians(row)
            null = f"{ratio(m['null']['rss_kb'], m['plain']['rss_kb']):.3f}" if "null" in m else "-"
            w(f"| {MODE_TITLE[row['mode']]} | {m['plain']['rss_kb'] / 1024:.0f} | "
              f"{m['sipadvisor']['rss_kb'] / 1024:.0f} | {ratio(m['sipadvisor']['rss_kb'], m['plain']['rss_kb']):.3f} | "
              f"{null} | {(m['sipadvisor']['rss_kb'] - m['plain']['rss_kb']) / 1024 / big * 1000:.3f} |")


def report_hostile_time(w, results):
    rows = [r for r in results if r["kind"] == "hostile"]
    if not rows:
        return
    w("")
    w(f"## Hostile input: {HOSTILE_NAME} ({rows[0]['packets']} packets: an INVITE whose Supported has 30,000 "
      f"tags, a 421 whose Require has 60,000, an ACK; TCP)")
    w("")
    w("| tshark | plain CPU s | sipadvisor CPU s | CPU sa/plain | wall sa/plain | sipadvisor − plain CPU ms "
      "| peak RSS sa/plain |")
    w("|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        m = medians(row)
        w(f"| {MODE_TITLE[row['mode']]} | {m['plain']['cpu']:.3f} | {m['sipadvisor']['cpu']:.3f} | "
          f"{ratio(m['sipadvisor']['cpu'], m['plain']['cpu']):.3f} | "
          f"{ratio(m['sipadvisor']['wall'], m['plain']['wall']):.3f} | "
          f"{(m['sipadvisor']['cpu'] - m['plain']['cpu']) * 1000:.0f} | "
          f"{ratio(m['sipadvisor']['rss_kb'], m['plain']['rss_kb']):.3f} |")
    w("")
    w("Most of these runs is tshark's start-up (see the empty capture above); callgrind, below, subtracts it.")


def report_callgrind(w, cg):
    ir, net, startup = cg["ir"], cg["net"], cg["startup"]
    caps = cg["captures"]
    w("")
    w(f"## callgrind: instructions (Ir), start-up subtracted")
    w("")
    w(f"Captures: {caps['sip']['name']} ({caps['sip']['messages']} SIP messages in {caps['sip']['packets']} "
      f"packets)" + (f", {caps['nonsip']['name']} ({caps['nonsip']['packets']} non-SIP packets)"
                     if "nonsip" in caps else "") +
      f". Every run is paired with a start-up run: the same variant and tshark options on an empty capture "
      f"(no packet: start-up, plugin registration, the filter's compilation and shutdown), whose Ir are "
      f"subtracted. Per message = (run − start-up) / SIP messages (per packet on the non-SIP capture).")
    w("")
    w("| context | variant | total Ir | start-up Ir | Ir − start-up | per msg (pkt) | ratio to plain | "
      "ratio to null | over plain per msg (pkt) |")
    w("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for c in cg["contexts"]:
        n = caps["nonsip"]["packets"] if c == "nonsip" else caps["sip"]["messages"]
        for v in cg["variants"]:
            k = f"{c}:{v}"
            if k not in net:
                continue
            to_null = fmt_cg(cg_ratio(cg, c, v, "null"))
            over = (net[k] - net[f"{c}:plain"]) / n if f"{c}:plain" in net else float("nan")
            w(f"| {CG_TITLE[c]} | {v} | {ir[k]:,} | {startup[k]:,} | {net[k]:,} | {net[k] / n:,.0f} | "
              f"{fmt_cg(cg_ratio(cg, c, v, 'plain'))} | {to_null} | {over:,.0f} |")
    # Where the extra instructions go, per context.
    if all(f"{c}:{v}" in net for c in cg["contexts"][:1] for v in ("plain", "null", "null+extract", "sipadvisor")):
        w("")
        w("Where sipadvisor's extra instructions go (Ir per SIP message; share of sipadvisor − plain):")
        w("")
        w("| context | wanting `sip` (null − plain) | extraction + header reader (null+extract − null) | "
          "analysis, tree, expert (sipadvisor − null+extract) | sipadvisor − plain |")
        w("|---|---:|---:|---:|---:|")
        for c in cg["contexts"]:
            if not all(f"{c}:{v}" in net for v in ("plain", "null", "null+extract", "sipadvisor")):
                continue
            n = caps["nonsip"]["packets"] if c == "nonsip" else caps["sip"]["messages"]
            total = net[f"{c}:sipadvisor"] - net[f"{c}:plain"]
            parts = (net[f"{c}:null"] - net[f"{c}:plain"], net[f"{c}:null+extract"] - net[f"{c}:null"],
                     net[f"{c}:sipadvisor"] - net[f"{c}:null+extract"])
            w(f"| {CG_TITLE[c]} | " + " | ".join(f"{p / n:,.0f} ({ratio(p, total) * 100:.0f}%)" for p in parts)
              + f" | {total / n:,.0f} |")
    # The reader and the analysis.
    kf = cg["key_functions"]
    if any(f"{c}:sipadvisor" in kf for c in cg["contexts"]):
        w("")
        w("sipadvisor's own code (inclusive Ir per SIP message, from the sipadvisor run; share of "
          "sipadvisor − plain, and of `dissect_sipadvisor`, all of sipadvisor's code):")
        w("")
        w("| context | " + " | ".join(f"`{f}`" for f in KEY_FUNCTIONS) + " | rest of `dissect_sipadvisor` | "
          "outside `dissect_sipadvisor` |")
        w("|---|" + "---:|" * (len(KEY_FUNCTIONS) + 2))
        for c in cg["contexts"]:
            k = f"{c}:sipadvisor"
            if k not in kf or f"{c}:plain" not in net:
                continue
            n = caps["nonsip"]["packets"] if c == "nonsip" else caps["sip"]["messages"]
            total = net[k] - net[f"{c}:plain"]
            d = kf[k]["dissect_sipadvisor"]
            cells = []
            for f in KEY_FUNCTIONS:
                v = kf[k][f]
                cells.append(f"{v / n:,.0f} ({ratio(v, total) * 100:.1f}% / {ratio(v, d) * 100:.0f}%)" if v else "-")
            rest = d - kf[k]["sa_fields_extract"] - kf[k]["sa_ctx_add"] - kf[k]["sa_ctx_finish"]
            cells.append(f"{rest / n:,.0f} ({ratio(rest, total) * 100:.1f}% / {ratio(rest, d) * 100:.0f}%)")
            cells.append(f"{(total - d) / n:,.0f} ({ratio(total - d, total) * 100:.1f}%)")
            w(f"| {CG_TITLE[c]} | " + " | ".join(cells) + " |")
        w("")
        w("`rest of dissect_sipadvisor` is its code after extraction and analysis: the tree, expert infos, "
          "Info column notes and taps. `outside dissect_sipadvisor` is what the plugin makes tshark do "
          "beyond its own code: the tree for every packet that the wanted `sip` field forces, printing "
          "sipadvisor's items with `-V`.")
    for c, top in cg["top"].items():
        k = f"{c}:sipadvisor"
        n = caps["nonsip"]["packets"] if c == "nonsip" else caps["sip"]["messages"]
        if not top or c not in ("single", "filter", "verbose"):
            continue
        total = net[k] - net[f"{c}:plain"] if f"{c}:plain" in net else 0
        w("")
        w(f"Top {len(top)} functions of sipadvisor.so by inclusive Ir, {CG_TITLE[c]}:")
        w("")
        w("| inclusive Ir | per SIP message | share of sipadvisor − plain | share of the run − start-up | function |")
        w("|---:|---:|---:|---:|---|")
        for i, f, fn in top:
            w(f"| {i:,} | {i / n:,.0f} | {ratio(i, total) * 100:.1f}% | {ratio(i, net[k]) * 100:.2f}% | "
              f"`{fn}` ({os.path.basename(f)}) |")
    cs = cg_scaling(cg)
    if cs:
        w("")
        w(f"Scaling (callgrind, `-n -r`): sipadvisor − plain is {cs['per_msg_small']:,.0f} Ir per message at "
          f"{human(cs['small'])} and {cs['per_msg_big']:,.0f} at {human(cs['big'])} "
          f"(ratio {cs['ratio']:.3f}); plain itself: "
          f"{net['single:plain'] / cs['small']:,.0f} and {net['scale:plain'] / cs['big']:,.0f} Ir per message. "
          "Instructions only: cache misses of a bigger working set do not show here.")
    if "hostile:plain" in net:
        hc = cg["hostile_capture"]
        hp, hs = net["hostile:plain"], net["hostile:sipadvisor"]
        w("")
        w(f"Hostile input, callgrind `-n -r` on {hc['name']} ({hc['packets']} packets): plain {ir['hostile:plain']:,} "
          f"Ir, sipadvisor {ir['hostile:sipadvisor']:,} Ir (ratio {ratio(ir['hostile:sipadvisor'], ir['hostile:plain']):.3f}"
          f" with start-up); start-up subtracted: plain {hp:,}, sipadvisor {hs:,}, ratio {ratio(hs, hp):.3f}, "
          f"+{hs - hp:,} Ir.")
        kf_h = cg["key_functions"].get("hostile:sipadvisor")
        if kf_h:
            w("Of it: " + ", ".join(f"`{f}` {kf_h[f]:,}" for f in KEY_FUNCTIONS if kf_h[f]) + ".")
    w("")
    w(f"(callgrind: {len(ir)} runs in {cg['seconds']} s.)")


def load_average():
    """Other work on the machine disturbs the timings: say how busy it was."""
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "?"


def environment(sa_so, build_type, ws_version, runs):
    def git(*a):
        r = subprocess.run(["git", "-C", str(SOURCE), *a], capture_output=True, text=True)
        return r.stdout.strip() if r.returncode == 0 else "?"
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    dirty = " (uncommitted changes)" if git("status", "--porcelain", "--", "plugin") else ""
    return {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "tshark": ws_version,
        "machine": f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}",
        "sipadvisor": f"{git('rev-parse', '--short', 'HEAD')}{dirty}, {build_type} build, "
                      f"sha256 {hashlib.sha256(sa_so.read_bytes()).hexdigest()[:12]}",
        "runs per variant": runs,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true",
                    help="smoke test: 10k messages, 10k non-SIP packets, 1 run, callgrind on 1k messages "
                         "(plain and sipadvisor, -n -r only, and the hostile capture), no scaling")
    ap.add_argument("--out", type=Path, default=SOURCE / "build" / "bench",
                    help="captures, null plugin build and results (default build/bench)")
    ap.add_argument("--build", type=Path, default=SOURCE / "build",
                    help="sipadvisor's build folder (default build/); the hostile capture goes to <build>/hostile")
    ap.add_argument("--no-rebuild", action="store_true",
                    help="use the build's sipadvisor.so as it is (build only when missing)")
    ap.add_argument("--runs", type=int, help="timed runs per variant (default 5; quick 1)")
    ap.add_argument("--sizes", type=lambda s: [parse_count(x) for x in s.split(",") if x and x != "none"],
                    help="SIP messages per capture, e.g. 100k,1M (default; quick 10k; none: no SIP capture)")
    ap.add_argument("--modes", type=parse_list(MODES), default=list(MODES),
                    help="contexts on the first (smallest) SIP size: " + ",".join(MODES) + " (default all)")
    ap.add_argument("--large-modes", type=parse_list(MODES), default=["single", "two-pass"],
                    help="contexts on the other SIP sizes (default single,two-pass: scaling and memory)")
    ap.add_argument("--large-variants", type=parse_list(VARIANTS), default=["plain", "null", "sipadvisor"],
                    help="variants on the other SIP sizes (default plain,null,sipadvisor)")
    ap.add_argument("--non-sip", type=parse_count, help="non-SIP packets (default 1M; quick 10k; 0: none)")
    ap.add_argument("--non-sip-modes", type=parse_list(MODES), default=["single"],
                    help="contexts for the non-SIP capture (default single)")
    ap.add_argument("--transport", choices=("udp", "tcp", "mixed"), default="mixed")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--callgrind", type=parse_count,
                    help="SIP messages (and non-SIP packets) of the callgrind captures (default 10k; quick 1k; "
                         "0: skip callgrind)")
    ap.add_argument("--callgrind-contexts", type=parse_list(CG_CONTEXTS),
                    help="callgrind contexts: " + ",".join(CG_CONTEXTS) + " (default all; quick single)")
    ap.add_argument("--callgrind-variants", type=parse_list(CG_VARIANTS),
                    help="callgrind variants: " + ",".join(CG_VARIANTS) +
                         " (default all; quick plain,sipadvisor)")
    ap.add_argument("--callgrind-scale", type=parse_count,
                    help="SIP messages of a second callgrind capture, -n -r, plain and sipadvisor: the cost per "
                         "message at two sizes (default 100k; quick 0: none)")
    ap.add_argument("--callgrind-only", action="store_true",
                    help="no timed runs: the callgrind section (and the hostile capture's callgrind) alone")
    ap.add_argument("--no-hostile", action="store_true",
                    help=f"skip the hostile capture (<build>/hostile/{HOSTILE_NAME})")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                    help="callgrind runs at a time (instruction counts do not depend on it)")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per tshark run")
    ap.add_argument("--report-from", type=Path, metavar="JSON",
                    help="print the report of an earlier results-*.json again (nothing is run)")
    args = ap.parse_args()
    if args.report_from:
        data = json.loads(args.report_from.read_text())
        sys.stdout.write(report(data["environment"], data["results"], data.get("callgrind")))
        return
    q = args.quick
    runs = args.runs or (1 if q else 5)
    sizes = args.sizes if args.sizes is not None else ([10000] if q else [100000, 1000000])
    non_sip = args.non_sip if args.non_sip is not None else (10000 if q else 1000000)
    cg_n = args.callgrind if args.callgrind is not None else (1000 if q else 10000)
    cg_contexts = args.callgrind_contexts or (["single"] if q else list(CG_CONTEXTS))
    cg_variants = args.callgrind_variants or (["plain", "sipadvisor"] if q else list(CG_VARIANTS))
    if "plain" not in cg_variants:  # every ratio is to plain
        cg_variants.insert(0, "plain")
    cg_scale = args.callgrind_scale if args.callgrind_scale is not None else (0 if q else 100000)
    if cg_n and not (shutil.which("valgrind") and shutil.which("callgrind_annotate")):
        sys.exit("run_bench: valgrind is needed for the callgrind part (or --callgrind 0)")

    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    build = args.build.resolve()
    release, ws_version = ws_release()
    sa_so, build_type = build_sipadvisor(build, not args.no_rebuild)
    null_build = build_null(out)
    dirs = variant_dirs(out, sa_so, null_build, release)
    check_plugins(dirs)
    env_info = environment(dirs["sipadvisor"] / "plugins" / release / "epan" / "sipadvisor.so", build_type,
                           ws_version, runs)

    empty = capture(out, "empty", 0, None, None)
    hostile = None if args.no_hostile else hostile_capture(build)
    plan = []
    if not args.callgrind_only:
        plan.append((empty, ["single"], list(VARIANTS)))
        for i, n in enumerate(sizes):
            plan.append((capture(out, "sip", n, args.transport, args.seed), args.modes if i == 0 else args.large_modes,
                         list(VARIANTS) if i == 0 else args.large_variants))
        if non_sip:
            plan.append((capture(out, "nonsip", non_sip, args.transport, args.seed), args.non_sip_modes,
                         list(VARIANTS)))
        if hostile:
            plan.append((hostile, ["single", "verbose"], ["plain", "sipadvisor"]))
    cg_caps = None
    if cg_n:
        cg_caps = {"sip": capture(out, "sip", cg_n, args.transport, args.seed), "empty": empty}
        if "nonsip" in cg_contexts:
            cg_caps["nonsip"] = capture(out, "nonsip", cg_n, args.transport, args.seed)
        check_extraction(dirs, *cg_caps["sip"])
    scale_cap = capture(out, "sip", cg_scale, args.transport, args.seed) if cg_n and cg_scale else None

    t_start = time.monotonic()
    env_info["load average at start"] = load_average()
    results = []
    for (cap, meta), modes, variants in plan:
        if not modes or not variants:
            continue
        results += bench_capture(dirs, cap, meta, modes, variants, runs, args.timeout, out)
        (out / "results-partial.json").write_text(json.dumps({"environment": env_info, "results": results},
                                                             indent=1, default=str))
    if results:
        env_info["load average after the timed runs"] = load_average()
    cg = callgrind_section(dirs, cg_caps, out, args.jobs, cg_contexts, cg_variants, scale_cap,
                           hostile) if cg_caps else None
    env_info["benchmark time"] = f"{time.monotonic() - t_start:.0f} s"

    text = report(env_info, results, cg)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    (out / f"results-{stamp}.md").write_text(text)
    (out / f"results-{stamp}.json").write_text(json.dumps(
        {"environment": env_info, "results": results, "callgrind": cg,
         "targets": [dict(zip(("target", "measured_on", "value", "verdict", "callgrind"), t))
                     for t in targets(results, cg)]}, indent=1, default=str))
    log(f"results: {out}/results-{stamp}.md")
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
