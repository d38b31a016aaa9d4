/* sipadvisor-fields.h
 * Extraction: the SIP dissector's fields of one frame -> one sa_msg_t per
 * SIP message (several per TCP frame).
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPADVISOR_FIELDS_H
#define SIPADVISOR_FIELDS_H

#include <epan/packet.h>

#include "sipadvisor-analysis.h"

/* Looks up the SIP field ids by name; call from the handoff. */
void sa_fields_resolve(void);

/* A new array of the field ids the post-dissector must see. */
GArray *sa_fields_wanted(void);

/* The SIP messages of this frame, allocated in pinfo->pool. Only valid in
 * the first pass, while the wanted fields are primed. */
guint sa_fields_extract(proto_tree *tree, packet_info *pinfo, sa_msg_t **msgs);

#endif /* SIPADVISOR_FIELDS_H */
