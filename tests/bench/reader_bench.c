/* reader_bench.c
 * Nanoseconds per message of the SIP header reader (not a test).
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipadvisor-reader.h"

/* How long the header reader (plugin/sipadvisor-reader.c) takes per
 * message: a 600-byte INVITE header block, a 401 with a digest challenge, a
 * 301 with three Contacts and a compact-form request, each read and reset
 * ITERATIONS times (one reset per message, as extraction resets once per
 * frame). Not a test: it prints ns/message and checks nothing but that the
 * messages are read. SAMPLE (0-3) runs one of them only, e.g. to count its
 * instructions with valgrind --tool=callgrind (stable on a busy machine).
 *
 *   cmake --build build --target reader_bench && build/tests/reader_bench [ITERATIONS [SAMPLE]]
 * or, without CMake:
 *   cc -O2 -I plugin -I /usr/include/wireshark tests/bench/reader_bench.c plugin/sipadvisor-reader.c \
 *      $(pkg-config --cflags --libs glib-2.0) -o reader_bench */

static const char invite[] =
    "INVITE sip:+4930123456789@sip.example.net;user=phone SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 192.0.2.14:5060;branch=z9hG4bK-524287-1---a3c1f2e5d7b9a8c4;rport\r\n"
    "Max-Forwards: 70\r\n"
    "Contact: <sip:alice@192.0.2.14:5060;transport=udp>\r\n"
    "To: <sip:+4930123456789@sip.example.net;user=phone>\r\n"
    "From: \"Alice Example\" <sip:alice@sip.example.net>;tag=8f3a2c71\r\n"
    "Call-ID: NjQ1ZGYyNjM0ZmE3NDk1OWQ2YzQ2ZjE2ZjM1Y2E4MzE.@192.0.2.14\r\n"
    "CSeq: 2 INVITE\r\n"
    "Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, UPDATE\r\n"
    "Content-Type: application/sdp\r\n"
    "Supported: replaces, timer, 100rel, outbound, path\r\n"
    "User-Agent: Example Softphone 5.4.2 rv2.10.17.85\r\n"
    "Allow-Events: presence, kpml, talk\r\n"
    "Session-Expires: 1800\r\n"
    "Min-SE: 90\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

static const char unauthorized[] =
    "SIP/2.0 401 Unauthorized\r\n"
    "Via: SIP/2.0/UDP 192.0.2.14:5060;branch=z9hG4bK-524287-1---a3c1f2e5d7b9a8c4;"
    "rport=5060;received=198.51.100.7\r\n"
    "From: \"Alice Example\" <sip:alice@sip.example.net>;tag=8f3a2c71\r\n"
    "To: <sip:alice@sip.example.net>;tag=as4b2d1e0f\r\n"
    "Call-ID: NjQ1ZGYyNjM0ZmE3NDk1OWQ2YzQ2ZjE2ZjM1Y2E4MzE.@192.0.2.14\r\n"
    "CSeq: 1 REGISTER\r\n"
    "Server: Example PBX 18.4.0\r\n"
    "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, SUBSCRIBE, NOTIFY, INFO\r\n"
    "Supported: replaces, timer\r\n"
    "WWW-Authenticate: Digest algorithm=MD5, realm=\"sip.example.net\", "
    "nonce=\"2c4f1a6b\", qop=\"auth\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

static const char moved[] = "SIP/2.0 301 Moved Permanently\r\n"
                            "Via: SIP/2.0/UDP 192.0.2.14:5060;branch=z9hG4bK-301-inv1\r\n"
                            "From: <sip:bob@client.example.com>;tag=bob301u\r\n"
                            "To: <sip:alice@old.example.com>;tag=as301u1\r\n"
                            "Call-ID: 301-udp-1@192.0.2.14\r\n"
                            "CSeq: 1 INVITE\r\n"
                            "Contact: <sip:alice@new.example.com>;q=0.5;expires=3600, "
                            "\"Alice at home\" <sip:alice@198.51.100.2:5060;transport=tcp>;q=0.9\r\n"
                            "Contact: <tel:+15551234567>;q=0.1\r\n"
                            "Server: SIPp sipadvisor-testdata\r\n"
                            "Content-Length: 0\r\n"
                            "\r\n";

static const char compact[] = "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
                              "v: SIP/2.0/TCP [2001:db8::9]:5061;branch=z9hG4bKnashds8\r\n"
                              "f: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
                              "t: <sip:bob@biloxi.example.com>\r\n"
                              "i: a84b4c76e66710@pc33.atlanta.example.com\r\n"
                              "CSeq: 314159 INVITE\r\n"
                              "m: <sip:alice@[2001:db8::9]:5061;transport=tcp>\r\n"
                              "k: 100rel, timer\r\n"
                              "x: 1800;refresher=uac\r\n"
                              "c: application/sdp\r\n"
                              "l: 0\r\n"
                              "\r\n";

typedef struct {
    const char *name;
    const char *text;
    gsize len;
} sample_t;

int main(int argc, char **argv)
{
    sample_t samples[] = {
        {"INVITE", invite, sizeof invite - 1},
        {"401 with digest challenge", unauthorized, sizeof unauthorized - 1},
        {"301 with 3 Contacts", moved, sizeof moved - 1},
        {"compact-form INVITE", compact, sizeof compact - 1},
    };
    long iterations = argc > 1 ? strtol(argv[1], NULL, 10) : 2500000;
    long only = argc > 2 ? strtol(argv[2], NULL, 10) : -1;
    sa_reader_t *rd = sa_reader_new();
    volatile gsize sink = 0;
    double total_ns = 0;

    if (iterations <= 0) {
        fprintf(stderr, "usage: %s [ITERATIONS]\n", argv[0]);
        return 2;
    }
    for (gsize s = 0; s < G_N_ELEMENTS(samples); s++) {
        const sample_t *smp = &samples[s];
        sa_msg_t m = {0};
        gint64 start;
        double ns;

        if (only >= 0 && (gsize)only != s)
            continue;
        /* Warm up, and check that the sample is what it should be. */
        for (int i = 0; i < 1000; i++) {
            if (!sa_reader_read(rd, (const guint8 *)smp->text, smp->len, &m) || m.read_flags != 0 ||
                m.call_id == NULL || m.via_branch == NULL) {
                fprintf(stderr, "sample %s not read as expected\n", smp->name);
                return 1;
            }
            sa_reader_reset(rd);
        }
        start = g_get_monotonic_time();
        for (long i = 0; i < iterations; i++) {
            sa_reader_read(rd, (const guint8 *)smp->text, smp->len, &m);
            sink += m.n_contacts + (gsize)(m.call_id[0]);
            sa_reader_reset(rd);
        }
        ns = (double)(g_get_monotonic_time() - start) * 1000.0 / (double)iterations;
        total_ns += ns;
        printf("%-28s %5zu bytes  %7.1f ns/message  %6.2f ns/byte\n", smp->name, smp->len, ns,
               ns / (double)smp->len);
    }
    if (only < 0)
        printf("%-28s %5s        %7.1f ns/message (%ld messages in all)\n", "mean", "",
               total_ns / G_N_ELEMENTS(samples), iterations * (long)G_N_ELEMENTS(samples));
    sa_reader_free(rd);
    return sink == 0;
}
