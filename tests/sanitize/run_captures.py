#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""ctest sanitize.captures: tshark with the ASan + UBSan build of sipadvisor
over every testdata capture (single pass and -2) and ../shared/captures
(when present; -2, which analyses in its first pass and draws in its
second), each with the full tree (-V). Fails on a crash, a hang, or any
sanitizer report that names sipadvisor.

Under ASan most of a tshark run is its start-up, so the captures are read
in a few concatenated files (mergecap -a, one group per CPU and set of
captures) rather than one run each: every frame of every capture is
dissected, after the frames of the captures before it in its group (so the
analysis also sees their transactions, which is more input, not less). A
group that fails is run again capture by capture, to name the capture; a
capture that mergecap cannot read to its end is run on its own.

First it proves the detection works: the sanitizer build plants a heap
overflow or a leak on request (SIPADVISOR_SELFTEST) and both must be caught
and attributed to sipadvisor.
"""
import concurrent.futures
import os
import sys
import time

import sanrun


def self_test():
    probe = os.path.join(sanrun.SOURCE, "testdata", "421-udp.pcap")
    for kind, expect in (("overflow", "runtime error"), ("leak", "Direct leak of 16 byte")):
        result = sanrun.run(probe, env_extra={"SIPADVISOR_SELFTEST": kind})
        caught = [r for r in result.ours if expect in r[0]]
        if not caught:
            sanrun.log(f"FAIL: the planted {kind} was not reported as sipadvisor's:\n{result.describe()}")
            return False
        sanrun.log(f"self-test: planted {kind} caught ({caught[0][0].strip()[:90]})")
    return True


def run_group(members, merged, problem, args):
    """[(name, Result)] of one group: its concatenation MERGED in one run,
    and capture by capture when that fails or could not be made (PROBLEM,
    what sanrun.merge said)."""
    if problem is None:
        result = sanrun.run(merged, args, timeout=900)
        if not result.failed():
            return [(f"{len(members)} captures", result)]
        sanrun.log("FAIL " + result.describe())
        sanrun.log(f"  the group's captures, one by one: {' '.join(os.path.basename(m) for m in members)}")
        outcome = [(f"{len(members)} captures", result)]
    else:
        sanrun.log(f"group not concatenated ({problem}): its captures one by one")
        outcome = []
    return outcome + [(os.path.basename(m), sanrun.run(m, args)) for m in members]


def main():
    sanrun.build_sanitized()
    if not self_test():
        return 1
    if not os.path.isdir(sanrun.SHARED_CAPTURES):
        sanrun.log(f"SKIPPED PART: {sanrun.SHARED_CAPTURES} is absent; testdata captures only")
    own = sanrun.captures(include_shared=False)
    shared = [p for p in sanrun.captures() if p not in own]
    cpus = os.cpu_count() or 1
    workdir = os.path.join(sanrun.ASAN_BUILD, "capture-groups")
    os.makedirs(workdir, exist_ok=True)
    os.chmod(workdir, 0o755)  # tshark may run as another user (tests/tshark-dev)
    jobs = []
    for modes, groups in (((["-V"], ["-2", "-V"]), sanrun.batches(own, cpus)),
                          ((["-2", "-V"],), sanrun.batches(shared, cpus))):
        for group in groups:
            merged = os.path.join(workdir, f"group{len(jobs)}.pcapng")
            problem = sanrun.merge(group, merged)
            jobs += [(group, merged, problem, args) for args in modes]
    failures = []
    others = 0
    runs = 0
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=cpus) as pool:
        for outcome in pool.map(lambda job: run_group(*job), jobs):
            for name, result in outcome:
                runs += 1
                others += len(result.others)
                if result.failed():
                    failures.append(result)
                    sanrun.log(f"FAIL [{name}] " + result.describe())
    captures = len(own) * 2 + len(shared)
    sanrun.log(f"{captures} capture readings ({len(own)} testdata captures x 2 modes, {len(shared)} shared x -2) "
               f"in {runs} sanitized tshark runs, {time.monotonic() - start:.0f} s: {len(failures)} failed; "
               f"{others} sanitizer report(s) not naming sipadvisor (ignored)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
