/* sipadvisor-reader.c
 * The SIP header reader: start line and header block into an sa_msg_t.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sipadvisor-reader.h"

#include <string.h>

#if defined(__SSE2__) && !defined(SA_READER_NO_SSE2)
#include <emmintrin.h>
#define SA_READER_SSE2 1
#endif

/* One pass over the bytes, the body never read. Header names are dispatched
 * through a small hash of the names that are kept; every other header is
 * skipped without copying. The strings of the messages read since the last
 * reset live in a bump arena of g_malloc'ed blocks. Line ends, colons,
 * delimiters and the bytes that need escaping are found a chunk at a time:
 * 16 bytes with SSE2 (every x86-64; SA_READER_NO_SSE2 turns it off), 8 bytes
 * in a 64-bit word elsewhere.
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

#if defined(__GNUC__)
#define SA_INLINE   static inline __attribute__((always_inline))
#define SA_NOINLINE __attribute__((noinline))
#else
#define SA_INLINE static inline
#define SA_NOINLINE
#endif

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

/* A slot of the name table: a name as words for the comparison in
 * lookup_name() (the lower-case bytes, zero-padded, 0x20 in the bytes that
 * are letters, and all ones in the bytes of the name), its length (0 for
 * an empty slot), its kind and the slot of the next name with the same
 * hash (0 for none). */
#define NAME_WORDS 3
typedef struct name_slot {
    guint64 lower[NAME_WORDS];
    guint64 letters[NAME_WORDS];
    guint64 mask[NAME_WORDS];
    guint8 len;
    guint8 kind;
    guint8 next;
} name_slot_t;
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

/* The slot of a name from its length and its first and last bytes with
 * 0x20 set (which folds the case of a letter). No two of the names above
 * share a slot; a name that is not kept mostly finds an empty one or one
 * of another length. */
#define NAME_HASH_SIZE 128
#define NAME_HASH(len, first, last)                                                                          \
    (((len) + ((first) | 0x20u) * 13u + ((last) | 0x20u)) & (NAME_HASH_SIZE - 1))

/* The hash table, then room for the names whose slot is taken. */
static name_slot_t name_slots[NAME_HASH_SIZE + G_N_ELEMENTS(header_names)];
G_STATIC_ASSERT(G_N_ELEMENTS(name_slots) < 256);
static guint8 compact_kind[256]; /* one-letter names */

/* The methods and Via transports that most messages carry: a value that is
 * exactly one of them is handed out as this constant string instead of an
 * arena copy (see put_token). */
static const char *const common_tokens[] = {
    "INVITE", "ACK",     "BYE",    "CANCEL", "REGISTER", "OPTIONS", "PRACK", "NOTIFY", "PUBLISH", "INFO",
    "REFER",  "MESSAGE", "UPDATE", "UDP",    "TCP",      "TLS",     "SCTP",  "WS",     "WSS",
};

/* A slot of the token table: the token's bytes as a word, zero-padded, the
 * mask of its bytes, its length (0 for an empty slot). Tokens of 2 to 8
 * bytes; one whose slot is taken is copied like any other value. */
typedef struct token_slot {
    guint64 word;
    guint64 mask;
    const char *text;
    gsize len;
} token_slot_t;
#define TOKEN_HASH_SIZE         32
#define TOKEN_HASH(len, c0, c1) (((c0)*6u + (c1)*4u + (guint)(len)) & (TOKEN_HASH_SIZE - 1))
static token_slot_t token_slots[TOKEN_HASH_SIZE];
static guint8 lower[256];

/* Character classes for the scanners (bits of char_class[]). */
enum {
    C_WSP = 1 << 0,      /* SP HTAB */
    C_NAME_END = 1 << 1, /* = ; , " and white space: end of a parameter name */
    C_TOKEN_END = 1 << 2 /* / ; and white space: end of a sent-protocol part */
};
static guint8 char_class[256];

