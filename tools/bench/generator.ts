import { stringify } from "yaml";
import { ConfigError, parsePlatformConfig } from "../../stacks/config";
import { RELEASE_MANIFEST_API_VERSION, type ReleaseManifest } from "../../stacks/delivery/releaseManifest";
import { appendRelease, type ReleaseHistory } from "../../stacks/delivery/releaseHistory";

/** Deployment strategies the generator can give an app, in the order apps cycle through them. */
export const STRATEGIES = ["rolling", "blueGreen", "canary"] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** Optional top-level sections, each generated only when the schema (and the program) accept it. */
export const SECTIONS = ["monitoring", "alerts", "data", "backups", "dr"] as const;
export type Section = (typeof SECTIONS)[number];

export interface Features {
    /** Strategies apps cycle through; "rolling" is always available. */
    readonly strategies: readonly Strategy[];
    readonly sections: readonly Section[];
    /** Per section, the candidate value to use (index into `SECTION_CANDIDATES[section]`). Default 0. */
    readonly variants?: Readonly<Partial<Record<Section, number>>>;
}

const digest = (i: number) => i.toString(16).padStart(8, "0").repeat(8);
const image = (repo: string, tag: string, i: number) => `ghcr.io/acme/${repo}:${tag}@sha256:${digest(i)}`;

/**
 * Values tried for each section, richest first: the schemas are landing on other branches, so the first
 * candidate the schema accepts is used (a richer shape that is rejected falls back to a minimal one).
 */
export const SECTION_CANDIDATES: Readonly<Record<Section, readonly unknown[]>> = {
    monitoring: [{ enabled: true, dashboards: { enabled: true } }, { enabled: true }],
    alerts: [
        { enabled: true, receivers: { paging: { type: "pagerduty", secretKey: "pagerdutyKey" }, chat: { type: "slack", secretKey: "slackWebhook", channel: "#alerts" } } },
        { enabled: true },
    ],
    data: [{ database: { enabled: true }, bucket: { enabled: true } }, { database: { enabled: true } }],
    backups: [{ enabled: true, retentionDays: 30, velero: { enabled: true } }, { enabled: true }],
    dr: [{ enabled: true, region: "us-west-2", rpoMinutes: 60, rtoMinutes: 240 }, { enabled: true }],
};

const SECURE = { secure: "v1:REPLACE-WITH-pulumi-config-set--secret" };

/** The strategy block of app `i` for `strategy`. */
function strategyOf(strategy: Strategy, i: number): Record<string, unknown> {
    switch (strategy) {
        case "rolling":
            return { type: "rolling", maxSurge: 1, maxUnavailable: 0 };
        case "blueGreen":
            return { type: "blueGreen", activeColor: i % 2 === 0 ? "blue" : "green", blue: { image: image(`svc-${i}`, "1.0.0", i) }, green: { image: image(`svc-${i}`, "1.1.0", i + 1) } };
        case "canary":
            return { type: "canary", stableImage: image(`svc-${i}`, "1.0.0", i), steps: [5, 25, 50, 100], step: 1, analysis: { prometheusUrl: "http://prometheus-operated.monitoring:9090" } };
    }
}

/** App `i` (0-based), shaped like the apps in Pulumi.production.yaml. */
export function generateApp(i: number, strategy: Strategy): Record<string, unknown> {
    const name = `app-${String(i + 1).padStart(3, "0")}`;
    return {
        name,
        ...(strategy === "blueGreen" ? {} : { image: image(`svc-${i}`, "1.1.0", i + 1) }),
        replicas: 3,
        ...(i % 2 === 0 ? { autoscaling: { minReplicas: 3, maxReplicas: 12 } } : {}),
        resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
        ports: [
            { name: "http", containerPort: 8080, servicePort: 80 },
            { name: "metrics", containerPort: 9090 },
        ],
        env: { LOG_LEVEL: "info", APP_INDEX: String(i) },
        ...(i % 4 === 0 ? { secretEnv: { API_TOKEN: "apiToken" } } : {}),
        probes: {
            readiness: { type: "http", path: "/ready", port: "http", periodSeconds: 5 },
            liveness: { type: "http", path: "/healthz", port: "http", initialDelaySeconds: 15 },
        },
        strategy: strategyOf(strategy, i),
        route: { hostnames: [`${name}.example.com`] },
    };
}

/** The stack a generated production stack promotes from (a staging stack by its name); its outputs are generated too (`generateSourceOutputs`). */
export const BENCH_SOURCE_STACK = "bench-staging";

