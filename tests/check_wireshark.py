#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Wireshark's own source checks on the plugin sources.

Runs ../shared/tools/wireshark-checks/check-plugin.sh (checkAPIs.pl with
the dissector groups, checkhf.pl, check_val_to_str.py, check_tfs.py) over
plugin/ and fails on any finding that is not in ALLOWED below. Exits 77
(skipped) with a message when the checks are not beside the checkout.
"""
import os
import re
import subprocess
import sys

SOURCE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECKS = os.path.join(os.path.dirname(SOURCE), "shared", "tools", "wireshark-checks")

# Findings that do not fit this plugin: (regex on the line, reason).
ALLOWED = [
    (r"NO ARRAY: packet-sipadvisor\.c, hf_sipadvisor_item$",
     "checkhf.pl reads 'static int hf_x = -1;' lines only; the values the rules read are registered "
     "from the table in sipadvisor-items.h as the array hf_sipadvisor_item[], so that adding an item "
     "is one table row (the registration is in proto_register_sipadvisor, SA_HF_REGISTER)"),
]

# Lines the scripts print that are not findings.
NOISE = re.compile(r"^(== .*|Examining:|epan/dissectors/.*|0 warnings found|)$")


def main():
    script = os.path.join(CHECKS, "check-plugin.sh")
    if not os.path.exists(script):
        print(f"SKIP: Wireshark's check scripts not found at {CHECKS}")
        return 77
    proc = subprocess.run(["sh", script, os.path.join(SOURCE, "plugin")], capture_output=True, text=True,
                          timeout=300)
    output = (proc.stdout + proc.stderr).splitlines()
    findings = []
    for line in output:
        line = line.strip()
        if NOISE.match(line):
            continue
        if any(re.search(pattern, line) for pattern, _ in ALLOWED):
            print(f"allowed: {line}")
            continue
        findings.append(line)
    print("\n".join(output))
    if findings:
        print(f"\nFAIL: {len(findings)} finding(s):")
        for f in findings:
            print(f"  {f}")
        return 1
    if proc.returncode != 0 and not any(re.search(p, "\n".join(output), re.M) for p, _ in ALLOWED):
        print(f"FAIL: check-plugin.sh exited with {proc.returncode}")
        return 1
    print("OK: no finding")
    return 0


if __name__ == "__main__":
    sys.exit(main())
