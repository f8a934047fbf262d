import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError } from "../../stacks/errors";
import { evaluatePolicies, formatViolations, hasMandatoryViolations, type Environment } from "../../policies/offline";
import { platformProgram } from "../../stacks/program";
import { kubernetesManifests, manifestYaml } from "./manifests";
import { chainFromEnv, defaultOrganization, localPromotionSource, PLAN_CHAIN_ENV, type PlanScope } from "./promotionChain";
import { runPlan } from "./run";
import { listStacks, loadStackConfig } from "./stackConfig";

const USAGE = "usage: npm run plan -- [<stack>] [--config-file <path>] [--out <dir>] [--stack-outputs <name>=<file>]... [--policy-config <file>] [--organization <org>]";

interface Args {
    stack?: string;
    configFile?: string;
    out: string;
    stackOutputs: Record<string, string>;
    /** Policy pack config to evaluate with. Default policies/config/<tier>.json. */
    policyConfig?: string;
    /** Organization the planned stack lives in. Default: the one deployments/Pulumi.control.yaml manages. */
    organization?: string;
}

export function parseArgs(argv: readonly string[]): Args {
    const args: Args = { out: "out", stackOutputs: {} };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const value = () => {
            const v = argv[++i];
            if (v === undefined || v.startsWith("--")) throw new Error(`${a} needs a value\n${USAGE}`);
            return v;
        };
        if (a === "--config-file") args.configFile = value();
        else if (a === "--out") args.out = value();
        else if (a === "--policy-config") args.policyConfig = value();
        else if (a === "--organization") args.organization = value();
        else if (a === "--stack-outputs") {
            const [name, file] = value().split("=", 2);
            if (!name || !file) throw new Error(`--stack-outputs expects <name>=<file>\n${USAGE}`);
            args.stackOutputs[name] = file;
        } else if (a.startsWith("--")) throw new Error(`unknown option ${a}\n${USAGE}`);
        else if (args.stack === undefined) args.stack = a;
        else throw new Error(`unexpected argument ${a}\n${USAGE}`);
    }
    return args;
}

/** Reads a referenced stack's outputs: a plan.json (its "outputs") or a plain outputs JSON object. */
function readStackOutputs(file: string): Record<string, unknown> {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    return parsed.resources !== undefined && parsed.outputs !== undefined ? (parsed.outputs as Record<string, unknown>) : parsed;
}

/** `from` of a stack's `platform:promotion`, if it has one. */
function promotionSource(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    try {
        const from = (JSON.parse(value) as { from?: unknown }).from;
        return typeof from === "string" ? from : undefined;
    } catch {
        return undefined;
    }
}

/** Plans the promotion source (a stack of this project) in a child process, with the chain above it, and returns its outputs. */
function planSourceStack(projectDir: string, stack: string, scope: PlanScope): Record<string, unknown> {
    if (!fs.existsSync(path.join(projectDir, `Pulumi.${stack}.yaml`))) {
        throw new Error(`the promotion source "${stack}" is not a stack of this project: pass --stack-outputs ${stack}=<plan.json or outputs.json>`);
    }
    const out = fs.mkdtempSync(path.join(os.tmpdir(), `plan-${stack}-`));
    try {
        const run = spawnSync(process.execPath, [...process.execArgv, __filename, stack, "--out", out, "--organization", scope.organization], {
            encoding: "utf8",
            env: { ...process.env, [PLAN_CHAIN_ENV]: [...scope.chain, scope.stack].join(",") },
        });
        if (run.status !== 0) throw new Error(`planning the promotion source "${stack}" failed:\n${run.stderr || run.stdout}`);
        return readStackOutputs(path.join(out, stack, "plan.json"));
    } finally {
        fs.rmSync(out, { recursive: true, force: true });
    }
}

export interface StackPlanReport {
    readonly lines: string[];
    /** Mandatory policy violations: the plan fails. */
    readonly blocked: boolean;
}

