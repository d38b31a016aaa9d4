#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Deterministic generator of large SIP captures (pcap) for the benchmark.

    gen_sip_capture.py --messages 100000 --transport mixed --seed 1 --out sip.pcap
    gen_sip_capture.py --non-sip 1000000 --seed 1 --out other.pcap

SIP mode writes exactly --messages SIP messages (retransmissions count as
messages) of many concurrent, interleaved flows: calls (1xx/2xx, ACK, BYE),
301 and 302 redirects with the retry at the new URI, 4xx failures, 407 and
401 challenges, 420 and 421 with the retry, CANCEL, REGISTER (also moved by
a 301), OPTIONS and MESSAGE. Over UDP some requests and final responses are
retransmitted. Over TCP a small pool of connections (handshake, real seq and
ack numbers) carries many flows; messages queue per direction and leave
several to a segment, split at the MSS, so Wireshark has to reassemble.
The server side is always port 5060 (UDP: both sides), so SIP is decoded.

Non-SIP mode writes about N packets (a few more, to finish the last
exchange) of DNS queries/answers (UDP 53) and short TCP connections carrying
text records (port 33333), for the "no SIP at all" case.

Only the standard library; the same arguments give the same bytes.
"""
import argparse
import heapq
import random
import struct
import sys
from array import array

LINKTYPE_ETHERNET = 1
SIP_PORT = 5060
MSS = 1400
TCP_ACK = 0x10
TCP_PSH = 0x08
TCP_SYN = 0x02
TCP_FIN = 0x01


def checksum(data):
    """Internet checksum (RFC 1071) as the 16-bit value to pack with '!H'."""
    if len(data) & 1:
        data += b"\0"
    s = sum(array("H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    s = ~s & 0xFFFF
    if sys.byteorder == "little":
        s = ((s & 0xFF) << 8) | (s >> 8)
    return s


class PcapWriter:
    """Ethernet/IPv4 frames into a classic microsecond pcap."""

    def __init__(self, path):
        self.f = open(path, "wb")
        self.f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, LINKTYPE_ETHERNET))
        self.buf = []
        self.size = 0
        self.ip_id = 0
        self.packets = 0
        self.mac = {}

    def _mac(self, ip):
        m = self.mac.get(ip)
        if m is None:
            m = self.mac[ip] = b"\x02\x00" + ip
        return m

    def _write(self, ts, frame):
        sec = int(ts)
        usec = int(round((ts - sec) * 1e6))
        if usec >= 1000000:
            sec, usec = sec + 1, usec - 1000000
        self.buf.append(struct.pack("<IIII", sec, usec, len(frame), len(frame)))
        self.buf.append(frame)
        self.size += len(frame) + 16
        self.packets += 1
        if self.size > (4 << 20):
            self.flush()

    def flush(self):
        self.f.write(b"".join(self.buf))
        self.buf = []
        self.size = 0

    def close(self):
        self.flush()
        self.f.close()

    def _ip(self, ts, src, dst, proto, l4):
        self.ip_id = (self.ip_id + 1) & 0xFFFF
        hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), self.ip_id, 0x4000, 64, proto, 0, src, dst)
        hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
        self._write(ts, self._mac(dst) + self._mac(src) + b"\x08\x00" + hdr + l4)

    def udp(self, ts, src, sport, dst, dport, payload):
        length = 8 + len(payload)
        hdr = struct.pack("!HHHH", sport, dport, length, 0)
        c = checksum(src + dst + struct.pack("!BBH", 0, 17, length) + hdr + payload) or 0xFFFF
        self._ip(ts, src, dst, 17, hdr[:6] + struct.pack("!H", c) + payload)

    def tcp(self, ts, src, sport, dst, dport, seq, ack, flags, payload=b""):
        hdr = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 0x50, flags, 65535,
                          0, 0)
        c = checksum(src + dst + struct.pack("!BBH", 0, 6, 20 + len(payload)) + hdr + payload)
        self._ip(ts, src, dst, 6, hdr[:16] + struct.pack("!H", c) + hdr[18:] + payload)


class TcpConn:
    """One client-server TCP connection; data queues per direction."""

    def __init__(self, rng, cip, cport, sip_addr):
        self.cip, self.cport, self.sip = cip, cport, sip_addr
        self.seq = [rng.getrandbits(32), rng.getrandbits(32)]  # next seq, per direction
        self.pending = [[], []]
        self.target = [1, 1]
        self.opened = False

    def endpoints(self, d):
        if d == 0:
            return self.cip, self.cport, self.sip, SIP_PORT
        return self.sip, SIP_PORT, self.cip, self.cport

    def open(self, w, ts):
        w.tcp(ts, self.cip, self.cport, self.sip, SIP_PORT, self.seq[0], 0, TCP_SYN)
        w.tcp(ts, self.sip, SIP_PORT, self.cip, self.cport, self.seq[1], self.seq[0] + 1, TCP_SYN | TCP_ACK)
        self.seq[0] += 1
        self.seq[1] += 1
        w.tcp(ts, self.cip, self.cport, self.sip, SIP_PORT, self.seq[0], self.seq[1], TCP_ACK)
        self.opened = True

    def flush(self, w, ts, d):
        if not self.pending[d]:
            return
        data = b"".join(self.pending[d])
        self.pending[d] = []
        src, sport, dst, dport = self.endpoints(d)
        for off in range(0, len(data), MSS):
            chunk = data[off:off + MSS]
            w.tcp(ts, src, sport, dst, dport, self.seq[d], self.seq[1 - d], TCP_ACK | TCP_PSH, chunk)
            self.seq[d] += len(chunk)

    def send(self, w, rng, ts, d, msg):
        if not self.opened:
            self.open(w, ts)
        self.flush(w, ts, 1 - d)  # what the peer queued goes out first
        self.pending[d].append(msg)
        if len(self.pending[d]) >= self.target[d]:
            self.flush(w, ts, d)
            self.target[d] = rng.choice((1, 1, 2, 2, 3, 4))


# ---------------------------------------------------------------- SIP text

USER_AGENTS = ("Acme-Phone/4.2.1", "Linphone/5.2.0 (belle-sip/5.2.0)", "Zoiper rv2.10.19.5",
               "Yealink SIP-T46U 108.86.0.45", "Cisco-CP8845/14.1.1")
SERVERS = ("Kamailio (5.7.2 (x86_64/linux))", "Asterisk PBX 20.5.0", "FreeSWITCH-mod_sofia/1.10.10")
ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, PRACK, UPDATE, INFO, REFER, NOTIFY, MESSAGE"
DOMAINS = ("example.com", "example.net", "voip.example.org", "sip.example.de")


def hexid(rng, bits=64):
    return "%0*x" % (bits // 4, rng.getrandbits(bits))


def sdp(rng, user, ip):
    # A fresh session id and RTP port per offer/answer, as real phones do:
    # Wireshark sets up an RTP conversation for each, and one port reused
    # by every call would grow its conversation chains without end.
    sess = rng.randrange(10**9, 10**10)
    return ("v=0\r\n"
            f"o={user} {sess} {sess} IN IP4 {ip}\r\n"
            "s=-\r\n"
            f"c=IN IP4 {ip}\r\n"
            "t=0 0\r\n"
            f"m=audio {rng.randrange(5000, 30000) * 2} RTP/AVP 0 8 101\r\n"
            "a=rtpmap:0 PCMU/8000\r\n"
            "a=rtpmap:8 PCMA/8000\r\n"
            "a=rtpmap:101 telephone-event/8000\r\n"
            "a=sendrecv\r\n").encode()


class Dialog:
    """What a flow's messages share: addresses, users, tags, Call-ID."""

    def __init__(self, rng, transport, cip_text, sip_text, serial):
        self.rng = rng
        self.transport = transport
        self.cip = cip_text
        self.sip = sip_text
        self.caller = f"user{rng.randrange(100000)}"
        self.callee = f"user{rng.randrange(100000)}"
        self.domain = rng.choice(DOMAINS)
        self.from_tag = hexid(rng, 32)
        self.to_tag = None
        self.call_id = f"{hexid(rng, 96)}-{serial}@{cip_text}"
        self.cseq = rng.randrange(1, 200)
        self.ua = rng.choice(USER_AGENTS)
        self.server = rng.choice(SERVERS)
        # Some flows come through a proxy: two Vias and a Record-Route.
        self.proxy = rng.random() < 0.3
        self.ua_via = f"SIP/2.0/{transport} 192.168.{rng.randrange(256)}.{rng.randrange(1, 255)}:5060" \
                      f";received=198.51.100.{rng.randrange(1, 255)};rport=5060"

    def vias(self):
        top = f"SIP/2.0/{self.transport} {self.cip}:5060;branch=z9hG4bK{hexid(self.rng)}"
        if self.proxy:
            return [top, f"{self.ua_via};branch=z9hG4bK{hexid(self.rng, 48)}"]
        return [top]

    def request(self, method, ruri, vias, cseq_method=None, to_tag=None, extra=(), body=b"", ctype=None,
                contact=True):
        lines = [f"{method} {ruri} SIP/2.0"]
        lines += [f"Via: {v}" for v in vias]
        lines.append("Max-Forwards: 70")
        if self.proxy and method in ("INVITE", "BYE"):
            lines.append(f"Record-Route: <sip:{self.cip};lr>")
        lines.append(f'From: "{self.caller.title()}" <sip:{self.caller}@{self.domain}>;tag={self.from_tag}')
        to = f"To: <sip:{self.callee}@{self.domain}>"
        if method == "REGISTER":
            to = f"To: <sip:{self.caller}@{self.domain}>"
        lines.append(to + (f";tag={to_tag}" if to_tag else ""))
        lines.append(f"Call-ID: {self.call_id}")
        lines.append(f"CSeq: {self.cseq} {cseq_method or method}")
        if contact:
            lines.append(f"Contact: <sip:{self.caller}@{self.cip}:5060;transport={self.transport.lower()}>")
        lines += extra
        lines.append(f"User-Agent: {self.ua}")
        if body:
            lines.append(f"Content-Type: {ctype}")
        lines.append(f"Content-Length: {len(body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body

    def response(self, req_vias, status, reason, cseq_method, to_tag=None, extra=(), body=b"", ctype=None,
                 contact=None, register=False):
        lines = [f"SIP/2.0 {status} {reason}"]
        lines += [f"Via: {v}" for v in req_vias]
        if self.proxy and cseq_method in ("INVITE", "BYE"):
            lines.append(f"Record-Route: <sip:{self.cip};lr>")
        lines.append(f'From: "{self.caller.title()}" <sip:{self.caller}@{self.domain}>;tag={self.from_tag}')
        to_user = self.caller if register else self.callee
        lines.append(f"To: <sip:{to_user}@{self.domain}>" + (f";tag={to_tag}" if to_tag else ""))
        lines.append(f"Call-ID: {self.call_id}")
        lines.append(f"CSeq: {self.cseq} {cseq_method}")
        if contact:
            lines.append(f"Contact: {contact}")
        lines += extra
        lines.append(f"Server: {self.server}")
        if body:
            lines.append(f"Content-Type: {ctype}")
        lines.append(f"Content-Length: {len(body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


# ---------------------------------------------------------------- flows
# A flow yields (delay in seconds, direction, message); direction 0 is
# client -> server. UDP flows may yield the same message twice
# (retransmission); TCP flows never do.

C2S, S2C = 0, 1


def ms(rng, lo, hi):
    return rng.uniform(lo, hi) / 1000.0


def invite_transaction(dg, ruri, final, reason, extra_req=(), extra_resp=(), contact_resp=None,
                       ringing=True, retrans=False):
    """INVITE -> 100 -> [180] -> final, then ACK for a non-2xx final. Returns
    via the generator protocol; the 2xx ACK is the caller's."""
    rng = dg.rng
    vias = dg.vias()
    dg.to_tag = hexid(rng, 32)
    body = sdp(rng, dg.caller, dg.cip)
    invite = dg.request("INVITE", ruri, vias, extra=(
        "Allow: " + ALLOW,) + tuple(extra_req), body=body, ctype="application/sdp")
    yield 0.0, C2S, invite
    if retrans:
        yield 0.5, C2S, invite
    yield ms(rng, 1, 30), S2C, dg.response(vias, 100, "Trying", "INVITE")
    if ringing:
        yield ms(rng, 20, 300), S2C, dg.response(
            vias, 180, "Ringing", "INVITE", dg.to_tag,
            contact=f"<sip:{dg.callee}@{dg.sip}:5060>")
    if final == 200:
        resp = dg.response(vias, 200, "OK", "INVITE", dg.to_tag, extra=(
            "Allow: " + ALLOW, "Supported: replaces, timer") + tuple(extra_resp),
            body=sdp(rng, dg.callee, dg.sip), ctype="application/sdp",
            contact=f"<sip:{dg.callee}@{dg.sip}:5060>")
    else:
        resp = dg.response(vias, final, reason, "INVITE", dg.to_tag, extra=tuple(extra_resp),
                           contact=contact_resp)
    yield ms(rng, 100, 2000), S2C, resp
    if retrans and final >= 200:
        yield 0.5, S2C, resp
    if final >= 300:
        # ACK of a non-2xx final: same branch, the top Via only.
        yield ms(rng, 0.1, 2), C2S, dg.request("ACK", ruri, vias[:1], cseq_method="ACK",
                                               to_tag=dg.to_tag, contact=False)


def ack_and_bye(dg, hold=True):
    rng = dg.rng
    remote = f"sip:{dg.callee}@{dg.sip}:5060"
    yield ms(rng, 0.1, 5), C2S, dg.request("ACK", remote, dg.vias(), to_tag=dg.to_tag, contact=False)
    if not hold:
        return
    dg.cseq += 1
    vias = dg.vias()
    yield rng.uniform(0.5, 8.0), C2S, dg.request("BYE", remote, vias, to_tag=dg.to_tag, contact=False)
    yield ms(rng, 1, 40), S2C, dg.response(vias, 200, "OK", "BYE", dg.to_tag)


def flow_call(dg, retrans):
    ruri = f"sip:{dg.callee}@{dg.domain}"
    yield from invite_transaction(dg, ruri, 200, "OK", extra_req=("Supported: replaces, 100rel",),
                                  retrans=retrans)
    yield from ack_and_bye(dg)


def contact_list(rng, dg, n):
    hosts = [f"sip:{dg.callee}@{dg.sip}:5060", f"sip:{dg.callee}@new.{dg.domain}",
             f"sip:{dg.callee}-mobile@{dg.domain}", f"sip:+4930{rng.randrange(10**7):07d}@gw.{dg.domain}"]
    parts = []
    for i in range(n):
        q = rng.choice(("1.0", "0.9", "0.7", "0.5", "0.1"))
        p = f"<{hosts[i]}>;q={q}"
        if rng.random() < 0.6:
            p += f";expires={rng.choice((60, 600, 3600, 86400))}"
        parts.append(p)
    return ", ".join(parts), hosts[0]


def flow_redirect(dg, retrans, status):
    rng = dg.rng
    ruri = f"sip:{dg.callee}@{dg.domain}"
    contacts, new = contact_list(rng, dg, rng.randrange(1, 4))
    reason = "Moved Permanently" if status == 301 else "Moved Temporarily"
    yield from invite_transaction(dg, ruri, status, reason, ringing=False, retrans=retrans,
                                  contact_resp=contacts)
    # The retry: a new transaction (new branch, CSeq + 1) at the new URI.
    dg.cseq += 1
    yield from delayed(ms(rng, 1, 20), invite_transaction(dg, new, 200, "OK", retrans=False))
    yield from ack_and_bye(dg)


def delayed(first_delay, gen):
    first = True
    for d, direction, msg in gen:
        yield (d + first_delay if first else d), direction, msg
        first = False


def flow_fail(dg, retrans):
    rng = dg.rng
    status, reason = rng.choice(((404, "Not Found"), (486, "Busy Here"), (480, "Temporarily Unavailable"),
                                 (403, "Forbidden"), (488, "Not Acceptable Here"), (603, "Decline")))
    yield from invite_transaction(dg, f"sip:{dg.callee}@{dg.domain}", status, reason,
                                  ringing=status in (486, 480, 603), retrans=retrans)


def flow_auth(dg, retrans):
    rng = dg.rng
    ruri = f"sip:{dg.callee}@{dg.domain}"
    nonce = hexid(rng, 128)
    yield from invite_transaction(dg, ruri, 407, "Proxy Authentication Required", ringing=False,
                                  extra_resp=(f'Proxy-Authenticate: Digest realm="{dg.domain}", '
                                              f'nonce="{nonce}", algorithm=MD5, qop="auth"',),
                                  retrans=retrans)
    dg.cseq += 1
    auth = (f'Proxy-Authorization: Digest username="{dg.caller}", realm="{dg.domain}", nonce="{nonce}", '
            f'uri="{ruri}", response="{hexid(rng, 128)}", algorithm=MD5, cnonce="{hexid(rng, 32)}", '
            'qop=auth, nc=00000001')
    yield from delayed(ms(rng, 1, 10), invite_transaction(dg, ruri, 200, "OK", extra_req=(auth,)))
    yield from ack_and_bye(dg)


def flow_420(dg, retrans):
    rng = dg.rng
    ruri = f"sip:{dg.callee}@{dg.domain}"
    ext = rng.choice(("x-acme-fastpath", "precondition", "sec-agree"))
    yield from invite_transaction(dg, ruri, 420, "Bad Extension", ringing=False, retrans=retrans,
                                  extra_req=(f"Require: {ext}", "Supported: replaces"),
                                  extra_resp=(f"Unsupported: {ext}",))
    dg.cseq += 1
    yield from delayed(ms(rng, 1, 10), invite_transaction(dg, ruri, 200, "OK",
                                                          extra_req=("Supported: replaces",)))
    yield from ack_and_bye(dg)


def flow_421(dg, retrans):
    rng = dg.rng
    ruri = f"sip:{dg.callee}@{dg.domain}"
    need = rng.choice(("timer", "timer", "100rel", "100rel, timer", "replaces"))
    if rng.random() < 0.03:
        extra_resp = ()  # a broken server: 421 without Require
    else:
        extra_resp = (f"Require: {need}",)
    supported = rng.choice(("replaces", "100rel", "path, gruu", "replaces, norefersub"))
    yield from invite_transaction(dg, ruri, 421, "Extension Required", ringing=False, retrans=retrans,
                                  extra_req=(f"Supported: {supported}",), extra_resp=extra_resp)
    dg.cseq += 1
    if rng.random() < 0.15:
        retry_supported = supported  # the client retries without the extension
    else:
        retry_supported = f"{supported}, {need}"
    extra = [f"Supported: {retry_supported}"]
    if "timer" in need:
        extra.append("Session-Expires: 1800;refresher=uac")
        extra.append("Min-SE: 90")
    yield from delayed(ms(rng, 1, 10), invite_transaction(dg, ruri, 200, "OK", extra_req=tuple(extra)))
    yield from ack_and_bye(dg)


def flow_cancel(dg, retrans):
    rng = dg.rng
    ruri = f"sip:{dg.callee}@{dg.domain}"
    vias = dg.vias()
    dg.to_tag = hexid(rng, 32)
    invite = dg.request("INVITE", ruri, vias, extra=("Allow: " + ALLOW, "Supported: replaces"),
                        body=sdp(rng, dg.caller, dg.cip), ctype="application/sdp")
    yield 0.0, C2S, invite
    yield ms(rng, 1, 30), S2C, dg.response(vias, 100, "Trying", "INVITE")
    yield ms(rng, 20, 300), S2C, dg.response(vias, 180, "Ringing", "INVITE", dg.to_tag,
                                             contact=f"<sip:{dg.callee}@{dg.sip}:5060>")
    yield rng.uniform(0.5, 4.0), C2S, dg.request("CANCEL", ruri, vias[:1], cseq_method="CANCEL",
                                                 contact=False)
    yield ms(rng, 1, 20), S2C, dg.response(vias[:1], 200, "OK", "CANCEL", dg.to_tag)
    final = dg.response(vias, 487, "Request Terminated", "INVITE", dg.to_tag)
    yield ms(rng, 0.1, 5), S2C, final
    if retrans:
        yield 0.5, S2C, final
    yield ms(rng, 0.1, 2), C2S, dg.request("ACK", ruri, vias[:1], cseq_method="ACK", to_tag=dg.to_tag,
                                           contact=False)


def register_txn(dg, registrar, status, reason, extra_req=(), extra_resp=(), contact_resp=None,
                 retrans=False):
    rng = dg.rng
    vias = dg.vias()
    req = dg.request("REGISTER", registrar, vias,
                     extra=("Expires: 3600", "Supported: path, gruu, outbound") + tuple(extra_req))
    yield 0.0, C2S, req
    if retrans:
        yield 0.5, C2S, req
    resp = dg.response(vias, status, reason, "REGISTER", hexid(rng, 32), extra=tuple(extra_resp),
                       contact=contact_resp, register=True)
    yield ms(rng, 1, 60), S2C, resp


def flow_register(dg, retrans):
    rng = dg.rng
    registrar = f"sip:{dg.domain}"
    nonce = hexid(rng, 128)
    yield from register_txn(dg, registrar, 401, "Unauthorized", retrans=retrans,
                            extra_resp=(f'WWW-Authenticate: Digest realm="{dg.domain}", nonce="{nonce}", '
                                        'algorithm=MD5, qop="auth"',))
    dg.cseq += 1
    auth = (f'Authorization: Digest username="{dg.caller}", realm="{dg.domain}", nonce="{nonce}", '
            f'uri="{registrar}", response="{hexid(rng, 128)}", algorithm=MD5, cnonce="{hexid(rng, 32)}", '
            'qop=auth, nc=00000001')
    yield from delayed(ms(rng, 1, 10), register_txn(
        dg, registrar, 200, "OK", extra_req=(auth,),
        contact_resp=f"<sip:{dg.caller}@{dg.cip}:5060;transport={dg.transport.lower()}>;expires=3600"))


def flow_register_moved(dg, retrans):
    rng = dg.rng
    registrar = f"sip:{dg.domain}"
    new = f"sip:registrar2.{dg.domain}"
    yield from register_txn(dg, registrar, 301, "Moved Permanently", retrans=retrans,
                            contact_resp=f"<{new}>;q=1.0;expires=86400")
    dg.cseq += 1
    yield from delayed(ms(rng, 1, 10), register_txn(
        dg, new, 200, "OK",
        contact_resp=f"<sip:{dg.caller}@{dg.cip}:5060;transport={dg.transport.lower()}>;expires=3600"))


def flow_options(dg, retrans):
    rng = dg.rng
    vias = dg.vias()
    req = dg.request("OPTIONS", f"sip:{dg.sip}:5060", vias, extra=("Accept: application/sdp",))
    yield 0.0, C2S, req
    if retrans:
        yield 0.5, C2S, req
    yield ms(rng, 0.5, 20), S2C, dg.response(vias, 200, "OK", "OPTIONS", hexid(rng, 32), extra=(
        "Allow: " + ALLOW, "Supported: replaces, timer, 100rel, path", "Accept: application/sdp"))


def flow_message(dg, retrans):
    rng = dg.rng
    vias = dg.vias()
    text = f"Hello {dg.callee}, message {rng.randrange(10**6)}".encode()
    req = dg.request("MESSAGE", f"sip:{dg.callee}@{dg.domain}", vias, body=text, ctype="text/plain",
                     contact=False)
    yield 0.0, C2S, req
    if retrans:
        yield 0.5, C2S, req
    yield ms(rng, 1, 40), S2C, dg.response(vias, 200, "OK", "MESSAGE", hexid(rng, 32))


FLOWS = (
    (flow_call, 30),
    (flow_fail, 10),
    (flow_auth, 8),
    (flow_register, 14),
    (flow_options, 8),
    (flow_message, 3),
    (flow_cancel, 3),
    (lambda dg, r: flow_redirect(dg, r, 301), 6),
    (lambda dg, r: flow_redirect(dg, r, 302), 4),
    (flow_register_moved, 2),
    (flow_420, 3),
    (flow_421, 6),
)


def ip(text):
    return bytes(int(x) for x in text.split("."))


def gen_sip(args):
    rng = random.Random(args.seed)
    w = PcapWriter(args.out)
    funcs = [f for f, _ in FLOWS]
    weights = [wt for _, wt in FLOWS]
    servers = [f"10.1.0.{i}" for i in range(1, 5)]
    tcp_conns = []
    for i in range(args.tcp_connections):
        c = f"10.0.{i // 200}.{i % 200 + 1}"
        tcp_conns.append(TcpConn(rng, ip(c), 40000 + i, ip(servers[i % len(servers)])))
    heap = []
    serial = 0
    t0 = 1767225600.0  # 2026-01-01

    def schedule(ts, key, gen, conn, cip_b, sip_b):
        try:
            delay, direction, msg = next(gen)
        except StopIteration:
            start(ts + rng.expovariate(1000.0))
            return
        # (time, flow serial) is unique: the tuple never compares further.
        heapq.heappush(heap, (ts + delay, key, direction, msg, gen, conn, cip_b, sip_b))

    def start(ts):
        nonlocal serial
        serial += 1
        if args.transport == "mixed":
            transport = "TCP" if rng.random() < 0.5 else "UDP"
        else:
            transport = args.transport.upper()
        if transport == "TCP":
            conn = rng.choice(tcp_conns)
            cip_b, sip_b = conn.cip, conn.sip
        else:
            conn = None
            cip_b = ip(f"10.0.{100 + rng.randrange(100)}.{rng.randrange(1, 255)}")
            sip_b = ip(rng.choice(servers))
        dg = Dialog(rng, transport, ".".join(map(str, cip_b)), ".".join(map(str, sip_b)), serial)
        retrans = transport == "UDP" and rng.random() < args.retrans
        gen = rng.choices(funcs, weights)[0](dg, retrans)
        schedule(ts, serial, gen, conn, cip_b, sip_b)

    for i in range(args.concurrency):
        start(t0 + i * 0.002)
    written = 0
    ts = t0
    while written < args.messages and heap:
        ts, key, direction, msg, gen, conn, cip_b, sip_b = heapq.heappop(heap)
        if conn is not None:
            conn.send(w, rng, ts, direction, msg)
        elif direction == C2S:
            w.udp(ts, cip_b, SIP_PORT, sip_b, SIP_PORT, msg)
        else:
            w.udp(ts, sip_b, SIP_PORT, cip_b, SIP_PORT, msg)
        written += 1
        schedule(ts, key, gen, conn, cip_b, sip_b)
    for c in tcp_conns:
        c.flush(w, ts, 0)
        c.flush(w, ts, 1)
    w.close()
    return written, w.packets


def dns_name(name):
    return b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"


class PlainTcp:
    """A short TCP connection with text records on port 33333."""

    def __init__(self, rng, serial):
        self.cip = ip(f"10.3.{rng.randrange(1, 250)}.{rng.randrange(1, 255)}")
        self.cport = 20000 + serial % 40000
        self.sip = ip(f"10.4.0.{rng.randrange(1, 5)}")
        self.seq = [rng.getrandbits(32), rng.getrandbits(32)]
        self.left = rng.randrange(4, 200)  # data segments before it closes
        self.opened = False

    def ends(self, d):
        if d == 0:
            return self.cip, self.cport, self.sip, 33333
        return self.sip, 33333, self.cip, self.cport

    def segment(self, w, ts, d, flags, data=b""):
        src, sport, dst, dport = self.ends(d)
        w.tcp(ts, src, sport, dst, dport, self.seq[d], self.seq[1 - d], flags, data)
        self.seq[d] += len(data) + (1 if flags & (TCP_SYN | TCP_FIN) else 0)


def gen_non_sip(args):
    """DNS over UDP and many short TCP connections carrying text records."""
    rng = random.Random(args.seed)
    w = PcapWriter(args.out)
    ts = 1767225600.0
    resolver = ip("10.2.0.53")
    text = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789 =;\n") for _ in range(1 << 16)).encode()
    serial = 0
    conns = []
    for serial in range(8):
        conns.append(PlainTcp(rng, serial))
    while w.packets < args.non_sip:
        ts += rng.expovariate(5000.0)
        if rng.random() < 0.5:
            client = ip(f"10.2.{rng.randrange(1, 250)}.{rng.randrange(1, 255)}")
            port = rng.randrange(32768, 61000)
            qid = rng.getrandbits(16)
            name = dns_name(f"host{rng.randrange(100000)}.{rng.choice(DOMAINS)}")
            q = struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0) + name + struct.pack("!HH", 1, 1)
            w.udp(ts, client, port, resolver, 53, q)
            a = (struct.pack("!HHHHHH", qid, 0x8180, 1, 1, 0, 0) + name + struct.pack("!HH", 1, 1)
                 + struct.pack("!HHHIH", 0xC00C, 1, 1, 300, 4)
                 + bytes([198, 51, 100, rng.randrange(256)]))
            w.udp(ts + 0.0005, resolver, 53, client, port, a)
            continue
        k = rng.randrange(len(conns))
        c = conns[k]
        if not c.opened:
            c.segment(w, ts, 0, TCP_SYN)
            src, sport, dst, dport = c.ends(1)
            w.tcp(ts, src, sport, dst, dport, c.seq[1], c.seq[0], TCP_SYN | TCP_ACK)
            c.seq[1] += 1
            c.segment(w, ts, 0, TCP_ACK)
            c.opened = True
        elif c.left == 0:
            c.segment(w, ts, 0, TCP_FIN | TCP_ACK)
            c.segment(w, ts + 0.0001, 1, TCP_FIN | TCP_ACK)
            c.segment(w, ts + 0.0002, 0, TCP_ACK)
            serial += 1
            conns[k] = PlainTcp(rng, serial)
        else:
            d = rng.randrange(2)
            off = rng.randrange(len(text) - MSS)
            c.segment(w, ts, d, TCP_ACK | TCP_PSH, text[off:off + rng.randrange(64, MSS)])
            c.segment(w, ts + 0.0002, 1 - d, TCP_ACK)
            c.left -= 1
    w.close()
    return 0, w.packets


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, default=100000, help="SIP messages to write (default 100000)")
    ap.add_argument("--transport", choices=("udp", "tcp", "mixed"), default="mixed")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--non-sip", type=int, metavar="N", help="write N non-SIP packets instead")
    ap.add_argument("--concurrency", type=int, default=200, help="flows in progress at a time (default 200)")
    ap.add_argument("--tcp-connections", type=int, default=16, help="TCP connections that carry the flows")
    ap.add_argument("--retrans", type=float, default=0.1,
                    help="share of UDP flows with retransmissions (default 0.1)")
    args = ap.parse_args(argv)
    if args.non_sip is not None:
        _, packets = gen_non_sip(args)
        print(f"{args.out}: {packets} non-SIP packets")
    else:
        msgs, packets = gen_sip(args)
        print(f"{args.out}: {msgs} SIP messages in {packets} packets ({args.transport}, seed {args.seed})")


if __name__ == "__main__":
    main()
