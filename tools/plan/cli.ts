import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError } from "../../stacks/errors";
import { evaluatePolicies, formatViolations, hasMandatoryViolations } from "../../policies/offline";
import { platformProgram } from "../../stacks/program";
import { tiers, type Tier } from "../../stacks/schema/platform";
import { kubernetesManifests } from "./manifests";
import { formatPlanDiff, planDiff, previousPlan, type DiffResource } from "./planDiff";
import { writePlanOutput } from "./output";
import { choosePolicyConfig } from "./policyChoice";
import { chainFromEnv, defaultOrganization, localPromotionSource, PLAN_CHAIN_ENV, type PlanScope } from "./promotionChain";
import { runPlan } from "./run";
import { PLAN_DEBUG_ENV, usePlanRuntime } from "./runtime";
import { listStacks, loadStackConfig } from "./stackConfig";
import { projectRoot } from "../../components/projectRoot";

const USAGE = "usage: npm run plan -- [<stack>] [--config-file <path>] [--out <dir>] [--stack-outputs <name>=<file>]... [--policy-config <file>] [--organization <org>] [--now <ISO 8601 time>]";

/** What `npm run plan -- --help` prints. */
export const HELP = [
    "The offline plan: runs the stack program under the SDK's mock monitor (no cloud, no cluster, no credentials),",
    "checks it with the policy pack of the stack's tier, and writes out/<stack>/ (plan.json, manifests, report).",
    "",
    USAGE,
    "",
    "  <stack>                        one stack (dev, staging, production, ...); default every Pulumi.<stack>.yaml",
    "  --config-file <path>           the stack file to read instead of Pulumi.<stack>.yaml",
    "  --out <dir>                    where to write; default out",
    "  --stack-outputs <name>=<file>  outputs of a stack the program reads (a plan.json or an outputs JSON object)",
    "  --policy-config <file>         policy pack config to evaluate with (dev stacks only)",
    "  --organization <org>           organization the planned stack lives in",
    "  --now <ISO 8601 time>          the plan's clock (release history, soak and age of a promoted release)",
    "  --help                         this text",
].join("\n");

