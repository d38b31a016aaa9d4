# SPDX-License-Identifier: GPL-2.0-or-later
"""tshark.export: sipadvisor in tshark's JSON, Elasticsearch and field
output (-T ek, -T json, -T fields), and the index template and commands of
docs/elasticsearch.md.

What tshark makes of each field type (Wireshark 4.0.17 and 4.6.9 alike):

  type                        -T ek                  -T json        -T fields
  FT_UINT8/16/32, FT_FRAMENUM string "422"           string "422"   422
  FT_DOUBLE                   string "0.9"           string "0.9"   0.9
  FT_RELATIVE_TIME            string "0.015023000"   string         0.015023000 (seconds)
  FT_BOOLEAN                  true / false           string "1"/"0" 1/0 (4.0), True/False (4.6)
  FT_STRING                   string                 string         as is (4.0), \\ escaped (4.6)
  subtree (FT_NONE)           null                   object         (nothing)
  expert entry                null, in _ws_expert[]  ""             1
  several occurrences         array                  repeated key   joined by the aggregator

So numbers reach Elasticsearch as strings, which a numeric mapping coerces.
"""
import json
import os
import re
import subprocess
import tempfile
import unittest

import es_template
from sipadvisor_harness import SOURCE, PluginTestCase, capture, fields, run_tshark

DOC = os.path.join(SOURCE, "docs", "elasticsearch.md")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
# The layers docs/elasticsearch.md indexes, and its bulk conversion.
EK_LAYERS = "frame ip ipv6 sip sipadvisor"
BULK_SED = """sed 's/^{"index":{.*}}$/{"index":{}}/'"""

# Captures whose -T ek output is checked against the template (together
# they carry every kind of sipadvisor value).
CAPTURES = ["301-udp.pcap", "422-udp.pcap", "auth-udp.pcap", "refusals-udp.pcap", "retry-after-udp.pcap",
            "too-large-udp.pcap", "redirect-305-udp.pcap", "redirect-380-udp.pcap", "420-udp.pcap",
            "423-register-udp.pcap", "494-udp.pcap", "all-codes-udp.pcap", "hostile-bytes-udp.pcap",
            "no-request-udp.pcap", "retrans-udp.pcap", "421-tcp.pcap"]


def ek(name, extra=()):
    """The -T ek output as docs/elasticsearch.md makes it: (action, document)
    pairs."""
    out, _ = run_tshark("-n", "-2", "-r", capture(name), "-T", "ek", "-J", EK_LAYERS, "-Y", "sipadvisor", *extra)
    lines = out.splitlines()
    if len(lines) % 2:
        raise AssertionError(f"-T ek of {name}: odd number of lines")
    return out, [(json.loads(lines[i]), json.loads(lines[i + 1])) for i in range(0, len(lines), 2)]


def layer(doc):
    """The sipadvisor layer of a document (the first one, when a TCP frame
    carries several analysed messages)."""
    sa = doc["layers"].get("sipadvisor")
    return sa[0] if isinstance(sa, list) else sa


def by_frame(pairs):
    return {int(doc["layers"]["frame"]["frame_frame_number"]): doc for _, doc in pairs}


def registered_types():
    return {es_template.ek_name(name): (name, ftype, expert) for name, ftype, expert in es_template.registered()}


def values(v):
    return v if isinstance(v, list) else [v]


