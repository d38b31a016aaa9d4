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
#include "sipadvisor-knowledge.h"

/* One tap record: an analysed response (first copy), or a retry after one. */
typedef struct sa_tap_record {
    const sa_result_t *result; /* the 301/421 */
    gboolean is_retry;         /* this frame is the client's retry after it */
} sa_tap_record_t;

/* Registers the stats trees and reports; call from the handoff. */
void sa_stats_register(void);

/* The language the sipadvisor.language preference chose. */
sa_lang_t sa_language(void);

#endif /* SIPADVISOR_STATS_H */
