#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""ctest sanitize.capture-fuzz: mutates the testdata captures (and
../shared/captures when present) and runs the sanitizer build of sipadvisor
over each mutant, alternating single pass and -2, until the time budget is
spent. Mutations, in a fixed order so that a run is reproducible:

  editcap -E RATE --seed S   random byte errors (rates 0.002 0.01 0.05 0.2;
                             -o 42 spares the link/IP/UDP headers in half of
                             them so that the errors land in SIP)
  editcap -s SNAPLEN          truncated frames (60 200 500)
  reorder                     frames shuffled (seeded), timestamps kept
  cut                         the file cut at a seeded offset

A mutant that crashes tshark, hangs, or makes a sanitizer name sipadvisor is
copied to BUILD/capture-fuzz/crashers/ and the run fails; keep it as a
regression capture in testdata/fuzz-regressions/ (sanitize.captures runs it).

  capture_fuzz.py [--seconds N] [--seed S]   (default 60 s, seed 1)
"""
import argparse
import concurrent.futures
import os
import random
import shutil
import struct
import subprocess
import sys
import time

import sanrun

WORK = os.path.join(sanrun.BUILD, "capture-fuzz")


def editcap(args, src, dst):
    subprocess.run(["editcap", *args, src, dst], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def read_pcap(path):
    """(header, [(record header, data)]) of a classic pcap file."""
    with open(path, "rb") as f:
        data = f.read()
    magic = data[:4]
    endian = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    records = []
    pos = 24
    while pos + 16 <= len(data):
        incl = struct.unpack(endian + "I", data[pos + 8:pos + 12])[0]
        records.append((data[pos:pos + 16], data[pos + 16:pos + 16 + incl]))
        pos += 16 + incl
    return data[:24], records


def reorder(src, dst, rng):
    """Shuffles the frames (each keeps its own timestamp)."""
    tmp = dst + ".pcap-in"
    editcap(["-F", "pcap"], src, tmp)
    header, records = read_pcap(tmp)
    os.unlink(tmp)
    rng.shuffle(records)
    with open(dst, "wb") as f:
        f.write(header)
        for rec, data in records:
            f.write(rec + data)


def cut(src, dst, rng):
    with open(src, "rb") as f:
        data = f.read()
    with open(dst, "wb") as f:
        f.write(data[:rng.randrange(24, max(25, len(data)))])


def mutations(seed):
    """(name, function(src, dst)) in a fixed order, cycling through seeds."""
    for round_no in range(1000000):
        s = seed * 1000 + round_no
        for rate in ("0.002", "0.01", "0.05", "0.2"):
            offset = ["-o", "42"] if (round_no + int(float(rate) * 1000)) % 2 else []
            yield (f"E{rate}{'o42' if offset else ''}-s{s}",
                   lambda a, b, rate=rate, offset=offset, s=s: editcap(["-E", rate, "--seed", str(s), *offset], a, b))
        if round_no == 0:
            for snap in ("60", "200", "500"):
                yield f"s{snap}", lambda a, b, snap=snap: editcap(["-s", snap], a, b)
        yield f"reorder-s{s}", lambda a, b, s=s: reorder(a, b, random.Random(s))
        yield f"cut-s{s}", lambda a, b, s=s: cut(a, b, random.Random(s))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("SIPADVISOR_CAPFUZZ_SECONDS", 60)))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    sanrun.build_sanitized()
    seeds = sanrun.captures()
    if not os.path.isdir(sanrun.SHARED_CAPTURES):
        sanrun.log(f"SKIPPED PART: {sanrun.SHARED_CAPTURES} is absent; mutating testdata captures only")
    # Small captures first in each round: more mutants per second.
    seeds.sort(key=os.path.getsize)
    seeds = [s for s in seeds if os.path.getsize(s) <= 2_000_000]
    shutil.rmtree(os.path.join(WORK, "mutants"), ignore_errors=True)
    os.makedirs(os.path.join(WORK, "mutants"), exist_ok=True)
    os.makedirs(os.path.join(WORK, "crashers"), exist_ok=True)

    deadline = time.monotonic() + args.seconds
    counts = {"mutants": 0, "runs": 0, "tshark_errors": 0, "other_reports": 0}
    kinds = {}
    failures = []
    gen = mutations(args.seed)

    def make(n):
        """Mutant n: the next mutation applied to the next seed capture,
        and the tshark mode (single pass and -2 alternate per round)."""
        name, mutate = next(gen)
        src = seeds[n % len(seeds)]
        base = os.path.splitext(os.path.basename(src))[0]
        dst = os.path.join(WORK, "mutants", f"{n:05d}-{base}-{name}.pcap")
        try:
            mutate(src, dst)
        except (subprocess.CalledProcessError, OSError):
            return None
        mode = ["-V"] if (n // len(seeds)) % 2 == 0 else ["-2", "-V"]
        return name, dst, mode

    workers = os.cpu_count() or 1
    n = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        while time.monotonic() < deadline:
            batch = []
            while len(batch) < workers:
                job = make(n)
                n += 1
                if job is not None:
                    batch.append(job)
            results = pool.map(lambda job: sanrun.run(job[1], job[2], timeout=120), batch)
            for (name, dst, _), result in zip(batch, results):
                counts["mutants"] += 1
                counts["runs"] += 1
                kind = name.split("-")[0]
                kinds[kind] = kinds.get(kind, 0) + 1
                counts["other_reports"] += len(result.others)
                if result.returncode not in (0, 2) and not result.failed():
                    counts["tshark_errors"] += 1
                if result.failed():
                    kept = os.path.join(WORK, "crashers", os.path.basename(dst))
                    shutil.copy(dst, kept)
                    failures.append(result)
                    sanrun.log(f"FAIL {result.describe()}\n    kept as {kept}; add it to testdata/fuzz-regressions/")
                else:
                    os.unlink(dst)
    sanrun.log(f"capture fuzzing: {counts['mutants']} mutants of {len(seeds)} captures, {counts['runs']} sanitized "
               f"runs in {args.seconds:.0f} s; by mutation: "
               + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
               + f"; {len(failures)} failed; {counts['tshark_errors']} tshark error exit(s); "
               f"{counts['other_reports']} sanitizer report(s) not naming sipadvisor")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
