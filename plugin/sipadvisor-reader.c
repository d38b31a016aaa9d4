/* sipadvisor-reader.c
 * The SIP header reader: start line and header block into an sa_msg_t.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sipadvisor-reader.h"

#include <string.h>

/* One pass over the bytes, the body never read. Header names are dispatched
 * through a small hash of the names that are kept; every other header is
 * skipped without copying. The strings of the messages read since the last
 * reset live in a bump arena of g_malloc'ed blocks.
 *
 * Where Wireshark's SIP dissector (epan/dissectors/packet-sip.c, 4.0) gives
 * the same fields, the reader agrees with it on well-formed messages. It
 * differs on purpose where the dissector is lossy or does not follow RFC 3261:
 *   - values are escaped (sipadvisor-msg.h), not cut at a NUL or replaced by
 *     U+FFFD, and trimmed (Wireshark keeps trailing white space);
 *   - only CRLF and LF end lines (Wireshark also ends a line at a lone CR);
 *   - white space is allowed before the colon of a name and around ';' and
 *     '=' of Via parameters (Wireshark loses the branch after "; ");
 *   - a sent-by port at the end of the Via line is read (Wireshark 4.0 drops
 *     it), and an LF-only addr-spec Contact keeps its last byte;
 *   - tags are the "tag" header parameter, in any case; Wireshark takes the
 *     first "tag=" after the URI, also inside another parameter;
 *   - Contact addr-specs of any scheme are read (Wireshark: sip and tel
 *     only), and an expires value that is not a number does not end the
 *     list; an unquoted display name does not run across a comma;
 *   - a CSeq number must be 1-10 digits below 2**32 (Wireshark: strtoul),
 *     and a bad CSeq does not end the header block;
 *   - a status code below 100 is not a status line. */

/* ------------------------------------------------------------------ */
/* Tables */

/* What a header name stands for: an SA_H_* id (kept in hdr[]), one of the
 * headers with their own members, or nothing. */
enum { K_VIA = SA_H_COUNT, K_FROM, K_TO, K_CALL_ID, K_CSEQ, K_CONTACT, K_NONE };
G_STATIC_ASSERT(K_NONE < 256);

typedef struct header_name {
    const char *name;
    guint8 len;
    guint8 kind;
} header_name_t;

/* A name as words for the comparison in lookup_name(): the lower-case
 * bytes, zero-padded, and 0x20 in the bytes that are letters. */
#define NAME_WORDS 3
typedef struct name_words {
    guint64 lower[NAME_WORDS];
    guint64 letters[NAME_WORDS];
} name_words_t;
#define SA_NAME_FITS(id, name, compact) G_STATIC_ASSERT(sizeof(name) - 1 <= NAME_WORDS * 8);
SA_HEADERS(SA_NAME_FITS)
#undef SA_NAME_FITS

/* The headers with their own members in sa_msg_t. */
#define SA_FIXED_HEADERS(X)                                                                                  \
    X(K_VIA, "Via")                                                                                          \
    X(K_FROM, "From")                                                                                        \
    X(K_TO, "To")                                                                                            \
    X(K_CALL_ID, "Call-ID")                                                                                  \
    X(K_CSEQ, "CSeq")                                                                                        \
    X(K_CONTACT, "Contact")

static const header_name_t header_names[] = {
#define SA_FIXED_ENTRY(kind, name) {name, sizeof(name) - 1, kind},
    SA_FIXED_HEADERS(SA_FIXED_ENTRY)
#undef SA_FIXED_ENTRY
#define SA_NAME_ENTRY(id, name, compact) {name, sizeof(name) - 1, SA_H_##id},
        SA_HEADERS(SA_NAME_ENTRY)
#undef SA_NAME_ENTRY
};
G_STATIC_ASSERT(G_N_ELEMENTS(header_names) < 255);

#define NAME_HASH_SIZE              128
#define NAME_HASH(len, first, last) (((len)*5u + (first)*3u + (last)) & (NAME_HASH_SIZE - 1))

/* Byte classes for copying a value out (see escape_into). */
enum {
    B_PLAIN = 0, /* printable ASCII: as is */
    B_ESCAPE,    /* control byte, DEL, backslash: \xNN */
    B_TAB,       /* white space: a space */
    B_HIGH       /* 0x80-0xff: as is when part of valid UTF-8 */
};

static guint8 name_hash_head[NAME_HASH_SIZE]; /* index + 1 into header_names, 0 = empty */
static guint8 name_hash_next[G_N_ELEMENTS(header_names)];
static name_words_t name_words[G_N_ELEMENTS(header_names)];
static guint64 first_bytes_mask[9]; /* keeps the first n bytes of a word in memory order */
static guint8 compact_kind[256];    /* one-letter names */
static guint8 lower[256];
static guint8 byte_class[256];

/* Character classes for the scanners (bits of char_class[]). */
enum {
    C_WSP = 1 << 0,       /* SP HTAB */
    C_LIST = 1 << 1,      /* , " < : what list_item_end looks at */
    C_NAME_END = 1 << 2,  /* = ; , " and white space: end of a parameter name */
    C_VALUE_END = 1 << 3, /* ; , and white space: end of a token value */
    C_SKIP = 1 << 4,      /* ; " : what skipping the rest of a parameter looks at */
    C_TOKEN_END = 1 << 5, /* / ; and white space: end of a sent-protocol part */
    C_HOST_END = 1 << 6   /* : ; and white space: end of a sent-by host */
};
static guint8 char_class[256];

