#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the seed corpus of fuzz_core.c: realistic SIP sequences encoded in
the harness's input program (see the comments in fuzz_core.c).

    python3 make_seeds.py [OUTDIR]      (default: corpus/ next to this file)

The encoder below mirrors the byte reader of the harness; run the harness
with SIPADVISOR_FUZZ_TRACE=1 on a seed to see the messages it builds.
"""
import os
import sys

# Dictionary indexes in fuzz_core.c.
METHODS = ["INVITE", "REGISTER", "ACK", "CANCEL", "BYE", "OPTIONS", "SUBSCRIBE", "NOTIFY",
           "MESSAGE", "UPDATE", "PRACK", "REFER", "INFO", "PUBLISH", "invite", "INVITE "]
STATUSES = [100, 180, 183, 200, 202, 301, 301, 301, 302, 305, 380, 400, 401, 403, 404, 407,
            420, 421, 421, 421, 480, 486, 487, 488, 491, 500, 503, 603, 699, 0, 99, 1000]

# Alphabets and tables of the structured URIs (gen_uri_parts()).
USER_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'()&=+$,"
TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'"
HOST_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-."
ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
PARAM_NAMES = ["transport", "user", "ttl", "method", "maddr", "lr", "ob", "x-foo", "gr", "comp"]
PARAM_VALUES = {"transport": ["udp", "tcp", "TLS", "sctp", "ws"], "user": ["phone", "ip", "dialstring"],
                "method": ["INVITE", "register", "Bye"], "maddr": ["239.255.255.1", "Example.COM", "[2001:db8::2]"]}
HDR_NAMES = ["subject", "priority", "call-id", "x-h"]

# gen_fields() mask bits.
RURI, CALLID, CSEQ, VIA, FROM, TO, TAGS, CONTACTS = (1 << i for i in range(8))

# Opcodes (low nibble of an op byte).
OP_REQUEST, OP_RESPONSE, OP_RESEND, OP_ACK, OP_CANCEL, OP_RETRY, OP_COPY, OP_FRESH_RESPONSE = 0, 2, 4, 5, 6, 7, 8, 9
OP_URI_PAIR, OP_URI_STRUCT, OP_TAGSETS, OP_NUMBER, OP_SKIP = 11, 12, 13, 14, 15


class Program:
    """Builds one harness input. Strings go in as raw slices (or NULL)."""

    def __init__(self, time_mode=0, high_frames=False):
        self.out = bytearray([time_mode | (0x80 if high_frames else 0)])
        self.n_msgs = 0
        self.requests = set()  # numbers of the messages that are requests

    # -- strings (get_str) --
    def s(self, text):
        if text is None:
            self.out.append(0)
            return
        data = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else bytes(text)
        assert b"\0" not in data
        if len(data) < 31:
            self.out.append(len(data) << 3 | 4)
        else:
            assert len(data) <= 31 + 255, "raw slices are at most 286 bytes"
            self.out += bytes([31 << 3 | 4, len(data) - 31])
        self.out += data

    def method(self, name):
        self.out.append(METHODS.index(name) << 3 | 1)

    def nasty(self, index):
        self.out.append(index << 3 | 7)

    # -- message parts --
    def op(self, code, step):
        """step 0: same frame as the previous message, 1-9: that many frames later."""
        assert 0 <= step <= 9
        self.out.append((0 if step == 0 else step + 5) << 4 | code)

    def pick(self, msg):
        """Refers to an earlier message by its number (0-based)."""
        if msg is None:
            self.out.append(0)
        else:
            assert msg < self.n_msgs
            self.out.append(self.n_msgs - 1 - msg)

    def contacts(self, contacts, star=False):
        self.out.append(len(contacts) | (0x80 if star else 0))
        for uri, q, expires in contacts:
            self.s(uri)
            self.s(q)
            self.s(expires)

    def fields(self, mask, ruri=None, call_id=None, cseq=None, sent_by=None, branch=None, from_tag=None,
               from_uri=None, to_uri=None, require=None, supported=None, contacts=()):
        """gen_fields(); cseq (for the CSEQ bit) is (number, method name)."""
        if mask & RURI:
            self.s(ruri)
        if mask & CALLID:
            self.s(call_id)
        if mask & CSEQ:
            number, method = cseq
            self.out.append(0x0f if number >= 16 else (number << 4 | 0x07))
            if number >= 16:
                self.out += number.to_bytes(4, "big")
            self.s(method)
        if mask & VIA:
            self.s(sent_by)
            self.s(branch)
        if mask & FROM:
            self.s(from_tag)
            self.s(from_uri)
        if mask & TO:
            self.s(to_uri)
        if mask & TAGS:
            self.s(require)
            self.s(supported)
        if mask & CONTACTS:
            self.contacts(contacts)

    def status(self, code):
        if code in STATUSES:
            return STATUSES.index(code)
        return None

    # -- messages --
    def request(self, method, step=None, cseq=1, ruri="sip:bob@biloxi.example.com", call_id="call-1@client",
                sent_by="client.example.com:5060", branch="z9hG4bK-1", from_tag="ft1",
                from_uri="sip:alice@atlanta.example.com", to_uri="sip:bob@biloxi.example.com",
                require=None, supported=None, contacts=()):
        self.op(OP_REQUEST, (0 if self.n_msgs == 0 else 1) if step is None else step)
        self.pick(None)
        self.method(method)
        self.fields(0xff & ~CSEQ, ruri=ruri, call_id=call_id, sent_by=sent_by, branch=branch,
                    from_tag=from_tag, from_uri=from_uri, to_uri=to_uri, require=require,
                    supported=supported, contacts=contacts)
        self.out.append(cseq)
        self.out.append(1)  # CSeq method = request method
        self.requests.add(self.n_msgs)
        self.n_msgs += 1
        return self.n_msgs - 1

    def response(self, to, status, step=1, contacts=None, require=None, mask=0, **fields):
        """A response that copies the Via, Call-ID, CSeq, From and To of message `to`."""
        self.op(OP_RESPONSE, step)
        self.pick(to)
        index = self.status(status)
        flags = 0
        if contacts is not None:
            flags |= 0x40
        if require is not None:
            flags |= 0x20
        if index is None:
            self.out += bytes([0x80 | flags]) + status.to_bytes(2, "big")
            code = status
        else:
            self.out.append(index | flags)
            code = status
        if contacts is not None or 300 <= code < 400:
            self.contacts(contacts or [])
        if require is not None or code == 421:
            self.s(require)
        self.out.append(mask)
        self.fields(mask & 0xfe, **fields)
        self.n_msgs += 1
        return self.n_msgs - 1

    def resend(self, msg, step=1):
        self.op(OP_RESEND, step)
        self.pick(msg)
        self.n_msgs += 1
        return self.n_msgs - 1

    def ack(self, msg, step=1, ruri="sip:bob@biloxi.example.com", mask=0, **fields):
        """ACK of a non-2xx response: the fields of `msg` (request or response)."""
        self.op(OP_ACK, step)
        self.pick(msg)
        if msg not in self.requests:
            self.s(ruri)
        self.out.append(mask)
        self.fields(mask & 0xfe, **fields)
        self.n_msgs += 1
        return self.n_msgs - 1

    def copy(self, msg, step=1, mask=0, **fields):
        """Message `msg` again, with the fields of `mask` replaced."""
        self.op(OP_COPY, step)
        self.pick(msg)
        self.out.append(mask)
        self.fields(mask & 0xfe, **fields)
        if msg in self.requests and not mask & 1:
            self.requests.add(self.n_msgs)
        self.n_msgs += 1
        return self.n_msgs - 1

    def fresh_response(self, status, step=1, **fields):
        """A response with every field given here (no request before it)."""
        self.op(OP_FRESH_RESPONSE, step)
        self.pick(None)
        self.out.append(STATUSES.index(status))
        self.fields(0xfe, **fields)
        self.out.append(0)  # no overrides
        self.n_msgs += 1
        return self.n_msgs - 1

    def cancel(self, msg, step=1):
        self.op(OP_CANCEL, step)
        self.pick(msg)
        self.out.append(0)
        self.n_msgs += 1
        return self.n_msgs - 1

    def retry(self, after, step=1, contact=None, ruri="sip:bob@biloxi.example.com", new_call=False, supports_required=False,
              supported_extra=None, mask=0, **fields):
        """The client's next attempt after response `after`: same Call-ID (or a
        new call), From, method; CSeq + 1; a fresh branch; the Request-URI is
        contact number `contact` of `after` or `ruri`."""
        self.op(OP_RETRY, step)
        self.pick(after)
        self.out.append(1)  # a fresh z9hG4bK branch
        b = (0x40 if new_call else 0) | (0x80 if supports_required else 0)
        if contact is not None:
            b |= 1 | contact << 2
        self.out.append(b)
        if contact is None:
            self.s(ruri)
        if supports_required:
            self.out.append(1 if supported_extra is not None else 0)
            if supported_extra is not None:
                self.s(supported_extra)
        self.out.append(mask)
        self.fields(mask & 0xfe, **fields)
        self.requests.add(self.n_msgs)
        self.n_msgs += 1
        return self.n_msgs - 1

    def token(self, text, alphabet, minlen, size):
        assert minlen <= len(text) < size
        self.out.append(len(text) - minlen)
        self.out += bytes(alphabet.index(c) for c in text)

    def uri_struct(self, variant, seed, host, sips=False, user=None, password=None, port=None, params=(),
                   headers=(), different=0):
        """check_uri_structured(): a well-formed URI, an equivalent rendering
        (`variant`: V_* bits of fuzz_core.c) and a different one (`different`:
        the make_different() case). params: (name, value or None); the value
        of transport/user/method/maddr is one of PARAM_VALUES."""
        self.op(OP_URI_STRUCT, 0)
        self.out += bytes([variant, seed])
        count = len(params)
        nib = next(n for n in range(8, 16) if n % 5 == count) if headers else count
        self.out.append(nib << 4 | (1 if sips else 0) | (2 if user is not None else 0)
                        | (4 if password is not None else 0) | (8 if port is not None else 0))
        if user is not None:
            self.token(user, USER_CHARS, 1, 24)
        if password is not None:
            self.token(password, USER_CHARS, 0, 16)
        if host.startswith("["):
            self.out.append(1)
            self.out += int(host[len("[2001:db8::"):-1], 16).to_bytes(2, "big")
        else:
            self.out.append(2)
            self.token(host, HOST_CHARS, 1, 48)
        if port is not None:
            self.out += port.to_bytes(2, "big")
        for name, value in params:
            self.out.append(PARAM_NAMES.index(name))
            if name in PARAM_VALUES:
                self.out.append(PARAM_VALUES[name].index(value))
            elif name == "ttl":
                self.out.append(int(value))
            elif value is None:
                self.out.append(0)
            else:
                self.out.append(1)
                self.token(value, TOKEN_CHARS, 1, 24)
        if headers:
            self.out.append(len(headers))
            for name, value in headers:
                self.out.append(HDR_NAMES.index(name))
                self.token(value, ALNUM, 0, 24)
        self.out.append(different)

    def raw(self, data):
        self.out += data

    def bytes(self):
        return bytes(self.out)


def seeds():
    out = {}

    # INVITE -> 100 -> 301 with two contacts -> ACK -> retry at the best one -> 200.
    p = Program()
    inv = p.request("INVITE", supported="100rel, timer")
    p.response(inv, 100)
    moved = p.response(inv, 301, contacts=[("sip:bob@new.example.com", "0.5", "3600"),
                                           ("sip:bob@mobile.example.com;transport=tcp", "1.0", None)])
    p.ack(moved)
    retry = p.retry(moved, contact=1)
    p.response(retry, 200, step=2)
    out["redirect-301-retry"] = p.bytes()

    # REGISTER -> 301 -> REGISTER again at the new registrar.
    p = Program()
    reg = p.request("REGISTER", ruri="sip:registrar.example.com", to_uri="sip:alice@example.com",
                    from_uri="sip:alice@example.com", contacts=[("sip:alice@192.0.2.4:5060", None, "3600")])
    moved = p.response(reg, 301, contacts=[("sip:registrar2.example.com", None, "7200")])
    p.retry(moved, contact=0)
    out["register-301"] = p.bytes()

    # INVITE (Supported: 100rel) -> 421 Require: timer -> ACK -> retry with timer -> 200.
    p = Program()
    inv = p.request("INVITE", supported="100rel")
    ext = p.response(inv, 421, require="timer")
    p.ack(ext)
    retry = p.retry(ext, supports_required=True, supported_extra="100rel")
    p.response(retry, 200)
    out["extension-421-retry"] = p.bytes()

    # 421 that requires what the request already supported; a folded Require.
    p = Program()
    inv = p.request("INVITE", supported="timer,\r\n 100rel")
    p.response(inv, 421, require=" TIMER ,\r\n\t100REL")
    out["extension-421-already-supported"] = p.bytes()

    # 421 without Require, 301 without Contact (findings).
    p = Program()
    inv = p.request("INVITE")
    p.response(inv, 421)
    opt = p.request("OPTIONS", branch="z9hG4bK-2", cseq=2)
    p.response(opt, 301, contacts=[("", "0.5", None)])
    out["findings-no-require-no-contact"] = p.bytes()

    # Retransmissions: INVITE twice, 100, 301 twice, ACK twice.
    p = Program()
    inv = p.request("INVITE")
    p.resend(inv)
    p.response(inv, 100)
    moved = p.response(inv, 301, contacts=[("sip:bob@new.example.com", None, None)])
    p.resend(moved, step=3)
    ack = p.ack(moved)
    p.resend(ack)
    out["retransmissions"] = p.bytes()

    # RFC 2543 client: branch without the magic cookie, and no branch at all.
    p = Program()
    inv = p.request("INVITE", branch="776asdhds", from_tag="1928301774")
    p.response(inv, 421, require="100rel")
    old = p.request("INVITE", branch=None, cseq=2, call_id="call-2543")
    p.response(old, 301, contacts=[("sip:bob@192.0.2.10", "0.7", "60"), ("tel:+15551234567", "0.7", None)])
    out["rfc2543-matching"] = p.bytes()

    # Responses whose request is not captured, and one without Via (unmatchable).
    p = Program()
    p.fresh_response(301, step=0, call_id="lost-1", cseq=(7, "INVITE"), sent_by="client.example.com",
                     branch="z9hG4bK-lost", from_tag="x", from_uri="sip:carol@example.org",
                     to_uri="sip:dave@example.org", contacts=[("sip:dave@elsewhere.example.org", "0.1", "0")])
    p.fresh_response(421, call_id="lost-2", cseq=(1, "INVITE"), sent_by=None, branch=None, require="timer")
    out["not-captured-unmatchable"] = p.bytes()

    # The response is captured before its request (reordered capture): the
    # request fills in the transaction, then the client retries.
    p = Program()
    moved = p.fresh_response(301, step=0, call_id="call-r", cseq=(1, "INVITE"), sent_by="client.example.com:5060",
                             branch="z9hG4bK-r1", from_tag="ft1", from_uri="sip:alice@atlanta.example.com",
                             to_uri="sip:bob@biloxi.example.com",
                             contacts=[("sip:bob@new.example.com", None, None)])
    p.request("INVITE", step=0, call_id="call-r", branch="z9hG4bK-r1")
    p.ack(moved)
    p.retry(moved, contact=0)
    out["response-before-request"] = p.bytes()

    # A client that collects 40 unanswered 301s (one From URI, a new call
    # each time, never to an offered URI): the oldest stop waiting for a
    # retry (SA_MAX_WAITING_PER_FROM); the last one is retried.
    p = Program()
    inv = p.request("INVITE", call_id="flood", ruri="sip:b@old")
    for i in range(40):
        again = p.copy(inv, step=1 if i % 4 == 0 else 0, mask=CALLID | VIA, call_id=f"f{i}", sent_by="c",
                       branch=f"z9hG4bK-{i}")
        p.response(again, 301, step=0, contacts=[(f"sip:b@n{i % 3}", None, None)])
    p.retry(p.n_msgs - 1, contact=0)
    out["flood-301-same-from"] = p.bytes()

    # Several messages in one frame (SIP over TCP), then CANCEL and its own 421.
    p = Program()
    inv = p.request("INVITE")
    p.response(inv, 100, step=0)
    p.response(inv, 180, step=0)
    can = p.cancel(inv)
    p.response(can, 421, step=0, require="sec-agree")
    p.response(inv, 487)
    out["same-frame-cancel"] = p.bytes()

    # Retries that do not help: an unoffered URI, a still missing tag.
    p = Program()
    inv = p.request("INVITE")
    moved = p.response(inv, 301, contacts=[("sip:bob@new.example.com", None, None)])
    p.ack(moved)
    p.retry(moved, ruri="sip:bob@somewhere-else.example.com")
    sub = p.request("SUBSCRIBE", branch="z9hG4bK-s1", call_id="sub-1", cseq=5)
    ext = p.response(sub, 421, require="path, gruu")
    p.retry(ext, supported_extra=None, supports_required=False, mask=TAGS, require=None, supported="gruu")
    out["retry-unoffered-still-missing"] = p.bytes()

    # A 301 retried as a new call from the same From URI; equivalent URI forms.
    p = Program()
    inv = p.request("INVITE", call_id="first-call")
    moved = p.response(inv, 301, contacts=[("sip:Bob@New.Example.COM:5060;transport=TCP;lr", "1", None)])
    p.ack(moved)
    p.retry(moved, new_call=True, ruri="sip:Bob@new.example.com:5060;lr;TRANSPORT=tcp")
    out["retry-new-call-equivalent-uri"] = p.bytes()

    # Side checks: URI pairs, structured URIs, tag sets, numbers; invalid UTF-8.
    p = Program(time_mode=1)
    p.op(OP_URI_PAIR, 0)
    p.s("sip:%61lice@EXAMPLE.com;transport=TCP?subject=x&priority=y")
    p.s("SIP:alice@example.com;Transport=tcp?Priority=y&Subject=x")
    p.op(OP_URI_PAIR, 0)
    p.s(b"sip:\xff\xfe@\xc3(;x=1;x=2")
    p.s("sip:[2001:db8::1]:5060;maddr=239.1.1.1;ttl=5")
    p.op(OP_TAGSETS, 0)
    p.s("100rel, timer,\r\n\tprecondition")
    p.s(" TIMER ,, ")
    p.s(b"\xed\xa0\x80, 100rel")
    p.op(OP_NUMBER, 0)
    p.s("0.125")
    p.op(OP_NUMBER, 0)
    p.s("99999999999")
    inv = p.request("INVITE", require=b"\xc3\x28", supported=",,,")
    p.out += b"\x10\x00"  # time jitter
    p.response(inv, 421, require=b"\xc0\xaf, timer")
    p.out += b"\xff\x00"
    p.uri_struct(0x7f, 0xa5, "Example.COM", user="alice", password="secret", port=5060,
                 params=[("transport", "TLS"), ("lr", None), ("x-foo", "Bar")], headers=[("subject", "hi")],
                 different=3)
    p.uri_struct(0x3d, 0x5a, "[2001:db8::1]", sips=True, user="Bob+1-555(0)", params=[("user", "phone")],
                 different=0)
    p.uri_struct(0x0b, 0x99, "proxy.example.net", params=[("maddr", "Example.COM"), ("ttl", "15"),
                                                          ("method", "register")],
                 headers=[("priority", "urgent"), ("x-h", "")], different=1)
    out["side-checks-binary"] = p.bytes()

    # Frame numbers near 2**32, with a long step between frames.
    p = Program(high_frames=True)
    inv = p.request("INVITE")
    p.op(OP_SKIP, 0)
    p.out += b"\xff\xff"
    moved = p.response(inv, 301, contacts=[("sip:a@b", "0", "1"), ("sip:c@d", "0.001", "4294967296")])
    p.ack(moved)
    out["high-frame-numbers"] = p.bytes()
    return out


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                                "corpus")
    os.makedirs(outdir, exist_ok=True)
    for name, data in seeds().items():
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)
    print(f"{len(seeds())} seeds written to {outdir}")


if __name__ == "__main__":
    main()
