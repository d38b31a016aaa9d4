#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the seed corpus of fuzz_core.c: realistic SIP sequences encoded in
the harness's input program (see the comments in fuzz_core.c), one or more
per analysed kind, with the retries that apply the fix and those that do not.

    python3 make_seeds.py [OUTDIR]                (default: corpus/ next to this file)
    python3 make_seeds.py --crashes [OUTDIR]      the inputs of crashes/ (default: crashes/)

The encoder below mirrors the byte reader of the harness (add_message,
gen_fields, gen_contacts, gen_ext, gen_retry, gen_endpoint, next_time); the
status table, the method dictionary and the header ids are read from
fuzz_core.c and plugin/sipadvisor-msg.h. Run the harness with
SIPADVISOR_FUZZ_TRACE=1 on a seed to see the messages it builds.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, "..", "..", ".."))


def c_array(text, name):
    m = re.search(r"static const [a-z ]*\*?\s*(?:const\s+)?" + name + r"\[\]\s*=\s*\{(.*?)\};", text, re.S)
    assert m, name
    return m.group(1)


with open(os.path.join(HERE, "fuzz_core.c"), encoding="utf-8") as f:
    HARNESS = f.read()
with open(os.path.join(SRC, "plugin", "sipadvisor-msg.h"), encoding="utf-8") as f:
    MSG_H = f.read()

STATUSES = [int(x) for x in re.findall(r"\d+", c_array(HARNESS, "statuses"))]
METHODS = re.findall(r'"([^"]*)"', c_array(HARNESS, "methods"))
HEADERS = re.findall(r"X\((\w+), \"([^\"]+)\"", MSG_H)  # (id, name) in sa_header_t order
H = {name: i for i, (_, name) in enumerate(HEADERS)}
assert len(STATUSES) <= 64 and len(HEADERS) == 26, (len(STATUSES), len(HEADERS))

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

# Transports (sa_transport_t).
UDP, TCP, SCTP = 1, 2, 3

# Retry fixes (gen_retry()).
FIX_SUPPORTED, FIX_REQUIRE, FIX_INTERVAL, FIX_VERIFY, FIX_CREDENTIALS, FIX_BODY, FIX_TRANSPORT, FIX_WAIT = (
    1 << i for i in range(8))


def status_headers(status):
    """status_headers() of fuzz_core.c: the headers a response is read for."""
    table = {401: ["WWW-Authenticate", "Proxy-Authenticate"], 407: ["Proxy-Authenticate", "WWW-Authenticate"],
             405: ["Allow"], 413: ["Content-Length"], 513: ["Content-Length"],
             415: ["Accept", "Accept-Encoding", "Accept-Language"], 420: ["Unsupported", "Require"],
             421: ["Require", "Supported"], 422: ["Min-SE", "Session-Expires"], 423: ["Min-Expires", "Expires"],
             489: ["Allow-Events", "Event"], 494: ["Security-Server", "Require"]}
    if status in table:
        hdrs = table[status]
    elif 300 <= status < 400:
        hdrs = ["Content-Type", "Expires"]
    else:
        hdrs = ["Allow"]
    return hdrs + ["Retry-After"]


def ip_bytes(ip):
    return bytes(int(x) for x in ip.split("."))


def has_items(value):
    """Whether sa_list_split() finds an item (first_token() of fuzz_core.c is not NULL)."""
    return value is not None and any(x.strip(" \t\r\n") for x in re.split(r"[,\n]", value))


class Many(list):
    """A Contact list of 70 (MANY_CONTACTS): its first entry, then ones the harness makes."""


