#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Hostile SIP captures, made on purpose.

    hostile.py                      # the committed captures, into testdata/
    hostile.py --out DIR            # the same, elsewhere
    hostile.py --flood-out DIR      # the two 100,000-message floods (tests make them)
    hostile.py --only NAME ...      # some of them (file names)

Committed (testdata/hostile-*.pcap, each well under 1 MB):

  hostile-301-10k-contacts-tcp.pcap    a 301 with 10,000 Contact URIs over TCP,
                                       in 435 segments (Wireshark reassembles)
  hostile-421-64k-require-udp.pcap     a 421 whose Require is ~64 KiB with
                                       1,000+ option tags, one UDP datagram of
                                       the largest size IPv4 allows, sent as
                                       45 IP fragments
  hostile-bytes-udp.pcap               NUL bytes and invalid UTF-8 in
                                       Request-URI, Contact, Require/Supported,
                                       Call-ID and branch
  hostile-missing-headers-udp.pcap     301/421 without Call-ID, CSeq, Via or
                                       all three; requests without them
  hostile-branch-reuse-udp.pcap        one z9hG4bK branch and sent-by reused by
                                       two calls

Made at test time (too big to commit):

  flood-100k-responses-udp.pcap        100,000 301/421 responses, no request,
                                       then one retry in a new call
  flood-100k-invites-udp.pcap          100,000 unanswered INVITEs, then a few
                                       421/301 to some of them

