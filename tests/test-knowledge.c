/* test-knowledge.c
 * Unit tests of the knowledge tables: completeness against the IANA
 * registries, both languages present, and every line readable in
 * Wireshark's details pane (display width).
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "sipadvisor-knowledge.h"

/* Widest line in the details pane of a 1400-pixel window, and the widest
 * line-1 summary (used in one-line reports). */
#define MAX_LINE_COLUMNS    100
#define MAX_SUMMARY_COLUMNS 70
#define MAX_TAG_COLUMNS     60

/* IANA "Session Initiation Protocol (SIP) Parameters", Response Codes. */
static const struct {
    guint code;
    const char *reason;
} registry_codes[] = {
    {100, "Trying"},
    {180, "Ringing"},
    {181, "Call Is Being Forwarded"},
    {182, "Queued"},
    {183, "Session Progress"},
    {199, "Early Dialog Terminated"},
    {200, "OK"},
    {202, "Accepted"},
    {204, "No Notification"},
    {300, "Multiple Choices"},
    {301, "Moved Permanently"},
    {302, "Moved Temporarily"},
    {305, "Use Proxy"},
    {380, "Alternative Service"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {402, "Payment Required"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {406, "Not Acceptable"},
    {407, "Proxy Authentication Required"},
    {408, "Request Timeout"},
    {410, "Gone"},
    {412, "Conditional Request Failed"},
    {413, "Request Entity Too Large"},
    {414, "Request-URI Too Long"},
    {415, "Unsupported Media Type"},
    {416, "Unsupported URI Scheme"},
    {417, "Unknown Resource-Priority"},
    {420, "Bad Extension"},
    {421, "Extension Required"},
    {422, "Session Interval Too Small"},
    {423, "Interval Too Brief"},
    {424, "Bad Location Information"},
    {425, "Bad Alert Message"},
    {428, "Use Identity Header"},
    {429, "Provide Referrer Identity"},
    {430, "Flow Failed"},
    {433, "Anonymity Disallowed"},
    {436, "Bad Identity Info"},
    {437, "Unsupported Credential"},
    {438, "Invalid Identity Header"},
    {439, "First Hop Lacks Outbound Support"},
    {440, "Max-Breadth Exceeded"},
    {469, "Bad Info Package"},
    {470, "Consent Needed"},
    {480, "Temporarily Unavailable"},
    {481, "Call/Transaction Does Not Exist"},
    {482, "Loop Detected"},
    {483, "Too Many Hops"},
    {484, "Address Incomplete"},
    {485, "Ambiguous"},
    {486, "Busy Here"},
    {487, "Request Terminated"},
    {488, "Not Acceptable Here"},
    {489, "Bad Event"},
    {491, "Request Pending"},
    {493, "Undecipherable"},
    {494, "Security Agreement Required"},
    {500, "Server Internal Error"},
    {501, "Not Implemented"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Server Time-out"},
    {505, "Version Not Supported"},
    {513, "Message Too Large"},
    {555, "Push Notification Service Not Supported"},
    {580, "Precondition Failure"},
    {600, "Busy Everywhere"},
    {603, "Decline"},
    {604, "Does Not Exist Anywhere"},
    {606, "Not Acceptable"},
    {607, "Unwanted"},
    {608, "Rejected"},
};

/* IANA "Session Initiation Protocol (SIP) Parameters", Option Tags. */
static const struct {
    const char *tag;
    const char *rfc;
} registry_tags[] = {
    {"100rel", "RFC 3262"},
    {"199", "RFC 6228"},
    {"answermode", "RFC 5373"},
    {"early-session", "RFC 3959"},
    {"eventlist", "RFC 4662"},
    {"explicitsub", "RFC 7614"},
    {"from-change", "RFC 4916"},
    {"geolocation-http", "RFC 6442"},
    {"geolocation-sip", "RFC 6442"},
    {"gin", "RFC 6140"},
    {"gruu", "RFC 5627"},
    {"histinfo", "RFC 7044"},
    {"ice", "RFC 5768"},
    {"join", "RFC 3911"},
    {"multiple-refer", "RFC 5368"},
    {"norefersub", "RFC 4488"},
    {"nosub", "RFC 7614"},
    {"outbound", "RFC 5626"},
    {"path", "RFC 3327"},
    {"policy", "RFC 6794"},
    {"precondition", "RFC 3312"},
    {"pref", "RFC 3840"},
    {"privacy", "RFC 3323"},
    {"recipient-list-invite", "RFC 5366"},
    {"recipient-list-message", "RFC 5365"},
    {"recipient-list-subscribe", "RFC 5367"},
    {"record-aware", "RFC 7866"},
    {"replaces", "RFC 3891"},
    {"resource-priority", "RFC 4412"},
    {"sdp-anat", "RFC 4092"},
    {"sec-agree", "RFC 3329"},
    {"siprec", "RFC 7866"},
    {"tdialog", "RFC 4538"},
    {"timer", "RFC 4028"},
    {"trickle-ice", "RFC 8840"},
    {"uui", "RFC 7433"},
};

/* East Asian wide and fullwidth characters take two columns. */
static gboolean is_wide(gunichar c)
{
    return (c >= 0x1100 && c <= 0x115F) || /* Hangul Jamo */
           (c >= 0x2E80 && c <= 0x303E) || /* CJK radicals, CJK symbols and punctuation */
           (c >= 0x3041 && c <= 0x33FF) || /* kana, bopomofo, CJK compatibility */
           (c >= 0x3400 && c <= 0x4DBF) || /* CJK Unified Ideographs Extension A */
           (c >= 0x4E00 && c <= 0x9FFF) || /* CJK Unified Ideographs */
           (c >= 0xAC00 && c <= 0xD7A3) || /* Hangul syllables */
           (c >= 0xF900 && c <= 0xFAFF) || /* CJK Compatibility Ideographs */
           (c >= 0xFE30 && c <= 0xFE4F) || /* CJK compatibility forms */
           (c >= 0xFF00 && c <= 0xFF60) || /* fullwidth forms */
           (c >= 0xFFE0 && c <= 0xFFE6) || /* fullwidth signs */
           (c >= 0x20000 && c <= 0x3FFFD); /* CJK Extension B and beyond */
}

static gboolean is_ideograph(gunichar c)
{
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF);
}

/* Display width of `len` bytes of UTF-8 at `s`. */
static guint width_of(const char *s, gsize len)
{
    guint w = 0;

    for (const char *p = s; p < s + len; p = g_utf8_next_char(p))
        w += is_wide(g_utf8_get_char(p)) ? 2 : 1;
    return w;
}

static gboolean has_ideograph(const char *s)
{
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        if (is_ideograph(g_utf8_get_char(p)))
            return TRUE;
    }
    return FALSE;
}

/* The number of failed checks, reported all at once so that a text edit
 * shows every line to rework in one run. */
static guint problems;

static void problem(const char *where, const char *line, const char *why)
{
    /* Raw UTF-8, not g_printerr's locale conversion: the line must be readable. */
    fprintf(stderr, "%s: %s: \"%s\"\n", where, why, line);
    problems++;
}

/* Inside Chinese sentences the punctuation is full-width: an ASCII , ; : ( )
 * touching an ideograph is a half-width slip. */
static void check_zh_punctuation(const char *where, const char *line)
{
    gunichar prev = 0;

    for (const char *p = line; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        gboolean ascii_punct = c == ',' || c == ';' || c == ':' || c == '(' || c == ')';
        gunichar next = g_utf8_get_char(g_utf8_next_char(p));
        if (ascii_punct && (is_ideograph(prev) || (*g_utf8_next_char(p) && is_ideograph(next))))
            problem(where, line, "half-width punctuation next to Chinese text");
        prev = c;
    }
}

/* Checks one text: valid UTF-8, lines non-empty and trimmed, each line at
 * most MAX_LINE_COLUMNS wide, line 1 at most `first_max` wide; Chinese
 * texts contain ideographs, English texts none. */
static void check_text(const char *where, const char *text, sa_lang_t lang, guint first_max)
{
    gchar **lines;
    gchar *w;

    w = g_strdup_printf("%s.%s", where, lang == SA_LANG_ZH ? "zh" : "en");
    if (text == NULL || *text == '\0') {
        problem(w, "", "empty text");
        g_free(w);
        return;
    }
    if (!g_utf8_validate(text, -1, NULL)) {
        problem(w, text, "invalid UTF-8");
        g_free(w);
        return;
    }
    if (lang == SA_LANG_ZH && !has_ideograph(text))
        problem(w, text, "Chinese text without Chinese characters");
    if (lang == SA_LANG_EN && has_ideograph(text))
        problem(w, text, "English text with Chinese characters");
    lines = g_strsplit(text, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        const char *line = lines[i];
        gsize len = strlen(line);
        guint width = width_of(line, len);
        if (len == 0) {
            problem(w, line, "empty line");
            continue;
        }
        if (g_ascii_isspace(line[0]) || g_ascii_isspace(line[len - 1]))
            problem(w, line, "leading or trailing space");
        if (width > MAX_LINE_COLUMNS)
            problem(w, line, "line wider than 100 columns");
        if (i == 0 && width > first_max)
            problem(w, line, "first line wider than its limit");
        if (lang == SA_LANG_ZH)
            check_zh_punctuation(w, line);
    }
    g_strfreev(lines);
    g_free(w);
}

static void check_pair(const char *where, const sa_text_t *t, guint first_max)
{
    check_text(where, t->en, SA_LANG_EN, first_max);
    check_text(where, t->zh, SA_LANG_ZH, first_max);
}

static void check_status_row(const sa_status_info_t *info)
{
    char where[64];

    g_snprintf(where, sizeof where, "%u", info->code);
    g_assert_nonnull(info->reason);
    g_assert_cmpstr(info->reason, !=, "");
    g_assert_nonnull(info->rfc);
    g_assert_true(g_str_has_prefix(info->rfc, "RFC "));
    if (info->registered)
        g_assert_cmpstr(info->name.en, ==, info->reason);
    check_pair(where, &info->name, MAX_LINE_COLUMNS);
    check_pair(where, &info->meaning, MAX_SUMMARY_COLUMNS);
    check_pair(where, &info->when, MAX_LINE_COLUMNS);
    check_pair(where, &info->fix, MAX_SUMMARY_COLUMNS);
}

static void test_registry_codes(void)
{
    gsize n = 0;
    const sa_status_info_t *all = sa_knowledge_statuses(&n);

    g_assert_cmpuint(n, ==, G_N_ELEMENTS(registry_codes));
    for (gsize i = 0; i < n; i++) {
        g_assert_cmpuint(all[i].code, ==, registry_codes[i].code);
        g_assert_cmpstr(all[i].reason, ==, registry_codes[i].reason);
        g_assert_true(all[i].registered);
        g_assert_true(sa_knowledge_status(all[i].code) == &all[i]);
        g_assert_true(sa_knowledge_explain(all[i].code) == &all[i]);
        if (i > 0)
            g_assert_cmpuint(all[i - 1].code, <, all[i].code);
    }
}

static void test_status_texts(void)
{
    gsize n = 0;
    const sa_status_info_t *all = sa_knowledge_statuses(&n);

    problems = 0;
    for (gsize i = 0; i < n; i++)
        check_status_row(&all[i]);
    for (guint c = 100; c <= 600; c += 100)
        check_status_row(sa_knowledge_explain(c + 98));
    g_assert_cmpuint(problems, ==, 0);
}

static void test_unregistered_codes(void)
{
    const sa_status_info_t *info = sa_knowledge_explain(499);

    g_assert_nonnull(info);
    g_assert_cmpuint(info->code, ==, 400);
    g_assert_false(info->registered);
    g_assert_cmpstr(info->reason, ==, "Client Failure");
    g_assert_null(sa_knowledge_status(499));
    g_assert_null(sa_knowledge_explain(99));
    g_assert_null(sa_knowledge_explain(700));
    g_assert_null(sa_knowledge_explain(0));
    g_assert_null(sa_knowledge_status(99));
    g_assert_null(sa_knowledge_status(700));
    for (guint c = 100; c <= 699; c++) {
        const sa_status_info_t *e = sa_knowledge_explain(c);
        g_assert_nonnull(e);
        if (sa_knowledge_status(c) == NULL) {
            g_assert_false(e->registered);
            g_assert_cmpuint(e->code, ==, c / 100 * 100);
        }
    }
    g_assert_cmpstr(sa_knowledge_explain(150)->reason, ==, "Provisional");
    g_assert_cmpstr(sa_knowledge_explain(299)->reason, ==, "Success");
    g_assert_cmpstr(sa_knowledge_explain(399)->reason, ==, "Redirection");
    g_assert_cmpstr(sa_knowledge_explain(599)->reason, ==, "Server Failure");
    g_assert_cmpstr(sa_knowledge_explain(699)->reason, ==, "Global Failure");
    /* 200 is registered: its own row, not the class row. */
    g_assert_true(sa_knowledge_explain(200)->registered);
}

static void test_status_class(void)
{
    g_assert_cmpstr(sa_knowledge_status_class(100, SA_LANG_EN), ==, "1xx Provisional");
    g_assert_cmpstr(sa_knowledge_status_class(301, SA_LANG_EN), ==, "3xx Redirection");
    g_assert_cmpstr(sa_knowledge_status_class(421, SA_LANG_EN), ==, "4xx Client Failure");
    g_assert_cmpstr(sa_knowledge_status_class(699, SA_LANG_EN), ==, "6xx Global Failure");
    g_assert_cmpstr(sa_knowledge_status_class(421, SA_LANG_ZH), ==, "4xx 客户端错误");
    g_assert_cmpstr(sa_knowledge_status_class(301, SA_LANG_ZH), ==, "3xx 重定向");
    g_assert_cmpstr(sa_knowledge_status_class(99, SA_LANG_EN), ==, "invalid");
    g_assert_cmpstr(sa_knowledge_status_class(700, SA_LANG_EN), ==, "invalid");
    g_assert_cmpstr(sa_knowledge_status_class(99, SA_LANG_ZH), ==, "无效");
    for (guint c = 100; c <= 699; c += 50) {
        const char *en = sa_knowledge_status_class(c, SA_LANG_EN);
        const char *zh = sa_knowledge_status_class(c, SA_LANG_ZH);
        char prefix[5];
        g_snprintf(prefix, sizeof prefix, "%uxx ", c / 100);
        g_assert_true(g_str_has_prefix(en, prefix));
        g_assert_true(g_str_has_prefix(zh, prefix));
        g_assert_true(has_ideograph(zh));
        /* The class name is the class row's reason phrase. */
        g_assert_cmpstr(en + 4, ==, sa_knowledge_explain(c / 100 * 100 + 98)->reason);
    }
}

static void test_option_tags(void)
{
    gsize n = 0;
    const sa_option_tag_t *all = sa_knowledge_option_tags(&n);

    problems = 0;
    g_assert_cmpuint(n, ==, G_N_ELEMENTS(registry_tags));
    for (gsize i = 0; i < n; i++) {
        gchar *upper = g_ascii_strup(all[i].tag, -1);
        g_assert_cmpstr(all[i].tag, ==, registry_tags[i].tag);
        g_assert_cmpstr(all[i].rfc, ==, registry_tags[i].rfc);
        g_assert_true(sa_knowledge_option_tag(all[i].tag) == &all[i]);
        g_assert_true(sa_knowledge_option_tag(upper) == &all[i]);
        for (gsize k = 0; k < i; k++)
            g_assert_cmpint(g_ascii_strcasecmp(all[k].tag, all[i].tag), <, 0);
        check_pair(all[i].tag, &all[i].meaning, MAX_TAG_COLUMNS);
        g_assert_null(strchr(all[i].meaning.en, '\n'));
        g_assert_null(strchr(all[i].meaning.zh, '\n'));
        g_free(upper);
    }
    g_assert_cmpuint(problems, ==, 0);
    g_assert_cmpstr(sa_knowledge_option_tag("timer")->rfc, ==, "RFC 4028");
    g_assert_cmpstr(sa_knowledge_option_tag("Timer")->rfc, ==, "RFC 4028");
    g_assert_cmpstr(sa_knowledge_option_tag("100REL")->rfc, ==, "RFC 3262");
    g_assert_cmpstr(sa_knowledge_option_tag("sec-agree")->rfc, ==, "RFC 3329");
    /* Texts the tshark tests and reports rely on. */
    g_assert_cmpstr(sa_knowledge_option_tag("timer")->meaning.en, ==, "session timers");
    g_assert_cmpstr(sa_knowledge_option_tag("100rel")->meaning.en, ==,
                    "reliable provisional responses (PRACK)");
    g_assert_cmpstr(sa_knowledge_option_tag("replaces")->meaning.en, ==, "Replaces header");
    g_assert_null(sa_knowledge_option_tag("x-cisco-serviceuri"));
    g_assert_null(sa_knowledge_option_tag("time"));
    g_assert_null(sa_knowledge_option_tag("timers"));
    g_assert_null(sa_knowledge_option_tag(""));
    g_assert_null(sa_knowledge_option_tag(NULL));
}

static void test_labels(void)
{
    problems = 0;
    for (int l = 0; l < SA_LABEL_COUNT; l++) {
        char where[32];
        sa_text_t t = {sa_knowledge_label((sa_label_t)l, SA_LANG_EN),
                       sa_knowledge_label((sa_label_t)l, SA_LANG_ZH)};
        g_snprintf(where, sizeof where, "label %d", l);
        check_pair(where, &t, MAX_SUMMARY_COLUMNS);
    }
    g_assert_cmpuint(problems, ==, 0);
    g_assert_cmpstr(sa_knowledge_label(SA_LABEL_MEANING, SA_LANG_EN), ==, "Meaning");
    g_assert_cmpstr(sa_knowledge_label(SA_LABEL_MEANING, SA_LANG_ZH), ==, "描述");
    g_assert_cmpstr(sa_knowledge_label(SA_LABEL_WHEN, SA_LANG_ZH), ==, "何时出现");
    g_assert_cmpstr(sa_knowledge_label(SA_LABEL_FIX, SA_LANG_ZH), ==, "如何修复");
    g_assert_cmpstr(sa_knowledge_label(SA_LABEL_STATUS, SA_LANG_ZH), ==, "状态码");
    g_assert_cmpstr(sa_knowledge_label(SA_LABEL_COUNT, SA_LANG_EN), ==, "");
}

static void test_text_language(void)
{
    const sa_status_info_t *info = sa_knowledge_status(421);

    g_assert_true(sa_text(&info->name, SA_LANG_EN) == info->name.en);
    g_assert_true(sa_text(&info->name, SA_LANG_ZH) == info->name.zh);
    g_assert_true(sa_text(&info->name, (sa_lang_t)SA_LANG_COUNT) == info->name.en);
    g_assert_cmpstr(info->rfc, ==, "RFC 3261 §21.4.16");
    g_assert_cmpstr(sa_knowledge_status(301)->rfc, ==, "RFC 3261 §21.3.2");
    g_assert_true(strstr(sa_knowledge_status(202)->meaning.en, "RFC 6665") != NULL);
}

/* The width function itself: ASCII 1, CJK and full-width punctuation 2. */
static void test_width(void)
{
    g_assert_cmpuint(width_of("abc", 3), ==, 3);
    g_assert_cmpuint(width_of("描述", strlen("描述")), ==, 4);
    g_assert_cmpuint(width_of("，。：；（）", strlen("，。：；（）")), ==, 12);
    g_assert_cmpuint(width_of("§21", strlen("§21")), ==, 3);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/knowledge/width", test_width);
    g_test_add_func("/knowledge/registry-codes", test_registry_codes);
    g_test_add_func("/knowledge/status-texts", test_status_texts);
    g_test_add_func("/knowledge/unregistered-codes", test_unregistered_codes);
    g_test_add_func("/knowledge/status-class", test_status_class);
    g_test_add_func("/knowledge/option-tags", test_option_tags);
    g_test_add_func("/knowledge/labels", test_labels);
    g_test_add_func("/knowledge/text-language", test_text_language);
    return g_test_run();
}
