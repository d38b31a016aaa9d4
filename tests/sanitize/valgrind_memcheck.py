#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""ctest sanitize.valgrind: tshark with the normal (uninstrumented) build of
sipadvisor under Valgrind memcheck on the small testdata captures, single
pass and -2, with the full tree (-V), all in one run per mode: most of a
run under Valgrind is tshark's start-up, so the captures are concatenated
(mergecap -a) into one file; when a run has findings in sipadvisor, the
captures are run again one by one to name the one that has them. Fails on
any memcheck error whose stack passes through sipadvisor and on any
definite leak allocated by it.
--keep-debuginfo keeps the plugin's symbols after tshark unloads it at exit.
Errors and leaks of tshark itself are counted and printed, not failed.
"""
import concurrent.futures
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

from sanrun import BUILD, SOURCE, TSHARK_DEV, merge
CAPTURES = ["301-udp.pcap", "421-tcp.pcap", "malformed-udp.pcap", "followup-421-noack-udp.pcap", "no-request-udp.pcap"]


def ours(error):
    for frame in error.findall("stack/frame"):
        text = " ".join(frame.findtext(tag) or "" for tag in ("obj", "fn", "dir", "file"))
        if "sipadvisor" in text or os.path.join(SOURCE, "plugin") in text:
            return True
    return False


def describe(error):
    what = error.findtext("xwhat/text") or error.findtext("what") or ""
    lines = [f"{error.findtext('kind')}: {what}"]
    for frame in error.findall("stack/frame")[:12]:
        lines.append(f"    {frame.findtext('fn') or '?'} ({frame.findtext('file') or frame.findtext('obj') or '?'}"
                     f":{frame.findtext('line') or ''})")
    return "\n".join(lines)


def run(capture, two_pass, outdir):
    tag = f"{os.path.splitext(os.path.basename(capture))[0]}{'-2' if two_pass else ''}"
    xml = os.path.join(outdir, f"{tag}.%p.xml")
    env = dict(os.environ)
    env["SIPADVISOR_WRAPPER"] = ("valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite "
                                 "--errors-for-leak-kinds=definite --keep-debuginfo=yes --num-callers=40 "
                                 f"--xml=yes --xml-file={xml}")
    args = [TSHARK_DEV, "--build", BUILD, "-n", "-r", capture, "-V"]
    if two_pass:
        args.append("-2")
    proc = subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          timeout=600)
    files = glob.glob(os.path.join(outdir, f"{tag}.*.xml"))
    if proc.returncode != 0 or len(files) != 1:
        return tag, None, f"tshark exit {proc.returncode}, {len(files)} valgrind log(s): {proc.stderr[-2000:]}"
    root = ET.parse(files[0]).getroot()
    return tag, root.findall("error"), None


def main():
    if shutil.which("valgrind") is None:
        print("SKIP: valgrind not installed")
        return 77
    outdir = tempfile.mkdtemp(prefix="sipadvisor-valgrind-")
    os.chmod(outdir, 0o1777)  # tshark may run as another user (tests/tshark-dev)
    paths = [os.path.join(SOURCE, "testdata", c) for c in CAPTURES]
    merged = os.path.join(outdir, "captures.pcapng")
    problem = merge(paths, merged)
    if problem:
        print(f"FAIL: {problem}")
        return 1
    os.chmod(merged, 0o644)
    jobs = [(merged, two) for two in (False, True)]
    failed = 0
    others = {"errors": 0, "definite leaks": 0}

    def check(results):
        nonlocal failed
        mine_any = False
        for tag, errors, problem in results:
            if problem:
                print(f"FAIL {tag}: {problem}")
                failed += 1
                continue
            mine = [e for e in errors if ours(e)]
            for e in errors:
                if not ours(e):
                    others["definite leaks" if e.findtext("kind") == "Leak_DefinitelyLost" else "errors"] += 1
            for e in mine:
                print(f"FAIL {tag}: {describe(e)}")
            failed += bool(mine)
            mine_any = mine_any or bool(mine)
            print(f"{tag}: {len(mine)} memcheck error(s)/definite leak(s) in sipadvisor, "
                  f"{len(errors) - len(mine)} elsewhere", flush=True)
        return mine_any

    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        if check(pool.map(lambda job: run(job[0], job[1], outdir), jobs)):
            print("the captures one by one, to name the one with findings:")
            singles = [(p, two) for p in paths for two in (False, True)]
            check(pool.map(lambda job: run(job[0], job[1], outdir), singles))
    shutil.rmtree(outdir, ignore_errors=True)
    print(f"valgrind memcheck: {len(CAPTURES)} captures in {len(jobs)} runs, {failed} with findings in sipadvisor; "
          f"tshark itself: {others['errors']} error(s), {others['definite leaks']} definite leak record(s) (not sipadvisor's)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