/** Plans one stack, evaluates the policy pack, writes out/<stack>/ atomically. */
export async function planStack(projectDir: string, args: Args & { stack: string }): Promise<StackPlanReport> {
    const { project, config, secretKeys } = loadStackConfig(projectDir, args.stack, args.configFile);
    const stackOutputs = Object.fromEntries(Object.entries(args.stackOutputs).map(([n, f]) => [n, readStackOutputs(f)]));
    const notes: string[] = [];
    const scope: PlanScope = { organization: args.organization ?? defaultOrganization(projectDir), project, stack: args.stack, chain: chainFromEnv() };
    const source = promotionSource(config[`${project}:promotion`]);
    // Offline chain: plan the source first and read its outputs, but only for a stack of this organization and
    // project other than this one (anything else is refused by the program, naming platform:promotion.from).
    const sourceStack = source === undefined ? undefined : localPromotionSource(source, scope);
    if (source !== undefined && sourceStack !== undefined && stackOutputs[source] === undefined && stackOutputs[sourceStack] === undefined) {
        stackOutputs[sourceStack] = planSourceStack(projectDir, sourceStack, scope);
        notes.push(`  (promotion source ${source} planned offline first; pass --stack-outputs ${sourceStack}=<file> to use other outputs)`);
    }
    const plan = await runPlan({ project, stack: args.stack, organization: scope.organization, config, secretKeys, stackOutputs, program: () => platformProgram({ mode: "plan", projectDir }) });
    const manifests = kubernetesManifests(plan.resources);
    const tier = (JSON.parse(config[`${project}:environment`] ?? "{}") as { tier?: Environment }).tier ?? "dev";
    const policy = evaluatePolicies(plan.resources, { environment: tier, ...(args.policyConfig ? { configFile: args.policyConfig } : {}) });

    const outDir = path.resolve(args.out, args.stack);
    const tmp = `${outDir}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    try {
        fs.mkdirSync(path.join(tmp, "manifests"), { recursive: true });
        const resources = plan.resources.map(({ urn, type, name, parent, inputs, dependencies }) => ({ urn, type, name, parent, inputs, dependencies }));
        fs.writeFileSync(path.join(tmp, "plan.json"), JSON.stringify({ stack: plan.stack, resources, outputs: plan.outputs }, null, 2) + "\n");
        for (const m of manifests) fs.writeFileSync(path.join(tmp, "manifests", m.file), manifestYaml(m.object));
        fs.writeFileSync(path.join(tmp, "policy.json"), JSON.stringify({ environment: tier, checks: policy.checks, violations: policy.violations, skipped: policy.skipped }, null, 2) + "\n");
        fs.rmSync(outDir, { recursive: true, force: true });
        fs.renameSync(tmp, outDir);
    } catch (e) {
        fs.rmSync(tmp, { recursive: true, force: true });
        throw e;
    }

    const byType = new Map<string, number>();
    for (const r of plan.resources) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
    const summary = plan.outputs.promotionSummary;
    if (Array.isArray(summary)) notes.push(`  promotion from ${String(plan.outputs.promotedFrom)}:`, ...summary.map((l) => `    ${String(l)}`));
    const blocked = hasMandatoryViolations(policy);
    const mandatory = policy.violations.filter((v) => v.enforcementLevel === "mandatory").length;
    const verdict = blocked ? `POLICY FAILED: ${mandatory} mandatory violation(s)` : `policies passed (${tier}): ${policy.violations.length} advisory violation(s) over ${policy.checks} checks`;
    return {
        blocked,
        lines: [
            `stack ${args.stack}: ${plan.resources.length} resources, ${manifests.length} Kubernetes manifests, ${verdict} → ${path.relative(process.cwd(), outDir) || outDir}`,
            ...notes,
            ...[...byType.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([t, n]) => `  ${String(n).padStart(4)}  ${t}`),
            ...(policy.violations.length > 0 ? ["", formatViolations(policy)] : []),
        ],
    };
}

async function main(argv: readonly string[]): Promise<number> {
    const projectDir = path.resolve(__dirname, "..", "..");
    const args = parseArgs(argv);
    if (args.stack !== undefined) {
        const report = await planStack(projectDir, { ...args, stack: args.stack });
        console.log(report.lines.join("\n"));
        return report.blocked ? 1 : 0;
    }
    // Every stack, each in a fresh process (the SDK's runtime state is per process).
    let failed = 0;
    for (const stack of listStacks(projectDir)) {
        const run = spawnSync(process.execPath, [...process.execArgv, __filename, stack, "--out", args.out, ...(args.organization ? ["--organization", args.organization] : [])], { encoding: "utf8" });
        const first = (run.stdout.split("\n").find((l) => l.startsWith("stack ")) ?? "").trim();
        if (run.status === 0) console.log(`ok    ${first}`);
        else {
            failed++;
            console.log(`FAIL  stack ${stack}:\n${(run.stderr || run.stdout).trim().replace(/^/gm, "      ")}`);
        }
    }
    return failed === 0 ? 0 : 1;
}

if (require.main === module) {
    // The SDK captures a stack trace for every resource and promise; mapping each through tsx's source maps
    // costs ~20% of a large plan. Plan errors are reported by message, so the plan runs without them.
    process.setSourceMapsEnabled(false);
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (e: unknown) => {
            console.error(e instanceof ConfigError ? e.message : `plan failed: ${e instanceof Error ? e.message : String(e)}`);
            process.exit(1);
        },
    );
}
