# SPDX-License-Identifier: GPL-2.0-or-later
"""Hostile captures too big to commit, generated at test time by
testdata/make/hostile.py into $SIPADVISOR_BUILD/hostile/ (again only when
the generator changed): two floods of 100,000 messages and a Require with
50,000 option tags over TCP. Slow (ctest label "slow")."""
import hashlib
import os
import subprocess
import sys
import unittest

from sipadvisor_harness import BUILD, SOURCE, PluginTestCase, by_frame, fields
from test_hostile import MAKE, fields_and_expert, hostile, unframed_report

FLOOD_DIR = os.path.join(BUILD, "hostile")


def generator_hash():
    h = hashlib.sha256()
    for path in (os.path.join(MAKE, "hostile.py"), os.path.join(SOURCE, "tests", "bench", "gen_sip_capture.py")):
        with open(path, "rb") as f:
            h.update(f.read())
    return h.hexdigest()


def make_floods():
    """Writes the floods into the build tree unless they are there from the
    same generator."""
    stamp = os.path.join(FLOOD_DIR, "floods.sha256")
    digest = generator_hash()
    names = list(hostile.FLOODS)
    if os.path.exists(stamp) and all(os.path.exists(os.path.join(FLOOD_DIR, n)) for n in names):
        with open(stamp) as f:
            if f.read().strip() == digest:
                return
    subprocess.run([sys.executable, os.path.join(MAKE, "hostile.py"), "--flood-out", FLOOD_DIR], check=True,
                   capture_output=True, timeout=300)
    with open(stamp, "w") as f:
        f.write(digest + "\n")


