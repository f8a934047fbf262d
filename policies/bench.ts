// Measurements for `npm run bench`: pack start-up through @pulumi/pulumi's policy-pack runner
// (the process the Pulumi CLI starts) against an empty pack, and offline checks per second.
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PlanResource, evaluatePolicies } from "./offline";

/** The repository root: the nearest directory above this file holding node_modules/@pulumi/pulumi. */
function repositoryRoot(): string {
    let dir = __dirname;
    while (!fs.existsSync(path.join(dir, "node_modules", "@pulumi", "pulumi"))) {
        const up = path.dirname(dir);
        if (up === dir) {
            throw new Error(`no node_modules/@pulumi/pulumi above ${__dirname}`);
        }
        dir = up;
    }
    return dir;
}

/** Writes a pack with no rules under out/ (gitignored) so it resolves the same node_modules. */
function writeEmptyPack(root: string): string {
    const dir = path.join(root, "out", "policy-bench", "empty-pack");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "empty-pack", version: "0.0.0", main: "index.js" }));
    fs.writeFileSync(path.join(dir, "index.js"), "const { PolicyPack } = require(\"@pulumi/policy\");\nnew PolicyPack(\"empty\", { policies: [] });\n");
    return dir;
}

/**
 * Milliseconds from spawning the runner the way the CLI does (`node run-policy-pack <engine> .`
 * with the pack as working directory) until the analyzer prints its gRPC port. The runner drops
 * the engine address without dialing it, so no engine is needed.
 */
export function timePackStart(packDir: string, runner: string, timeoutMs = 60_000): Promise<number> {
    return new Promise((resolve, reject) => {
        const started = process.hrtime.bigint();
        const child = spawn(process.execPath, [runner, "127.0.0.1:0", "."], { cwd: packDir, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        const timer = setTimeout(() => finish(new Error(`pack in ${packDir} did not start within ${timeoutMs} ms: ${err}`)), timeoutMs);
        const finish = (e?: Error) => {
            clearTimeout(timer);
            child.kill();
            if (e) {
                reject(e);
            } else {
                resolve(Number(process.hrtime.bigint() - started) / 1e6);
            }
        };
        child.stdout.on("data", (d: Buffer) => {
            out += d.toString();
            if (/^\d+\s*$/m.test(out)) {
                finish();
            }
        });
        child.stderr.on("data", (d: Buffer) => {
            err += d.toString();
        });
        child.on("exit", code => finish(new Error(`pack in ${packDir} exited (${code}) before serving: ${err}`)));
    });
}

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
}

/** Start-up of the compiled pack and of an empty pack (median of `runs` alternating runs each). */
export async function measurePackStartup(runs = 5): Promise<{ packMs: number; emptyMs: number; ratio: number }> {
    const root = repositoryRoot();
    const packDir = path.join(root, "policies");
    if (!fs.existsSync(path.join(packDir, "bin", "index.js"))) {
        const tsc = spawnSync(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(packDir, "tsconfig.json")], { stdio: "inherit" });
        if (tsc.status !== 0) {
            throw new Error("building the policy pack failed (npm run build:policies)");
        }
    }
    const emptyDir = writeEmptyPack(root);
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
    await timePackStart(emptyDir, runner); // warm the file cache for both
    const pack: number[] = [];
    const empty: number[] = [];
    for (let i = 0; i < runs; i++) {
        empty.push(await timePackStart(emptyDir, runner));
        pack.push(await timePackStart(packDir, runner));
    }
    const packMs = Math.round(median(pack));
    const emptyMs = Math.round(median(empty));
    return { packMs, emptyMs, ratio: Math.round((packMs / emptyMs) * 100) / 100 };
}

/** `n` synthetic planned resources: a mix of workloads, services, config, RBAC and cloud data. */
export function syntheticResources(n: number): PlanResource[] {
    const out: PlanResource[] = [{ urn: "urn:pulumi:bench::platform::pulumi:pulumi:Stack::platform-bench", type: "pulumi:pulumi:Stack", name: "platform-bench", parent: null, inputs: {}, dependencies: [] }];
    const container = { name: "app", image: "registry.example/app:1.0.0", securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } }, resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } }, env: [{ name: "LOG_LEVEL", value: "info" }] };
    const kinds: [string, (i: number) => Record<string, unknown>][] = [
        ["kubernetes:apps/v1:Deployment", i => ({ metadata: { name: `app-${i}`, namespace: "apps", labels: { app: `app-${i}` } }, spec: { replicas: 3, template: { metadata: { labels: { app: `app-${i}` } }, spec: { containers: [container] } } } })],
        ["kubernetes:core/v1:Service", i => ({ metadata: { name: `app-${i}`, namespace: "apps" }, spec: { type: "ClusterIP", selector: { app: `app-${i}` } } })],
        ["kubernetes:core/v1:ConfigMap", i => ({ metadata: { name: `cfg-${i}`, namespace: "apps" }, data: { LOG_LEVEL: "info", FEATURE_FLAG: "on" } })],
        ["kubernetes:rbac.authorization.k8s.io/v1:Role", () => ({ rules: [{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list"] }] })],
        ["aws:rds/instance:Instance", () => ({ storageEncrypted: true, publiclyAccessible: false, backupRetentionPeriod: 14, deletionProtection: true, multiAz: true, tags: { owner: "team" } })],
        ["gcp:storage/bucket:Bucket", () => ({ publicAccessPrevention: "enforced", uniformBucketLevelAccess: true, labels: { owner: "team" } })],
    ];
    for (let i = 1; i < n; i++) {
        const [type, inputs] = kinds[i % kinds.length];
        out.push({ urn: `urn:pulumi:bench::platform::${type}::r${i}`, type, name: `r${i}`, parent: out[0].urn, inputs: inputs(i), dependencies: [] });
    }
    return out;
}

/** Offline resource-rule checks per second over `n` synthetic resources (production config). */
export function measureChecksPerSecond(n = 2000): { checksPerSecond: number; checks: number; ms: number } {
    const resources = syntheticResources(n);
    evaluatePolicies(resources.slice(0, 50), { environment: "production" }); // warm-up
    const started = process.hrtime.bigint();
    const { checks } = evaluatePolicies(resources, { environment: "production" });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    return { checksPerSecond: Math.round(checks / (ms / 1000)), checks, ms: Math.round(ms) };
}