class Program:
    """Builds one harness input. Strings go in as raw slices (or NULL)."""

    def __init__(self, time_mode=0, high_frames=False, interleave=False, later_end=False):
        self.time_mode = time_mode
        self.out = bytearray([time_mode | (0x20 if later_end else 0) | (0x40 if interleave else 0)
                              | (0x80 if high_frames else 0)])
        self.n_msgs = 0
        self.requests = set()  # numbers of the messages that are requests
        self.contacts_of = {}  # message number -> number of Contact entries
        self.headers_of = {}  # message number -> {header name: value}
        self.time_set = False  # the next message's time needs no bytes

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

    def earlier(self, msg, contact=None):
        """earlier_uri(): Contact `contact` of message `msg`, else its Request-URI (or To URI)."""
        self.pick(msg)
        self.out.append(0x80 if contact is None else contact)

    def endpoint(self, ep):
        """gen_endpoint(): None (unknown), ("v4", "a.b.c.d", port), ("v6", last byte, port)
        or ("uri", msg, contact) for where an earlier URI points (its port kept)."""
        if ep is None:
            self.out.append(0)
            return
        kind = ep[0]
        if kind == "v4":
            self.out.append(3)
            self.out += ip_bytes(ep[1])
            port = ep[2]
        elif kind == "v6":
            self.out.append(ep[1] << 3 | 4)
            port = ep[2]
        else:
            self.out.append(6)
            self.earlier(ep[1], ep[2])
            self.out.append(0)  # keep the URI's port
            return
        self.out.append(200)
        self.out += port.to_bytes(2, "big")

    def contacts(self, contacts):
        """gen_contacts(): entries (uri, q, expires) with params written from q and
        expires; uri ("earlier", msg[, contact]) takes an earlier URI."""
        self.out.append(0xff if isinstance(contacts, Many) else len(contacts))
        for uri, q, expires in contacts[:1] if isinstance(contacts, Many) else contacts:
            if isinstance(uri, tuple):
                self.out.append(3 | 4)
                self.earlier(uri[1], uri[2] if len(uri) > 2 else None)
            else:
                self.out.append(4)
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

    def ext(self, headers=None, src=None, dst=None, transport=None, length=None, time=None):
        """gen_ext(): headers {name: value}, endpoints, transport, length, an explicit (secs, nsecs) time."""
        bits = ((0x01 if headers else 0) | (0x02 if src else 0) | (0x04 if dst else 0)
                | (0x08 if transport is not None else 0) | (0x10 if length is not None else 0)
                | (0x80 if time is not None else 0))
        self.out.append(bits)
        if headers:
            assert len(headers) <= 8
            self.out.append(len(headers) - 1)
            for name, value in headers.items():
                self.out.append(H[name])
                self.s(value)
        if src:
            self.endpoint(src)
        if dst:
            self.endpoint(dst)
        if transport is not None:
            self.out.append(transport)
        if length is not None:
            self.out.append(1)
            self.out += length.to_bytes(4, "big")
        if time is not None:
            secs, nsecs = time
            self.out += (secs & (2 ** 64 - 1)).to_bytes(8, "big") + (nsecs & (2 ** 32 - 1)).to_bytes(4, "big")
            self.time_set = True

    def time(self, t):
        """next_time(): the bytes of the program's time mode (frame-locked mode 0 reads none)."""
        mode = self.time_mode
        if mode == 0:
            return
        if mode in (1, 6):  # jitter in ms, or a step forward in 0.1 s
            self.out += (t & 0xffff).to_bytes(2, "big")
        elif mode in (2, 3):
            self.out += (t & (2 ** 64 - 1)).to_bytes(8, "big")
        elif mode == 4:
            secs, nsecs = t
            self.out += (secs & (2 ** 64 - 1)).to_bytes(8, "big") + nsecs.to_bytes(4, "big")
        elif mode == 5:
            secs, nsecs = t
            self.out += (secs & 0xffff).to_bytes(2, "big") + (nsecs & (2 ** 32 - 1)).to_bytes(4, "big")
        else:  # a step backward in ms
            self.out.append(t)

    def status_byte(self, status, contacts_anyway=False):
        flag = 0x40 if contacts_anyway else 0
        if status in STATUSES:
            self.out.append(STATUSES.index(status) | flag)
        else:
            self.out += bytes([0x80 | flag]) + status.to_bytes(2, "big")

    def status_and_headers(self, status, headers):
        """The headers status_headers() names go into the presence byte, the others into gen_ext()."""
        wanted = status_headers(status)
        present = 0
        rest = {}
        for name in headers:
            if name in wanted:
                present |= 1 << wanted.index(name)
            else:
                rest[name] = headers[name]
        self.out.append(present)
        for name in wanted:
            if name in headers:
                self.s(headers[name])
        return rest

    def done(self, t, contacts=(), request=False, headers=None):
        if not self.time_set:
            self.time(t)
        self.time_set = False
        if request:
            self.requests.add(self.n_msgs)
        self.contacts_of[self.n_msgs] = 70 if isinstance(contacts, Many) else len(contacts)
        self.headers_of[self.n_msgs] = dict(headers or {})
        self.n_msgs += 1
        return self.n_msgs - 1

    # -- messages --
    def request(self, method, step=None, cseq=1, ruri="sip:bob@biloxi.example.com", call_id="call-1@client",
                sent_by="client.example.com:5060", branch="z9hG4bK-1", from_tag="ft1",
                from_uri="sip:alice@atlanta.example.com", to_uri="sip:bob@biloxi.example.com",
                require=None, supported=None, contacts=(), t=0, **ext):
        """A fresh request from 192.0.2.1:5060 to 192.0.2.2:5060 over UDP, 480 bytes."""
        self.op(OP_REQUEST, (0 if self.n_msgs == 0 else 1) if step is None else step)
        self.pick(None)
        self.method(method)
        self.fields(0xff & ~CSEQ, ruri=ruri, call_id=call_id, sent_by=sent_by, branch=branch,
                    from_tag=from_tag, from_uri=from_uri, to_uri=to_uri, require=require,
                    supported=supported, contacts=contacts)
        self.out.append(cseq)
        self.out.append(1)  # CSeq method = request method
        self.ext(**ext)
        return self.done(t, contacts, request=True, headers=ext.get("headers"))

    def response(self, to, status, step=1, contacts=None, headers=None, mask=0, t=0, fields=None, **ext):
        """A response to message `to`: its Via, Call-ID, CSeq, From and To, the endpoints swapped."""
        self.op(OP_RESPONSE, step)
        self.pick(to)
        self.status_byte(status, contacts is not None and not 300 <= status < 400)
        if contacts is not None or 300 <= status < 400:
            self.contacts(contacts or [])
        rest = self.status_and_headers(status, headers or {})
        self.out.append(mask)
        self.fields(mask & 0xfe, **(fields or {}))
        self.ext(headers=rest, **ext)
        return self.done(t, contacts or [], headers=headers)

    def resend(self, msg, step=1, t=0):
        self.op(OP_RESEND, step)
        self.pick(msg)
        contacts = Many([None]) if self.contacts_of[msg] == 70 else [None] * self.contacts_of[msg]
        return self.done(t, contacts, request=msg in self.requests, headers=self.headers_of[msg])

    def ack(self, msg, step=1, ruri="sip:bob@biloxi.example.com", t=0):
        """ACK of a non-2xx response: the fields of `msg` (request or response)."""
        self.op(OP_ACK, step)
        self.pick(msg)
        if msg not in self.requests:
            self.s(ruri)
        self.out.append(0)
        self.ext()
        return self.done(t, request=True)

    def cancel(self, msg, step=1, t=0):
        assert msg in self.requests
        self.op(OP_CANCEL, step)
        self.pick(msg)
        self.out.append(0)
        self.ext()
        return self.done(t, request=True)

    def copy(self, msg, step=1, mask=0, t=0, fields=None, status=100, **ext):
        """Message `msg` again, with the fields of `mask` replaced (bit 0: a request
        becomes a response with `status`, a response a request)."""
        self.op(OP_COPY, step)
        self.pick(msg)
        self.out.append(mask)
        self.fields(mask & 0xfe, **(fields or {}))
        is_request = (msg in self.requests) != bool(mask & 1)
        if msg in self.requests and not is_request:
            self.out.append(STATUSES.index(status))
        self.ext(**ext)
        if mask & CONTACTS:
            contacts = (fields or {}).get("contacts", ())
        else:
            contacts = [None] * self.contacts_of[msg]
        return self.done(t, contacts, request=is_request, headers={**self.headers_of[msg], **ext.get("headers", {})})

    def fresh_response(self, status, step=1, headers=None, t=0, **fields):
        """A response with every field given here (no request before it)."""
        self.op(OP_FRESH_RESPONSE, step)
        self.pick(None)
        self.status_byte(status)
        self.fields(0xfe, **fields)
        rest = self.status_and_headers(status, headers or {})
        self.out.append(0)  # no overrides
        self.ext(headers=rest)
        return self.done(t, fields.get("contacts", ()), headers=headers)

    def retry(self, after, step=1, ruri="sip:bob@biloxi.example.com", contact=None, earlier=None,
              same_ruri_as=None, method=None, allowed_method=False, new_call=False, new_tag=False,
              supported=False, supported_extra=None, require=False, interval=False, min_se_too=False, per_contact=0,
              verify=None, credentials=None, body=None, move=None, wait=None, t=0, **ext):
        """The client's next attempt after message `after` (gen_retry()): CSeq + 1, a fresh
        branch; the Request-URI is `ruri`, offered Contact `contact`, earlier URI `earlier`
        (msg, contact) or the Request-URI of request `same_ruri_as`; then the fixes."""
        k = self.headers_of[after]
        self.op(OP_RETRY, step)
        self.pick(after)
        b = (0x01 if (method or allowed_method) else 0) | (0x80 if method else 0)
        if contact is not None:
            b |= 1 << 2
        elif earlier is not None:
            b |= 2 << 2
        elif same_ruri_as is not None:
            b |= 3 << 2
        b |= (0x10 if new_call else 0) | (0x20 if new_tag else 0)
        self.out.append(b)
        if method:
            self.method(method)
        else:
            assert not allowed_method or has_items(k.get("Allow"))
        if contact is not None:
            assert self.contacts_of[after] > 0
            self.out.append(contact)
        elif earlier is not None:
            self.earlier(*earlier)
        elif same_ruri_as is not None:
            assert same_ruri_as in self.requests
            self.pick(same_ruri_as)
        else:
            self.s(ruri)
        fix = ((FIX_SUPPORTED if supported else 0) | (FIX_REQUIRE if require is not False else 0)
               | (FIX_INTERVAL if interval else 0) | (FIX_VERIFY if verify is not None else 0)
               | (FIX_CREDENTIALS if credentials is not None else 0) | (FIX_BODY if body is not None else 0)
               | (FIX_TRANSPORT if move is not None else 0) | (FIX_WAIT if wait is not None else 0))
        self.out.append(fix)
        if supported:  # Supported: the Require of `after` (and more)
            self.out.append(1 if supported_extra is not None else 0)
            if supported_extra is not None:
                self.s(supported_extra)
        if require is not False:  # (Require, Proxy-Require)
            self.s(require[0])
            self.s(require[1])
        if interval:  # Session-Expires from Min-SE, Expires from Min-Expires (else NULL)
            # per_contact: bit 1 a Contact with expires Min-Expires; 2 another, 4 with expires 0 (else none)
            if "Min-SE" not in k:
                self.s(None)
            self.out.append((1 if min_se_too else 0) | per_contact << 1)
            if "Min-Expires" not in k:
                self.s(None)
        if verify is not None:  # 0 as sent, 1 with blanks, 2 one left out, 3 reversed on lines
            self.out.append(verify)
            self.s(None)  # Security-Client
        if credentials is not None:  # 0 the challenge as credentials, 1 with a user name
            self.out.append(credentials)
        if body is not None:
            # (content type: None for the first of Accept, False for none; encoding from Accept-Encoding?;
            #  Content-Length 0?; event: None for the first of Allow-Events)
            ctype, encoding, empty, event = body
            assert ctype is not None or has_items(k.get("Accept"))
            need_event = event is not None or not has_items(k.get("Allow-Events"))
            c = ((1 if ctype is not None else 0) | (2 if encoding else 0) | (4 if empty else 0)
                 | (0x10 if need_event else 0))
            self.out.append(c)
            if ctype is not None:
                self.s(ctype or None)
            if need_event:
                self.s(event)
        if move is not None:
            # (sa_transport_t, 200 bytes (else 2000)?, to where the Request-URI points?, Route to the proxy?)
            tr, small, there, route = move
            c = ((1 if tr == TCP else 2 if tr == SCTP else 0) | (4 if small else 0) | (0 if there else 8)
                 | (0x10 if route else 0))
            self.out.append(c)
            if not small:
                self.out += (2000).to_bytes(2, "big")
            if route and self.contacts_of[after] == 0:
                self.s(None)
        if wait is not None:  # tenths of a second after Retry-After (-128..127)
            self.out.append(wait & 0xff)
            self.time_set = True
        self.out.append(0)  # no overrides
        self.ext(**ext)
        return self.done(t, request=True, headers=ext.get("headers"))

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

    def bytes(self):
        return bytes(self.out)


