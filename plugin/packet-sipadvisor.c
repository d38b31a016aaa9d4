/* packet-sipadvisor.c
 * The sipadvisor post-dissector: registration, protocol tree, expert info
 * and the Info column. The analysis runs once, in the first pass; every
 * pass (tshark -2, GUI clicks and refilters) draws the stored results. The
 * fields and expert entries are registered from the tables in
 * sipadvisor-items.h and sipadvisor-findings.h.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define WS_LOG_DOMAIN "sipadvisor"

#include <wireshark.h>

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/proto.h>
#include <epan/tap.h>

#include "compat.h"
#include "packet-sipadvisor.h"
#include "sipadvisor-analysis.h"
#include "sipadvisor-fields.h"
#include "sipadvisor-knowledge.h"
#include "sipadvisor-rules.h"
#include "sipadvisor-stats.h"

static int proto_sipadvisor = -1;
static dissector_handle_t sipadvisor_handle;
static sa_ctx_t *sa_ctx;
static int sipadvisor_tap = -1;

static int hf_sipadvisor_status = -1;
static int hf_sipadvisor_class = -1;
static int hf_sipadvisor_fix = -1;
static int hf_sipadvisor_explanation = -1;
static int hf_sipadvisor_meaning = -1;
static int hf_sipadvisor_when = -1;
static int hf_sipadvisor_how_to_fix = -1;
static int hf_sipadvisor_reference = -1;
static int hf_sipadvisor_unregistered = -1;
static int hf_sipadvisor_transaction = -1;
static int hf_sipadvisor_request_frame = -1;
static int hf_sipadvisor_request_method = -1;
static int hf_sipadvisor_request_uri = -1;
static int hf_sipadvisor_match = -1;
static int hf_sipadvisor_response_time = -1;
static int hf_sipadvisor_resend = -1;
static int hf_sipadvisor_original_frame = -1;
static int hf_sipadvisor_tag_rfc = -1;
static int hf_sipadvisor_tag_meaning = -1;
static int hf_sipadvisor_followup = -1;
static int hf_sipadvisor_retry_state = -1;
static int hf_sipadvisor_ack_frame = -1;
static int hf_sipadvisor_retry_frame = -1;
static int hf_sipadvisor_retry_uri = -1;
static int hf_sipadvisor_retry_detail = -1;
static int hf_sipadvisor_retry_fixed = -1;
static int hf_sipadvisor_retry_status = -1;
static int hf_sipadvisor_followup_window = -1;
static int hf_sipadvisor_response_frame = -1;
static int hf_sipadvisor_retry_of = -1;
static int hf_sipadvisor_debug_record = -1;

/* One field per item of sipadvisor-items.h, in its order. */
#define SA_HF_INIT(id, name, type, en, zh, blurb) -1,
static int hf_sipadvisor_item[SA_I_COUNT] = {SA_ITEMS(SA_HF_INIT)};
#undef SA_HF_INIT

static gint ett_sipadvisor = -1;
static gint ett_sipadvisor_explanation = -1;
static gint ett_sipadvisor_transaction = -1;
static gint ett_sipadvisor_item = -1;
static gint ett_sipadvisor_followup = -1;

/* One expert field per finding, in the order of SA_FINDINGS. */
#define SA_EI_INIT(id, name, group, severity, en, zh) EI_INIT,
static expert_field ei_sipadvisor[SA_F_COUNT] = {SA_FINDINGS(SA_EI_INIT)};
#undef SA_EI_INIT

/* Preferences */
static sa_pref_bool_t pref_info_column = TRUE;
static sa_pref_bool_t pref_debug_records = FALSE;
static sa_pref_bool_t pref_explanations = TRUE;
static sa_pref_bool_t pref_explain_all = TRUE;
static gint pref_language = SA_LANG_EN;

static const enum_val_t language_vals[] = {
    {"en", "English", SA_LANG_EN},
    {"zh", "中文 (Simplified Chinese)", SA_LANG_ZH},
    {NULL, NULL, 0},
};

static sa_lang_t lang(void)
{
    return pref_language == SA_LANG_ZH ? SA_LANG_ZH : SA_LANG_EN;
}

sa_lang_t sa_language(void)
{
    return lang();
}

static const sa_label_t retry_state_labels[] = {
    [SA_RETRY_UNKNOWN] = SA_LABEL_RETRY_UNKNOWN,
    [SA_RETRY_FIXED] = SA_LABEL_RETRY_FIXED,
    [SA_RETRY_UNFIXED] = SA_LABEL_RETRY_UNFIXED,
    [SA_RETRY_NONE] = SA_LABEL_RETRY_NONE,
};

/* The values of sipadvisor.retry_state: the English follow-up labels of the
 * knowledge table, filled in by proto_register_sipadvisor. */
static value_string retry_state_vals[G_N_ELEMENTS(retry_state_labels) + 1];

static const value_string match_vals[] = {
    {SA_MATCH_NONE, "not matched"},
    {SA_MATCH_RFC3261, "RFC 3261 (top Via branch + sent-by + CSeq method, same Call-ID)"},
    {SA_MATCH_RFC2543, "RFC 2543 fallback (Call-ID + CSeq + From tag + top Via)"},
    {0, NULL},
};

/* Hostile captures carry 10,000 Contacts or 60,000 option tags: the tree
 * shows the first hundred of each list and an expert note says what was
 * cut (the expert texts name the first five). */
#define TREE_MAX_ITEMS 100

static proto_item *add_generated(proto_item *ti)
{
    proto_item_set_generated(ti);
    return ti;
}

