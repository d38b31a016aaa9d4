/* reader_dump.c
 * Prints what the header reader takes from SIP messages (not a test).
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include <stdio.h>
#include <string.h>

#include "sipadvisor-reader.h"

/* Prints what the header reader (sipadvisor-reader.c) takes from SIP
 * messages, to compare it with Wireshark's SIP fields by hand or by script.
 *
 *   reader_dump [FILE]   one message from FILE (or stdin): one "member: value"
 *                        line per member that is set
 *   reader_dump --hex    lines "ID<TAB>HEX" on stdin (as printed by
 *                        tshark -T fields -e frame.number -e udp.payload):
 *                        one tab-separated line per message, in the order
 *                        ID, Call-ID, From URI, From tag, To URI, Via host,
 *                        Via port, Via branch, Contact URIs, Contact
 *                        parameters, Require, Supported, CSeq number, CSeq
 *                        method, Request-URI, method, status, read flags;
 *                        lists joined with ',' (Contact parameters split at
 *                        ';'), repeated header lines joined with ','
 *
 * Built as the reader_dump target of tests/CMakeLists.txt. */

static const char *const header_names[] = {
#define DUMP_NAME(id, name, compact) name,
    SA_HEADERS(DUMP_NAME)
#undef DUMP_NAME
};

static void line(const char *member, const char *value)
{
    if (value != NULL)
        printf("%s: %s\n", member, value);
}

static void dump_members(const sa_msg_t *m)
{
    if (m->is_request) {
        line("method", m->method);
        line("ruri", m->ruri);
    } else {
        printf("status: %u\n", m->status);
        line("reason", m->reason);
    }
    line("call_id", m->call_id);
    if (m->has_cseq)
        printf("cseq: %u\n", m->cseq);
    line("cseq_method", m->cseq_method);
    line("via_transport", m->via_transport);
    line("via_host", m->via_host);
    if (m->via_port != 0)
        printf("via_port: %u\n", m->via_port);
    line("via_sent_by", m->via_sent_by);
    line("via_branch", m->via_branch);
    line("from_uri", m->from_uri);
    line("from_tag", m->from_tag);
    line("to_uri", m->to_uri);
    line("to_tag", m->to_tag);
    if (m->contact_star)
        printf("contact: *\n");
    for (guint i = 0; i < m->n_contacts; i++) {
        const sa_contact_t *c = &m->contacts[i];
        printf("contact[%u]: uri=%s params=%s q=%s expires=%s\n", i, c->uri, c->params ? c->params : "(none)",
               c->q ? c->q : "(none)", c->expires ? c->expires : "(none)");
    }
    for (guint i = 0; i < SA_H_COUNT; i++) {
        if (m->hdr[i] != NULL) {
            char *v = g_strescape(m->hdr[i], NULL);
            printf("hdr %s: %s\n", header_names[i], v);
            g_free(v);
        }
    }
    printf("read_flags: 0x%x\n", m->read_flags);
}

static void field(GString *out, const char *value)
{
    g_string_append_c(out, '\t');
    if (value != NULL)
        g_string_append(out, value);
}

/* A hdr[] value with its lines joined by ',' as tshark joins occurrences. */
static void field_lines(GString *out, const char *value)
{
    g_string_append_c(out, '\t');
    for (const char *p = value; p != NULL && *p != '\0'; p++)
        g_string_append_c(out, *p == '\n' ? ',' : *p);
}

static void dump_row(const char *id, const sa_msg_t *m)
{
    GString *out = g_string_new(id);
    GString *uris = g_string_new(NULL);
    GString *params = g_string_new(NULL);
    char num[32];

    field(out, m->call_id);
    field(out, m->from_uri);
    field(out, m->from_tag);
    field(out, m->to_uri);
    field(out, m->via_host);
    g_snprintf(num, sizeof num, "%u", m->via_port);
    field(out, m->via_port != 0 ? num : NULL);
    field(out, m->via_branch);
    for (guint i = 0; i < m->n_contacts; i++) {
        const sa_contact_t *c = &m->contacts[i];
        if (uris->len > 0)
            g_string_append_c(uris, ',');
        g_string_append(uris, c->uri);
        if (c->params != NULL) {
            gchar **parts = g_strsplit(c->params, ";", -1);
            for (gchar **p = parts; *p != NULL; p++) {
                if (params->len > 0)
                    g_string_append_c(params, ',');
                g_string_append(params, g_strstrip(*p));
            }
            g_strfreev(parts);
        }
    }
    field(out, uris->str);
    field(out, params->str);
    field_lines(out, m->hdr[SA_H_REQUIRE]);
    field_lines(out, m->hdr[SA_H_SUPPORTED]);
    g_snprintf(num, sizeof num, "%u", m->cseq);
    field(out, m->has_cseq ? num : NULL);
    field(out, m->cseq_method);
    field(out, m->ruri);
    field(out, m->method);
    g_snprintf(num, sizeof num, "%u", m->status);
    field(out, m->status != 0 ? num : NULL);
    g_snprintf(num, sizeof num, "0x%x", m->read_flags);
    field(out, num);
    puts(out->str);
    g_string_free(out, TRUE);
    g_string_free(uris, TRUE);
    g_string_free(params, TRUE);
}

static int dump_hex_lines(sa_reader_t *rd)
{
    char buf[1 << 16];
    GString *text = g_string_new(NULL);

    while (fgets(buf, sizeof buf, stdin) != NULL) {
        g_string_append(text, buf);
        if (text->len == 0 || text->str[text->len - 1] != '\n')
            continue; /* a longer line: keep reading */
        g_strchomp(text->str);
        char *tab = strchr(text->str, '\t');
        if (tab != NULL) {
            GByteArray *bytes = g_byte_array_new();
            sa_msg_t m = {0};
            *tab = '\0';
            for (const char *h = tab + 1; g_ascii_isxdigit(h[0]) && g_ascii_isxdigit(h[1]); h += 2) {
                guint8 b = (guint8)(g_ascii_xdigit_value(h[0]) * 16 + g_ascii_xdigit_value(h[1]));
                g_byte_array_append(bytes, &b, 1);
            }
            sa_reader_read(rd, bytes->data, bytes->len, &m);
            dump_row(text->str, &m);
            sa_reader_reset(rd);
            g_byte_array_free(bytes, TRUE);
        }
        g_string_truncate(text, 0);
    }
    g_string_free(text, TRUE);
    return 0;
}

int main(int argc, char **argv)
{
    sa_reader_t *rd = sa_reader_new();
    int status = 0;

    if (argc == 2 && strcmp(argv[1], "--hex") == 0) {
        status = dump_hex_lines(rd);
    } else {
        gchar *data = NULL;
        gsize len = 0;
        GError *error = NULL;
        gboolean ok;

        if (argc == 2) {
            ok = g_file_get_contents(argv[1], &data, &len, &error);
        } else {
            GIOChannel *in = g_io_channel_unix_new(0);
            g_io_channel_set_encoding(in, NULL, NULL);
            ok = g_io_channel_read_to_end(in, &data, &len, &error) == G_IO_STATUS_NORMAL;
            g_io_channel_unref(in);
        }
        if (!ok) {
            fprintf(stderr, "reader_dump: %s\n", error != NULL ? error->message : "cannot read");
            return 2;
        }
        sa_msg_t m = {0};
        if (!sa_reader_read(rd, (const guint8 *)data, len, &m))
            printf("not a SIP start line\n");
        dump_members(&m);
        g_free(data);
    }
    sa_reader_free(rd);
    return status;
}