def seeds():
    out = {}

    # -- 3xx --
    # INVITE -> 100 -> 301 with two contacts -> ACK -> retry at the best one -> 200.
    p = Program()
    inv = p.request("INVITE", supported="100rel, timer")
    p.response(inv, 100)
    moved = p.response(inv, 301, contacts=[("sip:bob@new.example.com", "0.5", "3600"),
                                           ("sip:bob@mobile.example.com;transport=tcp", "1.0", None)])
    p.ack(moved)
    retry = p.retry(moved, contact=0)
    p.response(retry, 200, step=2)
    out["redirect-301-retry"] = p.bytes()

    # REGISTER -> 301 -> REGISTER again at the new registrar.
    p = Program()
    reg = p.request("REGISTER", ruri="sip:registrar.example.com", to_uri="sip:alice@example.com",
                    from_uri="sip:alice@example.com", contacts=[("sip:alice@192.0.2.4:5060", None, "3600")])
    moved = p.response(reg, 301, contacts=[("sip:registrar2.example.com", None, "7200")])
    p.retry(moved, contact=0)
    out["register-301"] = p.bytes()

    # 302 to an IP literal: the retry names it but goes to the old server, then one that goes there.
    p = Program()
    inv = p.request("INVITE", ruri="sip:bob@192.0.2.2")
    moved = p.response(inv, 302, contacts=[("sip:bob@192.0.2.20:5062", None, "60")])
    p.ack(moved)
    p.retry(moved, contact=0)
    inv2 = p.request("INVITE", step=2, call_id="call-2@client", branch="z9hG4bK-21", ruri="sip:carol@192.0.2.2")
    moved2 = p.response(inv2, 302, contacts=[("sip:carol@example.org;maddr=192.0.2.30", "0.4", None),
                                             ("sip:carol@192.0.2.20", "0.9", None)])
    p.ack(moved2)
    p.retry(moved2, contact=1, move=(UDP, True, True, False))
    # ... and one at the maddr URI, still sent to the old server.
    inv3 = p.request("INVITE", step=2, call_id="call-3@client", branch="z9hG4bK-31", ruri="sip:dave@192.0.2.2")
    moved3 = p.response(inv3, 302, contacts=[("sip:dave@example.org;maddr=192.0.2.30", None, None)])
    p.retry(moved3, contact=0)
    out["redirect-302-destination"] = p.bytes()

    # 305 Use Proxy: straight to the server again, then through the proxy (Route).
    p = Program()
    inv = p.request("INVITE")
    proxy = p.response(inv, 305, contacts=[("sip:192.0.2.20:5070;lr", None, None)])
    p.ack(proxy)
    p.retry(proxy)
    inv2 = p.request("MESSAGE", step=2, call_id="call-305b", branch="z9hG4bK-305b")
    proxy2 = p.response(inv2, 305, contacts=[("sip:192.0.2.20:5070;lr", None, None)])
    p.retry(proxy2, move=(UDP, True, False, True))
    out["redirect-305-proxy"] = p.bytes()

    # 380 Alternative Service with a body type; the retry goes to the same URI.
    p = Program()
    inv = p.request("INVITE", ruri="sip:sos@example.com")
    alt = p.response(inv, 380, headers={"Content-Type": "application/3gpp-ims+xml"})
    p.ack(alt)
    p.retry(alt, ruri="sip:sos@example.com")
    out["redirect-380-same-uri"] = p.bytes()

    # A redirect chain that loops: A -> 302 B, retry at B -> 302 A; nobody retries the loop.
    p = Program()
    a = p.request("INVITE", ruri="sip:a@example.com")
    to_b = p.response(a, 302, contacts=[("sip:b@example.com", None, None)])
    p.ack(to_b)
    b = p.retry(to_b, contact=0)
    to_a = p.response(b, 302, contacts=[(("earlier", a), None, None)])
    p.ack(to_a)
    out["redirect-loop"] = p.bytes()

    # 301 retried as a new call from the same From URI; equivalent URI forms.
    p = Program()
    inv = p.request("INVITE", call_id="first-call")
    moved = p.response(inv, 301, contacts=[("sip:Bob@New.Example.COM:5060;transport=TCP;lr", "1", None)])
    p.ack(moved)
    p.retry(moved, new_call=True, ruri="sip:Bob@new.example.com:5060;lr;TRANSPORT=tcp")
    out["retry-new-call-equivalent-uri"] = p.bytes()

    # -- extensions --
    # INVITE (Supported: 100rel) -> 421 Require: timer -> ACK -> retry with timer -> 200.
    p = Program()
    inv = p.request("INVITE", supported="100rel")
    ext = p.response(inv, 421, headers={"Require": "timer"})
    p.ack(ext)
    retry = p.retry(ext, supported=True, supported_extra="100rel")
    p.response(retry, 200)
    out["extension-421-retry"] = p.bytes()

    # 421 that requires what the request already supported; a folded Require.
    p = Program()
    inv = p.request("INVITE", supported="timer, 100rel")
    p.response(inv, 421, headers={"Require": " TIMER ,\n100REL"})
    out["extension-421-already-supported"] = p.bytes()

    # 420 Bad Extension: the retry still requires it, then one without.
    p = Program()
    inv = p.request("INVITE", require="100rel, precondition", headers={"Proxy-Require": "sec-agree"})
    bad = p.response(inv, 420, headers={"Unsupported": "precondition, sec-agree"})
    p.ack(bad)
    p.retry(bad, require=("precondition", None))
    inv2 = p.request("UPDATE", step=2, call_id="call-420b", branch="z9hG4bK-420b", require="timer")
    bad2 = p.response(inv2, 420, headers={"Unsupported": "timer"})
    p.retry(bad2, require=(None, None))
    out["extension-420-retry"] = p.bytes()

    # 421 without Require, 301 without Contact, 420 without Unsupported (missing headers).
    p = Program()
    inv = p.request("INVITE")
    p.response(inv, 421)
    opt = p.request("OPTIONS", branch="z9hG4bK-2", cseq=2)
    p.response(opt, 301, contacts=[("", "0.5", None)])
    upd = p.request("UPDATE", branch="z9hG4bK-3", cseq=3)
    p.response(upd, 420)
    out["findings-missing-headers"] = p.bytes()

    # -- timers --
    # 422 Min-SE: 90 for Session-Expires 60; the retry asks 90 (and Min-SE 90).
    p = Program()
    inv = p.request("INVITE", supported="timer", headers={"Session-Expires": "60;refresher=uac", "Min-SE": "30"})
    small = p.response(inv, 422, headers={"Min-SE": "90"})
    p.ack(small)
    p.retry(small, interval=True, min_se_too=True)
    # ... and one with Session-Expires 90 but Min-SE 30 (RFC 4028 wants both raised).
    upd = p.request("UPDATE", step=2, call_id="call-422b", branch="z9hG4bK-422b",
                    headers={"Session-Expires": "60"})
    small2 = p.response(upd, 422, headers={"Min-SE": "90"})
    p.retry(small2, interval=True, headers={"Min-SE": "30"})
    out["interval-422-retry"] = p.bytes()

    # 423 Min-Expires: 3600 for a REGISTER with Contact expires 60; retries with 3600, then too little.
    p = Program()
    reg = p.request("REGISTER", ruri="sip:registrar.example.com", to_uri="sip:alice@example.com",
                    contacts=[("sip:alice@192.0.2.1", None, "60"), ("sip:alice@[2001:db8::1]", None, "0")],
                    headers={"Expires": "120"})
    brief = p.response(reg, 423, headers={"Min-Expires": "3600"})
    p.retry(brief, interval=True, per_contact=1 | 2 | 4)
    sub = p.request("SUBSCRIBE", step=2, call_id="call-423b", branch="z9hG4bK-423b", headers={"Event": "presence",
                                                                                              "Expires": "10"})
    brief2 = p.response(sub, 423, headers={"Min-Expires": "60"})
    p.retry(brief2, headers={"Expires": "30"})
    out["interval-423-retry"] = p.bytes()

    # -- sec-agree, authentication --
    # 494 with two mechanisms: the retry echoes them (reversed, on lines), then one that leaves one out.
    p = Program()
    reg = p.request("REGISTER", ruri="sip:registrar.example.com", require="sec-agree",
                    headers={"Security-Client": "ipsec-3gpp;alg=hmac-sha-1-96;spi-c=1111;spi-s=2222",
                             "Proxy-Require": "sec-agree"})
    sec = p.response(reg, 494, headers={"Security-Server": "ipsec-3gpp;q=0.1;alg=hmac-sha-1-96;spi-c=3333, tls;q=0.2"})
    p.retry(sec, verify=3)
    reg2 = p.request("REGISTER", step=2, call_id="call-494b", branch="z9hG4bK-494b")
    sec2 = p.response(reg2, 494, headers={"Security-Server": "tls;q=0.2, digest;d-qop=auth"})
    p.retry(sec2, verify=2)
    out["security-494-retry"] = p.bytes()

    # 401 -> retry with credentials -> 401 again for them (rejected) -> stale nonce 401.
    p = Program()
    reg = p.request("REGISTER", ruri="sip:registrar.example.com")
    ch = p.response(reg, 401, headers={"WWW-Authenticate": 'Digest realm="example.com", nonce="a1", qop="auth", '
                                                           'algorithm=MD5'})
    retry = p.retry(ch, credentials=1)
    again = p.response(retry, 401, headers={"WWW-Authenticate": 'Digest realm="example.com", nonce="a2"'})
    retry2 = p.retry(again, credentials=0)
    p.response(retry2, 401, headers={"WWW-Authenticate": 'Digest realm="example.com", nonce="a3", stale=true'})
    out["auth-401-rejected-stale"] = p.bytes()

    # 407 with two challenge lines; the retry answers only the second realm; a quoted realm with an escape.
    p = Program()
    inv = p.request("INVITE")
    ch = p.response(inv, 407, headers={"Proxy-Authenticate": 'Digest realm="r1", nonce="n"\n'
                                                             'Digest realm="r2", nonce="m"'})
    p.ack(ch)
    p.retry(ch, headers={"Proxy-Authorization": 'Digest username="carol", realm="r2", response="0"'})
    inv2 = p.request("INVITE", step=2, call_id="call-407b", branch="z9hG4bK-407b")
    ch2 = p.response(inv2, 407, headers={"Proxy-Authenticate": 'Digest realm="a\\x5c"b,c", nonce="z"'})
    p.retry(ch2, credentials=1)
    out["auth-407-realms"] = p.bytes()

    # -- method, media, event, size --
    # 405 Allow: the retry uses an allowed method (another method is a retry too).
    p = Program()
    pub = p.request("PUBLISH", ruri="sip:presentity@example.com", headers={"Event": "presence"})
    na = p.response(pub, 405, headers={"Allow": "INVITE, ACK, CANCEL, BYE, OPTIONS, SUBSCRIBE"})
    p.retry(na, allowed_method=True)
    msg = p.request("MESSAGE", step=2, call_id="call-405b", branch="z9hG4bK-405b")
    na2 = p.response(msg, 405)
    p.retry(na2, method="MESSAGE")
    out["method-405-retry"] = p.bytes()

    # 415 Accept: the retry sends an accepted body, then one with an encoding not accepted.
    p = Program()
    inv = p.request("INVITE", headers={"Content-Type": "application/vnd.example+xml", "Content-Length": "142"})
    um = p.response(inv, 415, headers={"Accept": "application/sdp, multipart/mixed", "Accept-Encoding": "identity"})
    p.ack(um)
    p.retry(um, body=(None, False, False, None))
    msg = p.request("MESSAGE", step=2, call_id="call-415b", branch="z9hG4bK-415b",
                    headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})
    um2 = p.response(msg, 415, headers={"Accept": "text/*", "Accept-Encoding": "identity",
                                        "Accept-Language": "en, zh-CN;q=0.8"})
    p.retry(um2, body=("text/plain", False, False, None), headers={"Content-Encoding": "gzip"})
    out["media-415-retry"] = p.bytes()

    # 489 Allow-Events: SUBSCRIBE to an allowed package; a NOTIFY-less 489 without Allow-Events.
    p = Program()
    sub = p.request("SUBSCRIBE", ruri="sip:bob@example.com", headers={"Event": "x-unknown;id=1"})
    be = p.response(sub, 489, headers={"Allow-Events": "presence, dialog"})
    p.retry(be, body=(False, False, True, None))
    sub2 = p.request("SUBSCRIBE", step=2, call_id="call-489b", branch="z9hG4bK-489b", headers={"Event": "reg"})
    be2 = p.response(sub2, 489)
    p.retry(be2, body=(False, False, True, "dialog"))
    out["event-489-retry"] = p.bytes()

    # 513 for a 2000-byte INVITE over UDP: the retry goes over TCP; 413 over TCP retried as large.
    p = Program()
    inv = p.request("INVITE", length=2000)
    big = p.response(inv, 513)
    p.ack(big)
    p.retry(big, move=(TCP, False, False, False))
    msg = p.request("MESSAGE", step=2, call_id="call-413b", branch="z9hG4bK-413b", transport=TCP, length=70000)
    big2 = p.response(msg, 413, headers={"Retry-After": "30"})
    p.retry(big2, length=70000, transport=TCP)
    sms = p.request("MESSAGE", step=2, call_id="call-413c", branch="z9hG4bK-413c", transport=SCTP, length=9000)
    big3 = p.response(sms, 413)
    p.retry(big3, length=4000, transport=SCTP)
    out["size-413-513-retry"] = p.bytes()

    # -- Retry-After, explained-only codes --
    # 503 with Retry-After (comment, duration): a retry too early, then a new call after the wait.
    p = Program(time_mode=6)
    inv = p.request("INVITE", ruri="sip:bob@example.com")
    busy = p.response(inv, 503, headers={"Retry-After": "120 (maintenance);duration=600"}, t=5)
    p.ack(busy, t=1)
    p.retry(busy, ruri="sip:bob@example.com", t=100)
    inv2 = p.request("OPTIONS", step=2, call_id="call-ra2", branch="z9hG4bK-ra2", ruri="sip:gw@example.com", t=10)
    busy2 = p.response(inv2, 480, headers={"Retry-After": "5"}, t=1)
    p.retry(busy2, same_ruri_as=inv2, new_call=True, wait=3)
    out["retry-after-503-480"] = p.bytes()

    # Explained-only responses (404, 486, 500, 603, unregistered 499, 600 with a non-number Retry-After),
    # acknowledged; the capture goes on after them.
    p = Program(later_end=True)
    for i, code in enumerate([404, 486, 500, 603, 499, 600]):
        req = p.request("INVITE", call_id=f"explain-{i}", branch=f"z9hG4bK-e{i}")
        resp = p.response(req, code, headers={"Retry-After": "(no number)"} if code == 600 else None)
        p.ack(resp)
    out["explain-only"] = p.bytes()

    # -- transactions --
    # Retransmissions: INVITE twice, 100, 486 twice, ACK twice (an explained-only response
    # resent; an analysed one resent is a known bug of the tree, see crashes/).
    p = Program()
    inv = p.request("INVITE")
    p.resend(inv)
    p.response(inv, 100)
    busy = p.response(inv, 486)
    p.resend(busy, step=3)
    ack = p.ack(busy)
    p.resend(ack)
    out["retransmissions"] = p.bytes()

    # RFC 2543 client: branch without the magic cookie, and no branch at all.
    p = Program()
    inv = p.request("INVITE", branch="776asdhds", from_tag="1928301774")
    p.response(inv, 421, headers={"Require": "100rel"})
    old = p.request("INVITE", branch=None, cseq=2, call_id="call-2543")
    p.response(old, 301, contacts=[("sip:bob@192.0.2.10", "0.7", "60"), ("tel:+15551234567", "0.7", None)])
    out["rfc2543-matching"] = p.bytes()

    # Responses whose request is not captured, and one without Via (unmatchable).
    p = Program()
    p.fresh_response(301, step=0, call_id="lost-1", cseq=(7, "INVITE"), sent_by="client.example.com",
                     branch="z9hG4bK-lost", from_tag="x", from_uri="sip:carol@example.org",
                     to_uri="sip:dave@example.org", contacts=[("sip:dave@elsewhere.example.org", "0.1", "0")])
    p.fresh_response(421, call_id="lost-2", cseq=(1, "INVITE"), sent_by=None, branch=None,
                     headers={"Require": "timer"})
    p.fresh_response(401, call_id="lost-3", cseq=(2, "REGISTER"), sent_by="client.example.com",
                     branch="z9hG4bK-lost3", headers={"WWW-Authenticate": 'Digest realm="x"'})
    out["not-captured-unmatchable"] = p.bytes()

    # The response is captured before its request (reordered capture): the
    # request fills in the transaction, then the client retries.
    p = Program()
    moved = p.fresh_response(302, step=0, call_id="call-r", cseq=(1, "INVITE"), sent_by="client.example.com:5060",
                             branch="z9hG4bK-r1", from_tag="ft1", from_uri="sip:alice@atlanta.example.com",
                             to_uri="sip:bob@biloxi.example.com",
                             contacts=[("sip:bob@new.example.com", None, None)])
    p.request("INVITE", step=0, call_id="call-r", branch="z9hG4bK-r1")
    p.ack(moved)
    p.retry(moved, contact=0)
    out["response-before-request"] = p.bytes()

    # A client that collects 40 unanswered 302s (one From URI, a new call
    # each time, never to an offered URI): the oldest stop waiting for a
    # retry (SA_MAX_WAITING_PER_KEY); the last one is retried.
    p = Program()
    inv = p.request("INVITE", call_id="flood", ruri="sip:b@old")
    for i in range(40):
        again = p.copy(inv, step=1 if i % 4 == 0 else 0, mask=CALLID | VIA,
                       fields=dict(call_id=f"f{i}", sent_by="c", branch=f"z9hG4bK-{i}"))
        p.response(again, 302, step=0, contacts=[(f"sip:b@n{i % 3}", None, None)])
    p.retry(p.n_msgs - 1, contact=0)
    out["flood-302-same-from"] = p.bytes()

    # Several messages in one frame (SIP over TCP), then CANCEL and its own 421.
    p = Program()
    inv = p.request("INVITE", transport=TCP)
    p.response(inv, 100, step=0)
    p.response(inv, 180, step=0)
    can = p.cancel(inv)
    p.response(can, 421, step=0, headers={"Require": "sec-agree"})
    p.response(inv, 487)
    out["same-frame-cancel"] = p.bytes()

    # IPv6 endpoints, SCTP, a long Contact list (more than the 64 expires the core keeps).
    p = Program()
    reg = p.request("REGISTER", ruri="sip:registrar.example.com", src=("v6", 9, 5061), dst=("v6", 1, 5060),
                    transport=SCTP)
    brief = p.response(reg, 423, headers={"Min-Expires": "600"})
    many = p.copy(reg, mask=CONTACTS | VIA, fields=dict(sent_by="[2001:db8::9]:5061", branch="z9hG4bK-many",
                                                        contacts=Many([("sip:alice@[2001:db8::9]", None, "30")])))
    p.response(many, 423, headers={"Min-Expires": "600"})
    p.retry(brief, interval=True)
    out["ipv6-sctp-many-contacts"] = p.bytes()

    # -- times --
    # Interleaved finishing (as a GUI redraws during a live capture), times going backwards.
    p = Program(time_mode=7, interleave=True)
    inv = p.request("INVITE", t=0)
    moved = p.response(inv, 302, contacts=[("sip:bob@new.example.com", None, None)], t=5)
    p.ack(moved, t=200)
    p.retry(moved, contact=0, t=1)
    out["interleaved-backwards"] = p.bytes()

    # Absurd capture times: a request and its 301 centuries apart (the response
    # time is unknown), and a 480 with Retry-After retried at the far end of time.
    p = Program(time_mode=3)
    inv = p.request("INVITE", t=0)
    p.response(inv, 301, contacts=[("sip:a@b", "0", "1")], t=-(2 ** 63))
    opt = p.request("OPTIONS", call_id="call-far", branch="z9hG4bK-far", t=2 ** 62)
    p.response(opt, 480, headers={"Retry-After": "60"}, t=2 ** 62 + 10 ** 9)
    out["absurd-times"] = p.bytes()

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
    p.op(OP_NUMBER, 0)
    p.s(" 120 (x);duration=5")
    inv = p.request("INVITE", require=b"\xc3\x28", supported=",,,", t=0x10)
    p.response(inv, 421, headers={"Require": b"\xc0\xaf, timer"}, t=0xff00)
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


