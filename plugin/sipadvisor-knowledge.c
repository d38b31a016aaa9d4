/* sipadvisor-knowledge.c
 * SIP response codes and option tags explained in English and Simplified
 * Chinese, kept as data in one place so that the tree, the expert texts, the
 * reports and the README say the same thing.
 *
 * Copyright 2026 The sipadvisor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Sources: the IANA "Session Initiation Protocol (SIP) Parameters" registry
 * (Response Codes, Option Tags) and the RFCs each row names. The texts are
 * written for a VoIP engineer chasing a failed call: what the code means, why
 * servers send it in real deployments, and what to change.
 *
 * Layout rules (checked by tests/test-knowledge.c): lines are separated by
 * '\n', one thought per line, each at most 100 display columns (CJK and
 * full-width characters count 2); line 1 of `meaning` and of `fix` stands
 * alone as a summary of at most 70 columns. Header names, option tags,
 * methods and URIs stay in ASCII in the Chinese texts; Chinese sentences use
 * full-width punctuation.
 */
#include "sipadvisor-knowledge.h"

/* What a class means and what a receiver does with an unknown code of it
 * (RFC 3261 §8.1.3.2): indexed by code / 100 - 1. */
static const sa_status_info_t class_table[] = {
    {100,
     FALSE,
     "Provisional",
     "RFC 3261 §21.1",
     {"Provisional", "临时响应"},
     {"Request received and still being processed; a final response follows\n"
      "1xx responses are not sent reliably unless 100rel (PRACK, RFC 3262) is in use\n"
      "An unknown 1xx other than 100 is treated as 183 Session Progress (RFC 3261 §8.1.3.2)",
      "请求已收到，仍在处理中，之后还会有最终响应\n"
      "除非使用 100rel（PRACK，RFC 3262），1xx 响应不保证可靠传输\n"
      "收到无法识别的 1xx（100 除外）时，按 183 Session Progress 处理（RFC 3261 §8.1.3.2）"},
     {"Proxies and the UAS send them while the request is routed, the phone rings or early media plays\n"
      "An unregistered 1xx usually comes from a vendor extension or a private test code",
      "请求在路由、被叫振铃或播放早期媒体期间，由代理服务器或 UAS 发送\n"
      "未注册的 1xx 通常来自厂商私有扩展或测试用的私有状态码"},
     {"No action needed; wait for the final response\n"
      "If no final response ever arrives, follow the request downstream to find the hop that stalls",
      "无需处理，等待最终响应即可\n"
      "如果始终收不到最终响应，沿请求路径向下游逐跳排查是哪一跳卡住"}},
    {200,
     FALSE,
     "Success",
     "RFC 3261 §21.2",
     {"Success", "成功"},
     {"The request succeeded\n"
      "An unknown 2xx is treated as 200 OK (RFC 3261 §8.1.3.2); a 2xx to INVITE still needs an ACK",
      "请求已成功处理\n"
      "无法识别的 2xx 按 200 OK 处理（RFC 3261 §8.1.3.2）；对 INVITE 的 2xx 仍需回 ACK"},
     {"The UAS, registrar or notifier accepted the request\n"
      "An unregistered 2xx usually comes from a vendor extension",
      "UAS、注册服务器或通知方接受了请求\n"
      "未注册的 2xx 通常来自厂商私有扩展"},
     {"No fix needed; handle it exactly like 200 OK\n"
      "Ask the vendor to send a registered code (200) instead of a private one",
      "无需修复，按 200 OK 处理即可\n"
      "建议厂商改用已注册的状态码（200），不要使用私有状态码"}},
    {300,
     FALSE,
     "Redirection",
     "RFC 3261 §21.3",
     {"Redirection", "重定向"},
     {"Retry elsewhere: the new targets are in the Contact header\n"
      "An unknown 3xx is treated as 300 Multiple Choices (RFC 3261 §8.1.3.2)",
      "请求需要改发到别处，新的目标地址在 Contact 头中\n"
      "无法识别的 3xx 按 300 Multiple Choices 处理（RFC 3261 §8.1.3.2）"},
     {"Redirect servers, PBXs and SBCs in redirect mode answer with the user's other locations",
      "重定向服务器，以及工作在重定向模式的 PBX 或 SBC，会返回用户的其他位置"},
     {"Retry at the Contact URIs (highest q first); ACK the 3xx for INVITE\n"
      "Keep track of the URIs already tried so that a redirect loop is detected",
      "按 Contact 中的 URI 重试（q 值高的优先）；若是 INVITE，先对 3xx 回 ACK\n"
      "记录已经尝试过的 URI，以便发现重定向环路"}},
    {400,
     FALSE,
     "Client Failure",
     "RFC 3261 §21.4",
     {"Client Failure", "客户端错误"},
     {"The request cannot be fulfilled as sent; it must change before a retry\n"
      "An unknown 4xx is treated as 400 Bad Request (RFC 3261 §8.1.3.2)",
      "请求按原样无法完成，修改后才能重试\n"
      "无法识别的 4xx 按 400 Bad Request 处理（RFC 3261 §8.1.3.2）"},
     {"The server found a problem with the request itself: syntax, credentials, target, policy\n"
      "An unregistered 4xx usually comes from a vendor extension; the reason phrase says more",
      "服务器认为问题出在请求本身：语法、凭据、目标或策略\n"
      "未注册的 4xx 通常来自厂商私有扩展，原因短语中一般有更多信息"},
     {"Read the reason phrase and Warning header, fix the request, retry\n"
      "Do not resend the same request unchanged to the same server",
      "查看原因短语和 Warning 头，修正请求后再重试\n"
      "不要把同样的请求原封不动地再发给同一台服务器"}},
    {500,
     FALSE,
     "Server Failure",
     "RFC 3261 §21.5",
     {"Server Failure", "服务器错误"},
     {"The request may be valid, but the server failed to fulfil it\n"
      "An unknown 5xx is treated as 500 Server Internal Error (RFC 3261 §8.1.3.2)",
      "请求本身可能没有问题，但服务器未能完成处理\n"
      "无法识别的 5xx 按 500 Server Internal Error 处理（RFC 3261 §8.1.3.2）"},
     {"Overload, maintenance, a failed downstream or back-end system, or a software fault",
      "服务器过载、维护中、下游或后端系统故障，或软件缺陷"},
     {"Retry later or at another server (DNS SRV), honouring Retry-After\n"
      "Check the server's logs for this Call-ID",
      "稍后重试或改发到其他服务器（DNS SRV 备选），并遵守 Retry-After\n"
      "按该 Call-ID 检查服务器日志"}},
    {600,
     FALSE,
     "Global Failure",
     "RFC 3261 §21.6",
     {"Global Failure", "全局错误"},
     {"The request will fail at every location; do not try other destinations\n"
      "An unknown 6xx is treated as 600 Busy Everywhere (RFC 3261 §8.1.3.2)",
      "请求在任何位置都会失败，不要再尝试其他目标\n"
      "无法识别的 6xx 按 600 Busy Everywhere 处理（RFC 3261 §8.1.3.2）"},
     {"The callee's own system answers with a definitive refusal for all of the user's devices",
      "被叫方自己的系统给出了对该用户所有终端都有效的明确拒绝"},
     {"Stop the call attempt; a forking proxy cancels its other branches\n"
      "Retry later only if Retry-After invites it",
      "停止本次呼叫尝试；分叉代理会取消其他分支\n"
      "只有带 Retry-After 时才在指定时间后重试"}},
};

