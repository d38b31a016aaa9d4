# SPDX-License-Identifier: GPL-2.0-or-later
"""The responses whose headers name the fix, on the Kamailio captures of
testdata/README.md: 3xx (300, 302 with a wrong destination and maddr, 305,
380, a redirect loop), 420, 422, 423 (REGISTER with the Contact expires
override and a removal, SUBSCRIBE), 494, a 421 on both legs of a proxy, and
a capture that stops right after the ACK. Every frame of each capture is
checked in a single pass and with -2 (capture_checks.py); the tests here add
the filters, the to-do report and what is particular to a capture."""
import unittest

from capture_checks import FIXED, NOT_RETRIED, UNFIXED, After, CaptureChecks, todo_lines, txn
from sipadvisor_harness import PluginTestCase, capture, expert_report, fields, info_column, run_tshark


def raw_info_column(path, *extra):
    """The Info column per frame with its trailing spaces (info_column
    strips them): the same tshark run as info_column."""
    out, _ = run_tshark("-n", "-r", path, "-T", "tabs", "-o", 'gui.column.format:"No.","%m","Info","%i"', *extra)
    rows = (line.lstrip().partition("\t") for line in out.splitlines())
    return {int(number): info for number, _, info in rows}


def move_302(request, old, new):
    """A 302 to `request` (sent to `old`) that offers only `new`."""
    return {"status": 302, **txn(request, "INVITE", old), "fix": f"Retry this request at {new}; keep the stored "
            "address", "moved_from": old, "new_uri_count": 1, "new_uri": new, "redirected": 1}


class TestMultipleChoices300(CaptureChecks, PluginTestCase):
    """Two calls get the same 300 (three URIs; the first has no q, which
    counts as 1.0 like the explicit q=1.0); one retries at the q=1.0 URI,
    the other at the q=0.5 one, which a 300 leaves to the user (RFC 3261
    §21.3.1)."""
    CAPTURE = "redirect-300-udp.pcap"
    URIS = ["sip:carol-voicemail@127.0.20.3", "sip:carol@127.0.20.3", "sip:carol-mobile@127.0.20.3"]
    OFFER = {"status": 300, "fix": "Retry at one of the offered URIs (highest q: sip:carol-voicemail@127.0.20.3)",
             "moved_from": "sip:carol@127.0.20.2", "new_uri_count": 3, "new_uri": URIS,
             "new_uri.q": ["1", "0.5"], "new_uri.expires": 600, "redirected": 1}
    RESPONSES = {
        2: {**OFFER, **txn(1, "INVITE", "sip:carol@127.0.20.2"),
            "retry_state": FIXED, "ack_frame": 3, "retry_frame": 4, "retry_uri": "sip:carol@127.0.20.3",
            "retry_detail": "sip:carol@127.0.20.3 (a highest-q URI)", "retry_fixed": 1, "retry_status": 200,
            "followed": 1},
        10: {**OFFER, **txn(9, "INVITE", "sip:carol@127.0.20.2"),
             "retry_state": FIXED, "ack_frame": 11, "retry_frame": 12, "retry_uri": "sip:carol-mobile@127.0.20.3",
             "retry_detail": "sip:carol-mobile@127.0.20.3 (an offered URI, not the highest q)", "retry_fixed": 1,
             "retry_status": 200, "followed": 1},
    }
    REQUESTS = {1: {"response_frame": 2}, 4: {"retry_of": 2, "retry_fixed": 1},
                9: {"response_frame": 10}, 12: {"retry_of": 10, "retry_fixed": 1}}
    EXPERT = [
        ("Notes", "Response", "Redirected: 300 Multiple Choices: sip:carol@127.0.20.2 -> "
         "sip:carol-voicemail@127.0.20.3, sip:carol@127.0.20.3 (q=1), sip:carol-mobile@127.0.20.3 (q=0.5) [INVITE]", 2),
        ("Chats", "Sequence", "Client retried as the response asked: after the 300: sip:carol@127.0.20.3 "
         "(a highest-q URI), final status 200", 1),
        ("Chats", "Sequence", "Client retried as the response asked: after the 300: sip:carol-mobile@127.0.20.3 "
         "(an offered URI, not the highest q), final status 200", 1),
    ]
    INFO = {2: "redirect -> sip:carol-voicemail@127.0.20.3", 4: "retry after 300",
            10: "redirect -> sip:carol-voicemail@127.0.20.3", 12: "retry after 300"}

    def test_filter_on_q_and_expires(self):
        self.assertEqual(self.frames_matching("sipadvisor.new_uri.q == 0.5"), [2, 10])
        self.assertEqual(self.frames_matching("sipadvisor.new_uri.expires == 600 && sipadvisor.new_uri_count == 3",
                                              two_pass=True), [2, 10])

    def test_todo_lists_each_offered_uri_and_the_fix(self):
        rows, notes = todo_lines(self.path)
        self.assertEqual(rows, [
            "moved_from,new_uri,q,expires,seen,followed",
            "sip:carol@127.0.20.2,sip:carol-voicemail@127.0.20.3,,,2,0",
            "sip:carol@127.0.20.2,sip:carol@127.0.20.3,1,,2,1",
            "sip:carol@127.0.20.2,sip:carol-mobile@127.0.20.3,0.5,600,2,1",
            "server,tag,rfc,meaning,seen,clients_lacking_it",
            "status,reason,method,server,fix,seen,retried_with_fix,retried_without_fix,not_retried",
            "300,Multiple Choices,INVITE,127.0.20.2,Retry at one of the offered URIs (highest q: "
            "sip:carol-voicemail@127.0.20.3),2,2,0,0",
        ])
        self.assertEqual(notes, [])


