# SPDX-License-Identifier: GPL-2.0-or-later
"""The Elasticsearch/OpenSearch index template for `tshark -T ek` output
with sipadvisor: docs/elasticsearch-template.json, made from the fields the
plugin registers (tshark -G fields).

    python3 tests/es_template.py           print it
    python3 tests/es_template.py --write   update docs/elasticsearch-template.json

tshark.export (test_export.py) checks that the file is what this prints and
that it maps every sipadvisor value of -T ek.

Why not `tshark -G elastic-mapping --elastic-mapping-filter sipadvisor`
alone: it maps only numbers and booleans; Wireshark 4.0's sets
"dynamic": false (so URIs, tags and fixes would be stored and never indexed)
and maps FT_RELATIVE_TIME as "date" (a response time of 0.0015 s would be read
as a date in 1970); 4.6's maps it as double and leaves dynamic mapping on; both
leave out the expert entries, which -T ek writes as null (never indexed).
Here: numbers as tshark maps them, relative times as double (seconds),
strings as keyword (texts as text with a keyword sub-field), and each expert
entry as a boolean whose null is indexed as true.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sipadvisor_harness import SOURCE, run_tshark  # noqa: E402

TEMPLATE_PATH = os.path.join(SOURCE, "docs", "elasticsearch-template.json")
INDEX_PATTERN = "sipadvisor-*"

# Field type -> Elasticsearch type (the integers as tshark 4.0's own mapping).
TYPES = {
    "FT_UINT8": "short",
    "FT_UINT16": "integer",
    "FT_UINT32": "long",
    "FT_FRAMENUM": "long",
    "FT_DOUBLE": "double",
    "FT_BOOLEAN": "boolean",
    "FT_RELATIVE_TIME": "double",
}
# Sentences rather than values: full-text searchable, and exact as .keyword.
TEXTS = {"sipadvisor.fix", "sipadvisor.explanation.meaning", "sipadvisor.explanation.when",
         "sipadvisor.explanation.fix", "sipadvisor.tag.meaning", "sipadvisor.retry_detail",
         "sipadvisor.retry_after.comment"}
TEXT = {"type": "text", "fields": {"keyword": {"type": "keyword", "ignore_above": 1024}}}
KEYWORD = {"type": "keyword", "ignore_above": 8191}


def ek_name(field):
    """The key -T ek gives a field: its protocol, then the name with dots
    made underscores (sipadvisor.new_uri.q -> sipadvisor_sipadvisor_new_uri_q)."""
    return field.split(".")[0] + "_" + field.replace(".", "_")


def registered():
    """(name, type, is expert entry) of every sipadvisor field, from -G fields."""
    out, _ = run_tshark("-G", "fields")
    result = []
    for cols in (line.split("\t") for line in out.splitlines()):
        if len(cols) < 4 or cols[0] != "F" or not cols[2].startswith("sipadvisor."):
            continue
        blurb = cols[7] if len(cols) > 7 else ""
        result.append((cols[2], cols[3], cols[3] == "FT_NONE" and not blurb))
    if not result:
        raise SystemExit("tshark lists no sipadvisor fields: the plugin did not load")
    return result


def template():
    fields = {}
    experts = {}
    for name, ftype, expert in registered():
        if expert:
            experts[ek_name(name)] = {"type": "boolean", "null_value": True}
        elif name.startswith("sipadvisor.debug."):
            continue  # hidden, for tests
        elif ftype == "FT_NONE":
            continue  # a subtree: -T ek writes null
        elif ftype == "FT_STRING":
            fields[ek_name(name)] = TEXT if name in TEXTS else KEYWORD
        elif ftype in TYPES:
            fields[ek_name(name)] = {"type": TYPES[ftype]}
        else:
            raise SystemExit(f"{name}: no Elasticsearch type for {ftype}")
    fields["_ws_expert"] = {"properties": {
        **dict(sorted(experts.items())),
        "_ws_expert__ws_expert_message": TEXT,
        "_ws_expert__ws_expert_severity": {"type": "long"},
        "_ws_expert__ws_expert_group": {"type": "long"},
    }}
    keyword = {"type": "keyword", "ignore_above": 1024}
    return {
        "index_patterns": [INDEX_PATTERN],
        "_meta": {
            "description": "tshark -T ek output with the sipadvisor Wireshark plugin (docs/elasticsearch.md)",
            "made_by": "tests/es_template.py",
            "license": "GPL-2.0-or-later",
        },
        "template": {
            "mappings": {
                "dynamic": False,
                "properties": {
                    "timestamp": {"type": "date", "format": "epoch_millis"},
                    "layers": {"properties": {
                        "frame": {"properties": {
                            "frame_frame_number": {"type": "long"},
                            "frame_frame_time_relative": {"type": "double"},
                        }},
                        "ip": {"properties": {"ip_ip_src": {"type": "ip"}, "ip_ip_dst": {"type": "ip"}}},
                        "ipv6": {"properties": {"ipv6_ipv6_src": {"type": "ip"},
                                                "ipv6_ipv6_dst": {"type": "ip"}}},
                        "sip": {"properties": {
                            "sip_sip_Method": keyword,
                            "sip_sip_Status-Code": {"type": "integer"},
                            "sip_sip_Call-ID": keyword,
                            "sip_sip_from_addr": keyword,
                            "sip_sip_to_addr": keyword,
                        }},
                        "sipadvisor": {"properties": dict(sorted(fields.items()))},
                    }},
                },
            },
        },
    }


def text():
    return json.dumps(template(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        with open(TEMPLATE_PATH, "w", encoding="utf-8") as f:
            f.write(text())
        print(f"wrote {TEMPLATE_PATH}")
    else:
        sys.stdout.write(text())
