# SPDX-License-Identifier: GPL-2.0-or-later
"""The plugin loads from the build tree and registers the documented names,
with the groups and severities of the contract."""
import glob
import json
import os
import unittest

from sipadvisor_harness import SOURCE, TESTDATA, PluginTestCase, dump, run_tshark

CONTRACT_FIELDS = [
    "sipadvisor.status", "sipadvisor.request_frame", "sipadvisor.request_method", "sipadvisor.request_uri",
    "sipadvisor.match", "sipadvisor.response_time", "sipadvisor.new_uri", "sipadvisor.required",
    "sipadvisor.supported", "sipadvisor.missing", "sipadvisor.fix", "sipadvisor.unsupported", "sipadvisor.min_se",
    "sipadvisor.session_expires", "sipadvisor.min_expires", "sipadvisor.expires", "sipadvisor.security_mechanism",
    "sipadvisor.retry_frame", "sipadvisor.retry_fixed", "sipadvisor.followup_window", "sipadvisor.auth_realm",
    "sipadvisor.auth_scheme", "sipadvisor.allow", "sipadvisor.accept", "sipadvisor.allow_events",
    "sipadvisor.retry_after",
]
# name: (group, severity) as Wireshark names them.
CONTRACT_EXPERTS = {
    "sipadvisor.moved_permanently": ("Response", "Note"),
    "sipadvisor.redirected": ("Response", "Note"),
    "sipadvisor.extension_required": ("Response", "Warning"),
    "sipadvisor.bad_extension": ("Response", "Warning"),
    "sipadvisor.interval_too_small": ("Response", "Warning"),
    "sipadvisor.interval_too_brief": ("Response", "Warning"),
    "sipadvisor.security_agreement_required": ("Response", "Warning"),
    "sipadvisor.auth_challenge": ("Response", "Chat"),
    "sipadvisor.auth_rejected": ("Response", "Warning"),
    "sipadvisor.method_not_allowed": ("Response", "Warning"),
    "sipadvisor.unsupported_media": ("Response", "Warning"),
    "sipadvisor.bad_event": ("Response", "Warning"),
    "sipadvisor.retry_later": ("Response", "Note"),
    "sipadvisor.too_large": ("Response", "Warning"),
    "sipadvisor.missing_header": ("Protocol", "Error"),
    "sipadvisor.required_already_supported": ("Protocol", "Warning"),
    "sipadvisor.request_not_captured": ("Sequence", "Warning"),
    "sipadvisor.unmatchable": ("Malformed", "Warning"),
    "sipadvisor.response_resent": ("Sequence", "Chat"),
    "sipadvisor.redirect_loop": ("Sequence", "Warning"),
    "sipadvisor.followed": ("Sequence", "Chat"),
    "sipadvisor.retry_unfixed": ("Sequence", "Warning"),
    "sipadvisor.retry_wrong_destination": ("Sequence", "Warning"),
    "sipadvisor.retry_too_early": ("Sequence", "Warning"),
    "sipadvisor.not_followed": ("Sequence", "Warning"),
    "sipadvisor.no_ack": ("Sequence", "Warning"),
    "sipadvisor.list_cut": ("Undecoded", "Note"),
}
# Wireshark's numbers (epan/proto.h) for the expert groups and severities.
GROUPS = {0x02000000: "Sequence", 0x03000000: "Response", 0x05000000: "Undecoded", 0x07000000: "Malformed",
          0x09000000: "Protocol"}
SEVERITIES = {0x00200000: "Chat", 0x00400000: "Note", 0x00600000: "Warning", 0x00800000: "Error"}


def registered():
    out, _ = run_tshark("-G", "fields")
    return {l.split("\t")[2] for l in out.splitlines() if l.startswith("F\t")}


def expert_items(node, found):
    """(expert name, group, severity) of every sipadvisor expert item in a
    -T json layer tree."""
    if isinstance(node, dict):
        names = [k for k in node if k.startswith("sipadvisor.") and k in CONTRACT_EXPERTS]
        if "_ws.expert.group" in node and "_ws.expert.severity" in node:
            for name in names:
                found.add((name, int(node["_ws.expert.group"]), int(node["_ws.expert.severity"])))
        for value in node.values():
            expert_items(value, found)
    elif isinstance(node, list):
        for value in node:
            expert_items(value, found)


class TestRegistration(PluginTestCase):
    def test_plugin_is_listed_as_dissector(self):
        out, _ = run_tshark("-G", "plugins")
        line = next(l for l in out.splitlines() if l.startswith("sipadvisor.so"))
        self.assertIn("dissector", line)

    def test_contract_fields_are_registered(self):
        names = registered()
        for name in CONTRACT_FIELDS:
            self.assertIn(name, names)

    def test_expert_entries_are_registered(self):
        # 4.0 has no "-G expert": expert names are listed among the fields.
        names = registered()
        for name in CONTRACT_EXPERTS:
            self.assertIn(name, names)

    def test_expert_groups_and_severities_are_the_contract(self):
        # tshark -2 -T json puts each expert item with its group and
        # severity. An expert field has one group and severity, fixed when
        # it is registered, so each contract entry is looked at in one
        # capture: the testdata captures whose shared -2 runs show entries
        # not covered yet (first the capture with most), until all are.
        # Each must be seen, each with the contract's group and severity.
        paths = sorted(glob.glob(os.path.join(TESTDATA, "*.pcap")))
        present = {}
        for path in paths:
            rows = dump(path, two_pass=True).rows
            present[path] = {n for n in CONTRACT_EXPERTS if any(row.get(n) for row in rows)}
        chosen, left = [], set(CONTRACT_EXPERTS)
        while left:
            best = max(paths, key=lambda p: len(present[p] & left))
            if not present[best] & left:
                break
            chosen.append(best)
            left -= present[best]
        self.assertEqual(sorted(left), [], "contract expert entries seen in no testdata capture")
        seen = set()
        for path in chosen:
            out, _ = run_tshark("-n", "-r", path, "-2", "-T", "json", "--no-duplicate-keys", "-J", "sipadvisor",
                                "-Y", "sipadvisor")
            expert_items(json.loads(out) if out.strip() else [], seen)
        got = {}
        for name, group, severity in seen:
            got.setdefault(name, set()).add((GROUPS.get(group, hex(group)), SEVERITIES.get(severity, hex(severity))))
        self.assertEqual(sorted(got), sorted(CONTRACT_EXPERTS))
        for name, pairs in got.items():
            self.assertEqual(pairs, {CONTRACT_EXPERTS[name]}, name)

    def test_docs_document_every_field_and_expert_entry(self):
        names = {n for n in registered() if n.startswith("sipadvisor.")}
        with open(os.path.join(SOURCE, "docs", "reference.md"), encoding="utf-8") as f:
            reference = f.read()
        self.assertGreater(len(names), 60)
        undocumented = sorted(n for n in names if f"`{n}`" not in reference)
        self.assertEqual(undocumented, [], "fields or expert entries missing from docs/reference.md")

    def test_protocol_is_registered(self):
        out, _ = run_tshark("-G", "protocols")
        self.assertIn("SIP Advisor\tSIPADVISOR\tsipadvisor", out)


if __name__ == "__main__":
    unittest.main()
