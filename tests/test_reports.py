# SPDX-License-Identifier: GPL-2.0-or-later
"""Capture-wide reports: the statistics tree, the to-do list, the expert
report, and the preferences that change what is shown."""
import os
import re
import shlex
import unittest

from sipadvisor_harness import SOURCE, PluginTestCase, by_frame, capture, expert_report, fields, parse_expert, run_tshark


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
            (0, "Analysed responses: status -> method", 2),
            (1, "421 Extension Required", 1),
            (2, "INVITE", 1),
            (1, "301 Moved Permanently", 1),
            (2, "INVITE", 1),
            (0, "Fixes: status -> fix -> what the client did", 2),
            (1, "421 Extension Required", 1),
            (2, "Add timer, 100rel to Supported and retry (or stop requiring it on the server)", 1),
            (3, "retried with the fix", 1),
            (1, "301 Moved Permanently", 1),
            (2, "Retry at sip:alice@127.0.1.2 and update the stored address (contacts, dial plan, routes)", 1),
            (3, "retried with the fix", 1),
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
            (0, "Other failed responses: status -> method", 0),
            (0, "Responses without captured request", 0),
            (0, "Findings (expert entries)", 0),
        ])

    def test_findings_and_unmatched_are_counted(self):
        items = stats_tree(capture("malformed-udp.pcap"))
        self.assertIn((1, "sipadvisor.missing_header", 2), items)  # 301 without Contact, 421 without Require
        self.assertIn((1, "sipadvisor.required_already_supported", 1), items)
        self.assertIn((1, "301 Moved Permanently", 1), items)
        self.assertIn((1, "421 Extension Required", 2), items)
        items = stats_tree(capture("no-request-udp.pcap"))
        self.assertIn((0, "Responses without captured request", 1), items)
        self.assertIn((1, "421 INVITE", 1), items)
        self.assertIn((1, "sipadvisor.request_not_captured", 1), items)

    def test_explained_responses_are_counted(self):
        items = stats_tree(capture("retry-after-udp.pcap"))
        self.assertIn((1, "503 Service Unavailable", 2), items)  # analysed: Retry-After
        self.assertIn((3, "retried without the fix", 1), items)  # the retry 0.5 s after
        self.assertIn((3, "retried with the fix", 1), items)  # the retry 3.5 s after

    def test_not_followed_needs_two_passes(self):
        two = stats_tree(capture("followup-301-giveup-udp.pcap"))
        one = stats_tree(capture("followup-301-giveup-udp.pcap"), two_pass=False)
        self.assertIn((1, "sipadvisor.not_followed", 1), two)
        self.assertNotIn((1, "sipadvisor.not_followed", 1), one)


class TestTodoReport(PluginTestCase):
    def todo(self, name):
        out, _ = run_tshark("-n", "-r", capture(name), "-2", "-q", "-z", "sipadvisor,todo")
        return [l for l in out.splitlines() if l and not l.startswith("#")]

    def test_moves_extensions_and_fixes_as_csv(self):
        self.assertEqual(self.todo("demo.pcap"), [
            "moved_from,new_uri,q,expires,seen,followed",
            "sip:alice@old.example.com,sip:alice@127.0.1.2,0.9,,1,1",
            "sip:alice@old.example.com,sip:alice@new.example.com,0.5,3600,1,0",
            "server,tag,rfc,meaning,seen,clients_lacking_it",
            "127.0.4.2,timer,RFC 4028,session timers,1,127.0.4.1",
            "127.0.4.2,100rel,RFC 3262,reliable provisional responses (PRACK),1,127.0.4.1",
            "status,reason,method,server,fix,seen,retried_with_fix,retried_without_fix,not_retried",
            '301,Moved Permanently,INVITE,127.0.1.2,"Retry at sip:alice@127.0.1.2 and update the stored address '
            '(contacts, dial plan, routes)",1,1,0,0',
            '421,Extension Required,INVITE,127.0.4.2,"Add timer, 100rel to Supported and retry (or stop requiring '
            'it on the server)",1,1,0,0',
        ])

    def test_unfollowed_move_counts_zero(self):
        lines = self.todo("followup-301-giveup-udp.pcap")
        self.assertIn("sip:dave@old.example.com,sip:dave@new.example.com,,,1,0", lines)


