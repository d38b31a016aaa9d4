/* knowledge_dump.c
 * Prints the knowledge table as JSON lines (one per registered code and
 * class row), for tests that compare what tshark shows with the table.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <stdio.h>

#include "sipadvisor-knowledge.h"

static void json_text(GString *out, const char *name, const char *value)
{
    g_string_append_printf(out, ",\"%s\":\"", name);
    for (const char *p = value; *p; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_printf(out, "\\%c", *p);
        else if (*p == '\n')
            g_string_append(out, "\\n");
        else if ((unsigned char)*p < 0x20)
            g_string_append_printf(out, "\\u%04x", (unsigned char)*p);
        else
            g_string_append_c(out, *p);
    }
    g_string_append_c(out, '"');
}

static void dump(const sa_status_info_t *row, guint code)
{
    GString *out = g_string_new(NULL);

    g_string_append_printf(out, "{\"code\":%u,\"registered\":%s", code, row->registered ? "true" : "false");
    json_text(out, "reason", row->reason);
    json_text(out, "rfc", row->rfc);
    for (int lang = 0; lang < SA_LANG_COUNT; lang++) {
        const char *suffix = lang == SA_LANG_ZH ? "_zh" : "_en";
        char *name;
        name = g_strconcat("class", suffix, NULL);
        json_text(out, name, sa_knowledge_status_class(code, (sa_lang_t)lang));
        g_free(name);
        name = g_strconcat("meaning", suffix, NULL);
        json_text(out, name, sa_text(&row->meaning, (sa_lang_t)lang));
        g_free(name);
        name = g_strconcat("when", suffix, NULL);
        json_text(out, name, sa_text(&row->when, (sa_lang_t)lang));
        g_free(name);
        name = g_strconcat("fix", suffix, NULL);
        json_text(out, name, sa_text(&row->fix, (sa_lang_t)lang));
        g_free(name);
    }
    g_string_append(out, "}\n");
    fputs(out->str, stdout);
    g_string_free(out, TRUE);
}

int main(void)
{
    gsize n = 0;
    const sa_status_info_t *rows = sa_knowledge_statuses(&n);

    for (gsize i = 0; i < n; i++)
        dump(&rows[i], rows[i].code);
    /* An unregistered code of each class, explained by its class row. */
    for (guint code = 199; code <= 699; code += 100) {
        const sa_status_info_t *row = sa_knowledge_explain(code);
        if (row != NULL && !row->registered)
            dump(row, code);
    }
    return 0;
}
