// Rules of the blue-green and canary strategies that need more than the strategy's own fields
// (the app's probes and ports, the environment tier), and the plain values derived from them.
// Pure: no Pulumi, no I/O. `crossKeyProblems` runs them before anything is registered.
import type { AppConfig } from "./apps";
import type { Tier } from "./platform";
import type { AnalysisConfig } from "./strategies";
import { GATE_POLICY } from "../gatePolicy";

export interface Problem {
    readonly path: (string | number)[];
    readonly message: string;
    readonly found?: unknown;
}

/** The Service port a smoke gate calls, and the pod port behind it (for the gate's egress rule). */
export interface SmokeTarget {
    readonly paths: string[];
    readonly portName: string;
    readonly servicePort: number;
    readonly containerPort: number;
}

type ProgressiveApp = AppConfig & { strategy: { type: "blueGreen" | "canary" } };

/** Check names the analysis gate always runs (see `defaultChecks` in gates/gate.js). */
export const DEFAULT_CHECK_NAMES = ["request-success-rate", "request-duration-p99"] as const;

/** What the smoke gate calls, or a problem saying why it cannot be derived. */
export function smokeTarget(app: ProgressiveApp): SmokeTarget | Problem {
    const readiness = app.probes.readiness;
    const http = readiness.type === "http" ? readiness : undefined;
    const paths = app.strategy.smokePaths ?? (http ? [http.path] : undefined);
    if (paths === undefined) {
        return {
            path: ["strategy", "smokePaths"],
            message: `expected health endpoint paths for the smoke gate: the readiness probe is "${readiness.type}", not http, so there is no path to call (set strategy.smokePaths)`,
        };
    }
    const wanted = app.strategy.smokePort ?? http?.port ?? app.ports[0].name;
    const port = app.ports.find((p) => (typeof wanted === "number" ? p.containerPort === wanted : p.name === wanted));
    if (port === undefined || port.protocol === "UDP") {
        return {
            path: app.strategy.smokePort !== undefined ? ["strategy", "smokePort"] : ["probes", "readiness", "port"],
            message: `expected the smoke gate's port to be one of the app's TCP ports (${app.ports.filter((p) => p.protocol !== "UDP").map((p) => p.name).join(", ")})`,
            found: wanted,
        };
    }
    return { paths, portName: port.name, servicePort: port.servicePort ?? port.containerPort, containerPort: port.containerPort };
}

/**
 * Outside dev a smoke gate verifies a release, so it must call what tells a good release from a bad one: the
 * app's HTTP readiness endpoint (its path among the smoke paths, on the readiness probe's port). A smoke gate
 * pointed elsewhere (the metrics port, whose /metrics answers 200 for any image) or an app whose readiness
 * is not an HTTP endpoint (an `exec` probe can be `exit 0`) cannot fail, and would still mark it verified.
 */
export function verifyingSmokeProblems(app: ProgressiveApp, tier: Tier): Problem[] {
    const readiness = app.probes.readiness;
    if (readiness.type !== "http") {
        return [{ path: ["probes", "readiness", "type"], message: `expected an http readiness probe for a ${app.strategy.type} app in ${tier}: its smoke gate verifies the release by calling that endpoint (a readiness probe of type ${readiness.type} gives it nothing to call)`, found: readiness.type }];
    }
    const problems: Problem[] = [];
    const paths = app.strategy.smokePaths;
    if (paths !== undefined && !paths.includes(readiness.path)) {
        problems.push({ path: ["strategy", "smokePaths"], message: `expected the readiness probe's path "${readiness.path}" among the smoke paths in ${tier}: the smoke gate must call the endpoint that tells a good release from a bad one`, found: paths });
    }
    const port = app.strategy.smokePort;
    const same = (a: string | number, b: string | number) => a === b || app.ports.some((p) => (p.name === a || p.containerPort === a) && (p.name === b || p.containerPort === b));
    if (port !== undefined && !same(port, readiness.port)) {
        problems.push({ path: ["strategy", "smokePort"], message: `expected the readiness probe's port (${readiness.port}) in ${tier}: a smoke gate on another port (metrics answers 200 for any image) verifies nothing`, found: port });
    }
    return problems;
}

