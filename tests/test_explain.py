# SPDX-License-Identifier: GPL-2.0-or-later
"""Every SIP response code explained, in English and Chinese: the trees of
all-codes-udp.pcap (Kamailio answering OPTIONS with each registered final
code in turn, and two unregistered ones) against the knowledge table, the
explain_all and language preferences, and `-z sipadvisor,explain`."""
import json
import os
import subprocess
import unittest

from sipadvisor_harness import BUILD, PluginTestCase, by_frame, capture, expert_report, fields, run_tshark

EXPLAIN_FIELDS = ["sip.Status-Code", "sipadvisor.status", "sipadvisor.class", "sipadvisor.explanation.meaning",
                  "sipadvisor.explanation.when", "sipadvisor.explanation.fix", "sipadvisor.explanation.reference",
                  "sipadvisor.explanation.unregistered", "sipadvisor.request_frame", "sipadvisor.request_method"]
ZH = ["-o", "sipadvisor.language:zh"]
ANALYSED = {300, 301, 302, 305, 380, 401, 405, 407, 413, 415, 420, 421, 422, 423, 489, 494, 513}


def knowledge():
    """The knowledge table, by code (tests/knowledge_dump.c)."""
    out = subprocess.run([os.path.join(BUILD, "tests", "knowledge_dump")], check=True, capture_output=True,
                         text=True).stdout
    return {row["code"]: row for row in map(json.loads, out.splitlines())}


def lines(text):
    return text.split("\n")