/* A string item whose label follows the chosen language. */
static proto_item *add_labelled_string(proto_tree *tree, int hf, tvbuff_t *tvb, const char *label,
                                       const char *value)
{
    if (lang() == SA_LANG_EN)
        return add_generated(proto_tree_add_string(tree, hf, tvb, 0, 0, value));
    return add_generated(proto_tree_add_string_format(tree, hf, tvb, 0, 0, value, "%s: %s", label, value));
}

/* The expert tap and the expert message field: whoever reads the text of
 * an expert entry goes through one of them (tshark -z expert, the GUI's
 * Expert Information, _ws.expert.message in a filter or -e). */
static int expert_tap = -1;
static int hf_expert_message = -1;

/* Whether anyone will read the texts this frame: the tree's labels (the
 * details pane, -V, -T json) or the expert texts. Without a reader the
 * findings are still added, with their registered summary alone, so that
 * the severity column and filters on the expert fields stay right. */
static gboolean texts_wanted(proto_tree *tree)
{
    if (tree != NULL && PTREE_DATA(tree)->visible)
        return TRUE;
    if (expert_tap > 0 && have_tap_listener(expert_tap))
        return TRUE;
    return tree != NULL && hf_expert_message > 0 && proto_field_is_referenced(tree, hf_expert_message);
}

static void add_expert(packet_info *pinfo, proto_item *ti, const sa_result_t *r, sa_finding_t f,
                       gboolean texts)
{
    char *detail = texts ? sa_finding_detail(r, f, lang(), FALSE) : NULL;

    if (detail == NULL && lang() == SA_LANG_EN)
        expert_add_info(pinfo, ti, &ei_sipadvisor[f]);
    else if (detail == NULL)
        expert_add_info_format(pinfo, ti, &ei_sipadvisor[f], "%s", sa_finding_summary(f, lang()));
    else
        expert_add_info_format(pinfo, ti, &ei_sipadvisor[f], "%s: %s", sa_finding_summary(f, lang()), detail);
    g_free(detail);
}

/* TRUE when proto_tree_add_*() of field hf under tree would add nothing:
 * no tree, or one that only hands itself back (an invisible tree, a subtree
 * of an item, a field that no filter refers to directly), which changes
 * nothing but the tree's item count. */
static gboolean item_is_faked(proto_tree *tree, int hf)
{
    const header_field_info *hfinfo;

    if (tree == NULL)
        return TRUE;
    if (PTREE_DATA(tree)->visible || PTREE_FINFO(tree) == NULL)
        return FALSE;
    hfinfo = proto_registrar_get_nth((guint)hf);
    return hfinfo != NULL && hfinfo->ref_type != HF_REF_TYPE_DIRECT && hfinfo->type != FT_PROTOCOL;
}

/* Each line of a knowledge text as its own item: Wireshark does not wrap
 * tree items, and each line is one thought that fits a window. */
static void add_lines(proto_tree *tree, int hf, tvbuff_t *tvb, sa_label_t label, const char *text)
{
    gchar **lines;

    if (item_is_faked(tree, hf))
        return;
    lines = g_strsplit(text, "\n", -1);

    for (gchar **l = lines; *l != NULL; l++)
        add_generated(proto_tree_add_string_format(tree, hf, tvb, 0, 0, *l, "%s: %s",
                                                   sa_knowledge_label(label, lang()), *l));
    g_strfreev(lines);
}

static void add_explanation(proto_tree *tree, tvbuff_t *tvb, const sa_status_info_t *info)
{
    proto_item *ti = add_generated(proto_tree_add_item(tree, hf_sipadvisor_explanation, tvb, 0, 0, ENC_NA));
    proto_tree *et = proto_item_add_subtree(ti, ett_sipadvisor_explanation);

    proto_item_set_text(ti, "%s", sa_knowledge_label(SA_LABEL_EXPLANATION, lang()));
    if (!info->registered)
        add_generated(proto_tree_add_boolean_format(et, hf_sipadvisor_unregistered, tvb, 0, 0, TRUE, "%s",
                                                    sa_knowledge_label(SA_LABEL_UNREGISTERED, lang())));
    add_lines(et, hf_sipadvisor_meaning, tvb, SA_LABEL_MEANING, sa_text(&info->meaning, lang()));
    add_lines(et, hf_sipadvisor_when, tvb, SA_LABEL_WHEN, sa_text(&info->when, lang()));
    add_lines(et, hf_sipadvisor_how_to_fix, tvb, SA_LABEL_FIX, sa_text(&info->fix, lang()));
    add_labelled_string(et, hf_sipadvisor_reference, tvb, sa_knowledge_label(SA_LABEL_REFERENCE, lang()),
                        info->rfc);
}

