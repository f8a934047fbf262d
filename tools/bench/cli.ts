import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { bareCase, bareId, CASE, floorCase, floorPreloadCase, planCase, sdkOnlyCase, startupCase, startupTypecheckCase, type BenchCase, type PlanTarget } from "./cases";
import { prepareEngineSuite, type EngineSuite } from "./engineSuite";
import { detectSchemaFeatures, type Features } from "./generator";
import { runOnce, summarize, writeRssReporter, type Measurement } from "./measure";
import { measurePolicyPack } from "./policy";
import { detectProgramFeatures, preparePlan, writeStack, type BenchDirs } from "./prepare";
import { evaluateTargets, planTable, targetTable, type PlanRow } from "./report";
import { printEngine, printStartup, writeResults } from "./results";
import { runRounds } from "./rounds";
import { readReleaseGate } from "./releaseGate";
import { EngineLayout } from "../engine/layout";
import { timeTestSuite, type TestTiming } from "./tests";
import { projectRoot } from "../../components/projectRoot";

const USAGE = "usage: npm run bench -- [--quick] [--runs <n>] [--engine-runs <n>] [--sizes 10,50,200] [--out <dir>] [--skip-engine] [--skip-tests]";

export interface BenchArgs {
    readonly runs: number;
    /** Rounds of the real-engine variant matrix (each round previews two stacks per variant). */
    readonly engineRuns: number;
    readonly sizes: readonly number[];
    readonly out: string;
    readonly engine: boolean;
    readonly tests: boolean;
}

/** `--quick`: 2 rounds, 1 engine round, no `npm test` timing (while developing); explicit flags win. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
    const quick = argv.includes("--quick");
    let runs: number | undefined;
    let engineRuns: number | undefined;
    let sizes = [10, 50, 200];
    let out = "bench";
    let engine = true;
    let tests = !quick;
    for (let i = 0; i < argv.length; i++) {
        const value = () => argv[++i] ?? "";
        const a = argv[i];
        if (a === "--quick") continue;
        else if (a === "--runs") runs = Number(value());
        else if (a === "--engine-runs") engineRuns = Number(value());
        else if (a === "--sizes") sizes = value().split(",").map(Number);
        else if (a === "--out") out = value();
        else if (a === "--skip-engine") engine = false;
        else if (a === "--skip-tests") tests = false;
        else throw new Error(`unknown argument ${a}\n${USAGE}`);
    }
    runs ??= quick ? 2 : 5;
    engineRuns ??= quick ? 1 : Math.min(runs, 3);
    if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs expects a positive integer\n${USAGE}`);
    if (!Number.isInteger(engineRuns) || engineRuns < 1) throw new Error(`--engine-runs expects a positive integer\n${USAGE}`);
    if (sizes.length === 0 || !sizes.every((n) => Number.isInteger(n) && n > 0)) throw new Error(`--sizes expects positive integers\n${USAGE}`);
    return { runs, engineRuns, sizes, out, engine, tests };
}

export interface Machine {
    readonly cpu: string;
    readonly cores: number;
    readonly memoryGb: number;
    readonly node: string;
    readonly platform: string;
}

function machine(): Machine {
    return { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, memoryGb: Number((os.totalmem() / 2 ** 30).toFixed(1)), node: process.version, platform: `${os.platform()} ${os.release()}` };
}

/** The stacks the bench plans: production (its promotion source pre-planned, passed with --stack-outputs) and the generated sizes. */
async function planTargets(dirs: BenchDirs, args: BenchArgs, prepared: string): Promise<{ targets: PlanTarget[]; features: Features }> {
    const detection = await detectProgramFeatures(dirs, detectSchemaFeatures());
    const { features } = detection;
    console.log(`generated stacks include: strategies ${features.strategies.join(", ")}; sections ${features.sections.length > 0 ? features.sections.map((s) => `platform:${s}`).join(", ") : "none"}`);
    for (const r of detection.rejected) console.log(`  left out ${r.feature}: ${r.reason}`);
    const production = await preparePlan(dirs, { stack: "production" }, prepared);
    console.log(`production is planned as before: its promotion source is planned once first and passed as ${(production.stackOutputs ?? []).map((s) => `--stack-outputs ${s.split("=")[0]}=<plan.json>`).join(" ")}, not planned in a child process inside every measured run`);
    const targets = [production];
    for (const n of args.sizes) {
        const stack = `bench-n${n}`;
        targets.push(await preparePlan(dirs, { stack, n, ...writeStack(dirs, stack, n, features) }, prepared));
    }
    return { targets, features };
}