class TestEveryCode(PluginTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.path = capture("all-codes-udp.pcap")
        cls.table = knowledge()
        cls.en = [r for r in fields(cls.path, EXPLAIN_FIELDS, two_pass=True) if r["sip.Status-Code"]]
        cls.zh = [r for r in fields(cls.path, EXPLAIN_FIELDS, two_pass=True, extra=ZH) if r["sip.Status-Code"]]

    def test_the_capture_has_every_registered_final_code(self):
        codes = [int(r["sip.Status-Code"][0]) for r in self.en]
        registered_final = sorted(c for c, row in self.table.items() if row["registered"] and c >= 200)
        self.assertEqual(codes, sorted(registered_final + [499, 599]))

    def test_every_final_non_2xx_response_is_explained_in_english(self):
        for row in self.en:
            code = int(row["sip.Status-Code"][0])
            with self.subTest(code=code):
                if code < 300:  # 2xx: nothing to explain
                    self.assertEqual(row["sipadvisor.status"], [])
                    continue
                known = self.table.get(code) or self.table[code // 100 * 100 + 99]
                self.assertEqual(row["sipadvisor.status"], [str(code)])
                self.assertEqual(row["sipadvisor.class"], [known["class_en"]])
                self.assertEqual(row["sipadvisor.explanation.meaning"], lines(known["meaning_en"]))
                self.assertEqual(row["sipadvisor.explanation.when"], lines(known["when_en"]))
                self.assertEqual(row["sipadvisor.explanation.fix"], lines(known["fix_en"]))
                self.assertEqual(row["sipadvisor.explanation.reference"], [known["rfc"]])
                self.assertEqual(row["sipadvisor.explanation.unregistered"], [] if known["registered"] else ["1"])
                self.assertEqual(row["sipadvisor.request_method"], ["OPTIONS"])
                self.assertEqual(row["sipadvisor.request_frame"], [str(row["frame"] - 1)])

    def test_every_final_non_2xx_response_is_explained_in_chinese(self):
        for row in self.zh:
            code = int(row["sip.Status-Code"][0])
            if code < 300:
                continue
            with self.subTest(code=code):
                known = self.table.get(code) or self.table[code // 100 * 100 + 99]
                self.assertEqual(row["sipadvisor.class"], [known["class_zh"]])
                self.assertEqual(row["sipadvisor.explanation.meaning"], lines(known["meaning_zh"]))
                self.assertEqual(row["sipadvisor.explanation.when"], lines(known["when_zh"]))
                self.assertEqual(row["sipadvisor.explanation.fix"], lines(known["fix_zh"]))

    def test_unregistered_codes_are_explained_by_their_class(self):
        rows = {int(r["sip.Status-Code"][0]): r for r in self.en}
        self.assertEqual(rows[499]["sipadvisor.class"], ["4xx Client Failure"])
        self.assertEqual(rows[499]["sipadvisor.explanation.unregistered"], ["1"])
        self.assertEqual(rows[599]["sipadvisor.class"], ["5xx Server Failure"])

    def test_explained_only_codes_give_no_expert_entry(self):
        report = expert_report(self.path, two_pass=True)
        statuses = {s for _, _, text, _ in report for s in range(300, 700) if f"{s} " in text[:40]}
        # Only the analysed codes speak (each lacks its header here).
        self.assertTrue(statuses <= ANALYSED, statuses - ANALYSED)
        self.assertNotIn(486, statuses)


class TestPreferences(PluginTestCase):
    def test_explain_all_off_keeps_only_the_analysed_codes(self):
        path = capture("all-codes-udp.pcap")
        rows = [r for r in fields(path, ["sip.Status-Code", "sipadvisor.status"], two_pass=True,
                                  extra=["-o", "sipadvisor.explain_all:FALSE"]) if r["sipadvisor.status"]]
        self.assertEqual(sorted(int(r["sipadvisor.status"][0]) for r in rows), sorted(ANALYSED))

    def test_language_changes_texts_not_field_names(self):
        path = capture("421-udp.pcap")
        en = by_frame(fields(path, ["sipadvisor.fix", "sipadvisor.missing", "sipadvisor.tag.meaning"]))[2]
        zh = by_frame(fields(path, ["sipadvisor.fix", "sipadvisor.missing", "sipadvisor.tag.meaning"], extra=ZH))[2]
        self.assertEqual(en["sipadvisor.fix"], ["Add timer to Supported and retry (or stop requiring it on the server)"])
        self.assertEqual(zh["sipadvisor.fix"], ["把 timer 加入 Supported 后重试（或让服务器不再要求它）"])
        self.assertEqual(zh["sipadvisor.missing"], en["sipadvisor.missing"])  # tags stay as on the wire
        self.assertNotEqual(zh["sipadvisor.tag.meaning"], en["sipadvisor.tag.meaning"])
        report = [(s, g, t) for s, g, t, _ in expert_report(path, two_pass=True, extra=ZH)]
        self.assertIn(("Warns", "Response", "421 需要扩展: 缺少 timer [INVITE]"), report)
        self.assertIn(("Chats", "Sequence", "客户端已按响应要求重试: 421 之后: with timer，最终状态 200"), report)

    def test_tree_headings_in_chinese(self):
        # The subtree headings follow the language: the transaction's "in
        # frame" and the follow-up state, besides the explanation.
        out, _ = run_tshark("-n", "-2", "-r", capture("421-udp.pcap"), *ZH, "-Y", "frame.number == 2",
                            "-O", "sipadvisor")
        lines = [l.strip() for l in out.splitlines()]
        self.assertIn("[SIP Advisor: 421 需要扩展: 缺少 timer [INVITE，第 1 帧]]", lines)
        self.assertIn("[事务: INVITE，第 1 帧]", lines)
        self.assertIn("[后续: 已按要求修正后重试]", lines)
        out, _ = run_tshark("-n", "-2", "-r", capture("421-udp.pcap"), "-Y", "frame.number == 2",
                            "-O", "sipadvisor")
        lines = [l.strip() for l in out.splitlines()]
        self.assertIn("[Transaction: INVITE in frame 1]", lines)
        self.assertIn("[Follow-up: retried with the fix]", lines)

    def test_preferences_are_registered(self):
        out, _ = run_tshark("-G", "defaultprefs")
        self.assertIn("#sipadvisor.explain_all: TRUE", out)
        self.assertIn("#sipadvisor.language: English", out)  # set with -o sipadvisor.language:zh


class TestExplainReport(PluginTestCase):
    def explain(self, name, extra=()):
        out, _ = run_tshark("-n", "-r", capture(name), "-2", "-q", "-z", "sipadvisor,explain", *extra)
        return [l for l in out.splitlines() if l]

    def test_many_calls_in_plain_words(self):
        # many-udp.pcap (SIPp): 100 421s fixed by the retry, 40 301s given up
        # (a Warning: not followed), 60 301s followed.
        self.assertEqual(self.explain("many-udp.pcap"), [
            "# sipadvisor: the failed SIP responses of the capture, those that need a human first",
            "421 Extension Required  x100  missing timer; Add timer to Supported and retry (or stop requiring it "
            "on the server)",
            "301 Moved Permanently  x40  sip:dave@old.example.com -> sip:dave@new.example.com; Retry at "
            "sip:dave@new.example.com and update the stored address (contacts, dial plan, routes)",
            "301 Moved Permanently  x60  sip:alice@old.example.com -> sip:alice@127.0.14.2 (q=0.9), "
            "sip:alice@new.example.com (q=0.5); Retry at sip:alice@127.0.14.2 and update the stored address "
            "(contacts, dial plan, routes)",
        ])

    def test_in_chinese(self):
        self.assertEqual(self.explain("421-udp.pcap", ZH), [
            "# sipadvisor：抓包中的 SIP 失败响应（最需要处理的在前）",
            "421 Extension Required  x1  缺少 timer; 把 timer 加入 Supported 后重试（或让服务器不再要求它）",
        ])

    def test_explained_codes_come_after_the_analysed_ones(self):
        table = knowledge()
        lines = self.explain("all-codes-udp.pcap")[1:]
        codes = [int(l.split()[0]) for l in lines]
        first_explained = next(i for i, c in enumerate(codes) if c not in ANALYSED)
        self.assertTrue(all(c not in ANALYSED for c in codes[first_explained:]))
        busy = next(l for l in lines if l.startswith("486 "))
        self.assertEqual(busy, "486 Busy Here  x1  " + table[486]["meaning_en"].split("\n")[0] + "; " +
                         table[486]["fix_en"].split("\n")[0])


if __name__ == "__main__":
    unittest.main()
