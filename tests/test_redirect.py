# SPDX-License-Identifier: GPL-2.0-or-later
"""301 Moved Permanently: old URI, new URIs by q, expert note."""
import unittest

from sipadvisor_harness import PluginTestCase, by_frame, capture, expert_report, fields

MOVE_FIELDS = ["sipadvisor.status", "sipadvisor.class", "sipadvisor.moved_from", "sipadvisor.new_uri",
               "sipadvisor.new_uri.q", "sipadvisor.new_uri.expires", "sipadvisor.new_uri_count",
               "sipadvisor.request_uri", "sipadvisor.explanation.reference"]


class TestMovedPermanently(PluginTestCase):
    def rows(self, name, two_pass=False):
        return by_frame(fields(capture(name), MOVE_FIELDS, two_pass=two_pass,
                               display_filter="sipadvisor.status"))

    def test_old_uri_is_the_request_uri(self):
        row = self.rows("301-udp.pcap")[3]
        self.assertEqual(row["sipadvisor.status"], ["301"])
        self.assertEqual(row["sipadvisor.class"], ["3xx Redirection"])
        self.assertEqual(row["sipadvisor.moved_from"], ["sip:alice@old.example.com"])
        self.assertEqual(row["sipadvisor.explanation.reference"], ["RFC 3261 §21.3.2"])

    def test_new_uris_are_ordered_by_q_with_their_parameters(self):
        row = self.rows("301-udp.pcap")[3]
        # The 301 lists new.example.com (q=0.5) before 127.0.1.2 (q=0.9).
        raw = fields(capture("301-udp.pcap"), ["sip.contact.uri"], display_filter="frame.number==3")[0]
        self.assertEqual(raw["sip.contact.uri"], ["sip:alice@new.example.com", "sip:alice@127.0.1.2"])
        self.assertEqual(row["sipadvisor.new_uri"], ["sip:alice@127.0.1.2", "sip:alice@new.example.com"])
        self.assertEqual(row["sipadvisor.new_uri.q"], ["0.9", "0.5"])
        self.assertEqual(row["sipadvisor.new_uri.expires"], ["3600"])
        self.assertEqual(row["sipadvisor.new_uri_count"], ["2"])

    def test_same_result_in_two_passes(self):
        self.assertEqual(self.rows("301-udp.pcap"), self.rows("301-udp.pcap", two_pass=True))

    def test_register_moves_the_address_of_record(self):
        row = self.rows("301-register-udp.pcap")[2]
        self.assertEqual(row["sipadvisor.request_uri"], ["sip:old.example.com"])
        self.assertEqual(row["sipadvisor.moved_from"], ["sip:bob@old.example.com"])
        self.assertEqual(row["sipadvisor.new_uri"], ["sip:bob@new.example.org"])
        self.assertEqual(row["sipadvisor.new_uri.expires"], ["7200"])

    def test_expert_note_names_old_and_new_uris(self):
        for two_pass in (False, True):
            report = expert_report(capture("301-udp.pcap"), two_pass=two_pass)
            self.assertIn(("Notes", "Response",
                           "301 Moved Permanently: sip:alice@old.example.com -> sip:alice@127.0.1.2 (q=0.9), "
                           "sip:alice@new.example.com (q=0.5) [INVITE]", 1),
                          report)

    def test_filter_on_new_uri(self):
        rows = fields(capture("301-udp.pcap"), [], display_filter='sipadvisor.new_uri == "sip:alice@new.example.com"')
        self.assertEqual([r["frame"] for r in rows], [3])


class TestMalformed301(PluginTestCase):
    def test_301_without_contact_is_a_protocol_error(self):
        path = capture("malformed-udp.pcap")
        rows = fields(path, ["sipadvisor.status", "sipadvisor.new_uri_count"],
                      display_filter="sipadvisor.missing_header && sipadvisor.status == 301")
        self.assertEqual([r["frame"] for r in rows], [2])
        self.assertEqual(rows[0]["sipadvisor.new_uri_count"], ["0"])
        report = [(s, g, t) for s, g, t, _ in expert_report(path)]
        self.assertIn(("Errors", "Protocol", "Response lacks the header its code requires: 301 without Contact"),
                      report)


if __name__ == "__main__":
    unittest.main()