static void add_transaction(proto_tree *tree, tvbuff_t *tvb, const sa_result_t *r)
{
    proto_item *ti = add_generated(proto_tree_add_item(tree, hf_sipadvisor_transaction, tvb, 0, 0, ENC_NA));
    proto_tree *tt = proto_item_add_subtree(ti, ett_sipadvisor_transaction);

    proto_item_set_text(ti, "%s", sa_knowledge_label(SA_LABEL_TRANSACTION, lang()));
    if (r->request_frame != 0) {
        proto_item_append_text(ti, ": ");
        proto_item_append_text(ti, sa_knowledge_label(SA_LABEL_IN_FRAME, lang()), r->request_method,
                               r->request_frame);
        add_generated(proto_tree_add_uint(tt, hf_sipadvisor_request_frame, tvb, 0, 0, r->request_frame));
        add_generated(proto_tree_add_string(tt, hf_sipadvisor_request_method, tvb, 0, 0, r->request_method));
        if (r->request_uri != NULL)
            add_generated(proto_tree_add_string(tt, hf_sipadvisor_request_uri, tvb, 0, 0, r->request_uri));
        add_generated(proto_tree_add_uint(tt, hf_sipadvisor_match, tvb, 0, 0, r->match));
        if (r->has_response_time)
            add_generated(proto_tree_add_time(tt, hf_sipadvisor_response_time, tvb, 0, 0, &r->response_time));
    } else {
        proto_item_append_text(ti, ": %s", sa_knowledge_label(SA_LABEL_REQUEST_NOT_CAPTURED, lang()));
        if (r->request_method != NULL)
            add_generated(
                proto_tree_add_string(tt, hf_sipadvisor_request_method, tvb, 0, 0, r->request_method));
        add_generated(proto_tree_add_uint(tt, hf_sipadvisor_match, tvb, 0, 0, r->match));
    }
    add_generated(proto_tree_add_boolean(tt, hf_sipadvisor_resend, tvb, 0, 0, r->resend));
    if (r->resend)
        add_generated(proto_tree_add_uint(tt, hf_sipadvisor_original_frame, tvb, 0, 0, r->original_frame));
}

/* The label of an item in the chosen language. */
static const char *item_label(sa_item_id_t id)
{
#define SA_ITEM_LABEL(iid, name, type, en, zh, blurb) [SA_I_##iid] = {en, zh},
    static const char *const labels[SA_I_COUNT][SA_LANG_COUNT] = {SA_ITEMS(SA_ITEM_LABEL)};
#undef SA_ITEM_LABEL
    return labels[id][lang()];
}

typedef enum { T_STRING, T_TAG, T_UINT, T_Q, T_BOOL } item_type_t;

static const item_type_t item_types[SA_I_COUNT] = {
#define SA_ITEM_TYPE(iid, name, type, en, zh, blurb) [SA_I_##iid] = T_##type,
    SA_ITEMS(SA_ITEM_TYPE)
#undef SA_ITEM_TYPE
};

static const char *const item_names[SA_I_COUNT] = {
#define SA_ITEM_NAME(iid, name, type, en, zh, blurb) [SA_I_##iid] = "sipadvisor." name,
    SA_ITEMS(SA_ITEM_NAME)
#undef SA_ITEM_NAME
};

static void add_tag_meaning(proto_item *ti, proto_tree *sub, tvbuff_t *tvb, const char *tag)
{
    const sa_option_tag_t *known = sa_knowledge_option_tag(tag);
    const char *meaning = known ? sa_text(&known->meaning, lang())
                                : sa_knowledge_label(SA_LABEL_OPTION_TAG_UNREGISTERED, lang());

    if (known != NULL) {
        proto_item_append_text(ti, " (%s: %s)", known->rfc, meaning);
        add_generated(proto_tree_add_string(sub, hf_sipadvisor_tag_rfc, tvb, 0, 0, known->rfc));
    } else {
        proto_item_append_text(ti, " (%s)", meaning);
    }
    add_generated(proto_tree_add_string(sub, hf_sipadvisor_tag_meaning, tvb, 0, 0, meaning));
}

/* Draws one item; depth-1 items go under the last depth-0 item drawn. */
static proto_item *add_item(proto_tree *tree, tvbuff_t *tvb, const sa_item_t *it)
{
    int hf = hf_sipadvisor_item[it->id];
    const char *label = item_label(it->id);

    switch (item_types[it->id]) {
    case T_STRING:
    case T_TAG:
        return add_labelled_string(tree, hf, tvb, label, it->str);
    case T_UINT:
        if (it->str != NULL) /* a value that belongs to a URI (Contact expires) */
            return add_generated(
                proto_tree_add_uint_format(tree, hf, tvb, 0, 0, (guint32)MIN(it->num, G_MAXUINT32),
                                           "%s: %s: %u", label, it->str, (guint32)MIN(it->num, G_MAXUINT32)));
        return add_generated(proto_tree_add_uint_format_value(tree, hf, tvb, 0, 0,
                                                              (guint32)MIN(it->num, G_MAXUINT32), "%u",
                                                              (guint32)MIN(it->num, G_MAXUINT32)));
    case T_Q:
        return add_generated(proto_tree_add_double(tree, hf, tvb, 0, 0, it->num / 1000.0));
    case T_BOOL:
    default:
        return add_generated(proto_tree_add_boolean(tree, hf, tvb, 0, 0, it->num != 0));
    }
}

