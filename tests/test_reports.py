# SPDX-License-Identifier: GPL-2.0-or-later
"""Capture-wide reports: the statistics tree, the to-do list, the expert
report, and the preferences that change what is shown."""
import re
import unittest

from sipadvisor_harness import PluginTestCase, by_frame, capture, fields, run_tshark


def stats_tree(path, two_pass=True):
    """{indented item name: count} of `-z sipadvisor,tree`, in order."""
    args = ["-n", "-r", path, "-q", "-z", "sipadvisor,tree"] + (["-2"] if two_pass else [])
    out, _ = run_tshark(*args)
    items = []
    for line in out.splitlines():
        m = re.match(r"^( *)(\S.*?)\s{2,}(\d+)\s", line)
        if m and not line.startswith("Topic"):
            items.append((len(m.group(1)), m.group(2), int(m.group(3))))
    return items


class TestStatsTree(PluginTestCase):
    def test_demo_counts(self):
        items = stats_tree(capture("demo.pcap"))
        self.assertEqual(items, [
            (0, "301 Moved Permanently (by method)", 1),
            (1, "INVITE", 1),
            (0, "421 Extension Required (by method)", 1),
            (1, "INVITE", 1),
            (0, "Moves: moved-from URI -> new URI", 1),
            (1, "sip:alice@old.example.com", 1),
            (2, "followed", 1),
            (2, "-> sip:alice@new.example.com (q=0.5)", 1),
            (2, "-> sip:alice@127.0.1.2 (q=0.9)", 1),
            (0, "Missing extensions: tag -> server -> client", 2),
            (1, "timer", 1),
            (2, "server 127.0.4.2", 1),
            (3, "client 127.0.4.1", 1),
            (1, "100rel", 1),
            (2, "server 127.0.4.2", 1),
            (3, "client 127.0.4.1", 1),
            (0, "Responses without captured request", 0),
            (0, "Findings (expert entries)", 0),
        ])

    def test_findings_and_unmatched_are_counted(self):
        items = stats_tree(capture("malformed-udp.pcap"))
        self.assertIn((1, "sipadvisor.no_contact", 1), items)
        self.assertIn((1, "sipadvisor.no_require", 1), items)
        self.assertIn((1, "sipadvisor.required_already_supported", 1), items)
        self.assertIn((0, "301 Moved Permanently (by method)", 1), items)
        self.assertIn((0, "421 Extension Required (by method)", 2), items)
        items = stats_tree(capture("no-request-udp.pcap"))
        self.assertIn((0, "Responses without captured request", 1), items)
        self.assertIn((1, "421 INVITE", 1), items)
        self.assertIn((1, "sipadvisor.request_not_captured", 1), items)

    def test_not_followed_needs_two_passes(self):
        two = stats_tree(capture("followup-301-giveup-udp.pcap"))
        one = stats_tree(capture("followup-301-giveup-udp.pcap"), two_pass=False)
        self.assertIn((1, "sipadvisor.not_followed", 1), two)
        self.assertNotIn((1, "sipadvisor.not_followed", 1), one)


class TestTodoReport(PluginTestCase):
    def todo(self, name):
        out, _ = run_tshark("-n", "-r", capture(name), "-2", "-q", "-z", "sipadvisor,todo")
        return [l for l in out.splitlines() if l and not l.startswith("#")]

    def test_moves_and_extensions_as_csv(self):
        self.assertEqual(self.todo("demo.pcap"), [
            "moved_from,new_uri,q,expires,seen,followed",
            "sip:alice@old.example.com,sip:alice@127.0.1.2,0.9,,1,1",
            "sip:alice@old.example.com,sip:alice@new.example.com,0.5,3600,1,0",
            "server,tag,rfc,meaning,seen,clients_lacking_it",
            "127.0.4.2,timer,RFC 4028,session timers,1,127.0.4.1",
            "127.0.4.2,100rel,RFC 3262,reliable provisional responses (PRACK),1,127.0.4.1",
        ])

    def test_unfollowed_move_counts_zero(self):
        lines = self.todo("followup-301-giveup-udp.pcap")
        self.assertIn("sip:dave@old.example.com,sip:dave@new.example.com,,,1,0", lines)


class TestPreferences(PluginTestCase):
    def test_explanations_can_be_hidden(self):
        path = capture("421-udp.pcap")
        shown = by_frame(fields(path, ["sipadvisor.explanation.fix", "sipadvisor.missing"]))[2]
        hidden = by_frame(fields(path, ["sipadvisor.explanation.fix", "sipadvisor.missing"],
                                 extra=["-o", "sipadvisor.explanations:FALSE"]))[2]
        self.assertEqual(len(shown["sipadvisor.explanation.fix"]), 1)
        self.assertEqual(hidden["sipadvisor.explanation.fix"], [])
        self.assertEqual(hidden["sipadvisor.missing"], ["timer"])

    def test_preferences_are_registered(self):
        out, _ = run_tshark("-G", "defaultprefs")
        self.assertIn("#sipadvisor.info_column: TRUE", out)
        self.assertIn("#sipadvisor.explanations: TRUE", out)


if __name__ == "__main__":
    unittest.main()
