# SPDX-License-Identifier: GPL-2.0-or-later
"""Public captures from other projects (../shared/captures): real SIP from
many stacks, none with a 301 or 421. sipadvisor must neither crash nor
report anything on them, in one pass or two."""
import glob
import os
import unittest

from sipadvisor_harness import SHARED_CAPTURES, PluginTestCase, expert_report, fields, run_tshark

# Captures whose SIP runs on a port the SIP dissector does not take by itself.
DECODE_AS = {
    "sipcapture__heplify__sip_ipv4_tcp_fragmented.pcap": ["-d", "tcp.port==6060,sip"],
}


def corpus():
    return sorted(glob.glob(os.path.join(SHARED_CAPTURES, "*.pcap*")))


@unittest.skipUnless(os.path.isdir(SHARED_CAPTURES),
                     f"public corpus not found at {SHARED_CAPTURES}: corpus tests skipped")
class TestCorpus(PluginTestCase):
    def test_corpus_is_not_empty(self):
        self.assertGreater(len(corpus()), 20)

    def test_no_finding_single_pass(self):
        for path in corpus():
            with self.subTest(capture=os.path.basename(path)):
                extra = DECODE_AS.get(os.path.basename(path), [])
                rows = fields(path, ["sipadvisor.status", "sip.Status-Code"], extra=extra)
                self.assertEqual([r["frame"] for r in rows if r["sipadvisor.status"]], [])
                # No 301/421 in the corpus, so nothing is analysed.
                codes = {c for r in rows for c in r["sip.Status-Code"]}
                self.assertFalse(codes & {"301", "421"})

    def test_no_finding_two_pass(self):
        for path in corpus():
            with self.subTest(capture=os.path.basename(path)):
                extra = DECODE_AS.get(os.path.basename(path), [])
                out, err = run_tshark("-n", "-r", path, "-2", "-q", "-z", "expert", *extra)
                self.assertNotIn("SIPADVISOR", out)
                self.assertNotIn("sipadvisor", err.lower())
                self.assertNotIn("Dissector bug", out + err)


if __name__ == "__main__":
    unittest.main()