class TestMovedTemporarily302(CaptureChecks, PluginTestCase):
    """A 302 followed right, the same 302 retried at the new URI but sent
    to the old address, and a 302 whose Contact has a maddr the retry does
    not go to. The 403s that answer the wrong retries are explained only."""
    CAPTURE = "redirect-302-udp.pcap"
    NEW = "sip:bob@127.0.21.3"
    MADDR = "sip:bob@voicemail.example.com;maddr=127.0.21.3"
    MOVE = {"status": 302, "fix": f"Retry this request at {NEW}; keep the stored address",
            "moved_from": "sip:bob@127.0.21.2", "new_uri_count": 1, "new_uri": NEW, "new_uri.expires": 60,
            "redirected": 1}
    WRONG = "sent to 127.0.21.2:5060, where the first request went"
    RESPONSES = {
        2: {**MOVE, **txn(1, "INVITE", "sip:bob@127.0.21.2"),
            "retry_state": FIXED, "ack_frame": 3, "retry_frame": 4, "retry_uri": NEW,
            "retry_detail": f"{NEW} (a highest-q URI)", "retry_fixed": 1, "retry_status": 200, "followed": 1},
        10: {**MOVE, **txn(9, "INVITE", "sip:bob@127.0.21.2"),
             "retry_state": UNFIXED, "ack_frame": 11, "retry_frame": 12, "retry_uri": NEW,
             "retry_detail": f"{NEW} {WRONG}", "retry_fixed": 0, "retry_status": 403, "retry_wrong_destination": 1},
        13: {"status": 403, **txn(12, "INVITE", NEW)},
        16: {"status": 302, **txn(15, "INVITE", "sip:bob-vm@127.0.21.2"),
             "fix": f"Retry this request at {MADDR}; keep the stored address", "moved_from": "sip:bob-vm@127.0.21.2",
             "new_uri_count": 1, "new_uri": MADDR, "new_uri.expires": 60, "redirected": 1,
             "retry_state": UNFIXED, "ack_frame": 17, "retry_frame": 18, "retry_uri": MADDR,
             "retry_detail": f"{MADDR} {WRONG}", "retry_fixed": 0, "retry_status": 403, "retry_wrong_destination": 1},
        19: {"status": 403, **txn(18, "INVITE", MADDR)},
    }
    REQUESTS = {1: {"response_frame": 2}, 4: {"retry_of": 2, "retry_fixed": 1},
                9: {"response_frame": 10}, 12: {"response_frame": 13, "retry_of": 10, "retry_fixed": 0},
                15: {"response_frame": 16}, 18: {"response_frame": 19, "retry_of": 16, "retry_fixed": 0}}
    EXPERT = [
        ("Warns", "Sequence", f"Retry sent to the old destination: after the 302: {NEW} {WRONG}, final status 403", 1),
        ("Warns", "Sequence", f"Retry sent to the old destination: after the 302: {MADDR} {WRONG}, final status 403",
         1),
        ("Notes", "Response", f"Redirected: 302 Moved Temporarily: sip:bob@127.0.21.2 -> {NEW} [INVITE]", 2),
        ("Notes", "Response", f"Redirected: 302 Moved Temporarily: sip:bob-vm@127.0.21.2 -> {MADDR} [INVITE]", 1),
        ("Chats", "Sequence", f"Client retried as the response asked: after the 302: {NEW} (a highest-q URI), "
         "final status 200", 1),
    ]
    INFO = {2: f"redirect -> {NEW}", 4: "retry after 302", 10: f"redirect -> {NEW}", 12: "retry after 302",
            16: f"redirect -> {MADDR}", 18: "retry after 302"}

    def test_filters_on_the_wrong_destination(self):
        self.assertEqual(self.frames_matching("sipadvisor.retry_wrong_destination", two_pass=True), [10, 16])
        self.assertEqual(self.frames_matching("sipadvisor.retry_wrong_destination"), [])
        # Both the responses and the retries that did not apply the fix.
        self.assertEqual(self.frames_matching("sipadvisor.retry_fixed == 0", two_pass=True), [10, 12, 16, 18])
        self.assertEqual(self.frames_matching('sipadvisor.new_uri contains "maddr=127.0.21.3"'), [16])

    def test_todo_rows(self):
        rows, _ = todo_lines(self.path)
        self.assertEqual(rows, [
            "moved_from,new_uri,q,expires,seen,followed",
            "sip:bob@127.0.21.2,sip:bob@127.0.21.3,,60,2,1",
            "sip:bob-vm@127.0.21.2,sip:bob@voicemail.example.com;maddr=127.0.21.3,,60,1,0",
            "server,tag,rfc,meaning,seen,clients_lacking_it",
            "status,reason,method,server,fix,seen,retried_with_fix,retried_without_fix,not_retried",
            "302,Moved Temporarily,INVITE,127.0.21.2,Retry this request at sip:bob@127.0.21.3; keep the stored "
            "address,2,1,1,0",
            "302,Moved Temporarily,INVITE,127.0.21.2,Retry this request at "
            "sip:bob@voicemail.example.com;maddr=127.0.21.3; keep the stored address,1,0,1,0",
        ])

    # The unfixed retries of 302 (frames 12 and 18) and of the loop (7 and
    # 10) went to exactly the URIs offered and failed by their destination or
    # the loop; a 305's retry keeps its Request-URI (RFC 3261 §21.3.5). None
    # of them makes the to-do note about URIs the redirect did not offer.
    def test_todo_does_not_say_offered_uris_were_not_offered(self):
        for name in ("redirect-302-udp.pcap", "redirect-loop-udp.pcap", "redirect-305-udp.pcap"):
            with self.subTest(capture=name):
                self.assertEqual(todo_lines(capture(name))[1], [])


