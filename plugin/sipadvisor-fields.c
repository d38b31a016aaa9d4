/* sipadvisor-fields.c
 * Extraction: the SIP messages of one frame as records. sipadvisor wants
 * one field, the "sip" protocol item: its field_info says where each SIP
 * message starts in its data source (the frame, or the buffer that TCP
 * reassembly, WebSocket unmasking, TLS decryption or HEP decapsulation
 * made), because Wireshark's SIP dissector has already found the message
 * boundaries. A message runs to the next "sip" item of the same data source
 * or to the end of the data, and never past the item's length: in tshark's
 * invisible tree that can be the rest of the segment, but it is never more
 * than the data the SIP dissector was given (a UDP payload, not the frame).
 * The header reader (sipadvisor-reader.c) reads the start line and headers
 * from those bytes. Tree parents are not used (in an invisible tree they
 * are faked).
 *
 * Wanting header fields instead (sip.Via.branch, sip.contact.uri, ...)
 * makes the SIP dissector parse them into tree items for every message, a
 * cost paid even when nobody looks at them.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sipadvisor-fields.h"

#include <epan/address.h>
#include <epan/proto.h>
#include <epan/tvbuff.h>
#include <wsutil/wmem/wmem.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sipadvisor-reader.h"

static int hf_sip = -1;
static sa_reader_t *reader;

void sa_fields_resolve(void)
{
    hf_sip = proto_registrar_get_id_byname("sip");
    if (hf_sip < 0)
        ws_warning("sipadvisor: the SIP protocol is not registered");
}

GArray *sa_fields_wanted(void)
{
    GArray *wanted = g_array_sized_new(FALSE, FALSE, (guint)sizeof(int), 1);

    if (hf_sip >= 0)
        g_array_append_val(wanted, hf_sip);
    return wanted;
}

void sa_fields_cleanup(void)
{
    sa_reader_free(reader);
    reader = NULL;
}

/* Where one message lies. */
typedef struct msg_span {
    tvbuff_t *ds_tvb;
    gint start;
    gint length; /* the item's length: an upper bound (the rest of the data given to SIP) */
} msg_span_t;

/* Orders spans by data source, then by start. */
static int span_compare(const void *a, const void *b)
{
    const msg_span_t *x = a;
    const msg_span_t *y = b;

    if (x->ds_tvb != y->ds_tvb)
        return (uintptr_t)x->ds_tvb < (uintptr_t)y->ds_tvb ? -1 : 1;
    return (x->start > y->start) - (x->start < y->start);
}

static void endpoint_of(const address *a, guint32 port, sa_endpoint_t *ep)
{
    memset(ep, 0, sizeof *ep);
    /* Copies of a constant size: no call. */
    if (a->type == AT_IPv4 && a->len == 4) {
        memcpy(ep->addr, a->data, 4);
        ep->addr_len = 4;
        ep->port = (guint16)port;
    } else if (a->type == AT_IPv6 && a->len == 16) {
        memcpy(ep->addr, a->data, 16);
        ep->addr_len = 16;
        ep->port = (guint16)port;
    }
}

static sa_transport_t transport_of(const packet_info *pinfo)
{
    switch (pinfo->ptype) {
    case PT_UDP:
        return SA_TRANSPORT_UDP;
    case PT_TCP:
        return SA_TRANSPORT_TCP;
    case PT_SCTP:
        return SA_TRANSPORT_SCTP;
    default:
        return SA_TRANSPORT_UNKNOWN;
    }
}

guint sa_fields_extract(proto_tree *tree, packet_info *pinfo, sa_msg_t **msgs_out)
{
    GPtrArray *arr;
    msg_span_t *spans;
    sa_msg_t *msgs;
    sa_endpoint_t src, dst;
    sa_transport_t transport;
    guint n;
    guint found = 0;

    *msgs_out = NULL;
    if (tree == NULL || hf_sip < 0)
        return 0;
    arr = proto_get_finfo_ptr_array(tree, hf_sip);
    if (arr == NULL || arr->len == 0)
        return 0;
    if (reader == NULL)
        reader = sa_reader_new();
    sa_reader_reset(reader);

    n = arr->len;
    /* One block: the records, then the spans. Not zeroed: the reader sets
     * its members of the records, the loop below the others. */
    G_STATIC_ASSERT(sizeof(sa_msg_t) % sizeof(void *) == 0); /* spans hold a pointer and gints */
    msgs = wmem_alloc(pinfo->pool, n * (sizeof(sa_msg_t) + sizeof(msg_span_t)));
    spans = (msg_span_t *)(void *)(msgs + n);
    for (guint i = 0; i < n; i++) {
        field_info *fi = g_ptr_array_index(arr, i);
        spans[i].ds_tvb = fi->ds_tvb;
        spans[i].start = fi->start;
        spans[i].length = fi->length;
    }
    if (n > 1)
        qsort(spans, n, sizeof *spans, span_compare);
    endpoint_of(&pinfo->src, pinfo->srcport, &src);
    endpoint_of(&pinfo->dst, pinfo->destport, &dst);
    transport = transport_of(pinfo);

    for (guint i = 0; i < n; i++) {
        const msg_span_t *s = &spans[i];
        gboolean last = i + 1 == n || spans[i + 1].ds_tvb != s->ds_tvb;
        gint captured;
        gint end;
        const guint8 *data;
        sa_msg_t *m = &msgs[found];

        if (s->ds_tvb == NULL || s->start < 0 || (i > 0 && !span_compare(&spans[i - 1], s)))
            continue; /* no bytes, or the same message twice */
        captured = tvb_captured_length_remaining(s->ds_tvb, s->start);
        if (captured <= 0)
            continue;
        end = last ? s->start + captured : MIN(spans[i + 1].start, s->start + captured);
        /* The SIP dissector got a subset of the data source (a UDP
         * payload): not beyond it, whatever the frame holds after it. */
        if (s->length > 0)
            end = MIN(end, s->start + s->length);
        data = tvb_get_ptr(s->ds_tvb, s->start, end - s->start);
        if (!sa_reader_read(reader, data, (gsize)(end - s->start), m))
            continue;
        m->frame = pinfo->num;
        m->index = found;
        m->time = pinfo->abs_ts;
        m->transport = transport;
        m->src = src;
        m->dst = dst;
        /* The whole message: to the next one, or to the end of the data as
         * sent (a capture may have cut it). */
        m->length = (guint32)(last && s->length <= 0 ? tvb_reported_length_remaining(s->ds_tvb, s->start)
                                                     : end - s->start);
        found++;
    }
    *msgs_out = msgs;
    return found;
}