class EkTest(PluginTestCase):
    def test_bulk_lines(self):
        _, pairs = ek("422-udp.pcap")
        self.assertEqual(sorted(by_frame(pairs)), [1, 2, 4, 5, 7, 8, 10, 15, 16])
        for action, doc in pairs:
            self.assertEqual(list(action), ["index"])
            self.assertTrue(action["index"]["_index"].startswith("packets-"), action)
            # 4.0 adds "_type": "doc", which Elasticsearch 8 refuses.
            self.assertLessEqual(set(action["index"]), {"_index", "_type"})
            self.assertRegex(doc["timestamp"], r"^\d{13}$")  # epoch milliseconds, as a string
            self.assertLessEqual(set(doc["layers"]), {"frame", "eth", "ip", "ipv6", "udp", "tcp", "sip",
                                                      "sipadvisor"})

    def test_types_and_values(self):
        _, pairs = ek("422-udp.pcap")
        r = layer(by_frame(pairs)[2])
        self.assertEqual(r["sipadvisor_sipadvisor_status"], "422")
        self.assertEqual(r["sipadvisor_sipadvisor_request_frame"], "1")
        self.assertEqual(r["sipadvisor_sipadvisor_retry_frame"], "4")
        self.assertEqual(r["sipadvisor_sipadvisor_min_se"], "120")
        self.assertEqual(r["sipadvisor_sipadvisor_session_expires"], "90")
        self.assertEqual(r["sipadvisor_sipadvisor_retry_state"], "2")
        self.assertAlmostEqual(float(r["sipadvisor_sipadvisor_response_time"]), 0.015023, places=6)
        self.assertIs(r["sipadvisor_sipadvisor_resend"], False)
        self.assertIs(r["sipadvisor_sipadvisor_retry_fixed"], False)
        self.assertIsNone(r["sipadvisor_sipadvisor_transaction"])
        self.assertEqual(r["sipadvisor_sipadvisor_request_method"], "INVITE")
        experts = [k for e in r["_ws_expert"] for k in e if k.startswith("sipadvisor_")]
        self.assertEqual(experts, ["sipadvisor_sipadvisor_interval_too_small", "sipadvisor_sipadvisor_retry_unfixed"])
        for e in r["_ws_expert"]:
            self.assertIsNone([v for k, v in e.items() if k.startswith("sipadvisor_")][0])
            self.assertRegex(e["_ws_expert__ws_expert_severity"], NUMBER)
        retry = layer(by_frame(pairs)[4])
        self.assertEqual((retry["sipadvisor_sipadvisor_retry_of"], retry["sipadvisor_sipadvisor_retry_fixed"]),
                         ("2", False))
        _, pairs = ek("301-udp.pcap")
        r = layer(by_frame(pairs)[3])
        self.assertEqual(r["sipadvisor_sipadvisor_new_uri"], ["sip:alice@127.0.1.2", "sip:alice@new.example.com"])
        self.assertEqual(r["sipadvisor_sipadvisor_new_uri_q"], ["0.9", "0.5"])
        self.assertEqual(r["sipadvisor_sipadvisor_new_uri_count"], "2")
        self.assertEqual(r["sipadvisor_sipadvisor_new_uri_expires"], "3600")
        self.assertEqual(r["sipadvisor_sipadvisor_moved_from"], "sip:alice@old.example.com")
        self.assertIs(r["sipadvisor_sipadvisor_retry_fixed"], True)

    def test_every_value_has_its_type_and_mapping(self):
        """Across the captures: each sipadvisor key is a registered field
        (or the expert list), its JSON type is the one of its field type
        (module comment), and the index template maps it with a type that
        takes that value."""
        types = registered_types()
        mapping = es_template.template()["template"]["mappings"]["properties"]["layers"]["properties"][
            "sipadvisor"]["properties"]
        seen = set()
        for name in CAPTURES:
            _, pairs = ek(name)
            for _, doc in pairs:
                sas = doc["layers"]["sipadvisor"]
                for sa in sas if isinstance(sas, list) else [sas]:
                    for key, value in sa.items():
                        if key == "_ws_expert":
                            for entry in values(value):
                                for k, v in entry.items():
                                    self.assertIn(k, mapping["_ws_expert"]["properties"], k)
                                    if k.startswith("sipadvisor_"):
                                        self.assertIsNone(v)
                                        self.assertTrue(types[k][2], k)
                                        seen.add(k)
                            continue
                        self.assertIn(key, types, f"{name}: {key} is no registered field")
                        field, ftype, _ = types[key]
                        seen.add(key)
                        for v in values(value):
                            if ftype == "FT_NONE":
                                self.assertIsNone(v, key)
                                continue
                            self.assertIn(key, mapping, f"{key} is not in the index template")
                            es_type = mapping[key]["type"]
                            if ftype == "FT_BOOLEAN":
                                self.assertIsInstance(v, bool, key)
                                self.assertEqual(es_type, "boolean")
                            elif ftype == "FT_STRING":
                                self.assertIsInstance(v, str, key)
                                self.assertIn(es_type, ("keyword", "text"))
                            else:
                                self.assertIsInstance(v, str, key)
                                self.assertRegex(v, NUMBER, key)
                                self.assertIn(es_type, ("short", "integer", "long", "double"))
                                if es_type != "double":
                                    self.assertNotIn(".", v, key)
        # The captures carry most of what sipadvisor can say.
        self.assertGreater(len(seen), 60, sorted(set(types) - seen))

    def test_strings_are_escaped(self):
        """Raw bytes, quotes and backslashes in what the plugin shows stay
        valid JSON and come back as the plugin wrote them."""
        _, pairs = ek("hostile-bytes-udp.pcap")
        moved = [layer(d).get("sipadvisor_sipadvisor_moved_from") for _, d in pairs]
        self.assertIn(r"sip:\xc0\xafadmin@example.com", moved)
        _, pairs = ek("422-udp.pcap", ["-o", "sipadvisor.language:zh"])
        fix = layer(by_frame(pairs)[2])["sipadvisor_sipadvisor_fix"]
        self.assertRegex(fix, r"[\u4e00-\u9fff]", "the Chinese fix")

    def test_index_template(self):
        with open(es_template.TEMPLATE_PATH, encoding="utf-8") as f:
            committed = f.read()
        self.assertEqual(committed, es_template.text(),
                         "docs/elasticsearch-template.json is stale: python3 tests/es_template.py --write")

    def test_tshark_elastic_mapping(self):
        """tshark's own mapping exists (4.0 and later) and maps the numbers."""
        out, _ = run_tshark("-G", "elastic-mapping", "--elastic-mapping-filter", "sipadvisor")
        props = json.loads(out)["mappings"]["properties"]["layers"]["properties"]["sipadvisor"]["properties"]
        self.assertEqual(props["sipadvisor_sipadvisor_status"]["type"], "integer")
        self.assertEqual(props["sipadvisor_sipadvisor_request_frame"]["type"], "long")
        self.assertEqual(props["sipadvisor_sipadvisor_retry_fixed"]["type"], "boolean")


