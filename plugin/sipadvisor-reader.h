/* sipadvisor-reader.h
 * The header reader: the start line and header block of one SIP message,
 * read from its bytes in one pass, into an sa_msg_t. GLib only, so that it
 * is unit-tested and fuzzed on its own. Message boundaries are not its
 * business: Wireshark's SIP dissector has found them (TCP reassembly,
 * WebSocket, SCTP, TLS) and extraction hands over one message at a time.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPADVISOR_READER_H
#define SIPADVISOR_READER_H

#include <glib.h>

#include "sipadvisor-msg.h"

/* Hard limits against hostile input; going over sets a read flag. */
#define SA_READER_MAX_HEADER_BYTES (2u * 1024 * 1024) /* start line + header block */
#define SA_READER_MAX_CONTACTS     16384

typedef struct sa_reader sa_reader_t;

sa_reader_t *sa_reader_new(void);
void sa_reader_free(sa_reader_t *rd);

/* Forgets every message read since the last reset: the strings and arrays
 * of those sa_msg_t are gone. Extraction resets once per frame. */
void sa_reader_reset(sa_reader_t *rd);

/* Reads one SIP message from data[0..len): the start line, then header
 * lines up to the empty line (CRLF or bare LF line ends; the body is not
 * read). Fills the reader's members of msg (see sipadvisor-msg.h) and sets
 * the others that it owns to zero/NULL; leaves the packet members (frame,
 * index, time, transport, src, dst, length) alone. Returns FALSE, with
 * SA_READ_BAD_START_LINE set, when the first line is neither a request line
 * nor a status line. What msg points to stays valid until the next reset. */
gboolean sa_reader_read(sa_reader_t *rd, const guint8 *data, gsize len, sa_msg_t *msg);

#endif /* SIPADVISOR_READER_H */