class TestUseProxy305(CaptureChecks, PluginTestCase):
    """A 305 followed through the proxy (sent to it with a Route), and one
    retried directly, refused again, and given up."""
    CAPTURE = "redirect-305-udp.pcap"
    PROXY = "sip:127.0.22.3;lr"
    USE = {"status": 305, "fix": f"Send the request through the proxy {PROXY}", "moved_from": "sip:dave@127.0.22.2",
           "new_uri_count": 1, "new_uri": PROXY, "proxy": PROXY, "redirected": 1}
    RESPONSES = {
        2: {**USE, **txn(1, "INVITE", "sip:dave@127.0.22.2"),
            "retry_state": FIXED, "ack_frame": 3, "retry_frame": 4, "retry_uri": "sip:dave@127.0.22.2",
            "retry_detail": "through the proxy (sent to 127.0.22.3:5060)", "retry_fixed": 1, "retry_status": 200,
            "followed": 1},
        13: {**USE, **txn(12, "INVITE", "sip:dave@127.0.22.2"),
             "retry_state": UNFIXED, "ack_frame": 14, "retry_frame": 15, "retry_uri": "sip:dave@127.0.22.2",
             "retry_detail": "sent to 127.0.22.2:5060, not through the proxy", "retry_fixed": 0,
             "retry_status": 305, "retry_unfixed": 1},
        16: {**USE, **txn(15, "INVITE", "sip:dave@127.0.22.2"),
             "retry_state": NOT_RETRIED, "ack_frame": 17, "followup_window": After(17), "not_followed": 1},
    }
    REQUESTS = {1: {"response_frame": 2}, 4: {"retry_of": 2, "retry_fixed": 1},
                12: {"response_frame": 13}, 15: {"response_frame": 16, "retry_of": 13, "retry_fixed": 0}}
    EXPERT = [
        ("Warns", "Sequence", "Retry repeated the mistake: after the 305: sent to 127.0.22.2:5060, not through the "
         "proxy, final status 305", 1),
        ("Warns", "Sequence", "Client never retried: after the 305 Use Proxy", 1),
        ("Notes", "Response", f"Redirected: 305 Use Proxy: sip:dave@127.0.22.2 -> {PROXY} [INVITE]", 3),
        ("Chats", "Sequence", "Client retried as the response asked: after the 305: through the proxy "
         "(sent to 127.0.22.3:5060), final status 200", 1),
    ]
    INFO = {2: f"use proxy {PROXY}", 4: "retry after 305", 13: f"use proxy {PROXY}", 15: "retry after 305",
            16: f"use proxy {PROXY}"}

    def test_the_capture_ends_with_the_last_ack(self):
        self.assertEqual(max(self.double), 17)
        self.assertEqual(self.double[16]["sipadvisor.followup_window"], ["0.000000000"])

    def test_filter_on_the_proxy(self):
        self.assertEqual(self.frames_matching(f'sipadvisor.proxy == "{self.PROXY}" && sipadvisor.retry_unfixed',
                                              two_pass=True), [13])


class TestAlternativeService380(CaptureChecks, PluginTestCase):
    """A 380 without Contact (its body describes the alternatives, RFC 3261
    §21.3.5), which needs no Contact, and no retry."""
    CAPTURE = "redirect-380-udp.pcap"
    RESPONSES = {
        2: {"status": 380, **txn(1, "INVITE", "sip:erin@127.0.23.2"),
            "fix": "The call failed: use the alternative service described in the body",
            "moved_from": "sip:erin@127.0.23.2", "new_uri_count": 0, "alternative": "text/plain", "redirected": 1,
            "retry_state": NOT_RETRIED, "ack_frame": 3, "followup_window": After(3)},
    }
    REQUESTS = {1: {"response_frame": 2}}
    EXPERT = [
        ("Notes", "Response", "Redirected: 380 Alternative Service: the alternatives are in the body (text/plain) "
         "[INVITE]", 1),
    ]
    INFO = {2: "alternative service"}

    def test_no_missing_header_error(self):
        self.assertEqual(self.frames_matching("sipadvisor.missing_header || sipadvisor.new_uri", two_pass=True), [])
        self.assertEqual(self.frames_matching('sipadvisor.alternative == "text/plain"'), [2])