testdata/README.md lists every frame. The PcapWriter of the benchmark
generator (tests/bench/gen_sip_capture.py) writes the pcap; only the standard
library; a fixed seed per capture, so the same script gives the same bytes.
"""
import argparse
import os
import random
import struct
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "bench"))
from gen_sip_capture import PcapWriter, TCP_ACK, TCP_FIN, TCP_PSH, TcpConn, checksum, ip  # noqa: E402

T0 = 1767225600.0  # 2026-01-01 00:00:00 UTC
SIP = 5060
CRLF = b"\r\n"


def sip_message(first_line, headers, body=b"", content_length=True):
    """A SIP message from bytes (or str) lines; Content-Length added last."""
    lines = [first_line] + list(headers)
    lines = [x.encode() if isinstance(x, str) else x for x in lines]
    if content_length:
        lines.append(b"Content-Length: %d" % len(body))
    return CRLF.join(lines) + CRLF + CRLF + body


# ------------------------------------------------------------ a: 10k contacts

CONTACTS_N = 10000
CONTACTS_TOP = 7777          # the only explicit q=1.0, so the first new URI
CONTACTS_FIRST_HEADER = 4000  # URIs in the first (comma-separated) Contact header


def contacts_10k():
    """The 10,000 Contact entries of the 301, in message order: a list of
    (uri, q text or None, expires text or None, entry text). Valid q < 1
    everywhere except entry CONTACTS_TOP (q=1.0); after it, some entries have
    no q or an invalid one, which count as q=1 and so come next, in message
    order."""
    rng = random.Random(301_10000)
    out = []
    qs = ("0.9", "0.8", "0.75", "0.5", "0.333", "0.25", "0.1", "0.05", "0.001", "0", "0.999", "0.000")
    for i in range(CONTACTS_N):
        host = ("new.example.com", "gw%d.example.net" % (i % 13), "[2001:db8::%x]" % (i % 4096 + 1),
                "192.0.2.%d" % (i % 250 + 1))[i % 4]
        scheme = "sips" if i % 17 == 5 else "sip"
        uri = "%s:u%05d@%s" % (scheme, i, host)
        if i % 23 == 7:
            uri += ";transport=tcp"
        if i == CONTACTS_TOP:
            q = "1.0"
        elif i > CONTACTS_TOP and i % 50 == 0:
            q = None                              # no q: counts as 1
        elif i > CONTACTS_TOP and i % 50 == 25:
            q = ("2", "1.5", "abc", "0.1234")[(i // 50) % 4]  # invalid: counts as 1
        else:
            q = rng.choice(qs)
        expires = None
        if i == CONTACTS_TOP:
            expires = "7777"
        elif rng.random() < 0.4:
            # Not above 2**31-1: Wireshark 4.0's SIP dissector stops reading
            # a Contact header at such an expires, so later URIs would vanish.
            expires = rng.choice(("60", "3600", "86400", "0", "2147483647"))
        if i % 101 == 3:
            text = '"Doe, John %d" <%s>' % (i, uri)   # a comma inside a quoted display name
        else:
            text = "<%s>" % uri
        if q is not None:
            text += ";q=" + q
        if expires is not None:
            text += ";expires=" + expires
        out.append((uri, q, expires, text))
    return out


def qvalue_milli(q):
    """As sipadvisor reads q (RFC 3261 qvalue): 0-1000, or 1000 when absent
    or invalid."""
    if q is None or q[:1] not in ("0", "1"):
        return 1000
    whole, p, frac, digits = int(q[0]), 1, 0, 0
    if q[1:2] == ".":
        p = 2
        while p < len(q) and q[p].isdigit() and digits < 3:
            frac, p, digits = frac * 10 + int(q[p]), p + 1, digits + 1
    if p != len(q):
        return 1000
    frac *= 10 ** (3 - digits)
    if whole == 1 and frac != 0:
        return 1000
    return whole * 1000 + frac


def contacts_sorted():
    """The URIs as sipadvisor lists them: highest q first, stable."""
    entries = contacts_10k()
    order = sorted(range(len(entries)), key=lambda i: -qvalue_milli(entries[i][1]))
    return [entries[i] for i in order]


def contact_header_lines(entries):
    """One Contact header with the first 4,000, then headers of 1-25 URIs,
    a few in compact form (m:)."""
    rng = random.Random(301_10001)
    lines = [b"Contact: " + ", ".join(e[3] for e in entries[:CONTACTS_FIRST_HEADER]).encode()]
    i = CONTACTS_FIRST_HEADER
    k = 0
    while i < len(entries):
        n = rng.choice((1, 1, 1, 2, 3, 5, 8, 25))
        name = b"m: " if k % 9 == 4 else b"Contact: "
        lines.append(name + ", ".join(e[3] for e in entries[i:i + n]).encode())
        i += n
        k += 1
    return lines


def tcp_segments(w, conn, ts, d, data, sizes):
    """Writes data in segments of the given sizes (the last takes the rest)."""
    src, sport, dst, dport = conn.endpoints(d)
    off = 0
    for size in sizes + [len(data)]:
        chunk = data[off:off + size]
        if not chunk:
            break
        w.tcp(ts, src, sport, dst, dport, conn.seq[d], conn.seq[1 - d], TCP_ACK | TCP_PSH, chunk)
        conn.seq[d] += len(chunk)
        off += len(chunk)
        ts += 0.000050
    return ts


def make_10k_contacts(path):
    rng = random.Random(301_10002)
    cip, sip = "192.0.2.10", "192.0.2.20"
    conn = TcpConn(rng, ip(cip), 40301, ip(sip))
    w = PcapWriter(path)
    ts = T0
    conn.open(w, ts)  # frames 1-3
    call = "hostile-10k-1@192.0.2.10"
    via = "Via: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bK-10k-inv1"
    frm = "From: <sip:bob@client.example.com>;tag=bob10k"
    to = "To: <sip:alice@old.example.com>"
    invite = sip_message("INVITE sip:alice@old.example.com SIP/2.0", [
        via, "Max-Forwards: 70", frm, to, "Call-ID: " + call, "CSeq: 1 INVITE",
        "Contact: <sip:bob@192.0.2.10:5060;transport=tcp>", "Supported: replaces"])
    ts = tcp_segments(w, conn, ts + 0.001, 0, invite, [])  # frame 4
    trying = sip_message("SIP/2.0 100 Trying", [via, frm, to, "Call-ID: " + call, "CSeq: 1 INVITE"])
    moved = sip_message("SIP/2.0 301 Moved Permanently", [
        via, frm, to + ";tag=as10k", "Call-ID: " + call, "CSeq: 1 INVITE"]
        + contact_header_lines(contacts_10k()) + ["Server: hostile.py"])
    data = trying + moved
    # Segments of 536-1460 bytes; the 100 Trying and the start of the 301
    # share the first; the last segment is the final LF alone.
    sizes = []
    left = len(data) - 1
    while left > 0:
        s = min(left, rng.randrange(536, 1461))
        sizes.append(s)
        left -= s
    ts = tcp_segments(w, conn, ts + 0.005, 1, data, sizes)
    ack = sip_message("ACK sip:alice@old.example.com SIP/2.0", [
        via, "Max-Forwards: 70", frm, to + ";tag=as10k", "Call-ID: " + call, "CSeq: 1 ACK"])
    ts = tcp_segments(w, conn, ts + 0.001, 0, ack, [])
    for d in (0, 1):
        src, sport, dst, dport = conn.endpoints(d)
        w.tcp(ts, src, sport, dst, dport, conn.seq[d], conn.seq[1 - d], TCP_ACK | TCP_FIN)
        conn.seq[d] += 1
        ts += 0.0001
    src, sport, dst, dport = conn.endpoints(0)
    w.tcp(ts, src, sport, dst, dport, conn.seq[0], conn.seq[1], TCP_ACK)
    w.close()
    return {"segments_of_301": len(sizes) + 1, "bytes_of_301": len(moved)}


# ----------------------------------------------------- b: 64 KiB Require (UDP)

UDP_MAX_PAYLOAD = 65507  # 65535 - 20 (IPv4 header) - 8 (UDP header)
IANA_TAGS = ("100rel", "199", "answermode", "early-session", "eventlist", "explicitsub", "from-change",
             "geolocation-http", "geolocation-sip", "gin", "gruu", "histinfo", "ice", "join",
             "multiple-refer", "norefersub", "nosub", "outbound", "path", "policy", "precondition", "pref",
             "privacy", "recipient-list-invite", "recipient-list-message", "recipient-list-subscribe",
             "record-aware", "replaces", "resource-priority", "sdp-anat", "sec-agree", "siprec", "tdialog",
             "timer", "trickle-ice", "uui")
TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~"
# What the INVITE announces: Supported (two lines, one compact) and Require.
REQ_SUPPORTED_LINES = ("Supported: 100rel, Replaces, TIMER, path, x-acme-g0001, x-acme-g0002",
                       "k: gruu, norefersub, x-acme-g0003")
REQ_REQUIRE_LINE = "Require: precondition"
SECOND_REQUIRE_LINE = "Require: timer, 100rel, X-ACME-G0001"  # all already in the first


def garbage_tag(rng, n):
    core = "".join(rng.choice(TOKEN_CHARS) for _ in range(rng.randrange(24, 60)))
    return "x-acme-g%04d-%s" % (n, core)


def require_elements(budget):
    """The comma-separated elements of the big Require line, at most budget
    bytes once joined with ", ": every IANA tag in the case written here,
    the INVITE's own tags, some repeated with another case (sets are
    case-insensitive), a few empty elements, and garbage tokens."""
    rng = random.Random(421_65536)
    head = ["timer", "Precondition", "100REL", "x-acme-g0001", "x-acme-g0002", "x-acme-g0003"]
    head += [t.upper() if i % 5 == 0 else t for i, t in enumerate(IANA_TAGS)]
    elems = list(head)
    n = 4
    while True:
        if n % 97 == 0:
            e = ""                          # ", ,": skipped
        elif n % 89 == 0:
            e = rng.choice(IANA_TAGS).upper()  # repeat of a tag already there
        else:
            e = garbage_tag(rng, n)
        if len(", ".join(elems + [e])) > budget:
            break
        elems.append(e)
        n += 1
    return elems


def tagset(text_list):
    """sipadvisor's tag set: split on commas, trim, first case wins, no dupes."""
    out, seen = [], set()
    for raw in text_list:
        for t in raw.split(","):
            t = t.strip(" \t\r\n")
            if t and t.lower() not in seen:
                seen.add(t.lower())
                out.append(t)
    return out