class DocTest(PluginTestCase):
    def setUp(self):
        with open(DOC, encoding="utf-8") as f:
            self.doc = f.read()

    def test_bulk_conversion(self):
        """The doc's sed turns every action line into {"index":{}} (the
        index comes from the URL) and leaves the documents alone."""
        self.assertIn(BULK_SED, self.doc)
        self.assertIn(f'-T ek -J "{EK_LAYERS}" -Y sipadvisor', self.doc)
        out, pairs = ek("301-udp.pcap")
        with tempfile.TemporaryFile("w+") as f:
            f.write(out)
            f.seek(0)
            bulk = subprocess.run(["sh", "-c", BULK_SED], stdin=f, capture_output=True, text=True,
                                  check=True).stdout.splitlines()
        self.assertEqual(bulk[0::2], ['{"index":{}}'] * len(pairs))
        self.assertEqual([json.loads(line) for line in bulk[1::2]], [doc for _, doc in pairs])

    def test_field_paths_exist(self):
        """Every layers.* path the doc queries is in the template."""
        props = es_template.template()["template"]["mappings"]["properties"]
        paths = set(re.findall(r"\blayers\.[A-Za-z0-9_.\-]*[A-Za-z0-9_]", self.doc))
        self.assertGreater(len(paths), 5)
        for path in sorted(paths):
            node = {"properties": props}
            for part in path.split("."):
                self.assertIn("properties", node, path)
                self.assertIn(part, node["properties"], path)
                node = node["properties"][part]


class JsonTest(PluginTestCase):
    def json(self, *extra, hook=None):
        out, _ = run_tshark("-n", "-2", "-r", capture("301-udp.pcap"), "-T", "json", "-Y", "sipadvisor.status",
                            *extra)
        return json.loads(out, object_pairs_hook=hook)

    def test_json_parses(self):
        packets = self.json("--no-duplicate-keys")
        sa = packets[0]["_source"]["layers"]["sipadvisor"]
        self.assertEqual(sa["sipadvisor.status"], "301")
        self.assertEqual(sa["sipadvisor.new_uri"], ["sip:alice@127.0.1.2", "sip:alice@new.example.com"])
        self.assertEqual(sa["sipadvisor.followup"]["sipadvisor.retry_fixed"], "1")  # booleans: "1"/"0"
        self.assertEqual(sa["sipadvisor.transaction"]["sipadvisor.request_frame"], "1")
        self.assertEqual([list(e)[0] for e in sa["_ws.expert"]],
                         ["sipadvisor.moved_permanently", "sipadvisor.followed"])

    def test_duplicate_keys_without_the_option(self):
        """Without --no-duplicate-keys a field that occurs twice is a key
        written twice: most JSON readers keep only the last one."""
        duplicates = set()

        def hook(pairs):
            keys = [k for k, _ in pairs]
            duplicates.update(k for k in keys if keys.count(k) > 1)
            return dict(pairs)

        self.json(hook=hook)
        self.assertIn("sipadvisor.new_uri", duplicates)
        self.assertIn("_ws.expert", duplicates)


class FieldsTest(PluginTestCase):
    def test_fields_values(self):
        rows = {r["frame"]: r for r in fields(capture("301-udp.pcap"), [
            "sipadvisor.status", "sipadvisor.request_frame", "sipadvisor.new_uri", "sipadvisor.new_uri.q",
            "sipadvisor.response_time", "sipadvisor.retry_fixed", "sipadvisor.resend", "sipadvisor.followed",
            "sipadvisor.fix"], two_pass=True)}
        r = rows[3]
        self.assertEqual(r["sipadvisor.status"], ["301"])
        self.assertEqual(r["sipadvisor.request_frame"], ["1"])
        self.assertEqual(r["sipadvisor.new_uri"], ["sip:alice@127.0.1.2", "sip:alice@new.example.com"])
        self.assertEqual(r["sipadvisor.new_uri.q"], ["0.9", "0.5"])
        self.assertEqual(r["sipadvisor.response_time"], ["0.001669000"])
        self.assertEqual((r["sipadvisor.retry_fixed"], r["sipadvisor.resend"]), (["1"], ["0"]))
        self.assertEqual(r["sipadvisor.followed"], ["1"])  # an expert entry prints 1
        # A fix holds commas: the default aggregator (,) cannot separate values.
        self.assertIn(",", r["sipadvisor.fix"][0])


if __name__ == "__main__":
    unittest.main()
