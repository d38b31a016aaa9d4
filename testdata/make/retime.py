#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Spread the bursts of a capture out in time (Python standard library only).

    retime.py [--gap SECONDS] [--period SECONDS] IN.pcap OUT.pcap

Reads a libpcap file (microsecond or nanosecond timestamps, either byte
order), cuts it into bursts (a new burst starts at every frame that comes
more than --gap seconds after the previous frame), and writes the same
frames, in the same order and with the same bytes, with timestamps moved so
that burst k starts --period seconds after burst k-1: burst 0 keeps its
time, and every frame keeps its offset from the start of its burst.

make-kamailio-captures.sh uses it for ordinary-day-udp.pcap: 24
registration cycles made 0.4 s apart become one cycle an hour
(--gap 0.2 --period 3600).  Only the timestamps change.
"""

import argparse
import struct
import sys

MAGICS = {
    b"\xd4\xc3\xb2\xa1": ("<", 1_000_000),
    b"\xa1\xb2\xc3\xd4": (">", 1_000_000),
    b"\x4d\x3c\xb2\xa1": ("<", 1_000_000_000),
    b"\xa1\xb2\x3c\x4d": (">", 1_000_000_000),
}


def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24 or data[:4] not in MAGICS:
        sys.exit(f"{path}: not a libpcap file (pcapng? convert with editcap -F pcap)")
    endian, units = MAGICS[data[:4]]
    records = []
    pos = 24
    while pos < len(data):
        if pos + 16 > len(data):
            sys.exit(f"{path}: truncated record header at byte {pos}")
        sec, frac, incl, orig = struct.unpack(endian + "IIII", data[pos:pos + 16])
        body = data[pos + 16:pos + 16 + incl]
        if len(body) != incl:
            sys.exit(f"{path}: truncated record at byte {pos}")
        records.append((sec * units + frac, incl, orig, body))
        pos += 16 + incl
    return data[:24], endian, units, records


def retime(records, gap, period):
    """Return the new timestamps of the records; gap, period and the
    timestamps are integers in the file's units."""
    out = []
    burst_start_old = burst_start_new = prev = None
    for ts, _, _, _ in records:
        if prev is None:
            burst_start_old = burst_start_new = ts
        elif ts - prev > gap:
            burst_start_old = ts
            burst_start_new += period
        out.append(burst_start_new + ts - burst_start_old)
        prev = ts
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gap", type=float, default=0.2,
                    help="a pause longer than this (seconds) starts a new burst (default 0.2)")
    ap.add_argument("--period", type=float, default=3600.0,
                    help="seconds from the start of one burst to the next (default 3600)")
    ap.add_argument("infile")
    ap.add_argument("outfile")
    args = ap.parse_args()
    header, endian, units, records = read_pcap(args.infile)
    gap = round(args.gap * units)
    stamps = retime(records, gap, round(args.period * units))
    with open(args.outfile, "wb") as f:
        f.write(header)
        for (_, incl, orig, body), ts in zip(records, stamps):
            f.write(struct.pack(endian + "IIII", ts // units, ts % units, incl, orig))
            f.write(body)
    bursts = 1 + sum(1 for a, b in zip(records, records[1:]) if b[0] - a[0] > gap)
    print(f"retime.py: {len(records)} frames in {bursts} bursts, {args.period:g} s apart",
          file=sys.stderr)


if __name__ == "__main__":
    main()