def require_expected(elems):
    """(required, supported, missing) as sipadvisor computes them."""
    required = tagset([", ".join(elems), SECOND_REQUIRE_LINE.split(":", 1)[1]])
    supported = tagset([line.split(":", 1)[1] for line in REQ_SUPPORTED_LINES])
    have = {t.lower() for t in supported} | {t.lower() for t in tagset([REQ_REQUIRE_LINE.split(":", 1)[1]])}
    missing = [t for t in required if t.lower() not in have]
    return required, supported, missing


def ip_fragments(w, ts, src, dst, proto, l4, mtu=1500):
    """One IPv4 datagram as fragments of at most mtu bytes (RFC 791)."""
    w.ip_id = (w.ip_id + 1) & 0xFFFF
    step = (mtu - 20) // 8 * 8
    count = 0
    for off in range(0, len(l4), step):
        chunk = l4[off:off + step]
        more = 0x2000 if off + step < len(l4) else 0
        hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(chunk), w.ip_id, more | (off // 8), 64, proto, 0,
                          src, dst)
        hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
        w._write(ts, w._mac(dst) + w._mac(src) + b"\x08\x00" + hdr + chunk)
        ts += 0.000010
        count += 1
    return ts, count


def udp_datagram(src, sport, dst, dport, payload):
    length = 8 + len(payload)
    hdr = struct.pack("!HHHH", sport, dport, length, 0)
    c = checksum(src + dst + struct.pack("!BBH", 0, 17, length) + hdr + payload) or 0xFFFF
    return hdr[:6] + struct.pack("!H", c) + payload


B_VIA = "Via: SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bK-64k-inv1"
B_FROM = "From: <sip:bob@client.example.com>;tag=bob64k"
B_TO = "To: <sip:frank@example.com>"
B_CALL = "Call-ID: hostile-64k-1@198.51.100.10"


