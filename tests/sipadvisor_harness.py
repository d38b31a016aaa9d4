# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs tshark with the build-tree sipadvisor plugin and reads its output.

Every integration test goes through here, so that a plugin that did not
load fails the suite instead of letting it pass on empty output.
"""
import os
import re
import subprocess
import unittest

SOURCE = os.environ.get(
    "SIPADVISOR_SOURCE", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("SIPADVISOR_BUILD", os.path.join(SOURCE, "build"))
TESTDATA = os.path.join(SOURCE, "testdata")
SHARED_CAPTURES = os.path.join(os.path.dirname(SOURCE), "shared", "captures")
TSHARK_DEV = os.path.join(SOURCE, "tests", "tshark-dev")
AGGREGATOR = "\x1f"  # ASCII unit separator: in no SIP field or Info column


def run_tshark(*args, check=True):
    """tshark ARGS with the plugin; returns (stdout, stderr)."""
    proc = subprocess.run([TSHARK_DEV, "--build", BUILD, *args],
                          capture_output=True, text=True, timeout=600)
    stderr = "\n".join(line for line in proc.stderr.splitlines()
                       if "Running as user" not in line)
    if check and proc.returncode != 0:
        raise AssertionError(f"tshark {' '.join(args)} failed ({proc.returncode}): {stderr}")
    return proc.stdout, stderr


def capture(name):
    path = os.path.join(TESTDATA, name)
    if not os.path.exists(path):
        raise AssertionError(f"missing capture {path}")
    return path


def fields(path, names, two_pass=False, display_filter=None, extra=()):
    """One row per frame (or per frame that passes the filter): a dict from
    field name to the list of its values in that frame."""
    args = ["-n", "-r", path, "-T", "fields", "-E", "occurrence=a",
            "-E", f"aggregator={AGGREGATOR}", "-E", "separator=/t", *extra]
    if two_pass:
        args.append("-2")
    if display_filter:
        args += ["-Y", display_filter]
    for name in ["frame.number", *names]:
        args += ["-e", name]
    out, _ = run_tshark(*args)
    return [parse_row(line, names) for line in out.splitlines()]


def parse_row(line, names):
    """A -T fields line (frame.number, then names) as a row dict."""
    cols = line.split("\t")
    row = {"frame": int(cols[0])}
    for name, value in zip(names, cols[1:]):
        row[name] = [BOOLEANS.get(v, v) for v in value.split(AGGREGATOR)] if value else []
    return row


# tshark 4.0 prints booleans as 1/0, 4.2 and later as True/False.
BOOLEANS = {"True": "1", "False": "0"}


def info_column(path, two_pass=False, extra=()):
    """The Info column as displayed, per frame number. Not the _ws.col.info
    field: from Wireshark 4.2 that is taken before post-dissectors run."""
    args = ["-n", "-r", path, "-T", "tabs", "-o", 'gui.column.format:"No.","%m","Info","%i"', *extra]
    if two_pass:
        args.append("-2")
    out, _ = run_tshark(*args)
    result = {}
    for line in out.splitlines():
        number, _, info = line.strip().partition("\t")
        result[int(number)] = info
    return result


def by_frame(rows):
    return {row["frame"]: row for row in rows}


EXPERT_LINE = re.compile(r"^\s+(\d+)\s+(\S+)\s+(\S+)\s+(.*)$")
SEVERITY_HEADER = re.compile(r"^(Errors|Warns|Notes|Chats|Comments) \(\d+\)$")


def expert_report(path, two_pass=False, display_filter=None):
    """The sipadvisor lines of `tshark -q -z expert`: a list of
    (severity, group, summary, count) in report order."""
    args = ["-n", "-r", path, "-q", "-z", "expert"]
    if two_pass:
        args.append("-2")
    if display_filter:
        args += ["-Y", display_filter]
    out, _ = run_tshark(*args)
    return parse_expert(out.splitlines())


def parse_expert(lines):
    """The sipadvisor lines of a `-z expert` report as (severity, group,
    summary, count); other lines are skipped."""
    severity = None
    entries = []
    for line in lines:
        header = SEVERITY_HEADER.match(line)
        if header:
            severity = header.group(1)
            continue
        m = EXPERT_LINE.match(line)
        if m and m.group(3) == "SIPADVISOR":
            entries.append((severity, m.group(2), m.group(4).strip(), int(m.group(1))))
    return entries


def expert_messages(path, two_pass=False):
    """Every expert message sipadvisor added, per frame, in tree order.
    _ws.expert.message does not say which protocol added a message, and
    other dissectors add their own (Wireshark 4.4's SIP: "Call ID is
    mandatory"), so the messages of a run with sipadvisor disabled are
    taken away."""
    def messages(extra):
        return {row["frame"]: row["_ws.expert.message"]
                for row in fields(path, ["_ws.expert.message"], two_pass=two_pass, extra=extra)}

    others = messages(["--disable-protocol", "sipadvisor"])
    result = {}
    for frame, msgs in messages([]).items():
        left = list(others.get(frame, []))
        mine = []
        for m in msgs:
            if m in left:
                left.remove(m)
            else:
                mine.append(m)
        if mine:
            result[frame] = mine
    return result


_plugin_checked = False


def require_plugin():
    """Fails loudly unless tshark loads sipadvisor.so from this build."""
    global _plugin_checked
    if _plugin_checked:
        return
    out, _ = run_tshark("-G", "plugins")
    expected = os.path.realpath(os.path.join(BUILD, "plugins"))
    for line in out.splitlines():
        parts = [p.strip() for p in line.split("\t")]
        if parts and parts[0] == "sipadvisor.so":
            if os.path.realpath(parts[-1]).startswith(expected):
                _plugin_checked = True
                return
            raise AssertionError(f"tshark loaded another sipadvisor.so: {parts[-1]}")
    raise AssertionError(f"tshark did not load sipadvisor.so from {expected}:\n{out}")


class PluginTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_plugin()