class TestRedirectLoop(CaptureChecks, PluginTestCase):
    """loop-a -> loop-b -> loop-a ...: the first retry is right, every later
    302 sends the client back to a URI of the chain (RFC 3261 §8.1.3.4),
    and the retries into the loop repeat the mistake. Giving up at the end
    is right: no not_followed."""
    CAPTURE = "redirect-loop-udp.pcap"
    A, B = "sip:loop-a@127.0.24.2", "sip:loop-b@127.0.24.2"

    RESPONSES = {
        2: {**move_302(1, A, B), "retry_state": FIXED, "ack_frame": 3, "retry_frame": 4, "retry_uri": B,
            "retry_detail": f"{B} (a highest-q URI)", "retry_fixed": 1, "retry_status": 302, "followed": 1},
        5: {**move_302(4, B, A), "redirect_loop": 1, "retry_state": UNFIXED, "ack_frame": 6, "retry_frame": 7,
            "retry_uri": A, "retry_detail": f"{A} again, already tried in frame 1 (redirect loop)", "retry_fixed": 0,
            "retry_status": 302, "retry_unfixed": 1},
        8: {**move_302(7, A, B), "redirect_loop": 1, "retry_state": UNFIXED, "ack_frame": 9, "retry_frame": 10,
            "retry_uri": B, "retry_detail": f"{B} again, already tried in frame 4 (redirect loop)", "retry_fixed": 0,
            "retry_status": 302, "retry_unfixed": 1},
        11: {**move_302(10, B, A), "redirect_loop": 1, "retry_state": NOT_RETRIED, "ack_frame": 12},
    }
    REQUESTS = {1: {"response_frame": 2}, 4: {"response_frame": 5, "retry_of": 2, "retry_fixed": 1},
                7: {"response_frame": 8, "retry_of": 5, "retry_fixed": 0},
                10: {"response_frame": 11, "retry_of": 8, "retry_fixed": 0}}
    EXPERT = [
        ("Warns", "Sequence", f"Redirect loop: the 302 sends the client back to {A}, tried in frame 1", 1),
        ("Warns", "Sequence", f"Redirect loop: the 302 sends the client back to {B}, tried in frame 4", 1),
        ("Warns", "Sequence", f"Redirect loop: the 302 sends the client back to {A}, tried in frame 7", 1),
        ("Warns", "Sequence", f"Retry repeated the mistake: after the 302: {A} again, already tried in frame 1 "
         "(redirect loop), final status 302", 1),
        ("Warns", "Sequence", f"Retry repeated the mistake: after the 302: {B} again, already tried in frame 4 "
         "(redirect loop), final status 302", 1),
        ("Notes", "Response", f"Redirected: 302 Moved Temporarily: {A} -> {B} [INVITE]", 2),
        ("Notes", "Response", f"Redirected: 302 Moved Temporarily: {B} -> {A} [INVITE]", 2),
        ("Chats", "Sequence", f"Client retried as the response asked: after the 302: {B} (a highest-q URI), "
         "final status 302", 1),
    ]
    INFO = {2: f"redirect -> {B}", 4: "retry after 302", 5: f"redirect loop -> {A}", 7: "retry after 302",
            8: f"redirect loop -> {B}", 10: "retry after 302", 11: f"redirect loop -> {A}"}

    def test_loop_is_known_in_a_single_pass(self):
        self.assertEqual(self.frames_matching("sipadvisor.redirect_loop"), [5, 8, 11])
        self.assertEqual(self.frames_matching("sipadvisor.retry_unfixed && sipadvisor.redirect_loop",
                                              two_pass=True), [5, 8])


class TestBadExtension420(CaptureChecks, PluginTestCase):
    """420: retried without the unsupported tags, retried still requiring
    one, and a 420 without Unsupported (RFC 3261 §21.4.15 requires it)."""
    CAPTURE = "420-udp.pcap"
    URI = "sip:frank@127.0.25.2"
    BOTH = {"status": 420, "fix": "Retry without x-foo, x-bar in Require and Proxy-Require (or enable it on the "
            "server)", "unsupported": ["x-foo", "x-bar"], "request_require": ["x-foo", "100rel"],
            "request_proxy_require": "x-bar", "bad_extension": 1}
    RESPONSES = {
        2: {**BOTH, **txn(1, "INVITE", URI), "retry_state": FIXED, "ack_frame": 3, "retry_frame": 4,
            "retry_uri": URI, "retry_detail": "requires 100rel", "retry_fixed": 1, "retry_status": 200,
            "followed": 1},
        10: {**BOTH, **txn(9, "INVITE", URI), "retry_state": UNFIXED, "ack_frame": 11, "retry_frame": 12,
             "retry_uri": URI, "retry_detail": "still requires x-foo", "retry_fixed": 0, "retry_status": 420,
             "retry_unfixed": 1},
        13: {"status": 420, **txn(12, "INVITE", URI),
             "fix": "Retry without x-foo in Require and Proxy-Require (or enable it on the server)",
             "unsupported": "x-foo", "request_require": "x-foo", "bad_extension": 1,
             "retry_state": NOT_RETRIED, "ack_frame": 14, "followup_window": After(14), "not_followed": 1},
        16: {"status": 420, **txn(15, "INVITE", "sip:broken-frank@127.0.25.2"),
             "fix": "Retry without the extensions in Require and Proxy-Require", "request_require": "x-foo",
             "bad_extension": 1, "missing_header": 1,
             "retry_state": NOT_RETRIED, "ack_frame": 17, "followup_window": After(17), "not_followed": 1},
    }
    REQUESTS = {1: {"response_frame": 2}, 4: {"retry_of": 2, "retry_fixed": 1}, 9: {"response_frame": 10},
                12: {"response_frame": 13, "retry_of": 10, "retry_fixed": 0}, 15: {"response_frame": 16}}
    EXPERT = [
        ("Errors", "Protocol", "Response lacks the header its code requires: 420 without Unsupported", 1),
        ("Warns", "Response", "420 Bad Extension: unsupported x-foo, x-bar [INVITE]", 2),
        ("Warns", "Response", "420 Bad Extension: unsupported x-foo [INVITE]", 1),
        ("Warns", "Response", "420 Bad Extension: no Unsupported header [INVITE]", 1),
        ("Warns", "Sequence", "Retry repeated the mistake: after the 420: still requires x-foo, final status 420", 1),
        ("Warns", "Sequence", "Client never retried: after the 420 Bad Extension", 2),
        ("Chats", "Sequence", "Client retried as the response asked: after the 420: requires 100rel, "
         "final status 200", 1),
    ]
    INFO = {2: "unsupported: x-foo, x-bar", 4: "retry after 420", 10: "unsupported: x-foo, x-bar",
            12: "retry after 420", 13: "unsupported: x-foo", 16: "unsupported: ?"}

    def test_filters_on_unsupported_and_the_follow_up(self):
        self.assertEqual(self.frames_matching('sipadvisor.unsupported == "x-bar"'), [2, 10])
        self.assertEqual(self.frames_matching('sipadvisor.request_proxy_require == "x-bar"'), [2, 10])
        self.assertEqual(self.frames_matching("sipadvisor.retry_unfixed", two_pass=True), [10])
        self.assertEqual(self.frames_matching("sipadvisor.not_followed && sipadvisor.followup_window > 0.1",
                                              two_pass=True), [13])

    def test_todo_rows(self):
        rows, notes = todo_lines(self.path)
        self.assertEqual(rows, [
            "moved_from,new_uri,q,expires,seen,followed",
            "server,tag,rfc,meaning,seen,clients_lacking_it",
            "status,reason,method,server,fix,seen,retried_with_fix,retried_without_fix,not_retried",
            '420,Bad Extension,INVITE,127.0.25.2,"Retry without x-foo, x-bar in Require and Proxy-Require '
            '(or enable it on the server)",2,1,1,0',
            "420,Bad Extension,INVITE,127.0.25.2,Retry without x-foo in Require and Proxy-Require (or enable it "
            "on the server),1,0,0,1",
            "420,Bad Extension,INVITE,127.0.25.2,Retry without the extensions in Require and Proxy-Require,1,0,0,1",
        ])
        self.assertEqual(notes, [])

    # The note follows the SIP dissector's Info after a space, or directly
    # when the column already ends in one ("Status: 420 Bad Extension |
    # [unsupported: ...]"), never after a comma.
    def test_note_follows_the_sip_info_without_a_comma(self):
        info = raw_info_column(self.path)
        plain = raw_info_column(self.path, "--disable-protocol", "sipadvisor")
        for frame in (2, 4):
            with self.subTest(frame=frame):
                sep = "" if plain[frame].endswith(" ") else " "
                self.assertEqual(info[frame], f"{plain[frame]}{sep}[{self.INFO[frame]}]")


