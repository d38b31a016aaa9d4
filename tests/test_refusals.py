# SPDX-License-Identifier: GPL-2.0-or-later
"""Refusals whose headers say what to change, on the Kamailio captures of
testdata/README.md: 401/407 challenges (routine, credentials rejected, stale
nonce), a day of routine challenges that must stay Chat, 405 retried with
another method, 415, 489, Retry-After (503 too early and after; 486, 480,
600, 603 not retried), 513 retried over TCP and 413 retried smaller. Every
frame of each capture is checked in a single pass and with -2
(capture_checks.py); the tests here add the filters, the to-do report and
what is particular to a capture."""
import unittest

from capture_checks import FIXED, NOT_RETRIED, UNFIXED, After, CaptureChecks, todo_lines, txn
from sipadvisor_harness import PluginTestCase, expert_report, fields

REALM = "sipadvisor.test"
CHALLENGE = {"auth_scheme": "Digest", "auth_realm": REALM, "auth_qop": "auth", "auth_stale": 0,
             "auth_challenge": 1}
ROUTINE_401 = f'Retry with Authorization for realm "{REALM}" (routine)'
FIX_HEADER = "status,reason,method,server,fix,seen,retried_with_fix,retried_without_fix,not_retried"
EMPTY_SECTIONS = ["moved_from,new_uri,q,expires,seen,followed", "server,tag,rfc,meaning,seen,clients_lacking_it"]


def credentials(user, header="Authorization"):
    return f"{header} for realm {REALM} (user {user})"


