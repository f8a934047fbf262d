// The canary header sends matching requests to the canary whatever its weight. Any header that browsers,
// HTTP clients, proxies or CDNs add on their own (accept, cookie, via, cdn-loop, forwarded, x-forwarded-*,
// and whatever a new proxy adds next year) would send ordinary traffic to an unverified release past every
// weight gate. A deny-list of such headers is never complete, so the name is an allow-list instead: the
// platform's own `x-canary`, or `x-canary-<word>` for a team that needs its own. Names compare
// case-insensitively, as HTTP does. Pure.

/** The only canary header names: `x-canary` and `x-canary-<word>[-<word>...]`, any case. */
export const CANARY_HEADER_PATTERN = /^x-canary(?:-[a-z0-9]+)*$/i;

/** Why `name` may not be the canary header (a sentence starting "expected"), or undefined when it may. */
export function canaryHeaderProblem(name: string): string | undefined {
    if (CANARY_HEADER_PATTERN.test(name)) return undefined;
    return `expected "x-canary" or "x-canary-<word>" (the platform's own header, which only test clients send): ${JSON.stringify(name.slice(0, 100))} could be one that browsers, proxies or CDNs add to ordinary requests, which would then reach the canary whatever its weight`;
}