class TestManyTransactions(PluginTestCase):
    """many-udp.pcap: 200 SIPp calls (testdata/README.md), 100 421s that the
    client fixed, 60 301s followed to the new URI, 40 301s given up."""

    def setUp(self):
        self.path = capture("many-udp.pcap")

    def test_stats_tree_line_by_line(self):
        self.assertEqual(stats_tree(self.path), [
            (0, "Analysed responses: status -> method", 200),
            (1, "421 Extension Required", 100),
            (2, "INVITE", 100),
            (1, "301 Moved Permanently", 100),
            (2, "INVITE", 100),
            (0, "Fixes: status -> fix -> what the client did", 200),
            (1, "421 Extension Required", 100),
            (2, "Add timer to Supported and retry (or stop requiring it on the server)", 100),
            (3, "retried with the fix", 100),
            (1, "301 Moved Permanently", 100),
            (2, "Retry at sip:alice@127.0.14.2 and update the stored address (contacts, dial plan, routes)", 60),
            (3, "retried with the fix", 60),
            (2, "Retry at sip:dave@new.example.com and update the stored address (contacts, dial plan, routes)", 40),
            (3, "not retried", 40),
            (0, "Moves: moved-from URI -> new URI", 100),
            (1, "sip:alice@old.example.com", 60),
            (2, "followed", 60),
            (2, "-> sip:alice@new.example.com (q=0.5)", 60),
            (2, "-> sip:alice@127.0.14.2 (q=0.9)", 60),
            (1, "sip:dave@old.example.com", 40),
            (2, "-> sip:dave@new.example.com", 40),
            (0, "Missing extensions: tag -> server -> client", 100),
            (1, "timer", 100),
            (2, "server 127.0.13.2", 100),
            (3, "client 127.0.13.1", 100),
            (0, "Other failed responses: status -> method", 0),
            (0, "Responses without captured request", 0),
            (0, "Findings (expert entries)", 40),
            (1, "sipadvisor.not_followed", 40),
        ])

    def test_every_give_up_is_not_followed_with_its_window(self):
        # The last give-up's ACK is the capture's last frame: it is still
        # reported, with no capture time after it.
        rows = fields(self.path, ["sipadvisor.retry_state", "sipadvisor.followup_window"], two_pass=True,
                      display_filter='sipadvisor.moved_from == "sip:dave@old.example.com"')
        self.assertEqual(len(rows), 40)
        self.assertEqual([r["sipadvisor.retry_state"] for r in rows], [["3"]] * 40)  # not retried
        self.assertEqual(rows[-1]["frame"], 1519)
        self.assertEqual(rows[-1]["sipadvisor.followup_window"], ["0.000000000"])
        windows = [float(r["sipadvisor.followup_window"][0]) for r in rows]
        self.assertEqual(windows, sorted(windows, reverse=True))  # later calls, less capture after them
        self.assertGreater(windows[0], 0.1)

    def test_todo_counts_every_call(self):
        out, _ = run_tshark("-n", "-r", self.path, "-2", "-q", "-z", "sipadvisor,todo")
        lines = [l for l in out.splitlines() if l and not l.startswith("#")]
        self.assertEqual(lines, [
            "moved_from,new_uri,q,expires,seen,followed",
            "sip:alice@old.example.com,sip:alice@127.0.14.2,0.9,,60,60",
            "sip:alice@old.example.com,sip:alice@new.example.com,0.5,3600,60,0",
            "sip:dave@old.example.com,sip:dave@new.example.com,,,40,0",
            "server,tag,rfc,meaning,seen,clients_lacking_it",
            "127.0.13.2,timer,RFC 4028,session timers,100,127.0.13.1",
            "status,reason,method,server,fix,seen,retried_with_fix,retried_without_fix,not_retried",
            "421,Extension Required,INVITE,127.0.13.2,Add timer to Supported and retry (or stop requiring it on the "
            "server),100,100,0,0",
            '301,Moved Permanently,INVITE,127.0.14.2,"Retry at sip:alice@127.0.14.2 and update the stored address '
            '(contacts, dial plan, routes)",60,60,0,0',
            '301,Moved Permanently,INVITE,127.0.15.2,"Retry at sip:dave@new.example.com and update the stored '
            'address (contacts, dial plan, routes)",40,0,0,40',
        ])

    def test_expert_report_groups_equal_findings(self):
        # One line per distinct finding, with how often it happened.
        report = [e for e in expert_report(self.path, two_pass=True)]
        self.assertEqual(sorted(report), sorted([
            ("Warns", "Response", "421 Extension Required: missing timer [INVITE]", 100),
            ("Warns", "Sequence", "Client never retried: after the 301 Moved Permanently", 40),
            ("Notes", "Response", "301 Moved Permanently: sip:alice@old.example.com -> sip:alice@127.0.14.2 (q=0.9), "
                                  "sip:alice@new.example.com (q=0.5) [INVITE]", 60),
            ("Notes", "Response", "301 Moved Permanently: sip:dave@old.example.com -> sip:dave@new.example.com [INVITE]",
             40),
            ("Chats", "Sequence", "Client retried as the response asked: after the 421: with timer, final status 200",
             100),
            ("Chats", "Sequence", "Client retried as the response asked: after the 301: sip:alice@127.0.14.2 "
                                  "(a highest-q URI), final status 200", 60),
        ]))

    def test_expert_report_alone_has_the_details(self):
        # `tshark -q -z expert` on its own: no tree to print and no field
        # asked for, so only the expert tap wants the texts; the lines must
        # be those of the full dump above, details included.
        out, _ = run_tshark("-n", "-2", "-r", self.path, "-q", "-z", "expert,sipadvisor")
        self.assertEqual(sorted(parse_expert(out.splitlines())),
                         sorted(expert_report(self.path, two_pass=True)))
        self.assertIn(("Warns", "Response", "421 Extension Required: missing timer [INVITE]", 100),
                      parse_expert(out.splitlines()))

    def test_every_response_has_its_own_request(self):
        rows = fields(self.path, ["sip.Call-ID", "sipadvisor.request_frame"], display_filter="sipadvisor.status")
        self.assertEqual(len(rows), 200)
        requests = [int(r["sipadvisor.request_frame"][0]) for r in rows]
        self.assertEqual(len(set(requests)), 200)
        calls = fields(self.path, ["sip.Call-ID"], display_filter="sip.Method == INVITE")
        call_of = {r["frame"]: r["sip.Call-ID"][0] for r in calls}
        for row, request in zip(rows, requests):
            self.assertEqual(call_of[request], row["sip.Call-ID"][0])