/** A `Pulumi.<stack>.yaml` document (`{ config: { "platform:*": ... } }`) with `n` apps cycling through the strategies. */
export function generateStackDoc(n: number, features: Features): { config: Record<string, unknown> } {
    const strategies = features.strategies.length > 0 ? features.strategies : (["rolling"] as const);
    const config: Record<string, unknown> = {
        "platform:environment": { name: "bench", tier: "production" },
        "platform:cloud": { provider: "aws", region: "us-east-1", drRegion: "us-west-2" },
        "platform:kubernetes": { mode: "kubeconfig" },
        "platform:kubeconfig": SECURE,
        "platform:tags": { owner: "platform-team", costCenter: "cc-1000" },
        "platform:rbac": { admins: ["platform-admins"], developers: ["app-developers"], viewers: ["engineering", "sre"] },
        "platform:gateway": { name: "platform-gateway", namespace: "gateway" },
        // Production promotes (from a generated source, see generateSourceOutputs) inside a maintenance window.
        "platform:promotion": { from: `acme/platform/${BENCH_SOURCE_STACK}` },
        "platform:release": { maintenanceWindow: "Mon-Thu 22:00-23:00 UTC" },
        "platform:namespace": {
            quota: { requestsCpu: "2000", requestsMemory: "4000Gi", limitsCpu: "4000", limitsMemory: "8000Gi", pods: 10000, services: 1000 },
            limitRange: { defaultRequest: { cpu: "100m", memory: "128Mi" }, defaultLimit: { cpu: "500m", memory: "512Mi" }, max: { cpu: "4", memory: "8Gi" } },
        },
        "platform:secrets": { apiToken: SECURE, pagerdutyKey: SECURE, slackWebhook: SECURE },
        // A production stack must route alerts to a paging receiver, so the base always carries them.
        "platform:alerts": SECTION_CANDIDATES.alerts[0],
        // The private network a managed database attaches to (placeholders, as in Pulumi.production.yaml).
        "platform:network": {
            aws: {
                subnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
                subnetCidrs: ["10.20.1.0/24", "10.20.2.0/24"],
                securityGroupIds: ["sg-0a1b2c3d4e5f60001"],
                drSubnetIds: ["subnet-0f1e2d3c4b5a60001", "subnet-0f1e2d3c4b5a60002"],
                drSecurityGroupIds: ["sg-0f1e2d3c4b5a60001"],
            },
        },
        "platform:apps": Array.from({ length: n }, (_, i) => generateApp(i, strategies[i % strategies.length])),
    };
    for (const section of features.sections) config[`platform:${section}`] = SECTION_CANDIDATES[section][features.variants?.[section] ?? 0];
    return { config };
}

/** Sections a render-mode preview stack can carry: the ones that need neither a cloud account nor secrets. */
const PREVIEW_SECTIONS: readonly Section[] = ["monitoring"];

/**
 * A stack the real engine can preview offline with the Kubernetes provider alone: `n` apps as in
 * `generateStackDoc`, but a dev-tier stack rendering YAML to a folder (`rendered/<stack>`), with no cloud,
 * no secrets (no receivers, no secretEnv) and no promotion source.
 */
export function generatePreviewStackDoc(stack: string, n: number, features: Features): { config: Record<string, unknown> } {
    const sections = features.sections.filter((s) => PREVIEW_SECTIONS.includes(s));
    const { config } = generateStackDoc(n, { ...features, sections });
    for (const key of ["kubeconfig", "promotion", "release", "network", "secrets", "alerts"]) delete config[`platform:${key}`];
    config["platform:environment"] = { name: stack, tier: "dev" };
    config["platform:cloud"] = { provider: "none" };
    config["platform:kubernetes"] = { mode: "render", directory: `rendered/${stack}` };
    config["platform:apps"] = (config["platform:apps"] as Array<Record<string, unknown>>).map(({ secretEnv: _secretEnv, ...app }) => app);
    return { config };
}

/**
 * Outputs of the promotion source of a generated stack: a staging release manifest that verified every image the
 * generated apps run (the release, both blue-green colours, a canary's stable).
 */
