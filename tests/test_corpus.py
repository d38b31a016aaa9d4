# SPDX-License-Identifier: GPL-2.0-or-later
"""Public captures from other projects (../shared/captures): real SIP from
many stacks and encapsulations. sipadvisor must not crash, must give every
final non-2xx response its tree, and must report exactly the findings that
a reading of each capture confirms (EXPECTED below); anything else it says
at Warning or Error is a false finding."""
import glob
import os
import unittest

from sipadvisor_harness import SHARED_CAPTURES, PluginTestCase, dump

# Captures whose SIP runs on a port the SIP dissector does not take by itself.
DECODE_AS = {
    "sipcapture__heplify__sip_ipv4_tcp_fragmented.pcap": ["-d", "tcp.port==6060,sip"],
}

# The Warning and Error lines of `tshark -2 -z expert`, per capture, each
# checked against the capture: {capture: {(severity, summary): count}}.
# Captures not listed must have none. The fuzzed nDPI capture is garbage on
# purpose: only "no crash" is asserted for it.
FUZZED = "ntop__nDPI__fuzz-2006-06-26-2594.pcap"
EXPECTED = {
    # One REGISTER and its 401, nothing after it.
    "OISF__suricata-verify__sip-pattern-matching_sip.pcap": {
        ("Warns", "Client never retried: after the 401 Unauthorized"): 1},
    "OISF__suricata-verify__sip-tcp-pattern-matching_sip.pcap": {
        ("Warns", "Client never retried: after the 401 Unauthorized"): 1},
    # A 405 to SUBSCRIBE (the network refuses reg-event subscriptions).
    "arkime__arkime__gtp-iphone.pcap": {
        ("Warns", "405 Method Not Allowed: SUBSCRIBE not allowed; Allow: ACK, INVITE, BYE, CANCEL, REGISTER "
                  "(+6 more) [SUBSCRIBE]"): 1,
        ("Warns", "Client never retried: after the 405 Method Not Allowed"): 1},
    # REGISTERs with credentials challenged again (stale=false): the two
    # accounts of the trace are refused 5 times; the client registers anew
    # minutes later.
    "irontec__sngrep__aaa.pcap": {
        ("Warns", "Credentials rejected: 401 again for user voi18063, realm sip.cybercity.dk [REGISTER]"): 1,
        ("Warns", "Credentials rejected: 401 again for user voi18062, realm sip.cybercity.dk [REGISTER]"): 4},
    "zeek__zeek__wireshark.pcap": {
        ("Warns", "Credentials rejected: 401 again for user voi18063, realm sip.cybercity.dk [REGISTER]"): 1,
        ("Warns", "Credentials rejected: 401 again for user voi18062, realm sip.cybercity.dk [REGISTER]"): 4},
    # Single responses spliced out of their calls.
    "seladb__PcapPlusPlus__sip_resp.pcap": {
        ("Warns", "Request not in the capture: 401 response to REGISTER"): 2,
        ("Warns", "Client never retried: after the 401 Unauthorized"): 2,
        ("Warns", "Request not in the capture: 503 response to REGISTER"): 1},
    # A 401 to a NOTIFY that is not sent again (the 407 to an INVITE on a
    # B2BUA leg is retried in a new call to the same URI).
    "sipcapture__heplify__erspan_sip_ipv4_udp.pcapng": {
        ("Warns", "Client never retried: after the 401 Unauthorized"): 1},
}


def corpus():
    return sorted(glob.glob(os.path.join(SHARED_CAPTURES, "*.pcap*")))


@unittest.skipUnless(os.path.isdir(SHARED_CAPTURES),
                     f"public corpus not found at {SHARED_CAPTURES}: corpus tests skipped")
class TestCorpus(PluginTestCase):
    def test_corpus_is_not_empty(self):
        self.assertGreater(len(corpus()), 20)

    def test_every_failed_response_gets_a_tree(self):
        trees = 0
        for path in corpus():
            with self.subTest(capture=os.path.basename(path)):
                rows = dump(path, extra=DECODE_AS.get(os.path.basename(path), [])).rows
                for row in rows:
                    final = sorted(c for c in row["sip.Status-Code"] if int(c) >= 300)
                    self.assertEqual(sorted(row["sipadvisor.status"]), final, f"frame {row['frame']}")
                    trees += len(final)
        self.assertGreater(trees, 100)

    def test_only_confirmed_findings_two_pass(self):
        for path in corpus():
            name = os.path.basename(path)
            with self.subTest(capture=name):
                d = dump(path, two_pass=True, extra=DECODE_AS.get(name, []))
                self.assertNotIn("Dissector bug", d.text)
                self.assertNotIn("ws_assert", d.text)
                if name == FUZZED:
                    continue
                got = {}
                for severity, _, summary, count in d.expert:
                    if severity in ("Warns", "Errors"):
                        got[(severity, summary)] = got.get((severity, summary), 0) + count
                self.assertEqual(got, EXPECTED.get(name, {}))


if __name__ == "__main__":
    unittest.main()