/* Every response code in the IANA registry, ascending (binary-searched). */
static const sa_status_info_t status_table[] = {
    {100,
     TRUE,
     "Trying",
     "RFC 3261 §21.1.1",
     {"Trying", "正在尝试"},
     {"The next hop received the request and is working on it\n"
      "It is hop-by-hop: a proxy's 100 says nothing about the callee, and proxies never forward it\n"
      "For INVITE it stops the client's retransmissions over UDP",
      "下一跳已收到请求，正在处理\n"
      "100 只在相邻两跳之间有效：代理发出的 100 不代表被叫状态，代理也不会向上游转发它\n"
      "对 INVITE 而言，它让客户端停止通过 UDP 重传"},
     {"A proxy or UAS sends it at once (within about 200 ms) when a final answer will take longer\n"
      "Typical: the proxy is looking up the callee (location service, DNS, ENUM, LNP dip)",
      "代理服务器或 UAS 预计最终响应需要较长时间时，会立即（约 200 ms 内）发送\n"
      "常见场景：代理正在查找被叫（位置服务、DNS、ENUM、号码携带查询）"},
     {"No action needed; it is normal progress\n"
      "No 100 at all: the INVITE never reached the next hop (address, port, transport, firewall)\n"
      "100 but nothing after it: look at the next hop's onward request, not at the caller",
      "无需处理，这是正常的进展\n"
      "完全没有 100：INVITE 没到达下一跳，检查地址、端口、传输协议和防火墙\n"
      "有 100 但之后没有任何响应：应排查下一跳向下游发出的请求，而不是主叫"}},
    {180,
     TRUE,
     "Ringing",
     "RFC 3261 §21.1.2",
     {"Ringing", "振铃"},
     {"The callee's UA is alerting the user\n"
      "The caller normally plays local ringback; with SDP (and 100rel) it may carry early media\n"
      "Its To tag creates an early dialog; forking can produce several 180s with different tags",
      "被叫 UA 正在提醒用户（振铃）\n"
      "主叫通常自己播放本地回铃音；若携带 SDP（及 100rel），也可能带早期媒体\n"
      "其中的 To tag 建立早期对话；分叉时会收到多个 To tag 不同的 180"},
     {"The callee's phone or app starts ringing\n"
      "PBXs and SBCs also generate it on behalf of a trunk or a PSTN alerting message",
      "被叫话机或软件开始振铃\n"
      "PBX 和 SBC 也会代表中继或 PSTN 的振铃消息生成 180"},
     {"No fix needed; wait for the final response\n"
      "Caller hears silence: check whether the 180 carried SDP and whether that early media flows\n"
      "Caller hears no ringback: make the UA play local ringback when the 180 has no SDP",
      "无需修复，等待最终响应\n"
      "主叫听到静音：检查 180 是否带 SDP，以及对应的早期媒体是否真的在传输\n"
      "主叫听不到回铃音：让 UA 在 180 不带 SDP 时播放本地回铃音"}},
    {181,
     TRUE,
     "Call Is Being Forwarded",
     "RFC 3261 §21.1.3",
     {"Call Is Being Forwarded", "呼叫正在转移"},
     {"A server says the call is being forwarded to other destinations\n"
      "It is information only; the call continues",
      "服务器告知呼叫正在被转移到其他目标\n"
      "仅为提示信息，呼叫继续进行"},
     {"Call forwarding (unconditional, on busy, on no answer) on a PBX or application server\n"
      "History-Info or Diversion in the forwarded request shows who forwarded it",
      "PBX 或应用服务器上的呼叫前转（无条件、遇忙、无应答）\n"
      "被转发请求中的 History-Info 或 Diversion 头记录了由谁转移"},
     {"No fix needed\n"
      "If the forwarding is unexpected, check the callee's forwarding settings on the server",
      "无需修复\n"
      "如果不应发生转移，检查服务器上被叫的呼叫前转设置"}},
    {182,
     TRUE,
     "Queued",
     "RFC 3261 §21.1.4",
     {"Queued", "排队中"},
     {"The callee is unavailable for now; the server queued the call\n"
      "The reason phrase may give details (position, expected wait); several 182s may follow\n"
      "The final response comes when the call leaves the queue",
      "被叫暂时不可用，服务器把呼叫放入队列而不是直接拒绝\n"
      "原因短语可能带有详情（排队位置、预计等待时间）；之后可能还有多个 182\n"
      "呼叫离开队列时才会收到最终响应"},
     {"Call centre / ACD queues and hunt groups with all agents busy",
      "呼叫中心 / ACD 队列，或所有座席都忙的振铃组"},
     {"No fix needed; wait for the final response\n"
      "Callers give up: add agents or queue announcements; check the caller's no-answer timer",
      "无需修复，等待最终响应\n"
      "主叫频繁放弃：增加座席或排队提示音，并检查主叫侧的无应答定时器"}},
    {183,
     TRUE,
     "Session Progress",
     "RFC 3261 §21.1.5",
     {"Session Progress", "会话进展"},
     {"Progress not covered by another 1xx; often carries early media SDP\n"
      "Early media: in-band ringback, announcements or IVR prompts before the call is answered",
      "其他 1xx 无法描述的呼叫进展，通常携带用于早期媒体的 SDP\n"
      "早期媒体：应答前播放的带内回铃音、提示音或 IVR 语音"},
     {"PSTN gateways and carriers send it with SDP to play tones and announcements\n"
      "IMS and VoLTE use it for precondition (QoS) negotiation, usually sent reliably with PRACK",
      "PSTN 网关和运营商发送带 SDP 的 183 来播放信号音和提示音\n"
      "IMS 和 VoLTE 用它进行前提条件（QoS）协商，通常配合 PRACK 可靠传输"},
     {"No fix needed; if the caller hears nothing, check the early media path\n"
      "Check that RTP arrives from the address in the 183's SDP (NAT, SBC media latching)\n"
      "If the gateway needs 100rel, enable PRACK so that the SDP in the 183 is not lost",
      "无需修复；如果主叫听不到声音，检查早期媒体路径\n"
      "确认 RTP 来自 183 中 SDP 给出的地址（NAT、SBC 媒体锁定）\n"
      "如果网关要求 100rel，启用 PRACK，避免 183 中的 SDP 丢失"}},
    {199,
     TRUE,
     "Early Dialog Terminated",
     "RFC 6228",
     {"Early Dialog Terminated", "早期对话已终止"},
     {"An early dialog ended before the final response; free its media\n"
      "Sent only if the UAC listed the option tag 199 in Supported",
      "某个早期对话在最终响应之前已经结束，可以释放其早期媒体资源\n"
      "仅当 UAC 在 Supported 中列出选项标签 199 时才会发送"},
     {"A forking proxy got a final error on one branch while other branches still ring\n"
      "A UAS ends one of several early dialogs it created",
      "分叉代理的某个分支收到错误最终响应，而其他分支仍在振铃\n"
      "UAS 结束了自己建立的多个早期对话中的一个"},
     {"No fix needed; release the media of that early dialog (To tag)\n"
      "Caller keeps hearing a dead branch's early media: support 199 and list it in Supported",
      "无需修复，释放该早期对话（To tag）的媒体即可\n"
      "主叫一直听到已失效分支的早期媒体：实现 199 并在 Supported 中声明"}},
    {200,
     TRUE,
     "OK",
     "RFC 3261 §21.2.1",
     {"OK", "成功"},
     {"The request succeeded\n"
      "For INVITE the call is answered: the UAC must ACK, and the body holds the SDP answer (or offer)\n"
      "For REGISTER the Contact header lists the current bindings and their expiry",
      "请求成功\n"
      "对 INVITE 表示已应答：UAC 必须回 ACK，消息体中是 SDP 应答（或提议）\n"
      "对 REGISTER，Contact 头列出当前的绑定及其有效期"},
     {"Normal success; the UAS retransmits a 200 to INVITE until the ACK arrives\n"
      "Repeated 200s then a BYE after about 32 s mean the ACK never reached the UAS",
      "正常的成功响应；UAS 会重传 INVITE 的 200，直到收到 ACK\n"
      "200 不断重传、约 32 秒后收到 BYE：说明 ACK 没有到达 UAS"},
     {"No fix needed, unless the ACK is missing\n"
      "Missing ACK: check the Contact and Record-Route of the 200 (reachable, public address)\n"
      "Also check NAT, SIP ALGs and SBCs that rewrite or drop the ACK",
      "无需修复，除非缺少 ACK\n"
      "缺少 ACK：检查 200 中的 Contact 和 Record-Route（是否可达、是否为公网地址）\n"
      "同时检查会改写或丢弃 ACK 的 NAT、SIP ALG 和 SBC"}},
    {202,
     TRUE,
     "Accepted",
     "RFC 6665 §8.3.1",
     {"Accepted", "已接受"},
     {"Accepted for processing; the outcome comes later (e.g. in a NOTIFY)\n"
      "Deprecated by RFC 6665: it means the same as 200 and must be handled exactly like 200",
      "请求已被接受，处理结果稍后告知（例如通过 NOTIFY）\n"
      "已被 RFC 6665 废弃：含义与 200 相同，必须完全按 200 处理"},
     {"REFER is answered with 202 as RFC 3515 specified; older notifiers use it for SUBSCRIBE\n"
      "RFC 6665 forbids sending 202 to SUBSCRIBE and NOTIFY",
      "按照 RFC 3515，REFER 的成功响应是 202；较老的通知方也用 202 响应 SUBSCRIBE\n"
      "RFC 6665 禁止对 SUBSCRIBE 和 NOTIFY 发送 202"},
     {"No fix needed; treat it as 200\n"
      "On your own servers, answer 200 instead of 202",
      "无需修复，按 200 处理即可\n"
      "自己的服务器应改为发送 200，而不是 202"}},
    {204,
     TRUE,
     "No Notification",
     "RFC 5839",
     {"No Notification", "无通知"},
     {"The SUBSCRIBE succeeded, but no NOTIFY will follow\n"
      "The state has not changed since the entity-tag the subscriber sent in Suspend-If-Match",
      "SUBSCRIBE 成功，但不会再发送 NOTIFY\n"
      "自订阅方在 Suspend-If-Match 中携带的 entity-tag 以来，状态没有变化"},
     {"Conditional event notification: a subscription refresh to a notifier that supports it\n"
      "Saves a NOTIFY carrying unchanged state, e.g. for presence or dialog lists",
      "条件事件通知：订阅刷新发给了支持该机制的通知方\n"
      "可省去携带未变化状态的 NOTIFY，例如在线状态或对话状态订阅"},
     {"No fix needed; keep the state cached for that entity-tag\n"
      "If a NOTIFY is expected, send the SUBSCRIBE without Suspend-If-Match",
      "无需修复，继续使用该 entity-tag 对应的缓存状态\n"
      "如果需要收到 NOTIFY，发送不带 Suspend-If-Match 的 SUBSCRIBE"}},
    {300,
     TRUE,
     "Multiple Choices",
     "RFC 3261 §21.3.1",
     {"Multiple Choices", "多种选择"},
     {"The address resolved to several locations; any may reach the user\n"
      "They are listed in Contact (with q values) and possibly in the body",
      "该地址解析出多个位置，任何一个都可能找到用户\n"
      "这些位置列在 Contact 中（带 q 值），也可能在消息体中"},
     {"A redirect server or registrar returns all the registered contacts of a user\n"
      "Some PBXs in redirect mode answer 300 instead of forking themselves",
      "重定向服务器或注册服务器返回了用户的全部注册联系地址\n"
      "一些工作在重定向模式的 PBX 会返回 300，而不是自己分叉"},
     {"Retry at one or more Contact URIs, highest q first; ACK 300 for INVITE\n"
      "Make sure the UA or proxy follows 3xx responses (recursion enabled)",
      "按 Contact 中的 URI 重试（q 值高的优先）；若是 INVITE，对 300 回 ACK\n"
      "确认 UA 或代理会处理 3xx 响应（已启用递归）"}},
    {301,
     TRUE,
     "Moved Permanently",
     "RFC 3261 §21.3.2",
     {"Moved Permanently", "永久移动"},
     {"The user has moved for good; Contact gives the new address\n"
      "The Request-URI no longer reaches the user; clients should update stored addresses",
      "该用户已永久迁移，Contact 中给出新地址\n"
      "Request-URI 已找不到该用户，客户端还应更新保存的地址"},
     {"A user changed SIP address, a number was ported, or a domain moved\n"
      "A redirect server or registrar answers from its location data instead of forwarding",
      "用户更换了 SIP 地址、号码发生携转，或域名迁移\n"
      "重定向服务器或注册服务器根据位置数据直接应答，而不转发请求"},
     {"Retry at the Contact URIs and update the old URI wherever it is stored\n"
      "Retry highest q first; for INVITE, ACK the 301 first\n"
      "Update contacts, dial plans, trunk routes and DNS or registrar data",
      "按 Contact 中的 URI 重试，并在所有保存旧 URI 的地方更新\n"
      "q 值高的优先重试；若是 INVITE，先对 301 回 ACK\n"
      "更新通讯录、拨号计划、中继路由以及 DNS 或注册服务器数据"}},
    {302,
     TRUE,
     "Moved Temporarily",
     "RFC 3261 §21.3.3",
     {"Moved Temporarily", "临时移动"},
     {"Retry the request at the Contact URI(s); the move is temporary\n"
      "Expires or the contact's expires parameter says how long the new address is valid\n"
      "Do not update stored addresses",
      "请到 Contact 中的 URI 重试该请求，这种迁移是临时的\n"
      "Expires 头或 contact 的 expires 参数说明新地址的有效时长\n"
      "不要更新已保存的地址"},
     {"Call forwarding by a redirect server, or a PBX/SBC configured to redirect instead of proxy\n"
      "Number portability and routing queries answered as a redirect (e.g. Contact with ;rn=)",
      "重定向服务器执行呼叫前转，或 PBX/SBC 配置为重定向而非代理模式\n"
      "以重定向方式返回的号码携带和路由查询结果（例如 Contact 中带 ;rn=）"},
     {"Retry at the Contact URIs; ACK the 302 first for INVITE\n"
      "Make sure the UA or proxy follows redirects, and detect loops of redirects",
      "按 Contact 中的 URI 重试；若是 INVITE，先对 302 回 ACK\n"
      "确认 UA 或代理会跟随重定向，并能发现重定向环路"}},
    {305,
     TRUE,
     "Use Proxy",
     "RFC 3261 §21.3.4",
     {"Use Proxy", "使用代理"},
     {"The request must go through the proxy given in the Contact header\n"
      "Only a UAS may send it, never a proxy",
      "必须通过 Contact 头中给出的代理访问该资源\n"
      "只有 UAS 可以发送 305，代理不能发送"},
     {"A UAS or server accepts requests only via a specific proxy or SBC\n"
      "Rare in practice; clients may refuse it, since obeying it blindly is a security risk",
      "UAS 或服务器只接受经由指定代理或 SBC 发来的请求\n"
      "实际很少见；客户端可能拒绝执行，因为盲目跟随存在安全风险"},
     {"Resend via the proxy in Contact (as outbound proxy or Route)\n"
      "Better: configure the required outbound proxy on the client permanently",
      "通过 Contact 中的代理重新发送请求（作为出局代理 / Route）\n"
      "更好的做法：在客户端上固定配置所需的出局代理"}},
    {380,
     TRUE,
     "Alternative Service",
     "RFC 3261 §21.3.5",
     {"Alternative Service", "替代服务"},
     {"The call failed; the body describes alternative services to use\n"
      "In IMS it tells the UE to retry as an emergency call (3GPP TS 24.229 XML body)",
      "呼叫失败，但可以使用替代服务，消息体中有具体说明\n"
      "在 IMS 中表示 UE 应作为紧急呼叫重新发起（3GPP TS 24.229 定义的 XML 消息体）"},
     {"An IMS P-CSCF detects an emergency number dialled as a normal call\n"
      "Application servers that offer another service (voicemail, web) instead of the call",
      "IMS 的 P-CSCF 发现用户以普通呼叫方式拨打了紧急号码\n"
      "应用服务器提供其他服务（语音信箱、网页等）代替该呼叫"},
     {"Read the body and use the alternative it offers\n"
      "IMS emergency: retry as an emergency call (urn:service:sos) with emergency registration",
      "查看消息体，使用其中提供的替代方式\n"
      "IMS 紧急呼叫：按紧急呼叫流程重试（urn:service:sos），必要时进行紧急注册"}},
    {400,
     TRUE,
     "Bad Request",
     "RFC 3261 §21.4.1",
     {"Bad Request", "错误请求"},
     {"The request could not be understood: its syntax is malformed\n"
      "The reason phrase should name the problem, e.g. \"Missing Call-ID Header\"",
      "请求无法被理解：语法格式错误\n"
      "原因短语通常会指出具体问题，例如 \"Missing Call-ID Header\""},
     {"A mandatory header is missing or malformed (Via, From, To, Call-ID, CSeq, Max-Forwards)\n"
      "Content-Length does not match the body, often after a SIP ALG or SBC rewrote it\n"
      "Malformed SDP, illegal characters in a URI, or a truncated UDP message",
      "缺少必需的头或格式错误（Via、From、To、Call-ID、CSeq、Max-Forwards）\n"
      "Content-Length 与消息体长度不符，常见于 SIP ALG 或 SBC 改写之后\n"
      "SDP 格式错误、URI 中含非法字符，或 UDP 消息被截断"},
     {"Read the reason phrase and Warning header, then fix the named element\n"
      "Compare the request as sent with the request as received to find a rewriting middlebox\n"
      "Disable SIP ALG on routers and firewalls; escape special characters in URIs",
      "查看原因短语和 Warning 头，修正其中指出的字段\n"
      "对比发出与收到的请求，找出改写报文的中间设备\n"
      "关闭路由器和防火墙上的 SIP ALG；对 URI 中的特殊字符进行转义"}},
    {401,
     TRUE,
     "Unauthorized",
     "RFC 3261 §21.4.2",
     {"Unauthorized", "未授权"},
     {"Authentication needed; WWW-Authenticate carries the challenge\n"
      "Sent by a UAS or registrar (a proxy sends 407 instead)\n"
      "The challenge names realm, nonce, algorithm and qop; stale=true means only the nonce expired",
      "请求需要用户鉴权，WWW-Authenticate 头中带有质询\n"
      "由 UAS 或注册服务器发送（代理服务器发送的是 407）\n"
      "质询中包含 realm、nonce、algorithm 和 qop；stale=true 表示只是 nonce 过期"},
     {"The first REGISTER or INVITE is normally challenged: one 401 and a retry are expected\n"
      "A second 401 after the retry: wrong username, password, realm or auth user ID\n"
      "Also: unsupported algorithm (SHA-256 vs MD5), wrong digest uri, or a broken nonce",
      "第一个 REGISTER 或 INVITE 通常会被质询：先收到一次 401、随后重试是正常流程\n"
      "重试后再次收到 401：用户名、密码、realm 或鉴权用户名错误\n"
      "其他原因：算法不受支持（SHA-256 与 MD5）、digest uri 错误或 nonce 异常"},
     {"Resend with Authorization answering the challenge (realm, nonce)\n"
      "Repeated 401 without stale=true: check credentials and the authentication user name\n"
      "Check that the client supports the offered algorithm and qop",
      "按质询中的 realm 和 nonce 计算 Authorization 头后重发\n"
      "反复收到不带 stale=true 的 401：检查凭据和鉴权用户名\n"
      "确认客户端支持质询中给出的 algorithm 和 qop"}},
    {402,
     TRUE,
     "Payment Required",
     "RFC 3261 §21.4.3",
     {"Payment Required", "需要付费"},
     {"Reserved for future use by RFC 3261; it has no defined procedure\n"
      "In practice providers use it for an account without credit",
      "RFC 3261 中保留供将来使用，没有定义具体流程\n"
      "实际部署中，运营商用它表示账户余额不足"},
     {"Prepaid balance exhausted, unpaid invoice, or a destination not covered by the plan",
      "预付费余额耗尽、账单未支付，或目的地不在套餐范围内"},
     {"Check the account balance and billing status with the provider\n"
      "Check that the destination is allowed by the rate plan",
      "向运营商核实账户余额和计费状态\n"
      "确认资费套餐允许呼叫该目的地"}},
    {403,
     TRUE,
     "Forbidden",
     "RFC 3261 §21.4.4",
     {"Forbidden", "禁止"},
     {"The server refuses the request; authenticating again will not help\n"
      "The request should not be repeated unchanged",
      "服务器理解请求，但拒绝执行，重新鉴权也没有用\n"
      "不应原样重复发送该请求"},
     {"Source IP not on the trunk's allow-list, or account suspended\n"
      "Destination barred (international, premium numbers) or fraud protection triggered\n"
      "Some servers answer 403 to wrong credentials; STIR verifiers send 403 Stale Date",
      "源 IP 不在中继的白名单中，或账户被停用\n"
      "目的地被限制（国际、增值号码）或触发了防欺诈策略\n"
      "有些服务器对错误凭据回 403；STIR 验证方会发送 403 Stale Date"},
     {"Fix the permission named in the reason phrase or Warning header\n"
      "Check IP allow-lists, account status and call barring for this destination\n"
      "Check that From / P-Asserted-Identity are identities the trunk may use",
      "查看原因短语和 Warning 头，修正其中指出的权限问题\n"
      "检查 IP 白名单、账户状态，以及对该目的地的呼叫限制\n"
      "确认 From / P-Asserted-Identity 是该中继允许使用的身份"}},
    {404,
     TRUE,
     "Not Found",
     "RFC 3261 §21.4.5",
     {"Not Found", "未找到"},
     {"The user in the Request-URI does not exist at this domain\n"
      "Also sent when the Request-URI's domain is not one the server is responsible for",
      "Request-URI 中的用户在该域中不存在\n"
      "当 Request-URI 的域不归该服务器管理时，也会返回 404"},
     {"Number or extension not provisioned, or wrong number format (E.164, prefix, +)\n"
      "Request-URI host is an IP address or alias the server does not know as its domain\n"
      "Some servers use 404 for a known user who is not registered (480 would be correct)",
      "号码或分机未开通，或号码格式错误（E.164、前缀、+ 号）\n"
      "Request-URI 的主机部分是服务器不认识的 IP 地址或别名\n"
      "有些服务器对已知但未注册的用户也回 404（正确做法是 480）"},
     {"Check the user and host of the Request-URI against the server's data\n"
      "Fix number normalisation in the dial plan; add the domain alias on the server",
      "对照服务器配置检查 Request-URI 的用户部分和主机部分\n"
      "修正拨号计划中的号码规整；在服务器上添加域名别名"}},
    {405,
     TRUE,
     "Method Not Allowed",
     "RFC 3261 §21.4.6",
     {"Method Not Allowed", "方法不允许"},
     {"The method is understood but not allowed for this Request-URI\n"
      "The response must carry an Allow header listing the methods that are allowed",
      "服务器认识该方法，但不允许对该 Request-URI 使用\n"
      "响应中必须带 Allow 头，列出允许的方法"},
     {"MESSAGE, SUBSCRIBE, INFO or UPDATE sent to a device that does not accept them\n"
      "REGISTER sent to a proxy or UA that is not a registrar",
      "向不接受 MESSAGE、SUBSCRIBE、INFO 或 UPDATE 的设备发送了这些请求\n"
      "REGISTER 发给了并非注册服务器的代理或 UA"},
     {"Use a method listed in Allow, or enable the method on the server\n"
      "Fall back where possible, e.g. re-INVITE instead of UPDATE",
      "只使用 Allow 中列出的方法，或在服务器上启用该方法\n"
      "尽量采用替代方式，例如用 re-INVITE 代替 UPDATE"}},
    {406,
     TRUE,
     "Not Acceptable",
     "RFC 3261 §21.4.7",
     {"Not Acceptable", "不可接受"},
     {"The server can only produce content the request's Accept rules out",
      "服务器只能生成请求中 Accept 头所排除的内容类型"},
     {"A SUBSCRIBE or OPTIONS whose Accept lists formats the server cannot produce\n"
      "e.g. a presence subscription accepting only a document type the notifier lacks",
      "SUBSCRIBE 或 OPTIONS 的 Accept 中只列出了服务器无法生成的格式\n"
      "例如在线状态订阅只接受通知方不支持的文档类型"},
     {"Add the formats the server produces to the Accept header and retry",
      "在 Accept 头中加入服务器能生成的格式后重试"}},
    {407,
     TRUE,
     "Proxy Authentication Required",
     "RFC 3261 §21.4.8",
     {"Proxy Authentication Required", "需要代理鉴权"},
     {"A proxy wants authentication; Proxy-Authenticate carries the challenge\n"
      "Like 401, but answered with Proxy-Authorization; several proxies may challenge",
      "代理服务器要求客户端鉴权，Proxy-Authenticate 头中带有质询\n"
      "与 401 类似，但用 Proxy-Authorization 应答；可能有多个代理同时质询"},
     {"Providers challenge every INVITE: one 407 followed by a retry is normal\n"
      "A second 407 after the retry: wrong credentials, realm or authentication user name",
      "运营商会质询每个 INVITE：先收到一次 407、随后重试是正常流程\n"
      "重试后再次收到 407：凭据、realm 或鉴权用户名错误"},
     {"Resend with Proxy-Authorization answering the challenge (realm, nonce)\n"
      "Repeated 407 without stale=true: check credentials and authentication user name",
      "按质询中的 realm 和 nonce 计算 Proxy-Authorization 头后重发\n"
      "反复收到不带 stale=true 的 407：检查凭据和鉴权用户名"}},
    {408,
     TRUE,
     "Request Timeout",
     "RFC 3261 §21.4.9",
     {"Request Timeout", "请求超时"},
     {"The server could not answer in time, e.g. could not find the user\n"
      "The client may repeat the request later without changes",
      "服务器未能及时给出响应，例如没能及时找到用户\n"
      "客户端可以稍后原样重发该请求"},
     {"A proxy forwarded the request but the callee never answered (its transaction timed out)\n"
      "Stale registration: the phone is offline or its NAT binding expired\n"
      "A firewall drops the request on the way to the callee",
      "代理已转发请求，但被叫一直没有应答（事务超时）\n"
      "注册信息已失效：话机离线，或其 NAT 映射已过期\n"
      "防火墙在到达被叫的路径上丢弃了请求"},
     {"Check that the callee's registered Contact is reachable from the proxy\n"
      "Keep NAT bindings open (shorter re-registration, CRLF keep-alive, TCP or outbound)\n"
      "Check routing and firewalls between the proxy and the callee",
      "检查代理能否到达被叫注册的 Contact 地址\n"
      "保持 NAT 映射（缩短重注册间隔、CRLF 保活、改用 TCP 或 outbound）\n"
      "检查代理与被叫之间的路由和防火墙"}},
    {410,
     TRUE,
     "Gone",
     "RFC 3261 §21.4.10",
     {"Gone", "已不存在"},
     {"The user is gone for good and no new address is known\n"
      "The condition is expected to be permanent",
      "该用户曾经存在，但已不再可用，且没有已知的新地址\n"
      "这种情况预计是永久性的"},
     {"Number disconnected, account deleted, or user left the organisation",
      "号码已停机、账户已删除，或用户已离开该组织"},
     {"Remove the address from contact lists and dial plans\n"
      "If the user should exist, check provisioning and number porting",
      "从通讯录和拨号计划中删除该地址\n"
      "如果该用户应当存在，检查开户配置和号码携转情况"}},
    {412,
     TRUE,
     "Conditional Request Failed",
     "RFC 3903 §11.2.1",
     {"Conditional Request Failed", "条件请求失败"},
     {"No publication matches the entity-tag in SIP-If-Match\n"
      "Used for PUBLISH refreshes, modifications and removals",
      "请求的前提条件不成立：SIP-If-Match 中的 entity-tag 没有对应的发布\n"
      "用于 PUBLISH 的刷新、修改和删除"},
     {"The publication expired before it was refreshed\n"
      "The presence server restarted or another node of a cluster received the refresh",
      "发布在刷新之前已经过期\n"
      "在线状态服务器重启过，或刷新请求被集群中的另一个节点收到"},
     {"Send an initial PUBLISH (full body, no SIP-If-Match) to start over\n"
      "Refresh well before Expires; keep a cluster's publications shared or sticky",
      "发送初始 PUBLISH（不带 SIP-If-Match，带完整消息体）以建立新的发布\n"
      "在 Expires 到期前及时刷新；集群中的发布状态要共享或保持会话粘滞"}},
    {413,
     TRUE,
     "Request Entity Too Large",
     "RFC 3261 §21.4.11",
     {"Request Entity Too Large", "请求实体过大"},
     {"The request's body is larger than the server will process\n"
      "It may close the connection; Retry-After means the condition is temporary",
      "请求的消息体超过服务器愿意处理的大小，因此被拒绝\n"
      "服务器可能关闭连接；带 Retry-After 表示这种情况是暂时的"},
     {"Large SDP (many codecs, ICE candidates, video), multipart bodies or big MESSAGE content",
      "SDP 过大（编解码器过多、ICE 候选地址、视频），或多部分消息体、大的 MESSAGE 内容"},
     {"Shrink the body: fewer codecs and candidates, no unneeded parts\n"
      "If the limit applies to UDP only, send the request over TCP or TLS",
      "精简消息体：减少编解码器和候选地址，去掉不必要的 multipart 部分\n"
      "如果限制只针对 UDP，改用 TCP 或 TLS 发送"}},
    {414,
     TRUE,
     "Request-URI Too Long",
     "RFC 3261 §21.4.12",
     {"Request-URI Too Long", "Request-URI 过长"},
     {"The Request-URI is longer than the server is willing to interpret",
      "Request-URI 的长度超过服务器愿意解析的范围"},
     {"URIs with many parameters or embedded headers, e.g. built by a redirect or a B2BUA\n"
      "A redirect or routing loop that appends parameters on every pass",
      "带大量参数或内嵌头的 URI，例如由重定向或 B2BUA 构造\n"
      "重定向或路由环路每经过一次就追加参数"},
     {"Shorten the Request-URI: drop embedded headers and unneeded parameters\n"
      "Look for a loop that makes the URI grow",
      "缩短 Request-URI：去掉内嵌头和不必要的参数\n"
      "排查导致 URI 不断变长的环路"}},
    {415,
     TRUE,
     "Unsupported Media Type",
     "RFC 3261 §21.4.13",
     {"Unsupported Media Type", "不支持的媒体类型"},
     {"The body's type, encoding or language is not supported for this method\n"
      "The response lists what is accepted in Accept, Accept-Encoding or Accept-Language",
      "消息体的类型、编码或语言不被该方法支持\n"
      "响应会在 Accept、Accept-Encoding 或 Accept-Language 中列出可接受的内容"},
     {"INVITE with multipart/mixed (e.g. SIP-I ISUP) to a device that only takes application/sdp\n"
      "MESSAGE with a content type the recipient cannot render; compressed (gzip) bodies",
      "INVITE 携带 multipart/mixed（例如 SIP-I 的 ISUP）发给只接受 application/sdp 的设备\n"
      "MESSAGE 的内容类型接收方无法显示；消息体经过压缩（gzip）"},
     {"Send a body type, encoding and language listed in the Accept headers\n"
      "Disable ISUP encapsulation or body compression towards this peer",
      "按照响应中 Accept 系列头给出的类型、编码和语言发送消息体\n"
      "对该对端关闭 ISUP 封装或消息体压缩"}},
    {416,
     TRUE,
     "Unsupported URI Scheme",
     "RFC 3261 §21.4.14",
     {"Unsupported URI Scheme", "不支持的 URI 方案"},
     {"The server does not handle the scheme of the Request-URI", "服务器不支持 Request-URI 所用的 URI 方案"},
     {"tel: URI sent to a server that handles only sip:\n"
      "sips: URI to a server without TLS; urn:, im: or pres: to a plain proxy",
      "tel: URI 发给了只处理 sip: 的服务器\n"
      "sips: URI 发给了不支持 TLS 的服务器；urn:、im: 或 pres: 发给了普通代理"},
     {"Use a scheme the server supports, e.g. sip: instead of tel:\n"
      "tel:+15551234567 becomes sip:+15551234567@domain;user=phone\n"
      "Or route the request to a server that supports the scheme",
      "改用服务器支持的 URI 方案，例如用 sip: 代替 tel:\n"
      "tel:+15551234567 对应 sip:+15551234567@domain;user=phone\n"
      "或把请求路由到支持该方案的服务器"}},
    {417,
     TRUE,
     "Unknown Resource-Priority",
     "RFC 4412",
     {"Unknown Resource-Priority", "未知的资源优先级"},
     {"None of the request's Resource-Priority values is known here\n"
      "Accept-Resource-Priority in the response, if present, lists the values understood",
      "请求要求资源优先级，但其中的命名空间或优先级值服务器都不认识\n"
      "响应中如有 Accept-Resource-Priority，会列出服务器认识的值"},
     {"Priority services (GETS, WPS, military MLPP) with Require: resource-priority\n"
      "A Resource-Priority namespace (e.g. ets, wps, dsn) not configured on this element",
      "带 Require: resource-priority 的优先级业务（GETS、WPS、军用 MLPP）\n"
      "该网元未配置 Resource-Priority 中的命名空间（例如 ets、wps、dsn）"},
     {"Use a namespace and value listed in Accept-Resource-Priority\n"
      "Or configure the namespace on the server, or drop Require: resource-priority",
      "使用 Accept-Resource-Priority 中列出的命名空间和值\n"
      "或在服务器上配置该命名空间，或去掉 Require: resource-priority"}},
    {420,
     TRUE,
     "Bad Extension",
     "RFC 3261 §21.4.15",
     {"Bad Extension", "不支持的扩展"},
     {"The server lacks an extension listed in Require or Proxy-Require\n"
      "The Unsupported header names the option tags it does not support",
      "服务器不支持请求在 Require 或 Proxy-Require 中列出的扩展\n"
      "Unsupported 头列出了它不支持的选项标签"},
     {"The client requires an extension (100rel, timer, replaces, sec-agree...) the server lacks\n"
      "A vendor-specific tag in Proxy-Require reaches a proxy that does not know it",
      "客户端要求了服务器没有实现的扩展（100rel、timer、replaces、sec-agree 等）\n"
      "Proxy-Require 中的厂商私有标签到达了不认识它的代理"},
     {"Retry without the tags listed in Unsupported (move them to Supported)\n"
      "Or enable those extensions on the server",
      "去掉 Unsupported 中列出的标签后重试（改放到 Supported 中）\n"
      "或在服务器上启用这些扩展"}},
    {421,
     TRUE,
     "Extension Required",
     "RFC 3261 §21.4.16",
     {"Extension Required", "需要扩展"},
     {"The server needs an extension the request did not list in Supported\n"
      "The option tags it needs are in the response's Require header",
      "服务器需要某个扩展，但请求的 Supported 中没有列出\n"
      "所需的选项标签在响应的 Require 头中"},
     {"The server's policy insists on e.g. session timers (timer), PRACK (100rel) or sec-agree\n"
      "The client does not implement the extension or does not announce it in Supported",
      "服务器策略强制要求某些扩展，例如会话定时器（timer）、PRACK（100rel）或 sec-agree\n"
      "客户端没有实现该扩展，或没有在 Supported 中声明"},
     {"Enable the extension on the client and list its tag in Supported\n"
      "Or relax the server's policy so that it does not require the extension",
      "在客户端启用该扩展，并在 Supported 中列出其选项标签\n"
      "或放宽服务器策略，不再强制要求该扩展"}},
    {422,
     TRUE,
     "Session Interval Too Small",
     "RFC 4028 §6",
     {"Session Interval Too Small", "会话间隔太短"},
     {"Session-Expires is below the server's minimum session interval\n"
      "The response must carry Min-SE with that minimum",
      "请求中的 Session-Expires 小于服务器允许的最小会话间隔\n"
      "响应中必须携带 Min-SE 头，给出该最小值"},
     {"The UA uses a short session timer (e.g. 90 s) while the server requires more (e.g. 1800 s)",
      "UA 使用的会话定时器较短（例如 90 s），而服务器要求更长（例如 1800 s）"},
     {"Retry with Session-Expires and Min-SE no lower than the 422's Min-SE\n"
      "Raise the UA's session timer so that it fits the provider's minimum",
      "重试时把 Session-Expires 和 Min-SE 设为不小于 422 中 Min-SE 的值\n"
      "调大 UA 的会话定时器，使其满足运营商的最小要求"}},
    {423,
     TRUE,
     "Interval Too Brief",
     "RFC 3261 §21.4.17",
     {"Interval Too Brief", "间隔太短"},
     {"The requested expiry is too short; Min-Expires gives the minimum\n"
      "Applies to REGISTER, and likewise to SUBSCRIBE (RFC 6665) and PUBLISH (RFC 3903)",
      "请求的有效期短于服务器允许的最小值，Min-Expires 头给出该最小值\n"
      "适用于 REGISTER，SUBSCRIBE（RFC 6665）和 PUBLISH（RFC 3903）同理"},
     {"A phone registers every 60 s to keep its NAT binding open, the registrar wants 300 or more",
      "话机为保持 NAT 映射每 60 s 注册一次，而注册服务器要求 300 s 或以上"},
     {"Retry with Expires (and the Contact's expires) at least Min-Expires\n"
      "Keep NAT bindings open with CRLF or OPTIONS keep-alives instead of short registrations",
      "重试时把 Expires（以及 Contact 的 expires）设为不小于 Min-Expires\n"
      "用 CRLF 或 OPTIONS 保活来维持 NAT 映射，而不是缩短注册间隔"}},
    {424,
     TRUE,
     "Bad Location Information",
     "RFC 6442",
     {"Bad Location Information", "位置信息错误"},
     {"The request's location is malformed or unusable for its purpose\n"
      "Geolocation-Error in the response gives a code and the reason",
      "请求中的位置信息格式错误，或不满足用途要求\n"
      "响应中的 Geolocation-Error 头给出错误码和原因"},
     {"Emergency calls or location-based routing with an invalid or missing PIDF-LO\n"
      "A location URI the server could not dereference",
      "紧急呼叫或基于位置的路由中，PIDF-LO 无效或缺失\n"
      "服务器无法解引用请求中的位置 URI"},
     {"Fix the PIDF-LO body and the Geolocation header that points to it\n"
      "A cid: URI in Geolocation must match the body part's Content-ID\n"
      "Use the Geolocation-Error code to find which part of the location was rejected",
      "修正 PIDF-LO 消息体，以及指向它的 Geolocation 头\n"
      "Geolocation 中的 cid: URI 必须与该消息体部分的 Content-ID 一致\n"
      "根据 Geolocation-Error 中的错误码判断被拒绝的是哪一部分位置信息"}},
    {425,
     TRUE,
     "Bad Alert Message",
     "RFC 8876",
     {"Bad Alert Message", "告警消息错误"},
     {"Non-interactive emergency call rejected: its CAP alert is unusable\n"
      "AlertMsg-Error in the response says what was wrong",
      "非交互式紧急呼叫被拒绝：其中的告警消息（CAP）无法使用\n"
      "响应中的 AlertMsg-Error 头说明了错误原因"},
     {"Sensors, alarm panels or vehicles sending Common Alerting Protocol data to a PSAP\n"
      "The CAP XML is malformed or violates the profile the PSAP expects",
      "传感器、报警面板或车辆向 PSAP 发送通用告警协议（CAP）数据\n"
      "CAP XML 格式错误，或不符合 PSAP 要求的规范"},
     {"Validate the CAP body against the schema and profile, then resend\n"
      "Use the AlertMsg-Error code to locate the faulty element",
      "按照 schema 和规范校验 CAP 消息体后重发\n"
      "根据 AlertMsg-Error 中的错误码定位出错的字段"}},
    {428,
     TRUE,
     "Use Identity Header",
     "RFC 8224 §6.2.2",
     {"Use Identity Header", "需要 Identity 头"},
     {"The verifier requires a signed call but finds no usable Identity\n"
      "STIR/SHAKEN: the call was not signed, or not with a PASSporT type the verifier supports",
      "验证方要求身份签名，但请求中没有可用的 Identity 头\n"
      "STIR/SHAKEN：呼叫没有签名，或签名使用了验证方不支持的 PASSporT 类型"},
     {"A terminating carrier or SBC whose policy rejects unsigned calls\n"
      "An SBC on the path strips the Identity header or drops it for size",
      "终端侧运营商或 SBC 的策略拒绝未签名的呼叫\n"
      "路径上的 SBC 删除了 Identity 头，或因长度限制将其丢弃"},
     {"Have the originating provider sign the call (STIR)\n"
      "Make every SBC on the path pass the Identity header unchanged",
      "让发端运营商对呼叫签名（STIR 认证服务）\n"
      "确保路径上的每个 SBC 原样透传 Identity 头"}},
    {429,
     TRUE,
     "Provide Referrer Identity",
     "RFC 3892",
     {"Provide Referrer Identity", "需要提供转介方身份"},
     {"The REFER target requires a signed Referred-By token\n"
      "The request triggered by a REFER arrived without one",
      "REFER 的目标要求提供有效的 Referred-By 令牌（签名的转介方身份）\n"
      "由 REFER 触发的请求中没有该令牌"},
     {"Call transfer to a UA whose policy accepts only authenticated referrals\n"
      "The referee should report it to the referrer in a NOTIFY so that a token can be supplied",
      "呼叫转接到只接受经过认证的转介的 UA\n"
      "被转介方应通过 NOTIFY 告知转介方，以便对方提供令牌"},
     {"Send REFER with a signed Referred-By token (S/MIME), then retry\n"
      "Or relax the transfer target's policy on unauthenticated referrals",
      "在 REFER 中携带签名的 Referred-By 令牌（S/MIME 消息体），再重新转接\n"
      "或放宽转接目标对未认证转介的限制"}},
    {430,
     TRUE,
     "Flow Failed",
     "RFC 5626",
     {"Flow Failed", "流失败"},
     {"SIP outbound: the flow (connection) to the target UA has failed\n"
      "An edge proxy tells the authoritative proxy to use another flow of the same UA",
      "SIP outbound：到目标 UA 的流（连接）已失效\n"
      "边缘代理借此告诉归属代理改用该 UA 的其他流"},
     {"The UA's TCP/TLS connection or UDP flow to the edge proxy broke (NAT timeout, network change)\n"
      "The registration still points at that flow",
      "UA 到边缘代理的 TCP/TLS 连接或 UDP 流已中断（NAT 超时、网络切换）\n"
      "注册信息仍指向这个流"},
     {"Re-register the UA to create a new flow; proxies try other flows\n"
      "Keep flows alive with CRLF or STUN keep-alives shorter than the NAT/firewall timeouts",
      "让 UA 重新注册以建立新的流；在此期间代理应尝试其他流\n"
      "使用 CRLF 或 STUN 保活，间隔短于 NAT/防火墙的超时时间"}},
    {433,
     TRUE,
     "Anonymity Disallowed",
     "RFC 5079",
     {"Anonymity Disallowed", "不允许匿名"},
     {"The server refuses the request because it is anonymous", "服务器因请求是匿名的而拒绝"},
     {"Anonymous call rejection on the callee's line, or a network policy against anonymous calls\n"
      "The caller withheld its identity (Privacy: id, anonymous From, CLIR)",
      "被叫线路开启了拒绝匿名来电，或网络策略禁止匿名呼叫\n"
      "主叫隐藏了身份（Privacy: id、匿名 From、CLIR）"},
     {"Call again with the identity presented (no Privacy: id, a real From)\n"
      "Or accept that the callee refuses anonymous calls",
      "显示主叫身份后重新呼叫（不带 Privacy: id，使用真实 From）\n"
      "或接受被叫拒绝匿名来电这一事实"}},
    {436,
     TRUE,
     "Bad Identity Info",
     "RFC 8224 §6.2.2",
     {"Bad Identity Info", "Identity 信息错误"},
     {"The verifier cannot fetch the certificate named by Identity's info\n"
      "The info parameter's URI could not be dereferenced for any Identity header",
      "验证方无法获取 Identity 头所指向的凭据（证书）\n"
      "所有 Identity 头中 info 参数的 URI 都无法解引用"},
     {"STIR/SHAKEN certificate URL (x5u / info) unreachable, wrong, or answering with an error\n"
      "The certificate repository blocks the verifier or its TLS setup fails",
      "STIR/SHAKEN 证书 URL（x5u / info）无法访问、错误，或返回错误\n"
      "证书仓库屏蔽了验证方，或 TLS 配置有问题"},
     {"Serve the certificate at a public HTTPS URL given in info\n"
      "Test the URL from outside your network",
      "把证书发布到公网可访问的 HTTPS URL，并在 info 参数中填写该 URL\n"
      "从自己网络外部测试该 URL 能否访问"}},
    {437,
     TRUE,
     "Unsupported Credential",
     "RFC 8224 §6.2.2",
     {"Unsupported Credential", "不支持的凭据"},
     {"The verifier obtained the credential but does not support or trust it\n"
      "Formerly \"Unsupported Certificate\" (RFC 4474); renamed by RFC 8224",
      "验证方拿到了凭据，但不支持或不信任它\n"
      "原名 \"Unsupported Certificate\"（RFC 4474），由 RFC 8224 改名"},
     {"Certificate issued by a CA the verifier does not trust (not an approved STI-CA)\n"
      "Expired or not yet valid certificate, incomplete chain, or unsupported algorithm",
      "证书的签发机构不受验证方信任（不是认可的 STI-CA）\n"
      "证书已过期或尚未生效、证书链不完整，或算法不受支持"},
     {"Sign with a valid certificate from a CA the verifier trusts\n"
      "Serve the full chain and use the required algorithm (ES256 for SHAKEN)",
      "使用验证方信任的 CA 签发的有效证书签名\n"
      "提供完整的证书链，并使用要求的算法（SHAKEN 为 ES256）"}},
    {438,
     TRUE,
     "Invalid Identity Header",
     "RFC 8224 §6.2.2",
     {"Invalid Identity Header", "Identity 头无效"},
     {"No Identity header in the request carries a valid, supported PASSporT\n"
      "The signature does not verify or the signed claims do not match the request",
      "请求中没有任何 Identity 头携带有效且受支持的 PASSporT\n"
      "签名校验失败，或签名中的声明与请求内容不符"},
     {"A network element changed From, To or Date after signing\n"
      "Numbers normalised differently by signer and verifier; signer clock skewed\n"
      "Also sent with the reason phrase \"Invalid PASSporT\" for missing claims",
      "签名之后，有网元修改了 From、To 或 Date\n"
      "签名方与验证方的号码规整方式不同；签名方时钟不准\n"
      "缺少必需声明时，也可能以原因短语 \"Invalid PASSporT\" 发送"},
     {"Keep signed fields unchanged end to end; sign numbers as E.164\n"
      "Synchronise clocks (NTP); retry with a full-form PASSporT if a compact one failed",
      "端到端保持已签名字段不变，并以 E.164 格式对号码签名\n"
      "同步时钟（NTP）；若紧凑格式 PASSporT 失败，改用完整格式重试"}},
    {439,
     TRUE,
     "First Hop Lacks Outbound Support",
     "RFC 5626",
     {"First Hop Lacks Outbound Support", "第一跳不支持 outbound"},
     {"The registrar supports SIP outbound, but the first-hop proxy does not\n"
      "The UA asked for outbound (reg-id), so the registration cannot be completed as requested",
      "注册服务器支持 SIP outbound，但第一跳代理不支持\n"
      "UA 请求了 outbound（reg-id），因此无法按请求完成注册"},
     {"REGISTER with reg-id and +sip.instance through an edge proxy or SBC that adds no ;ob Path",
      "带 reg-id 和 +sip.instance 的 REGISTER 经过了不插入带 ;ob 的 Path 的边缘代理或 SBC"},
     {"Enable outbound (RFC 5626) on the edge proxy or drop reg-id\n"
      "Without outbound, keep NAT bindings open by other keep-alives",
      "在边缘代理上启用 outbound（RFC 5626），或注册时不带 reg-id\n"
      "不使用 outbound 时，用其他保活方式维持 NAT 映射"}},
    {440,
     TRUE,
     "Max-Breadth Exceeded",
     "RFC 5393",
     {"Max-Breadth Exceeded", "超出 Max-Breadth"},
     {"No forking left: the request's Max-Breadth budget is used up\n"
      "Max-Breadth limits how many branches forking proxies may create (amplification guard)",
      "已没有可用的并行分叉额度：请求的 Max-Breadth 预算已耗尽\n"
      "Max-Breadth 限制分叉代理可以建立的分支数量（防止请求放大）"},
     {"Users with many registered contacts, large parallel ring groups, or nested forking\n"
      "A forking loop between proxies multiplies the branches",
      "用户注册了大量联系地址、并行振铃组过大，或存在多级分叉\n"
      "代理之间的分叉环路使分支数成倍增加"},
     {"Fork less: fewer contacts, sequential hunting, smaller ring groups\n"
      "Fix forking loops; raise Max-Breadth (default 60) only for legitimate fan-out",
      "减少并行分叉：减少联系地址、改用顺序振铃、缩小振铃组\n"
      "修复分叉环路；只有确实需要大量分支时才调大 Max-Breadth（默认 60）"}},
    {469,
     TRUE,
     "Bad Info Package",
     "RFC 6086",
     {"Bad Info Package", "Info 包错误"},
     {"The INFO names an Info-Package the receiver has not agreed to receive\n"
      "The response's Recv-Info lists the packages the receiver accepts",
      "INFO 中的 Info-Package 不在接收方同意接收的范围内\n"
      "响应中的 Recv-Info 列出了接收方接受的 Info 包"},
     {"INFO with Info-Package (e.g. for DTMF or trickle ICE) not negotiated in Recv-Info\n"
      "The peer never listed the package in the Recv-Info of its INVITE or 200",
      "INFO 携带的 Info-Package（例如用于 DTMF 或 trickle ICE）没有通过 Recv-Info 协商\n"
      "对端从未在其 INVITE 或 200 的 Recv-Info 中列出该 Info 包"},
     {"Send only Info Packages the peer listed in Recv-Info\n"
      "For DTMF, consider RTP events (RFC 4733) instead of INFO",
      "只发送对端 Recv-Info 中列出的 Info 包，需要时先协商\n"
      "传送 DTMF 时，可考虑改用 RTP 事件（RFC 4733）而非 INFO"}},
    {470,
     TRUE,
     "Consent Needed",
     "RFC 5360",
     {"Consent Needed", "需要同意"},
     {"A relay will not forward to recipients who have not consented\n"
      "Permission-Missing in the response lists the URIs lacking permission",
      "中继服务器不会转发给部分接收方，因为他们尚未表示同意\n"
      "响应中的 Permission-Missing 头列出了缺少许可的 URI"},
     {"Requests to URI-list services (exploders) or translations that need recipient consent",
      "发往 URI 列表服务（群发）或地址翻译服务、需要接收方同意的请求"},
     {"Get the recipients' permission (consent framework), then retry\n"
      "Or remove the URIs in Permission-Missing from the list",
      "通过同意框架获得接收方许可后再重试\n"
      "或从列表中删除 Permission-Missing 中的 URI"}},
    {480,
     TRUE,
     "Temporarily Unavailable",
     "RFC 3261 §21.4.18",
     {"Temporarily Unavailable", "暂时无法接通"},
     {"The callee exists but cannot be reached now (offline, DND)\n"
      "Retry-After may say when to try again; the reason phrase may say why",
      "被叫存在但当前无法接通（离线、免打扰）\n"
      "Retry-After 可能指出何时重试，原因短语可能说明原因"},
     {"The callee's registration expired: phone off, offline, or its app asleep without push\n"
      "Do-not-disturb or a presence state that refuses calls; some PBXs use it on no answer",
      "被叫注册已过期：话机关机、离线，或软件休眠且未配置推送\n"
      "被叫开启免打扰，或在线状态拒绝来电；部分 PBX 在无应答时也返回 480"},
     {"Check the callee's registration on the registrar, then retry later\n"
      "Fix re-registration and NAT keep-alives so the binding does not lapse\n"
      "Mobile apps: configure push notifications (RFC 8599) so the app can be woken",
      "在注册服务器上检查被叫的注册状态，然后稍后重试\n"
      "修正重注册和 NAT 保活，避免注册绑定失效\n"
      "手机软件：配置推送通知（RFC 8599），以便唤醒应用"}},
    {481,
     TRUE,
     "Call/Transaction Does Not Exist",
     "RFC 3261 §21.4.19",
     {"Call/Transaction Does Not Exist", "呼叫/事务不存在"},
     {"The request matches no dialog or transaction known to the receiver\n"
      "The Call-ID, From tag or To tag does not identify an existing call",
      "请求无法匹配接收方已知的任何对话或事务\n"
      "Call-ID、From tag 或 To tag 对应不到现有呼叫"},
     {"BYE, re-INVITE, UPDATE or NOTIFY after the other side already ended the dialog\n"
      "A B2BUA or SBC mapped tags or Call-ID wrongly, or the peer restarted and lost state\n"
      "A load balancer sent the in-dialog request to another node; CANCEL after the final answer",
      "对端已结束对话后，又收到 BYE、re-INVITE、UPDATE 或 NOTIFY\n"
      "B2BUA 或 SBC 映射的 tag 或 Call-ID 有误，或对端重启后丢失了状态\n"
      "负载均衡把对话内请求发到了其他节点；在最终响应之后才发送 CANCEL"},
     {"Compare Call-ID, From tag and To tag with the original INVITE/200\n"
      "Find why the dialog ended earlier (lost BYE, session timer expiry, restart)\n"
      "Keep in-dialog requests on the same node (Record-Route, sticky load balancing)",
      "将 Call-ID、From tag 和 To tag 与该对话最初的 INVITE 和 200 对比\n"
      "查明对话为何提前结束（BYE 丢失、会话定时器超时、设备重启）\n"
      "让对话内请求始终到达同一节点（Record-Route、负载均衡会话粘滞）"}},
    {482,
     TRUE,
     "Loop Detected",
     "RFC 3261 §21.4.20",
     {"Loop Detected", "检测到环路"},
     {"A proxy got back a request it already forwarded: a routing loop",
      "代理收到了自己已经转发过的请求：请求出现了环路"},
     {"Two servers route the same number to each other (PBX and trunk, proxy and SBC)\n"
      "DNS or SRV records of the next hop point back to the proxy itself; forwarding loops",
      "两台服务器把同一号码互相路由给对方（PBX 与中继、代理与 SBC）\n"
      "下一跳的 DNS 或 SRV 记录指回代理自身；呼叫前转形成环路"},
     {"Read the Via headers: the repeated host shows where the loop closes\n"
      "Fix the route on one of the two servers; check DNS for the next-hop name",
      "查看 Via 头：重复出现的主机就是环路闭合的位置\n"
      "修正两台服务器之一的路由；检查下一跳域名的 DNS"}},
    {483,
     TRUE,
     "Too Many Hops",
     "RFC 3261 §21.4.21",
     {"Too Many Hops", "跳数过多"},
     {"Max-Forwards reached 0 before the request reached its target",
      "请求到达某个需要继续转发的服务器时，Max-Forwards 已为 0"},
     {"A routing loop that no proxy detected as such; each pass decrements Max-Forwards\n"
      "A client that starts with a very low Max-Forwards, or a very long chain of proxies",
      "未被任何代理识别出的路由环路，每经过一次 Max-Forwards 减 1\n"
      "客户端初始的 Max-Forwards 过小，或代理链过长"},
     {"Read the Via headers for repeated hosts and fix the loop\n"
      "Clients should start with Max-Forwards: 70",
      "查看 Via 头中重复出现的主机，修复环路\n"
      "客户端初始应设置 Max-Forwards: 70"}},
    {484,
     TRUE,
     "Address Incomplete",
     "RFC 3261 §21.4.22",
     {"Address Incomplete", "地址不完整"},
     {"The Request-URI is incomplete; more digits or address parts are needed\n"
      "Used for overlap dialling: the client may resend with more digits",
      "Request-URI 不完整，还需要更多号码或地址信息\n"
      "用于重叠拨号：客户端可以补充号码后重新发送"},
     {"Dialled number too short for the dial plan (missing area code or digits)\n"
      "A gateway doing overlap dialling, or a digit-map that sent the INVITE too early",
      "拨出的号码对拨号计划而言太短（缺少区号或位数不够）\n"
      "网关采用重叠拨号，或数图过早发出了 INVITE"},
     {"Dial the complete number, preferably in E.164 form (+countrycode...)\n"
      "Fix the digit map or inter-digit timeout on the phone or gateway",
      "拨打完整号码，最好使用 E.164 格式（+国家码...）\n"
      "修正话机或网关的数图或位间超时设置"}},
    {485,
     TRUE,
     "Ambiguous",
     "RFC 3261 §21.4.23",
     {"Ambiguous", "地址不明确"},
     {"The Request-URI matches more than one user\n"
      "Contact may list unambiguous candidates (servers may omit them for privacy)",
      "Request-URI 对应了不止一个用户\n"
      "Contact 中可能列出明确的候选地址（出于隐私考虑，服务器也可能不列出）"},
     {"Short names or partial numbers that match several users in a directory",
      "简称或不完整的号码在目录中匹配到多个用户"},
     {"Use a unique address: full user name or number, or a Contact listed",
      "使用唯一的地址：完整的用户名或号码，或 Contact 中的某个候选地址"}},
    {486,
     TRUE,
     "Busy Here",
     "RFC 3261 §21.4.24",
     {"Busy Here", "被叫忙"},
     {"The callee is busy here; other locations (voicemail) may answer\n"
      "Retry-After may suggest a better time",
      "被叫在该终端上忙，其他位置（如语音信箱）仍可能应答\n"
      "Retry-After 可能给出更合适的重试时间"},
     {"The phone is in a call without call waiting, or the user pressed busy/DND\n"
      "A trunk or account reached its concurrent call limit (many PBXs and providers send 486)",
      "话机正在通话且没有开启呼叫等待，或用户按了忙 / 免打扰\n"
      "中继或账户达到并发呼叫上限（许多 PBX 和运营商此时返回 486）"},
     {"Try later or another destination (e.g. forward on busy to voicemail)\n"
      "Enable call waiting, or raise the channel limit of the trunk or account",
      "稍后重试或改呼其他目标（例如遇忙转语音信箱）\n"
      "开启呼叫等待，或调高中继或账户的通道数上限"}},
    {487,
     TRUE,
     "Request Terminated",
     "RFC 3261 §21.4.25",
     {"Request Terminated", "请求已终止"},
     {"The request was ended by a CANCEL (or BYE) before it completed\n"
      "For INVITE it is the normal answer after the caller cancels",
      "请求在完成之前被 CANCEL（或 BYE）终止\n"
      "对 INVITE 而言，这是主叫取消后的正常响应"},
     {"The caller hung up before the answer, or a no-answer timer sent CANCEL\n"
      "A forking proxy cancelled the other branches after one branch answered",
      "主叫在应答前挂机，或无应答定时器发出了 CANCEL\n"
      "分叉代理在某个分支应答后取消了其他分支"},
     {"Usually nothing to fix: it confirms the CANCEL\n"
      "If unexpected, find the CANCEL's sender and the timer or event that triggered it",
      "通常无需修复：它只是确认 CANCEL\n"
      "如果不应出现，找出 CANCEL 的发送方以及触发它的定时器或事件"}},
    {488,
     TRUE,
     "Not Acceptable Here",
     "RFC 3261 §21.4.26",
     {"Not Acceptable Here", "此处不可接受"},
     {"The SDP offer is not acceptable at this endpoint (maybe elsewhere)\n"
      "Warning usually names the reason (304 media type, 305 media format, 370 bandwidth)",
      "会话描述在该终端上不可接受，换到其他位置可能可以\n"
      "Warning 头通常给出原因（304 媒体类型、305 媒体格式、370 带宽）"},
     {"No codec in common between the offer and the callee (e.g. only G.729 vs only G.711)\n"
      "SRTP required by one side, plain RTP offered by the other (RTP/SAVP vs RTP/AVP)\n"
      "A re-INVITE to T.38 fax or video that the endpoint does not support",
      "提议与被叫之间没有共同的编解码器（例如只有 G.729 对只有 G.711）\n"
      "一方要求 SRTP，另一方只提供普通 RTP（RTP/SAVP 与 RTP/AVP）\n"
      "对端不支持的 T.38 传真或视频 re-INVITE"},
     {"Compare the offer's m= lines and codecs with the callee's settings\n"
      "Enable a common codec (G.711 is the usual fallback) and align SRTP settings",
      "对比提议中的 m= 行和编解码器与被叫的配置\n"
      "启用共同的编解码器（通常以 G.711 兜底），并统一 SRTP 设置"}},
    {489,
     TRUE,
     "Bad Event",
     "RFC 6665 §8.3.2",
     {"Bad Event", "不支持的事件"},
     {"The server does not understand the event package in the Event header\n"
      "Allow-Events in the response, if present, lists the packages it supports",
      "服务器不认识 Event 头中的事件包\n"
      "响应中如有 Allow-Events 头，会列出它支持的事件包"},
     {"SUBSCRIBE for presence, dialog (BLF) or message-summary (MWI) where it is not enabled\n"
      "A misspelt Event header, or a NOTIFY for a package that was never subscribed",
      "在未启用相应功能的服务器上订阅 presence、dialog（BLF）或 message-summary（MWI）\n"
      "Event 头拼写错误，或收到从未订阅过的事件包的 NOTIFY"},
     {"Subscribe only to packages listed in Allow-Events\n"
      "Enable BLF / MWI / presence on the server, or correct the Event header",
      "只订阅 Allow-Events 中列出的事件包\n"
      "在服务器上启用 BLF / MWI / presence，或修正 Event 头"}},
    {491,
     TRUE,
     "Request Pending",
     "RFC 3261 §21.4.27",
     {"Request Pending", "请求待处理"},
     {"Glare: the receiver has its own request pending in the same dialog\n"
      "Typically two re-INVITEs (or UPDATEs) crossed each other",
      "请求冲突：接收方在同一对话中有自己尚未完成的请求\n"
      "通常是两个 re-INVITE（或 UPDATE）交叉发送"},
     {"Both sides change the session at once: hold/resume, codec change, T.38 switch\n"
      "Both sides refresh the session timer at the same time",
      "双方同时修改会话：保持/恢复、切换编解码器、切换 T.38\n"
      "双方同时刷新会话定时器"},
     {"Retry after a random delay (RFC 3261 §14.1)\n"
      "Call-ID owner waits 2.1-4 s, the other side 0-2 s\n"
      "Let only one side refresh the session timer (refresher=uac or uas)",
      "随机延迟后重试（RFC 3261 §14.1）\n"
      "Call-ID 的生成方等待 2.1-4 s，另一方等待 0-2 s\n"
      "只让一方刷新会话定时器（refresher=uac 或 uas）"}},
    {493,
     TRUE,
     "Undecipherable",
     "RFC 3261 §21.4.28",
     {"Undecipherable", "无法解密"},
     {"The receiver cannot decrypt the request's S/MIME-encrypted body\n"
      "The response may carry a body with a suitable public key",
      "请求中有接收方无法解密的加密 MIME 消息体（S/MIME）\n"
      "响应中可能携带一个包含合适公钥的消息体"},
     {"Body encrypted with a wrong, expired or unknown certificate of the recipient\n"
      "Rare: S/MIME bodies are seldom used in deployed SIP",
      "消息体用接收方错误、过期或未知的证书加密\n"
      "很少见：实际部署的 SIP 中很少使用 S/MIME 消息体"},
     {"Encrypt for the recipient's current certificate, or rely on TLS",
      "使用接收方当前的证书加密，或通过 TLS 发送未加密的消息体"}},
    {494,
     TRUE,
     "Security Agreement Required",
     "RFC 3329 §2.3.1",
     {"Security Agreement Required", "需要安全协商"},
     {"The server requires security mechanism agreement (sec-agree) first\n"
      "Security-Server lists the mechanisms it offers (e.g. ipsec-3gpp, tls, digest)",
      "服务器要求先完成安全机制协商，才处理该请求\n"
      "Security-Server 头列出了它提供的安全机制（例如 ipsec-3gpp、tls、digest）"},
     {"IMS P-CSCFs and SBCs that require sec-agree, reached by a client without it\n"
      "The request lacked Security-Client or did not require sec-agree",
      "要求 sec-agree 的 IMS P-CSCF 或 SBC 收到了不支持该机制的客户端请求\n"
      "请求缺少 Security-Client 头，或没有要求 sec-agree"},
     {"Enable sec-agree on the client (Security-Client, Require: sec-agree)\n"
      "Then retry with Security-Verify echoing the Security-Server list",
      "在客户端启用 sec-agree（Security-Client、Require: sec-agree）\n"
      "然后重试，并在 Security-Verify 中原样回送 Security-Server 的列表"}},
    {500,
     TRUE,
     "Server Internal Error",
     "RFC 3261 §21.5.1",
     {"Server Internal Error", "服务器内部错误"},
     {"The server hit an unexpected condition and failed the request\n"
      "Retry-After, if present, says the condition is temporary\n"
      "Proxies also send 500 in place of a downstream 503 (RFC 3261 §16.7)",
      "服务器遇到意外情况，无法完成请求\n"
      "如果带 Retry-After，表示这种情况是暂时的\n"
      "代理在收到下游的 503 时，也会改为向上游发送 500（RFC 3261 §16.7）"},
     {"Software faults, routing script errors, a failed database or back end, resource exhaustion\n"
      "A request the server's code did not expect (unusual headers or bodies)",
      "软件缺陷、路由脚本错误、数据库或后端故障、资源耗尽\n"
      "服务器代码没有预料到的请求（不常见的头或消息体）"},
     {"Look up this Call-ID in the server's logs at the time of the response\n"
      "Retry later or at an alternative server; report reproducible cases with the capture",
      "按该 Call-ID 和响应时间查看服务器日志\n"
      "稍后重试或改发到备用服务器；可复现的问题连同抓包文件一起报告厂商"}},
    {501,
     TRUE,
     "Not Implemented",
     "RFC 3261 §21.5.2",
     {"Not Implemented", "未实现"},
     {"The server does not implement the method for any user\n"
      "Unlike 405, the method is not supported at all, not just for this Request-URI",
      "服务器对任何用户都没有实现该方法\n"
      "与 405 不同：该方法完全不受支持，而不仅仅是对该 Request-URI 不允许"},
     {"UPDATE, PRACK, MESSAGE, PUBLISH, REFER or INFO sent to an older or minimal device",
      "向较老或功能精简的设备发送了 UPDATE、PRACK、MESSAGE、PUBLISH、REFER 或 INFO"},
     {"Do not send that method here; check the device's Allow (OPTIONS)\n"
      "Fall back where possible, e.g. re-INVITE instead of UPDATE",
      "不要向该设备发送这种方法；先查看其 Allow 头（OPTIONS）\n"
      "尽量采用替代方式，例如用 re-INVITE 代替 UPDATE"}},
    {502,
     TRUE,
     "Bad Gateway",
     "RFC 3261 §21.5.3",
     {"Bad Gateway", "网关错误"},
     {"A gateway or proxy got an invalid response from further downstream",
      "网关或代理从更下游的服务器收到了无效的响应"},
     {"The downstream server answered with a malformed or unusable response\n"
      "PSTN gateways map ISDN cause 27 (destination out of order) to 502 (RFC 3398)",
      "下游服务器返回了格式错误或无法使用的响应\n"
      "PSTN 网关把 ISDN 原因值 27（目的地故障）映射为 502（RFC 3398）"},
     {"Follow the request to the next hop and inspect that hop's response\n"
      "For PSTN calls, check the far end's line or trunk and the gateway's cause mapping",
      "沿请求找到下一跳，检查该跳返回的响应\n"
      "对于 PSTN 呼叫，检查远端线路或中继，以及网关的原因值映射"}},
    {503,
     TRUE,
     "Service Unavailable",
     "RFC 3261 §21.5.4",
     {"Service Unavailable", "服务不可用"},
     {"The server is temporarily unable to serve (overload, maintenance)\n"
      "Retry-After says when to retry; clients should try alternative servers (RFC 3263)",
      "服务器暂时无法处理请求（过载或维护）\n"
      "Retry-After 指出何时重试；客户端应尝试其他备用服务器（RFC 3263）"},
     {"No route or no free trunk or channel; license or capacity limits reached\n"
      "Overload protection, maintenance, or a failed next hop (DNS, TLS, unreachable gateway)\n"
      "PSTN gateways map ISDN causes 34, 38, 41, 42 and 47 (no circuit, congestion) to 503",
      "没有路由，或没有空闲的中继 / 通道；达到许可证或容量上限\n"
      "过载保护、维护中，或下一跳故障（DNS、TLS、网关不可达）\n"
      "PSTN 网关把 ISDN 原因值 34、38、41、42、47（无电路、拥塞）映射为 503"},
     {"Check routes, trunks, gateways, capacity and licenses for this call\n"
      "Configure failover (DNS SRV or several gateways) and honour Retry-After",
      "检查该呼叫的路由、中继和网关状态、容量及许可证\n"
      "配置故障切换（DNS SRV 或多个网关），并遵守 Retry-After"}},
    {504,
     TRUE,
     "Server Time-out",
     "RFC 3261 §21.5.5",
     {"Server Time-out", "服务器超时"},
     {"A server this one had to ask (downstream, DNS, DB) did not answer",
      "服务器需要访问的其他服务器（下游、DNS、数据库）没有及时应答"},
     {"The next hop (carrier, gateway) never responded and the transaction timed out\n"
      "DNS, ENUM or number portability lookups timed out",
      "下一跳（运营商、网关）一直未响应，事务超时\n"
      "DNS、ENUM 或号码携带查询超时"},
     {"Check the next hop's reachability (routing, firewall, transport)\n"
      "Check the DNS, ENUM and LNP services it depends on",
      "从该服务器检查下一跳是否可达（路由、防火墙、传输协议）\n"
      "检查它所依赖的 DNS、ENUM 和号码携带查询服务"}},
    {505,
     TRUE,
     "Version Not Supported",
     "RFC 3261 §21.5.6",
     {"Version Not Supported", "版本不支持"},
     {"The server does not support the SIP version in the request line", "服务器不支持请求行中的 SIP 版本"},
     {"A request line without exactly SIP/2.0: old SIP/1.0 devices or corrupted messages\n"
      "A middlebox that mangled the start line",
      "请求行中的版本不是 SIP/2.0：老旧的 SIP/1.0 设备或报文已损坏\n"
      "中间设备破坏了起始行"},
     {"Send SIP/2.0; look for a middlebox that rewrites the request line",
      "使用 SIP/2.0；排查改写请求行的中间设备"}},
    {513,
     TRUE,
     "Message Too Large",
     "RFC 3261 §21.5.7",
     {"Message Too Large", "消息过大"},
     {"The message is longer than the server can process", "消息长度超出服务器的处理能力"},
     {"Large INVITEs over UDP: big SDP, ICE candidates, long Via and Record-Route lists\n"
      "Over 1300 bytes (or near the path MTU) a request should go over TCP (RFC 3261 §18.1.1)\n"
      "Fragmented UDP that a firewall or the server does not reassemble",
      "通过 UDP 发送的大 INVITE：SDP 过大、ICE 候选地址多、Via 和 Record-Route 很长\n"
      "请求超过 1300 字节（或接近路径 MTU）时应改用 TCP（RFC 3261 §18.1.1）\n"
      "防火墙或服务器不重组分片的 UDP 报文"},
     {"Send large requests over TCP or TLS\n"
      "Trim headers and SDP (codecs, candidates) to keep messages small",
      "大请求改用 TCP 或 TLS 发送\n"
      "精简头字段和 SDP（编解码器、候选地址），控制消息大小"}},
    {555,
     TRUE,
     "Push Notification Service Not Supported",
     "RFC 8599",
     {"Push Notification Service Not Supported", "不支持推送通知服务"},
     {"The proxy does not support the push service named in pn-provider",
      "代理不支持 pn-provider URI 参数所指定的推送通知服务"},
     {"A mobile app registers with pn-provider (e.g. apns, fcm) that the SIP server cannot use",
      "手机软件注册时携带的 pn-provider（例如 apns、fcm）是 SIP 服务器无法使用的"},
     {"Use a push service the server supports, or add it to the server\n"
      "Without push, the app must stay registered and reachable by itself",
      "使用服务器支持的推送服务注册，或在服务器上配置该服务\n"
      "不使用推送时，应用必须自己保持注册和可达"}},
    {580,
     TRUE,
     "Precondition Failure",
     "RFC 3312",
     {"Precondition Failure", "前提条件失败"},
     {"The callee cannot or will not meet the offer's preconditions (QoS)",
      "被叫无法或不愿满足提议中的前提条件（例如 QoS）"},
     {"VoLTE / IMS calls whose QoS resources (bearers) could not be reserved\n"
      "A mandatory precondition (a=des ... mandatory) the callee does not support",
      "VoLTE / IMS 呼叫无法预留 QoS 资源（承载）\n"
      "被叫不支持提议中的强制前提条件（a=des ... mandatory）"},
     {"Check the SDP's a=curr / a=des lines and the network's QoS bearers\n"
      "Make the precondition optional, or drop Require: precondition if QoS is not needed",
      "检查 SDP 中的 a=curr / a=des 行，以及网络中的 QoS 承载建立\n"
      "把前提条件改为可选；如果不需要 QoS，去掉 Require: precondition"}},
    {600,
     TRUE,
     "Busy Everywhere",
     "RFC 3261 §21.6.1",
     {"Busy Everywhere", "全忙"},
     {"Busy everywhere: no device of the callee will take the call now\n"
      "Retry-After may suggest a better time",
      "被叫正忙且现在不想接听，其他位置也不会接听\n"
      "Retry-After 可能给出更合适的重试时间"},
     {"The callee's system knows all the user's devices are busy and stops the search\n"
      "Used instead of 486 when no voicemail or other destination should be tried",
      "被叫系统确认用户的所有终端都忙，于是停止查找\n"
      "在不应再尝试语音信箱或其他目标时，用它代替 486"},
     {"Do not try other locations; call again later", "不要再尝试其他位置，稍后再呼叫"}},
    {603,
     TRUE,
     "Decline",
     "RFC 3261 §21.6.2",
     {"Decline", "拒绝"},
     {"The callee explicitly declined; no other location will take it\n"
      "Retry-After may suggest a better time",
      "被叫明确拒绝了该呼叫，其他位置也不会接听\n"
      "Retry-After 可能给出更合适的重试时间"},
     {"The user pressed reject, or a screening rule, DND or block list declined the call\n"
      "Some anti-spam systems answer 603",
      "用户按了拒接，或呼叫筛选规则、免打扰、黑名单拒绝了该呼叫\n"
      "部分反骚扰系统会返回 603"},
     {"Respect the refusal; try later or use another channel\n"
      "If unexpected, check the callee's DND, rejection rules and block lists",
      "尊重对方的拒绝，稍后再试或换其他联系方式\n"
      "如果不应被拒，检查被叫的免打扰、拒接规则和黑名单"}},
    {604,
     TRUE,
     "Does Not Exist Anywhere",
     "RFC 3261 §21.6.3",
     {"Does Not Exist Anywhere", "用户不存在"},
     {"The server knows authoritatively that the user does not exist anywhere",
      "服务器确切知道该用户在任何地方都不存在"},
     {"Unassigned or invalid number reported by the number's home network\n"
      "A directory or number database with no entry for the user",
      "号码归属网络报告该号码未分配或无效\n"
      "目录或号码数据库中没有该用户"},
     {"Check the dialled number or URI; do not retry it elsewhere\n"
      "Remove the number from dialling lists if it is really unassigned",
      "检查所拨号码或 URI，不要在其他地方重试\n"
      "如果号码确实未分配，将其从拨号列表中删除"}},
    {606,
     TRUE,
     "Not Acceptable",
     "RFC 3261 §21.6.4",
     {"Not Acceptable", "不可接受"},
     {"The SDP offer is acceptable to none of the callee's devices\n"
      "Warning headers give the reasons (media type, format, bandwidth, addressing)",
      "已联系到被叫，但会话描述在任何位置都不可接受\n"
      "Warning 头给出原因（媒体类型、格式、带宽、地址）"},
     {"No codec in common, SRTP/RTP mismatch, IPv4/IPv6 mismatch or bandwidth limits\n"
      "The callee's system knows no other device of the user would accept the offer",
      "没有共同的编解码器、SRTP 与 RTP 不匹配、IPv4 与 IPv6 不匹配，或带宽受限\n"
      "被叫系统确认该用户的其他终端也不会接受该提议"},
     {"Change the offer: a common codec (G.711), matching SRTP and IP version\n"
      "Read the Warning codes to see which part of the SDP was refused",
      "修改提议：加入共同的编解码器（G.711），并统一 SRTP 和 IP 版本设置\n"
      "查看 Warning 代码，确定 SDP 中被拒绝的部分"}},
    {607,
     TRUE,
     "Unwanted",
     "RFC 8197",
     {"Unwanted", "不想接听的呼叫"},
     {"The called user marked this call as unwanted (e.g. spam or robocall)\n"
      "Networks and analytics services may use it to rate the calling identity",
      "被叫用户把该呼叫标记为不想接听（例如骚扰电话或自动外呼）\n"
      "网络和分析服务可能据此评估主叫身份的信誉"},
     {"The callee pressed \"report unwanted\" or \"block\" on the phone or app",
      "被叫在话机或软件上按了“标记骚扰”或“拦截”"},
     {"Do not call this user again from this identity\n"
      "If your calls are legitimate, check how your numbers are presented and attested",
      "不要再用该主叫身份呼叫此用户\n"
      "如果是正常业务呼叫，检查号码的显示方式和 STIR/SHAKEN 认证级别"}},
    {608,
     TRUE,
     "Rejected",
     "RFC 8688",
     {"Rejected", "已被拦截"},
     {"An intermediary, not the callee, rejected the call (e.g. analytics)\n"
      "Call-Info (purpose=jwscard) may say whom to contact to dispute the block",
      "中间设备（而不是被叫本人）拒绝了该呼叫，例如呼叫分析引擎\n"
      "Call-Info（purpose=jwscard）可能给出申诉拦截的联系方式"},
     {"Carrier robocall and fraud filters, low reputation or weak attestation of the number",
      "运营商的骚扰和防欺诈过滤、号码信誉低，或认证级别弱"},
     {"Ask the blocking party named in Call-Info to unblock the number\n"
      "Improve attestation (STIR/SHAKEN level A) and register the numbers with analytics services",
      "联系 Call-Info 中指出的拦截方，申请解除对号码的拦截\n"
      "提高认证级别（STIR/SHAKEN A 级），并向分析服务登记自己的号码"}},
};