static void tables_init(void)
{
    static gsize done = 0;

    if (!g_once_init_enter(&done))
        return;
    for (guint c = 0; c < 256; c++) {
        lower[c] = (guint8)((c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c);
        if (c == '\t')
            byte_class[c] = B_TAB;
        else if (c < 0x20 || c == 0x7f || c == '\\')
            byte_class[c] = B_ESCAPE;
        else if (c >= 0x80)
            byte_class[c] = B_HIGH;
        else
            byte_class[c] = B_PLAIN;
        compact_kind[c] = K_NONE;
    }
    for (guint n = 0; n <= 8; n++) {
        guint8 bytes[8] = {0};
        memset(bytes, 0xff, n);
        memcpy(&first_bytes_mask[n], bytes, 8);
    }
    char_class[' '] = char_class['\t'] = C_WSP | C_NAME_END | C_VALUE_END | C_TOKEN_END | C_HOST_END;
    char_class[','] = C_LIST | C_NAME_END | C_VALUE_END;
    char_class['"'] = C_LIST | C_NAME_END | C_SKIP;
    char_class['<'] = C_LIST;
    char_class['='] = C_NAME_END;
    char_class[';'] = C_NAME_END | C_VALUE_END | C_SKIP | C_TOKEN_END | C_HOST_END;
    char_class['/'] = C_TOKEN_END;
    char_class[':'] = C_HOST_END;
    for (guint i = G_N_ELEMENTS(header_names); i-- > 0;) {
        const header_name_t *h = &header_names[i];
        guint slot = NAME_HASH(h->len, lower[(guint8)h->name[0]], lower[(guint8)h->name[h->len - 1]]);
        guint8 lc[NAME_WORDS * 8] = {0}, letters[NAME_WORDS * 8] = {0};
        for (guint k = 0; k < h->len; k++) {
            lc[k] = lower[(guint8)h->name[k]];
            letters[k] = (lc[k] >= 'a' && lc[k] <= 'z') ? 0x20 : 0;
        }
        memcpy(name_words[i].lower, lc, sizeof lc);
        memcpy(name_words[i].letters, letters, sizeof letters);
        name_hash_next[i] = name_hash_head[slot];
        name_hash_head[slot] = (guint8)(i + 1);
    }
    /* Compact forms (RFC 3261 §7.3.3 and later registrations). Those of
     * headers that are not kept (a b d j n r s y) stay K_NONE: they are
     * those headers, skipped, and never taken for another one. */
#define SA_COMPACT_ENTRY(id, name, compact)                                                                  \
    if ((compact) != 0)                                                                                      \
        compact_kind[lower[(guint8)(compact)]] = SA_H_##id;
    SA_HEADERS(SA_COMPACT_ENTRY)
#undef SA_COMPACT_ENTRY
    compact_kind['v'] = K_VIA;
    compact_kind['f'] = K_FROM;
    compact_kind['t'] = K_TO;
    compact_kind['i'] = K_CALL_ID;
    compact_kind['m'] = K_CONTACT;
    for (guint c = 'a'; c <= 'z'; c++)
        compact_kind[c - 'a' + 'A'] = compact_kind[c];
    g_once_init_leave(&done, 1);
}

/* The kind of header `name` is; the bytes up to `readable` may be read. */
static guint lookup_name(const guint8 *name, gsize len, const guint8 *readable)
{
    if (len == 1)
        return compact_kind[name[0]];
    if (len == 0 || len > 255)
        return K_NONE;
    if (len > NAME_WORDS * 8)
        return K_NONE;
    for (guint i = name_hash_head[NAME_HASH(len, lower[name[0]], lower[name[len - 1]])]; i != 0;
         i = name_hash_next[i - 1]) {
        const name_words_t *nw = &name_words[i - 1];
        gsize k;
        if (header_names[i - 1].len != len)
            continue;
        /* x | 0x20 is a lower-case letter only for that letter in either
         * case; other bytes must be equal. The zero padding compares equal. */
        for (k = 0; k < len; k += 8) {
            gsize n = MIN(8, len - k);
            guint64 w = 0;
            if (readable - (name + k) >= 8) {
                memcpy(&w, name + k, 8);
                w &= first_bytes_mask[n];
            } else {
                memcpy(&w, name + k, n);
            }
            if ((w | nw->letters[k / 8]) != nw->lower[k / 8])
                break;
        }
        if (k >= len)
            return header_names[i - 1].kind;
    }
    return K_NONE;
}

/* ------------------------------------------------------------------ */
/* The arena */

#define ARENA_BLOCK_SIZE (16u * 1024)

typedef struct arena_block {
    struct arena_block *next;
    gsize size; /* bytes of data after the header */
    gsize used;
    gsize pad; /* keeps the data 16-byte aligned */
} arena_block_t;

#define BLOCK_DATA(b) ((char *)(b) + sizeof(arena_block_t))

/* Several lines of one hdr[] header: the first is kept inline, the others
 * are chained in the arena and joined when the message is done. */
typedef struct hdr_piece {
    struct hdr_piece *next;
    const char *text;
    gsize len;
} hdr_piece_t;

typedef struct hdr_acc {
    const char *first;
    gsize first_len;
    gsize total; /* bytes of the joined value */
    hdr_piece_t *head, *tail;
    guint lines;
} hdr_acc_t;

struct sa_reader {
    arena_block_t *blocks; /* the current block first */
    guint8 *scratch;       /* one unfolded header value */
    gsize scratch_size;
    sa_contact_t *contacts; /* Contact entries of the current message */
    guint contacts_size;
    /* Per message. */
    hdr_acc_t acc[SA_H_COUNT];
    guint8 touched[SA_H_COUNT];
    guint n_touched;
    guint n_contacts;
    gboolean seen_via, seen_cseq, seen_from, seen_to;
};

static arena_block_t *arena_grow(sa_reader_t *rd, gsize need)
{
    gsize size = MAX(ARENA_BLOCK_SIZE, need);
    arena_block_t *b = g_malloc(sizeof(arena_block_t) + size);

    b->size = size;
    b->used = 0;
    b->next = rd->blocks;
    rd->blocks = b;
    return b;
}

/* Room for `need` bytes at the end of the current block; arena_commit()
 * then takes what was used of it. */
static char *arena_reserve(sa_reader_t *rd, gsize need)
{
    arena_block_t *b = rd->blocks;

    if (b == NULL || b->size - b->used < need)
        b = arena_grow(rd, need);
    return BLOCK_DATA(b) + b->used;
}

static void arena_commit(sa_reader_t *rd, gsize used)
{
    rd->blocks->used += used;
}

/* size bytes aligned for any object (the block data is 16-byte aligned). */
static void *arena_alloc(sa_reader_t *rd, gsize size)
{
    char *p = arena_reserve(rd, size + 15);
    gsize skip = (gsize)(-(guintptr)p & 15);

    arena_commit(rd, skip + size);
    return p + skip;
}

/* ------------------------------------------------------------------ */
/* Copying values out */

static const char hex_digits[] = "0123456789abcdef";

/* The length of the valid UTF-8 sequence at p, or 0 when the byte at p
 * does not start one. C1 control characters (U+0080-U+009F) count as
 * invalid so that they are escaped too. */
static gsize utf8_sequence(const guint8 *p, const guint8 *end)
{
    guint8 c = p[0];
    guint8 lo = 0x80, hi = 0xbf;
    gsize n;

    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
        if (c == 0xc2)
            lo = 0xa0;
    } else if (c == 0xe0) {
        n = 3;
        lo = 0xa0;
    } else if ((c >= 0xe1 && c <= 0xec) || c == 0xee || c == 0xef) {
        n = 3;
    } else if (c == 0xed) {
        n = 3;
        hi = 0x9f; /* no surrogates */
    } else if (c == 0xf0) {
        n = 4;
        lo = 0x90;
    } else if (c >= 0xf1 && c <= 0xf3) {
        n = 4;
    } else if (c == 0xf4) {
        n = 4;
        hi = 0x8f; /* nothing above U+10FFFF */
    } else {
        return 0;
    }
    if ((gsize)(end - p) < n || p[1] < lo || p[1] > hi)
        return 0;
    for (gsize i = 2; i < n; i++) {
        if (p[i] < 0x80 || p[i] > 0xbf)
            return 0;
    }
    return n;
}

