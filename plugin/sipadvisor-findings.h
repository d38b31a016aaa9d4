/* sipadvisor-findings.h
 * Every finding sipadvisor reports, in one table (see below).
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPADVISOR_FINDINGS_H
#define SIPADVISOR_FINDINGS_H

/* The core sets findings, the presentation turns each into an expert entry
 * (sipadvisor.<name>, with its group and severity), and the statistics
 * count them by name:
 *
 *   X(id, name, group, severity, summary in English, summary in Chinese)
 *
 * group and severity are the PI_* names without the prefix. The summary is
 * the registered expert text; an entry with details reads
 * "<summary>: <details>", so that it starts with what is registered.
 * Free of GLib and epan on purpose: the core includes it for the enum. */

#define SA_FINDINGS(X)                                                                                       \
    X(MOVED_PERMANENTLY, "moved_permanently", RESPONSE_CODE, NOTE, "301 Moved Permanently", "301 永久迁移")  \
    X(EXTENSION_REQUIRED, "extension_required", RESPONSE_CODE, WARN, "421 Extension Required",               \
      "421 需要扩展")                                                                                        \
    X(NO_CONTACT, "no_contact", PROTOCOL, WARN, "301 without a Contact URI: the client has no new address",  \
      "301 没有 Contact URI：客户端没有可用的新地址")                                                        \
    X(NO_REQUIRE, "no_require", PROTOCOL, ERROR,                                                             \
      "421 without Require: the server does not name the extension",                                         \
      "421 没有 Require：服务器没有说明需要哪个扩展")                                                        \
    X(REQUIRED_ALREADY_SUPPORTED, "required_already_supported", PROTOCOL, WARN,                              \
      "421 requires extensions the request already supported", "421 要求的扩展请求中已经支持")               \
    X(REQUEST_NOT_CAPTURED, "request_not_captured", SEQUENCE, WARN, "Request not in the capture",            \
      "抓包中没有对应的请求")                                                                                \
    X(UNMATCHABLE, "unmatchable", MALFORMED, WARN,                                                           \
      "Response cannot be matched: no top Via, CSeq or Call-ID",                                             \
      "响应无法匹配：缺少顶层 Via、CSeq 或 Call-ID")                                                         \
    X(RESPONSE_RESENT, "response_resent", SEQUENCE, CHAT, "Retransmission of an analysed response",          \
      "已分析响应的重传")                                                                                    \
    X(FOLLOWED, "followed", SEQUENCE, CHAT, "Client retried as the response asked",                          \
      "客户端已按响应要求重试")                                                                              \
    X(NOT_FOLLOWED, "not_followed", SEQUENCE, WARN, "Client never retried", "客户端没有重试")                \
    X(RETRY_STILL_MISSING, "retry_still_missing", SEQUENCE, WARN, "Retry still lacks a required extension",  \
      "重试仍缺少所需的扩展")                                                                                \
    X(RETRY_UNOFFERED_URI, "retry_unoffered_uri", SEQUENCE, WARN,                                            \
      "Retry went to a URI the 301 did not offer", "重试发往了 301 未提供的 URI")                            \
    X(NO_ACK, "no_ack", SEQUENCE, WARN, "Final response to INVITE never acknowledged",                       \
      "INVITE 的最终响应没有收到 ACK")                                                                       \
    X(LIST_CUT, "list_cut", UNDECODED, NOTE, "Long list shown only in part", "列表过长，只显示一部分")

typedef enum {
#define SA_FINDING_ENUM(id, name, group, severity, en, zh) SA_F_##id,
    SA_FINDINGS(SA_FINDING_ENUM)
#undef SA_FINDING_ENUM
        SA_F_COUNT
} sa_finding_t;

#endif /* SIPADVISOR_FINDINGS_H */