class TestFloods(PluginTestCase):
    """100,000 responses without request; 100,000 unanswered INVITEs."""

    N = hostile.FLOOD_N

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        make_floods()
        cls.responses = os.path.join(FLOOD_DIR, "flood-100k-responses-udp.pcap")
        cls.invites = os.path.join(FLOOD_DIR, "flood-100k-invites-udp.pcap")

    def test_responses_single_pass(self):
        rows, report = fields_and_expert(self.responses, ["sipadvisor.status", "sipadvisor.request_frame"])
        self.assertEqual(len(rows), self.N + 1)
        statuses = [r["sipadvisor.status"] for r in rows[:self.N]]
        self.assertEqual(statuses.count(["301"]), self.N // 2)
        self.assertEqual(statuses.count(["421"]), self.N // 2)
        self.assertEqual(rows[0]["sipadvisor.status"], ["301"])
        self.assertEqual(rows[self.N - 1]["sipadvisor.status"], ["421"])
        self.assertFalse(any(r["sipadvisor.request_frame"] for r in rows))
        self.assertEqual(rows[self.N]["sipadvisor.status"], [])  # the retry INVITE
        self.assertEqual(unframed_report(report), {
            ("Warns", "Sequence", "Request not in the capture: 301 response to INVITE"): 50000,
            ("Warns", "Response", "421 Extension Required: missing timer"): 50000,
            ("Warns", "Sequence", "Request not in the capture: 421 response to INVITE"): 50000,
            ("Notes", "Response", "301 Moved Permanently: (request not captured) -> sip:flood@new.example.com"): 50000,
        })

    @classmethod
    def responses_two_pass(cls):
        if not hasattr(cls, "_responses_two_pass"):
            cls._responses_two_pass = fields_and_expert(cls.responses, ["sipadvisor.status", "sipadvisor.retry_of"],
                                                        two_pass=True)
        return cls._responses_two_pass

    def test_responses_two_pass(self):
        rows, report = self.responses_two_pass()
        self.assertEqual(sum(1 for r in rows if r["sipadvisor.status"]), self.N)
        counts = {summary: count for _, _, summary, count in report}
        self.assertEqual(counts["Request not in the capture: 301 response to INVITE"], 50000)
        self.assertEqual(counts["Request not in the capture: 421 response to INVITE"], 50000)
        self.assertEqual(counts["Final response to INVITE never acknowledged: 301 Moved Permanently"], 50000)
        self.assertEqual(counts["Final response to INVITE never acknowledged: 421 Extension Required"], 50000)
        self.assertEqual(counts["Client never retried: after the 421 Extension Required"], 50000)

    def test_retry_in_a_new_call_after_the_flood(self):
        # Was a bug: sip.from.addr was not a wanted field, so a retry in a
        # new call from the same From URI was never linked.
        # A retry comes from the same client (top Via sent-by): the retry's
        # Via is 10.9.0.1:5060, which only responses 0 and 62,500 (frames 1
        # and 62501, both 301s) carry; it belongs to the oldest.
        rows, _ = self.responses_two_pass()
        self.assertEqual(rows[self.N]["sipadvisor.retry_of"], ["1"])

    def test_invites_single_pass(self):
        rows, report = fields_and_expert(self.invites, ["sipadvisor.status", "sipadvisor.request_frame",
                                                        "sipadvisor.match"])
        self.assertEqual(len(rows), self.N + 5)
        self.assertFalse(any(r["sipadvisor.status"] for r in rows[:self.N]))
        answered = [(r["frame"], r["sipadvisor.status"], r["sipadvisor.request_frame"], r["sipadvisor.match"])
                    for r in rows[self.N:]]
        self.assertEqual(answered, [
            (100001, ["421"], ["1"], ["1"]),
            (100002, ["421"], ["50000"], ["1"]),
            (100003, ["301"], ["77778"], ["1"]),
            (100004, ["421"], ["100000"], ["1"]),
            (100005, ["421"], [], ["0"]),  # branch of the INVITE in frame 6, another Call-ID
        ])
        self.assertEqual(unframed_report(report), {
            ("Warns", "Response", "421 Extension Required: missing timer [INVITE]"): 3,
            ("Warns", "Response", "421 Extension Required: missing timer"): 1,
            ("Warns", "Sequence", "Request not in the capture: 421 response to INVITE"): 1,
            ("Notes", "Response", "301 Moved Permanently: sip:victim@example.com -> sip:victim@new.example.com "
                                  "[INVITE]"): 1,
        })

    def test_invites_two_pass(self):
        rows = by_frame(fields(self.invites, ["sipadvisor.response_frame", "sipadvisor.request_frame"],
                               two_pass=True, display_filter="sipadvisor"))
        self.assertEqual({f: r["sipadvisor.response_frame"] for f, r in rows.items() if f <= self.N},
                         {1: ["100001"], 50000: ["100002"], 77778: ["100003"], 100000: ["100004"]})
        self.assertEqual({f: r["sipadvisor.request_frame"] for f, r in rows.items() if f > self.N},
                         {100001: ["1"], 100002: ["50000"], 100003: ["77778"], 100004: ["100000"], 100005: []})


class TestSixtyThousandTags(PluginTestCase):
    """A 421 whose Require lines hold 60,000 distinct option tags, to an
    INVITE that supports every other one (30,000, in upper case), both
    reassembled from TCP segments: sets of this size must cost linear time
    (the time against plain tshark is measured by tests/bench, not here)."""

    FIELDS = ["sipadvisor.status", "sipadvisor.request_frame", "sipadvisor.required", "sipadvisor.supported",
              "sipadvisor.missing"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        make_floods()
        cls.path = os.path.join(FLOOD_DIR, "hostile-421-60k-tags-tcp.pcap")
        cls.required, cls.supported = hostile.many_tags()
        cls.missing = cls.required[0::2]

    def check(self, two_pass):
        rows, report = fields_and_expert(self.path, self.FIELDS, two_pass=two_pass,
                                         display_filter="sipadvisor.status")
        self.assertEqual([r["frame"] for r in rows], [626])
        row = rows[0]
        self.assertEqual(row["sipadvisor.request_frame"], ["211"])
        self.assertEqual(row["sipadvisor.required"], self.required[:100])
        self.assertEqual(row["sipadvisor.supported"], self.supported[:100])
        self.assertEqual(row["sipadvisor.missing"], self.missing[:100])
        report = unframed_report(report)
        self.assertEqual(report[("Warns", "Response", "421 Extension Required: missing x-t00001, x-t00003, "
                                 "x-t00005, x-t00007, x-t00009 (+29995 more) [INVITE]")], 1)
        for total, what in ((60000, "required"), (30000, "supported"), (30000, "missing")):
            self.assertEqual(report[("Notes", "Undecoded",
                                     f"Long list shown only in part: 100 of {total} sipadvisor.{what}")], 1)

    def test_single_pass(self):
        self.check(False)

    def test_two_pass(self):
        self.check(True)


if __name__ == "__main__":
    unittest.main()