static void add_items(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, proto_item *top,
                      const sa_result_t *r)
{
    guint shown[SA_I_COUNT] = {0};
    proto_item *parent = NULL;
    proto_tree *parent_tree = NULL;
    gboolean parent_drawn = FALSE;

    for (guint i = 0; r->items != NULL && i < r->items->len; i++) {
        const sa_item_t *it = &g_array_index(r->items, sa_item_t, i);
        proto_item *ti;
        if (it->depth > 0) {
            if (!parent_drawn)
                continue;
            ti = add_item(parent_tree, tvb, it);
            if (item_types[it->id] == T_Q)
                proto_item_append_text(parent, " (q=%g)", it->num / 1000.0);
            else if (item_types[it->id] == T_UINT)
                proto_item_append_text(parent, " (%s %" G_GINT64_FORMAT ")", item_label(it->id), it->num);
            else if (it->str != NULL)
                proto_item_append_text(parent, " (%s)", it->str);
            continue;
        }
        parent_drawn = shown[it->id] < TREE_MAX_ITEMS;
        if (!parent_drawn)
            continue;
        if (++shown[it->id] == TREE_MAX_ITEMS) {
            guint total = sa_result_item_count(r, (sa_item_id_t)it->id);
            if (total > TREE_MAX_ITEMS)
                expert_add_info_format(pinfo, top, &ei_sipadvisor[SA_F_LIST_CUT], "%s: %u of %u %s",
                                       sa_finding_summary(SA_F_LIST_CUT, lang()), TREE_MAX_ITEMS, total,
                                       item_names[it->id]);
        }
        ti = add_item(tree, tvb, it);
        parent = ti;
        parent_tree = proto_item_add_subtree(ti, ett_sipadvisor_item);
        if (item_types[it->id] == T_TAG)
            add_tag_meaning(ti, parent_tree, tvb, it->str);
    }
}

static void add_followup(tvbuff_t *tvb, proto_tree *tree, const sa_result_t *r)
{
    proto_item *ti = add_generated(proto_tree_add_item(tree, hf_sipadvisor_followup, tvb, 0, 0, ENC_NA));
    proto_tree *ft = proto_item_add_subtree(ti, ett_sipadvisor_followup);

    proto_item_set_text(
        ti, "%s: %s", sa_knowledge_label(SA_LABEL_FOLLOWUP, lang()),
        sa_knowledge_label(retry_state_labels[r->retry_state % G_N_ELEMENTS(retry_state_labels)], lang()));
    add_generated(proto_tree_add_uint(ft, hf_sipadvisor_retry_state, tvb, 0, 0, r->retry_state));
    if (r->ack_frame != 0)
        add_generated(proto_tree_add_uint(ft, hf_sipadvisor_ack_frame, tvb, 0, 0, r->ack_frame));
    if (r->retry_frame != 0) {
        add_generated(proto_tree_add_uint(ft, hf_sipadvisor_retry_frame, tvb, 0, 0, r->retry_frame));
        if (r->retry_uri != NULL)
            add_generated(proto_tree_add_string(ft, hf_sipadvisor_retry_uri, tvb, 0, 0, r->retry_uri));
        if (r->retry_detail != NULL)
            add_generated(proto_tree_add_string(ft, hf_sipadvisor_retry_detail, tvb, 0, 0, r->retry_detail));
        add_generated(proto_tree_add_boolean(ft, hf_sipadvisor_retry_fixed, tvb, 0, 0,
                                             r->retry_state == SA_RETRY_FIXED));
        if (r->retry_status != 0)
            add_generated(proto_tree_add_uint(ft, hf_sipadvisor_retry_status, tvb, 0, 0, r->retry_status));
    }
    if (r->has_followup_window)
        add_generated(proto_tree_add_time(ft, hf_sipadvisor_followup_window, tvb, 0, 0, &r->followup_window));
}

/* Appends a note to the Info column, after a space unless the column is
 * empty or already ends in one. */
/* The separator before a note in the Info column: a space unless the
 * column is empty or already ends in one (NULL would mean ", "). */
static const char *info_sep(packet_info *pinfo)
{
    const char *now = col_get_text(pinfo->cinfo, COL_INFO);
    gsize len = now ? strlen(now) : 0;

    return len > 0 && now[len - 1] != ' ' ? " " : "";
}

static void info_note(packet_info *pinfo, const char *note)
{
    if (!pref_info_column)
        return;
    col_append_sep_fstr(pinfo->cinfo, COL_INFO, info_sep(pinfo), "[%s]", note);
}

static void queue_tap(packet_info *pinfo, const sa_result_t *r, gboolean is_retry)
{
    sa_tap_record_t *rec;

    if (!have_tap_listener(sipadvisor_tap))
        return;
    rec = wmem_new(pinfo->pool, sa_tap_record_t);
    rec->result = r;
    rec->is_retry = is_retry;
    tap_queue_packet(sipadvisor_tap, pinfo, rec);
}