/* TRUE when none of the eight bytes of w is below 0x20, 0x7f or above, or
 * a backslash (the usual SWAR tests: any byte below n is
 * (w - n*ones) & ~w & highs; any zero byte after w ^ '\\' likewise). */
static inline gboolean word_is_plain(guint64 w)
{
    const guint64 ones = G_GUINT64_CONSTANT(0x0101010101010101);
    const guint64 highs = G_GUINT64_CONSTANT(0x8080808080808080);
    guint64 b = w ^ (ones * '\\');
    guint64 control = (w - ones * 0x20) & ~w & highs;
    guint64 high = ((w + ones) | w) & highs; /* 0x7f and up */
    guint64 backslash = (b - ones) & ~b & highs;

    return (control | high | backslash) == 0;
}

/* Writes [p, end) to out as sipadvisor-msg.h says: printable ASCII and
 * valid UTF-8 as is, a tab as a space, every other byte (control bytes, DEL,
 * backslash, bytes of invalid or C1 sequences) as \xNN. Needs room for
 * 4 * (end - p) bytes; returns the bytes written. */
static gsize escape_into(char *out, const guint8 *p, const guint8 *end)
{
    const guint8 *start = p;
    char *o = out;

    while (p < end) {
        guint8 c;
        /* Eight bytes at a time while they are all printable ASCII. */
        while (end - p >= 8) {
            guint64 w;
            memcpy(&w, p, 8);
            if (!word_is_plain(w))
                break;
            memcpy(o, &w, 8);
            o += 8;
            p += 8;
        }
        if (end - p < 8 && end - start >= 8 && p < end) {
            /* The tail as the last eight bytes: when they are all plain,
             * those before p were copied as they are, so the copy of the
             * word lands where they are. */
            guint64 w;
            memcpy(&w, end - 8, 8);
            if (word_is_plain(w)) {
                memcpy(o - (8 - (end - p)), &w, 8);
                o += end - p;
                break;
            }
        }
        while (p < end && byte_class[*p] == B_PLAIN)
            *o++ = (char)*p++;
        if (p == end)
            break;
        c = *p;
        switch (byte_class[c]) { /* not B_PLAIN: the loop above took those */
        case B_TAB:
            *o++ = ' ';
            p++;
            continue;
        case B_HIGH: {
            gsize n = utf8_sequence(p, end);
            if (n != 0) {
                memcpy(o, p, n);
                o += n;
                p += n;
                continue;
            }
            break;
        }
        default:
            break;
        }
        o[0] = '\\';
        o[1] = 'x';
        o[2] = hex_digits[c >> 4];
        o[3] = hex_digits[c & 15];
        o += 4;
        p++;
    }
    return (gsize)(o - out);
}

