// Routes through the shared gateway: which apps need one, what it may point at, and that no app takes
// another's hostname and path. Pure; `crossKeyProblems` runs it before anything is registered.
import type { AppConfig } from "./apps";
import type { Problem } from "./progressive";

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
