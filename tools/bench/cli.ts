import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { bareCase, floorCase, planCase, startupTsxCase, startupTypecheckCase, type BenchCase, type PlanTarget } from "./cases";
import { chartSvg } from "./chart";
import { detectSchemaFeatures, strategyMix } from "./generator";
import { runOnce, summarize, writeRssReporter, type Measurement, type Sample } from "./measure";
import { measurePolicyPack } from "./policy";
import { detectProgramFeatures, preparePlan, writeStack, type BenchDirs } from "./prepare";
import { evaluateTargets, planTable, table, targetTable, timeFit, type PlanRow } from "./report";
import { projectRoot } from "../../components/projectRoot";

const USAGE = "usage: npm run bench -- [--runs <n>] [--sizes 10,50,200] [--out <dir>]";

export interface BenchArgs {
    readonly runs: number;
    readonly sizes: readonly number[];
    readonly out: string;
}

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
    let runs = 5;
    let sizes = [10, 50, 200];
    let out = "bench";
    for (let i = 0; i < argv.length; i++) {
        const value = () => argv[++i] ?? "";
        const a = argv[i];
        if (a === "--runs") runs = Number(value());
        else if (a === "--sizes") sizes = value().split(",").map(Number);
        else if (a === "--out") out = value();
        else throw new Error(`unknown argument ${a}\n${USAGE}`);
    }
    if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs expects a positive integer\n${USAGE}`);
    if (sizes.length === 0 || !sizes.every((n) => Number.isInteger(n) && n > 0)) throw new Error(`--sizes expects positive integers\n${USAGE}`);
    return { runs, sizes, out };
}

function machine() {
    return { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, memoryGb: Number((os.totalmem() / 2 ** 30).toFixed(1)), node: process.version, platform: `${os.platform()} ${os.release()}` };
}

async function main(args: BenchArgs): Promise<void> {
    const projectDir = projectRoot();
    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-bench-"));
    const dirs: BenchDirs = { projectDir, tmpDir, reporter: writeRssReporter(tmpDir) };
    try {
        const m = machine();
        console.log(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, node ${m.node}; ${args.runs} runs per case, median reported\n`);

        const detection = await detectProgramFeatures(dirs, detectSchemaFeatures());
        const { features } = detection;
        console.log(`generated stacks include: strategies ${features.strategies.join(", ")}; sections ${features.sections.length > 0 ? features.sections.map((s) => `platform:${s}`).join(", ") : "none"}`);
        for (const r of detection.rejected) console.log(`  left out ${r.feature}: ${r.reason}`);

        const entryPoints = JSON.parse(execFileSync(process.execPath, ["--require", "tsx/cjs", "tools/bench/entryPoints.ts"], { cwd: projectDir, encoding: "utf8" })) as string[];
        console.log(`floor loads: ${entryPoints.join(", ")}\n`);

        const prepared = path.join(tmpDir, "prepared");
        const targets: PlanTarget[] = [await preparePlan(dirs, { stack: "production" }, prepared)];
        for (const n of args.sizes) {
            const stack = `bench-n${n}`;
            targets.push(await preparePlan(dirs, { stack, n, ...writeStack(dirs, stack, n, features) }, prepared));
        }
        const resources = new Map(targets.map((t) => [t.stack, (JSON.parse(fs.readFileSync(path.join(prepared, t.stack, "plan.json"), "utf8")) as { resources: unknown[] }).resources.length]));

        const tsNodeCache = path.join(tmpDir, "ts-node-cache");
        const startupCases = [floorCase(projectDir, entryPoints), startupTsxCase(projectDir), startupTypecheckCase(projectDir), startupTypecheckCase(projectDir, tsNodeCache)];
        // Warm-up (unmeasured): disk cache for the SDK modules, tsx's and ts-node's compile caches.
        for (const c of startupCases) await runOnce(c.command, dirs.reporter, tmpDir);
        const cases: BenchCase[] = [...startupCases];
        for (const t of targets) {
            cases.push(planCase(projectDir, t, path.join(tmpDir, "out")));
            cases.push(bareCase(projectDir, t, path.join(prepared, t.stack, "plan.json"), path.join(tmpDir, "bare", t.stack), entryPoints));
        }
        // Runs are interleaved (every case once, then again) so drift in machine load spreads over all cases.
        const samples = new Map<string, Sample[]>(cases.map((c) => [c.id, []]));
        for (let run = 1; run <= args.runs; run++) {
            process.stdout.write(`run ${run}/${args.runs}:`);
            for (const c of cases) {
                samples.get(c.id)?.push(await runOnce(c.command, dirs.reporter, tmpDir));
                process.stdout.write(".");
            }
            process.stdout.write("\n");
        }
        const result = new Map<string, Measurement>(cases.map((c) => [c.id, summarize(samples.get(c.id) ?? [])]));
        const get = (id: string) => result.get(id) ?? summarize([]);
        const floor = get("floor");
        const rows: PlanRow[] = targets.map((t) => {
            const ours = get(`plan ${t.stack}`);
            const bare = get(`bare ${t.stack}`);
            const count = resources.get(t.stack) ?? 0;
            return {
                stack: t.stack, n: t.n, wallMs: ours.wallMs, rssMb: ours.rssMb, cpuMs: ours.cpuMs, resources: count, msPerResource: ours.wallMs / count,
                bareWallMs: bare.wallMs, bareRssMb: bare.rssMb, bareCpuMs: bare.cpuMs,
                vsFloor: ours.wallMs / floor.wallMs, vsBare: ours.wallMs / bare.wallMs, vsBareCpu: ours.cpuMs / bare.cpuMs,
            };
        });

        const policy = await measurePolicyPack(projectDir, args.runs);
        const evaluated = evaluateTargets(rows, policy);
        const startup = cases.filter((c) => c.kind !== "plan" && c.kind !== "bare").map((c) => ({ id: c.id, ...get(c.id) }));
        const tsxStart = get(startupTsxCase(projectDir).id);
        const tcStart = get(startupTypecheckCase(projectDir).id);
        const tcWarm = get(startupTypecheckCase(projectDir, tsNodeCache).id);

        console.log(`\n${planTable(rows)}\n`);
        console.log(table(["process", "wall ms", "peak RSS MB", "CPU ms"], startup.map((s) => [s.id, s.wallMs.toFixed(0), s.rssMb.toFixed(0), s.cpuMs.toFixed(0)])));
        console.log(`start-up: type-checking at start costs ${(tcStart.wallMs / tsxStart.wallMs).toFixed(1)}x the time and ${(tcStart.rssMb / tsxStart.rssMb).toFixed(1)}x the memory of the Pulumi.yaml settings after an edit (cold ts-node cache), ${(tcWarm.wallMs / tsxStart.wallMs).toFixed(1)}x / ${(tcWarm.rssMb / tsxStart.rssMb).toFixed(1)}x with nothing changed (warm cache)\n`);
        console.log("policy pack:", "missing" in policy ? policy.missing : `cold start ${policy.packMs.toFixed(0)} ms vs empty pack ${policy.emptyMs.toFixed(0)} ms; ${policy.checksPerSecond.toFixed(0)} checks/s`);
        console.log(`\n${targetTable(evaluated)}`);

        const outDir = path.resolve(projectDir, args.out);
        fs.mkdirSync(outDir, { recursive: true });
        const date = new Date().toISOString();
        const mixes = Object.fromEntries(args.sizes.map((n) => [n, strategyMix(n, features.strategies)]));
        const round = (x: number) => Number(x.toFixed(3));
        const results = {
            date, machine: m, runs: args.runs,
            generated: { strategies: features.strategies, sections: features.sections, mix: mixes, leftOut: detection.rejected },
            floorModules: entryPoints,
            floor: { wallMs: round(floor.wallMs), rssMb: round(floor.rssMb), cpuMs: round(floor.cpuMs) },
            startup: startup.map((s) => ({ id: s.id, wallMs: round(s.wallMs), rssMb: round(s.rssMb), cpuMs: round(s.cpuMs), samples: s.samples })),
            plans: rows.map((r) => ({ ...r, samples: get(`plan ${r.stack}`).samples, bareSamples: get(`bare ${r.stack}`).samples })),
            fit: timeFit(rows) ?? null,
            policy,
            targets: evaluated,
        };
        fs.writeFileSync(path.join(outDir, "results.json"), JSON.stringify(results, null, 2) + "\n");
        const gen = rows.filter((r) => r.n !== undefined);
        const xs = gen.map((r) => r.n ?? 0);
        const svg = chartSvg(
            [
                { title: "Plan wall time (median)", yLabel: "ms", target: { y: 8000, label: "N=200 target 8 s" }, series: [
                    { name: "our plan", color: "#1f77b4", points: gen.map((r) => [r.n ?? 0, r.wallMs]) },
                    { name: "bare SDK", color: "#ff7f0e", points: gen.map((r) => [r.n ?? 0, r.bareWallMs]) },
                    { name: "floor (load SDKs)", color: "#7f7f7f", dashed: true, points: xs.map((x) => [x, floor.wallMs]) },
                ] },
                { title: "Peak RSS (median)", yLabel: "MB", target: { y: 800, label: "N=200 target 800 MB" }, series: [
                    { name: "our plan", color: "#1f77b4", points: gen.map((r) => [r.n ?? 0, r.rssMb]) },
                    { name: "bare SDK", color: "#ff7f0e", points: gen.map((r) => [r.n ?? 0, r.bareRssMb]) },
                    { name: "floor (load SDKs)", color: "#7f7f7f", dashed: true, points: xs.map((x) => [x, floor.rssMb]) },
                ] },
            ],
            xs,
            `${date.slice(0, 10)} · ${m.cpu} · ${m.cores} cores · node ${m.node} · ${args.runs} runs each`,
        );
        fs.writeFileSync(path.join(outDir, "chart.svg"), svg);
        console.log(`\nwrote ${path.relative(process.cwd(), path.join(outDir, "results.json"))} and ${path.relative(process.cwd(), path.join(outDir, "chart.svg"))}`);
    } finally {
        fs.rmSync(tmpDir, { recursive: true, force: true });
    }
}

if (require.main === module) {
    let args: BenchArgs;
    try {
        args = parseBenchArgs(process.argv.slice(2));
    } catch (e) {
        console.error((e as Error).message);
        process.exit(2);
    }
    main(args).then(
        () => process.exit(0),
        (e: unknown) => {
            console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
            process.exit(1);
        },
    );
}