/* A NUL-terminated escaped copy of [p, end) in the arena. */
static const char *put_len(sa_reader_t *rd, const guint8 *p, const guint8 *end, gsize *len)
{
    char *out = arena_reserve(rd, 4 * (gsize)(end - p) + 1);
    gsize n = escape_into(out, p, end);

    out[n] = '\0';
    arena_commit(rd, n + 1);
    if (len != NULL)
        *len = n;
    return out;
}

static const char *put(sa_reader_t *rd, const guint8 *p, const guint8 *end)
{
    return put_len(rd, p, end, NULL);
}

/* ------------------------------------------------------------------ */
/* Scanning helpers. Every range is [p, end); nothing reads at or past end. */

static inline gboolean is_wsp(guint8 c)
{
    return (char_class[c] & C_WSP) != 0;
}

/* The first byte at or after p of one of the classes, or end. */
static inline const guint8 *scan_to(const guint8 *p, const guint8 *end, guint8 classes)
{
    while (p < end && (char_class[*p] & classes) == 0)
        p++;
    return p;
}

static inline gboolean is_digit(guint8 c)
{
    return c >= '0' && c <= '9';
}

static inline const guint8 *skip_wsp(const guint8 *p, const guint8 *end)
{
    while (p < end && is_wsp(*p))
        p++;
    return p;
}

static inline const guint8 *trim_end(const guint8 *p, const guint8 *end)
{
    while (end > p && is_wsp(end[-1]))
        end--;
    return end;
}

/* p is at an opening double quote: returns the byte after the closing one,
 * or NULL when the quoted string does not end (a backslash escapes the next
 * byte, RFC 3261 quoted-pair). */
static const guint8 *quoted_end(const guint8 *p, const guint8 *end)
{
    for (p++; p < end; p++) {
        if (*p == '"')
            return p + 1;
        if (*p == '\\' && ++p == end)
            break;
    }
    return NULL;
}

/* The end of one element of a comma-separated list: the first comma that
 * is neither inside a quoted string nor inside angle brackets, or end. */
static const guint8 *list_item_end(const guint8 *p, const guint8 *end)
{
    /* Most values are one element. */
    if (memchr(p, ',', (gsize)(end - p)) == NULL)
        return end;
    while ((p = scan_to(p, end, C_LIST)) < end) {
        const guint8 *q;
        switch (*p) {
        case ',':
            return p;
        case '"':
            q = quoted_end(p, end);
            p = q != NULL ? q : end;
            break;
        default: /* '<' */
            q = memchr(p, '>', (gsize)(end - p));
            p = q != NULL ? q + 1 : end;
            break;
        }
    }
    return end;
}

typedef struct span {
    const guint8 *p, *end;
} span_t;

/* One generic-param of a parameter list ("a=1;b; c = \"x;y\""), white
 * space allowed around ';' and '='. Fills name and value (value.p is NULL
 * when there is no '='); returns where the next parameter starts, or NULL
 * when the list is done. */
static const guint8 *next_param(const guint8 *p, const guint8 *end, span_t *name, span_t *value)
{
    p = skip_wsp(p, end);
    if (p >= end)
        return NULL;
    name->p = p;
    p = scan_to(p, end, C_NAME_END);
    name->end = p;
    value->p = value->end = NULL;
    p = skip_wsp(p, end);
    if (p < end && *p == '=') {
        p = skip_wsp(p + 1, end);
        value->p = p;
        if (p < end && *p == '"') {
            const guint8 *q = quoted_end(p, end);
            p = q != NULL ? q : end;
        } else {
            p = scan_to(p, end, C_VALUE_END);
        }
        value->end = p;
    }
    /* Anything else up to the next ';' belongs to this (malformed) parameter. */
    while ((p = scan_to(p, end, C_SKIP)) < end && *p == '"') {
        const guint8 *q = quoted_end(p, end);
        p = q != NULL ? q : end;
    }
    return p < end ? p + 1 : p;
}

static gboolean span_is(const span_t *s, const char *lower_name)
{
    gsize n = strlen(lower_name);

    if ((gsize)(s->end - s->p) != n)
        return FALSE;
    for (gsize i = 0; i < n; i++) {
        if (lower[s->p[i]] != (guint8)lower_name[i])
            return FALSE;
    }
    return TRUE;
}