/* IANA "Session Initiation Protocol (SIP) Parameters", Option Tags, sorted by
 * tag (binary-searched, case-insensitively). */
static const sa_option_tag_t option_tags[] = {
    {"100rel", "RFC 3262", {"reliable provisional responses (PRACK)", "可靠临时响应（PRACK）"}},
    {"199", "RFC 6228", {"199 Early Dialog Terminated response", "199 Early Dialog Terminated 响应"}},
    {"answermode",
     "RFC 5373",
     {"Answer-Mode / Priv-Answer-Mode (auto-answer)", "Answer-Mode / Priv-Answer-Mode（自动应答）"}},
    {"early-session",
     "RFC 3959",
     {"early-session disposition for early media", "用于早期媒体的 early-session 处置类型"}},
    {"eventlist", "RFC 4662", {"subscriptions to resource lists", "资源列表订阅"}},
    {"explicitsub", "RFC 7614", {"REFER with an explicit subscription", "带显式订阅的 REFER"}},
    {"from-change", "RFC 4916", {"change of From/To URIs within a dialog", "对话中更改 From/To URI"}},
    {"geolocation-http", "RFC 6442", {"location dereferenced over HTTP", "通过 HTTP 获取位置信息"}},
    {"geolocation-sip", "RFC 6442", {"location dereferenced over SIP", "通过 SIP 获取位置信息"}},
    {"gin", "RFC 6140", {"registration of multiple numbers (bulk GIN)", "批量号码注册（GIN）"}},
    {"gruu", "RFC 5627", {"globally routable user agent URIs", "全局可路由的 UA URI（GRUU）"}},
    {"histinfo", "RFC 7044", {"History-Info header", "History-Info 头"}},
    {"ice", "RFC 5768", {"Interactive Connectivity Establishment", "交互式连通性建立（ICE）"}},
    {"join", "RFC 3911", {"Join header", "Join 头"}},
    {"multiple-refer", "RFC 5368", {"REFER with several targets", "指向多个目标的 REFER"}},
    {"norefersub", "RFC 4488", {"REFER without implicit subscription", "不建立隐式订阅的 REFER"}},
    {"nosub", "RFC 7614", {"REFER without any subscription", "不建立任何订阅的 REFER"}},
    {"outbound", "RFC 5626", {"client-initiated (outbound) connections", "客户端发起的连接（outbound）"}},
    {"path", "RFC 3327", {"Path header on REGISTER", "REGISTER 中的 Path 头"}},
    {"policy", "RFC 6794", {"session policies", "会话策略"}},
    {"precondition", "RFC 3312", {"QoS and other preconditions", "QoS 等前提条件"}},
    {"pref", "RFC 3840", {"caller preferences / callee capabilities", "主叫偏好 / 被叫能力"}},
    {"privacy", "RFC 3323", {"privacy service", "隐私服务"}},
    {"recipient-list-invite",
     "RFC 5366",
     {"conference INVITE with a URI list", "携带 URI 列表的会议 INVITE"}},
    {"recipient-list-message", "RFC 5365", {"MESSAGE to a URI list", "发往 URI 列表的 MESSAGE"}},
    {"recipient-list-subscribe", "RFC 5367", {"SUBSCRIBE to a URI list", "对 URI 列表的 SUBSCRIBE"}},
    {"record-aware", "RFC 7866", {"user agent aware of being recorded", "UA 可感知录音状态"}},
    {"replaces", "RFC 3891", {"Replaces header", "Replaces 头"}},
    {"resource-priority", "RFC 4412", {"Resource-Priority header", "Resource-Priority 头"}},
    {"sdp-anat", "RFC 4092", {"IPv4/IPv6 alternatives in SDP (ANAT)", "SDP 中的 IPv4/IPv6 备选地址（ANAT）"}},
    {"sec-agree", "RFC 3329", {"security mechanism agreement", "安全机制协商"}},
    {"siprec", "RFC 7866", {"recording session (SIPREC)", "录音会话（SIPREC）"}},
    {"tdialog", "RFC 4538", {"Target-Dialog header", "Target-Dialog 头"}},
    {"timer", "RFC 4028", {"session timers", "会话定时器"}},
    {"trickle-ice", "RFC 8840", {"trickle ICE", "Trickle ICE（增量 ICE）"}},
    {"uui", "RFC 7433", {"User-to-User information", "用户到用户信息（UUI）"}},
};