class TestAuthentication(CaptureChecks, PluginTestCase):
    """A routine 401 to REGISTER and 407 to INVITE, each retried with
    credentials; a password the server refuses (401 again, no stale); and a
    stale nonce (401 with stale=true to credentials, routine)."""
    CAPTURE = "auth-udp.pcap"
    REG = "sip:127.0.31.2"
    RESPONSES = {
        2: {"status": 401, **txn(1, "REGISTER", REG), "fix": ROUTINE_401, **CHALLENGE,
            "retry_state": FIXED, "retry_frame": 3, "retry_uri": REG, "retry_detail": credentials("alice"),
            "retry_fixed": 1, "retry_status": 200, "followed": 1},
        6: {"status": 407, **txn(5, "INVITE", "sip:dave@127.0.31.2"),
            "fix": f'Retry with Proxy-Authorization for realm "{REALM}" (routine)', **CHALLENGE,
            "retry_state": FIXED, "ack_frame": 7, "retry_frame": 8, "retry_uri": "sip:dave@127.0.31.2",
            "retry_detail": credentials("alice", "Proxy-Authorization"), "retry_fixed": 1, "retry_status": 200,
            "followed": 1},
        # The retry carries credentials, as the 401 asked: that the password
        # is wrong is the next 401's finding.
        14: {"status": 401, **txn(13, "REGISTER", REG), "fix": ROUTINE_401, **CHALLENGE,
             "retry_state": FIXED, "retry_frame": 15, "retry_uri": REG, "retry_detail": credentials("bob"),
             "retry_fixed": 1, "retry_status": 401, "followed": 1},
        # Giving up after refused credentials is right: no not_followed.
        16: {"status": 401, **txn(15, "REGISTER", REG), "fix": f'Check the user name and password for realm "{REALM}"',
             "auth_scheme": "Digest", "auth_realm": REALM, "auth_qop": "auth", "auth_stale": 0,
             "request_credentials": f"user bob, realm {REALM}", "auth_rejected": 1, "retry_state": NOT_RETRIED},
        18: {"status": 401, **txn(17, "REGISTER", REG), "fix": ROUTINE_401, **CHALLENGE,
             "retry_state": FIXED, "retry_frame": 19, "retry_uri": REG, "retry_detail": credentials("carol"),
             "retry_fixed": 1, "retry_status": 200, "followed": 1},
        22: {"status": 401, **txn(21, "REGISTER", REG), "fix": "Retry with Authorization built on the new nonce "
             "(routine)", **CHALLENGE, "auth_stale": 1, "request_credentials": f"user carol, realm {REALM}",
             "retry_state": FIXED, "retry_frame": 23, "retry_uri": REG, "retry_detail": credentials("carol"),
             "retry_fixed": 1, "retry_status": 200, "followed": 1},
    }
    REQUESTS = {1: {"response_frame": 2}, 3: {"retry_of": 2, "retry_fixed": 1}, 5: {"response_frame": 6},
                8: {"retry_of": 6, "retry_fixed": 1}, 13: {"response_frame": 14},
                15: {"response_frame": 16, "retry_of": 14, "retry_fixed": 1}, 17: {"response_frame": 18},
                19: {"retry_of": 18, "retry_fixed": 1}, 21: {"response_frame": 22},
                23: {"retry_of": 22, "retry_fixed": 1}}
    EXPERT = [
        ("Warns", "Response", f"Credentials rejected: 401 again for user bob, realm {REALM} [REGISTER]", 1),
        ("Chats", "Response", f'Authentication challenge: 401 Unauthorized, Digest realm "{REALM}" [REGISTER]', 3),
        ("Chats", "Response", f'Authentication challenge: 401 Unauthorized, Digest realm "{REALM}" (stale nonce) '
         "[REGISTER]", 1),
        ("Chats", "Response", f'Authentication challenge: 407 Proxy Authentication Required, Digest realm "{REALM}" '
         "[INVITE]", 1),
        ("Chats", "Sequence", f"Client retried as the response asked: after the 401: {credentials('alice')}, "
         "final status 200", 1),
        ("Chats", "Sequence", f"Client retried as the response asked: after the 407: "
         f"{credentials('alice', 'Proxy-Authorization')}, final status 200", 1),
        ("Chats", "Sequence", f"Client retried as the response asked: after the 401: {credentials('bob')}, "
         "final status 401", 1),
        ("Chats", "Sequence", f"Client retried as the response asked: after the 401: {credentials('carol')}, "
         "final status 200", 2),
    ]
    INFO = {2: f"challenge, realm {REALM}", 3: "retry after 401", 6: f"challenge, realm {REALM}",
            8: "retry after 407", 14: f"challenge, realm {REALM}", 15: "retry after 401",
            16: "credentials rejected", 18: f"challenge, realm {REALM}", 19: "retry after 401",
            22: f"challenge, realm {REALM}", 23: "retry after 401"}

    def test_filters_on_the_challenge(self):
        self.assertEqual(self.frames_matching("sipadvisor.auth_rejected"), [16])
        self.assertEqual(self.frames_matching("sipadvisor.auth_rejected", two_pass=True), [16])
        self.assertEqual(self.frames_matching("sipadvisor.auth_stale == 1"), [22])
        self.assertEqual(self.frames_matching('sipadvisor.request_credentials contains "carol"'), [22])
        self.assertEqual(self.frames_matching('sipadvisor.auth_realm == "sipadvisor.test" && sipadvisor.status == 407'),
                         [6])
        # The challenges name no algorithm (Kamailio's MD5 is the default).
        self.assertEqual(self.frames_matching("sipadvisor.auth_algorithm"), [])

    def test_todo_rows(self):
        rows, notes = todo_lines(self.path)
        self.assertEqual(rows, EMPTY_SECTIONS + [
            FIX_HEADER,
            '401,Unauthorized,REGISTER,127.0.31.2,"Retry with Authorization for realm ""sipadvisor.test"" '
            '(routine)",3,3,0,0',
            '407,Proxy Authentication Required,INVITE,127.0.31.2,"Retry with Proxy-Authorization for realm '
            '""sipadvisor.test"" (routine)",1,1,0,0',
            '401,Unauthorized,REGISTER,127.0.31.2,"Check the user name and password for realm ""sipadvisor.test""",'
            '1,0,0,1',
            "401,Unauthorized,REGISTER,127.0.31.2,Retry with Authorization built on the new nonce (routine),1,1,0,0",
        ])
        self.assertEqual(notes, [])


def ordinary_day_responses():
    """Cycle k = 1...24: REGISTER 4k-3, 401 4k-2, REGISTER with credentials
    4k-1, 200 OK 4k (testdata/README.md)."""
    return {4 * k - 2: {"status": 401, **txn(4 * k - 3, "REGISTER", "sip:127.0.32.2"), "fix": ROUTINE_401,
                        **CHALLENGE, "retry_state": FIXED, "retry_frame": 4 * k - 1, "retry_uri": "sip:127.0.32.2",
                        "retry_detail": credentials("alice"), "retry_fixed": 1, "retry_status": 200, "followed": 1}
            for k in range(1, 25)}


