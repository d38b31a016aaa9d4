/* sipadvisor-msg.h
 * One SIP message as the analysis sees it: what the header reader
 * (sipadvisor-reader.c) takes from the start line and the header block, and
 * what extraction (sipadvisor-fields.c) adds from the packet (frame, time,
 * transport, addresses). GLib and wsutil's nstime_t only: no epan types.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPADVISOR_MSG_H
#define SIPADVISOR_MSG_H

#include <glib.h>
#include <wsutil/nstime.h>

/* The headers that the reader keeps by name, beyond those with their own
 * members in sa_msg_t (Via, From, To, Call-ID, CSeq, Contact):
 *   X(id, full name, compact form or 0)
 * Names compare case-insensitively; a compact form is one letter
 * (RFC 3261 §7.3.3 and later registrations). */
#define SA_HEADERS(X)                                                                                        \
    X(REQUIRE, "Require", 0)                                                                                 \
    X(SUPPORTED, "Supported", 'k')                                                                           \
    X(PROXY_REQUIRE, "Proxy-Require", 0)                                                                     \
    X(UNSUPPORTED, "Unsupported", 0)                                                                         \
    X(SESSION_EXPIRES, "Session-Expires", 'x')                                                               \
    X(MIN_SE, "Min-SE", 0)                                                                                   \
    X(EXPIRES, "Expires", 0)                                                                                 \
    X(MIN_EXPIRES, "Min-Expires", 0)                                                                         \
    X(ALLOW, "Allow", 0)                                                                                     \
    X(ACCEPT, "Accept", 0)                                                                                   \
    X(ACCEPT_ENCODING, "Accept-Encoding", 0)                                                                 \
    X(ACCEPT_LANGUAGE, "Accept-Language", 0)                                                                 \
    X(ALLOW_EVENTS, "Allow-Events", 'u')                                                                     \
    X(EVENT, "Event", 'o')                                                                                   \
    X(SECURITY_SERVER, "Security-Server", 0)                                                                 \
    X(SECURITY_CLIENT, "Security-Client", 0)                                                                 \
    X(SECURITY_VERIFY, "Security-Verify", 0)                                                                 \
    X(WWW_AUTHENTICATE, "WWW-Authenticate", 0)                                                               \
    X(PROXY_AUTHENTICATE, "Proxy-Authenticate", 0)                                                           \
    X(AUTHORIZATION, "Authorization", 0)                                                                     \
    X(PROXY_AUTHORIZATION, "Proxy-Authorization", 0)                                                         \
    X(RETRY_AFTER, "Retry-After", 0)                                                                         \
    X(CONTENT_TYPE, "Content-Type", 'c')                                                                     \
    X(CONTENT_ENCODING, "Content-Encoding", 'e')                                                             \
    X(CONTENT_LENGTH, "Content-Length", 'l')                                                                 \
    X(ROUTE, "Route", 0)

typedef enum {
#define SA_HEADER_ENUM(id, name, compact) SA_H_##id,
    SA_HEADERS(SA_HEADER_ENUM)
#undef SA_HEADER_ENUM
        SA_H_COUNT
} sa_header_t;

/* The transport a message was captured on. */
typedef enum {
    SA_TRANSPORT_UNKNOWN = 0,
    SA_TRANSPORT_UDP,
    SA_TRANSPORT_TCP, /* also TLS, WebSocket: a congestion-controlled stream */
    SA_TRANSPORT_SCTP,
} sa_transport_t;

/* A network address and port of the packet (IPv4 or IPv6). */
typedef struct sa_endpoint {
    guint8 addr[16];
    guint8 addr_len; /* 4, 16, or 0 when unknown */
    guint16 port;    /* 0 when unknown */
} sa_endpoint_t;

/* One Contact entry. */
typedef struct sa_contact {
    const char *uri;     /* without the angle brackets */
    const char *params;  /* header parameters as written, after the first ';' ("q=0.9;expires=60"), or NULL */
    const char *q;       /* value of the q parameter, or NULL */
    const char *expires; /* value of the expires parameter, or NULL */
} sa_contact_t;

/* What the reader noticed about the bytes it read (sa_msg_t.read_flags). */
enum {
    SA_READ_CUT_SHORT = 1u << 0,      /* the data ended before the empty line that ends the headers */
    SA_READ_HEADERS_CUT = 1u << 1,    /* the header block exceeded SA_READER_MAX_HEADER_BYTES */
    SA_READ_CONTACTS_CUT = 1u << 2,   /* more Contact entries than SA_READER_MAX_CONTACTS */
    SA_READ_BAD_HEADER = 1u << 3,     /* a header line without a name or a colon was skipped */
    SA_READ_BAD_START_LINE = 1u << 4, /* neither a request line nor a status line */
    SA_READ_BAD_CONTACT = 1u << 5     /* a Contact entry that could not be read ended its line's list */
};

/* One SIP message. Strings are NULL when the header is absent, never point
 * into the packet, are valid UTF-8 and hold no control characters: a value
 * with a byte that is not valid UTF-8, a control byte (C0, DEL, and the
 * bytes of a C1 character U+0080-U+009F) or a backslash is written with
 * \xNN escapes for those bytes (backslash included, lower-case hex), so
 * that two different byte strings never give the same text (keys stay
 * exact). A tab is white space: trimmed at the ends, part of a fold, and a
 * space inside a value.
 * Values have line folding turned into one space and no surrounding white
 * space; several lines of one header are one value with the lines joined by
 * '\n' (RFC 3261 §7.3.1: the same as one comma-separated line, except for
 * the authentication headers, whose lines stay apart). The analysis core
 * copies what it keeps. */
typedef struct sa_msg {
    /* From the packet (extraction). */
    guint32 frame;
    guint32 index; /* 0-based position of the message in its frame */
    nstime_t time; /* capture time */
    sa_transport_t transport;
    sa_endpoint_t src;
    sa_endpoint_t dst;
    guint32 length; /* bytes of the whole message (start line to the end of the body) */

    /* From the start line and the header block (the reader). */
    gboolean is_request;
    const char *method; /* request: method */
    const char *ruri;   /* request: Request-URI */
    guint status;       /* response: status code (100-999), 0 for a request */
    const char *reason; /* response: reason phrase */
    const char *call_id;
    gboolean has_cseq;
    guint32 cseq;
    const char *cseq_method;
    /* The top Via: the first value of the first Via header. */
    const char *via_transport; /* "UDP", "TCP", ... */
    const char *via_host;      /* sent-by host, as written (IPv6 with brackets) */
    guint32 via_port;          /* sent-by port, 0 when absent */
    const char *via_sent_by;   /* "host" or "host:port" */
    const char *via_branch;
    const char *from_uri;
    const char *from_tag;
    const char *to_uri;
    const char *to_tag;
    const sa_contact_t *contacts;
    guint n_contacts;
    gboolean contact_star; /* Contact: * */
    const char *hdr[SA_H_COUNT];
    guint read_flags; /* SA_READ_* */
} sa_msg_t;

#endif /* SIPADVISOR_MSG_H */