static const sa_text_t labels[SA_LABEL_COUNT] = {
    [SA_LABEL_MEANING] = {"Meaning", "描述"},
    [SA_LABEL_WHEN] = {"When it happens", "何时出现"},
    [SA_LABEL_FIX] = {"How to fix", "如何修复"},
    [SA_LABEL_REFERENCE] = {"Reference", "参考"},
    [SA_LABEL_CLASS] = {"Class", "类别"},
    [SA_LABEL_EXPLANATION] = {"Explanation", "解释"},
    [SA_LABEL_UNREGISTERED] = {"not registered with IANA: explained by its class",
                               "未在 IANA 注册：按其类别解释"},
    [SA_LABEL_STATUS] = {"Status", "状态码"},
    [SA_LABEL_COMPUTED_FIX] = {"Fix", "修复建议"},
    [SA_LABEL_TRANSACTION] = {"Transaction", "事务"},
    [SA_LABEL_FOLLOWUP] = {"Follow-up", "后续"},
    [SA_LABEL_REQUEST_NOT_CAPTURED] = {"request not in the capture", "抓包中没有请求"},
    [SA_LABEL_ANSWERED_BY] = {"answered by", "响应为"},
    [SA_LABEL_RETRY_AFTER_RESPONSE] = {"retry after", "重试，针对"},
    [SA_LABEL_OPTION_TAG_UNREGISTERED] = {"not in the IANA option-tag registry (vendor or misspelt tag)",
                                          "不在 IANA 选项标签注册表中（厂商自定义或拼写错误）"},
    [SA_LABEL_IN_FRAME] = {"%s in frame %u", "%s，第 %u 帧"},
    [SA_LABEL_RETRY_UNKNOWN] = {"not known yet (no retry so far; the whole capture is needed to tell)",
                                "尚不确定（目前没有重试；需要整个抓包才能判断）"},
    [SA_LABEL_RETRY_FIXED] = {"retried with the fix", "已按要求修正后重试"},
    [SA_LABEL_RETRY_UNFIXED] = {"retried without the fix", "重试了，但没有修正"},
    [SA_LABEL_RETRY_NONE] = {"not retried: the capture holds no retry", "没有重试：抓包中找不到重试"},
};