def ordinary_day_requests():
    requests = {}
    for k in range(1, 25):
        requests[4 * k - 3] = {"response_frame": 4 * k - 2}
        requests[4 * k - 1] = {"retry_of": 4 * k - 2, "retry_fixed": 1}
    return requests


class TestOrdinaryDay(CaptureChecks, PluginTestCase):
    """24 hourly registrations, each challenged once and answered with
    credentials: routine, so Chat entries only, two lines in all."""
    CAPTURE = "ordinary-day-udp.pcap"
    RESPONSES = ordinary_day_responses()
    REQUESTS = ordinary_day_requests()
    EXPERT = [
        ("Chats", "Response", f'Authentication challenge: 401 Unauthorized, Digest realm "{REALM}" [REGISTER]', 24),
        ("Chats", "Sequence", f"Client retried as the response asked: after the 401: {credentials('alice')}, "
         "final status 200", 24),
    ]
    INFO = {**{f: f"challenge, realm {REALM}" for f in RESPONSES},
            **{4 * k - 1: "retry after 401" for k in range(1, 25)}}

    def test_only_chat_entries(self):
        for two_pass in (False, True):
            with self.subTest(two_pass=two_pass):
                self.assertEqual({e[0] for e in expert_report(self.path, two_pass=two_pass)}, {"Chats"})
        warnings = ("sipadvisor.not_followed || sipadvisor.no_ack || sipadvisor.auth_rejected || "
                    "sipadvisor.retry_unfixed")
        self.assertEqual(self.frames_matching(warnings, two_pass=True), [])

    def test_an_hour_apart_the_next_register_is_no_retry(self):
        # Cycle 24 starts 23 h after cycle 1; the every-frame checks make sure
        # that no cycle's first REGISTER is taken for a retry of the one before.
        self.assertEqual(self.times[93] - self.times[1], 82800)
        self.assertEqual(self.frames_matching("sipadvisor.retry_of", two_pass=True), [4 * k - 1 for k in range(1, 25)])

    def test_todo_has_one_routine_row(self):
        rows, _ = todo_lines(self.path)
        self.assertEqual(rows, EMPTY_SECTIONS + [
            FIX_HEADER,
            '401,Unauthorized,REGISTER,127.0.32.2,"Retry with Authorization for realm ""sipadvisor.test"" '
            '(routine)",24,24,0,0'])


