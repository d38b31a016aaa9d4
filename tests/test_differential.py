# SPDX-License-Identifier: GPL-2.0-or-later
"""sipadvisor's header reader against Wireshark's SIP dissector.

For every SIP message of every capture (testdata/, the generated hostile
and benchmark captures, ../shared/captures/ when present), what the reader
read (the hidden field sipadvisor.debug.record, one JSON object per
message) is compared with what tshark prints for the same frame's SIP
fields. Any difference fails with capture, frame, field and both values,
unless ALLOWED below names it with the reason (places where the dissector
is lossy or reads differently from RFC 3261).
"""
import glob
import json
import os
import re
import subprocess
import sys
import unittest

from sipadvisor_harness import BUILD, SHARED_CAPTURES, SOURCE, TESTDATA, PluginTestCase, dump

DECODE_AS = {
    "sipcapture__heplify__sip_ipv4_tcp_fragmented.pcap": ["-d", "tcp.port==6060,sip"],
}

ESCAPE = re.compile(r"\\x[0-9a-f]{2}")

# (capture file name or "*", field, reason): differences that are not the
# reader's fault. Each is checked against a message's bytes before it was
# added here.
ALLOWED = [
    ("*", "escaped",
     "the value holds bytes that are not valid UTF-8, control bytes or a backslash: the reader writes them "
     "as \\xNN (keys stay exact); the dissector shows U+FFFD and ends the value at a NUL"),
    ("*", "unbracketed-ipv6-via",
     "an IPv6 sent-by without brackets (not RFC 3261): both read the host up to its first colon, and the "
     "dissector also loses the branch"),
    ("*", "via-port-at-line-end",
     "Wireshark 4.0 drops a Via port that ends the header line (no parameters after it)"),
    ("*", "malformed-from",
     "a From value that is not a name-addr or addr-spec (fuzzed): the reader gives no URI and no tag, the "
     "dissector still finds a tag by searching the line"),
    ("*", "line-end-kept",
     "the dissector keeps the line's CRLF in the last Contact parameter when it is a quoted string"),
    ("*", "cut-short",
     "the message is cut by the capture (snaplen) or the start of a TCP stream: the dissector reads a "
     "partial header line the reader does not keep"),
]

WS = re.compile(r"\s+")


def norm(value):
    """Values as both sides write them: white space folded and trimmed."""
    return WS.sub(" ", value).strip()


def tag_lines(value):
    """A Require/Supported value as the set of its tags (case kept)."""
    tags = []
    for part in re.split(r"[,\n]", value or ""):
        part = norm(part)
        if part:
            tags.append(part)
    return tags


def captures():
    found = sorted(glob.glob(os.path.join(TESTDATA, "*.pcap")))
    found += sorted(glob.glob(os.path.join(BUILD, "hostile", "hostile-*.pcap")))
    found += [bench_capture()]
    if os.path.isdir(SHARED_CAPTURES):
        found += sorted(glob.glob(os.path.join(SHARED_CAPTURES, "*.pcap*")))
    return found


def bench_capture():
    """A generated mixed capture (tests/bench/gen_sip_capture.py), small."""
    out = os.path.join(BUILD, "differential", "bench-2000.pcap")
    if not os.path.exists(out):
        os.makedirs(os.path.dirname(out), exist_ok=True)
        subprocess.run([sys.executable, os.path.join(SOURCE, "tests", "bench", "gen_sip_capture.py"),
                        "--messages", "2000", "--transport", "mixed", "--seed", "1", "--out", out], check=True, capture_output=True, timeout=300)
    return out