/** Egress to Prometheus: as configured, else derived from a `<service>.<namespace>[.svc[.cluster.local]]` URL. */
export function prometheusEgress(analysis: AnalysisConfig): { readonly namespace?: string; readonly podLabels?: Record<string, string>; readonly cidr?: string; readonly port: number } | Problem {
    if (analysis.prometheusEgress !== undefined) return analysis.prometheusEgress;
    const url = new URL(analysis.prometheusUrl);
    const m = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.svc(\.cluster\.local)?)?$/.exec(url.hostname);
    if (!m) {
        return {
            path: ["strategy", "analysis", "prometheusEgress"],
            message: `expected prometheusEgress ({ namespace, podLabels, port } or { cidr, port }): it cannot be derived from the host "${url.hostname}" (only from <service>.<namespace>[.svc] hosts)`,
        };
    }
    const port = url.port !== "" ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
    return { namespace: m[2], port };
}

/**
 * A rolling or recreate app in staging is verified by its readiness and, for an http probe, by a smoke gate on that
 * endpoint once the rollout completed: a probe that cannot fail (`exec` can be `exit 0`; `tcp` sees only an open
 * port) would verify any image. Pure.
 */
export function plainVerificationProblems(app: AppConfig, tier: Tier): Problem[] {
    const type = app.probes.readiness.type;
    if (tier !== "staging" || type === "http" || type === "grpc") return [];
    return [{ path: ["probes", "readiness", "type"], message: `expected an http or grpc readiness probe for a ${app.strategy.type} app in staging: its readiness (and, for http, a smoke gate after the rollout) is what verifies the release production promotes, and a ${type} probe cannot tell a good release from a bad one`, found: type }];
}

/** Every problem of an app's strategy: its smoke gate and steps (blue-green, canary), its verification (rolling, recreate). */
export function progressiveProblems(app: AppConfig, tier: Tier): Problem[] {
    const strategy = app.strategy;
    if (strategy.type !== "blueGreen" && strategy.type !== "canary") return plainVerificationProblems(app, tier);
    const problems: Problem[] = [];
    const target = smokeTarget(app as ProgressiveApp);
    if ("message" in target) problems.push(target);
    else if (tier !== "dev") problems.push(...verifyingSmokeProblems(app as ProgressiveApp, tier));
    if (strategy.type === "blueGreen") {
        if (app.replicas < 1) problems.push({ path: ["replicas"], message: "expected at least 1 replica for a blueGreen app (the active colour serves live traffic)", found: app.replicas });
        if (strategy.idleReplicas !== undefined && strategy.idleReplicas > app.replicas) {
            problems.push({ path: ["strategy", "idleReplicas"], message: `expected at most the app's replicas (${app.replicas}) on the idle colour`, found: strategy.idleReplicas });
        }
        if (strategy.auto !== undefined && app.route === undefined) {
            problems.push({ path: ["route"], message: "expected a route for a blueGreen app with strategy.auto: its switch is walked, and undone, on the route" });
        }
        if (strategy.analysis !== undefined) problems.push(...analysisProblems(strategy.analysis));
        return problems;
    }
    const maxFirst = GATE_POLICY[tier].maxFirstStepPercent;
    if (strategy.steps[0] > maxFirst) {
        // The first step follows only the smoke test: the analysis gates come after it.
        problems.push({ path: ["strategy", "steps", 0], message: `expected a first weight of at most ${maxFirst} in ${tier} (the tier's policy): the first step follows only a smoke test, before any analysis has seen the canary's traffic`, found: strategy.steps[0] });
    }
    if (strategy.analysis === undefined) {
        if (tier !== "dev") {
            // Staging's verdict is what production promotes: a smoke test alone cannot fail on a bad release's traffic.
            problems.push({ path: ["strategy", "analysis"], message: `expected a Prometheus analysis for a canary in ${tier} (every step must be gated on metrics${tier === "staging" ? ": staging's verdict is what production promotes" : ""})` });
        }
        return problems;
    }
    problems.push(...analysisProblems(strategy.analysis));
    return problems;
}

/** An analysis's own problems: check names unique with the defaults', an egress to Prometheus. Pure. */
function analysisProblems(analysis: AnalysisConfig): Problem[] {
    const problems: Problem[] = [];
    const names = new Set<string>(DEFAULT_CHECK_NAMES);
    analysis.checks.forEach((c, i) => {
        if (names.has(c.name)) problems.push({ path: ["strategy", "analysis", "checks", i, "name"], message: `expected a check name unique among ${[...names].join(", ")}`, found: c.name });
        names.add(c.name);
    });
    const egress = prometheusEgress(analysis);
    if ("message" in egress) problems.push(egress);
    return problems;
}
