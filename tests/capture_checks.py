# SPDX-License-Identifier: GPL-2.0-or-later
"""Whole-capture expectations for test_family and test_refusals.

A test class names a capture of testdata/README.md and writes down, from
the frames that README documents (not from tshark's output), what
sipadvisor must show:

- RESPONSES: frame -> what the analysed response shows with -2: its
  status, request, items, fix, follow-up and expert entries;
- REQUESTS: frame -> what a request shows with -2 (response_frame,
  retry_of, retry_fixed);
- EXPERT: the -2 `-z expert` lines of sipadvisor, with their counts;
- INFO: frame -> the note sipadvisor appends to the Info column.

CaptureChecks compares every sipadvisor field of every frame of the
capture (except the explanation texts, the option tag meanings, the class
and the response time, which other modules test), so that an item too many
fails as surely as one missing, and frames that are not listed must show
nothing. The single-pass expectation is the -2 one without what needs later
frames: the follow-up of a response (retry_state is then 0, "not known
yet") and the response_frame of a request. Names are written without the
"sipadvisor." prefix; a value is a string, a number or a list of them.

Where the plugin disagrees with the capture and the RFCs, the class lists
the frame's disputed fields in DISPUTED (frame -> names, None for all; the
Info column of a disputed frame is not checked either) and the disputed
expert texts in DISPUTED_EXPERT: the shared checks leave them out, and a
test of the class marked unittest.expectedFailure asserts them.
"""
from decimal import Decimal

from sipadvisor_harness import by_frame, capture, dump, expert_report, info_column, run_tshark

FIXED, UNFIXED, NOT_RETRIED, UNKNOWN = "1", "2", "3", "0"  # sipadvisor.retry_state

# Fields the checks do not compare: knowledge texts and timing.
LEFT_OUT = {"sipadvisor.class", "sipadvisor.response_time", "sipadvisor.tag.rfc", "sipadvisor.tag.meaning"}

# What a response shows only once later frames have been read.
FOLLOWUP = {"sipadvisor." + n for n in (
    "ack_frame", "retry_frame", "retry_uri", "retry_detail", "retry_fixed", "retry_status", "followup_window",
    "followed", "retry_unfixed", "retry_wrong_destination", "retry_too_early", "not_followed", "no_ack")}

# Expert summaries that judge the follow-up (not in a single pass).
FOLLOWUP_SUMMARIES = ("Client retried as the response asked", "Retry repeated the mistake",
                      "Retry sent to the old destination", "Retry came before Retry-After", "Client never retried",
                      "Final response to INVITE never acknowledged")


def txn(request, method, uri):
    """The transaction items of a response whose request is captured and
    matched by its z9hG4bK branch (RFC 3261), first copy."""
    return {"request_frame": request, "request_method": method, "request_uri": uri, "match": "1", "resend": "0"}


class After:
    """The capture time after a frame, to the capture's last frame: the
    followup_window of a transaction whose last message is that frame."""

    def __init__(self, frame):
        self.frame = frame

    def resolve(self, times):
        return f"{times[max(times)] - times[self.frame]:.9f}"


def shown(row):
    """The sipadvisor fields a frame shows, without the left-out ones."""
    return {n: v for n, v in row.items()
            if n.startswith("sipadvisor.") and v and n not in LEFT_OUT
            and not n.startswith(("sipadvisor.explanation.", "sipadvisor.debug."))}


def todo_lines(path):
    """`tshark -2 -q -z sipadvisor,todo`: (CSV lines, comment lines that are
    not section titles)."""
    out, _ = run_tshark("-n", "-r", path, "-2", "-q", "-z", "sipadvisor,todo")
    lines = [line for line in out.splitlines() if line]
    return ([line for line in lines if not line.startswith("#")],
            [line for line in lines if line.startswith("#") and not line.startswith("# sipadvisor to-do:")])


