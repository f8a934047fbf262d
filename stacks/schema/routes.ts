// Routes through the shared gateway. The values Gateway API's HTTPRoute accepts (gateway.networking.k8s.io/v1:
// the CRD's patterns, lengths and CEL rules) for hostnames, path prefixes and match headers; then which apps
// need a route, what it may point at, and that no app takes another's hostname and path. Pure;
// `crossKeyProblems` runs routeConfigProblems before anything is registered.
import { isIP } from "node:net";
import { z } from "zod";
import { wildcardSuffix } from "../../policies/lib/hostnames";
import type { AppConfig } from "./apps";
import type { Problem } from "./progressive";

/** A route hostname: a lower-case DNS name, optionally `*.` first; never an IP address. */
export const hostname = z.string().superRefine((h, ctx) => {
    const problem = !/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(h)
        ? "expected a lower-case hostname such as \"shop.example.com\" (no scheme, port or path)"
        : h.length > 253 ? "expected a hostname of at most 253 characters"
        : h.split(".").some((label) => label.length > 63) ? "expected a hostname whose labels are at most 63 characters each"
        : isIP(h) !== 0 ? "expected a hostname, not an IP address (Gateway API matches routes by name)"
        // "*.com", "*.co.uk" or "*.github.io" would take every unrouted host under it on the shared gateway.
        : wildcardSuffix(h) !== undefined ? `expected a wildcard under a domain such as "*.example.com" (a wildcard over the public suffix "${wildcardSuffix(h)}" takes every host registered under it on the shared gateway)`
        : undefined;
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, input: h });
});

/** What Gateway API refuses in a `PathPrefix` value, as its CRD's rules state it. */
const PATH_RULES: ReadonlyArray<readonly [(p: string) => boolean, string]> = [
    [(p) => p.startsWith("/"), "start with \"/\""],
    [(p) => p.length <= 1024, "be at most 1024 characters"],
    [(p) => /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})*$/.test(p), "use only URL path characters (letters, digits, -._~!$&'()*+,;=:@/ and %XX escapes)"],
    [(p) => !p.includes("//"), "not contain \"//\""],
    [(p) => !p.includes("/./") && !p.endsWith("/."), "not contain a \".\" segment"],
    [(p) => !p.includes("/../") && !p.endsWith("/.."), "not contain a \"..\" segment"],
    [(p) => !/%2f/i.test(p), "not contain an escaped \"/\" (%2F)"],
    [(p) => !p.includes("#"), "not contain \"#\""],
];

/** A route's path prefix, e.g. "/checkout". */
export const routePath = z.string().superRefine((p, ctx) => {
    const failed = PATH_RULES.filter(([ok]) => !ok(p)).map(([, rule]) => rule);
    if (failed.length > 0) ctx.addIssue({ code: "custom", message: `expected a path prefix that Gateway API accepts: it must ${failed.join(", ")}`, input: p });
});

/** An HTTP header name (RFC 9110 token), at most 256 characters. */
export const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+\-.^_`|~]{1,256}$/, { message: "expected an HTTP header name" });

/** An HTTP header value to match: 1-4096 visible ASCII characters, spaces and tabs only inside. */
export const headerValue = z.string().max(4096).regex(/^[!-~]([ \t!-~]*[!-~])?$/, {
    message: "expected an HTTP header value of visible ASCII characters (spaces and tabs only inside, no line breaks)",
});

/** Every route problem of the stack's apps (paths start at the app's index). */
export function routeConfigProblems(apps: readonly AppConfig[]): Problem[] {
    const problems: Problem[] = [];
    const claimed = new Map<string, string>();
    apps.forEach((app, i) => {
        if (app.strategy.type === "canary" && app.route === undefined) {
            problems.push({
                path: [i, "route"],
                message: "expected route hostnames for a canary app: its weighted HTTPRoute attaches to the shared gateway, where a route without hostnames takes every other host's traffic",
            });
        }
        if (app.route === undefined) return;
        const target = app.ports[0];
        if (target.protocol === "UDP" || target.name === app.monitoring.portName) {
            problems.push({
                path: [i, "ports", 0],
                message: `expected the app's first port to be a TCP port that serves requests: the route sends HTTP traffic to it${target.protocol === "UDP" ? "" : ", and it is the metrics port (the gateway may not reach it)"}`,
                found: target.name,
            });
        }
        app.route.hostnames.forEach((host, h) => {
            const key = `${host}${app.route?.path ?? "/"}`;
            const owner = claimed.get(key);
            if (owner !== undefined) {
                problems.push({ path: [i, "route", "hostnames", h], message: `expected a hostname and path no other app routes: app "${owner}" already routes ${key}`, found: host });
            } else {
                claimed.set(key, app.name);
            }
        });
    });
    return problems;
}
