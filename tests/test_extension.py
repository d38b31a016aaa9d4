# SPDX-License-Identifier: GPL-2.0-or-later
"""421 Extension Required: required, supported and missing option tags."""
import unittest

from sipadvisor_harness import PluginTestCase, by_frame, capture, expert_report, fields

TAG_FIELDS = ["sipadvisor.status", "sipadvisor.class", "sipadvisor.required", "sipadvisor.supported",
              "sipadvisor.missing", "sipadvisor.tag.rfc", "sipadvisor.tag.meaning"]


class TestExtensionRequired(PluginTestCase):
    def rows(self, name, two_pass=False, display_filter="sipadvisor.status"):
        return by_frame(fields(capture(name), TAG_FIELDS, two_pass=two_pass, display_filter=display_filter))

    def test_missing_is_required_minus_supported(self):
        row = self.rows("421-udp.pcap")[2]
        self.assertEqual(row["sipadvisor.class"], ["4xx Client Failure"])
        self.assertEqual(row["sipadvisor.required"], ["timer"])
        self.assertEqual(row["sipadvisor.supported"], ["100rel", "replaces"])
        self.assertEqual(row["sipadvisor.missing"], ["timer"])

    def test_each_tag_is_explained_with_its_rfc(self):
        row = self.rows("421-udp.pcap")[2]
        # required timer, supported 100rel and replaces, missing timer
        self.assertEqual(row["sipadvisor.tag.rfc"], ["RFC 4028", "RFC 3262", "RFC 3891", "RFC 4028"])
        self.assertEqual(row["sipadvisor.tag.meaning"][0], "session timers")

    def test_require_lines_merge_and_compact_supported_counts(self):
        path = capture("421-tcp.pcap")
        raw = fields(path, ["sip.Require"], display_filter="sip.Status-Code == 421")[0]
        self.assertEqual(len(raw["sip.Require"]), 2)  # two Require header lines
        row = self.rows("421-tcp.pcap")[8]
        self.assertEqual(row["sipadvisor.required"], ["timer", "100rel"])
        self.assertEqual(row["sipadvisor.supported"], ["replaces"])  # sent as "k: replaces"
        self.assertEqual(row["sipadvisor.missing"], ["timer", "100rel"])

    def test_same_result_in_two_passes(self):
        self.assertEqual(self.rows("421-tcp.pcap"), self.rows("421-tcp.pcap", two_pass=True))

    def test_expert_warning_names_the_missing_tags(self):
        report = expert_report(capture("421-tcp.pcap"), two_pass=True)
        self.assertIn(("Warns", "Response", "421 Extension Required: missing timer, 100rel [INVITE]", 1),
                      report)

    def test_filter_on_missing_tag(self):
        rows = fields(capture("421-tcp.pcap"), [], display_filter='sipadvisor.missing == "100rel"')
        self.assertEqual([r["frame"] for r in rows], [8])


class TestMalformed421(PluginTestCase):
    def setUp(self):
        self.path = capture("malformed-udp.pcap")
        self.report = [(s, g, t) for s, g, t, _ in expert_report(self.path, two_pass=True)]

    def test_421_without_require_is_an_error(self):
        rows = fields(self.path, ["sipadvisor.required", "sipadvisor.fix"],
                      display_filter="sipadvisor.missing_header && sipadvisor.status == 421")
        self.assertEqual([r["frame"] for r in rows], [5])
        self.assertEqual(rows[0]["sipadvisor.required"], [])
        self.assertEqual(rows[0]["sipadvisor.fix"],
                         ["Ask the server which extension it requires (its 421 names none)"])
        self.assertIn(("Errors", "Protocol", "Response lacks the header its code requires: 421 without Require"),
                      self.report)

    def test_421_requiring_a_supported_tag_warns(self):
        rows = fields(self.path, ["sipadvisor.required", "sipadvisor.supported", "sipadvisor.missing",
                                  "sipadvisor.request_frame"],
                      display_filter="sipadvisor.required_already_supported")
        self.assertEqual(len(rows), 1)
        row = rows[0]
        self.assertEqual(row["sipadvisor.required"], ["timer"])
        self.assertIn("timer", row["sipadvisor.supported"])
        self.assertEqual(row["sipadvisor.missing"], [])
        self.assertIn(("Warns", "Protocol",
                       "421 requires extensions the request already supported: timer"), self.report)


if __name__ == "__main__":
    unittest.main()
