#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""ctest sanitize.captures: tshark with the ASan + UBSan build of sipadvisor
over every testdata capture (single pass and -2) and ../shared/captures
(when present; -2, which analyses in its first pass and draws in its
second), each with the full tree (-V). Fails on a crash, a hang, or any
sanitizer report that names sipadvisor.

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


def main():
    sanrun.build_sanitized()
    if not self_test():
        return 1
    if not os.path.isdir(sanrun.SHARED_CAPTURES):
        sanrun.log(f"SKIPPED PART: {sanrun.SHARED_CAPTURES} is absent; testdata captures only")
    paths = sanrun.captures()
    failures = []
    others = 0
    start = time.monotonic()
    shared = os.path.join(os.path.realpath(sanrun.SHARED_CAPTURES), "")
    jobs = [(path, args) for path in paths for args in (["-V"], ["-2", "-V"])
            if args == ["-2", "-V"] or not os.path.realpath(path).startswith(shared)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for result in pool.map(lambda job: sanrun.run(*job), jobs):
            others += len(result.others)
            if result.failed():
                failures.append(result)
                sanrun.log("FAIL " + result.describe())
    runs = len(jobs)
    sanrun.log(f"{runs} sanitized tshark runs over {len(paths)} captures in {time.monotonic() - start:.0f} s: "
               f"{len(failures)} failed; {others} sanitizer report(s) not naming sipadvisor (ignored)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
