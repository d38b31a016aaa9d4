/* sipadvisor-stats.h
 * The sipadvisor statistics tree (tshark -z sipadvisor,tree and the GUI's
 * Statistics menu), fed by the "sipadvisor" tap.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPADVISOR_STATS_H
#define SIPADVISOR_STATS_H

#include <glib.h>

#include "sipadvisor-analysis.h"

/* Findings as the tap reports them, named after their expert entries. */
enum {
    SA_TAP_NO_CONTACT = 1u << 0,
    SA_TAP_NO_REQUIRE = 1u << 1,
    SA_TAP_ALREADY_SUPPORTED = 1u << 2,
    SA_TAP_REQUEST_NOT_CAPTURED = 1u << 3,
    SA_TAP_UNMATCHABLE = 1u << 4,
    SA_TAP_NOT_FOLLOWED = 1u << 5,
    SA_TAP_RETRY_STILL_MISSING = 1u << 6,
    SA_TAP_RETRY_UNOFFERED_URI = 1u << 7,
    SA_TAP_NO_ACK = 1u << 8,
};

/* One tap record: an analysed response (first copy), or a retry after one. */
typedef struct sa_tap_record {
    const sa_result_t *result; /* the 301/421 */
    gboolean is_retry;         /* this frame is the client's retry after it */
    guint findings;            /* SA_TAP_* shown on this frame */
} sa_tap_record_t;

/* Registers the stats tree; call from the handoff. */
void sa_stats_register(void);

#endif /* SIPADVISOR_STATS_H */
