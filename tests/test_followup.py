# SPDX-License-Identifier: GPL-2.0-or-later
"""What the client did after a 301/421: the ACK, the retry (at an offered
URI, with the missing tags), its outcome, and links in both directions."""
import glob
import os
import unittest

from sipadvisor_harness import TESTDATA, PluginTestCase, by_frame, capture, expert_report, fields, info_column

FOLLOW_FIELDS = ["sipadvisor.status", "sipadvisor.retry_state", "sipadvisor.ack_frame", "sipadvisor.retry_frame",
                 "sipadvisor.retry_uri", "sipadvisor.retry_status", "sipadvisor.retry_detail",
                 "sipadvisor.retry_fixed"]
LINK_FIELDS = ["sipadvisor.response_frame", "sipadvisor.retry_of", "sipadvisor.retry_frame",
               "sipadvisor.request_frame", "sipadvisor.ack_frame"]

FIXED, UNFIXED, NOT_RETRIED, UNKNOWN = "1", "2", "3", "0"  # sipadvisor.retry_state


def report_lines(name, two_pass=True):
    return [(s, g, t) for s, g, t, _ in expert_report(capture(name), two_pass=two_pass)]


class TestRedirectFollowed(PluginTestCase):
    def test_301_links_ack_retry_and_outcome(self):
        row = by_frame(fields(capture("301-udp.pcap"), FOLLOW_FIELDS, two_pass=True,
                              display_filter="sipadvisor.status"))[3]
        self.assertEqual(row["sipadvisor.retry_state"], [FIXED])
        self.assertEqual(row["sipadvisor.retry_fixed"], ["1"])
        self.assertEqual(row["sipadvisor.retry_detail"], ["sip:alice@127.0.1.2 (a highest-q URI)"])
        self.assertEqual(row["sipadvisor.ack_frame"], ["4"])
        self.assertEqual(row["sipadvisor.retry_frame"], ["5"])
        self.assertEqual(row["sipadvisor.retry_uri"], ["sip:alice@127.0.1.2"])
        self.assertEqual(row["sipadvisor.retry_status"], ["200"])

    def test_request_and_retry_point_back(self):
        rows = by_frame(fields(capture("301-udp.pcap"), LINK_FIELDS, two_pass=True))
        self.assertEqual(rows[1]["sipadvisor.response_frame"], ["3"])
        self.assertEqual(rows[5]["sipadvisor.retry_of"], ["3"])
        self.assertEqual(rows[4]["sipadvisor.retry_of"], [])  # the ACK is no retry

    def test_retry_is_shown_in_the_info_column(self):
        info = info_column(capture("301-udp.pcap"))
        self.assertTrue(info[3].endswith("[moved -> sip:alice@127.0.1.2]"), info[3])
        self.assertTrue(info[5].endswith("[retry after 301]"), info[5])

    def test_info_column_notes_can_be_turned_off(self):
        info = info_column(capture("301-udp.pcap"), extra=["-o", "sipadvisor.info_column:FALSE"])
        self.assertEqual(info[3].rstrip(), "Status: 301 Moved Permanently |")
        self.assertNotIn("[retry", info[5])

    def test_followed_is_reported_as_chat(self):
        self.assertIn(("Chats", "Sequence", "Client retried as the response asked: after the 301: "
                       "sip:alice@127.0.1.2 (a highest-q URI), final status 200"),
                      report_lines("301-udp.pcap"))


class TestExtensionFollowed(PluginTestCase):
    def test_421_retry_with_the_tag(self):
        row = by_frame(fields(capture("421-udp.pcap"), FOLLOW_FIELDS, two_pass=True,
                              display_filter="sipadvisor.status"))[2]
        self.assertEqual(row["sipadvisor.retry_state"], [FIXED])
        self.assertEqual(row["sipadvisor.ack_frame"], ["3"])
        self.assertEqual(row["sipadvisor.retry_frame"], ["4"])
        self.assertEqual(row["sipadvisor.retry_status"], ["200"])
        self.assertEqual(row["sipadvisor.retry_detail"], ["with timer"])

    def test_retry_over_tcp(self):
        row = by_frame(fields(capture("421-tcp.pcap"), FOLLOW_FIELDS, two_pass=True,
                              display_filter="sipadvisor.status"))[8]
        self.assertEqual(row["sipadvisor.ack_frame"], ["10"])
        self.assertEqual(row["sipadvisor.retry_frame"], ["11"])
        self.assertEqual(row["sipadvisor.retry_status"], ["200"])


