# SPDX-License-Identifier: GPL-2.0-or-later
"""SIP over TCP: several messages in one segment, one message over two
segments (Wireshark 4.0's SIP dissector links nothing over TCP)."""
import unittest

from sipadvisor_harness import PluginTestCase, by_frame, capture, fields


class TestTcp(PluginTestCase):
    def setUp(self):
        self.path = capture("421-tcp.pcap")

    def test_frame_with_two_messages_gets_the_421_analysed_once(self):
        row = by_frame(fields(self.path, ["sip.Status-Code", "sipadvisor.status", "sipadvisor.request_frame"],
                              display_filter="sipadvisor.status"))[8]
        self.assertEqual(row["sip.Status-Code"], ["100", "421"])
        self.assertEqual(row["sipadvisor.status"], ["421"])
        self.assertEqual(row["sipadvisor.request_frame"], ["6"])

    def test_request_split_over_two_segments_is_found(self):
        row = by_frame(fields(self.path, ["tcp.segment", "sip.Method"], display_filter="frame.number==6"))[6]
        self.assertEqual(row["tcp.segment"], ["4", "6"])
        self.assertEqual(row["sip.Method"], ["INVITE"])

    def test_agrees_with_wireshark_where_it_links(self):
        # Wireshark 4.0's sip.response-request is UDP-only (empty here); from
        # 4.2 it links over TCP too, and must then name the same request.
        row = by_frame(fields(self.path, ["sip.response-request", "sipadvisor.request_frame"],
                              display_filter="frame.number==8"))[8]
        self.assertEqual(row["sipadvisor.request_frame"], ["6"])
        for frame in row["sip.response-request"]:
            self.assertEqual(frame, "6")


if __name__ == "__main__":
    unittest.main()
