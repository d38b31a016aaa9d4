# SPDX-License-Identifier: GPL-2.0-or-later
"""Each analysed response is tied to the request that caused it: RFC 3261
branch matching, the RFC 2543 fallback, retransmissions, interleaved
transactions, and responses whose request is not captured."""
import unittest

from sipadvisor_harness import PluginTestCase, by_frame, capture, expert_report, fields

TXN_FIELDS = ["sipadvisor.status", "sipadvisor.request_frame", "sipadvisor.request_method",
              "sipadvisor.request_uri", "sipadvisor.match", "sipadvisor.resend",
              "sipadvisor.original_frame"]


class CorrelationCase(PluginTestCase):
    def analysed(self, name, names=TXN_FIELDS):
        """Rows of analysed frames; single pass and -2 must agree."""
        single = fields(capture(name), names, display_filter="sipadvisor.status")
        double = fields(capture(name), names, two_pass=True, display_filter="sipadvisor.status")
        self.assertEqual(single, double)
        return by_frame(single)


class TestRfc3261Matching(CorrelationCase):
    def test_421_points_at_its_invite(self):
        row = self.analysed("421-udp.pcap")[2]
        self.assertEqual(row["sipadvisor.status"], ["421"])
        self.assertEqual(row["sipadvisor.request_frame"], ["1"])
        self.assertEqual(row["sipadvisor.request_method"], ["INVITE"])
        self.assertEqual(row["sipadvisor.request_uri"], ["sip:frank@example.com"])
        self.assertEqual(row["sipadvisor.match"], ["1"])
        self.assertEqual(row["sipadvisor.resend"], ["0"])

    def test_response_time_is_the_gap_to_the_request(self):
        path = capture("421-udp.pcap")
        times = {r["frame"]: float(r["frame.time_epoch"][0]) for r in fields(path, ["frame.time_epoch"])}
        row = by_frame(fields(path, ["sipadvisor.response_time"], display_filter="sipadvisor.status"))[2]
        self.assertAlmostEqual(float(row["sipadvisor.response_time"][0]), times[2] - times[1], places=6)
        self.assertGreater(float(row["sipadvisor.response_time"][0]), 0)

    def test_only_analysed_codes_get_a_tree(self):
        rows = fields(capture("421-udp.pcap"), ["sip.Status-Code", "sipadvisor.status"])
        for row in rows:
            if row["sipadvisor.status"]:
                self.assertEqual(row["sip.Status-Code"], ["421"])
        self.assertEqual([r["frame"] for r in rows if r["sipadvisor.status"]], [2])


class TestRetransmissions(CorrelationCase):
    def test_both_copies_link_to_the_first_request(self):
        rows = self.analysed("retrans-udp.pcap")
        self.assertEqual(rows[3]["sipadvisor.request_frame"], ["1"])
        self.assertEqual(rows[4]["sipadvisor.request_frame"], ["1"])

    def test_second_421_is_marked_as_resend_of_the_first(self):
        rows = self.analysed("retrans-udp.pcap")
        self.assertEqual(rows[3]["sipadvisor.resend"], ["0"])
        self.assertEqual(rows[3]["sipadvisor.original_frame"], [])
        self.assertEqual(rows[4]["sipadvisor.resend"], ["1"])
        self.assertEqual(rows[4]["sipadvisor.original_frame"], ["3"])

    def test_report_counts_the_421_once_and_the_resend_as_chat(self):
        report = expert_report(capture("retrans-udp.pcap"), two_pass=True)
        names = [(sev, group, text) for sev, group, text, _ in report]
        self.assertIn(("Warns", "Response", "421 Extension Required: missing timer [INVITE]"), names)
        self.assertIn(("Chats", "Sequence", "Retransmission of an analysed response: 421 Extension Required"), names)
        self.assertEqual(sum(1 for n in names if n[2].startswith("421 Extension Required")), 1)


class TestRfc2543Fallback(CorrelationCase):
    def test_old_style_branches_match_on_call_id_cseq_from_tag_and_via(self):
        rows = self.analysed("rfc2543-udp.pcap")
        self.assertEqual(rows[2]["sipadvisor.match"], ["2"])
        self.assertEqual(rows[2]["sipadvisor.request_frame"], ["1"])
        # The second INVITE (another CSeq) has its own 421: no cross-link.
        self.assertEqual(rows[5]["sipadvisor.match"], ["2"])
        self.assertEqual(rows[5]["sipadvisor.request_frame"], ["4"])

    def test_the_captured_branches_really_lack_the_cookie(self):
        rows = fields(capture("rfc2543-udp.pcap"), ["sip.Via.branch"], display_filter="sip")
        for row in rows:
            for branch in row["sip.Via.branch"]:
                self.assertFalse(branch.startswith("z9hG4bK"), branch)


class TestInterleaved(CorrelationCase):
    def test_two_transactions_of_one_call_are_not_crossed(self):
        rows = self.analysed("interleaved-udp.pcap")
        self.assertEqual(rows[3]["sipadvisor.status"], ["421"])
        self.assertEqual(rows[3]["sipadvisor.request_frame"], ["2"])
        self.assertEqual(rows[4]["sipadvisor.status"], ["301"])
        self.assertEqual(rows[4]["sipadvisor.request_frame"], ["1"])

    def test_supported_comes_from_the_right_request(self):
        rows = self.analysed("interleaved-udp.pcap", ["sipadvisor.supported", "sipadvisor.missing"])
        # Frame 1 said "Supported: timer", frame 2 said nothing.
        self.assertEqual(rows[3]["sipadvisor.supported"], [])
        self.assertEqual(rows[3]["sipadvisor.missing"], ["100rel"])

    def test_the_capture_really_has_one_call_id(self):
        rows = fields(capture("interleaved-udp.pcap"), ["sip.Call-ID"], display_filter="sip")
        self.assertEqual(len({c for r in rows for c in r["sip.Call-ID"]}), 1)


class TestRequestNotCaptured(CorrelationCase):
    def test_response_without_request_is_flagged(self):
        rows = self.analysed("no-request-udp.pcap", TXN_FIELDS + ["sipadvisor.request_not_captured"])
        row = next(iter(rows.values()))
        self.assertEqual(row["sipadvisor.status"], ["421"])
        self.assertEqual(row["sipadvisor.request_frame"], [])
        self.assertEqual(row["sipadvisor.match"], ["0"])
        self.assertEqual(row["sipadvisor.request_method"], ["INVITE"])

    def test_report_has_a_sequence_warning(self):
        report = expert_report(capture("no-request-udp.pcap"))
        self.assertIn(("Warns", "Sequence", "Request not in the capture: 421 response to INVITE"),
                      [(s, g, t) for s, g, t, _ in report])


if __name__ == "__main__":
    unittest.main()