class TestSessionInterval422(CaptureChecks, PluginTestCase):
    """422 (RFC 4028): call 1 retries with the same Session-Expires and gets
    a second 422, then gives up; call 2 (compact `x: 90`) retries with
    Session-Expires 1800 and Min-SE 120; call 3's 422 lacks Min-SE."""
    CAPTURE = "422-udp.pcap"
    URI = "sip:grace@127.0.26.2"
    FIX = "Retry with Session-Expires ≥ 120 and Min-SE ≥ 120"
    SMALL = {"status": 422, "fix": FIX, "min_se": 120, "session_expires": 90, "interval_too_small": 1}
    RESPONSES = {
        2: {**SMALL, **txn(1, "INVITE", URI), "retry_state": UNFIXED, "ack_frame": 3, "retry_frame": 4,
            "retry_uri": URI, "retry_detail": "Session-Expires 90 < 120, Min-SE 90", "retry_fixed": 0,
            "retry_status": 422, "retry_unfixed": 1},
        5: {**SMALL, **txn(4, "INVITE", URI), "request_min_se": 90, "ack_frame": 6,
            "retry_state": NOT_RETRIED, "followup_window": After(6), "not_followed": 1},
        8: {**SMALL, **txn(7, "INVITE", URI), "retry_state": FIXED, "ack_frame": 9, "retry_frame": 10,
            "retry_uri": URI, "retry_detail": "Session-Expires 1800, Min-SE 120", "retry_fixed": 1,
            "retry_status": 200, "followed": 1},
        16: {"status": 422, **txn(15, "INVITE", "sip:broken-grace@127.0.26.2"),
             "fix": "Raise Session-Expires (the 422 does not say to what: it lacks Min-SE)", "session_expires": 90,
             "interval_too_small": 1, "missing_header": 1,
             "retry_state": NOT_RETRIED, "ack_frame": 17, "followup_window": After(17), "not_followed": 1},
    }
    REQUESTS = {1: {"response_frame": 2}, 4: {"response_frame": 5, "retry_of": 2, "retry_fixed": 0},
                7: {"response_frame": 8}, 10: {"retry_of": 8, "retry_fixed": 1}, 15: {"response_frame": 16}}
    EXPERT = [
        ("Errors", "Protocol", "Response lacks the header its code requires: 422 without Min-SE", 1),
        ("Warns", "Response", "422 Session Interval Too Small: Session-Expires 90 < Min-SE 120 [INVITE]", 3),
        ("Warns", "Response", "422 Session Interval Too Small: no Min-SE header [INVITE]", 1),
        ("Warns", "Sequence", "Retry repeated the mistake: after the 422: Session-Expires 90 < 120, Min-SE 90, "
         "final status 422", 1),
        ("Warns", "Sequence", "Client never retried: after the 422 Session Interval Too Small", 2),
        ("Chats", "Sequence", "Client retried as the response asked: after the 422: Session-Expires 1800, "
         "Min-SE 120, final status 200", 1),
    ]
    INFO = {2: "Min-SE 120 > Session-Expires 90", 4: "retry after 422", 5: "Min-SE 120 > Session-Expires 90",
            8: "Min-SE 120 > Session-Expires 90", 10: "retry after 422", 16: "no Min-SE"}

    def test_filters_on_min_se(self):
        self.assertEqual(self.frames_matching("sipadvisor.min_se > 100"), [2, 5, 8])
        self.assertEqual(self.frames_matching("sipadvisor.min_se > 120"), [])
        self.assertEqual(self.frames_matching("sipadvisor.session_expires < sipadvisor.min_se"), [2, 5, 8])
        self.assertEqual(self.frames_matching("sipadvisor.request_min_se == 90"), [5])
        self.assertEqual(self.frames_matching("sipadvisor.followed && sipadvisor.min_se >= 120", two_pass=True), [8])

    # Frame 7 is the first INVITE of call 2 (Call-ID 422-udp-fixed-1, From
    # tag bob422f), made by a second SIPp run after call 1 (422-udp-unfixed-1)
    # gave up (testdata/README.md). It goes to the same Request-URI from the
    # same client but repeats Session-Expires 90: a new call that does not
    # apply the fix is not taken for a retry (RFC 3261 §8.1.3.5 retries keep
    # the Call-ID), so frame 5 stays "never retried".
    def test_call_2_is_not_a_retry_after_call_1(self):
        plain = info_column(self.path, extra=["--disable-protocol", "sipadvisor"])
        self.assertEqual(info_column(self.path)[7], plain[7])  # no "[retry after 422]"
        self.assertEqual(self.frames_matching("sipadvisor.retry_of", two_pass=True), [4, 10])

    def test_expert_report_and_todo_count_call_1_as_given_up(self):
        # The same, as the report and the to-do list count it.
        self.assertEqual(sorted(expert_report(self.path, two_pass=True)), self.expected_report())
        rows, _ = todo_lines(self.path)
        self.assertIn(f"422,Session Interval Too Small,INVITE,127.0.26.2,{self.FIX},3,1,1,1", rows)

    def test_todo_row_of_the_422_without_min_se(self):
        rows, _ = todo_lines(self.path)
        self.assertIn("422,Session Interval Too Small,INVITE,127.0.26.2,Raise Session-Expires (the 422 does not say "
                      "to what: it lacks Min-SE),1,0,0,1", rows)


