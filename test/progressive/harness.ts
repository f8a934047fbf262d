// Test helpers: run a program under the plan's recording mock monitor and query what it registered.
import type { PlannedResource } from "../../tools/plan/monitor";
import { runPlan } from "../../tools/plan/run";
import type { OwnershipLabels } from "../../components/labels";
import type { TrackTemplate } from "../../components/kubernetes/tracks";
import { canaryChecks, type CanarySplitArgs } from "../../components/kubernetes/canarySplit";
import type { BlueGreenPairArgs } from "../../components/kubernetes/blueGreenPair";

export type Plan = { resources: PlannedResource[]; outputs: Record<string, unknown> };

/** Registers whatever `program` creates (no config) and returns every registration. */
export async function record(stack: string, program: () => void): Promise<Plan> {
    const plan = await runPlan({ project: "platform", stack, config: {}, secretKeys: [], program: () => { program(); return {}; } });
    return { resources: plan.resources, outputs: plan.outputs };
}

/** The one resource of this type and name; fails otherwise. */
export function one(plan: Plan, type: string, name: string): PlannedResource {
    const found = plan.resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} ${name}, found ${found.length}`);
    return found[0];
}

/** `type name` of every registration under (and including) the resource with this URN, sorted. */
export function subtree(plan: Plan, urn: string): string[] {
    const out: string[] = [];
    const walk = (u: string) => {
        for (const r of plan.resources.filter((x) => x.parent === u)) {
            out.push(`${r.type} ${r.name}`);
            walk(r.urn);
        }
    };
    walk(urn);
    return out.sort();
}

/**
 * URNs a resource waits for before it is created or updated: its dependencies and its parent (a child
 * registers only once its parent did, and a component registers only after its own dependsOn), transitively.
 */
export function waitsFor(plan: Plan, urn: string): Set<string> {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const seen = new Set<string>();
    const stack = [urn];
    while (stack.length > 0) {
        const r = byUrn.get(stack.pop() as string);
        if (!r) continue;
        for (const d of [...r.dependencies, ...(r.parent ? [r.parent] : [])]) {
            if (!seen.has(d)) {
                seen.add(d);
                stack.push(d);
            }
        }
    }
    return seen;
}

export function kindOf(urn: string): string {
    return urn.split("::")[2].split("$").pop() as string;
}

export const ownership: OwnershipLabels = { environment: "test", owner: "team-a", costCenter: "cc-1" };

/** A track template like the stack program builds for a web app with http (8080→80) and metrics ports. */
export function webTemplate(app: string, overrides: Partial<TrackTemplate> = {}): TrackTemplate {
    return {
        namespace: "shop",
        app,
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
        ports: [{ name: "http", containerPort: 8080, servicePort: 80 }, { name: "metrics", containerPort: 9090 }],
        probes: {
            readiness: { type: "http", path: "/healthz", port: "http", scheme: "HTTP", periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1 },
            liveness: { type: "tcp", port: "http", periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1 },
        },
        ingress: { gatewayNamespace: "gateway", metricsPort: "metrics" },
        ownership,
        ...overrides,
    };
}

/** Loads a Gateway API HTTPRoute model (ESM-only package). */
export async function httpRouteModel(): Promise<new (data: unknown) => { validate(): void }> {
    const m = await import("@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1");
    return m.HTTPRoute as unknown as new (data: unknown) => { validate(): void };
}

/**
 * The checkout canary both canary test files use: 2.0.3 stable, 2.1.0 canary, smoke on /ready, Prometheus analysis of
 * success rate and p99 latency (plus `custom` checks), with the given steps and any other overrides.
 */
export function checkoutCanary(steps: number[], options: { readonly custom?: Parameters<typeof canaryChecks>[0]["custom"] } & Partial<CanarySplitArgs> = {}): CanarySplitArgs {
    const { custom, ...overrides } = options;
    return {
        template: webTemplate("checkout"),
        stable: { image: "ghcr.io/acme/checkout:2.0.3", version: "2.0.3" },
        canary: { image: "ghcr.io/acme/checkout:2.1.0", version: "2.1.0" },
        replicas: 3,
        steps,
        step: 0,
        route: { gateway: { name: "public", namespace: "gateway-system" }, hostnames: ["shop.example.com"], path: "/checkout", port: 80 },
        smoke: { paths: ["/ready"], servicePort: 80, containerPort: 8080 },
        analysis: {
            prometheusUrl: "http://prometheus-operated.monitoring:9090",
            intervalSeconds: 60,
            samples: 3,
            checks: canaryChecks({ namespace: "shop", app: "checkout", window: "1m", successRatePercent: 99, latencyP99Ms: 500, ...(custom ? { custom } : {}) }),
            egress: { namespace: "monitoring", port: 9090 },
        },
        ...overrides,
    };
}

/** The storefront pair both blue-green test files use: 1.4.2 on blue (live), 1.5.0 on green, with any overrides. */
export function storefrontPair(overrides: Partial<BlueGreenPairArgs> = {}): BlueGreenPairArgs {
    return {
        template: webTemplate("storefront"),
        blue: { image: "ghcr.io/acme/storefront:1.4.2", version: "1.4.2" },
        green: { image: "ghcr.io/acme/storefront:1.5.0", version: "1.5.0" },
        activeColor: "blue",
        replicas: 3,
        smoke: { paths: ["/healthz", "/api/ping"], servicePort: 80, containerPort: 8080 },
        route: { gateway: { name: "platform-gateway", namespace: "gateway" }, hostnames: ["shop.example.com"], port: 80 },
        ...overrides,
    };
}