static void tables_init(void)
{
    static gsize done = 0;

    if (!g_once_init_enter(&done))
        return;
    for (guint c = 0; c < 256; c++) {
        lower[c] = (guint8)((c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c);
        compact_kind[c] = K_NONE;
    }
    char_class[' '] = char_class['\t'] = C_WSP | C_NAME_END | C_TOKEN_END;
    char_class[','] = C_NAME_END;
    char_class['"'] = C_NAME_END;
    char_class['='] = C_NAME_END;
    char_class[';'] = C_NAME_END | C_TOKEN_END;
    char_class['/'] = C_TOKEN_END;
    for (guint i = 0, spare = NAME_HASH_SIZE; i < G_N_ELEMENTS(header_names); i++) {
        const header_name_t *h = &header_names[i];
        guint slot = NAME_HASH(h->len, (guint8)h->name[0], (guint8)h->name[h->len - 1]);
        guint8 lc[NAME_WORDS * 8] = {0}, letters[NAME_WORDS * 8] = {0}, mask[NAME_WORDS * 8] = {0};
        name_slot_t *ns = &name_slots[slot];
        if (ns->len != 0) {
            while (ns->next != 0)
                ns = &name_slots[ns->next];
            ns->next = (guint8)spare;
            ns = &name_slots[spare++];
        }
        for (guint k = 0; k < h->len; k++) {
            lc[k] = lower[(guint8)h->name[k]];
            letters[k] = (lc[k] >= 'a' && lc[k] <= 'z') ? 0x20 : 0;
            mask[k] = 0xff;
        }
        memcpy(ns->lower, lc, sizeof lc);
        memcpy(ns->letters, letters, sizeof letters);
        memcpy(ns->mask, mask, sizeof mask);
        ns->len = h->len;
        ns->kind = h->kind;
    }
    /* Compact forms (RFC 3261 §7.3.3 and later registrations). Those of
     * headers that are not kept (a b d j n r s y) stay K_NONE: they are
     * those headers, skipped, and never taken for another one. */
#define SA_COMPACT_ENTRY(id, name, compact)                                                                  \
    if ((compact) != 0)                                                                                      \
        compact_kind[lower[(guint8)(compact)]] = SA_H_##id;
    SA_HEADERS(SA_COMPACT_ENTRY)
#undef SA_COMPACT_ENTRY
    for (guint i = 0; i < G_N_ELEMENTS(common_tokens); i++) {
        static const guint8 ones[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
        const char *t = common_tokens[i];
        gsize len = strlen(t);
        token_slot_t *ts;
        if (len < 2 || len > 8)
            continue;
        ts = &token_slots[TOKEN_HASH(len, (guint8)t[0], (guint8)t[1])];
        if (ts->len != 0)
            continue;
        ts->word = ts->mask = 0;
        memcpy(&ts->word, t, len);
        memcpy(&ts->mask, ones, len);
        ts->text = t;
        ts->len = len;
    }
    compact_kind['v'] = K_VIA;
    compact_kind['f'] = K_FROM;
    compact_kind['t'] = K_TO;
    compact_kind['i'] = K_CALL_ID;
    compact_kind['m'] = K_CONTACT;
    for (guint c = 'a'; c <= 'z'; c++)
        compact_kind[c - 'a' + 'A'] = compact_kind[c];
    g_once_init_leave(&done, 1);
}

/* TRUE when the len bytes at name are the name of ns in any case, byte by
 * byte (for a name near the end of the data). */
static SA_NOINLINE gboolean name_equal_near_end(const name_slot_t *ns, const guint8 *name, gsize len)
{
    for (gsize k = 0; k < len; k++) {
        guint8 x = name[k] | ((const guint8 *)ns->letters)[k];
        if (x != ((const guint8 *)ns->lower)[k])
            return FALSE;
    }
    return TRUE;
}

/* The kind of header `name` is; the bytes up to `readable` may be read. */
SA_INLINE guint lookup_name(const guint8 *name, gsize len, const guint8 *readable)
{
    if (len == 1)
        return compact_kind[name[0]];
    if (len == 0 || len > NAME_WORDS * 8)
        return K_NONE;
    for (const name_slot_t *ns = &name_slots[NAME_HASH(len, name[0], name[len - 1])];;
         ns = &name_slots[ns->next]) {
        if (ns->len == len) {
            if (G_LIKELY(readable - name >= (gssize)((len + 7) & ~(gsize)7))) {
                /* x | 0x20 is a lower-case letter only for that letter in
                 * either case; other bytes must be equal. The bytes after
                 * the name are masked out, and the zero padding compares
                 * equal. */
                guint64 w0, w1 = 0, w2 = 0;
                memcpy(&w0, name, 8);
                if ((((w0 & ns->mask[0]) | ns->letters[0]) ^ ns->lower[0]) == 0) {
                    if (len <= 8)
                        return ns->kind;
                    memcpy(&w1, name + 8, 8);
                    if (len > 16)
                        memcpy(&w2, name + 16, 8);
                    if (((((w1 & ns->mask[1]) | ns->letters[1]) ^ ns->lower[1]) |
                         (((w2 & ns->mask[2]) | ns->letters[2]) ^ ns->lower[2])) == 0)
                        return ns->kind;
                }
            } else if (name_equal_near_end(ns, name, len)) {
                return ns->kind;
            }
        }
        if (ns->next == 0)
            return K_NONE;
    }
}

/* ------------------------------------------------------------------ */
/* The arena */

#define ARENA_BLOCK_SIZE (16u * 1024)

typedef struct arena_block {
    struct arena_block *next;
    gsize size;   /* bytes of data after the header */
    gsize pad[2]; /* keeps the data 16-byte aligned */
} arena_block_t;

#define BLOCK_DATA(b) ((char *)(b) + sizeof(arena_block_t))

/* Where free and limit point while there is no block: no room. */
static char arena_empty[1];

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
    char *free, *limit;    /* the unused bytes of the current block */
    guint8 *scratch;       /* one unfolded header value */
    gsize scratch_size;
    sa_contact_t *contacts; /* Contact entries of the current message */
    guint contacts_size;
    /* Per message. */
    const guint8 *lo, *hi; /* the bytes that may be read: the message, or the
                              scratch buffer while a folded value is read */
    hdr_acc_t acc[SA_H_COUNT];
    guint8 touched[SA_H_COUNT];
    guint n_touched;
    guint n_contacts;
    gboolean seen_via, seen_cseq, seen_from, seen_to;
};

static SA_NOINLINE char *arena_grow(sa_reader_t *rd, gsize need)
{
    gsize size = MAX(ARENA_BLOCK_SIZE, need);
    arena_block_t *b = g_malloc(sizeof(arena_block_t) + size);

    b->size = size;
    b->next = rd->blocks;
    rd->blocks = b;
    rd->free = BLOCK_DATA(b);
    rd->limit = rd->free + size;
    return rd->free;
}

/* Room for `need` bytes at the end of the current block; arena_commit()
 * then takes what was used of it. */
SA_INLINE char *arena_reserve(sa_reader_t *rd, gsize need)
{
    if (G_UNLIKELY((gsize)(rd->limit - rd->free) < need))
        return arena_grow(rd, need);
    return rd->free;
}

SA_INLINE void arena_commit(sa_reader_t *rd, gsize used)
{
    rd->free += used;
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
/* Chunks */

/* chunk_bits() looks at the CHUNK bytes at p and sets bit i when p[i] is
 * one of the `n` bytes a, b, c, d, or, for n == 0, a byte that escape_into()
 * does not copy as it is: below 0x20 (tab included), 0x7f and up, backslash.
 * n is a constant at every call, so that only its comparisons remain. In
 * the 64-bit word version only the lowest bit set is sure: the bits above
 * it may be set for bytes that are not such bytes. The callers look at the
 * lowest bit only, after dropping the bits of the bytes at and after an end
 * (which leaves the lowest one sure); chunk_bits_exact() is for dropping
 * the bits of bytes before a start. */

SA_INLINE gboolean byte_is(guint8 x, guint n, guint8 a, guint8 b, guint8 c, guint8 d)
{
    if (n == 0)
        return x < 0x20 || x >= 0x7f || x == '\\';
    return x == a || (n > 1 && x == b) || (n > 2 && x == c) || (n > 3 && x == d);
}

#ifdef SA_READER_SSE2
#define CHUNK 16

SA_INLINE guint chunk_bits(const guint8 *p, guint n, guint8 a, guint8 b, guint8 c, guint8 d)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i m;

    if (n == 0) {
        /* The bytes that are copied as they are: adding 0x60 maps 0x20-0x7e
         * to -128..-34 (signed), every other byte to -33..127; then not a
         * backslash. The bits of the others are returned. */
        m = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(0x60)), _mm_set1_epi8(-33));
        m = _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')), m);
        return (guint)_mm_movemask_epi8(m) ^ 0xffffu;
    } else {
        m = _mm_cmpeq_epi8(v, _mm_set1_epi8((char)a));
        if (n > 1)
            m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8((char)b)));
        if (n > 2)
            m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8((char)c)));
        if (n > 3)
            m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8((char)d)));
    }
    return (guint)_mm_movemask_epi8(m);
}