class TestCaptureStopsAfterAck(CaptureChecks, PluginTestCase):
    """The usual capture of one failed call: INVITE, 422, ACK, end. The
    client never retried, with no capture time after the ACK to be sure."""
    CAPTURE = "stop-after-ack-udp.pcap"
    RESPONSES = {
        2: {"status": 422, **txn(1, "INVITE", "sip:grace@127.0.30.2"),
            "fix": "Retry with Session-Expires ≥ 120 and Min-SE ≥ 120", "min_se": 120, "session_expires": 90,
            "interval_too_small": 1, "retry_state": NOT_RETRIED, "ack_frame": 3, "followup_window": After(3),
            "not_followed": 1},
    }
    REQUESTS = {1: {"response_frame": 2}}
    EXPERT = [
        ("Warns", "Response", "422 Session Interval Too Small: Session-Expires 90 < Min-SE 120 [INVITE]", 1),
        ("Warns", "Sequence", "Client never retried: after the 422 Session Interval Too Small", 1),
    ]
    INFO = {2: "Min-SE 120 > Session-Expires 90"}

    def test_not_followed_with_a_window_of_zero(self):
        self.assertEqual(max(self.double), 3)  # the ACK ends the capture
        self.assertEqual(self.double[2]["sipadvisor.followup_window"], ["0.000000000"])
        self.assertEqual(self.frames_matching("sipadvisor.not_followed", two_pass=True), [2])
        self.assertEqual(self.frames_matching("sipadvisor.not_followed"), [])
        # docs/reference.md: how to keep only the cases where the capture
        # went on long enough to be sure.
        self.assertEqual(self.frames_matching("sipadvisor.not_followed && sipadvisor.followup_window > 5",
                                              two_pass=True), [])
        self.assertEqual(self.frames_matching("sipadvisor.no_ack", two_pass=True), [])

    def test_todo_counts_it_as_not_retried(self):
        rows, _ = todo_lines(self.path)
        self.assertEqual(rows[-1], "422,Session Interval Too Small,INVITE,127.0.30.2,Retry with Session-Expires "
                                   "≥ 120 and Min-SE ≥ 120,1,0,0,1")