export function generateSourceOutputs(doc: { config: Record<string, unknown> }): { releaseManifest: ReleaseManifest; releaseHistory: ReleaseHistory } {
    type App = { name: string; image?: string; strategy: { type: ReleaseManifest["apps"][string]["strategy"]; activeColor?: "blue" | "green"; blue?: { image: string }; green?: { image: string }; stableImage?: string } };
    const apps = doc.config["platform:apps"] as App[];
    const digestOf = (ref: string) => ref.slice(ref.indexOf("@") + 1);
    const entries = apps.map((a): [string, ReleaseManifest["apps"][string]] => {
        const s = a.strategy;
        const release = s.type === "blueGreen" ? s[s.activeColor ?? "blue"]!.image : a.image!;
        const images = [release, s.blue?.image, s.green?.image, s.stableImage].filter((i): i is string => i !== undefined);
        const version = release.slice(release.lastIndexOf(":", release.indexOf("@")) + 1, release.indexOf("@"));
        return [a.name, { app: a.name, image: release, digest: digestOf(release), version, strategy: s.type, gates: { passed: true, names: [] }, verified: [...new Set(images.map(digestOf))].sort() }];
    });
    const releaseManifest: ReleaseManifest = { apiVersion: RELEASE_MANIFEST_API_VERSION, environment: BENCH_SOURCE_STACK, tier: "staging", apps: Object.fromEntries(entries) };
    // One release, verified at a fixed time: generated plans stay byte-for-byte the same.
    return { releaseManifest, releaseHistory: appendRelease(undefined, releaseManifest, "2026-01-01T00:00:00.000Z") };
}

/** The YAML text of a stack document. */
export function stackYaml(doc: { config: Record<string, unknown> }): string {
    return `# Generated by tools/bench/generator.ts: do not edit.\n${stringify(doc, { lineWidth: 0 })}`;
}

/** Raw config values as the program sees them: keys without `platform:`, `secure:` values as a placeholder string. */
export function rawValues(doc: { config: Record<string, unknown> }): Record<string, unknown> {
    const unsecure = (v: unknown): unknown =>
        v !== null && typeof v === "object" && !Array.isArray(v) && "secure" in v ? "[secret]"
            : Array.isArray(v) ? v.map(unsecure)
                : v !== null && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unsecure(x)])) : v;
    return Object.fromEntries(Object.entries(doc.config).map(([k, v]) => [k.replace(/^platform:/, ""), unsecure(v)]));
}

/** Why the schema rejects a document, or undefined when it parses. */
export function schemaProblem(doc: { config: Record<string, unknown> }): string | undefined {
    try {
        parsePlatformConfig(rawValues(doc), "bench");
        return undefined;
    } catch (e) {
        if (e instanceof ConfigError) return e.problems[0];
        throw e;
    }
}

export interface Detection {
    readonly features: Features;
    /** Features left out, with the first problem the schema reported. */
    readonly rejected: ReadonlyArray<{ readonly feature: string; readonly reason: string }>;
}

/** Which strategies and sections the current schema accepts, each tried on its own next to a rolling app. */
export function detectSchemaFeatures(): Detection {
    const base: Features = { strategies: ["rolling"], sections: [] };
    const baseProblem = schemaProblem(generateStackDoc(1, base));
    if (baseProblem !== undefined) throw new Error(`the generated base config does not parse: ${baseProblem}`);
    const rejected: Array<{ feature: string; reason: string }> = [];
    const strategies: Strategy[] = ["rolling"];
    for (const s of STRATEGIES.filter((x) => x !== "rolling")) {
        const problem = schemaProblem(generateStackDoc(2, { ...base, strategies: ["rolling", s] }));
        if (problem === undefined) strategies.push(s);
        else rejected.push({ feature: `strategy ${s}`, reason: problem });
    }
    const sections: Section[] = [];
    const variants: Partial<Record<Section, number>> = {};
    for (const section of SECTIONS) {
        let firstProblem: string | undefined;
        const index = SECTION_CANDIDATES[section].findIndex((_, v) => {
            const problem = schemaProblem(generateStackDoc(1, { ...base, sections: [section], variants: { [section]: v } }));
            firstProblem ??= problem;
            return problem === undefined;
        });
        if (index === -1) rejected.push({ feature: `platform:${section}`, reason: firstProblem ?? "rejected" });
        else {
            sections.push(section);
            variants[section] = index;
        }
    }
    return { features: { strategies, sections, variants }, rejected };
}

/** How many apps of each strategy `n` apps get. */
export function strategyMix(n: number, strategies: readonly Strategy[]): Record<string, number> {
    const mix: Record<string, number> = {};
    for (let i = 0; i < n; i++) mix[strategies[i % strategies.length]] = (mix[strategies[i % strategies.length]] ?? 0) + 1;
    return mix;
}