class TestFollowupProblems(PluginTestCase):
    def test_give_up_is_known_only_with_the_whole_capture(self):
        path = capture("followup-301-giveup-udp.pcap")
        single = fields(path, ["sipadvisor.retry_state"], display_filter="sipadvisor.status")
        double = fields(path, ["sipadvisor.retry_state"], two_pass=True, display_filter="sipadvisor.status")
        self.assertEqual([r["sipadvisor.retry_state"] for r in single], [[UNKNOWN]])
        self.assertEqual([r["sipadvisor.retry_state"] for r in double], [[NOT_RETRIED]])
        self.assertIn(("Warns", "Sequence", "Client never retried: after the 301 Moved Permanently"),
                      report_lines("followup-301-giveup-udp.pcap"))
        self.assertEqual(fields(path, [], display_filter="sipadvisor.not_followed"), [])
        self.assertEqual(len(fields(path, [], two_pass=True, display_filter="sipadvisor.not_followed")), 1)

    def test_retry_to_a_uri_not_offered(self):
        path = capture("followup-301-unoffered-udp.pcap")
        row = fields(path, FOLLOW_FIELDS, two_pass=True, display_filter="sipadvisor.status")[0]
        self.assertEqual(row["sipadvisor.retry_state"], [UNFIXED])
        self.assertEqual(row["sipadvisor.retry_fixed"], ["0"])
        self.assertEqual(row["sipadvisor.retry_uri"], ["sip:erin@elsewhere.example.com"])
        self.assertEqual(row["sipadvisor.retry_frame"], ["4"])
        self.assertIn(("Warns", "Sequence", "Retry repeated the mistake: after the 301: "
                       "sip:erin@elsewhere.example.com, which the 301 did not offer, final status 404"),
                      report_lines("followup-301-unoffered-udp.pcap"))

    def test_retry_still_without_the_tag(self):
        path = capture("followup-421-stillmissing-udp.pcap")
        rows = fields(path, FOLLOW_FIELDS, two_pass=True, display_filter="sipadvisor.status")
        first = rows[0]
        self.assertEqual(first["sipadvisor.retry_state"], [UNFIXED])
        self.assertEqual(first["sipadvisor.retry_detail"], ["still lacks timer"])
        self.assertEqual(first["sipadvisor.retry_status"], ["421"])
        self.assertIn(("Warns", "Sequence", "Retry repeated the mistake: after the 421: still lacks timer, "
                       "final status 421"),
                      report_lines("followup-421-stillmissing-udp.pcap"))

    def test_421_never_acknowledged(self):
        path = capture("followup-421-noack-udp.pcap")
        rows = fields(path, FOLLOW_FIELDS + ["sipadvisor.resend"], two_pass=True, display_filter="sipadvisor.status")
        first = [r for r in rows if r["sipadvisor.resend"] == ["0"]]
        self.assertEqual(len(first), 1)
        self.assertEqual(first[0]["sipadvisor.ack_frame"], [])
        self.assertIn(("Warns", "Sequence", "Final response to INVITE never acknowledged: 421 Extension Required"),
                      report_lines("followup-421-noack-udp.pcap"))
        self.assertEqual(len(fields(path, [], two_pass=True, display_filter="sipadvisor.no_ack")), 1)

    def test_acknowledged_responses_get_no_ack_warning(self):
        for name in ("301-udp.pcap", "421-udp.pcap", "421-tcp.pcap", "retrans-udp.pcap"):
            self.assertEqual(fields(capture(name), [], two_pass=True, display_filter="sipadvisor.no_ack"), [], name)


class TestEveryPassAgrees(PluginTestCase):
    """Links agree in both directions, and a display filter does not change
    what the second pass shows."""

    def captures(self):
        return sorted(glob.glob(os.path.join(TESTDATA, "*.pcap")))

    def test_links_are_symmetric(self):
        for path in self.captures():
            with self.subTest(capture=os.path.basename(path)):
                rows = by_frame(fields(path, LINK_FIELDS, two_pass=True))
                for frame, row in rows.items():
                    for retry in row["sipadvisor.retry_frame"]:
                        self.assertIn(str(frame), rows[int(retry)]["sipadvisor.retry_of"])
                    for resp in row["sipadvisor.retry_of"]:
                        self.assertIn(str(frame), rows[int(resp)]["sipadvisor.retry_frame"])
                    for resp in row["sipadvisor.response_frame"]:
                        self.assertIn(str(frame), rows[int(resp)]["sipadvisor.request_frame"])

    def test_a_frame_filter_does_not_change_the_second_pass(self):
        # tshark -2 -Y dissects every frame in both passes and prints only
        # those that pass the filter: what it prints for a frame must not
        # depend on the filter (as the GUI redraws a frame on its own).
        names = FOLLOW_FIELDS + LINK_FIELDS + ["sipadvisor.missing", "sipadvisor.new_uri", "_ws.expert.message"]
        for path in self.captures():
            with self.subTest(capture=os.path.basename(path)):
                full = by_frame(fields(path, names, two_pass=True))
                analysed = [f for f, r in full.items() if any(r[n] for n in names)]
                if len(analysed) > 12:  # big captures: 12 frames spread over it, the last included
                    analysed = sorted(set(analysed[::-(-len(analysed) // 11)] + analysed[-1:]))
                wanted = ", ".join(str(f) for f in analysed)
                filtered = fields(path, names, two_pass=True, display_filter=f"frame.number in {{{wanted}}}")
                self.assertEqual(filtered, [full[f] for f in sorted(analysed)])


if __name__ == "__main__":
    unittest.main()
