// The canary header sends matching requests to the canary whatever its weight. A header that browsers,
// HTTP clients or proxies send on their own (accept, user-agent, cookie, x-forwarded-proto...) would
// send most traffic to an unverified release and skip every weight gate, so those names are refused.
// Names compare case-insensitively, as HTTP does. Pure.

/** Request headers that clients, browsers, proxies, CDNs and tracing add to ordinary requests. */
export const COMMON_REQUEST_HEADERS: ReadonlySet<string> = new Set([
    "a-im", "accept", "authorization", "b3", "baggage", "cache-control", "connection", "cookie", "date", "dnt",
    "expect", "forwarded", "from", "host", "keep-alive", "max-forwards", "origin", "pragma", "prefer", "priority",
    "range", "referer", "te", "traceparent", "tracestate", "trailer", "transfer-encoding", "upgrade",
    "upgrade-insecure-requests", "user-agent", "via", "warning", "x-api-key", "x-correlation-id", "x-csrf-token",
    "x-http-method-override", "x-real-ip", "x-request-id", "x-requested-with", "save-data", "true-client-ip",
    "x-amzn-trace-id", "x-cloud-trace-context", "x-client-ip",
]);

/** Prefixes of header families sent automatically (fetch metadata and client hints, proxies, CDNs, conditionals). */
export const COMMON_REQUEST_HEADER_PREFIXES: readonly string[] = [
    "accept-", "access-control-request-", "cf-", "content-", "if-", "proxy-", "sec-", "x-b3-", "x-envoy-", "x-forwarded-",
];

/** Why `name` may not be the canary header (a sentence starting "expected"), or undefined when it may. */
export function canaryHeaderProblem(name: string): string | undefined {
    const lower = name.toLowerCase();
    const prefix = COMMON_REQUEST_HEADER_PREFIXES.find((p) => lower.startsWith(p));
    if (!COMMON_REQUEST_HEADERS.has(lower) && prefix === undefined) return undefined;
    return `expected a header only test clients send, such as "x-canary": "${name}" is ${prefix === undefined ? "a standard request header" : `one of the "${prefix}*" headers`} that ordinary requests carry, so they would reach the canary whatever its weight`;
}