class TestIntervalTooBrief423(CaptureChecks, PluginTestCase):
    """423 from Kamailio's registrar: a REGISTER retried with the same
    Expires, then with a Contact expires=3600 that overrides the header
    (RFC 3261 §10.2.1.1); a Contact expires=20 answered by a removal
    (Expires: 0, always allowed); SUBSCRIBE retried with Expires 600; and a
    423 without Min-Expires, retried all the same."""
    CAPTURE = "423-register-udp.pcap"
    FIX = "Retry with Expires ≥ 60 (the header and each Contact's expires; 0 still removes)"
    REG = "sip:127.0.27.2"
    BRIEF = {"status": 423, "fix": FIX, "min_expires": 60, "interval_too_brief": 1}
    RESPONSES = {
        2: {**BRIEF, **txn(1, "REGISTER", REG), "expires": 10, "retry_state": UNFIXED, "retry_frame": 3,
            "retry_uri": REG, "retry_detail": "expires 10 < 60", "retry_fixed": 0, "retry_status": 423,
            "retry_unfixed": 1},
        4: {**BRIEF, **txn(3, "REGISTER", REG), "expires": 10, "retry_state": FIXED, "retry_frame": 5,
            "retry_uri": REG, "retry_detail": "expires 3600", "retry_fixed": 1, "retry_status": 200, "followed": 1},
        8: {**BRIEF, **txn(7, "REGISTER", REG), "contact_expires": 20, "retry_state": FIXED, "retry_frame": 9,
            "retry_uri": REG, "retry_detail": "expires 0", "retry_fixed": 1, "retry_status": 200, "followed": 1},
        12: {**BRIEF, **txn(11, "SUBSCRIBE", "sip:dave@127.0.27.2"), "expires": 5, "retry_state": FIXED,
             "retry_frame": 13, "retry_uri": "sip:dave@127.0.27.2", "retry_detail": "expires 600", "retry_fixed": 1,
             "retry_status": 200, "followed": 1},
        16: {"status": 423, **txn(15, "SUBSCRIBE", "sip:broken-dave@127.0.27.2"),
             "fix": "Ask for a longer expiry (the 423 lacks Min-Expires)", "expires": 5, "interval_too_brief": 1,
             "missing_header": 1, "retry_state": FIXED, "retry_frame": 17, "retry_uri": "sip:broken-dave@127.0.27.2",
             "retry_detail": "expires 600", "retry_fixed": 1, "retry_status": 200, "followed": 1},
    }
    REQUESTS = {1: {"response_frame": 2}, 3: {"response_frame": 4, "retry_of": 2, "retry_fixed": 0},
                5: {"retry_of": 4, "retry_fixed": 1}, 7: {"response_frame": 8}, 9: {"retry_of": 8, "retry_fixed": 1},
                11: {"response_frame": 12}, 13: {"retry_of": 12, "retry_fixed": 1},
                15: {"response_frame": 16}, 17: {"retry_of": 16, "retry_fixed": 1}}
    EXPERT = [
        ("Errors", "Protocol", "Response lacks the header its code requires: 423 without Min-Expires", 1),
        ("Warns", "Response", "423 Interval Too Brief: Expires 10 < Min-Expires 60 [REGISTER]", 2),
        ("Warns", "Response", "423 Interval Too Brief: Expires 20 < Min-Expires 60 [REGISTER]", 1),
        ("Warns", "Response", "423 Interval Too Brief: Expires 5 < Min-Expires 60 [SUBSCRIBE]", 1),
        ("Warns", "Response", "423 Interval Too Brief: no Min-Expires header [SUBSCRIBE]", 1),
        ("Warns", "Sequence", "Retry repeated the mistake: after the 423: expires 10 < 60, final status 423", 1),
        ("Chats", "Sequence", "Client retried as the response asked: after the 423: expires 3600, final status 200", 1),
        ("Chats", "Sequence", "Client retried as the response asked: after the 423: expires 0, final status 200", 1),
        ("Chats", "Sequence", "Client retried as the response asked: after the 423: expires 600, final status 200", 2),
    ]
    INFO = {2: "Min-Expires 60", 3: "retry after 423", 4: "Min-Expires 60", 5: "retry after 423",
            8: "Min-Expires 60", 9: "retry after 423", 12: "Min-Expires 60", 13: "retry after 423",
            16: "no Min-Expires", 17: "retry after 423"}

    def test_filters_on_expiries(self):
        self.assertEqual(self.frames_matching("sipadvisor.min_expires == 60 && sipadvisor.expires < 60"),
                         [2, 4, 12])
        self.assertEqual(self.frames_matching("sipadvisor.contact_expires < 60"), [8])
        subscribe = 'sipadvisor.retry_fixed == 1 && sipadvisor.request_method == "SUBSCRIBE"'
        self.assertEqual(self.frames_matching(subscribe, two_pass=True), [12, 16])

    def test_todo_rows(self):
        rows, notes = todo_lines(self.path)
        self.assertEqual(rows[2:], [
            "status,reason,method,server,fix,seen,retried_with_fix,retried_without_fix,not_retried",
            f"423,Interval Too Brief,REGISTER,127.0.27.2,{self.FIX},3,2,1,0",
            f"423,Interval Too Brief,SUBSCRIBE,127.0.27.2,{self.FIX},1,1,0,0",
            "423,Interval Too Brief,SUBSCRIBE,127.0.27.2,Ask for a longer expiry (the 423 lacks Min-Expires),1,1,0,0",
        ])
        self.assertEqual(notes, [])