class TestPreferences(PluginTestCase):
    def test_explanations_can_be_hidden(self):
        path = capture("421-udp.pcap")
        shown = by_frame(fields(path, ["sipadvisor.explanation.fix", "sipadvisor.missing"]))[2]
        hidden = by_frame(fields(path, ["sipadvisor.explanation.fix", "sipadvisor.missing"],
                                 extra=["-o", "sipadvisor.explanations:FALSE"]))[2]
        # One item per line of the explanation's "How to fix".
        self.assertEqual(len(shown["sipadvisor.explanation.fix"]), 2)
        self.assertEqual(hidden["sipadvisor.explanation.fix"], [])
        self.assertEqual(hidden["sipadvisor.missing"], ["timer"])

    def test_preferences_are_registered(self):
        out, _ = run_tshark("-G", "defaultprefs")
        self.assertIn("#sipadvisor.info_column: TRUE", out)
        self.assertIn("#sipadvisor.explanations: TRUE", out)


class DocumentedRecipesTest(PluginTestCase):
    """The tshark recipes of docs/reports.md run as written (on a capture
    where they find something) and name only fields that exist."""

    def recipes(self):
        with open(os.path.join(SOURCE, "docs", "reports.md"), encoding="utf-8") as f:
            text = f.read()
        block = text[text.index("## Recipes"):]
        block = block[block.index("```sh") + 5:]
        block = block[:block.index("```")]
        commands, current = [], ""
        for line in block.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            current += line.rstrip("\\") + " "
            if not line.endswith("\\"):
                commands.append(shlex.split(current))
                current = ""
        return commands

    def test_recipes_run(self):
        commands = self.recipes()
        self.assertGreaterEqual(len(commands), 10)
        found = 0
        for cmd in commands:
            self.assertEqual(cmd[0], "tshark")
            args = [capture("demo.pcap") if a == "cap.pcap" else a for a in cmd[1:]]
            out, err = run_tshark(*args, check=False)
            self.assertEqual([l for l in err.splitlines() if "Running as user" not in l], [], cmd)
            found += bool(out.strip())
        # demo.pcap holds a 301 and a 421, both retried with the fix
        self.assertGreaterEqual(found, 5)


if __name__ == "__main__":
    unittest.main()