/* The value of the first parameter called `lower_name` in a list; FALSE
 * when there is none or it has no value. */
static gboolean find_param(const guint8 *p, const guint8 *end, const char *lower_name, span_t *value)
{
    span_t name, v;

    while ((p = next_param(p, end, &name, &v)) != NULL) {
        if (span_is(&name, lower_name)) {
            if (v.p == NULL)
                return FALSE;
            *value = v;
            return TRUE;
        }
    }
    return FALSE;
}

/* name-addr ("Doe, John" <sip:a@b;transport=tcp>;tag=x, Bob <sip:b@c>) or
 * addr-spec (sip:a@b;tag=x: without the angle brackets the parameters are
 * header parameters, RFC 3261 §20.10) in [p, end). Sets the URI without the
 * brackets and the header parameters after the first ';' (params.p NULL when
 * there are none). FALSE when it cannot be read: an unterminated quoted
 * display name, a quoted display name without '<' after it, '<' without
 * '>', or neither '<' nor a URI scheme. */
static gboolean parse_address(const guint8 *p, const guint8 *end, span_t *uri, span_t *params)
{
    const guint8 *q, *lt = NULL, *after;

    p = skip_wsp(p, end);
    end = trim_end(p, end);
    if (p == end)
        return FALSE;
    if (*p == '"') {
        /* Like Wireshark's, take the next '<' even when something other
         * than white space comes before it. */
        q = quoted_end(p, end);
        if (q == NULL)
            return FALSE;
        lt = memchr(q, '<', (gsize)(end - q));
        if (lt == NULL)
            return FALSE;
    } else {
        /* A display name of tokens ends at '<'; a URI scheme ends at ':'. */
        for (q = p; q < end && *q != '<' && *q != ':' && *q != ';' && *q != ','; q++)
            ;
        if (q == end || (*q != '<' && *q != ':'))
            return FALSE;
        if (*q == '<')
            lt = q;
    }
    if (lt != NULL) {
        const guint8 *gt = memchr(lt + 1, '>', (gsize)(end - lt - 1));
        if (gt == NULL)
            return FALSE;
        uri->p = skip_wsp(lt + 1, gt);
        uri->end = trim_end(uri->p, gt);
        after = gt + 1;
    } else {
        for (q = p; q < end && *q != ';' && *q != ','; q++)
            ;
        uri->p = p;
        uri->end = trim_end(p, q);
        after = q;
    }
    q = memchr(after, ';', (gsize)(end - after));
    if (q != NULL) {
        params->p = skip_wsp(q + 1, end);
        params->end = end;
    } else {
        params->p = params->end = NULL;
    }
    return TRUE;
}

/* ------------------------------------------------------------------ */
/* The headers with their own members */

static void read_call_id(sa_reader_t *rd, sa_msg_t *msg, const guint8 *p, const guint8 *end)
{
    if (msg->call_id == NULL)
        msg->call_id = put(rd, p, end);
}

/* CSeq: 1*DIGIT LWS Method. A number that does not fit 32 bits leaves
 * has_cseq FALSE; a value without a number is not read at all. */
static void read_cseq(sa_reader_t *rd, sa_msg_t *msg, const guint8 *p, const guint8 *end)
{
    const guint8 *digits = p;
    guint64 v = 0;

    if (rd->seen_cseq)
        return;
    rd->seen_cseq = TRUE;
    for (; p < end && is_digit(*p); p++) {
        if (v <= G_MAXUINT32)
            v = v * 10 + (guint)(*p - '0');
    }
    if (p == digits)
        return;
    if (v <= G_MAXUINT32) {
        msg->has_cseq = TRUE;
        msg->cseq = (guint32)v;
    }
    p = skip_wsp(p, end);
    if (p < end)
        msg->cseq_method = put(rd, p, end);
}

/* The first via-parm of the first Via:
 *   sent-protocol LWS sent-by *( SEMI via-params ), LWS around '/' and ':' */