class TestMethodMediaEvent(CaptureChecks, PluginTestCase):
    """405 answered by the same caller with an allowed method, 405 without
    Allow; 415 retried with an accepted body, and retried with the same
    refused one; 489 retried with an allowed event package, 489 without
    Allow-Events."""
    CAPTURE = "refusals-udp.pcap"
    ALLOW = ["INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "MESSAGE", "SUBSCRIBE"]
    ACCEPT = {"fix": "Send a body the server accepts: text/plain, application/sdp", "accept": ["text/plain",
              "application/sdp"], "accept_encoding": "identity", "accept_language": "en",
              "request_content_type": "text/html", "unsupported_media": 1}
    BOB = "sip:bob@127.0.33.2"
    RESPONSES = {
        2: {"status": 405, **txn(1, "PUBLISH", "sip:carol@127.0.33.2"),
            "fix": "Use an allowed method: " + ", ".join(ALLOW), "allow": ALLOW, "method_not_allowed": 1,
            "retry_state": FIXED, "retry_frame": 3, "retry_uri": "sip:carol@127.0.33.2",
            "retry_detail": "OPTIONS, which is allowed", "retry_fixed": 1, "retry_status": 200, "followed": 1},
        6: {"status": 405, **txn(5, "PUBLISH", "sip:broken-carol@127.0.33.2"),
            "fix": "Use another method (the 405 lacks Allow)", "method_not_allowed": 1, "missing_header": 1,
            "retry_state": FIXED, "retry_frame": 7, "retry_uri": "sip:broken-carol@127.0.33.2",
            "retry_detail": "OPTIONS", "retry_fixed": 1, "retry_status": 200, "followed": 1},
        10: {"status": 415, **txn(9, "MESSAGE", BOB), **ACCEPT,
             "retry_state": FIXED, "retry_frame": 11, "retry_uri": BOB, "retry_detail": "Content-Type text/plain",
             "retry_fixed": 1, "retry_status": 200, "followed": 1},
        14: {"status": 415, **txn(13, "MESSAGE", BOB), **ACCEPT,
             "retry_state": UNFIXED, "retry_frame": 15, "retry_uri": BOB,
             "retry_detail": "Content-Type text/html, not accepted", "retry_fixed": 0, "retry_status": 415,
             "retry_unfixed": 1},
        16: {"status": 415, **txn(15, "MESSAGE", BOB), **ACCEPT,
             "retry_state": NOT_RETRIED, "followup_window": After(16), "not_followed": 1},
        18: {"status": 489, **txn(17, "SUBSCRIBE", "sip:dave@127.0.33.2"),
             "fix": "Subscribe to an allowed event package: presence, dialog", "allow_events": ["presence", "dialog"],
             "request_event": "x-foo", "bad_event": 1,
             "retry_state": FIXED, "retry_frame": 19, "retry_uri": "sip:dave@127.0.33.2",
             "retry_detail": "Event presence", "retry_fixed": 1, "retry_status": 200, "followed": 1},
        22: {"status": 489, **txn(21, "SUBSCRIBE", "sip:broken-dave@127.0.33.2"),
             "fix": "Use an event package the server supports (the 489 lists none)", "request_event": "x-foo",
             "bad_event": 1, "missing_header": 1,
             "retry_state": FIXED, "retry_frame": 23, "retry_uri": "sip:broken-dave@127.0.33.2",
             "retry_detail": "Event presence", "retry_fixed": 1, "retry_status": 200, "followed": 1},
    }
    REQUESTS = {1: {"response_frame": 2}, 3: {"retry_of": 2, "retry_fixed": 1}, 5: {"response_frame": 6},
                7: {"retry_of": 6, "retry_fixed": 1}, 9: {"response_frame": 10}, 11: {"retry_of": 10, "retry_fixed": 1},
                13: {"response_frame": 14}, 15: {"response_frame": 16, "retry_of": 14, "retry_fixed": 0},
                17: {"response_frame": 18}, 19: {"retry_of": 18, "retry_fixed": 1}, 21: {"response_frame": 22},
                23: {"retry_of": 22, "retry_fixed": 1}}
    EXPERT = [
        ("Errors", "Protocol", "Response lacks the header its code requires: 405 without Allow", 1),
        ("Errors", "Protocol", "Response lacks the header its code requires: 489 without Allow-Events", 1),
        ("Warns", "Response", "405 Method Not Allowed: PUBLISH not allowed; Allow: INVITE, ACK, BYE, CANCEL, OPTIONS "
         "(+3 more) [PUBLISH]", 1),
        ("Warns", "Response", "405 Method Not Allowed: PUBLISH refused, no Allow header [PUBLISH]", 1),
        ("Warns", "Response", "415 Unsupported Media Type: text/html not accepted; Accept: text/plain, application/sdp "
         "[MESSAGE]", 3),
        ("Warns", "Response", "489 Bad Event: x-foo not allowed; Allow-Events: presence, dialog [SUBSCRIBE]", 1),
        ("Warns", "Response", "489 Bad Event: x-foo refused, no Allow-Events header [SUBSCRIBE]", 1),
        ("Warns", "Sequence", "Retry repeated the mistake: after the 415: Content-Type text/html, not accepted, "
         "final status 415", 1),
        ("Warns", "Sequence", "Client never retried: after the 415 Unsupported Media Type", 1),
        ("Chats", "Sequence", "Client retried as the response asked: after the 405: OPTIONS, which is allowed, "
         "final status 200", 1),
        ("Chats", "Sequence", "Client retried as the response asked: after the 405: OPTIONS, final status 200", 1),
        ("Chats", "Sequence", "Client retried as the response asked: after the 415: Content-Type text/plain, "
         "final status 200", 1),
        ("Chats", "Sequence", "Client retried as the response asked: after the 489: Event presence, "
         "final status 200", 2),
    ]
    INFO = {2: "Allow: INVITE, ACK, BYE, CANCEL, OPTIONS (+3 more)", 3: "retry after 405", 6: "Allow: ?",
            7: "retry after 405", 10: "Accept: text/plain, application/sdp", 11: "retry after 415",
            14: "Accept: text/plain, application/sdp", 15: "retry after 415",
            16: "Accept: text/plain, application/sdp", 18: "Allow-Events: presence, dialog", 19: "retry after 489",
            22: "Allow-Events: ?", 23: "retry after 489"}

    def test_filters_on_what_the_server_accepts(self):
        self.assertEqual(self.frames_matching('sipadvisor.allow == "SUBSCRIBE"'), [2])
        self.assertEqual(self.frames_matching('sipadvisor.accept == "application/sdp" && '
                                              'sipadvisor.request_content_type == "text/html"'), [10, 14, 16])
        self.assertEqual(self.frames_matching('sipadvisor.allow_events == "dialog"'), [18])
        self.assertEqual(self.frames_matching("sipadvisor.retry_unfixed", two_pass=True), [14])
        self.assertEqual(self.frames_matching("sipadvisor.missing_header", two_pass=True), [6, 22])

    def test_todo_rows(self):
        rows, notes = todo_lines(self.path)
        self.assertEqual(rows, EMPTY_SECTIONS + [
            FIX_HEADER,
            '405,Method Not Allowed,PUBLISH,127.0.33.2,"Use an allowed method: INVITE, ACK, BYE, CANCEL, OPTIONS, '
            'REGISTER, MESSAGE, SUBSCRIBE",1,1,0,0',
            "405,Method Not Allowed,PUBLISH,127.0.33.2,Use another method (the 405 lacks Allow),1,1,0,0",
            '415,Unsupported Media Type,MESSAGE,127.0.33.2,"Send a body the server accepts: text/plain, '
            'application/sdp",3,1,1,1',
            '489,Bad Event,SUBSCRIBE,127.0.33.2,"Subscribe to an allowed event package: presence, dialog",1,1,0,0',
            "489,Bad Event,SUBSCRIBE,127.0.33.2,Use an event package the server supports (the 489 lists none),"
            "1,1,0,0",
        ])
        self.assertEqual(notes, [])


class TestRetryAfter(CaptureChecks, PluginTestCase):
    """503 Retry-After: 2 retried after 0.5 s (too early), then after 3 s;
    486, 480 (with a comment and a duration, RFC 3261 §20.33), 600 and 603
    with Retry-After and no retry."""
    CAPTURE = "retry-after-udp.pcap"
    SVC = "sip:svc@127.0.34.2"
    RESPONSES = {
        2: {"status": 503, **txn(1, "INVITE", SVC), "fix": "Wait 2 s before trying again", "retry_after": 2,
            "retry_later": 1, "retry_state": UNFIXED, "ack_frame": 3, "retry_frame": 4, "retry_uri": SVC,
            "retry_detail": "after 0.5 s of 2 s", "retry_fixed": 0, "retry_status": 503, "retry_too_early": 1},
        5: {"status": 503, **txn(4, "INVITE", SVC), "fix": "Wait 2 s before trying again", "retry_after": 2,
            "retry_later": 1, "retry_state": FIXED, "ack_frame": 6, "retry_frame": 7, "retry_uri": SVC,
            "retry_detail": "after 3.0 s of 2 s", "retry_fixed": 1, "retry_status": 200, "followed": 1},
        13: {"status": 486, **txn(12, "INVITE", "sip:busy@127.0.34.2"), "fix": "Wait 3 s before trying again",
             "retry_after": 3, "retry_later": 1,
             "retry_state": NOT_RETRIED, "ack_frame": 14, "followup_window": After(14)},
        16: {"status": 480, **txn(15, "INVITE", "sip:away@127.0.34.2"), "fix": "Wait 2 s before trying again",
             "retry_after": 2, "retry_after.comment": "back soon", "retry_after.duration": 60, "retry_later": 1,
             "retry_state": NOT_RETRIED, "ack_frame": 17, "followup_window": After(17)},
        19: {"status": 600, **txn(18, "INVITE", "sip:everyone@127.0.34.2"), "fix": "Wait 10 s before trying again",
             "retry_after": 10, "retry_later": 1,
             "retry_state": NOT_RETRIED, "ack_frame": 20, "followup_window": After(20)},
        22: {"status": 603, **txn(21, "INVITE", "sip:nobody@127.0.34.2"), "fix": "Wait 3600 s before trying again",
             "retry_after": 3600, "retry_later": 1,
             "retry_state": NOT_RETRIED, "ack_frame": 23, "followup_window": After(23)},
    }
    REQUESTS = {1: {"response_frame": 2}, 4: {"response_frame": 5, "retry_of": 2, "retry_fixed": 0},
                7: {"retry_of": 5, "retry_fixed": 1}, 12: {"response_frame": 13}, 15: {"response_frame": 16},
                18: {"response_frame": 19}, 21: {"response_frame": 22}}
    EXPERT = [
        ("Warns", "Sequence", "Retry came before Retry-After: after the 503: after 0.5 s of 2 s, final status 503", 1),
        ("Notes", "Response", "Retry later: 503 Service Unavailable: Retry-After 2 s [INVITE]", 2),
        ("Notes", "Response", "Retry later: 486 Busy Here: Retry-After 3 s [INVITE]", 1),
        ("Notes", "Response", "Retry later: 480 Temporarily Unavailable: Retry-After 2 s [INVITE]", 1),
        ("Notes", "Response", "Retry later: 600 Busy Everywhere: Retry-After 10 s [INVITE]", 1),
        ("Notes", "Response", "Retry later: 603 Decline: Retry-After 3600 s [INVITE]", 1),
        ("Chats", "Sequence", "Client retried as the response asked: after the 503: after 3.0 s of 2 s, "
         "final status 200", 1),
    ]
    INFO = {2: "Retry-After 2 s", 4: "retry after 503", 5: "Retry-After 2 s", 7: "retry after 503",
            13: "Retry-After 3 s", 16: "Retry-After 2 s", 19: "Retry-After 10 s", 22: "Retry-After 3600 s"}

    def test_retry_gaps_match_the_capture(self):
        # The details above follow README.md (t≈0.5 s and t≈3.5 s); check them
        # against the capture's own times.
        self.assertEqual(f"{self.times[4] - self.times[2]:.1f}", "0.5")
        self.assertEqual(f"{self.times[7] - self.times[5]:.1f}", "3.0")

    def test_filters_on_retry_after(self):
        self.assertEqual(self.frames_matching("sipadvisor.retry_too_early", two_pass=True), [2])
        self.assertEqual(self.frames_matching("sipadvisor.retry_after >= 10"), [19, 22])
        self.assertEqual(self.frames_matching("sipadvisor.retry_after.duration == 60"), [16])
        # Not retrying after Retry-After is a choice, not a finding: the
        # give-ups are found by retry_state, with enough capture after them.
        windows = {f: self.times[max(self.times)] - self.times[f + 1] for f in (13, 16, 19, 22)}
        self.assertEqual(self.frames_matching("sipadvisor.retry_state == 3 && sipadvisor.followup_window > 0.3",
                                              two_pass=True), sorted(f for f, w in windows.items() if w > 0.3))
        self.assertEqual(self.frames_matching("sipadvisor.not_followed", two_pass=True), [])

    def test_todo_rows(self):
        rows, notes = todo_lines(self.path)
        self.assertEqual(rows, EMPTY_SECTIONS + [
            FIX_HEADER,
            "503,Service Unavailable,INVITE,127.0.34.2,Wait 2 s before trying again,2,1,1,0",
            "486,Busy Here,INVITE,127.0.34.2,Wait 3 s before trying again,1,0,0,1",
            "480,Temporarily Unavailable,INVITE,127.0.34.2,Wait 2 s before trying again,1,0,0,1",
            "600,Busy Everywhere,INVITE,127.0.34.2,Wait 10 s before trying again,1,0,0,1",
            "603,Decline,INVITE,127.0.34.2,Wait 3600 s before trying again,1,0,0,1",
        ])
        self.assertEqual(notes, [])


class TestTooLarge(CaptureChecks, PluginTestCase):
    """513 to a 1,491-byte INVITE over UDP, retried over TCP by the same
    client (RFC 3261 §18.1.1); 413 to a MESSAGE with a 701-byte body,
    retried with a 70-byte one."""
    CAPTURE = "too-large-udp.pcap"
    URI = "sip:frank@127.0.35.2"
    TCP_FIX = "Send it over TCP (above 1300 bytes UDP is not for SIP, RFC 3261 §18.1.1) or make it smaller"
    RESPONSES = {
        # The TCP retry is the same INVITE with ";transport=tcp" (14 bytes)
        # added to its Contact: 1,491 + 14 bytes.
        2: {"status": 513, **txn(1, "INVITE", URI), "fix": TCP_FIX, "request_size": 1491, "request_transport": "UDP",
            "too_large": 1, "retry_state": FIXED, "ack_frame": 3, "retry_frame": 7, "retry_uri": URI,
            "retry_detail": "1505 bytes over TCP", "retry_fixed": 1, "retry_status": 200, "followed": 1},
        # The retry differs only by its body, 631 bytes shorter (701 - 70).
        20: {"status": 413, **txn(19, "MESSAGE", URI), "fix": "Make the request smaller (body, headers)",
             "request_size": 1050, "request_transport": "UDP", "too_large": 1,
             "retry_state": FIXED, "retry_frame": 21, "retry_uri": URI, "retry_detail": "419 bytes over UDP",
             "retry_fixed": 1, "retry_status": 200, "followed": 1},
    }
    REQUESTS = {1: {"response_frame": 2}, 7: {"retry_of": 2, "retry_fixed": 1}, 19: {"response_frame": 20},
                21: {"retry_of": 20, "retry_fixed": 1}}
    EXPERT = [
        ("Warns", "Response", "Request too large: 513 Message Too Large: 1491 bytes over UDP [INVITE]", 1),
        ("Warns", "Response", "Request too large: 413 Request Entity Too Large: 1050 bytes over UDP [MESSAGE]", 1),
        ("Chats", "Sequence", "Client retried as the response asked: after the 513: 1505 bytes over TCP, "
         "final status 200", 1),
        ("Chats", "Sequence", "Client retried as the response asked: after the 413: 419 bytes over UDP, "
         "final status 200", 1),
    ]
    INFO = {2: "too large: 1491 bytes over UDP", 7: "retry after 513", 20: "too large: 1050 bytes over UDP",
            21: "retry after 413"}

    def test_513_retry_is_tcp_from_the_same_client(self):
        rows = {r["frame"]: r for r in fields(self.path, ["ip.src", "udp.srcport", "tcp.srcport"], two_pass=True)}
        self.assertEqual((rows[1]["ip.src"], rows[1]["udp.srcport"]), (["127.0.35.1"], ["5060"]))
        self.assertEqual((rows[7]["ip.src"], rows[7]["tcp.srcport"]), (["127.0.35.1"], ["5060"]))
        self.assertEqual(self.double[2]["sipadvisor.retry_frame"], ["7"])

    def test_filters_on_size_and_transport(self):
        self.assertEqual(self.frames_matching('sipadvisor.request_transport == "UDP" && '
                                              'sipadvisor.request_size > 1300'), [2])
        self.assertEqual(self.frames_matching("sipadvisor.too_large && sipadvisor.request_size <= 1300"), [20])
        self.assertEqual(self.frames_matching("sipadvisor.retry_fixed == 1 && sipadvisor.too_large", two_pass=True),
                         [2, 20])

    def test_todo_row_of_the_513(self):
        rows, notes = todo_lines(self.path)
        self.assertIn(f'513,Message Too Large,INVITE,127.0.35.2,"{self.TCP_FIX}",1,1,0,0', rows)
        self.assertEqual(notes, [])

    # Frame 20: a 413 refuses the size of the body whatever the transport
    # (RFC 3261 §21.4.11; the server here refuses bodies over 512 bytes,
    # testdata/README.md), and the MESSAGE is below 1300 bytes: the fix is a
    # smaller request, not TCP.
    def test_413_fix_is_a_smaller_body(self):
        rows, _ = todo_lines(self.path)
        self.assertIn('413,Request Entity Too Large,MESSAGE,127.0.35.2,"Make the request smaller (body, headers)",'
                      "1,1,0,0", rows)


if __name__ == "__main__":
    unittest.main()