/* "1xx Provisional" ... "6xx 全局错误": indexed by code / 100 - 1, then language. */
static const char *const class_names[][SA_LANG_COUNT] = {
    {"1xx Provisional", "1xx 临时响应"},      {"2xx Success", "2xx 成功"},
    {"3xx Redirection", "3xx 重定向"},        {"4xx Client Failure", "4xx 客户端错误"},
    {"5xx Server Failure", "5xx 服务器错误"}, {"6xx Global Failure", "6xx 全局错误"},
};

const char *sa_text(const sa_text_t *t, sa_lang_t lang)
{
    return lang == SA_LANG_ZH ? t->zh : t->en;
}

const sa_status_info_t *sa_knowledge_status(guint code)
{
    gsize lo = 0;
    gsize hi = G_N_ELEMENTS(status_table);

    while (lo < hi) {
        gsize mid = lo + (hi - lo) / 2;
        if (status_table[mid].code == code)
            return &status_table[mid];
        if (status_table[mid].code < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const sa_status_info_t *sa_knowledge_explain(guint code)
{
    const sa_status_info_t *info;

    if (code < 100 || code > 699)
        return NULL;
    info = sa_knowledge_status(code);
    return info != NULL ? info : &class_table[code / 100 - 1];
}

const sa_status_info_t *sa_knowledge_statuses(gsize *count)
{
    *count = G_N_ELEMENTS(status_table);
    return status_table;
}

const char *sa_knowledge_status_class(guint code, sa_lang_t lang)
{
    gboolean zh = lang == SA_LANG_ZH;

    if (code < 100 || code > 699)
        return zh ? "无效" : "invalid";
    return class_names[code / 100 - 1][zh ? SA_LANG_ZH : SA_LANG_EN];
}

const sa_option_tag_t *sa_knowledge_option_tag(const char *tag)
{
    gsize lo = 0;
    gsize hi = G_N_ELEMENTS(option_tags);

    if (tag == NULL)
        return NULL;
    while (lo < hi) {
        gsize mid = lo + (hi - lo) / 2;
        int cmp = g_ascii_strcasecmp(tag, option_tags[mid].tag);
        if (cmp == 0)
            return &option_tags[mid];
        if (cmp > 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const sa_option_tag_t *sa_knowledge_option_tags(gsize *count)
{
    *count = G_N_ELEMENTS(option_tags);
    return option_tags;
}

const char *sa_knowledge_label(sa_label_t label, sa_lang_t lang)
{
    if ((guint)label >= SA_LABEL_COUNT)
        return "";
    return sa_text(&labels[label], lang);
}