def big_421(elems):
    return sip_message("SIP/2.0 421 Extension Required", [
        B_VIA, B_FROM, B_TO + ";tag=as64k", B_CALL, "CSeq: 1 INVITE",
        "Require: " + ", ".join(elems), SECOND_REQUIRE_LINE, "Server: hostile.py"])


def big_421_elements():
    """The elements of the big Require line: as many as fit in the largest
    UDP datagram."""
    return require_elements(UDP_MAX_PAYLOAD - len(big_421([])))


def make_421_64k(path):
    cip, sip = ip("198.51.100.10"), ip("198.51.100.20")
    w = PcapWriter(path)
    invite = sip_message("INVITE sip:frank@example.com SIP/2.0", [
        B_VIA, "Max-Forwards: 70", B_FROM, B_TO, B_CALL, "CSeq: 1 INVITE",
        "Contact: <sip:bob@198.51.100.10:5060>", *REQ_SUPPORTED_LINES, REQ_REQUIRE_LINE])
    w.udp(T0, cip, SIP, sip, SIP, invite)  # frame 1
    elems = big_421_elements()
    resp = big_421(elems)
    assert len(resp) <= UDP_MAX_PAYLOAD, len(resp)
    # frames 2-46: the 421 as IP fragments; Wireshark reassembles it in 46
    ts, fragments = ip_fragments(w, T0 + 0.01, sip, cip, 17, udp_datagram(sip, SIP, cip, SIP, resp))
    ack = sip_message("ACK sip:frank@example.com SIP/2.0", [
        B_VIA, "Max-Forwards: 70", B_FROM, B_TO + ";tag=as64k", B_CALL, "CSeq: 1 ACK"])
    w.udp(ts + 0.001, cip, SIP, sip, SIP, ack)  # frame 47
    w.close()
    required, supported, missing = require_expected(elems)
    return {"datagram": len(resp), "require_line": len("Require: " + ", ".join(elems)),
            "elements": len(elems), "fragments": fragments, "required": len(required),
            "supported": len(supported), "missing": len(missing)}


def udp_sender(w, cip, sip):
    """send(direction, message): a UDP datagram client -> server (0) or
    server -> client (1), 1 ms after the previous one."""
    ts = [T0]

    def send(d, msg):
        ts[0] += 0.001
        if d == 0:
            w.udp(ts[0], cip, SIP, sip, SIP, msg)
        else:
            w.udp(ts[0], sip, SIP, cip, SIP, msg)
    return send


# ------------------------------------------------------------ c: raw bytes

