# SPDX-License-Identifier: GPL-2.0-or-later
"""Every source, script and build file carries the plugin's SPDX licence."""
import subprocess
import sys

root = sys.argv[1]
files = subprocess.run(["git", "-C", root, "ls-files"], capture_output=True, text=True,
                       check=True).stdout.split()
wanted = (".c", ".h", ".py", ".sh", ".cmake", "CMakeLists.txt", ".clang-format", "run", "tshark-dev")
missing = []
checked = 0
for name in files:
    if not name.endswith(wanted) or name.startswith("testdata/") and name.endswith(".xml"):
        continue
    checked += 1
    with open(f"{root}/{name}", encoding="utf-8", errors="replace") as f:
        head = f.read(600)
    if "SPDX-License-Identifier: GPL-2.0-or-later" not in head:
        missing.append(name)
print(f"{checked} files checked")
if missing:
    print("missing SPDX-License-Identifier: GPL-2.0-or-later in:\n  " + "\n  ".join(missing))
    sys.exit(1)