SA_INLINE void copy_chunk(char *o, const guint8 *p)
{
    _mm_storeu_si128((__m128i *)(void *)o, _mm_loadu_si128((const __m128i *)(const void *)p));
}

#define chunk_bits_exact chunk_bits

#else
#define CHUNK 8

#define WORD_ONES  G_GUINT64_CONSTANT(0x0101010101010101)
#define WORD_HIGHS G_GUINT64_CONSTANT(0x8080808080808080)

/* The high bit of each byte of w that is zero: the lowest one is sure (a
 * borrow only sets bits above a zero byte). */
SA_INLINE guint64 zero_bytes(guint64 w)
{
    return (w - WORD_ONES) & ~w & WORD_HIGHS;
}

SA_INLINE guint chunk_bits_exact(const guint8 *p, guint n, guint8 a, guint8 b, guint8 c, guint8 d)
{
    guint bits = 0;

    for (guint i = 0; i < 8; i++)
        bits |= (guint)byte_is(p[i], n, a, b, c, d) << i;
    return bits;
}

SA_INLINE guint chunk_bits(const guint8 *p, guint n, guint8 a, guint8 b, guint8 c, guint8 d)
{
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
    guint64 w, m;

    memcpy(&w, p, 8);
    if (n == 0) {
        /* Below 0x20; 0x7f and up; a backslash. A borrow or carry only
         * sets bits above a byte that is set. */
        m = ((w - WORD_ONES * 0x20) & ~w & WORD_HIGHS) | (((w + WORD_ONES) | w) & WORD_HIGHS) |
            zero_bytes(w ^ (WORD_ONES * '\\'));
    } else {
        m = zero_bytes(w ^ (WORD_ONES * a));
        if (n > 1)
            m |= zero_bytes(w ^ (WORD_ONES * b));
        if (n > 2)
            m |= zero_bytes(w ^ (WORD_ONES * c));
        if (n > 3)
            m |= zero_bytes(w ^ (WORD_ONES * d));
    }
    /* The high bits of the bytes, byte i (in memory order) to bit i. */
    return (guint)(((m >> 7) * G_GUINT64_CONSTANT(0x0102040810204080)) >> 56);
#else
    return chunk_bits_exact(p, n, a, b, c, d);
#endif
}

SA_INLINE void copy_chunk(char *o, const guint8 *p)
{
    memcpy(o, p, 8);
}
#endif

SA_INLINE guint first_bit(guint bits)
{
#if defined(__GNUC__)
    return (guint)__builtin_ctz(bits);
#else
    guint i = 0;
    while ((bits & 1) == 0) {
        bits >>= 1;
        i++;
    }
    return i;
#endif
}

/* The bits of [p, end), 1 to CHUNK - 1 bytes (bit i for p[i]): from the
 * chunk at p when it is readable, else from the chunk that ends at end,
 * else (a message or value shorter than a chunk) byte by byte. */
SA_INLINE guint tail_bits(const sa_reader_t *rd, const guint8 *p, const guint8 *end, guint n, guint8 a,
                          guint8 b, guint8 c, guint8 d)
{
    guint len = (guint)(end - p);
    guint bits = 0;

    if (rd->hi - p >= CHUNK)
        return chunk_bits(p, n, a, b, c, d) & ((1u << len) - 1);
    if (end - rd->lo >= CHUNK)
        return chunk_bits_exact(end - CHUNK, n, a, b, c, d) >> (CHUNK - len);
    for (guint i = 0; i < len; i++)
        bits |= (guint)byte_is(p[i], n, a, b, c, d) << i;
    return bits;
}

/* The first byte of [p, end) that chunk_bits() marks, or end. */
SA_INLINE const guint8 *find_bits(const sa_reader_t *rd, const guint8 *p, const guint8 *end, guint n,
                                  guint8 a, guint8 b, guint8 c, guint8 d)
{
    guint bits;

    for (; end - p >= CHUNK; p += CHUNK) {
        bits = chunk_bits(p, n, a, b, c, d);
        if (bits != 0)
            return p + first_bit(bits);
    }
    if (p < end && (bits = tail_bits(rd, p, end, n, a, b, c, d)) != 0)
        return p + first_bit(bits);
    return end;
}

