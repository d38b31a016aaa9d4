/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * fuzz_reader.c
 * libFuzzer harness for the SIP header reader (plugin/sipadvisor-reader.c).
 *
 * The input is read three ways by one reader: whole; cut in two at a point
 * its first byte chooses (the data ends early, as with a snaplen); and as
 * several messages, split at each "\n==\n", with a reset after every third.
 * Every message is read from a buffer of exactly its length (so that ASan
 * sees any read past it), which is overwritten right after the read (so that
 * a string pointing into it would show). Every result is checked against the
 * contract of sipadvisor-msg.h and sipadvisor-reader.h:
 *   - strings are valid UTF-8 without control characters (C0, DEL, C1; a
 *     '\n' only where hdr[] joins lines), never inside the input;
 *   - a backslash only starts a \xNN escape;
 *   - FALSE <=> SA_READ_BAD_START_LINE, and then every reader member is zero;
 *   - is_request <=> method != NULL; a request has a Request-URI and no
 *     status, a response a status of 100-999 and a reason;
 *   - read_flags only has known bits; n_contacts <= SA_READER_MAX_CONTACTS,
 *     contacts != NULL <=> n_contacts > 0, every Contact has a URI;
 *   - has_cseq FALSE => cseq 0; via_port <= 65535; via_sent_by starts with
 *     via_host; via_host set => via_transport set;
 *   - the strings of earlier messages are unchanged until the reset.
 * A violation prints "INVARIANT <name>: ..." and calls abort().
 *
 * Copyright 2026 The sipadvisor authors
 */
#include <glib.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipadvisor-reader.h"

#define SPLIT    "\n==\n"
#define MAX_KEPT 16 /* messages read between resets */
#define KNOWN_FLAGS                                                                                          \
    (SA_READ_CUT_SHORT | SA_READ_HEADERS_CUT | SA_READ_CONTACTS_CUT | SA_READ_BAD_HEADER |                   \
     SA_READ_BAD_START_LINE | SA_READ_BAD_CONTACT)

static sa_reader_t *reader;

