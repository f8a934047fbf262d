// Whether the apps fit the namespace's own ResourceQuota at their peak: every track at its largest
// size (the autoscaling maximum), plus its rollout surge, plus one running gate pod per progressive
// app. A config that does not fit plans fine but leaves pods Pending mid-rollout, where gates time out.
import { DEFAULT_GATE_RESOURCES } from "../../components/kubernetes/gateJob";
import { minimumReplicas, type NamespaceConfig } from "../defaults";
import type { AppConfig } from "./apps";
import { quantity } from "./common";
import type { Tier } from "./platform";
import type { Problem } from "./progressive";

type Quota = NamespaceConfig["quota"];
type Resources = AppConfig["resources"];

/** Pods one track (or gate) of an app may run at once, and what each requests and is limited to. */
export interface Claim {
    /** `api`, `storefront/blue`, `checkout/canary`, `checkout gate`. */
    readonly who: string;
    readonly pods: number;
    /** How `pods` comes about, e.g. "autoscaling max 12 + surge 3". */
    readonly why: string;
    readonly resources: Resources;
}

/** Default rolling update of the progressive tracks (AppDeployment's default). */
const TRACK_SURGE = "25%";

/** A track at its largest size: a track with pods keeps the app's autoscaler, which may take it to maxReplicas. */
function size(app: AppConfig, replicas: number): { readonly pods: number; readonly why: string } {
    const max = app.autoscaling !== undefined && replicas > 0 ? Math.max(replicas, app.autoscaling.maxReplicas) : replicas;
    return { pods: max, why: max !== replicas ? `autoscaling max ${max}` : replicas === 1 ? "1 replica" : `${replicas} replicas` };
}

/** Extra pods a rolling update adds over `pods` (a percentage rounds up, as Kubernetes does). */
function surge(pods: number, maxSurge: number | string): number {
    return typeof maxSurge === "number" ? maxSurge : Math.ceil((pods * Number.parseInt(maxSurge, 10)) / 100);
}

function claim(app: AppConfig, who: string, base: { pods: number; why: string }, extra: number): Claim {
    return { who, pods: base.pods + extra, why: extra > 0 ? `${base.why} + surge ${extra}` : base.why, resources: app.resources };
}

/**
 * Two tracks of a progressive app. Only one of them rolls out at a time (the idle colour or the canary on a
 * release, the stable track on promotion), so only the larger of their surges is counted, on its track.
 */
function pair(app: AppConfig, tracks: ReadonlyArray<readonly [string, number]>): Claim[] {
    const sized = tracks.map(([who, replicas]) => ({ who, base: size(app, replicas) }));
    const surges = sized.map((t) => surge(t.base.pods, TRACK_SURGE));
    const rolling = surges.indexOf(Math.max(...surges));
    return sized.map((t, i) => claim(app, t.who, t.base, i === rolling ? surges[i] : 0));
}

/** Every claim of an app on the namespace, at its peak. */
export function appClaims(app: AppConfig, tier: Tier): Claim[] {
    const s = app.strategy;
    const gate: Claim = { who: `${app.name} gate`, pods: 1, why: "one gate Job at a time", resources: DEFAULT_GATE_RESOURCES };
    switch (s.type) {
        case "rolling": {
            const base = size(app, app.replicas);
            return [claim(app, app.name, base, surge(base.pods, s.maxSurge))];
        }
        case "recreate":
            return [claim(app, app.name, size(app, app.replicas), 0)];
        case "blueGreen": {
            const idle = s.activeColor === "blue" ? "green" : "blue";
            return [...pair(app, [[`${app.name}/${idle}`, s.idleReplicas ?? app.replicas], [`${app.name}/${s.activeColor}`, app.replicas]]), gate];
        }
        case "canary":
            // The canary is counted as running: a config must hold its next release, not only the current phase.
            return [...pair(app, [[`${app.name}/canary`, s.canaryReplicas ?? minimumReplicas[tier]], [`${app.name}/stable`, app.replicas]]), gate];
    }
}

/** Services an app creates in the namespace: one per track, plus live (and preview for blue-green). */
export function appServices(app: AppConfig): number {
    return { rolling: 1, recreate: 1, blueGreen: 4, canary: 3 }[app.strategy.type];
}

/** Cores, as the quota is usually written ("7.5"). */
function cpu(millicores: number): string {
    return String(millicores / 1000);
}

function memory(bytes: number): string {
    for (const [unit, size] of [["Gi", 1024 ** 3], ["Mi", 1024 ** 2], ["Ki", 1024]] as const) if (bytes % size === 0) return `${bytes / size}${unit}`;
    return String(bytes);
}

/** The compute quota keys, what each claim takes of them per pod, and how an amount is written. */
const COMPUTE: ReadonlyArray<{ readonly key: "requestsCpu" | "requestsMemory" | "limitsCpu" | "limitsMemory"; readonly what: string; readonly of: (r: Resources) => string; readonly show: (n: number) => string; readonly scale: number }> = [
    { key: "requestsCpu", what: "CPU requests", of: (r) => r.requests.cpu, show: cpu, scale: 1000 },
    { key: "requestsMemory", what: "memory requests", of: (r) => r.requests.memory, show: memory, scale: 1 },
    { key: "limitsCpu", what: "CPU limits", of: (r) => r.limits.cpu, show: cpu, scale: 1000 },
    { key: "limitsMemory", what: "memory limits", of: (r) => r.limits.memory, show: memory, scale: 1 },
];

/**
 * Every quota dimension (requests, limits, pods, Services) the apps exceed at their peak, naming what each
 * app and track takes. `tierDefault`: the quota is the tier's default (no platform:namespace).
 */
export function quotaProblems(apps: readonly AppConfig[], quota: Quota, tier: Tier, tierDefault: boolean): Problem[] {
    const claims = apps.flatMap((a) => appClaims(a, tier));
    const source = tierDefault ? `; the quota is the ${tier} tier's default (set platform:namespace.quota)` : "";
    const problems: Problem[] = [];
    const exceeded = (key: keyof Quota, total: string, what: string, parts: string[]) => problems.push({
        path: ["namespace", "quota", key],
        message: `expected at least ${total}, the apps' ${what} at their peak: ${parts.join(", ")}${source}`,
        found: quota[key],
    });
    // Integer millicores and bytes, so that sums are exact.
    const amount = (q: string, scale: number) => Math.round((quantity(q) ?? 0) * scale);
    for (const dim of COMPUTE) {
        const total = claims.reduce((sum, c) => sum + c.pods * amount(dim.of(c.resources), dim.scale), 0);
        if (total > amount(quota[dim.key], dim.scale)) {
            exceeded(dim.key, dim.show(total), dim.what, claims.map((c) => `${c.who} ${c.pods} × ${dim.of(c.resources)}`));
        }
    }
    const pods = claims.reduce((sum, c) => sum + c.pods, 0);
    if (pods > quota.pods) exceeded("pods", String(pods), "pods", claims.map((c) => `${c.who} ${c.pods} (${c.why})`));
    const services = apps.reduce((sum, a) => sum + appServices(a), 0);
    if (services > quota.services) exceeded("services", String(services), "Services", apps.map((a) => `${a.name} ${appServices(a)}`));
    return problems;
}
