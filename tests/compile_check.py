# SPDX-License-Identifier: GPL-2.0-or-later
"""compile_check.py SUITE BUILD_DIR SOURCE_DIR

Compiles every plugin source with the flags of the real build (from CMake's
compile_commands.json), but against the Wireshark headers of another Debian
suite (trixie = 4.4, sid = 4.6), fetched by cmake/fetch-wireshark-sdk.sh.
Exit 77 (skip) when the Debian archive cannot be reached."""
import json
import os
import shlex
import subprocess
import sys

suite, build, source = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
cache = os.path.join(build, "ws-sdk")
fetch = subprocess.run([os.path.join(source, "cmake", "fetch-wireshark-sdk.sh"), suite, cache],
                       capture_output=True, text=True)
print(fetch.stdout, end="")
if fetch.returncode == 77:
    print(f"SKIP: Wireshark SDK of {suite} not reachable")
    sys.exit(77)
if fetch.returncode != 0:
    print(fetch.stderr)
    sys.exit(1)
sdk_include = os.path.join(cache, suite, "root", "usr", "include", "wireshark")

with open(os.path.join(build, "compile_commands.json"), encoding="utf-8") as f:
    commands = json.load(f)
plugin_dir = os.path.realpath(os.path.join(source, "plugin"))
failures = 0
checked = 0
for entry in commands:
    src = os.path.realpath(entry["file"])
    if os.path.dirname(src) != plugin_dir:
        continue
    args = entry.get("arguments") or shlex.split(entry["command"])
    out = []
    skip = False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg in ("-o", "-c"):
            skip = arg == "-o"
            continue
        # Swap the installed SDK for the other suite's, in -I and -isystem forms.
        out.append(arg.replace("/usr/include/wireshark", sdk_include))
    out += ["-fsyntax-only", "-Werror=incompatible-pointer-types",
            "-Werror=implicit-function-declaration"]
    proc = subprocess.run(out, cwd=entry["directory"], capture_output=True, text=True)
    checked += 1
    name = os.path.relpath(src, source)
    if proc.returncode != 0:
        failures += 1
        print(f"FAIL {name} against {suite}:\n{proc.stderr}")
    else:
        print(f"ok   {name} against {suite}")
if checked == 0:
    print("no plugin sources in compile_commands.json")
    sys.exit(1)
with open(os.path.join(sdk_include, "ws_version.h"), encoding="utf-8") as f:
    version = ".".join(l.split()[2] for l in f if l.startswith("#define WIRESHARK_VERSION_M"))
print(f"{checked - failures} passed, {failures} failed (Wireshark {version})")
sys.exit(1 if failures else 0)
