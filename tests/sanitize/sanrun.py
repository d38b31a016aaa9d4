# SPDX-License-Identifier: GPL-2.0-or-later
"""tshark with the sanitizer build of sipadvisor (ASan + UBSan runtimes
preloaded into tshark only), and the reading of what the sanitizers said.

A report counts against sipadvisor when one of its frames names the plugin
(its source folder, the .so, or a sipadvisor function): tshark itself is not
instrumented, but LeakSanitizer sees every allocation, so the leaks of other
dissectors also show up and are only counted, not failed.
"""
import functools
import glob
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("SIPADVISOR_SOURCE", os.path.dirname(os.path.dirname(HERE)))
BUILD = os.environ.get("SIPADVISOR_BUILD", os.path.join(SOURCE, "build"))
ASAN_BUILD = os.path.join(BUILD, "asan")
TSHARK_DEV = os.path.join(SOURCE, "tests", "tshark-dev")
SHARED_CAPTURES = os.path.join(os.path.dirname(SOURCE), "shared", "captures")
CAPTURE_GLOBS = ("*.pcap", "*.pcapng", "*.cap")


@functools.lru_cache(maxsize=None)
def runtime(name):
    """Path of GCC's sanitizer runtime (the plugin is built with GCC)."""
    path = subprocess.run(["gcc", f"-print-file-name={name}"], capture_output=True,
                          text=True, check=True).stdout.strip()
    if not os.path.isabs(path) or not os.path.exists(path):
        raise SystemExit(f"sanitizer runtime {name} not found (gcc -print-file-name)")
    return path


def build_sanitized():
    """Configures and builds the plugin with SIPADVISOR_SANITIZE=ON."""
    subprocess.run(["cmake", "-S", SOURCE, "-B", ASAN_BUILD, "-DSIPADVISOR_SANITIZE=ON",
                    "-DCMAKE_BUILD_TYPE=RelWithDebInfo"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", ASAN_BUILD, "--target", "sipadvisor", "-j", str(os.cpu_count() or 1)],
                   check=True, stdout=subprocess.DEVNULL)


def captures(include_shared=True):
    """testdata captures (with regressions), then the shared corpus if present."""
    found = []
    for pattern in CAPTURE_GLOBS:
        found += glob.glob(os.path.join(SOURCE, "testdata", "**", pattern), recursive=True)
    found = sorted(found)
    if include_shared and os.path.isdir(SHARED_CAPTURES):
        shared = []
        for pattern in CAPTURE_GLOBS:
            shared += glob.glob(os.path.join(SHARED_CAPTURES, pattern))
        found += sorted(shared)
    return found


REPORT_START = re.compile(r"==\d+==ERROR: |^\S+:\d+:\d+: runtime error: |^(Direct|Indirect) leak of ")
FRAME = re.compile(r"^\s+#\d+ ")


def split_reports(stderr):
    """Sanitizer reports in stderr: each a list of lines, from its first line
    to the next report or blank line after its stack."""
    reports = []
    current = None
    for line in stderr.splitlines():
        if REPORT_START.search(line):
            current = [line]
            reports.append(current)
        elif current is not None:
            if line.strip() == "" and any(FRAME.match(x) for x in current):
                current = None
            else:
                current.append(line)
    # "==N==ERROR: LeakSanitizer" only heads the leak blocks that follow.
    return [r for r in reports if not (len(r) <= 2 and "LeakSanitizer: detected memory leaks" in r[0])]


def involves_sipadvisor(report):
    marks = (os.path.join(SOURCE, "plugin") + os.sep, "sipadvisor", "sa_ctx_", "sa_fields_")
    return any(mark in line for line in report for mark in marks)


class Result:
    def __init__(self, path, args, returncode, stdout, stderr, timed_out):
        self.path = path
        self.args = args
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.timed_out = timed_out
        self.reports = split_reports(stderr)
        self.ours = [r for r in self.reports if involves_sipadvisor(r)]
        self.others = [r for r in self.reports if not involves_sipadvisor(r)]

    @property
    def crashed(self):
        # A signal, or the sanitizers' abort (UBSan/ASan exit 1 after a report).
        return self.returncode < 0 or self.returncode >= 128 or (self.returncode == 1 and self.reports)

    def failed(self):
        return self.timed_out or self.crashed or bool(self.ours)

    def describe(self):
        what = "timeout" if self.timed_out else f"exit {self.returncode}"
        lines = [f"{self.path} [{' '.join(self.args)}]: {what}, {len(self.ours)} report(s) naming sipadvisor, "
                 f"{len(self.others)} other"]
        for report in (self.ours or self.reports)[:3]:
            lines += ["    " + x for x in report[:14]]
        if not self.reports and self.returncode != 0:
            lines += ["    " + x for x in self.stderr.splitlines()[-8:]]
        return "\n".join(lines)


def run(path, args=(), env_extra=None, timeout=120, keep_stdout=False):
    """tshark -n -r PATH ARGS with the sanitizer build; stdout is dropped
    unless keep_stdout."""
    env = dict(os.environ)
    env["SIPADVISOR_PRELOAD"] = f"{runtime('libasan.so')} {runtime('libubsan.so')}"
    # Leaks are checked by the plugin's cleanup while it is still loaded
    # (see packet-sipadvisor.c); at exit its frames could not be named.
    env["ASAN_OPTIONS"] = ("detect_leaks=1:leak_check_at_exit=0:fast_unwind_on_malloc=0:"
                           "halt_on_error=1:abort_on_error=0:detect_odr_violation=0")
    env["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"
    if env_extra:
        env.update(env_extra)
    cmd = [TSHARK_DEV, "--build", ASAN_BUILD, "-n", "-r", path, *args]
    try:
        proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE if keep_stdout else subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, errors="replace", timeout=timeout)
        return Result(path, list(args), proc.returncode, proc.stdout or "", proc.stderr, False)
    except subprocess.TimeoutExpired as e:
        err = e.stderr.decode(errors="replace") if isinstance(e.stderr, bytes) else (e.stderr or "")
        return Result(path, list(args), -9, "", err, True)


def merge(paths, dst):
    """Concatenates PATHS into one pcapng file DST (mergecap -a: each file's
    frames after the previous file's, timestamps as they are). Returns an
    error text, or None when mergecap read every file to its end."""
    proc = subprocess.run(["mergecap", "-a", "-F", "pcapng", "-w", dst, *paths],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, errors="replace")
    if proc.returncode != 0 or proc.stderr.strip():
        return f"mergecap exit {proc.returncode}: {proc.stderr.strip()[:300]}"
    return None


def batches(paths, count):
    """PATHS in at most COUNT groups of about the same total size (the
    largest file first into the lightest group), each in name order."""
    groups = [[0, []] for _ in range(max(1, min(count, len(paths))))]
    for path in sorted(paths, key=os.path.getsize, reverse=True):
        lightest = min(groups, key=lambda g: g[0])
        lightest[0] += os.path.getsize(path)
        lightest[1].append(path)
    return [sorted(g[1]) for g in groups if g[1]]


def log(msg):
    print(msg, flush=True)
    sys.stdout.flush()
