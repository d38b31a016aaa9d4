# SPDX-License-Identifier: GPL-2.0-or-later
"""What the client did after a 301/421: the ACK, the retry (at an offered
URI, with the missing tags), its outcome, and links in both directions."""
import glob
import os
import unittest

from sipadvisor_harness import TESTDATA, PluginTestCase, by_frame, capture, expert_report, fields, info_column

FOLLOW_FIELDS = ["sipadvisor.status", "sipadvisor.follow", "sipadvisor.ack_frame", "sipadvisor.retry_frame",
                 "sipadvisor.retry_uri", "sipadvisor.retry_status", "sipadvisor.retry_missing"]
LINK_FIELDS = ["sipadvisor.response_frame", "sipadvisor.retry_of", "sipadvisor.retry_frame",
               "sipadvisor.request_frame", "sipadvisor.ack_frame"]

RETRIED, UNOFFERED, STILL_MISSING, NOT_FOLLOWED, UNKNOWN = "1", "2", "3", "4", "0"


def report_lines(name, two_pass=True):
    return [(s, g, t) for s, g, t, _ in expert_report(capture(name), two_pass=two_pass)]


class TestRedirectFollowed(PluginTestCase):
    def test_301_links_ack_retry_and_outcome(self):
        row = by_frame(fields(capture("301-udp.pcap"), FOLLOW_FIELDS, two_pass=True,
                              display_filter="sipadvisor.status"))[3]
        self.assertEqual(row["sipadvisor.follow"], [RETRIED])
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
        self.assertIn(("Chats", "Sequence", "Client retried after the 301, final status 200"),
                      report_lines("301-udp.pcap"))


class TestExtensionFollowed(PluginTestCase):
    def test_421_retry_with_the_tag(self):
        row = by_frame(fields(capture("421-udp.pcap"), FOLLOW_FIELDS, two_pass=True,
                              display_filter="sipadvisor.status"))[2]
        self.assertEqual(row["sipadvisor.follow"], [RETRIED])
        self.assertEqual(row["sipadvisor.ack_frame"], ["3"])
        self.assertEqual(row["sipadvisor.retry_frame"], ["4"])
        self.assertEqual(row["sipadvisor.retry_status"], ["200"])
        self.assertEqual(row["sipadvisor.retry_missing"], [])

    def test_retry_over_tcp(self):
        row = by_frame(fields(capture("421-tcp.pcap"), FOLLOW_FIELDS, two_pass=True,
                              display_filter="sipadvisor.status"))[8]
        self.assertEqual(row["sipadvisor.ack_frame"], ["10"])
        self.assertEqual(row["sipadvisor.retry_frame"], ["11"])
        self.assertEqual(row["sipadvisor.retry_status"], ["200"])


class TestFollowupProblems(PluginTestCase):
    def test_give_up_is_known_only_with_the_whole_capture(self):
        path = capture("followup-301-giveup-udp.pcap")
        single = fields(path, ["sipadvisor.follow"], display_filter="sipadvisor.status")
        double = fields(path, ["sipadvisor.follow"], two_pass=True, display_filter="sipadvisor.status")
        self.assertEqual([r["sipadvisor.follow"] for r in single], [[UNKNOWN]])
        self.assertEqual([r["sipadvisor.follow"] for r in double], [[NOT_FOLLOWED]])
        self.assertIn(("Warns", "Sequence", "The client never retried after the 301 (the new URIs were not tried)"),
                      report_lines("followup-301-giveup-udp.pcap"))
        self.assertEqual(fields(path, [], display_filter="sipadvisor.not_followed"), [])
        self.assertEqual(len(fields(path, [], two_pass=True, display_filter="sipadvisor.not_followed")), 1)

    def test_retry_to_a_uri_not_offered(self):
        path = capture("followup-301-unoffered-udp.pcap")
        row = fields(path, FOLLOW_FIELDS, two_pass=True, display_filter="sipadvisor.status")[0]
        self.assertEqual(row["sipadvisor.follow"], [UNOFFERED])
        self.assertEqual(row["sipadvisor.retry_uri"], ["sip:erin@elsewhere.example.com"])
        self.assertEqual(row["sipadvisor.retry_frame"], ["4"])
        self.assertIn(("Warns", "Sequence",
                       "Retry went to sip:erin@elsewhere.example.com, which the 301 did not offer"),
                      report_lines("followup-301-unoffered-udp.pcap"))

    def test_retry_still_without_the_tag(self):
        path = capture("followup-421-stillmissing-udp.pcap")
        rows = fields(path, FOLLOW_FIELDS, two_pass=True, display_filter="sipadvisor.status")
        first = rows[0]
        self.assertEqual(first["sipadvisor.follow"], [STILL_MISSING])
        self.assertEqual(first["sipadvisor.retry_missing"], ["timer"])
        self.assertEqual(first["sipadvisor.retry_status"], ["421"])
        self.assertIn(("Warns", "Sequence", "Retry after the 421 still lacks timer"),
                      report_lines("followup-421-stillmissing-udp.pcap"))

    def test_421_never_acknowledged(self):
        path = capture("followup-421-noack-udp.pcap")
        rows = fields(path, FOLLOW_FIELDS + ["sipadvisor.resend"], two_pass=True, display_filter="sipadvisor.status")
        first = [r for r in rows if r["sipadvisor.resend"] == ["0"]]
        self.assertEqual(len(first), 1)
        self.assertEqual(first[0]["sipadvisor.ack_frame"], [])
        self.assertIn(("Warns", "Sequence", "No ACK for the 421 to INVITE: the client did not acknowledge it"),
                      report_lines("followup-421-noack-udp.pcap"))
        self.assertEqual(len(fields(path, [], two_pass=True, display_filter="sipadvisor.no_ack")), 1)

    def test_acknowledged_responses_get_no_ack_warning(self):
        for name in ("301-udp.pcap", "421-udp.pcap", "421-tcp.pcap", "retrans-udp.pcap"):
            self.assertEqual(fields(capture(name), [], two_pass=True, display_filter="sipadvisor.no_ack"), [], name)


class TestEveryPassAgrees(PluginTestCase):
    """Later passes show the same: -2 with and without a -Y filter, frames
    dissected alone (as a GUI click does), in any order."""

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

    def test_single_frames_match_the_full_second_pass(self):
        names = FOLLOW_FIELDS + LINK_FIELDS + ["sipadvisor.missing", "sipadvisor.new_uri", "_ws.expert.message"]
        for path in self.captures():
            with self.subTest(capture=os.path.basename(path)):
                full = by_frame(fields(path, names, two_pass=True))
                analysed = [f for f, r in full.items() if any(r[n] for n in names)]
                if len(analysed) > 12:  # big captures: 12 frames spread over it, the last included
                    analysed = analysed[::-(-len(analysed) // 11)] + analysed[-1:]
                for frame in reversed(analysed):
                    alone = fields(path, names, two_pass=True, display_filter=f"frame.number=={frame}")
                    self.assertEqual(alone, [full[frame]], f"frame {frame}")


if __name__ == "__main__":
    unittest.main()