class CaptureChecks:
    """Mixed into a PluginTestCase with the class attributes below."""
    maxDiff = None
    CAPTURE = None
    RESPONSES = {}
    REQUESTS = {}
    EXPERT = []
    INFO = {}
    DISPUTED = {}
    DISPUTED_EXPERT = ()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.path = capture(cls.CAPTURE)
        cls.single = by_frame(dump(cls.path).rows)
        cls.double = by_frame(dump(cls.path, two_pass=True).rows)
        cls.times = {f: Decimal(r["frame.time_epoch"][0]) for f, r in cls.double.items()}

    # -- expectations ------------------------------------------------

    def value(self, v):
        if isinstance(v, After):
            return [v.resolve(self.times)]
        if isinstance(v, (list, tuple)):
            return [str(x) for x in v]
        return [str(v)]

    def expected(self, frame, two_pass=True):
        """What the frame must show (full field names); {} for nothing."""
        spec = {**self.RESPONSES.get(frame, {}), **self.REQUESTS.get(frame, {})}
        want = {"sipadvisor." + n: self.value(v) for n, v in spec.items()}
        if not two_pass:
            if frame in self.RESPONSES:
                want = {n: v for n, v in want.items() if n not in FOLLOWUP}
                if "sipadvisor.retry_state" in want:
                    want["sipadvisor.retry_state"] = [UNKNOWN]
            want.pop("sipadvisor.response_frame", None)
        return want

    def undisputed(self, frame, fields):
        if frame not in self.DISPUTED:
            return fields
        names = self.DISPUTED[frame]
        if names is None:
            return {}
        return {n: v for n, v in fields.items() if n[len("sipadvisor."):] not in names}

    def rows(self, two_pass):
        return self.double if two_pass else self.single

    def expected_report(self, two_pass=True):
        return sorted(e for e in self.EXPERT if two_pass or not e[2].startswith(FOLLOWUP_SUMMARIES))

    def frames_matching(self, display_filter, two_pass=False):
        """Frames that pass a real tshark -Y (not the harness's presence
        shortcut)."""
        return [r["frame"] for r in dump(self.path, two_pass=two_pass, display_filter=display_filter).rows]

    def assert_disputed(self):
        """The disputed fields, as testdata/README.md and the RFCs want them
        (for the class's expectedFailure test)."""
        for two_pass in (True, False):
            for frame in sorted(self.DISPUTED):
                with self.subTest(frame=frame, two_pass=two_pass):
                    self.assertEqual(shown(self.rows(two_pass)[frame]), self.expected(frame, two_pass))

    # -- shared tests --------------------------------------------------

    def test_every_frame_with_both_passes(self):
        for frame, row in self.double.items():
            with self.subTest(frame=frame):
                self.assertEqual(self.undisputed(frame, shown(row)), self.undisputed(frame, self.expected(frame)))

    def test_every_frame_in_a_single_pass(self):
        # The follow-up is not known yet; everything else is as with -2.
        for frame, row in self.single.items():
            with self.subTest(frame=frame):
                self.assertEqual(self.undisputed(frame, shown(row)),
                                 self.undisputed(frame, self.expected(frame, two_pass=False)))

    def test_expert_report_with_both_passes(self):
        def undisputed(entries):
            return sorted(e for e in entries if e[2] not in self.DISPUTED_EXPERT)
        self.assertEqual(undisputed(expert_report(self.path, two_pass=True)), undisputed(self.expected_report()))

    def test_expert_report_in_a_single_pass(self):
        self.assertEqual(sorted(expert_report(self.path)), self.expected_report(two_pass=False))

    def test_info_column_notes(self):
        info = info_column(self.path)
        plain = info_column(self.path, extra=["--disable-protocol", "sipadvisor"])
        self.assertEqual(sorted(info), sorted(plain))
        for frame in sorted(set(info) - set(self.DISPUTED)):
            with self.subTest(frame=frame):
                if frame in self.INFO:
                    self.assertTrue(info[frame].startswith(plain[frame].rstrip()), info[frame])
                    self.assertTrue(info[frame].endswith(f" [{self.INFO[frame]}]"), info[frame])
                else:
                    self.assertEqual(info[frame], plain[frame])
        self.assertEqual(info_column(self.path, two_pass=True), info)

