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
 * The first block names the analysed response itself (one per response,
 * group Response); Warning is for what a human must act on. Free of GLib
 * and epan on purpose: the core includes it for the enum. */
#define SA_FINDINGS(X)                                                                                       \
    X(MOVED_PERMANENTLY, "moved_permanently", RESPONSE_CODE, NOTE, "301 Moved Permanently", "301 永久迁移")  \
    X(REDIRECTED, "redirected", RESPONSE_CODE, NOTE, "Redirected", "重定向")                                 \
    X(BAD_EXTENSION, "bad_extension", RESPONSE_CODE, WARN, "420 Bad Extension", "420 扩展不受支持")          \
    X(EXTENSION_REQUIRED, "extension_required", RESPONSE_CODE, WARN, "421 Extension Required",               \
      "421 需要扩展")                                                                                        \
    X(INTERVAL_TOO_SMALL, "interval_too_small", RESPONSE_CODE, WARN, "422 Session Interval Too Small",       \
      "422 会话间隔太小")                                                                                    \
    X(INTERVAL_TOO_BRIEF, "interval_too_brief", RESPONSE_CODE, WARN, "423 Interval Too Brief",               \
      "423 有效期太短")                                                                                      \
    X(SECURITY_AGREEMENT_REQUIRED, "security_agreement_required", RESPONSE_CODE, WARN,                       \
      "494 Security Agreement Required", "494 需要安全协商")                                                 \
    X(AUTH_CHALLENGE, "auth_challenge", RESPONSE_CODE, CHAT, "Authentication challenge", "鉴权质询")         \
    X(AUTH_REJECTED, "auth_rejected", RESPONSE_CODE, WARN, "Credentials rejected", "凭据被拒绝")             \
    X(METHOD_NOT_ALLOWED, "method_not_allowed", RESPONSE_CODE, WARN, "405 Method Not Allowed",               \
      "405 不允许的方法")                                                                                    \
    X(UNSUPPORTED_MEDIA, "unsupported_media", RESPONSE_CODE, WARN, "415 Unsupported Media Type",             \
      "415 不支持的媒体类型")                                                                                \
    X(BAD_EVENT, "bad_event", RESPONSE_CODE, WARN, "489 Bad Event", "489 不支持的事件")                      \
    X(RETRY_LATER, "retry_later", RESPONSE_CODE, NOTE, "Retry later", "稍后重试")                            \
    X(TOO_LARGE, "too_large", RESPONSE_CODE, WARN, "Request too large", "请求过大")                          \
    X(MISSING_HEADER, "missing_header", PROTOCOL, ERROR, "Response lacks the header its code requires",      \
      "响应缺少其状态码要求的头部")                                                                          \
    X(REQUIRED_ALREADY_SUPPORTED, "required_already_supported", PROTOCOL, WARN,                              \
      "421 requires extensions the request already supported", "421 要求的扩展请求中已经支持")               \
    X(REQUEST_NOT_CAPTURED, "request_not_captured", SEQUENCE, WARN, "Request not in the capture",            \
      "抓包中没有对应的请求")                                                                                \
    X(UNMATCHABLE, "unmatchable", MALFORMED, WARN,                                                           \
      "Response cannot be matched: no top Via, CSeq or Call-ID",                                             \
      "响应无法匹配：缺少顶层 Via、CSeq 或 Call-ID")                                                         \
    X(RESPONSE_RESENT, "response_resent", SEQUENCE, CHAT, "Retransmission of an analysed response",          \
      "已分析响应的重传")                                                                                    \
    X(REDIRECT_LOOP, "redirect_loop", SEQUENCE, WARN, "Redirect loop", "重定向循环")                         \
    X(FOLLOWED, "followed", SEQUENCE, CHAT, "Client retried as the response asked",                          \
      "客户端已按响应要求重试")                                                                              \
    X(RETRY_UNFIXED, "retry_unfixed", SEQUENCE, WARN, "Retry repeated the mistake", "重试重复了同样的错误")  \
    X(RETRY_WRONG_DESTINATION, "retry_wrong_destination", SEQUENCE, WARN,                                    \
      "Retry sent to the old destination", "重试仍发往旧的目的地址")                                         \
    X(RETRY_TOO_EARLY, "retry_too_early", SEQUENCE, WARN, "Retry came before Retry-After",                   \
      "在 Retry-After 之前就重试了")                                                                         \
    X(NOT_FOLLOWED, "not_followed", SEQUENCE, WARN, "Client never retried", "客户端没有重试")                \
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