class TestSecurityAgreement494(CaptureChecks, PluginTestCase):
    """494 (RFC 3329): a retry whose Security-Verify echoes Security-Server
    byte for byte, and one without Security-Verify, refused again."""
    CAPTURE = "494-udp.pcap"
    REG = "sip:127.0.28.2"
    AGREE = {"status": 494, "fix": "Retry with Security-Client and a Security-Verify that echoes Security-Server "
             "(ipsec-3gpp, tls)",
             "security_mechanism": ["ipsec-3gpp;q=0.1;alg=hmac-sha-1-96;spi-c=3333;spi-s=4444;port-c=5066;port-s=5068",
                                    "tls;q=0.2"],
             "security_client": "ipsec-3gpp;alg=hmac-sha-1-96;spi-c=1111;spi-s=2222;port-c=5062;port-s=5064",
             "security_agreement_required": 1}
    RESPONSES = {
        2: {**AGREE, **txn(1, "REGISTER", REG), "retry_state": FIXED, "retry_frame": 3, "retry_uri": REG,
            "retry_detail": "Security-Verify echoes the 2 offered mechanism(s)", "retry_fixed": 1,
            "retry_status": 200, "followed": 1},
        6: {**AGREE, **txn(5, "REGISTER", REG), "retry_state": UNFIXED, "retry_frame": 7, "retry_uri": REG,
            "retry_detail": "no Security-Verify", "retry_fixed": 0, "retry_status": 494, "retry_unfixed": 1},
        8: {**AGREE, **txn(7, "REGISTER", REG), "retry_state": NOT_RETRIED, "followup_window": After(8),
            "not_followed": 1},
    }
    REQUESTS = {1: {"response_frame": 2}, 3: {"retry_of": 2, "retry_fixed": 1}, 5: {"response_frame": 6},
                7: {"response_frame": 8, "retry_of": 6, "retry_fixed": 0}}
    EXPERT = [
        ("Warns", "Response", "494 Security Agreement Required: server offers ipsec-3gpp, tls [REGISTER]", 3),
        ("Warns", "Sequence", "Retry repeated the mistake: after the 494: no Security-Verify, final status 494", 1),
        ("Warns", "Sequence", "Client never retried: after the 494 Security Agreement Required", 1),
        ("Chats", "Sequence", "Client retried as the response asked: after the 494: Security-Verify echoes the 2 "
         "offered mechanism(s), final status 200", 1),
    ]
    INFO = {2: "sec-agree: ipsec-3gpp, tls", 3: "retry after 494", 6: "sec-agree: ipsec-3gpp, tls",
            7: "retry after 494", 8: "sec-agree: ipsec-3gpp, tls"}

    def test_filters_on_mechanisms(self):
        self.assertEqual(self.frames_matching('sipadvisor.security_mechanism == "tls;q=0.2"'), [2, 6, 8])
        self.assertEqual(self.frames_matching("sipadvisor.security_agreement_required && sipadvisor.retry_unfixed",
                                              two_pass=True), [6])


class TestProxyLegs(CaptureChecks, PluginTestCase):
    """A stateful proxy between caller and callee, both legs captured: the
    callee's 421 to the proxy and the proxy's 421 to the caller are two
    transactions, each followed on its own leg."""
    CAPTURE = "proxy-legs-udp.pcap"
    URI = "sip:frank@127.0.29.3"
    MISSING = {"status": 421, "fix": "Add timer to Supported and retry (or stop requiring it on the server)",
               "required": "timer", "supported": ["100rel", "replaces"], "missing": "timer",
               "extension_required": 1, "retry_state": FIXED, "retry_uri": URI, "retry_detail": "with timer",
               "retry_fixed": 1, "retry_status": 200, "followed": 1}
    RESPONSES = {
        4: {**MISSING, **txn(3, "INVITE", URI), "ack_frame": 5, "retry_frame": 10},
        6: {**MISSING, **txn(1, "INVITE", URI), "ack_frame": 7, "retry_frame": 8},
    }
    REQUESTS = {1: {"response_frame": 6}, 3: {"response_frame": 4}, 8: {"retry_of": 6, "retry_fixed": 1},
                10: {"retry_of": 4, "retry_fixed": 1}}
    EXPERT = [
        ("Warns", "Response", "421 Extension Required: missing timer [INVITE]", 2),
        ("Chats", "Sequence", "Client retried as the response asked: after the 421: with timer, final status 200", 2),
    ]
    INFO = {4: "missing: timer", 6: "missing: timer", 8: "retry after 421", 10: "retry after 421"}

    def test_each_leg_links_within_itself(self):
        # The request, ACK and retry of each 421 travel the 421's leg in the
        # other direction (addresses from the capture, not from sipadvisor).
        hops = {r["frame"]: (r["ip.src"][0], r["ip.dst"][0])
                for r in fields(self.path, ["ip.src", "ip.dst"], two_pass=True)}
        legs = {4: ("127.0.29.3", "127.0.29.2"), 6: ("127.0.29.2", "127.0.29.1")}
        for frame, (server, client) in legs.items():
            with self.subTest(frame=frame):
                row = self.double[frame]
                self.assertEqual(hops[frame], (server, client))
                for link in ("request_frame", "ack_frame", "retry_frame"):
                    self.assertEqual(hops[int(row["sipadvisor." + link][0])], (client, server), link)

    def test_todo_names_each_leg(self):
        rows, _ = todo_lines(self.path)
        fix = "Add timer to Supported and retry (or stop requiring it on the server)"
        self.assertEqual(rows, [
            "moved_from,new_uri,q,expires,seen,followed",
            "server,tag,rfc,meaning,seen,clients_lacking_it",
            "127.0.29.3,timer,RFC 4028,session timers,1,127.0.29.2",
            "127.0.29.2,timer,RFC 4028,session timers,1,127.0.29.1",
            "status,reason,method,server,fix,seen,retried_with_fix,retried_without_fix,not_retried",
            f"421,Extension Required,INVITE,127.0.29.3,{fix},1,1,0,0",
            f"421,Extension Required,INVITE,127.0.29.2,{fix},1,1,0,0",
        ])

    def test_filter_on_a_leg(self):
        self.assertEqual(self.frames_matching("sipadvisor.retry_of == 4", two_pass=True), [10])
        self.assertEqual(self.frames_matching("sipadvisor.retry_frame == 8", two_pass=True), [6])


if __name__ == "__main__":
    unittest.main()
