# SPDX-License-Identifier: GPL-2.0-or-later
"""The plugin loads from the build tree and registers the documented names."""
import os
import unittest

from sipadvisor_harness import SOURCE, PluginTestCase, run_tshark

CONTRACT_FIELDS = [
    "sipadvisor.status", "sipadvisor.request_frame", "sipadvisor.request_method",
    "sipadvisor.request_uri", "sipadvisor.match", "sipadvisor.response_time",
    "sipadvisor.new_uri", "sipadvisor.required", "sipadvisor.supported",
    "sipadvisor.missing",
]
CONTRACT_EXPERTS = {
    "sipadvisor.moved_permanently": ("Response", "Note"),
    "sipadvisor.extension_required": ("Response", "Warning"),
    "sipadvisor.no_contact": ("Protocol", "Warning"),
    "sipadvisor.no_require": ("Protocol", "Error"),
    "sipadvisor.required_already_supported": ("Protocol", "Warning"),
    "sipadvisor.request_not_captured": ("Sequence", "Warning"),
}


class TestRegistration(PluginTestCase):
    def test_plugin_is_listed_as_dissector(self):
        out, _ = run_tshark("-G", "plugins")
        line = next(l for l in out.splitlines() if l.startswith("sipadvisor.so"))
        self.assertIn("dissector", line)

    def test_contract_fields_are_registered(self):
        out, _ = run_tshark("-G", "fields")
        names = {l.split("\t")[2] for l in out.splitlines() if l.startswith("F\t")}
        for name in CONTRACT_FIELDS:
            self.assertIn(name, names)

    def test_expert_entries_are_registered(self):
        # 4.0 has no "-G expert": expert names are listed among the fields.
        out, _ = run_tshark("-G", "fields")
        names = {l.split("\t")[2] for l in out.splitlines() if l.startswith("F\t")}
        for name in CONTRACT_EXPERTS:
            self.assertIn(name, names)

    def test_readme_documents_every_field_and_expert_entry(self):
        out, _ = run_tshark("-G", "fields")
        names = {l.split("\t")[2] for l in out.splitlines()
                 if l.startswith("F\t") and l.split("\t")[2].startswith("sipadvisor.")}
        with open(os.path.join(SOURCE, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        self.assertGreater(len(names), 20)
        undocumented = sorted(n for n in names if f"`{n}`" not in readme)
        self.assertEqual(undocumented, [], "fields or expert entries missing from README.md")

    def test_protocol_is_registered(self):
        out, _ = run_tshark("-G", "protocols")
        self.assertIn("SIP Advisor\tSIPADVISOR\tsipadvisor", out)


if __name__ == "__main__":
    unittest.main()
