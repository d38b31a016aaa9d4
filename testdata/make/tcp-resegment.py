#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""One-shot TCP relay that controls how SIP messages are cut into TCP segments.

    SIP client --> [entry] relay [middle client] ==captured==> [middle server] relay [upstream] --> SIP server

The relay carries one TCP connection from a SIP client to a SIP server and
re-creates it as a "middle" connection between two sockets of its own, so
that it writes *both* directions of that middle connection and chooses the
segmentation, which a capture of the middle leg then shows:

  * client -> server: the first SIP message (the INVITE) is written in two
    send() calls, split in the middle of its header section, with a pause
    between them (TCP_NODELAY): one SIP message over two TCP segments;
  * server -> client: provisional responses (1xx) are held back and written
    together with the next message in a single send(): two SIP messages in
    one TCP segment.

Everything else is forwarded message by message.  Standard library only; the
relay serves one connection and exits, at the latest after --lifetime seconds.
"""
import argparse
import re
import select
import socket
import sys
import time

CONTENT_LENGTH = re.compile(rb"^(?:content-length|l)[ \t]*:[ \t]*(\d+)[ \t]*\r?$", re.I | re.M)


def addr(text):
    host, _, port = text.rpartition(":")
    return (host, int(port)) if host else (text, 0)


class Framer:
    """Cuts a SIP byte stream into whole messages (headers + Content-Length body)."""

    def __init__(self):
        self.buf = b""

    def feed(self, data):
        self.buf += data
        out = []
        while True:
            stripped = self.buf.lstrip(b"\r\n")
            if len(stripped) != len(self.buf):  # keep-alive CRLFs: pass them on
                out.append(self.buf[: len(self.buf) - len(stripped)])
                self.buf = stripped
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return out
            m = CONTENT_LENGTH.search(self.buf, 0, end + 2)
            total = end + 4 + (int(m.group(1)) if m else 0)
            if len(self.buf) < total:
                return out
            out.append(self.buf[:total])
            self.buf = self.buf[total:]

    def rest(self):
        rest, self.buf = self.buf, b""
        return rest


def log(msg):
    print(f"tcp-resegment: {msg}", file=sys.stderr, flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--listen", type=addr, required=True, help="entry IP:PORT the SIP client connects to")
    ap.add_argument("--middle-client", type=addr, required=True, help="source IP[:PORT] of the middle leg")
    ap.add_argument("--middle-server", type=addr, required=True, help="IP:PORT the middle leg connects to")
    ap.add_argument("--upstream", type=addr, required=True, help="IP:PORT of the real SIP server")
    ap.add_argument("--upstream-source", default="", help="source IP for the upstream connection")
    ap.add_argument("--split-delay", type=float, default=0.2, help="seconds between the two halves")
    ap.add_argument("--hold", type=float, default=1.0, help="max seconds a 1xx is held back")
    ap.add_argument("--lifetime", type=float, default=20.0, help="hard limit, seconds")
    ap.add_argument("--ready-file", help="created once the relay listens")
    args = ap.parse_args()
    deadline = time.monotonic() + args.lifetime

    def remaining():
        left = deadline - time.monotonic()
        if left <= 0:
            log("lifetime exceeded")
            sys.exit(2)
        return left

    def listener(where):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(where)
        s.listen(1)
        return s

    entry_l = listener(args.listen)
    middle_l = listener(args.middle_server)
    if args.ready_file:
        open(args.ready_file, "w").close()

    entry_l.settimeout(remaining())
    entry, peer = entry_l.accept()
    log(f"client {peer[0]}:{peer[1]} connected")

    mid_c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    mid_c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    mid_c.bind(args.middle_client)
    mid_c.settimeout(remaining())
    mid_c.connect(args.middle_server)
    middle_l.settimeout(remaining())
    mid_s, _ = middle_l.accept()
    mid_s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    up = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    up.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    up.bind((args.upstream_source, 0))
    up.settimeout(remaining())
    up.connect(args.upstream)
    entry_l.close()
    middle_l.close()
    for s in (entry, mid_c, mid_s, up):
        s.settimeout(None)

    c2s, s2c = Framer(), Framer()
    split_done = False
    held = []            # 1xx responses waiting for company
    held_since = None
    # socket read from -> socket its bytes go to (None: handled by a framer)
    route = {entry: mid_c, mid_s: up, up: mid_s, mid_c: entry}
    is_open = {s: True for s in route}

    def flush_held(extra=b""):
        nonlocal held, held_since
        data = b"".join(held) + extra
        if data:
            if len(held) + (1 if extra else 0) > 1:
                log(f"writing {len(held) + (1 if extra else 0)} messages in one send() ({len(data)} bytes)")
            mid_s.sendall(data)
        held, held_since = [], None

    while any(is_open.values()):
        timeout = remaining()
        if held_since is not None:
            timeout = min(timeout, max(0.0, held_since + args.hold - time.monotonic()))
        readable, _, _ = select.select([s for s, o in is_open.items() if o], [], [], timeout)
        if held_since is not None and time.monotonic() >= held_since + args.hold:
            flush_held()
        for s in readable:
            data = s.recv(65536)
            dst = route[s]
            if not data:
                is_open[s] = False
                if s is up:
                    flush_held(s2c.rest())
                elif s is entry and c2s.buf:
                    mid_c.sendall(c2s.rest())
                try:
                    dst.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                continue
            if s is entry:                      # client -> server: split the first message
                for msg in c2s.feed(data):
                    if not split_done and msg.strip():
                        split_done = True
                        cut = msg.find(b"\r\n\r\n") // 2
                        log(f"splitting first message ({len(msg)} bytes) into {cut} + {len(msg) - cut} bytes")
                        mid_c.sendall(msg[:cut])
                        time.sleep(args.split_delay)
                        mid_c.sendall(msg[cut:])
                    else:
                        mid_c.sendall(msg)
            elif s is up:                       # server -> client: coalesce 1xx with the next message
                for msg in s2c.feed(data):
                    if msg.startswith(b"SIP/2.0 1"):
                        held.append(msg)
                        if held_since is None:
                            held_since = time.monotonic()
                    else:
                        flush_held(msg)
            else:                               # middle leg -> real endpoint, unchanged
                dst.sendall(data)
    for s in route:
        s.close()
    log("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