static void draw_result(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const sa_result_t *r)
{
    const sa_status_info_t *info = sa_knowledge_explain(r->status);
    sa_finding_t headline = sa_result_headline(r);
    gboolean texts = texts_wanted(tree);
    proto_item *ti;
    proto_tree *st;
    char *fix;

    if (r->kind == SA_KIND_EXPLAIN) {
        if (!pref_explain_all)
            return;
        ti = proto_tree_add_protocol_format(tree, proto_sipadvisor, tvb, 0, 0, "SIP Advisor: %u %s",
                                            r->status, info && info->registered ? info->reason : "");
        if (r->request_frame != 0)
            proto_item_append_text(ti, " [%s in frame %u]", r->request_method, r->request_frame);
    } else if (texts) {
        char *detail = sa_finding_detail(r, headline, lang(), TRUE);
        ti = proto_tree_add_protocol_format(tree, proto_sipadvisor, tvb, 0, 0, "SIP Advisor: %s%s%s",
                                            sa_finding_summary(headline, lang()),
                                            detail && *detail ? ": " : "", detail ? detail : "");
        g_free(detail);
    } else {
        ti = proto_tree_add_protocol_format(tree, proto_sipadvisor, tvb, 0, 0, "SIP Advisor: %s",
                                            sa_finding_summary(headline, lang()));
    }
    st = proto_item_add_subtree(ti, ett_sipadvisor);
    add_generated(ti);
    if (lang() == SA_LANG_ZH && info != NULL && info->registered)
        add_generated(proto_tree_add_uint_format(
            st, hf_sipadvisor_status, tvb, 0, 0, r->status, "%s: %u %s（%s）",
            sa_knowledge_label(SA_LABEL_STATUS, lang()), r->status, info->reason, info->name.zh));
    else
        add_generated(proto_tree_add_uint_format_value(st, hf_sipadvisor_status, tvb, 0, 0, r->status,
                                                       "%u %s", r->status,
                                                       info && info->registered ? info->reason : ""));
    add_labelled_string(st, hf_sipadvisor_class, tvb, sa_knowledge_label(SA_LABEL_CLASS, lang()),
                        sa_knowledge_status_class(r->status, lang()));
    fix = r->resend || !(texts || proto_field_is_referenced(tree, hf_sipadvisor_fix))
              ? NULL
              : sa_result_fix(r, lang());
    if (fix != NULL)
        add_labelled_string(st, hf_sipadvisor_fix, tvb, sa_knowledge_label(SA_LABEL_COMPUTED_FIX, lang()),
                            fix);
    g_free(fix);
    if (info != NULL && pref_explanations)
        add_explanation(st, tvb, info);
    add_transaction(st, tvb, r);
    add_items(st, tvb, pinfo, ti, r);
    if (r->kind == SA_KIND_EXPLAIN || r->resend) {
        for (int f = 0; f < SA_F_COUNT; f++) {
            if (sa_result_has(r, (sa_finding_t)f))
                add_expert(pinfo, ti, r, (sa_finding_t)f, texts);
        }
        if (!r->resend) /* the reports count every failed response */
            queue_tap(pinfo, r, FALSE);
        return;
    }
    add_followup(tvb, st, r);
    for (int f = 0; f < SA_F_COUNT; f++) {
        if (sa_result_has(r, (sa_finding_t)f))
            add_expert(pinfo, ti, r, (sa_finding_t)f, texts);
    }
    {
        char *note = sa_result_info(r);
        if (note != NULL)
            info_note(pinfo, note);
        g_free(note);
    }
    queue_tap(pinfo, r, FALSE);
}

static void draw_request_note(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const sa_request_note_t *n)
{
    proto_item *ti = add_generated(proto_tree_add_item(tree, proto_sipadvisor, tvb, 0, 0, ENC_NA));
    proto_tree *st = proto_item_add_subtree(ti, ett_sipadvisor);

    proto_item_set_text(ti, "SIP Advisor:");
    if (n->retry_of != NULL) {
        const sa_result_t *r = n->retry_of;
        proto_item_append_text(ti, " %s %u (frame %u)",
                               sa_knowledge_label(SA_LABEL_RETRY_AFTER_RESPONSE, lang()), r->status,
                               r->frame);
        if (r->retry_detail != NULL)
            proto_item_append_text(ti, ": %s", r->retry_detail);
        add_generated(proto_tree_add_uint(st, hf_sipadvisor_retry_of, tvb, 0, 0, r->frame));
        add_generated(proto_tree_add_boolean(st, hf_sipadvisor_retry_fixed, tvb, 0, 0,
                                             r->retry_state == SA_RETRY_FIXED));
        /* info_note() of "retry after N", formatted once */
        if (pref_info_column)
            col_append_sep_fstr(pinfo->cinfo, COL_INFO, info_sep(pinfo), "[retry after %u]", r->status);
        queue_tap(pinfo, r, TRUE);
    }
    if (n->answered_by != NULL) {
        proto_item_append_text(ti, "%s %s %u in frame %u", n->retry_of ? ";" : "",
                               sa_knowledge_label(SA_LABEL_ANSWERED_BY, lang()), n->answered_by->status,
                               n->answered_by->frame);
        add_generated(
            proto_tree_add_uint(st, hf_sipadvisor_response_frame, tvb, 0, 0, n->answered_by->frame));
    }
}

/* A JSON string, or null. The reader's strings hold no control bytes. */
static void json_string(wmem_strbuf_t *s, const char *name, const char *value)
{
    wmem_strbuf_append_printf(s, "\"%s\":", name);
    if (value == NULL) {
        wmem_strbuf_append(s, "null,");
        return;
    }
    wmem_strbuf_append_c(s, '"');
    for (const char *p = value; *p; p++) {
        if (*p == '"' || *p == '\\')
            wmem_strbuf_append_c(s, '\\');
        if (*p == '\n')
            wmem_strbuf_append(s, "\\n");
        else
            wmem_strbuf_append_c(s, *p);
    }
    wmem_strbuf_append(s, "\",");
}

/* What the header reader made of each SIP message of the frame, as one
 * JSON object per hidden item: for the test that holds the reader equal to
 * the SIP dissector's fields. Built only when a filter or tshark -e asks
 * for sipadvisor.debug.record. */