static void read_via(sa_reader_t *rd, sa_msg_t *msg, const guint8 *p, const guint8 *end)
{
    const guint8 *q, *host, *host_end, *port = NULL, *port_end = NULL;
    span_t branch;

    if (rd->seen_via)
        return;
    rd->seen_via = TRUE;
    end = list_item_end(p, end);
    /* protocol-name SLASH protocol-version SLASH */
    for (int i = 0; i < 2; i++) {
        q = scan_to(p, end, C_TOKEN_END);
        if (q == p)
            return;
        q = skip_wsp(q, end);
        if (q == end || *q != '/')
            return;
        p = skip_wsp(q + 1, end);
    }
    q = scan_to(p, end, C_TOKEN_END);
    if (q == p)
        return;
    msg->via_transport = put(rd, p, q);
    /* sent-by = host [ COLON port ]; an IPv6 reference keeps its brackets */
    host = p = skip_wsp(q, end);
    q = (p < end && *p == '[') ? memchr(p, ']', (gsize)(end - p)) : NULL;
    if (q != NULL) {
        p = q + 1;
    } else {
        p = scan_to(p, end, C_HOST_END);
    }
    host_end = p;
    p = skip_wsp(p, end);
    if (p < end && *p == ':') {
        port = p = skip_wsp(p + 1, end);
        while (p < end && is_digit(*p))
            p++;
        port_end = p;
    }
    if (host_end > host) {
        gsize host_len;
        msg->via_host = put_len(rd, host, host_end, &host_len);
        if (port != NULL && port_end > port) {
            gsize port_len = (gsize)(port_end - port);
            guint32 v = 0;
            char *s = arena_reserve(rd, host_len + 1 + port_len + 1);
            memcpy(s, msg->via_host, host_len);
            s[host_len] = ':';
            memcpy(s + host_len + 1, port, port_len);
            s[host_len + 1 + port_len] = '\0';
            arena_commit(rd, host_len + 1 + port_len + 1);
            msg->via_sent_by = s;
            for (q = port; q < port_end && port_len <= 5; q++)
                v = v * 10 + (guint)(*q - '0');
            msg->via_port = (port_len <= 5 && v <= 65535) ? v : 0;
        } else {
            msg->via_sent_by = msg->via_host;
        }
    }
    q = memchr(p, ';', (gsize)(end - p));
    if (q != NULL && find_param(q + 1, end, "branch", &branch))
        msg->via_branch = put(rd, branch.p, branch.end);
}

/* From and To: the URI and the tag parameter. */
static void read_party(sa_reader_t *rd, const guint8 *p, const guint8 *end, const char **uri_out,
                       const char **tag_out)
{
    span_t uri, params, tag;

    if (!parse_address(p, end, &uri, &params))
        return;
    *uri_out = put(rd, uri.p, uri.end);
    if (params.p != NULL && find_param(params.p, params.end, "tag", &tag))
        *tag_out = put(rd, tag.p, tag.end);
}

/* Contact: every entry; "*" alone. Within one header line the list stops at
 * the first entry that cannot be read, as Wireshark's does. Empty list
 * elements are skipped. */
static void read_contact(sa_reader_t *rd, sa_msg_t *msg, const guint8 *p, const guint8 *end)
{
    if (p < end && *p == '*') {
        msg->contact_star = TRUE;
        return;
    }
    while (p < end) {
        const guint8 *item_end = list_item_end(p, end);
        span_t uri, params, v;
        sa_contact_t *c;

        if (skip_wsp(p, item_end) < item_end) {
            if (!parse_address(p, item_end, &uri, &params)) {
                msg->read_flags |= SA_READ_BAD_CONTACT;
                return;
            }
            if (rd->n_contacts == SA_READER_MAX_CONTACTS) {
                msg->read_flags |= SA_READ_CONTACTS_CUT;
                return;
            }
            if (rd->n_contacts == rd->contacts_size) {
                rd->contacts_size = rd->contacts_size != 0 ? rd->contacts_size * 2 : 16;
                rd->contacts = g_renew(sa_contact_t, rd->contacts, rd->contacts_size);
            }
            c = &rd->contacts[rd->n_contacts++];
            c->uri = put(rd, uri.p, uri.end);
            c->params = c->q = c->expires = NULL;
            if (params.p != NULL && params.p < params.end) {
                const guint8 *q = params.p;
                span_t name;
                c->params = put(rd, params.p, params.end);
                while ((q = next_param(q, params.end, &name, &v)) != NULL) {
                    if (c->q == NULL && span_is(&name, "q") && v.p != NULL)
                        c->q = put(rd, v.p, v.end);
                    else if (c->expires == NULL && span_is(&name, "expires") && v.p != NULL)
                        c->expires = put(rd, v.p, v.end);
                }
            }
        }
        if (item_end == end)
            break;
        p = item_end + 1;
    }
}

static void read_kept(sa_reader_t *rd, guint id, const guint8 *p, const guint8 *end)
{
    hdr_acc_t *a = &rd->acc[id];
    gsize len;
    const char *text = put_len(rd, p, end, &len);

    if (a->lines == 0) {
        rd->touched[rd->n_touched++] = (guint8)id;
        a->first = text;
        a->first_len = len;
        a->total = len;
        a->head = a->tail = NULL;
    } else {
        hdr_piece_t *piece = arena_alloc(rd, sizeof *piece);
        piece->next = NULL;
        piece->text = text;
        piece->len = len;
        if (a->tail != NULL)
            a->tail->next = piece;
        else
            a->head = piece;
        a->tail = piece;
        a->total += 1 + len;
    }
    a->lines++;
}

/* Several lines of one header become one value, joined by '\n'. */
static const char *join_kept(sa_reader_t *rd, hdr_acc_t *a)
{
    char *out, *o;

    if (a->lines == 1)
        return a->first;
    o = out = arena_reserve(rd, a->total + 1);
    memcpy(o, a->first, a->first_len);
    o += a->first_len;
    for (hdr_piece_t *piece = a->head; piece != NULL; piece = piece->next) {
        *o++ = '\n';
        memcpy(o, piece->text, piece->len);
        o += piece->len;
    }
    *o = '\0';
    arena_commit(rd, a->total + 1);
    return out;
}

/* ------------------------------------------------------------------ */
/* Lines */

/* A folded value with its line breaks: each [WSP] (CR)LF WSP becomes one
 * space, in the scratch buffer. */
