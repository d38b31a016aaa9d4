# SPDX-License-Identifier: GPL-2.0-or-later
"""Every source, script and build file carries the plugin's SPDX licence."""
import os
import sys

root = sys.argv[1]
files = []
for top in ("plugin", "cmake", "tests", "testdata", ".ci", "profile"):
    for dirpath, _, names in os.walk(os.path.join(root, top)):
        files += [os.path.relpath(os.path.join(dirpath, n), root) for n in names]
files.append("CMakeLists.txt")
files.append(".clang-format")
wanted = (".c", ".h", ".py", ".sh", ".cmake", "CMakeLists.txt", ".clang-format", "run", "tshark-dev",
          # the configuration profile; a file whose format takes no comment
          # (profile/dfilters) has its licence in FILE.license
          "colorfilters", "dfilter_buttons", "preferences", ".license")
for name in list(files):
    if name.startswith("profile/") and not name.endswith(wanted) and name + ".license" not in files:
        files.append(name + ".license")
missing = []
checked = 0
for name in files:
    if not name.endswith(wanted) or name.startswith("testdata/") and name.endswith(".xml"):
        continue
    checked += 1
    if not os.path.exists(f"{root}/{name}"):
        missing.append(name)
        continue
    with open(f"{root}/{name}", encoding="utf-8", errors="replace") as f:
        head = f.read(2000)
    if "SPDX-License-Identifier: GPL-2.0-or-later" not in head:
        missing.append(name)
print(f"{checked} files checked")
if missing:
    print("missing SPDX-License-Identifier: GPL-2.0-or-later in:\n  " + "\n  ".join(missing))
    sys.exit(1)