def crashes():
    """The inputs of crashes/ (see its README), as this encoder writes them."""
    out = {}

    # A request and its 301 centuries apart: the response time overflowed (fixed).
    p = Program(time_mode=3, high_frames=True)
    inv = p.request("INVITE", t=0)
    p.response(inv, 301, contacts=[("sip:bob@new.example.com", None, None)], t=-(2 ** 63))
    out["ubsan-response-time-overflow"] = p.bytes()

    # A 494 without Security-Server: the rule adds no item, and its texts read r->items->len.
    p = Program()
    reg = p.request("REGISTER", ruri="sip:registrar.example.com", require="sec-agree")
    p.response(reg, 494)
    out["494-without-security-server"] = p.bytes()

    # A retransmitted 301: no headline finding, which the tree's label reads.
    p = Program()
    inv = p.request("INVITE")
    moved = p.response(inv, 301, contacts=[("sip:bob@new.example.com", None, None)])
    p.resend(moved)
    out["retransmission-without-headline"] = p.bytes()

    # A retransmitted 420 without Unsupported keeps missing_header without MISSING_HEADER.
    p = Program()
    inv = p.request("INVITE", require="100rel")
    bad = p.response(inv, 420)
    p.resend(bad)
    out["retransmission-keeps-missing-header"] = p.bytes()

    # A redirect loop (A -> 302 B, B -> 302 A) whose 302 is retransmitted: loop_uri without REDIRECT_LOOP.
    p = Program()
    a = p.request("INVITE", ruri="sip:a@example.com")
    to_b = p.response(a, 302, contacts=[("sip:b@example.com", None, None)])
    p.ack(to_b)
    b = p.retry(to_b, contact=0)
    to_a = p.response(b, 302, contacts=[(("earlier", a), None, None)])
    p.resend(to_a)
    out["retransmission-keeps-loop-uri"] = p.bytes()

    # sa_ctx_finish after every message, then one more (non-SIP) frame an hour later:
    # sa_ctx_note_frame does not make sa_ctx_finish judge the follow-up window again.
    p = Program(interleave=True, later_end=True)
    inv = p.request("INVITE")
    p.response(inv, 302, contacts=[("sip:bob@new.example.com", None, None)])
    out["followup-window-not-rejudged"] = p.bytes()

    # Capture times 2**31 s apart (any seconds, time mode 4): nstime_cmp of wsutil 4.0
    # returns (int)(a->secs - b->secs). A retry 68 years after a Retry-After of 60 s is "too early".
    p = Program(time_mode=4)
    opt = p.request("OPTIONS", ruri="sip:gw@example.com", t=(0, 0))
    busy = p.response(opt, 480, headers={"Retry-After": "60"}, t=(1, 0))
    p.retry(busy, ruri="sip:gw@example.com", t=(2 ** 31 + 100, 0))
    out["nstime-cmp-retry-after"] = p.bytes()

    # ... and the latest time noted is taken for earlier than one second after the capture
    # start: the 302 that nobody retried gets a follow-up window of 0 s instead of 68 years.
    p = Program(time_mode=4)
    inv = p.request("INVITE", t=(0, 0))
    p.response(inv, 302, contacts=[("sip:bob@new.example.com", None, None)], t=(1, 0))
    p.request("OPTIONS", call_id="call-later", branch="z9hG4bK-later", t=(2 ** 31 + 10, 0))
    out["nstime-cmp-followup-window"] = p.bytes()

    # A quoted string with an escaped quote, as the reader writes it (\x5c"): the core takes the
    # backslash for a quoted-pair of 'x', the quote ends the string, and the list splits inside it.
    p = Program()
    reg = p.request("REGISTER", ruri="sip:registrar.example.com")
    p.response(reg, 494, headers={"Security-Server": 'x-mech;p="a\\x5c",b", tls;q=0.2'})
    out["list-split-escaped-quote"] = p.bytes()

    # 20 inputs of 256 responses, each with a CSeq method never seen before: the core interns
    # every method (g_intern_string), for the life of the process; past about 4,100 of them
    # GLib has dropped two quark arrays, which LeakSanitizer reports. One input alone does not.
    for n in range(20):
        p = Program()
        inv = p.request("INVITE")
        for i in range(255):
            p.copy(inv, step=0 if i % 8 else 1, mask=1 | CSEQ, fields=dict(cseq=(1, f"M{n:02d}x{i:03d}")))
        out[f"method-intern/{n:02d}"] = p.bytes()
    return out


def main():
    args = sys.argv[1:]
    if args[:1] == ["--crashes"]:
        outdir = args[1] if len(args) > 1 else os.path.join(HERE, "crashes")
        written = crashes()
    else:
        outdir = args[0] if args else os.path.join(HERE, "corpus")
        written = seeds()
    for name, data in written.items():
        path = os.path.join(outdir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    print(f"{len(written)} inputs written to {outdir}")


if __name__ == "__main__":
    main()
