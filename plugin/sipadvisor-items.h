/* sipadvisor-items.h
 * The values the rules take from a response and its request, in one table
 * (see below).
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPADVISOR_ITEMS_H
#define SIPADVISOR_ITEMS_H

/* A rule stores what it read as items of its result; the presentation
 * draws each as the field sipadvisor.<name> (registered from this table),
 * and the rules that judge a retry read them back:
 *
 *   X(id, name, type, label in English, label in Chinese, description)
 *
 * Types: STRING; TAG (an option tag, drawn with its RFC and meaning); UINT;
 * Q (a q-value in thousandths, shown as a number 0-1); BOOL. An item of
 * depth 1 belongs to the item of depth 0 before it (a new URI's q and
 * expires). */
#define SA_ITEMS(X)                                                                                          \
    X(MOVED_FROM, "moved_from", STRING, "Moved from", "原地址",                                              \
      "The URI the request was sent to (Request-URI; the To URI for REGISTER)")                              \
    X(NEW_URI_COUNT, "new_uri_count", UINT, "New URIs", "新 URI 数量",                                       \
      "How many Contact URIs the 3xx offers")                                                                \
    X(NEW_URI, "new_uri", STRING, "New URI", "新 URI", "A Contact URI of the 3xx, highest q first")          \
    X(NEW_URI_Q, "new_uri.q", Q, "q", "q",                                                                   \
      "The q parameter of the Contact (only when it is a valid qvalue)")                                     \
    X(NEW_URI_EXPIRES, "new_uri.expires", UINT, "Expires", "有效期",                                         \
      "The expires parameter of the Contact, in seconds")                                                    \
    X(PROXY, "proxy", STRING, "Proxy to use", "应使用的代理", "305: the proxy the request must go through")  \
    X(ALTERNATIVE, "alternative", STRING, "Alternative service", "替代服务",                                 \
      "380: the type of the body that describes the alternative")                                            \
    X(REQUIRED, "required", TAG, "Required", "要求的扩展", "An option tag in the response's Require")        \
    X(SUPPORTED, "supported", TAG, "Supported", "请求支持的扩展",                                            \
      "An option tag in the request's Supported")                                                            \
    X(MISSING, "missing", TAG, "Missing", "缺少的扩展",                                                      \
      "A required option tag that the request did not support")                                              \
    X(UNSUPPORTED, "unsupported", TAG, "Unsupported", "不支持的扩展",                                        \
      "420: an option tag in the response's Unsupported")                                                    \
    X(REQUEST_REQUIRE, "request_require", TAG, "Request Require", "请求的 Require",                          \
      "An option tag in the request's Require")                                                              \
    X(REQUEST_PROXY_REQUIRE, "request_proxy_require", TAG, "Request Proxy-Require", "请求的 Proxy-Require",  \
      "An option tag in the request's Proxy-Require")                                                        \
    X(MIN_SE, "min_se", UINT, "Min-SE", "Min-SE",                                                            \
      "422: the smallest session interval the server accepts, seconds")                                      \
    X(SESSION_EXPIRES, "session_expires", UINT, "Request Session-Expires", "请求的 Session-Expires",         \
      "The session interval the request asked for, seconds")                                                 \
    X(REQUEST_MIN_SE, "request_min_se", UINT, "Request Min-SE", "请求的 Min-SE",                             \
      "The Min-SE of the request, seconds")                                                                  \
    X(MIN_EXPIRES, "min_expires", UINT, "Min-Expires", "Min-Expires",                                        \
      "423: the shortest expiry the server accepts, seconds")                                                \
    X(EXPIRES, "expires", UINT, "Request Expires", "请求的 Expires",                                         \
      "The Expires header of the request, seconds")                                                          \
    X(CONTACT_EXPIRES, "contact_expires", UINT, "Contact expires", "Contact 的 expires",                     \
      "The expires parameter of a Contact of the request, seconds")                                          \
    X(SECURITY_MECHANISM, "security_mechanism", STRING, "Security-Server", "Security-Server",                \
      "494: a mechanism the server offers (Security-Server)")                                                \
    X(SECURITY_CLIENT, "security_client", STRING, "Request Security-Client", "请求的 Security-Client",       \
      "A mechanism the request offered (Security-Client)")                                                   \
    X(AUTH_SCHEME, "auth_scheme", STRING, "Scheme", "鉴权方案",                                              \
      "The authentication scheme of the challenge")                                                          \
    X(AUTH_REALM, "auth_realm", STRING, "Realm", "域（realm）", "The realm of the challenge")                \
    X(AUTH_ALGORITHM, "auth_algorithm", STRING, "Algorithm", "算法",                                         \
      "The digest algorithm of the challenge")                                                               \
    X(AUTH_QOP, "auth_qop", STRING, "qop", "qop", "The qop options of the challenge")                        \
    X(AUTH_STALE, "auth_stale", BOOL, "Stale nonce", "nonce 已过期",                                         \
      "The challenge says stale=true: only the nonce was old")                                               \
    X(REQUEST_CREDENTIALS, "request_credentials", STRING, "Request credentials", "请求携带的凭据",           \
      "The user and realm of the credentials the request carried")                                           \
    X(ALLOW, "allow", STRING, "Allow", "Allow", "A method the server allows")                                \
    X(ACCEPT, "accept", STRING, "Accept", "Accept", "A body type the server accepts")                        \
    X(ACCEPT_ENCODING, "accept_encoding", STRING, "Accept-Encoding", "Accept-Encoding",                      \
      "A body encoding the server accepts")                                                                  \
    X(ACCEPT_LANGUAGE, "accept_language", STRING, "Accept-Language", "Accept-Language",                      \
      "A body language the server accepts")                                                                  \
    X(REQUEST_CONTENT_TYPE, "request_content_type", STRING, "Request Content-Type", "请求的 Content-Type",   \
      "The body type of the request")                                                                        \
    X(REQUEST_CONTENT_ENCODING, "request_content_encoding", STRING, "Request Content-Encoding",              \
      "请求的 Content-Encoding", "The body encoding of the request")                                         \
    X(ALLOW_EVENTS, "allow_events", STRING, "Allow-Events", "Allow-Events",                                  \
      "An event package the server allows")                                                                  \
    X(REQUEST_EVENT, "request_event", STRING, "Request Event", "请求的 Event",                               \
      "The event package of the request")                                                                    \
    X(RETRY_AFTER, "retry_after", UINT, "Retry-After", "Retry-After",                                        \
      "Seconds after which the client may try again")                                                        \
    X(RETRY_AFTER_DURATION, "retry_after.duration", UINT, "Duration", "持续时间",                            \
      "The duration parameter of Retry-After, seconds")                                                      \
    X(RETRY_AFTER_COMMENT, "retry_after.comment", STRING, "Comment", "说明", "The comment of Retry-After")   \
    X(REQUEST_SIZE, "request_size", UINT, "Request size", "请求大小", "Bytes of the request message")        \
    X(REQUEST_TRANSPORT, "request_transport", STRING, "Request transport", "请求的传输协议",                 \
      "The transport the request came over")

typedef enum {
#define SA_ITEM_ENUM(id, name, type, en, zh, blurb) SA_I_##id,
    SA_ITEMS(SA_ITEM_ENUM)
#undef SA_ITEM_ENUM
        SA_I_COUNT
} sa_item_id_t;

#endif /* SIPADVISOR_ITEMS_H */