async function main(args: BenchArgs): Promise<void> {
    const projectDir = projectRoot();
    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-bench-"));
    const dirs: BenchDirs = { projectDir, tmpDir, reporter: writeRssReporter(tmpDir) };
    try {
        const m = machine();
        const date = new Date();
        console.log(`${date.toISOString()}: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, node ${m.node}; ${args.runs} rotating rounds, medians reported; load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
        const prepared = path.join(tmpDir, "prepared");
        const { targets, features } = await planTargets(dirs, args, prepared);
        const resources = new Map(targets.map((t) => [t.stack, (JSON.parse(fs.readFileSync(path.join(prepared, t.stack, "plan.json"), "utf8")) as { resources: unknown[] }).resources.length]));
        const entryPoints = JSON.parse(execFileSync(process.execPath, ["--require", "./tools/runtime/preload.cjs", "dist/tools/bench/entryPoints.js"], { cwd: projectDir, encoding: "utf8" })) as string[];
        console.log(`floor loads: ${entryPoints.join(", ")}`);
        for (const t of targets) console.log(`  ${t.stack}: the bare replay loads the ${t.providerModules?.length ?? entryPoints.length} @pulumi modules the plan loaded${t.providerModules ? ` (${t.providerModules.filter((m) => !entryPoints.includes(m)).join(", ") || "no more than the floor"} beyond the floor's)` : ""}`);

        const startupCases = [sdkOnlyCase(projectDir), floorCase(projectDir, entryPoints), floorPreloadCase(projectDir, entryPoints), startupCase(projectDir), startupTypecheckCase(projectDir), startupTypecheckCase(projectDir, path.join(tmpDir, "ts-node-cache"))];
        const replayCases = targets.flatMap((t) => (["plan", "sdk"] as const).map((mode) => bareCase(projectDir, t, path.join(prepared, t.stack, "plan.json"), path.join(tmpDir, "bare", mode, t.stack), entryPoints, mode)));
        // Warm-up (unmeasured): file cache, the compile caches, ts-node's cache, the bare replays' output folders. Plans were warmed by preparing them.
        for (const c of [...startupCases, ...replayCases]) await runOnce(c.command, dirs.reporter, tmpDir);
        const cases: BenchCase[] = [...startupCases, ...targets.map((t) => planCase(projectDir, t, path.join(tmpDir, "out"))), ...replayCases];

        let engine: EngineSuite | { missing: string } = { missing: "skipped (--skip-engine)" };
        if (args.engine) {
            console.log("preparing the real engine's projects (a copy per variant, warm-up previews)...");
            engine = prepareEngineSuite(projectDir, tmpDir, dirs.reporter, features);
        }
        const pair = "missing" in engine ? [] : [engine.pair.dev, engine.pair.empty];
        const run = (c: BenchCase["command"]) => runOnce(c, dirs.reporter, tmpDir);
        const main = await runRounds([...cases, ...pair], args.runs, run, "plans, replays, start-up, engine pair:");
        const matrix = "missing" in engine ? undefined : await runRounds(engine.matrix, args.engineRuns, run, "engine variants:");

        const result = new Map<string, Measurement>([...main.samples, ...(matrix?.samples ?? [])].map(([id, s]) => [id, summarize(s)]));
        const get = (id: string) => {
            const r = result.get(id);
            if (r === undefined) throw new Error(`no samples for ${id}`);
            return r;
        };
        const rows: PlanRow[] = targets.map((t) => ({
            stack: t.stack, n: t.n, resources: resources.get(t.stack) ?? 0,
            plan: get(`plan ${t.stack}`), barePlan: get(bareId(t.stack, "plan")), bareSdk: get(bareId(t.stack, "sdk")),
        }));
        const policy = await measurePolicyPack(projectDir, args.runs);
        let tests: TestTiming = { missing: "not measured (--quick or --skip-tests)" };
        if (args.tests) {
            console.log("npm test (without e2e), once...");
            tests = await timeTestSuite(projectDir);
        }
        const floor = get(CASE.floor);
        const evaluated = evaluateTargets({ floor, startup: get(CASE.startup), rows, policy, tests, releaseGate: readReleaseGate(new EngineLayout(projectDir)) });

        console.log(`\n${planTable(rows, floor)}\n`);
        console.log(printStartup(startupCases.map((c) => ({ id: c.id, ...get(c.id) })), floor));
        if (!("missing" in engine)) console.log(printEngine(engine, get));
        else console.log(`real engine: ${engine.missing}`);
        console.log("policy pack:", "missing" in policy ? policy.missing : `cold start ${policy.packMs.toFixed(0)} ms vs empty pack ${policy.emptyMs.toFixed(0)} ms; ${policy.checksPerSecond.toFixed(0)} checks/s`);
        console.log(`load average at the end of each round: ${[...main.load, ...(matrix?.load ?? [])].map((l) => l.toFixed(2)).join(" ")}`);
        console.log(`\n${targetTable(evaluated)}`);

        const written = writeResults(path.resolve(projectDir, args.out), {
            date, machine: m, args, entryPoints, rows, result, startupIds: startupCases.map((c) => c.id), engine, load: [...main.load, ...(matrix?.load ?? [])], policy, tests, targets: evaluated,
        });
        console.log(`\nwrote ${written.map((f) => path.relative(process.cwd(), f)).join(" and ")}`);
    } finally {
        fs.rmSync(tmpDir, { recursive: true, force: true });
    }
}

if (require.main === module) {
    let args: BenchArgs | undefined;
    try {
        args = parseBenchArgs(process.argv.slice(2));
    } catch (e) {
        console.error((e as Error).message);
        process.exitCode = 2;
    }
    // exitCode, not exit(): the process ends once pending writes (results, chart) are flushed.
    if (args !== undefined) {
        main(args).catch((e: unknown) => {
            console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
            process.exitCode = 1;
        });
    }
}