static void violation(const char *name, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void violation(const char *name, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "INVARIANT %s: ", name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

/* A copy of what one message's strings said when it was read. */
typedef struct kept {
    const sa_msg_t *msg;
    GPtrArray *pointers; /* const char * as returned */
    GPtrArray *copies;   /* g_strdup of each */
} kept_t;

static void check_string(const char *what, const char *s, const guint8 *in, gsize in_len, gboolean newlines,
                         kept_t *k)
{
    const char *p;

    if (s == NULL)
        return;
    if ((const guint8 *)s >= in && (const guint8 *)s < in + in_len)
        violation("into-input", "%s points into the input", what);
    if (!g_utf8_validate(s, -1, NULL))
        violation("utf8", "%s is not valid UTF-8", what);
    for (p = s; *p != '\0'; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if ((c < 0x20 && !(c == '\n' && newlines)) || (c >= 0x7f && c <= 0x9f))
            violation("control", "%s holds U+%04X", what, c);
        if (c == '\\' && !(p[1] == 'x' && g_ascii_isxdigit(p[2]) && g_ascii_isxdigit(p[3]) &&
                           !g_ascii_isupper(p[2]) && !g_ascii_isupper(p[3])))
            violation("escape", "%s has a backslash that is not \\xNN", what);
    }
    g_ptr_array_add(k->pointers, (gpointer)s);
    g_ptr_array_add(k->copies, g_strdup(s));
}

static void check_message(const sa_msg_t *m, gboolean ok, const guint8 *in, gsize in_len, kept_t *k)
{
    if ((m->read_flags & ~(guint)KNOWN_FLAGS) != 0)
        violation("flags", "unknown read flags 0x%x", m->read_flags);
    if (!ok) {
        gboolean zero = !m->is_request && m->method == NULL && m->ruri == NULL && m->status == 0 &&
                        m->reason == NULL && m->call_id == NULL && !m->has_cseq && m->cseq == 0 &&
                        m->cseq_method == NULL && m->via_transport == NULL && m->via_host == NULL &&
                        m->via_port == 0 && m->via_sent_by == NULL && m->via_branch == NULL &&
                        m->from_uri == NULL && m->from_tag == NULL && m->to_uri == NULL &&
                        m->to_tag == NULL && m->contacts == NULL && m->n_contacts == 0 && !m->contact_star;
        for (guint i = 0; i < SA_H_COUNT; i++)
            zero = zero && m->hdr[i] == NULL;
        if (!(m->read_flags & SA_READ_BAD_START_LINE))
            violation("bad-start-line", "FALSE without SA_READ_BAD_START_LINE");
        if (!zero)
            violation("bad-start-line", "FALSE with members set");
        if ((m->read_flags & ~(guint)(SA_READ_BAD_START_LINE | SA_READ_CUT_SHORT | SA_READ_HEADERS_CUT)) != 0)
            violation("bad-start-line", "FALSE with flags 0x%x", m->read_flags);
        return;
    }
    if (m->read_flags & SA_READ_BAD_START_LINE)
        violation("bad-start-line", "TRUE with SA_READ_BAD_START_LINE");
    if (m->is_request != (m->method != NULL))
        violation("request", "is_request %d, method %p", m->is_request, (const void *)m->method);
    if (m->is_request && (m->ruri == NULL || m->status != 0 || m->reason != NULL))
        violation("request", "request with ruri %p, status %u", (const void *)m->ruri, m->status);
    if (!m->is_request && (m->status < 100 || m->status > 999 || m->reason == NULL || m->ruri != NULL))
        violation("status", "response with status %u", m->status);
    if (!m->has_cseq && m->cseq != 0)
        violation("cseq", "cseq %u without has_cseq", m->cseq);
    if (m->via_port > 65535)
        violation("via", "via_port %u", m->via_port);
    if ((m->via_host == NULL) != (m->via_sent_by == NULL) ||
        (m->via_host != NULL && !g_str_has_prefix(m->via_sent_by, m->via_host)))
        violation("via", "via_host %s, via_sent_by %s", m->via_host ? m->via_host : "(null)",
                  m->via_sent_by ? m->via_sent_by : "(null)");
    if (m->via_host != NULL && m->via_transport == NULL)
        violation("via", "sent-by without a transport");
    if (m->via_port != 0 && strcmp(m->via_host, m->via_sent_by) == 0)
        violation("via", "a port that is not in sent-by");
    if (m->n_contacts > SA_READER_MAX_CONTACTS)
        violation("contacts", "%u contacts", m->n_contacts);
    if ((m->contacts != NULL) != (m->n_contacts > 0))
        violation("contacts", "contacts %p with n_contacts %u", (const void *)m->contacts, m->n_contacts);
    if ((m->read_flags & SA_READ_CONTACTS_CUT) && m->n_contacts != SA_READER_MAX_CONTACTS)
        violation("contacts", "SA_READ_CONTACTS_CUT with %u contacts", m->n_contacts);

    check_string("method", m->method, in, in_len, FALSE, k);
    check_string("ruri", m->ruri, in, in_len, FALSE, k);
    check_string("reason", m->reason, in, in_len, FALSE, k);
    check_string("call_id", m->call_id, in, in_len, FALSE, k);
    check_string("cseq_method", m->cseq_method, in, in_len, FALSE, k);
    check_string("via_transport", m->via_transport, in, in_len, FALSE, k);
    check_string("via_host", m->via_host, in, in_len, FALSE, k);
    check_string("via_sent_by", m->via_sent_by, in, in_len, FALSE, k);
    check_string("via_branch", m->via_branch, in, in_len, FALSE, k);
    check_string("from_uri", m->from_uri, in, in_len, FALSE, k);
    check_string("from_tag", m->from_tag, in, in_len, FALSE, k);
    check_string("to_uri", m->to_uri, in, in_len, FALSE, k);
    check_string("to_tag", m->to_tag, in, in_len, FALSE, k);
    for (guint i = 0; i < m->n_contacts; i++) {
        const sa_contact_t *c = &m->contacts[i];
        if (c->uri == NULL)
            violation("contacts", "contact %u without a URI", i);
        check_string("contact.uri", c->uri, in, in_len, FALSE, k);
        check_string("contact.params", c->params, in, in_len, FALSE, k);
        check_string("contact.q", c->q, in, in_len, FALSE, k);
        check_string("contact.expires", c->expires, in, in_len, FALSE, k);
        if ((c->q != NULL || c->expires != NULL) && c->params == NULL)
            violation("contacts", "contact %u: q or expires without params", i);
    }
    for (guint i = 0; i < SA_H_COUNT; i++)
        check_string("hdr", m->hdr[i], in, in_len, TRUE, k);
}

static kept_t kept[MAX_KEPT];
static sa_msg_t kept_msgs[MAX_KEPT];
static guint n_kept;

/* Before a reset: the strings of every message since the last one are as
 * they were read. */
static void check_kept_and_reset(void)
{
    for (guint i = 0; i < n_kept; i++) {
        for (guint j = 0; j < kept[i].pointers->len; j++) {
            if (strcmp(g_ptr_array_index(kept[i].pointers, j), g_ptr_array_index(kept[i].copies, j)) != 0)
                violation("stable", "a string of message %u changed before the reset", i);
        }
        g_ptr_array_free(kept[i].pointers, TRUE);
        g_ptr_array_free(kept[i].copies, TRUE);
    }
    n_kept = 0;
    sa_reader_reset(reader);
}

static void read_one(const guint8 *data, gsize len)
{
    /* A buffer of exactly len bytes (malloc(0) may give NULL). */
    guint8 *copy = g_malloc(len > 0 ? len : 1);
    sa_msg_t *m;
    kept_t *k;
    gboolean ok;

    if (n_kept == MAX_KEPT)
        check_kept_and_reset();
    m = &kept_msgs[n_kept];
    k = &kept[n_kept];
    n_kept++;
    k->msg = m;
    k->pointers = g_ptr_array_new();
    k->copies = g_ptr_array_new_with_free_func(g_free);
    if (len > 0)
        memcpy(copy, data, len);
    memset(m, 0x5a, sizeof *m); /* the reader must set all of its members */
    m->frame = 7;
    ok = sa_reader_read(reader, copy, len, m);
    if (m->frame != 7)
        violation("packet-members", "the reader changed frame");
    check_message(m, ok, copy, len, k);
    memset(copy, 0xa5, len);
    g_free(copy);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    reader = sa_reader_new();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const guint8 *p = data, *end = data + size;
    guint messages = 0;

    read_one(data, size);
    if (size > 1)
        read_one(data + 1, (gsize)data[0] * size / 256);
    while (p < end) {
        const guint8 *split = NULL;
        for (const guint8 *q = p; q + 4 <= end; q++) {
            if (memcmp(q, SPLIT, 4) == 0) {
                split = q;
                break;
            }
        }
        if (split == NULL)
            split = end;
        if (p != data || split != end)
            read_one(p, (gsize)(split - p));
        if (++messages % 3 == 0)
            check_kept_and_reset();
        p = split == end ? end : split + 4;
    }
    check_kept_and_reset();
    return 0;
}