interface Args {
    stack?: string;
    configFile?: string;
    out: string;
    stackOutputs: Record<string, string>;
    /** Policy pack config to evaluate with (dev stacks only). Default policies/config/<tier>.json. */
    policyConfig?: string;
    /** Organization the planned stack lives in. Default: the one deployments/Pulumi.control.yaml manages. */
    organization?: string;
    now?: string;
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
        else if (a === "--now") {
            const v = value();
            // The plan's clock (release history times, soak and age of a promoted release); default: now.
            if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(v) || Number.isNaN(Date.parse(v))) throw new Error(`--now expects an ISO 8601 UTC time such as 2026-12-07T18:00:00Z, found "${v}"\n${USAGE}`);
            args.now = v;
        }
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
    let parsed: Record<string, unknown>;
    try {
        parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch (e) {
        throw new Error(`--stack-outputs ${file}: ${(e as Error).message}`);
    }
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

/** The tier a stack's `platform:environment` declares; an unreadable one counts as production (strictest). */
function declaredTier(value: string | undefined): Tier {
    try {
        const tier = (JSON.parse(value ?? "{}") as { tier?: unknown }).tier;
        return tiers.find((t) => t === tier) ?? "production";
    } catch {
        return "production";
    }
}

/** Plans the promotion source (a stack of this project) in a child process, with the chain above it, and returns its outputs. */
function planSourceStack(projectDir: string, stack: string, scope: PlanScope & { readonly now: string }): Record<string, unknown> {
    if (!fs.existsSync(path.join(projectDir, `Pulumi.${stack}.yaml`))) {
        throw new Error(`the promotion source "${stack}" is not a stack of this project (${listStacks(projectDir).join(", ")}): pass --stack-outputs ${stack}=<plan.json or outputs.json>`);
    }
    const out = fs.mkdtempSync(path.join(os.tmpdir(), `plan-${stack}-`));
    try {
        const run = spawnSync(process.execPath, [...process.execArgv, __filename, stack, "--out", out, "--organization", scope.organization, "--now", scope.now], {
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
    /** Mandatory policy violations: the plan fails and out/<stack>/ is left as it was. */
    readonly blocked: boolean;
}

/**
 * Plans one stack, evaluates the policy pack, and writes out/<stack>/ atomically, only when no mandatory
 * policy is violated (like a config error, a blocked plan leaves the previous out/<stack>/ untouched).
 */
export async function planStack(projectDir: string, args: Args & { stack: string }): Promise<StackPlanReport> {
    const { project, config, secretKeys, file } = loadStackConfig(projectDir, args.stack, args.configFile);
    // Chosen from the stack's name before anything is planned; the schema refuses a file whose tier disagrees.
    const policyChoice = choosePolicyConfig(args.stack, declaredTier(config[`${project}:environment`]), args.policyConfig);
    const stackOutputs = Object.fromEntries(Object.entries(args.stackOutputs).map(([n, f]) => [n, readStackOutputs(f)]));
    const now = args.now !== undefined ? new Date(args.now) : new Date();
    const notes: string[] = [];
    const scope: PlanScope = { organization: args.organization ?? defaultOrganization(projectDir), project, stack: args.stack, chain: chainFromEnv() };
    const source = promotionSource(config[`${project}:promotion`]);
    // Offline chain: plan the source first and read its outputs, but only for a stack of this organization and
    // project other than this one (anything else is refused by the program, naming platform:promotion.from).
    const sourceStack = source === undefined ? undefined : localPromotionSource(source, scope);
    if (source !== undefined && sourceStack !== undefined && stackOutputs[source] === undefined && stackOutputs[sourceStack] === undefined) {
        stackOutputs[sourceStack] = planSourceStack(projectDir, sourceStack, { ...scope, now: now.toISOString() });
        notes.push(`  (promotion source ${source} planned offline first; pass --stack-outputs ${sourceStack}=<file> to use other outputs)`);
    }
    const plan = await runPlan({ project, stack: args.stack, organization: scope.organization, config, secretKeys, stackOutputs, program: () => platformProgram({ mode: "plan", projectDir, now }) }).catch((e: unknown) => {
        // The program names the stack's own file; the plan knows which file it really read.
        throw e instanceof ConfigError ? e.inFile(file) : e;
    });
    const manifests = kubernetesManifests(plan.resources);
    const tier = policyChoice.environment;
    const policy = evaluatePolicies(plan.resources, policyChoice);

    const outDir = path.resolve(args.out, args.stack);
    const blocked = hasMandatoryViolations(policy);
    // Compared as plan.json holds them (the checkout folder written <project>), before the new plan replaces the old.
    const previous = previousPlan(outDir);
    const portable = JSON.parse(JSON.stringify(plan.resources, (_k, v: unknown) => (typeof v === "string" ? v.split(projectDir).join("<project>") : v))) as DiffResource[];
    const changes = previous === undefined ? undefined : planDiff(previous, portable);
    if (!blocked) writePlanOutput(outDir, plan, manifests, { environment: tier, ...policy }, projectDir);

    const byType = new Map<string, number>();
    for (const r of plan.resources) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
    const summary = plan.outputs.promotionSummary;
    if (Array.isArray(summary)) notes.push(`  promotion from ${String(plan.outputs.promotedFrom)}:`, ...summary.map((l) => `    ${String(l)}`));
    const mandatory = policy.violations.filter((v) => v.enforcementLevel === "mandatory").length;
    const shownOut = path.relative(process.cwd(), outDir) || outDir;
    const verdict = blocked
        ? `POLICY FAILED (${tier}): ${mandatory} mandatory violation(s); nothing written, ${shownOut} left as it was`
        : `policies passed (${tier}): ${policy.violations.length} advisory violation(s) over ${policy.checks} checks → ${shownOut}`;
    return {
        blocked,
        lines: [
            `stack ${args.stack}: ${plan.resources.length} resources, ${manifests.length} Kubernetes manifests, ${verdict}`,
            ...notes,
            ...formatPlanDiff(changes),
            ...(blocked ? [] : [...byType.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([t, n]) => `  ${String(n).padStart(4)}  ${t}`)),
            ...(policy.violations.length > 0 ? ["", formatViolations(policy)] : []),
        ],
    };
}

async function main(argv: readonly string[]): Promise<number> {
    if (argv.includes("--help") || argv.includes("-h")) {
        console.log(HELP);
        return 0;
    }
    const projectDir = projectRoot();
    const args = parseArgs(argv);
    if (args.stack !== undefined) {
        const report = await planStack(projectDir, { ...args, stack: args.stack });
        // A blocked plan's report (every violation with its resource and fix) is its only record: on stderr.
        (report.blocked ? console.error : console.log)(report.lines.join("\n"));
        return report.blocked ? 1 : 0;
    }
    // Every stack, each in a fresh process (the SDK's runtime state is per process), on one clock.
    const now = args.now ?? new Date().toISOString();
    let failed = 0;
    for (const stack of listStacks(projectDir)) {
        const run = spawnSync(process.execPath, [...process.execArgv, __filename, stack, "--out", args.out, "--now", now, ...(args.organization ? ["--organization", args.organization] : [])], { encoding: "utf8" });
        const first = (run.stdout.split("\n").find((l) => l.startsWith("stack ")) ?? "").trim();
        if (run.status === 0) console.log(`ok    ${first}`);
        else {
            failed++;
            console.log(`FAIL  stack ${stack}:\n${(run.stderr || run.stdout).trim().replace(/^/gm, "      ")}`);
        }
    }
    return failed === 0 ? 0 : 1;
}

/**
 * An error that is not a config error. Our own refusals (usage, stack files, promotion sources) are plain
 * Errors whose message says everything; a TypeError, RangeError or ReferenceError is a bug, and its message
 * alone rarely says where: the line tells how to see its stack. With PLATFORM_DEBUG every stack is printed.
 */
export function unexpectedFailure(e: unknown, printStack: boolean): string {
    if (!(e instanceof Error)) return `plan failed: ${String(e)}`;
    if (printStack && e.stack) return `plan failed: ${e.stack}`;
    const bug = e instanceof TypeError || e instanceof RangeError || e instanceof ReferenceError;
    return `plan failed: ${e.message}${bug ? `\n(an internal error: run again with ${PLAN_DEBUG_ENV}=1 to see where it was thrown)` : ""}`;
}

if (require.main === module) {
    // Plan errors are reported by message: stack traces are neither mapped to the TypeScript sources nor captured.
    const runtime = usePlanRuntime();
    // exitCode, not exit(): the process ends on its own once pending writes (and V8's compile cache) are flushed.
    main(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (e: unknown) => {
            console.error(e instanceof ConfigError ? e.message : unexpectedFailure(e, runtime.printStacks));
            process.exitCode = 1;
            // The failed program's other pending Outputs reject after this: the one failure is reported.
            process.on("unhandledRejection", () => undefined);
        },
    );
}
