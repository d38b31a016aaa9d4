/* sipadvisor-fields.h
 * Extraction: the SIP messages of one frame (several per TCP frame) as
 * sa_msg_t records, read from their bytes.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPADVISOR_FIELDS_H
#define SIPADVISOR_FIELDS_H

#include <epan/packet.h>

#include "sipadvisor-analysis.h"

/* Looks up the "sip" protocol field by name; call from the handoff. */
void sa_fields_resolve(void);

/* A new array of the field ids the post-dissector must see: "sip" alone. */
GArray *sa_fields_wanted(void);

/* The SIP messages of this frame (the array in pinfo->pool, their strings
 * until the next call). Only in the first pass, while "sip" is primed. */
guint sa_fields_extract(proto_tree *tree, packet_info *pinfo, sa_msg_t **msgs);

/* Frees the header reader (at the end of a capture). */
void sa_fields_cleanup(void);

#endif /* SIPADVISOR_FIELDS_H */