static span_t unfold(sa_reader_t *rd, const guint8 *p, const guint8 *end)
{
    gsize n = (gsize)(end - p);
    guint8 *o;
    span_t s;

    if (rd->scratch_size < n) {
        rd->scratch_size = MAX(n, 256);
        g_free(rd->scratch);
        rd->scratch = g_malloc(rd->scratch_size);
    }
    o = rd->scratch;
    while (p < end) {
        guint8 c = *p;
        if (c == '\n' || (c == '\r' && p + 1 < end && p[1] == '\n')) {
            while (o > rd->scratch && is_wsp(o[-1]))
                o--;
            p += (c == '\r') ? 2 : 1;
            p = skip_wsp(p, end);
            *o++ = ' ';
        } else {
            *o++ = c;
            p++;
        }
    }
    s.p = rd->scratch;
    s.end = o;
    return s;
}

/* One header line [p, end), folded lines included when `folded`. */
static void read_header(sa_reader_t *rd, sa_msg_t *msg, const guint8 *p, const guint8 *end, gboolean folded)
{
    const guint8 *colon = p;
    const guint8 *name_end, *v, *v_end;
    guint kind;

    /* Names are short: words are cheaper than a memchr call. */
    while (end - colon >= 8) {
        const guint64 ones = G_GUINT64_CONSTANT(0x0101010101010101);
        guint64 w;
        memcpy(&w, colon, 8);
        w ^= ones * ':';
        if (((w - ones) & ~w & (ones << 7)) != 0)
            break;
        colon += 8;
    }
    while (colon < end && *colon != ':')
        colon++;
    if (colon == end || is_wsp(*p)) {
        msg->read_flags |= SA_READ_BAD_HEADER;
        return;
    }
    name_end = trim_end(p, colon);
    if (name_end == p) {
        msg->read_flags |= SA_READ_BAD_HEADER;
        return;
    }
    kind = lookup_name(p, (gsize)(name_end - p), end);
    if (kind == K_NONE)
        return;
    v = colon + 1;
    v_end = end;
    if (folded) {
        span_t s = unfold(rd, v, v_end);
        v = s.p;
        v_end = s.end;
    }
    v = skip_wsp(v, v_end);
    v_end = trim_end(v, v_end);

    switch (kind) {
    case K_VIA:
        read_via(rd, msg, v, v_end);
        break;
    case K_FROM:
        if (!rd->seen_from) {
            rd->seen_from = TRUE;
            read_party(rd, v, v_end, &msg->from_uri, &msg->from_tag);
        }
        break;
    case K_TO:
        if (!rd->seen_to) {
            rd->seen_to = TRUE;
            read_party(rd, v, v_end, &msg->to_uri, &msg->to_tag);
        }
        break;
    case K_CALL_ID:
        read_call_id(rd, msg, v, v_end);
        break;
    case K_CSEQ:
        read_cseq(rd, msg, v, v_end);
        break;
    case K_CONTACT:
        read_contact(rd, msg, v, v_end);
        break;
    default:
        read_kept(rd, kind, v, v_end);
        break;
    }
}

/* Request-Line = Method SP Request-URI SP SIP-Version;
 * Status-Line = SIP-Version SP Status-Code SP Reason-Phrase.
 * Like Wireshark's (with its default strict version check), the version is
 * exactly "SIP/2.0" and the Request-URI has a scheme (a ':' after its first
 * byte); unlike it, a status code below 100 is not a status line. */
static gboolean read_start_line(sa_reader_t *rd, sa_msg_t *msg, const guint8 *p, const guint8 *end)
{
    const guint8 *sp1 = memchr(p, ' ', (gsize)(end - p));
    const guint8 *uri, *sp2;

    if (sp1 == NULL || sp1 == p)
        return FALSE;
    if (sp1 - p == 7 && memcmp(p, "SIP/2.0", 7) == 0) {
        const guint8 *d = sp1 + 1;
        guint status;
        if (end - d < 4 || !is_digit(d[0]) || !is_digit(d[1]) || !is_digit(d[2]) || d[3] != ' ')
            return FALSE;
        status = (guint)(d[0] - '0') * 100 + (guint)(d[1] - '0') * 10 + (guint)(d[2] - '0');
        if (status < 100)
            return FALSE;
        msg->status = status;
        d = skip_wsp(d + 4, end);
        msg->reason = put(rd, d, trim_end(d, end));
        return TRUE;
    }
    uri = sp1 + 1;
    sp2 = memchr(uri, ' ', (gsize)(end - uri));
    if (sp2 == NULL || sp2 - uri < 3 || memchr(uri + 1, ':', (gsize)(sp2 - uri - 1)) == NULL)
        return FALSE;
    if (end - sp2 - 1 != 7 || memcmp(sp2 + 1, "SIP/2.0", 7) != 0)
        return FALSE;
    msg->is_request = TRUE;
    msg->method = put(rd, p, sp1);
    msg->ruri = put(rd, uri, sp2);
    return TRUE;
}