/* The first c in [p, end), or end. */
SA_INLINE const guint8 *find_byte(const sa_reader_t *rd, const guint8 *p, const guint8 *end, guint8 c)
{
    return find_bits(rd, p, end, 1, c, c, c, c);
}

/* n < CHUNK bytes from p to o. */
SA_INLINE void copy_short(char *o, const guint8 *p, gsize n)
{
    if (CHUNK > 8 && n >= 8) {
        guint64 x, y;
        memcpy(&x, p, 8);
        memcpy(&y, p + n - 8, 8);
        memcpy(o, &x, 8);
        memcpy(o + n - 8, &y, 8);
    } else if (n >= 4) {
        guint32 x, y;
        memcpy(&x, p, 4);
        memcpy(&y, p + n - 4, 4);
        memcpy(o, &x, 4);
        memcpy(o + n - 4, &y, 4);
    } else if (n > 0) {
        o[0] = (char)p[0];
        o[n / 2] = (char)p[n / 2];
        o[n - 1] = (char)p[n - 1];
    }
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

/* Writes the byte at *pp, which chunk_bits() marks, to o as
 * sipadvisor-msg.h says: a tab as a space, the bytes of a valid UTF-8
 * sequence (not C1) as they are, any other byte (control, DEL, backslash,
 * bytes of invalid or C1 sequences) as \xNN. Returns the new o and moves
 * *pp past what it took. */
static SA_NOINLINE char *escape_special(char *o, const guint8 **pp, const guint8 *end)
{
    const guint8 *p = *pp;
    guint8 c = *p;

    if (c == '\t') {
        *o++ = ' ';
        *pp = p + 1;
        return o;
    }
    if (c >= 0x80) {
        gsize len = utf8_sequence(p, end);
        if (len != 0) {
            copy_short(o, p, len);
            *pp = p + len;
            return o + len;
        }
    }
    o[0] = '\\';
    o[1] = 'x';
    o[2] = hex_digits[c >> 4];
    o[3] = hex_digits[c & 15];
    *pp = p + 1;
    return o + 4;
}

/* Writes [p, end) to out as sipadvisor-msg.h says: printable ASCII and
 * valid UTF-8 as is, a tab as a space, every other byte as \xNN (see
 * escape_special). Needs room for 4 * (end - p) + CHUNK bytes: a whole
 * chunk is stored even when only its first bytes count. Returns the bytes
 * written. */
SA_INLINE gsize escape_into(const sa_reader_t *rd, char *out, const guint8 *p, const guint8 *end)
{
    char *o = out;

    for (;;) {
        gsize n = (gsize)(end - p);
        guint bits;

        if (n >= CHUNK) {
            bits = chunk_bits(p, 0, 0, 0, 0, 0);
            copy_chunk(o, p);
            if (bits == 0) {
                o += CHUNK;
                p += CHUNK;
                continue;
            }
        } else if (n == 0) {
            break;
        } else if (rd->hi - p >= CHUNK) {
            /* The chunk from p reaches past end. */
            bits = chunk_bits(p, 0, 0, 0, 0, 0) & ((1u << n) - 1);
            copy_chunk(o, p);
            if (bits == 0) {
                o += n;
                break;
            }
        } else {
            bits = tail_bits(rd, p, end, 0, 0, 0, 0, 0);
            if (bits == 0) {
                copy_short(o, p, n);
                o += n;
                break;
            }
            copy_short(o, p, first_bit(bits));
        }
        o += first_bit(bits);
        p += first_bit(bits);
        o = escape_special(o, &p, end);
    }
    return (gsize)(o - out);
}

/* A NUL-terminated escaped copy of [p, end) in the arena; its length in
 * *len. */
SA_INLINE const char *put_len(sa_reader_t *rd, const guint8 *p, const guint8 *end, gsize *len)
{
    gsize n = (gsize)(end - p);
    char *out = arena_reserve(rd, 4 * n + CHUNK + 1);

    /* Most values are shorter than two chunks and need no escaping: their
     * chunks are checked and stored whole (4 * n + CHUNK + 1 bytes are
     * reserved, more than the chunks stored). */
    if (n < CHUNK && rd->hi - p >= CHUNK) {
        guint bits = chunk_bits(p, 0, 0, 0, 0, 0) & ((1u << n) - 1);
        copy_chunk(out, p);
        if (bits == 0) {
            out[n] = '\0';
            arena_commit(rd, n + 1);
            *len = n;
            return out;
        }
    } else if (n < 2 * CHUNK && rd->hi - p >= 2 * CHUNK) {
        guint bits =
            (chunk_bits(p, 0, 0, 0, 0, 0) | chunk_bits(p + CHUNK, 0, 0, 0, 0, 0) << CHUNK) & ((1u << n) - 1);
        copy_chunk(out, p);
        copy_chunk(out + CHUNK, p + CHUNK);
        if (bits == 0) {
            out[n] = '\0';
            arena_commit(rd, n + 1);
            *len = n;
            return out;
        }
    }
    n = escape_into(rd, out, p, end);

    out[n] = '\0';
    arena_commit(rd, n + 1);
    *len = n;
    return out;
}

SA_INLINE const char *put(sa_reader_t *rd, const guint8 *p, const guint8 *end)
{
    gsize len;

    return put_len(rd, p, end, &len);
}

/* put() for a method or a transport: one of common_tokens is not copied. */
SA_INLINE const char *put_token(sa_reader_t *rd, const guint8 *p, const guint8 *end)
{
    gsize n = (gsize)(end - p);

    if (n >= 2 && n <= 8 && rd->hi - p >= 8) {
        const token_slot_t *ts = &token_slots[TOKEN_HASH(n, p[0], p[1])];
        guint64 w;
        memcpy(&w, p, 8);
        if (ts->len == n && ((w ^ ts->word) & ts->mask) == 0)
            return ts->text;
    }
    return put(rd, p, end);
}

/* ------------------------------------------------------------------ */
/* Scanning helpers. Every range is [p, end); what is found lies in it,
 * though a chunk may be read from around it, within rd->lo and rd->hi. */

SA_INLINE gboolean is_wsp(guint8 c)
{
    return (char_class[c] & C_WSP) != 0;
}

/* The first byte at or after p of one of the classes, or end (for short
 * spans: names, tokens). */
SA_INLINE const guint8 *scan_to(const guint8 *p, const guint8 *end, guint8 classes)
{
    while (p < end && (char_class[*p] & classes) == 0)
        p++;
    return p;
}

SA_INLINE gboolean is_digit(guint8 c)
{
    return c >= '0' && c <= '9';
}

SA_INLINE const guint8 *skip_wsp(const guint8 *p, const guint8 *end)
{
    while (p < end && is_wsp(*p))
        p++;
    return p;
}

SA_INLINE const guint8 *trim_end(const guint8 *p, const guint8 *end)
{
    while (end > p && is_wsp(end[-1]))
        end--;
    return end;
}

/* p is at an opening double quote: returns the byte after the closing one,
 * or NULL when the quoted string does not end (a backslash escapes the next
 * byte, RFC 3261 quoted-pair). */
static const guint8 *quoted_end(const sa_reader_t *rd, const guint8 *p, const guint8 *end)
{
    for (p++; (p = find_bits(rd, p, end, 2, '"', '\\', 0, 0)) < end; p += 2) {
        if (*p == '"')
            return p + 1;
        if (p + 1 == end)
            break;
    }
    return NULL;
}

/* The end of one element of a comma-separated list: the first comma that
 * is neither inside a quoted string nor inside angle brackets, or end. */
static const guint8 *list_item_end(const sa_reader_t *rd, const guint8 *p, const guint8 *end)
{
    /* Most values are one element. */
    if (find_byte(rd, p, end, ',') == end)
        return end;
    while ((p = find_bits(rd, p, end, 3, ',', '"', '<', 0)) < end) {
        const guint8 *q;
        switch (*p) {
        case ',':
            return p;
        case '"':
            q = quoted_end(rd, p, end);
            p = q != NULL ? q : end;
            break;
        default: /* '<' */
            q = find_byte(rd, p, end, '>');
            p = q < end ? q + 1 : end;
            break;
        }
    }
    return end;
}

typedef struct span {
    const guint8 *p, *end;
} span_t;

/* The value of a parameter, from just after its '=': sets value and
 * returns where it ends. */
SA_INLINE const guint8 *param_value(const sa_reader_t *rd, const guint8 *p, const guint8 *end, span_t *value)
{
    p = skip_wsp(p, end);
    value->p = p;
    if (p < end && *p == '"') {
        const guint8 *q = quoted_end(rd, p, end);
        p = q != NULL ? q : end;
    } else {
        /* The end of a token value: ; , and white space. */
        p = find_bits(rd, p, end, 4, ';', ',', ' ', '\t');
    }
    value->end = p;
    return p;
}

/* One generic-param of a parameter list ("a=1;b; c = \"x;y\""), white
 * space allowed around ';' and '='. Fills name and value (value.p is NULL
 * when there is no '='); returns where the next parameter starts, or NULL
 * when the list is done. */
SA_INLINE const guint8 *next_param(const sa_reader_t *rd, const guint8 *p, const guint8 *end, span_t *name,
                                   span_t *value)
{
    p = skip_wsp(p, end);
    if (p >= end)
        return NULL;
    name->p = p;
    p = scan_to(p, end, C_NAME_END);
    name->end = p;
    value->p = value->end = NULL;
    p = skip_wsp(p, end);
    if (p < end && *p == '=')
        p = param_value(rd, p + 1, end, value);
    /* Anything else up to the next ';' (outside a quoted string) belongs to
     * this (malformed) parameter. */
    if (p < end && *p == ';')
        return p + 1;
    while ((p = find_bits(rd, p, end, 2, ';', '"', 0, 0)) < end && *p == '"') {
        const guint8 *q = quoted_end(rd, p, end);
        p = q != NULL ? q : end;
    }
    return p < end ? p + 1 : p;
}

/* TRUE when s is the n bytes of lower_name, 1 to 8 lower-case letters, in
 * any case. n is a constant at every call, and so are the words. */
SA_INLINE gboolean span_is(const sa_reader_t *rd, const span_t *s, const char *lower_name, gsize n)
{
    static const guint8 ones[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    guint64 w, want = 0, mask = 0;

    if ((gsize)(s->end - s->p) != n)
        return FALSE;
    if (rd->hi - s->p < 8) {
        for (gsize i = 0; i < n; i++) {
            if (lower[s->p[i]] != (guint8)lower_name[i])
                return FALSE;
        }
        return TRUE;
    }
    /* x | 0x20 is a lower-case letter only for that letter in either case. */
    memcpy(&w, s->p, 8);
    memcpy(&want, lower_name, n);
    memcpy(&mask, ones, n);
    return ((w | G_GUINT64_CONSTANT(0x2020202020202020)) & mask) == want;
}

#define SPAN_IS(rd, s, lower_name) span_is((rd), (s), lower_name, sizeof(lower_name) - 1)

/* TRUE when the n bytes at p are lower_name, 1 to 7 lower-case letters, in
 * any case, followed by '='; at least 8 bytes from p may be read. */
SA_INLINE gboolean name_then_equals(const guint8 *p, const char *lower_name, gsize n)
{
    static const guint8 ones[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    guint8 want_bytes[8] = {0}, letter_bytes[8] = {0};
    guint64 w, want, letters, mask = 0;

    memcpy(want_bytes, lower_name, n);
    want_bytes[n] = '=';
    memset(letter_bytes, 0x20, n);
    memcpy(&want, want_bytes, 8);
    memcpy(&letters, letter_bytes, 8);
    memcpy(&mask, ones, n + 1);
    memcpy(&w, p, 8);
    return ((w | letters) & mask) == want;
}

/* The value of the first parameter called `lower_name` (n bytes) in a list;
 * FALSE when there is none or it has no value. */
SA_INLINE gboolean find_param(const sa_reader_t *rd, const guint8 *p, const guint8 *end,
                              const char *lower_name, gsize n, span_t *value)
{
    span_t name, v;

    for (;;) {
        /* The usual case first: the name and '=' without white space. */
        p = skip_wsp(p, end);
        if ((gsize)(end - p) > n && rd->hi - p >= 8 && name_then_equals(p, lower_name, n)) {
            param_value(rd, p + n + 1, end, value);
            return TRUE;
        }
        if ((p = next_param(rd, p, end, &name, &v)) == NULL)
            break;
        if (span_is(rd, &name, lower_name, n)) {
            if (v.p == NULL)
                return FALSE;
            *value = v;
            return TRUE;
        }
    }
    return FALSE;
}

#define FIND_PARAM(rd, p, end, lower_name, value)                                                            \
    find_param((rd), (p), (end), lower_name, sizeof(lower_name) - 1, (value))

/* name-addr ("Doe, John" <sip:a@b;transport=tcp>;tag=x, Bob <sip:b@c>) or
 * addr-spec (sip:a@b;tag=x: without the angle brackets the parameters are
 * header parameters, RFC 3261 §20.10) in [p, end), which has no white space
 * at either end. Sets the URI without the brackets and the header
 * parameters after the first ';' (params.p NULL when there are none). FALSE
 * when it cannot be read: an unterminated quoted display name, a quoted
 * display name without '<' after it, '<' without '>', or neither '<' nor a
 * URI scheme. */
SA_INLINE gboolean parse_address(const sa_reader_t *rd, const guint8 *p, const guint8 *end, span_t *uri,
                                 span_t *params)
{
    const guint8 *q, *lt = NULL, *after;

    if (p == end)
        return FALSE;
    if (*p == '"') {
        /* Like Wireshark's, take the next '<' even when something other
         * than white space comes before it. */
        q = quoted_end(rd, p, end);
        if (q == NULL)
            return FALSE;
        lt = find_byte(rd, q, end, '<');
        if (lt == end)
            return FALSE;
    } else {
        /* A display name of tokens ends at '<'; a URI scheme ends at ':'. */
        q = find_bits(rd, p, end, 4, '<', ':', ';', ',');
        if (q == end || (*q != '<' && *q != ':'))
            return FALSE;
        if (*q == '<')
            lt = q;
    }
    if (lt != NULL) {
        const guint8 *gt = find_byte(rd, lt + 1, end, '>');
        if (gt == end)
            return FALSE;
        uri->p = skip_wsp(lt + 1, gt);
        uri->end = trim_end(uri->p, gt);
        after = gt + 1;
    } else {
        q = find_bits(rd, p, end, 2, ';', ',', 0, 0);
        uri->p = p;
        uri->end = trim_end(p, q);
        after = q;
    }
    /* Mostly the ';' right after the '>'. */
    q = (after < end && *after == ';') ? after : find_byte(rd, after, end, ';');
    if (q < end) {
        params->p = skip_wsp(q + 1, end);
        params->end = end;
    } else {
        params->p = params->end = NULL;
    }
    return TRUE;
}

/* ------------------------------------------------------------------ */
/* The headers with their own members */

SA_INLINE void read_call_id(sa_reader_t *rd, sa_msg_t *msg, const guint8 *p, const guint8 *end)
{
    if (msg->call_id == NULL)
        msg->call_id = put(rd, p, end);
}

/* CSeq: 1*DIGIT LWS Method. A number that does not fit 32 bits leaves
 * has_cseq FALSE; a value without a number is not read at all. */
SA_INLINE void read_cseq(sa_reader_t *rd, sa_msg_t *msg, const guint8 *p, const guint8 *end)
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
        msg->cseq_method = put_token(rd, p, end);
}

/* n bytes from p to o. */
SA_INLINE void copy_bytes(char *o, const void *p, gsize n)
{
    if (n < CHUNK)
        copy_short(o, p, n);
    else
        memcpy(o, p, n);
}

/* The first via-parm of the first Via:
 *   sent-protocol LWS sent-by *( SEMI via-params ), LWS around '/' and ':' */
SA_INLINE void read_via(sa_reader_t *rd, sa_msg_t *msg, const guint8 *p, const guint8 *end)
{
    const guint8 *q, *host, *host_end, *port = NULL, *port_end = NULL;
    guint32 port_value = 0; /* of the first five digits */
    span_t branch;

    if (rd->seen_via)
        return;
    rd->seen_via = TRUE;
    end = list_item_end(rd, p, end);
    /* protocol-name SLASH protocol-version SLASH; mostly "SIP/2.0/" */
    if (end - p >= 8 && memcmp(p, "SIP/2.0/", 8) == 0) {
        p = skip_wsp(p + 8, end);
    } else {
        for (int i = 0; i < 2; i++) {
            q = scan_to(p, end, C_TOKEN_END);
            if (q == p)
                return;
            q = skip_wsp(q, end);
            if (q == end || *q != '/')
                return;
            p = skip_wsp(q + 1, end);
        }
    }
    q = scan_to(p, end, C_TOKEN_END);
    if (q == p)
        return;
    msg->via_transport = put_token(rd, p, q);
    /* sent-by = host [ COLON port ]; an IPv6 reference keeps its brackets */
    host = p = skip_wsp(q, end);
    q = (p < end && *p == '[') ? find_byte(rd, p, end, ']') : end;
    if (q < end) {
        p = q + 1;
    } else {
        /* The end of a sent-by host: : ; and white space. */
        p = find_bits(rd, p, end, 4, ':', ';', ' ', '\t');
    }
    host_end = p;
    p = skip_wsp(p, end);
    if (p < end && *p == ':') {
        port = p = skip_wsp(p + 1, end);
        for (; p < end && is_digit(*p); p++) {
            if (p - port < 5)
                port_value = port_value * 10 + (guint)(*p - '0');
        }
        port_end = p;
    }
    if (host_end > host) {
        gsize host_len;
        msg->via_host = put_len(rd, host, host_end, &host_len);
        if (port != NULL && port_end > port) {
            gsize port_len = (gsize)(port_end - port);
            char *s = arena_reserve(rd, host_len + 1 + port_len + 1);
            copy_bytes(s, msg->via_host, host_len);
            s[host_len] = ':';
            copy_bytes(s + host_len + 1, port, port_len);
            s[host_len + 1 + port_len] = '\0';
            arena_commit(rd, host_len + 1 + port_len + 1);
            msg->via_sent_by = s;
            msg->via_port = (port_len <= 5 && port_value <= 65535) ? port_value : 0;
        } else {
            msg->via_sent_by = msg->via_host;
        }
    }
    q = find_byte(rd, p, end, ';');
    if (q < end && FIND_PARAM(rd, q + 1, end, "branch", &branch))
        msg->via_branch = put(rd, branch.p, branch.end);
}

/* From and To: the URI and the tag parameter. */
static void read_party(sa_reader_t *rd, const guint8 *p, const guint8 *end, const char **uri_out,
                       const char **tag_out)
{
    span_t uri, params, tag;

    if (!parse_address(rd, p, end, &uri, &params))
        return;
    *uri_out = put(rd, uri.p, uri.end);
    if (params.p != NULL && FIND_PARAM(rd, params.p, params.end, "tag", &tag))
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
        const guint8 *item_end = list_item_end(rd, p, end);
        const guint8 *item = skip_wsp(p, item_end);
        span_t uri, params, v;
        sa_contact_t *c;

        if (item < item_end) {
            if (!parse_address(rd, item, trim_end(item, item_end), &uri, &params)) {
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
                while ((q = next_param(rd, q, params.end, &name, &v)) != NULL) {
                    if (c->q == NULL && SPAN_IS(rd, &name, "q") && v.p != NULL)
                        c->q = put(rd, v.p, v.end);
                    else if (c->expires == NULL && SPAN_IS(rd, &name, "expires") && v.p != NULL)
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

static inline void read_value(sa_reader_t *rd, sa_msg_t *msg, guint kind, const guint8 *v,
                              const guint8 *v_end, gboolean folded);

/* One header line [p, end), folded lines included when `folded`; colon is
 * its first ':', or end. */
SA_INLINE void read_header(sa_reader_t *rd, sa_msg_t *msg, const guint8 *p, const guint8 *colon,
                           const guint8 *end, gboolean folded)
{
    const guint8 *name_end;
    guint kind;

    if (colon == end || is_wsp(*p)) {
        msg->read_flags |= SA_READ_BAD_HEADER;
        return;
    }
    name_end = trim_end(p, colon);
    if (name_end == p) {
        msg->read_flags |= SA_READ_BAD_HEADER;
        return;
    }
    kind = lookup_name(p, (gsize)(name_end - p), rd->hi);
    if (kind != K_NONE)
        read_value(rd, msg, kind, colon + 1, end, folded);
}

/* The value [v, v_end) of a header of that kind, folded lines included
 * when `folded`. */
SA_INLINE void read_value(sa_reader_t *rd, sa_msg_t *msg, guint kind, const guint8 *v, const guint8 *v_end,
                          gboolean folded)
{
    const guint8 *lo = NULL, *hi = NULL;

    if (folded) {
        span_t s = unfold(rd, v, v_end);
        v = s.p;
        v_end = s.end;
        lo = rd->lo;
        hi = rd->hi;
        rd->lo = v;
        rd->hi = v_end;
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
    if (folded) {
        rd->lo = lo;
        rd->hi = hi;
    }
}

/* Request-Line = Method SP Request-URI SP SIP-Version;
 * Status-Line = SIP-Version SP Status-Code SP Reason-Phrase.
 * Like Wireshark's (with its default strict version check), the version is
 * exactly "SIP/2.0" and the Request-URI has a scheme (a ':' after its first
 * byte); unlike it, a status code below 100 is not a status line. */
static gboolean read_start_line(sa_reader_t *rd, sa_msg_t *msg, const guint8 *p, const guint8 *end)
{
    const guint8 *sp1 = find_byte(rd, p, end, ' ');
    const guint8 *uri, *sp2;

    if (sp1 == end || sp1 == p)
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
    sp2 = find_byte(rd, uri, end, ' ');
    if (sp2 == end || sp2 - uri < 3 || find_byte(rd, uri + 1, sp2, ':') == sp2)
        return FALSE;
    if (end - sp2 - 1 != 7 || memcmp(sp2 + 1, "SIP/2.0", 7) != 0)
        return FALSE;
    msg->is_request = TRUE;
    msg->method = put_token(rd, p, sp1);
    msg->ruri = put(rd, uri, sp2);
    return TRUE;
}

/* The reader's members of sa_msg_t: is_request to read_flags. */
#define READER_MEMBERS_START G_STRUCT_OFFSET(sa_msg_t, is_request)
#define READER_MEMBERS_SIZE  (G_STRUCT_OFFSET(sa_msg_t, read_flags) + sizeof(guint) - READER_MEMBERS_START)
G_STATIC_ASSERT(G_STRUCT_OFFSET(sa_msg_t, is_request) > G_STRUCT_OFFSET(sa_msg_t, length));

/* Sets the reader's members to zero, FALSE and NULL (all zero bits where
 * GLib runs). */
static void clear_reader_members(sa_msg_t *msg)
{
    char *p = (char *)msg + READER_MEMBERS_START;
    gsize k = 0;

#ifdef SA_READER_SSE2
    /* 16-byte stores: GCC makes a memset() of this size a rep stosq. */
    for (; k + 64 <= READER_MEMBERS_SIZE; k += 64) {
        _mm_storeu_si128((__m128i *)(void *)(p + k), _mm_setzero_si128());
        _mm_storeu_si128((__m128i *)(void *)(p + k + 16), _mm_setzero_si128());
        _mm_storeu_si128((__m128i *)(void *)(p + k + 32), _mm_setzero_si128());
        _mm_storeu_si128((__m128i *)(void *)(p + k + 48), _mm_setzero_si128());
    }
    for (; k + 16 <= READER_MEMBERS_SIZE; k += 16)
        _mm_storeu_si128((__m128i *)(void *)(p + k), _mm_setzero_si128());
#endif
    memset(p + k, 0, READER_MEMBERS_SIZE - k);
}

/* The end of the line at p: its '\n', or end. Two chunks at a time while
 * they last (a line is longer than a chunk). */
SA_INLINE const guint8 *line_feed(const sa_reader_t *rd, const guint8 *p, const guint8 *end)
{
    for (; end - p >= 2 * CHUNK; p += 2 * CHUNK) {
        guint bits = chunk_bits(p, 1, '\n', 0, 0, 0) | chunk_bits(p + CHUNK, 1, '\n', 0, 0, 0) << CHUNK;
        if (bits != 0)
            return p + first_bit(bits);
    }
    return find_byte(rd, p, end, '\n');
}

gboolean sa_reader_read(sa_reader_t *rd, const guint8 *data, gsize len, sa_msg_t *msg)
{
    const guint8 *p = data;
    const guint8 *end = data + MIN(len, (gsize)SA_READER_MAX_HEADER_BYTES);
    const guint8 *line_end, *next;
    gboolean ended = FALSE, has_lf;

    clear_reader_members(msg);
    rd->n_touched = 0;
    rd->n_contacts = 0;
    rd->seen_via = rd->seen_cseq = rd->seen_from = rd->seen_to = FALSE;
    if (len == 0) {
        msg->read_flags = SA_READ_BAD_START_LINE | SA_READ_CUT_SHORT;
        return FALSE;
    }
    rd->lo = data;
    rd->hi = data + len;

    line_end = line_feed(rd, p, end);
    has_lf = line_end < end;
    next = has_lf ? line_end + 1 : end;
    if (line_end > p && line_end[-1] == '\r')
        line_end--;
    if (!read_start_line(rd, msg, p, line_end)) {
        clear_reader_members(msg);
        msg->read_flags = SA_READ_BAD_START_LINE;
        if (!has_lf)
            msg->read_flags |= len > SA_READER_MAX_HEADER_BYTES ? SA_READ_HEADERS_CUT : SA_READ_CUT_SHORT;
        return FALSE;
    }

    for (p = next; p < end; p = next) {
        const guint8 *colon, *lf;
        gboolean folded = FALSE;

        if (*p == '\n' || (*p == '\r' && (p + 1 == end || p[1] == '\n'))) {
            /* The empty line, or the data stops in it. */
            ended = *p == '\n' || p + 1 < end;
            break;
        }
        /* The colon, when it is on the first line, then the line feed. */
        colon = find_bits(rd, p, end, 2, ':', '\n', 0, 0);
        lf = (colon < end && *colon == ':') ? line_feed(rd, colon + 1, end) : colon;
        has_lf = lf < end;
        next = has_lf ? lf + 1 : end;
        /* A line that starts with white space continues this one. */
        while (next < end && is_wsp(*next)) {
            folded = TRUE;
            lf = line_feed(rd, next, end);
            has_lf = lf < end;
            next = has_lf ? lf + 1 : end;
        }
        /* A header line that the cap cuts is not read (one that the data
         * cuts is: it is all there is). */
        if (!has_lf && len > SA_READER_MAX_HEADER_BYTES)
            break;
        line_end = lf;
        if (line_end[-1] == '\r')
            line_end--;
        if (colon == end || *colon != ':')
            colon = folded ? find_byte(rd, colon + 1, line_end, ':') : line_end;
        read_header(rd, msg, p, colon, line_end, folded);
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
    sa_reader_t *rd;

    tables_init();
    rd = g_new0(sa_reader_t, 1);
    rd->free = rd->limit = arena_empty;
    return rd;
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
            keep->next = NULL;
        } else {
            g_free(b);
        }
        b = next;
    }
    rd->blocks = keep;
    rd->free = keep != NULL ? BLOCK_DATA(keep) : arena_empty;
    rd->limit = keep != NULL ? rd->free + keep->size : arena_empty;
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
