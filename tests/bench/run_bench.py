#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""sipadvisor's cost over plain tshark, in one command:

    python3 tests/bench/run_bench.py            # full: 100k and 1M SIP messages, 1M non-SIP packets
    python3 tests/bench/run_bench.py --quick    # smoke test: 10k messages, 2 runs, small callgrind

From a fresh clone it builds sipadvisor (if needed) and the null plugin
(tests/bench/null-plugin: wants exactly sipadvisor's fields, does nothing),
generates the captures into a cache folder (build/bench/captures), then runs
three tshark variants on the same capture, alternating, --runs times each:

    plain       tshark with WIRESHARK_PLUGIN_DIR at an empty plugin folder
    null        tshark + sanull.so (the cost of the wanted fields alone)
    sipadvisor  tshark + sipadvisor.so (a snapshot copy of the build's plugin)

all through tests/tshark-dev (the same unshare wrapper), so the plugin is the
only difference. Each run is measured with wait4(): wall time, user+sys CPU
time and peak RSS of tshark. Modes: single pass (-n -r F), two passes (-2)
and the expert report (-q -z expert), statistics (-q -z sip,stat, plus
-z sipadvisor,tree for sipadvisor). Then callgrind counts instructions on
a small capture (plain, null, null+extraction, sipadvisor), lists the top
functions of sipadvisor's own code and, unless --no-per-field, what each
wanted SIP field costs (the null plugin wanting subsets of the fields).

Everything is printed and written to <out>/results-<time>.md and .json; the
output ends with a markdown table for the README. Not a test: nothing here
asserts a time.
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
VARIANTS = ("plain", "null", "sipadvisor")
MODES = {
    "single": ["-n", "-r", "{cap}"],
    "two-pass": ["-n", "-2", "-r", "{cap}"],
    "expert": ["-n", "-q", "-z", "expert", "-r", "{cap}"],
    # Statistics: tshark's own SIP statistics, and sipadvisor's tree on top
    # (a -z the other variants do not have; see VARIANT_EXTRA).
    "tree": ["-n", "-q", "-z", "sip,stat", "-r", "{cap}"],
}
VARIANT_EXTRA = {("tree", "sipadvisor"): ["-z", "sipadvisor,tree"]}
SANULL_ENV = ("SANULL_FIELDS", "SANULL_EXCLUDE", "SANULL_EXTRACT", "SANULL_VERBOSE")


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
    return {"plain": plain, "null": null_build, "sipadvisor": sa}


def clean_env(extra=None):
    env = {k: v for k, v in os.environ.items() if k not in SANULL_ENV}
    env.update(extra or {})
    return env


def check_plugins(dirs):
    """Each variant loads exactly its plugin (and plain none)."""
    want = {"plain": set(), "null": {"sanull.so"}, "sipadvisor": {"sipadvisor.so"}}
    for v, d in dirs.items():
        out = subprocess.run([TSHARK_DEV, "--build", d, "-G", "plugins"], capture_output=True, text=True,
                             env=clean_env(), check=True).stdout
        loaded = {line.split()[0] for line in out.splitlines() if "\tdissector\t" in line}
        if loaded != want[v]:
            sys.exit(f"run_bench: variant {v} loads dissector plugins {sorted(loaded)}, "
                     f"expected {sorted(want[v])}")
        log(f"variant {v}: dissector plugins {sorted(loaded) or 'none'} ({d}/plugins)")


def generator_hash():
    return hashlib.sha256(GENERATOR.read_bytes()).hexdigest()[:8]


def capture(out, kind, n, transport, seed):
    """A cached capture; generated when missing. Returns (path, meta)."""
    caps = out / "captures"
    caps.mkdir(parents=True, exist_ok=True)
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


# ------------------------------------------------------------ timing

def timed_run(build_dir, cap, mode, timeout, stdout_path=None, variant=None):
    """One tshark run through tests/tshark-dev: wall, CPU and peak RSS."""
    args = [a.format(cap=cap) for a in MODES[mode]] + VARIANT_EXTRA.get((mode, variant), [])
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


def bench_capture(dirs, cap, meta, modes, runs, timeout, out):
    """All modes of one capture, the variants alternating (rotated each round)."""
    with open(cap, "rb") as f:  # into the page cache before the first timed run
        while f.read(1 << 24):
            pass
    results = []
    for mode in modes:
        samples = {v: [] for v in VARIANTS}
        for r in range(runs):
            order = VARIANTS[r % 3:] + VARIANTS[:r % 3]
            for v in order:
                check = mode == "expert" and r == 0
                stdout_path = out / f"expert-{v}.txt" if check else None
                s = timed_run(dirs[v], cap, mode, timeout, stdout_path, v)
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
        for v in VARIANTS:
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


def callgrind_run(build_dir, cap, outfile, env_extra=None):
    env = clean_env(env_extra)
    env["WIRESHARK_PLUGIN_DIR"] = str(Path(build_dir) / "plugins")
    cmd = [*userns_prefix(), "valgrind", "--tool=callgrind", f"--callgrind-out-file={outfile}", "tshark",
           "-n", "-r", str(cap)]
    res = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    if res.returncode != 0:
        sys.exit(f"run_bench: callgrind failed: {res.stderr[-2000:]}")
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


def field_names(dirs, cap):
    res = subprocess.run([TSHARK_DEV, "--build", dirs["null"], "-n", "-r", cap], capture_output=True,
                         text=True, env=clean_env({"SANULL_VERBOSE": "1"}), check=True)
    return re.findall(r"^sanull: wants (\S+)$", res.stderr, re.M)


def callgrind_section(dirs, cap, meta, out, jobs, per_field):
    cg = out / "callgrind"
    cg.mkdir(exist_ok=True)
    jobs_list = {
        "plain": (dirs["plain"], None),
        "null": (dirs["null"], None),
        "null+extract": (dirs["null"], {"SANULL_EXTRACT": "1"}),
        "sipadvisor": (dirs["sipadvisor"], None),
    }
    fields = field_names(dirs, cap) if per_field else []
    if per_field:
        jobs_list["fields:none"] = (dirs["null"], {"SANULL_FIELDS": "none"})
        jobs_list["fields:sip"] = (dirs["null"], {"SANULL_FIELDS": "sip"})
        for f in fields:
            jobs_list[f"without:{f}"] = (dirs["null"], {"SANULL_EXCLUDE": f})
            if f != "sip":
                jobs_list[f"sip+:{f}"] = (dirs["null"], {"SANULL_FIELDS": f"sip,{f}"})
    log(f"callgrind: {len(jobs_list)} runs on {cap.name}, {jobs} at a time")
    ir = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        futs = {ex.submit(callgrind_run, d, cap, cg / f"{re.sub(r'[^A-Za-z0-9.+-]', '_', k)}.out", e): k
                for k, (d, e) in jobs_list.items()}
        for fut in concurrent.futures.as_completed(futs):
            ir[futs[fut]] = fut.result()
            log(f"  callgrind {futs[fut]:40} {ir[futs[fut]]:>15,} Ir")
    rows = {k: annotate(cg / f"{k}.out") for k in ("plain", "null", "null+extract", "sipadvisor")}
    dissect = {k: inclusive_of(r, "epan_dissect_run_with_taps") for k, r in rows.items()}
    own = [(i, f, fn) for i, f, fn, obj in rows["sipadvisor"] if obj.endswith("/sipadvisor.so")]
    own.sort(reverse=True)
    extract_null = inclusive_of(rows["null+extract"], "sa_fields_extract")
    return {"capture": meta["name"], "messages": meta["messages"], "packets": meta["packets"], "ir": ir,
            "dissect_ir": dissect, "top": own[:15],
            "dissect_sipadvisor_ir": inclusive_of(rows["sipadvisor"], "dissect_sipadvisor"),
            "extract_ir_null": extract_null, "fields": fields}


# ------------------------------------------------------------ report

def fmt_range(st, scale=1.0, digits=2):
    return (f"{st['median'] * scale:.{digits}f} ({st['min'] * scale:.{digits}f}-"
            f"{st['max'] * scale:.{digits}f})")


def medians(row):
    """{variant: {wall, cpu, rss_kb: median}} of one result row."""
    return {v: {k: row["variants"][v][k]["median"] for k in ("wall", "cpu", "rss_kb")} for v in VARIANTS}


def ratio(a, b):
    return a / b if b else float("nan")


def report(env_info, results, cg):
    lines = []
    w = lines.append
    w("# sipadvisor benchmark")
    w("")
    for k, v in env_info.items():
        w(f"- {k}: {v}")
    w("")
    w("## Wall time, CPU time (user+sys) and peak RSS: median (min-max)")
    w("")
    w("| capture | packets | tshark | variant | wall s | CPU s | peak RSS MiB | CPU us/packet |")
    w("|---|---:|---|---|---|---|---|---:|")
    for row in results:
        for v in VARIANTS:
            st = row["variants"][v]
            w(f"| {row['capture']} | {row['packets']} | {row['mode']} | {v} | {fmt_range(st['wall'])} | "
              f"{fmt_range(st['cpu'])} | {fmt_range(st['rss_kb'], 1 / 1024, 0)} | "
              f"{st['cpu']['median'] / row['packets'] * 1e6:.1f} |")
    w("")
    w("## Ratios of the medians")
    w("")
    w("| capture | tshark | CPU sa/plain | CPU null/plain | CPU sa/null | wall sa/plain | wall null/plain | "
      "wall sa/null | RSS sa/plain | RSS null/plain | RSS sa/null |")
    w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in results:
        m = medians(row)
        cells = []
        for k in ("cpu", "wall", "rss_kb"):
            cells += [ratio(m["sipadvisor"][k], m["plain"][k]), ratio(m["null"][k], m["plain"][k]),
                      ratio(m["sipadvisor"][k], m["null"][k])]
        w(f"| {row['capture']} | {row['mode']} | " + " | ".join(f"{c:.3f}" for c in cells) + " |")
    if cg:
        ir = cg["ir"]
        d = cg["dissect_ir"]
        n = cg["messages"]
        w("")
        w(f"## callgrind: instructions (Ir), `tshark -n -r` on {cg['capture']} ({cg['packets']} packets)")
        w("")
        w("| variant | total Ir | ratio to plain | epan_dissect_run_with_taps Ir | ratio to plain | "
          "Ir per SIP message over plain |")
        w("|---|---:|---:|---:|---:|---:|")
        for v in ("plain", "null", "null+extract", "sipadvisor"):
            w(f"| {v} | {ir[v]:,} | {ratio(ir[v], ir['plain']):.3f} | {d[v]:,} | "
              f"{ratio(d[v], d['plain']):.3f} | {(ir[v] - ir['plain']) / max(n, 1):,.0f} |")
        w("")
        total_over = ir["sipadvisor"] - ir["plain"]
        fields_over = ir["null"] - ir["plain"]
        extract = ir["null+extract"] - ir["null"]
        rest = ir["sipadvisor"] - ir["null+extract"]
        w("Where sipadvisor's extra instructions go:")
        w("")
        w("| part | Ir | per SIP message | share of sipadvisor - plain |")
        w("|---|---:|---:|---:|")
        for name, val in (("wanted fields (null - plain: tree + SIP header parsing)", fields_over),
                          ("extraction (null+extract - null)", extract),
                          ("analysis, tree, expert (sipadvisor - null+extract)", rest),
                          ("total (sipadvisor - plain)", total_over)):
            w(f"| {name} | {val:,} | {val / max(n, 1):,.0f} | {ratio(val, total_over) * 100:.1f}% |")
        w("")
        w(f"Top {len(cg['top'])} functions of sipadvisor.so, inclusive Ir (dissect_sipadvisor = all of "
          f"sipadvisor's own code: {cg['dissect_sipadvisor_ir']:,} Ir, "
          f"{ratio(cg['dissect_sipadvisor_ir'], ir['sipadvisor']) * 100:.2f}% of the run):")
        w("")
        w("| inclusive Ir | per SIP message | share of total | function |")
        w("|---:|---:|---:|---|")
        for i, f, fn in cg["top"]:
            w(f"| {i:,} | {i / max(n, 1):,.0f} | {ratio(i, ir['sipadvisor']) * 100:.2f}% | "
              f"`{fn}` ({os.path.basename(f)}) |")
        if cg["fields"]:
            full = ir["null"]
            base = ir["fields:sip"]
            w("")
            w("Per wanted field (null plugin wanting subsets; Ir over the whole run):")
            w("")
            w(f"- no field wanted: {ir['fields:none']:,} Ir "
              f"({ratio(ir['fields:none'], ir['plain']):.3f} x plain)")
            w(f"- only `sip` (a tree for every packet): {base:,} Ir, +{base - ir['plain']:,} over plain "
              f"({ratio(base - ir['plain'], full - ir['plain']) * 100:.1f}% of the null overhead)")
            w(f"- all {len(cg['fields'])} fields (null): +{full - ir['plain']:,} over plain")
            w("")
            w("| field | saved when left out (all - all without it) | share of null - plain | "
              "added to `sip` alone (sip+it - sip) |")
            w("|---|---:|---:|---:|")
            entries = []
            for f in cg["fields"]:
                saved = full - ir[f"without:{f}"]
                added = ir[f"sip+:{f}"] - base if f != "sip" else base - ir["plain"]
                entries.append((saved, f, added))
            for saved, f, added in sorted(entries, reverse=True):
                w(f"| `{f}` | {saved:,} | {ratio(saved, full - ir['plain']) * 100:.1f}% | {added:,} |")
    w("")
    w("## For the README")
    w("")
    w("| capture | tshark | plain CPU s | +null CPU s | +sipadvisor CPU s | CPU sipadvisor/plain | "
      "null/plain | sipadvisor/null | wall sipadvisor/plain | peak RSS sipadvisor/plain |")
    w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in results:
        m = medians(row)
        what = (f"{human(row['messages'])} SIP msgs" if row["kind"] == "sip"
                else f"{human(row['packets'])} non-SIP pkts")
        w(f"| {what} | {row['mode']} | {m['plain']['cpu']:.2f} | {m['null']['cpu']:.2f} | "
          f"{m['sipadvisor']['cpu']:.2f} | {ratio(m['sipadvisor']['cpu'], m['plain']['cpu']):.2f} | "
          f"{ratio(m['null']['cpu'], m['plain']['cpu']):.2f} | "
          f"{ratio(m['sipadvisor']['cpu'], m['null']['cpu']):.2f} | "
          f"{ratio(m['sipadvisor']['wall'], m['plain']['wall']):.2f} | "
          f"{ratio(m['sipadvisor']['rss_kb'], m['plain']['rss_kb']):.2f} |")
    if cg:
        w(f"| {human(cg['messages'])} SIP msgs | callgrind Ir, -n -r | {cg['ir']['plain']:,} | "
          f"{cg['ir']['null']:,} | {cg['ir']['sipadvisor']:,} | "
          f"{ratio(cg['ir']['sipadvisor'], cg['ir']['plain']):.2f} | "
          f"{ratio(cg['ir']['null'], cg['ir']['plain']):.2f} | "
          f"{ratio(cg['ir']['sipadvisor'], cg['ir']['null']):.2f} | | |")
    return "\n".join(lines) + "\n"


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
                    help="smoke test: 10k messages, 10k non-SIP packets, 2 runs, callgrind on 2k, "
                         "no per-field")
    ap.add_argument("--out", type=Path, default=SOURCE / "build" / "bench",
                    help="captures, null plugin build and results (default build/bench)")
    ap.add_argument("--build", type=Path, default=SOURCE / "build", help="sipadvisor's build folder")
    ap.add_argument("--no-rebuild", action="store_true",
                    help="use the build's sipadvisor.so as it is (build only when missing)")
    ap.add_argument("--runs", type=int, help="timed runs per variant (default 5; quick 2)")
    ap.add_argument("--sizes", type=lambda s: [parse_count(x) for x in s.split(",") if x and x != "none"],
                    help="SIP messages per capture, e.g. 100k,1M (default; quick 10k; none: no SIP capture)")
    ap.add_argument("--modes", default="single,two-pass,expert,tree", help="tshark modes: single,two-pass,expert,tree")
    ap.add_argument("--non-sip", type=parse_count, help="non-SIP packets (default 1M; quick 10k; 0: none)")
    ap.add_argument("--non-sip-modes", default="single", help="modes for the non-SIP capture")
    ap.add_argument("--transport", choices=("udp", "tcp", "mixed"), default="mixed")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--callgrind", type=parse_count,
                    help="SIP messages of the callgrind capture (default 10k; quick 2k; 0: skip)")
    ap.add_argument("--per-field", dest="per_field", action="store_true", default=None,
                    help="callgrind per wanted field (default on; off with --quick)")
    ap.add_argument("--no-per-field", dest="per_field", action="store_false")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                    help="callgrind runs at a time (instruction counts do not depend on it)")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per tshark run")
    args = ap.parse_args()
    q = args.quick
    runs = args.runs or (2 if q else 5)
    sizes = args.sizes if args.sizes is not None else ([10000] if q else [100000, 1000000])
    non_sip = args.non_sip if args.non_sip is not None else (10000 if q else 1000000)
    cg_n = args.callgrind if args.callgrind is not None else (2000 if q else 10000)
    per_field = args.per_field if args.per_field is not None else not q
    modes = [m for m in args.modes.split(",") if m]
    ns_modes = [m for m in args.non_sip_modes.split(",") if m]
    for m in modes + ns_modes:
        if m not in MODES:
            sys.exit(f"run_bench: unknown mode {m} (one of {', '.join(MODES)})")
    if cg_n and not (shutil.which("valgrind") and shutil.which("callgrind_annotate")):
        sys.exit("run_bench: valgrind is needed for the callgrind part (or --callgrind 0)")

    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    release, ws_version = ws_release()
    sa_so, build_type = build_sipadvisor(args.build.resolve(), not args.no_rebuild)
    null_build = build_null(out)
    dirs = variant_dirs(out, sa_so, null_build, release)
    check_plugins(dirs)
    env_info = environment(dirs["sipadvisor"] / "plugins" / release / "epan" / "sipadvisor.so", build_type,
                           ws_version, runs)

    plan = [("sip", n, modes) for n in sizes]
    if non_sip:
        plan.append(("nonsip", non_sip, ns_modes))
    caps = [(capture(out, kind, n, args.transport, args.seed), m) for kind, n, m in plan]
    cg_cap = capture(out, "sip", cg_n, args.transport, args.seed) if cg_n else None

    t_start = time.monotonic()
    env_info["load average at start"] = load_average()
    results = []
    for (cap, meta), m in caps:
        results += bench_capture(dirs, cap, meta, m, runs, args.timeout, out)
        (out / "results-partial.json").write_text(json.dumps({"environment": env_info, "results": results},
                                                             indent=1, default=str))
    env_info["load average after the timed runs"] = load_average()
    cg = callgrind_section(dirs, cg_cap[0], cg_cap[1], out, args.jobs, per_field) if cg_cap else None
    env_info["benchmark time"] = f"{time.monotonic() - t_start:.0f} s"

    text = report(env_info, results, cg)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    (out / f"results-{stamp}.md").write_text(text)
    (out / f"results-{stamp}.json").write_text(json.dumps(
        {"environment": env_info, "results": results, "callgrind": cg}, indent=1, default=str))
    log(f"results: {out}/results-{stamp}.md")
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
