/* packet-sipadvisor.h
 * Registration entry points of the sipadvisor post-dissector.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PACKET_SIPADVISOR_H
#define PACKET_SIPADVISOR_H

void proto_register_sipadvisor(void);
void proto_reg_handoff_sipadvisor(void);

#endif /* PACKET_SIPADVISOR_H */