def make_bytes(path):
    cip, sip = ip("203.0.113.10"), ip("203.0.113.20")
    w = PcapWriter(path)
    send = udp_sender(w, cip, sip)
    sent_by = b"203.0.113.10:5060"

    def txn(ruri, call, branch, cseq, req_extra, status, resp_extra, method=b"INVITE"):
        """(request, response, ACK) of one transaction, from raw bytes."""
        via = b"Via: SIP/2.0/UDP " + sent_by + b";branch=" + branch
        frm = b"From: <sip:bob@client.example.com>;tag=bobbytes"
        to = b"To: <sip:frank@example.com>"
        req = sip_message(method + b" " + ruri + b" SIP/2.0", [
            via, b"Max-Forwards: 70", frm, to, b"Call-ID: " + call, b"CSeq: %d " % cseq + method] + req_extra)
        reason = {301: b"Moved Permanently", 421: b"Extension Required"}[status]
        resp = sip_message(b"SIP/2.0 %d " % status + reason, [
            via, frm, to + b";tag=asbytes", b"Call-ID: " + call, b"CSeq: %d " % cseq + method] + resp_extra)
        ackmsg = sip_message(b"ACK " + ruri + b" SIP/2.0", [
            via, b"Max-Forwards: 70", frm, to + b";tag=asbytes", b"Call-ID: " + call, b"CSeq: %d ACK" % cseq])
        return req, resp, ackmsg

    # 1-3: a 421 with invalid UTF-8 in Request-URI, Call-ID, branch and
    # tags, valid non-ASCII tags, and a NUL inside Supported and Require.
    req, resp, ack = txn(b"sip:fr\xc3\x28ank@example.com", b"bytes-1-\xff\xfe@203.0.113.10",
                         b"z9hG4bK-bytes-\xc3\x28-1", 1,
                         [b"Supported: 100rel, \xe2\x82\xac-euro, caf\xc3\xa9, \xff\xfe, ti\x00mer, path"], 421,
                         [b"Require: timer, caf\xc3\xa9, \xfe\xff, 100rel, CAF\xc3\x89, ti\x00mer, precondition"])
    send(0, req)
    send(1, resp)
    send(0, ack)
    # 4-6: a 301 with NUL and invalid UTF-8 in Contact URIs, Request-URI
    # (an overlong "/"), Call-ID and branch.
    req, resp, ack = txn(b"sip:\xc0\xafadmin@example.com", b"bytes-2\x00hidden@203.0.113.10",
                         b"z9hG4bK-bytes-2\x00x", 1, [], 301,
                         [b"Contact: <sip:bo\x00b@new.example.com>;q=0.9, <sip:\xff\xfe@new.example.com>;q=0.5",
                          b"Contact: <sip:carol@ex\xed\xa0\x80ample.com>;q=1.0;expires=60"])
    send(0, req)
    send(1, resp)
    send(0, ack)
    # 7-10: one call, two INVITE transactions whose branches differ only in
    # one invalid byte (0xff / 0xfe); answered in reverse order.
    a = txn(b"sip:frank@example.com", b"bytes-3@203.0.113.10", b"z9hG4bK-bytes-3-\xff", 1,
            [b"Supported: 100rel"], 421, [b"Require: timer"])
    b = txn(b"sip:frank@example.com", b"bytes-3@203.0.113.10", b"z9hG4bK-bytes-3-\xfe", 2,
            [b"Supported: 100rel"], 421, [b"Require: path"])
    send(0, a[0])
    send(0, b[0])
    send(1, b[1])
    send(1, a[1])
    # 11-14: two calls whose Call-IDs differ only after a NUL byte, with the
    # same branch and sent-by; answered in reverse order.
    a = txn(b"sip:frank@example.com", b"bytes-5\x00a@203.0.113.10", b"z9hG4bK-bytes-5", 1,
            [b"Supported: 100rel"], 421, [b"Require: timer"])
    b = txn(b"sip:frank@example.com", b"bytes-5\x00b@203.0.113.10", b"z9hG4bK-bytes-5", 1,
            [b"Supported: 100rel"], 301, [b"Contact: <sip:frank@new.example.com>"])
    send(0, a[0])
    send(0, b[0])
    send(1, b[1])
    send(1, a[1])
    # 15-16: an INVITE with a NUL in its Request-URI, then its 421.
    req, resp, ack = txn(b"sip:fr\x00ank@example.com", b"bytes-6@203.0.113.10", b"z9hG4bK-bytes-6", 1,
                         [b"Supported: 100rel"], 421, [b"Require: timer"])
    send(0, req)
    send(1, resp)
    w.close()
    return {}


# --------------------------------------------------------- d: missing headers

def make_missing(path):
    cip, sip = ip("192.0.2.110"), ip("192.0.2.120")
    w = PcapWriter(path)
    send = udp_sender(w, cip, sip)

    def headers(n, method, drop, cseq=1, to_tag=None):
        h = {
            "Via": "Via: SIP/2.0/UDP 192.0.2.110:5060;branch=z9hG4bK-miss-%d" % n,
            "Max-Forwards": "Max-Forwards: 70",
            "From": "From: <sip:bob@client.example.com>;tag=bobmiss-%d" % n,
            "To": "To: <sip:henry@example.com>" + (";tag=" + to_tag if to_tag else ""),
            "Call-ID": "Call-ID: missing-%d@192.0.2.110" % n,
            "CSeq": "CSeq: %d %s" % (cseq, method),
        }
        return [v for k, v in h.items() if k not in drop]

    cases = (("Call-ID",), ("CSeq",), ("Via",), ("Call-ID", "CSeq", "Via"))
    n = 0
    # 1-16: for each case a 301 then a 421, each after a complete INVITE.
    for drop in cases:
        for status in (301, 421):
            n += 1
            send(0, sip_message("INVITE sip:henry@example.com SIP/2.0",
                                headers(n, "INVITE", ()) + ["Supported: 100rel"]))
            extra = ["Contact: <sip:henry@new.example.com>"] if status == 301 else ["Require: timer"]
            reason = "Moved Permanently" if status == 301 else "Extension Required"
            hdrs = [x for x in headers(n, "INVITE", drop, to_tag="asmiss-%d" % n) if not x.startswith("Max")]
            send(1, sip_message("SIP/2.0 %d %s" % (status, reason), hdrs + extra))
    # 17: an INVITE without Call-ID, CSeq and Via; 18: a 421 that copies it
    # (so it lacks them too).
    n += 1
    send(0, sip_message("INVITE sip:henry@example.com SIP/2.0",
                        headers(n, "INVITE", ("Call-ID", "CSeq", "Via")) + ["Supported: 100rel"]))
    send(1, sip_message("SIP/2.0 421 Extension Required",
                        [x for x in headers(n, "INVITE", ("Call-ID", "CSeq", "Via"), to_tag="asmiss-%d" % n)
                         if not x.startswith("Max")] + ["Require: timer"]))
    # 19: an OPTIONS without Call-ID; 20: its 421, without Call-ID too.
    n += 1
    send(0, sip_message("OPTIONS sip:henry@example.com SIP/2.0",
                        headers(n, "OPTIONS", ("Call-ID",)) + ["Supported: 100rel"]))
    send(1, sip_message("SIP/2.0 421 Extension Required",
                        [x for x in headers(n, "OPTIONS", ("Call-ID",), to_tag="asmiss-%d" % n)
                         if not x.startswith("Max")] + ["Require: timer"]))
    w.close()
    return {}


