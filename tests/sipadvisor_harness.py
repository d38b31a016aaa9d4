# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs tshark with the build-tree sipadvisor plugin and reads its output.

Every integration test goes through here, so that a plugin that did not
load fails the suite instead of letting it pass on empty output.

tshark runs are shared: one run per capture and mode (passes, display
filter, options) prints every sipadvisor field, the SIP fields the tests
read and the `-z expert` report, and all assertions on that capture and
mode read it. Runs are cached on disk under $SIPADVISOR_BUILD/tshark-cache,
keyed by the arguments and by what could change their output (the plugin
binary, tshark, the capture files), so test modules running in parallel
share them too.
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

SOURCE = os.environ.get(
    "SIPADVISOR_SOURCE", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("SIPADVISOR_BUILD", os.path.join(SOURCE, "build"))
TESTDATA = os.path.join(SOURCE, "testdata")
SHARED_CAPTURES = os.path.join(os.path.dirname(SOURCE), "shared", "captures")
TSHARK_DEV = os.path.join(SOURCE, "tests", "tshark-dev")
AGGREGATOR = "\x1f"  # ASCII unit separator: in no SIP field or Info column
CACHE_DIR = os.path.join(BUILD, "tshark-cache")

# Non-sipadvisor fields that every shared run prints (tests read them).
COMMON_FIELDS = ["frame.time_epoch", "sip.Method", "sip.Status-Code", "sip.Call-ID", "sip.CSeq.method",
                 "_ws.expert.message"]
# What the SIP dissector shows of each message, next to what sipadvisor's
# header reader read (sipadvisor.debug.record): single-pass runs print both,
# for the differential test (test_differential.py).
ORACLE_FIELDS = ["sipadvisor.debug.record", "sip.r-uri", "sip.CSeq.seq", "sip.Via.sent-by.address",
                 "sip.Via.sent-by.port", "sip.Via.branch", "sip.from.addr", "sip.from.tag", "sip.to.addr",
                 "sip.Require", "sip.Supported", "sip.contact.uri", "sip.contact.parameter"]


def _stamp(path):
    """What identifies a file's content for the cache: path, size, mtime."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [os.path.realpath(path), st.st_size, st.st_mtime_ns]


def _plugin_files():
    plugins = os.path.join(BUILD, "plugins")
    found = []
    for root, _, files in os.walk(plugins):
        found += [os.path.join(root, f) for f in files if f.endswith(".so")]
    return sorted(found)


_static_stamps = None


def _cache_key(args):
    global _static_stamps
    if _static_stamps is None:
        tshark = shutil.which("tshark")
        _static_stamps = [_stamp(tshark) if tshark else None, tshark_command()]
    parts = {
        "args": list(args),
        "tshark": _static_stamps,
        "plugins": [_stamp(p) for p in _plugin_files()],
        "files": [_stamp(a) for a in args if isinstance(a, str) and os.path.isfile(a)],
        "env": sorted((k, v) for k, v in os.environ.items()
                      if k.startswith("SIPADVISOR_") and k not in ("SIPADVISOR_BUILD", "SIPADVISOR_SOURCE")),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


_memo = {}

# Most of a short tshark run is its start-up, which allocates and touches
# about 150 MB: with transparent huge pages for malloc (glibc 2.35 and
# later; other C libraries ignore the variable) it takes about 15 % less
# CPU. The output does not change.
TSHARK_ENV = dict(os.environ, WIRESHARK_PLUGIN_DIR=os.path.join(BUILD, "plugins"))
TSHARK_ENV.setdefault("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1")

_tshark_command = None


def tshark_command():
    """The command that runs tshark with the build's plugin folder, as
    tests/tshark-dev runs it (a user namespace or the user nobody as root),
    asked of it once instead of running the script for every run (a tenth
    of a short run's CPU)."""
    global _tshark_command
    if _tshark_command is None:
        proc = subprocess.run([TSHARK_DEV, "--build", BUILD, "--print-command"], capture_output=True, text=True)
        if proc.returncode != 0:
            raise AssertionError(f"tests/tshark-dev --print-command failed: {proc.stderr}")
        _tshark_command = proc.stdout.splitlines()
    return _tshark_command


def run_tshark(*args, check=True, cache=True):
    """tshark ARGS with the plugin; returns (stdout, stderr). Cached (see
    the module comment) unless cache=False."""
    key = _cache_key(args) if cache else None
    result = _memo.get(key) if key else None
    path = os.path.join(CACHE_DIR, key + ".json") if key else None
    if result is None and path and os.path.exists(path):
        try:
            with open(path, encoding="utf-8") as f:
                result = json.load(f)
        except (OSError, ValueError):
            result = None
    if result is None:
        proc = subprocess.run([*tshark_command(), *args], env=TSHARK_ENV,
                              capture_output=True, text=True, timeout=900, errors="replace")
        stderr = "\n".join(line for line in proc.stderr.splitlines()
                           if "Running as user" not in line)
        result = {"returncode": proc.returncode, "stdout": proc.stdout, "stderr": stderr}
        if path and proc.returncode == 0:
            os.makedirs(CACHE_DIR, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=CACHE_DIR, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(result, f)
            os.replace(tmp, path)
    if key:
        _memo[key] = result
    if check and result["returncode"] != 0:
        raise AssertionError(f"tshark {' '.join(args)} failed ({result['returncode']}): {result['stderr']}")
    return result["stdout"], result["stderr"]


def capture(name):
    path = os.path.join(TESTDATA, name)
    if not os.path.exists(path):
        raise AssertionError(f"missing capture {path}")
    return path


_registered = None


def sipadvisor_fields():
    """Every registered sipadvisor.* field, expert entries included (an
    expert field prints 1 per entry in -T fields), but not the subtrees,
    which print nothing."""
    global _registered
    if _registered is None:
        out, _ = run_tshark("-G", "fields")
        _registered = [cols[2] for cols in (line.split("\t") for line in out.splitlines())
                       if len(cols) > 2 and cols[0] == "F" and cols[2].startswith("sipadvisor.")
                       and not cols[2].startswith("sipadvisor.debug.")
                       and not (cols[3] == "FT_NONE" and len(cols) > 7 and cols[7])]
        if not _registered:
            raise AssertionError("tshark lists no sipadvisor fields: the plugin did not load")
    return _registered


class Dump:
    """One shared tshark run: rows (one per frame that passed the filter,
    a dict from field name to the list of its values) and the sipadvisor
    lines of its `-z expert` report."""

    def __init__(self, rows, expert, text):
        self.rows = rows
        self.expert = expert
        self.text = text  # stdout and stderr, for checks such as "Dissector bug"


ROW_LINE = re.compile(r"^\d+(\t|$)")


def dump(path, two_pass=False, display_filter=None, extra=(), names=()):
    """The shared run for this capture and mode; `names` outside the
    shared field list make a run of their own."""
    wanted = sipadvisor_fields() + COMMON_FIELDS + ([] if two_pass else ORACLE_FIELDS)
    wanted += sorted(set(n for n in names if n not in wanted))
    args = ["-n", "-r", path, "-T", "fields", "-E", "occurrence=a", "-E", f"aggregator={AGGREGATOR}",
            "-E", "separator=/t", "-z", "expert", *extra]
    if two_pass:
        args.append("-2")
    else:  # the reader's records are built only when this preference asks
        args += ["-o", "sipadvisor.debug_records:TRUE"]
    if display_filter:
        args += ["-Y", display_filter]
    for name in ["frame.number", *wanted]:
        args += ["-e", name]
    out, err = run_tshark(*args)
    lines = out.splitlines()
    rows = [parse_row(line, wanted) for line in lines if ROW_LINE.match(line)]
    return Dump(rows, parse_expert(line for line in lines if not ROW_LINE.match(line)), out + err)


PRESENCE = re.compile(r"^(sipadvisor(\.[A-Za-z0-9_.]+)?)$")


def fields(path, names, two_pass=False, display_filter=None, extra=()):
    """One row per frame (or per frame that passes the filter): a dict from
    field name to the list of its values in that frame. A filter that only
    asks for one sipadvisor field or expert entry ("sipadvisor.status",
    "sipadvisor.not_followed", "sipadvisor") is applied to the shared run;
    other filters run tshark with -Y."""
    presence = PRESENCE.match(display_filter or "")
    if presence:
        d = dump(path, two_pass=two_pass, extra=extra, names=names)
        name = presence.group(1)
        if name == "sipadvisor":
            keep = [row for row in d.rows if any(row[n] for n in sipadvisor_fields())]
        else:
            if name not in d.rows[0] if d.rows else False:
                raise AssertionError(f"{name} is not a registered sipadvisor field")
            keep = [row for row in d.rows if row.get(name)]
    else:
        keep = dump(path, two_pass=two_pass, display_filter=display_filter, extra=extra, names=names).rows
    return [{"frame": row["frame"], **{n: row[n] for n in names}} for row in keep]


def parse_row(line, names):
    """A -T fields line (frame.number, then names) as a row dict."""
    cols = line.split("\t")
    row = {"frame": int(cols[0])}
    for i, name in enumerate(names):
        value = cols[i + 1] if i + 1 < len(cols) else ""
        row[name] = [BOOLEANS.get(v, v) for v in map(unescape_field, value.split(AGGREGATOR))] if value else []
    return row


_fields_escaped = None


def fields_escaped():
    """Whether this tshark escapes -T fields values: Wireshark 4.6 prints a
    backslash in a string as \\\\ (and tab, newline, CR as \\t, \\n, \\r), so
    that a value cannot break the line; 4.0 prints the string as it is."""
    global _fields_escaped
    if _fields_escaped is None:
        out = subprocess.run(["tshark", "--version"], capture_output=True, text=True).stdout
        m = re.search(r"TShark \(Wireshark\) (\d+)\.(\d+)\.", out)
        _fields_escaped = bool(m) and (int(m.group(1)), int(m.group(2))) >= (4, 6)
    return _fields_escaped


FIELD_ESCAPE = re.compile(r"\\(.)")
FIELD_UNESCAPED = {"t": "\t", "n": "\n", "r": "\r"}


def unescape_field(value):
    """A -T fields value as the field holds it (see fields_escaped)."""
    if not fields_escaped() or "\\" not in value:
        return value
    return FIELD_ESCAPE.sub(lambda m: FIELD_UNESCAPED.get(m.group(1), m.group(1)), value)


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


def expert_report(path, two_pass=False, display_filter=None, extra=()):
    """The sipadvisor lines of `tshark -q -z expert`: a list of
    (severity, group, summary, count) in report order."""
    return dump(path, two_pass=two_pass, display_filter=display_filter, extra=extra).expert


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
    # Cached like any run: the key holds the plugin binaries and tshark, so
    # another sipadvisor.so or another tshark makes a new run.
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