static void add_debug_records(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const sa_msg_t *msgs,
                              guint n)
{
    static const char *const header_names[SA_H_COUNT] = {
#define SA_HEADER_NAME(id, name, compact) name,
        SA_HEADERS(SA_HEADER_NAME)
#undef SA_HEADER_NAME
    };

    for (guint i = 0; i < n; i++) {
        const sa_msg_t *m = &msgs[i];
        wmem_strbuf_t *s = wmem_strbuf_new(pinfo->pool, "{");
        proto_item *ti;

        wmem_strbuf_append_printf(s, "\"index\":%u,\"request\":%s,\"status\":%u,\"length\":%u,\"flags\":%u,",
                                  m->index, m->is_request ? "true" : "false", m->status, m->length,
                                  m->read_flags);
        json_string(s, "method", m->method);
        json_string(s, "ruri", m->ruri);
        json_string(s, "reason", m->reason);
        json_string(s, "call_id", m->call_id);
        if (m->has_cseq)
            wmem_strbuf_append_printf(s, "\"cseq\":%u,", m->cseq);
        json_string(s, "cseq_method", m->cseq_method);
        json_string(s, "via_transport", m->via_transport);
        json_string(s, "via_host", m->via_host);
        wmem_strbuf_append_printf(s, "\"via_port\":%u,", m->via_port);
        json_string(s, "via_branch", m->via_branch);
        json_string(s, "from_uri", m->from_uri);
        json_string(s, "from_tag", m->from_tag);
        json_string(s, "to_uri", m->to_uri);
        json_string(s, "to_tag", m->to_tag);
        wmem_strbuf_append_printf(s, "\"contact_star\":%s,\"contacts\":[",
                                  m->contact_star ? "true" : "false");
        for (guint c = 0; c < m->n_contacts; c++) {
            wmem_strbuf_append(s, c ? ",{" : "{");
            json_string(s, "uri", m->contacts[c].uri);
            json_string(s, "params", m->contacts[c].params);
            wmem_strbuf_truncate(s, wmem_strbuf_get_len(s) - 1);
            wmem_strbuf_append_c(s, '}');
        }
        wmem_strbuf_append(s, "],\"headers\":{");
        for (int h = 0; h < SA_H_COUNT; h++) {
            if (m->hdr[h] != NULL)
                json_string(s, header_names[h], m->hdr[h]);
        }
        if (wmem_strbuf_get_str(s)[wmem_strbuf_get_len(s) - 1] == ',')
            wmem_strbuf_truncate(s, wmem_strbuf_get_len(s) - 1);
        wmem_strbuf_append(s, "}}");
        ti = proto_tree_add_string(tree, hf_sipadvisor_debug_record, tvb, 0, 0, wmem_strbuf_get_str(s));
        proto_item_set_hidden(ti);
    }
}

#ifdef SIPADVISOR_SANITIZE_SELFTEST
#include <sanitizer/lsan_interface.h>

/* Sanitizer builds only: SIPADVISOR_SELFTEST=overflow|leak plants one bug
 * at the first analysed response, so that tests/sanitize proves that its
 * runs would catch a real one (and that the runtime is really active). */
static void sanitize_selftest(void)
{
    static gboolean done;
    const char *what = g_getenv("SIPADVISOR_SELFTEST");
    volatile char *p;

    if (done || what == NULL)
        return;
    done = TRUE;
    p = g_malloc(16);
    if (g_strcmp0(what, "overflow") == 0) {
        p[strlen(what) + 8] = 1; /* 16: one past the end */
        g_free((char *)p);
    } else if (g_strcmp0(what, "leak") != 0) {
        g_free((char *)p); /* unknown value: no bug */
    }
}
#endif

static int dissect_sipadvisor(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    const GPtrArray *results;
    const GPtrArray *requests;

    if (sa_ctx == NULL)
        return 0;
    if (!PINFO_FD_VISITED(pinfo)) {
        sa_msg_t *msgs;
        guint n = sa_fields_extract(tree, pinfo, &msgs);
        sa_ctx_note_frame(sa_ctx, &pinfo->abs_ts);
        /* Referenced in every visible tree: the preference keeps the
         * records' cost to the runs that ask for them. */
        if (n > 0 && pref_debug_records && proto_field_is_referenced(tree, hf_sipadvisor_debug_record))
            add_debug_records(tree, tvb, pinfo, msgs, n);
        for (guint i = 0; i < n; i++) {
            if (msgs[i].is_request || msgs[i].status != 0)
                sa_ctx_add(sa_ctx, &msgs[i]);
        }
    } else {
        /* A later pass: the whole capture has been read. */
        sa_ctx_finish(sa_ctx);
    }
    results = sa_ctx_frame_results(sa_ctx, pinfo->num);
    requests = sa_ctx_frame_requests(sa_ctx, pinfo->num);
    if (results == NULL && requests == NULL)
        return 0;
    for (guint i = 0; requests != NULL && i < requests->len; i++)
        draw_request_note(tvb, pinfo, tree, g_ptr_array_index(requests, i));
    for (guint i = 0; results != NULL && i < results->len; i++)
        draw_result(tvb, pinfo, tree, g_ptr_array_index(results, i));
#ifdef SIPADVISOR_SANITIZE_SELFTEST
    if (results != NULL)
        sanitize_selftest();
#endif
    return tvb_captured_length(tvb);
}

static void sipadvisor_init(void)
{
    sa_ctx = sa_ctx_new();
    /* Both exist once every dissector and tap is registered (find_tap_id
     * answers 0 for a tap not registered yet). */
    expert_tap = find_tap_id("expert");
    hf_expert_message = proto_registrar_get_id_byname("_ws.expert.message");
    /* Wanted fields make every frame build a tree: only ask while enabled. */
    if (proto_is_protocol_enabled(find_protocol_by_id(proto_sipadvisor)))
        set_postdissector_wanted_hfids(sipadvisor_handle, sa_fields_wanted());
}

static void sipadvisor_cleanup(void)
{
    sa_ctx_free(sa_ctx);
    sa_ctx = NULL;
    sa_fields_cleanup();
    set_postdissector_wanted_hfids(sipadvisor_handle, NULL);
#ifdef SIPADVISOR_SANITIZE_SELFTEST
    /* Check for leaks while the plugin is still loaded: at exit it is
     * unloaded and LeakSanitizer cannot name its frames any more. */
    __lsan_do_recoverable_leak_check();
#endif
}