# ------------------------------------------------------------ e: branch reuse

def make_branch_reuse(path):
    cip, sip = ip("192.0.2.50"), ip("192.0.2.60")
    w = PcapWriter(path)
    send = udp_sender(w, cip, sip)

    via = "Via: SIP/2.0/UDP 192.0.2.50:5060;branch=z9hG4bK-reused-1"

    def call(letter, ruri, supported):
        frm = "From: <sip:bob@client.example.com>;tag=bobreuse-%s" % letter
        to = "To: <%s>" % ruri
        cid = "Call-ID: reuse-%s@192.0.2.50" % letter
        inv = sip_message("INVITE %s SIP/2.0" % ruri, [
            via, "Max-Forwards: 70", frm, to, cid, "CSeq: 1 INVITE", "Supported: " + supported])
        return inv, frm, to, cid

    inv_a, frm_a, to_a, cid_a = call("a", "sip:frank@example.com", "100rel")
    inv_b, frm_b, to_b, cid_b = call("b", "sip:alice@old.example.com", "replaces")
    r421 = sip_message("SIP/2.0 421 Extension Required", [
        via, frm_a, to_a + ";tag=asreuse-a", cid_a, "CSeq: 1 INVITE", "Require: timer"])
    r301 = sip_message("SIP/2.0 301 Moved Permanently", [
        via, frm_b, to_b + ";tag=asreuse-b", cid_b, "CSeq: 1 INVITE", "Contact: <sip:alice@new.example.com>"])

    def ack(ruri, frm, to, tag, cid):
        return sip_message("ACK %s SIP/2.0" % ruri, [
            via, "Max-Forwards: 70", frm, to + ";tag=" + tag, cid, "CSeq: 1 ACK"])

    send(0, inv_a)                                                        # 1
    send(0, inv_b)                                                        # 2
    send(1, r301)                                                         # 3: to call b
    send(1, r421)                                                         # 4: to call a
    send(0, ack("sip:alice@old.example.com", frm_b, to_b, "asreuse-b", cid_b))  # 5
    send(1, r421)                                                         # 6: call a's 421 again
    send(0, ack("sip:frank@example.com", frm_a, to_a, "asreuse-a", cid_a))      # 7
    w.close()
    return {}


# ------------------------------------------------------------------ f: floods

FLOOD_N = 100000
FLOOD_CONTACT = "<sip:flood@new.example.com>"


class FastUdp:
    """Ethernet/IPv4/UDP frames for the floods, UDP checksum 0 (RFC 768:
    none) to stay fast; written with the benchmark's PcapWriter."""

    def __init__(self, w):
        self.w = w

    def send(self, ts, src, dst, payload):
        w = self.w
        w.ip_id = (w.ip_id + 1) & 0xFFFF
        udp = struct.pack("!HHHH", SIP, SIP, 8 + len(payload), 0)
        hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 28 + len(payload), w.ip_id, 0x4000, 64, 17, 0, src, dst)
        hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
        w._write(ts, w._mac(dst) + w._mac(src) + b"\x08\x00" + hdr + udp + payload)