static void clear_reader_members(sa_msg_t *msg)
{
    msg->is_request = FALSE;
    msg->method = NULL;
    msg->ruri = NULL;
    msg->status = 0;
    msg->reason = NULL;
    msg->call_id = NULL;
    msg->has_cseq = FALSE;
    msg->cseq = 0;
    msg->cseq_method = NULL;
    msg->via_transport = NULL;
    msg->via_host = NULL;
    msg->via_port = 0;
    msg->via_sent_by = NULL;
    msg->via_branch = NULL;
    msg->from_uri = NULL;
    msg->from_tag = NULL;
    msg->to_uri = NULL;
    msg->to_tag = NULL;
    msg->contacts = NULL;
    msg->n_contacts = 0;
    msg->contact_star = FALSE;
    for (guint i = 0; i < SA_H_COUNT; i++)
        msg->hdr[i] = NULL;
    msg->read_flags = 0;
}

gboolean sa_reader_read(sa_reader_t *rd, const guint8 *data, gsize len, sa_msg_t *msg)
{
    const guint8 *p = data;
    const guint8 *end = data + MIN(len, (gsize)SA_READER_MAX_HEADER_BYTES);
    const guint8 *nl, *line_end, *next;
    gboolean ended = FALSE;

    clear_reader_members(msg);
    rd->n_touched = 0;
    rd->n_contacts = 0;
    rd->seen_via = rd->seen_cseq = rd->seen_from = rd->seen_to = FALSE;
    if (len == 0) {
        msg->read_flags = SA_READ_BAD_START_LINE | SA_READ_CUT_SHORT;
        return FALSE;
    }

    nl = memchr(p, '\n', (gsize)(end - p));
    line_end = nl != NULL ? nl : end;
    next = nl != NULL ? nl + 1 : end;
    if (line_end > p && line_end[-1] == '\r')
        line_end--;
    if (!read_start_line(rd, msg, p, line_end)) {
        clear_reader_members(msg);
        msg->read_flags = SA_READ_BAD_START_LINE;
        if (nl == NULL)
            msg->read_flags |= len > SA_READER_MAX_HEADER_BYTES ? SA_READ_HEADERS_CUT : SA_READ_CUT_SHORT;
        return FALSE;
    }

    for (p = next; p < end; p = next) {
        gboolean folded = FALSE;

        nl = memchr(p, '\n', (gsize)(end - p));
        line_end = nl != NULL ? nl : end;
        next = nl != NULL ? nl + 1 : end;
        if (line_end == p || (line_end == p + 1 && *p == '\r')) {
            /* The empty line, or the data stops in it. */
            ended = nl != NULL;
            break;
        }
        /* A line that starts with white space continues this one. */
        while (next < end && is_wsp(*next)) {
            folded = TRUE;
            nl = memchr(next, '\n', (gsize)(end - next));
            line_end = nl != NULL ? nl : end;
            next = nl != NULL ? nl + 1 : end;
        }
        /* A header line that the cap cuts is not read (one that the data
         * cuts is: it is all there is). */
        if (nl == NULL && len > SA_READER_MAX_HEADER_BYTES)
            break;
        if (line_end[-1] == '\r')
            line_end--;
        read_header(rd, msg, p, line_end, folded);
    }
    if (!ended)
        msg->read_flags |= len > SA_READER_MAX_HEADER_BYTES ? SA_READ_HEADERS_CUT : SA_READ_CUT_SHORT;

    for (guint i = 0; i < rd->n_touched; i++) {
        hdr_acc_t *a = &rd->acc[rd->touched[i]];
        msg->hdr[rd->touched[i]] = join_kept(rd, a);
        a->lines = 0;
    }
    if (rd->n_contacts > 0) {
        gsize size = rd->n_contacts * sizeof(sa_contact_t);
        sa_contact_t *contacts = arena_alloc(rd, size);
        memcpy(contacts, rd->contacts, size);
        msg->contacts = contacts;
        msg->n_contacts = rd->n_contacts;
    }
    return TRUE;
}

/* ------------------------------------------------------------------ */
/* Life cycle */

sa_reader_t *sa_reader_new(void)
{
    tables_init();
    return g_new0(sa_reader_t, 1);
}

void sa_reader_reset(sa_reader_t *rd)
{
    arena_block_t *keep = NULL;
    arena_block_t *b = rd->blocks;

    /* Keep one block of the usual size for the next messages. */
    while (b != NULL) {
        arena_block_t *next = b->next;
        if (keep == NULL && b->size == ARENA_BLOCK_SIZE) {
            keep = b;
            keep->used = 0;
            keep->next = NULL;
        } else {
            g_free(b);
        }
        b = next;
    }
    rd->blocks = keep;
    /* Buffers that hostile messages made large are not kept. */
    if (rd->scratch_size > 64 * 1024) {
        g_free(rd->scratch);
        rd->scratch = NULL;
        rd->scratch_size = 0;
    }
    if (rd->contacts_size > 1024) {
        g_free(rd->contacts);
        rd->contacts = NULL;
        rd->contacts_size = 0;
    }
}

void sa_reader_free(sa_reader_t *rd)
{
    arena_block_t *b;

    if (rd == NULL)
        return;
    b = rd->blocks;
    while (b != NULL) {
        arena_block_t *next = b->next;
        g_free(b);
        b = next;
    }
    g_free(rd->scratch);
    g_free(rd->contacts);
    g_free(rd);
}