/* Item types as field types. */
#define SA_FT_STRING   FT_STRING
#define SA_FT_TAG      FT_STRING
#define SA_FT_UINT     FT_UINT32
#define SA_FT_Q        FT_DOUBLE
#define SA_FT_BOOL     FT_BOOLEAN
#define SA_BASE_STRING BASE_NONE
#define SA_BASE_TAG    BASE_NONE
#define SA_BASE_UINT   BASE_DEC
#define SA_BASE_Q      BASE_NONE
#define SA_BASE_BOOL   BASE_NONE

void proto_register_sipadvisor(void)
{
    static hf_register_info hf[] = {
        {&hf_sipadvisor_status,
         {"Status", "sipadvisor.status", FT_UINT16, BASE_DEC, NULL, 0x0,
          "Status code of the analysed SIP response", HFILL}},
        {&hf_sipadvisor_class,
         {"Class", "sipadvisor.class", FT_STRING, BASE_NONE, NULL, 0x0, "Status class of the response",
          HFILL}},
        {&hf_sipadvisor_fix,
         {"Fix", "sipadvisor.fix", FT_STRING, BASE_NONE, NULL, 0x0,
          "What the client (or server) must change, with the values the response names", HFILL}},
        {&hf_sipadvisor_explanation,
         {"Explanation", "sipadvisor.explanation", FT_NONE, BASE_NONE, NULL, 0x0,
          "What the response means and how to fix its cause", HFILL}},
        {&hf_sipadvisor_meaning,
         {"Meaning", "sipadvisor.explanation.meaning", FT_STRING, BASE_NONE, NULL, 0x0,
          "What the response means (one line per item)", HFILL}},
        {&hf_sipadvisor_when,
         {"When it happens", "sipadvisor.explanation.when", FT_STRING, BASE_NONE, NULL, 0x0,
          "The usual causes of the response (one line per item)", HFILL}},
        {&hf_sipadvisor_how_to_fix,
         {"How to fix", "sipadvisor.explanation.fix", FT_STRING, BASE_NONE, NULL, 0x0,
          "What to change so that the request succeeds (one line per item)", HFILL}},
        {&hf_sipadvisor_reference,
         {"Reference", "sipadvisor.explanation.reference", FT_STRING, BASE_NONE, NULL, 0x0,
          "The specification that defines the response", HFILL}},
        {&hf_sipadvisor_unregistered,
         {"Unregistered code", "sipadvisor.explanation.unregistered", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
          "The status code is not in the IANA registry: its class explains it", HFILL}},
        {&hf_sipadvisor_transaction,
         {"Transaction", "sipadvisor.transaction", FT_NONE, BASE_NONE, NULL, 0x0,
          "The client transaction the response belongs to", HFILL}},
        {&hf_sipadvisor_request_frame,
         {"Request in frame", "sipadvisor.request_frame", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0, "The first copy of the request this response answers",
          HFILL}},
        {&hf_sipadvisor_request_method,
         {"Request method", "sipadvisor.request_method", FT_STRING, BASE_NONE, NULL, 0x0,
          "Method of the request (from CSeq when the request is not captured)", HFILL}},
        {&hf_sipadvisor_request_uri,
         {"Request-URI", "sipadvisor.request_uri", FT_STRING, BASE_NONE, NULL, 0x0,
          "Request-URI of the request", HFILL}},
        {&hf_sipadvisor_match,
         {"Matched by", "sipadvisor.match", FT_UINT8, BASE_DEC, VALS(match_vals), 0x0,
          "Which rule tied the response to its request: 1 = RFC 3261 (top Via branch, sent-by and CSeq "
          "method, "
          "within the same Call-ID), 2 = RFC 2543 fallback (Call-ID, CSeq, From tag and top Via)",
          HFILL}},
        {&hf_sipadvisor_response_time,
         {"Response time", "sipadvisor.response_time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
          "Time from the first copy of the request to this response", HFILL}},
        {&hf_sipadvisor_resend,
         {"Retransmission", "sipadvisor.resend", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
          "Whether this response repeats an earlier one of the same transaction", HFILL}},
        {&hf_sipadvisor_original_frame,
         {"Retransmission of frame", "sipadvisor.original_frame", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_RETRANS_PREV), 0x0, "The first copy of this response", HFILL}},
        {&hf_sipadvisor_tag_rfc,
         {"Defined in", "sipadvisor.tag.rfc", FT_STRING, BASE_NONE, NULL, 0x0,
          "The RFC that defines the option tag", HFILL}},
        {&hf_sipadvisor_tag_meaning,
         {"Option tag stands for", "sipadvisor.tag.meaning", FT_STRING, BASE_NONE, NULL, 0x0,
          "What the option tag stands for", HFILL}},
        {&hf_sipadvisor_followup,
         {"Follow-up", "sipadvisor.followup", FT_NONE, BASE_NONE, NULL, 0x0,
          "What the client did after the response", HFILL}},
        {&hf_sipadvisor_retry_state,
         {"Retry", "sipadvisor.retry_state", FT_UINT8, BASE_DEC, VALS(retry_state_vals), 0x0,
          "Whether the client retried and whether the retry applied the fix", HFILL}},
        {&hf_sipadvisor_ack_frame,
         {"ACK in frame", "sipadvisor.ack_frame", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_ACK), 0x0,
          "The ACK of this final response to INVITE", HFILL}},
        {&hf_sipadvisor_retry_frame,
         {"Retry in frame", "sipadvisor.retry_frame", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_NONE),
          0x0, "The client's next attempt after this response", HFILL}},
        {&hf_sipadvisor_retry_uri,
         {"Retry Request-URI", "sipadvisor.retry_uri", FT_STRING, BASE_NONE, NULL, 0x0,
          "Where the client sent its retry", HFILL}},
        {&hf_sipadvisor_retry_detail,
         {"Retry carried", "sipadvisor.retry_detail", FT_STRING, BASE_NONE, NULL, 0x0,
          "What the retry carried of what had to change", HFILL}},
        {&hf_sipadvisor_retry_fixed,
         {"Retry applied the fix", "sipadvisor.retry_fixed", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
          "Whether the client's retry changed what the response asked", HFILL}},
        {&hf_sipadvisor_retry_status,
         {"Retry final status", "sipadvisor.retry_status", FT_UINT16, BASE_DEC, NULL, 0x0,
          "The final response to the retry", HFILL}},
        {&hf_sipadvisor_followup_window,
         {"Capture time after the transaction", "sipadvisor.followup_window", FT_RELATIVE_TIME, BASE_NONE,
          NULL, 0x0, "How long the capture goes on after the transaction's last message, when no retry came",
          HFILL}},
        {&hf_sipadvisor_response_frame,
         {"Response in frame", "sipadvisor.response_frame", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0, "The final non-2xx response that answered this request",
          HFILL}},
        {&hf_sipadvisor_retry_of,
         {"Retry after", "sipadvisor.retry_of", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_NONE), 0x0,
          "The response this request is the client's retry after", HFILL}},
        {&hf_sipadvisor_debug_record,
         {"Header reader record", "sipadvisor.debug.record", FT_STRING, BASE_NONE, NULL, 0x0,
          "For tests: what sipadvisor read from one SIP message, as JSON (hidden; made only when asked for)",
          HFILL}},