def flood_response(k, status):
    """Response number k of the response flood: to an INVITE never captured."""
    head = ("SIP/2.0 301 Moved Permanently" if status == 301 else "SIP/2.0 421 Extension Required")
    extra = "Contact: " + FLOOD_CONTACT if status == 301 else "Require: timer"
    return sip_message(head, [
        "Via: SIP/2.0/UDP 10.9.%d.%d:5060;branch=z9hG4bK-fr%06d" % (k // 250 % 250, k % 250 + 1, k),
        "From: <sip:flooder@client.example.com>;tag=fr%06d" % k,
        "To: <sip:victim@example.com>;tag=as%06d" % k,
        "Call-ID: flood-resp-%06d@client.example.com" % k,
        "CSeq: 1 INVITE", extra])


FLOOD_RETRY_FRAME = FLOOD_N + 1


def make_flood_responses(path):
    """Frame k (1-100000) is response k-1: a 301 when k-1 is even, else a
    421, each in its own call from the same From URI, none with its request.
    Frame 100001: that From URI retries in a new call at the URI the 301s
    offered (a retry after a 301, README "Fields")."""
    w = PcapWriter(path)
    u = FastUdp(w)
    server, client = ip("10.8.0.1"), ip("10.9.0.1")
    for k in range(FLOOD_N):
        u.send(T0 + k * 0.0001, server, client, flood_response(k, 301 if k % 2 == 0 else 421))
    u.send(T0 + FLOOD_N * 0.0001 + 1, client, server, sip_message("INVITE sip:flood@new.example.com SIP/2.0", [
        "Via: SIP/2.0/UDP 10.9.0.1:5060;branch=z9hG4bK-fr-retry",
        "Max-Forwards: 70",
        "From: <sip:flooder@client.example.com>;tag=fr-retry",
        "To: <sip:victim@example.com>",
        "Call-ID: flood-resp-retry@client.example.com",
        "CSeq: 1 INVITE"]))
    w.close()
    return {"frames": FLOOD_N + 1}


def flood_invite_parts(k):
    return ("Via: SIP/2.0/UDP 10.7.0.1:5060;branch=z9hG4bK-fi%06d" % k,
            "From: <sip:caller%06d@client.example.com>;tag=fi%06d" % (k, k),
            "To: <sip:victim@example.com>",
            "Call-ID: flood-inv-%06d@10.7.0.1" % k)


FLOOD_ANSWERED = ((0, 421), (49999, 421), (77777, 301), (99999, 421))  # INVITE index, status


def make_flood_invites(path):
    """Frames 1-100000: INVITE k-1; then 100001-100004 answer INVITEs 0,
    49999, 77777 and 99999 (frames 1, 50000, 77778, 100000); 100005 is a 421
    with INVITE 5's branch but another Call-ID (request not captured)."""
    w = PcapWriter(path)
    u = FastUdp(w)
    client, server = ip("10.7.0.1"), ip("10.6.0.1")
    for k in range(FLOOD_N):
        via, frm, to, cid = flood_invite_parts(k)
        u.send(T0 + k * 0.0001, client, server, sip_message("INVITE sip:victim@example.com SIP/2.0", [
            via, "Max-Forwards: 70", frm, to, cid, "CSeq: 1 INVITE", "Supported: 100rel"]))
    ts = T0 + FLOOD_N * 0.0001 + 1
    for k, status in FLOOD_ANSWERED + ((5, 421),):
        via, frm, to, cid = flood_invite_parts(k)
        if k == 5:
            cid = "Call-ID: flood-inv-other@10.7.0.1"
        extra = "Contact: <sip:victim@new.example.com>" if status == 301 else "Require: timer"
        reason = "Moved Permanently" if status == 301 else "Extension Required"
        u.send(ts, server, client, sip_message("SIP/2.0 %d %s" % (status, reason), [
            via, frm, to + ";tag=asfi", cid, "CSeq: 1 INVITE", extra]))
        ts += 0.001
    w.close()
    return {"frames": FLOOD_N + len(FLOOD_ANSWERED) + 1}



# ------------------------------------------------------------ f: compact form

def make_compact(path):
    """Responses that write the request's headers differently: compact
    names (i: v: f: t:), other spacing and case. Matching must compare the
    values, not the header lines."""
    cip, sip = ip("192.0.2.70"), ip("192.0.2.80")
    w = PcapWriter(path)
    send = udp_sender(w, cip, sip)
    full = ["Via: SIP/2.0/UDP 192.0.2.70:5060;branch=z9hG4bK-compact-%d",
            "From: <sip:bob@client.example.com>;tag=bobcompact-%d",
            "To: <sip:ivy@example.com>",
            "Call-ID: compact-%d@192.0.2.70",
            "CSeq: 1 INVITE"]
    compact = ["v:SIP/2.0/UDP   192.0.2.70:5060 ;branch=z9hG4bK-compact-%d",
               "f:   <sip:bob@client.example.com>;tag=bobcompact-%d",
               "t: <sip:ivy@example.com>;tag=ascompact",
               "i:\tcompact-%d@192.0.2.70",
               "CSEQ:   1    INVITE"]
    # 1-2: INVITE with full names, 421 with compact ones; 3-4: the other way
    # round, a 301.
    for n, (req, resp, status) in enumerate(((full, compact, 421), (compact, full, 301)), 1):
        send(0, sip_message("INVITE sip:ivy@example.com SIP/2.0",
                            [h % n if "%d" in h else h for h in req] + ["Max-Forwards: 70", "Supported: 100rel"]))
        extra = ["Require: timer"] if status == 421 else ["m: <sip:ivy@new.example.com>"]
        reason = "Extension Required" if status == 421 else "Moved Permanently"
        send(1, sip_message("SIP/2.0 %d %s" % (status, reason),
                            [h % n if "%d" in h else h for h in resp] + extra))
    w.close()
    return {}


# ------------------------------------------- 60,000 option tags over TCP

TAGS_N = 60000  # distinct tags in the 421's Require


def many_tags():
    """The 421's tags ("x-t00001", ...) and the INVITE's Supported: every
    other one, in upper case (tags compare without case)."""
    required = ["x-t%05d" % i for i in range(1, TAGS_N + 1)]
    supported = [t.upper() for t in required[1::2]]
    return required, supported


def make_60k_tags(path):
    rng = random.Random(421_60000)
    cip, sip = "192.0.2.30", "192.0.2.40"
    conn = TcpConn(rng, ip(cip), 40421, ip(sip))
    w = PcapWriter(path)
    ts = T0
    conn.open(w, ts)  # frames 1-3
    required, supported = many_tags()
    call = "hostile-60k-1@192.0.2.30"
    via = "Via: SIP/2.0/TCP 192.0.2.30:5060;branch=z9hG4bK-60k-inv1"
    frm = "From: <sip:bob@client.example.com>;tag=bob60k"
    to = "To: <sip:frank@example.com>"
    invite = sip_message("INVITE sip:frank@example.com SIP/2.0", [
        via, "Max-Forwards: 70", frm, to, "Call-ID: " + call, "CSeq: 1 INVITE",
        "Contact: <sip:bob@192.0.2.30:5060;transport=tcp>", "Supported: " + ", ".join(supported)])
    ts = tcp_segments(w, conn, ts + 0.001, 0, invite, [1448] * (len(invite) // 1448))
    # Half the tags in one Require line, the rest in lines of 1,000.
    half = TAGS_N // 2
    lines = ["Require: " + ", ".join(required[:half])]
    lines += ["Require: " + ", ".join(required[i:i + 1000]) for i in range(half, TAGS_N, 1000)]
    resp = sip_message("SIP/2.0 421 Extension Required", [
        via, frm, to + ";tag=as60k", "Call-ID: " + call, "CSeq: 1 INVITE"] + lines + ["Server: hostile.py"])
    ts = tcp_segments(w, conn, ts + 0.005, 1, resp, [1448] * (len(resp) // 1448))
    ack = sip_message("ACK sip:frank@example.com SIP/2.0", [
        via, "Max-Forwards: 70", frm, to + ";tag=as60k", "Call-ID: " + call, "CSeq: 1 ACK"])
    tcp_segments(w, conn, ts + 0.001, 0, ack, [])
    w.close()
    return {"bytes_of_invite": len(invite), "bytes_of_421": len(resp)}


COMMITTED = {
    "hostile-301-10k-contacts-tcp.pcap": make_10k_contacts,
    "hostile-421-64k-require-udp.pcap": make_421_64k,
    "hostile-bytes-udp.pcap": make_bytes,
    "hostile-missing-headers-udp.pcap": make_missing,
    "hostile-branch-reuse-udp.pcap": make_branch_reuse,
    "hostile-compact-form-udp.pcap": make_compact,
}
# Too big to commit: written at test time (--flood-out).
FLOODS = {
    "flood-100k-responses-udp.pcap": make_flood_responses,
    "flood-100k-invites-udp.pcap": make_flood_invites,
    "hostile-421-60k-tags-tcp.pcap": make_60k_tags,
}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.normpath(os.path.join(HERE, "..")),
                    help="where the committed captures go (default: testdata/)")
    ap.add_argument("--flood-out", metavar="DIR", help="write the captures too big to commit into DIR instead")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="only these file names")
    args = ap.parse_args(argv)
    todo, out = (FLOODS, args.flood_out) if args.flood_out else (COMMITTED, args.out)
    os.makedirs(out, exist_ok=True)
    for name, make in todo.items():
        if args.only and name not in args.only:
            continue
        start = time.monotonic()
        path = os.path.join(out, name)
        info = make(path + ".tmp")
        os.replace(path + ".tmp", path)
        extra = ", ".join("%s %s" % kv for kv in info.items())
        print("%s: %d bytes%s (%.1f s)" % (path, os.path.getsize(path), ", " + extra if extra else "",
                                          time.monotonic() - start))


if __name__ == "__main__":
    main()