def compare_frame(row):
    """Differences in one frame: a list of (field, ours, theirs, kind)."""
    records = [json.loads(r) for r in row["sipadvisor.debug.record"]]
    diffs = []

    def check(field, ours, theirs, kind="value"):
        if ours != theirs:
            diffs.append((field, ours, theirs, kind))

    def kind_of(values):
        return "escaped" if any(v and ESCAPE.search(v) for v in values) else "value"

    simple = [("sip.Method", "method"), ("sip.r-uri", "ruri"), ("sip.Call-ID", "call_id"),
              ("sip.CSeq.method", "cseq_method"), ("sip.from.addr", "from_uri"), ("sip.from.tag", "from_tag")]
    for field, key in simple:
        # Messages of one frame may lie in two data sources (a reassembled
        # one and the frame's own): compare without their order.
        ours = [r[key] for r in records if r.get(key) is not None]
        theirs = sorted(norm(v) for v in row[field])
        kind = kind_of(ours)
        if field == "sip.from.tag" and any(r.get("from_uri") is None for r in records):
            kind = "malformed-from"
        if field == "sip.from.addr" and any(v and ("<" in v or ">" in v) for v in ours):
            kind = "malformed-from"  # an addr-spec cannot hold < or >
        check(field, sorted(norm(v) for v in ours), theirs, kind)
    check("sip.Status-Code", sorted(str(r["status"]) for r in records if r["status"]), sorted(row["sip.Status-Code"]))
    check("sip.CSeq.seq", sorted(str(r["cseq"]) for r in records if "cseq" in r), sorted(row["sip.CSeq.seq"]))
    # tshark lists every To header; the reader keeps the first of each message.
    # tshark lists every To value (a To header may hold several, wrongly);
    # the reader keeps the first of each message.
    theirs_to = [norm(v) for v in row["sip.to.addr"]]
    for r in records:
        if r.get("to_uri") is not None and norm(r["to_uri"]) not in theirs_to:
            diffs.append(("sip.to.addr", r["to_uri"], theirs_to, kind_of([r["to_uri"]])))
    # Via parts exist for every Via of every message: the top one's are in
    # the list (in order); a top Via without port has no port item.
    for r in records:
        host = (r.get("via_host") or "").strip("[]")
        # An IPv6 sent-by without brackets: both read the host up to its
        # first colon, and the dissector then loses the branch.
        unbracketed = not r.get("via_port") and host in row["sip.Via.sent-by.address"] and \
            not row["sip.Via.branch"]
        if r.get("via_branch") is not None and r["via_branch"] not in row["sip.Via.branch"]:
            diffs.append(("sip.Via.branch", r["via_branch"], row["sip.Via.branch"],
                          "unbracketed-ipv6-via" if unbracketed else kind_of([r["via_branch"]])))
        if r.get("via_host") is not None and host not in row["sip.Via.sent-by.address"]:
            diffs.append(("sip.Via.sent-by.address", r["via_host"], row["sip.Via.sent-by.address"],
                          "unbracketed-ipv6-via" if ":" in host else kind_of([host])))
        if r.get("via_port") and str(r["via_port"]) not in row["sip.Via.sent-by.port"]:
            diffs.append(("sip.Via.sent-by.port", r["via_port"], row["sip.Via.sent-by.port"],
                          "via-port-at-line-end" if r.get("via_branch") is None else "value"))
    for field, name in (("sip.Require", "Require"), ("sip.Supported", "Supported")):
        ours = [t for r in records for t in tag_lines(r["headers"].get(name))]
        theirs = [t for v in row[field] for t in tag_lines(v)]
        check(field, ours, theirs, kind_of(ours))
    several = len(records) > 1  # messages of two data sources: no order to compare
    uris = [c["uri"] for r in records for c in r["contacts"]]
    theirs = [norm(v) for v in row["sip.contact.uri"]]
    if several:
        uris, theirs = sorted(uris), sorted(theirs)
    if uris != theirs:
        diffs.append(("sip.contact.uri", uris, theirs,
                      "escaped" if kind_of(uris) == "escaped" else
                      "value"))
    params = [norm(p) for r in records for c in r["contacts"] for p in (c["params"] or "").split(";") if p.strip()]
    theirs = [norm(v) for v in row["sip.contact.parameter"]]
    if several:
        params, theirs = sorted(params), sorted(theirs)
    if params != theirs:
        kept_end = [v[:-4] if v.endswith("\\r\\n") else v for v in theirs]
        diffs.append(("sip.contact.parameter", params, theirs,
                      "escaped" if kind_of(params) == "escaped" else
                      "line-end-kept" if params == kept_end else "value"))
    if any(r["flags"] & 1 for r in records):  # SA_READ_CUT_SHORT
        diffs = [(f, o, t, "cut-short" if k == "value" else k) for f, o, t, k in diffs]
    return diffs


def allowed(name, field, kind):
    return any((cap in ("*", name)) and (what in (field, kind)) for cap, what, _ in ALLOWED)


@unittest.skipUnless(os.path.isdir(TESTDATA), "no testdata")
class TestReaderAgreesWithTheSipDissector(PluginTestCase):
    def test_every_message_of_every_capture(self):
        if not os.path.isdir(SHARED_CAPTURES):
            print(f"\nSKIPPED PART: {SHARED_CAPTURES} is absent; testdata and generated captures only",
                  file=sys.stderr)
        messages = 0
        allowed_count = {}
        for path in captures():
            name = os.path.basename(path)
            with self.subTest(capture=name):
                rows = dump(path, extra=DECODE_AS.get(name, [])).rows
                for row in rows:
                    if not row["sipadvisor.debug.record"]:
                        continue
                    messages += len(row["sipadvisor.debug.record"])
                    for field, ours, theirs, kind in compare_frame(row):
                        if allowed(name, field, kind):
                            allowed_count[kind if kind != "value" else field] = \
                                allowed_count.get(kind if kind != "value" else field, 0) + 1
                            continue
                        self.fail(f"{name} frame {row['frame']} {field}: reader {ours!r}, dissector {theirs!r}")
        print(f"\n{messages} SIP messages compared over {len(captures())} captures; allowed differences: "
              f"{allowed_count}", file=sys.stderr)
        self.assertGreater(messages, 2000)


if __name__ == "__main__":
    unittest.main()