#define SA_HF_REGISTER(iid, name, type, en, zh, blurb)                                                       \
    {&hf_sipadvisor_item[SA_I_##iid],                                                                        \
     {en, "sipadvisor." name, SA_FT_##type, SA_BASE_##type, NULL, 0x0, blurb, HFILL}},
        SA_ITEMS(SA_HF_REGISTER)
#undef SA_HF_REGISTER
    };
    static gint *ett[] = {
        &ett_sipadvisor,      &ett_sipadvisor_explanation, &ett_sipadvisor_transaction,
        &ett_sipadvisor_item, &ett_sipadvisor_followup,
    };
#define SA_EI_REGISTER(id, name, group, severity, en, zh)                                                    \
    {&ei_sipadvisor[SA_F_##id], {"sipadvisor." name, PI_##group, PI_##severity, en, EXPFILL}},
    static ei_register_info ei[] = {SA_FINDINGS(SA_EI_REGISTER)};
#undef SA_EI_REGISTER
    expert_module_t *expert_sipadvisor;
    module_t *prefs;
    char *broken = sa_rules_check();

    /* An analysed code without a complete rule is a build error of ours:
     * say so loudly and analyse nothing rather than guess. */
    if (broken != NULL) {
        ws_error("sipadvisor: %s", broken);
    }

    proto_sipadvisor = proto_register_protocol("SIP Advisor", "SIPADVISOR", "sipadvisor");
    for (guint i = 0; i < G_N_ELEMENTS(retry_state_labels); i++) {
        retry_state_vals[i].value = i;
        retry_state_vals[i].strptr = sa_knowledge_label(retry_state_labels[i], SA_LANG_EN);
    }
    proto_register_field_array(proto_sipadvisor, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_sipadvisor = expert_register_protocol(proto_sipadvisor);
    expert_register_field_array(expert_sipadvisor, ei, array_length(ei));

    prefs = prefs_register_protocol(proto_sipadvisor, NULL);
    prefs_register_bool_preference(prefs, "info_column", "Notes in the Info column",
                                   "Append a short note ([moved -> URI], [missing: tags], [retry after 421]) "
                                   "to the Info column of analysed responses and retries",
                                   &pref_info_column);
    prefs_register_bool_preference(prefs, "explanations", "Explanation subtrees",
                                   "Show what each response means, when it happens and how to fix it",
                                   &pref_explanations);
    prefs_register_bool_preference(prefs, "explain_all", "Explain every failed response",
                                   "Give every final non-2xx response a tree (status, class, explanation, "
                                   "request), not only the analysed ones",
                                   &pref_explain_all);
    prefs_register_bool_preference(
        prefs, "debug_records", "Debug records of the header reader",
        "Add the hidden field sipadvisor.debug.record (what the header reader read "
        "of each SIP message, as JSON) for comparing it with the SIP dissector",
        &pref_debug_records);
    prefs_register_enum_preference(
        prefs, "language", "Language",
        "Language of the explanations, fixes and expert texts (field names never change)", &pref_language,
        language_vals, FALSE);

    sipadvisor_tap = register_tap("sipadvisor");
    register_init_routine(sipadvisor_init);
    register_cleanup_routine(sipadvisor_cleanup);
}

void proto_reg_handoff_sipadvisor(void)
{
    sipadvisor_handle = create_dissector_handle(dissect_sipadvisor, proto_sipadvisor);
    register_postdissector(sipadvisor_handle);
    sa_fields_resolve();
    sa_stats_register();
}
