/* sipadvisor-knowledge.c
 * Status-code explanations and the option-tag registry, kept as data in one
 * place so that the tree, the expert texts and the README all say the same.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sipadvisor-knowledge.h"

static const sa_status_info_t status_table[] = {
    {301, "Moved Permanently", "RFC 3261 §21.3.2",
     "The callee can no longer be reached at the Request-URI. The Contact "
     "header lists where the user lives now; the move is meant to last, so "
     "the client should also update what it keeps (address book, routing, "
     "registrations).",
     "A user changed SIP address, a number was ported, or a domain moved; "
     "a redirect server or registrar answers from its location data instead "
     "of forwarding the request.",
     "Send the request again to the Contact URIs (highest q first; for "
     "INVITE, ACK the 301 first) and replace the old URI wherever it is "
     "configured: contacts, dial plans, trunk routes, DNS/registrar data."},
    {421, "Extension Required", "RFC 3261 §21.4.16",
     "The server will only process the request if the client uses a SIP "
     "extension that the request did not list in Supported. The extensions "
     "are named as option tags in the response's Require header.",
     "The server (or its policy) insists on an extension such as session "
     "timers (timer), reliable provisional responses (100rel) or IMS "
     "security agreement (sec-agree), and the request did not announce it.",
     "Enable the extension on the client and list its option tag in "
     "Supported, then retry; or relax the server's policy so that it does "
     "not require the extension from clients that lack it."},
};

/* IANA "Session Initiation Protocol (SIP) Parameters", Option Tags. */
static const sa_option_tag_t option_tags[] = {
    {"100rel", "RFC 3262", "reliable provisional responses (PRACK)"},
    {"199", "RFC 6228", "199 Early Dialog Terminated response"},
    {"answermode", "RFC 5373", "Answer-Mode / Priv-Answer-Mode (auto-answer)"},
    {"early-session", "RFC 3959", "early-session disposition for early media"},
    {"eventlist", "RFC 4662", "subscriptions to resource lists"},
    {"explicitsub", "RFC 7614", "REFER with an explicit subscription"},
    {"from-change", "RFC 4916", "change of From/To URIs within a dialog"},
    {"geolocation-http", "RFC 6442", "location dereferenced over HTTP"},
    {"geolocation-sip", "RFC 6442", "location dereferenced over SIP"},
    {"gin", "RFC 6140", "registration of multiple numbers (bulk GIN)"},
    {"gruu", "RFC 5627", "globally routable user agent URIs"},
    {"histinfo", "RFC 7044", "History-Info header"},
    {"ice", "RFC 5768", "Interactive Connectivity Establishment"},
    {"join", "RFC 3911", "Join header"},
    {"multiple-refer", "RFC 5368", "REFER with several targets"},
    {"norefersub", "RFC 4488", "REFER without implicit subscription"},
    {"nosub", "RFC 7614", "REFER without any subscription"},
    {"outbound", "RFC 5626", "client-initiated (outbound) connections"},
    {"path", "RFC 3327", "Path header on REGISTER"},
    {"policy", "RFC 6794", "session policies"},
    {"precondition", "RFC 3312", "QoS and other preconditions"},
    {"pref", "RFC 3840", "caller preferences / callee capabilities"},
    {"privacy", "RFC 3323", "privacy service"},
    {"recipient-list-invite", "RFC 5366", "conference INVITE with a URI list"},
    {"recipient-list-message", "RFC 5365", "MESSAGE to a URI list"},
    {"recipient-list-subscribe", "RFC 5367", "SUBSCRIBE to a URI list"},
    {"record-aware", "RFC 7866", "user agent aware of being recorded"},
    {"replaces", "RFC 3891", "Replaces header"},
    {"resource-priority", "RFC 4412", "Resource-Priority header"},
    {"sdp-anat", "RFC 4092", "IPv4/IPv6 alternatives in SDP (ANAT)"},
    {"sec-agree", "RFC 3329", "security mechanism agreement"},
    {"siprec", "RFC 7866", "recording session (SIPREC)"},
    {"tdialog", "RFC 4538", "Target-Dialog header"},
    {"timer", "RFC 4028", "session timers"},
    {"trickle-ice", "RFC 8840", "trickle ICE"},
    {"uui", "RFC 7433", "User-to-User information"},
};

const sa_status_info_t *sa_knowledge_status(guint code)
{
    for (gsize i = 0; i < G_N_ELEMENTS(status_table); i++) {
        if (status_table[i].code == code)
            return &status_table[i];
    }
    return NULL;
}

const char *sa_knowledge_status_class(guint code)
{
    static const char *const classes[] = {
        "1xx Provisional",    "2xx Success",        "3xx Redirection",
        "4xx Client Failure", "5xx Server Failure", "6xx Global Failure",
    };
    if (code < 100 || code > 699)
        return "invalid";
    return classes[code / 100 - 1];
}

const sa_option_tag_t *sa_knowledge_option_tag(const char *tag)
{
    if (tag == NULL)
        return NULL;
    for (gsize i = 0; i < G_N_ELEMENTS(option_tags); i++) {
        if (g_ascii_strcasecmp(option_tags[i].tag, tag) == 0)
            return &option_tags[i];
    }
    return NULL;
}

const sa_option_tag_t *sa_knowledge_option_tags(gsize *count)
{
    *count = G_N_ELEMENTS(option_tags);
    return option_tags;
}
