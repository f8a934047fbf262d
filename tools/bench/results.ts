import * as fs from "node:fs";
import * as path from "node:path";
import { CASE } from "./cases";
import { chartSvg } from "./chart";
import { ENGINE_VARIANTS, LARGE_PREVIEW_STACK, SHIPPED, type EngineSuite } from "./engineSuite";
import type { Measurement } from "./measure";
import { BOUNDS, table, timeFit, type Figures, type PlanRow, type PolicyFigures, type Target } from "./report";
import type { TestTiming } from "./tests";
import type { BenchArgs, Machine } from "./cli";

const f0 = (x: number) => x.toFixed(0);
const f2 = (x: number) => x.toFixed(2);

/** The start-up table, with the preload's own cost and the start-up ratio against the plain floor. */
export function printStartup(rows: ReadonlyArray<Figures & { id: string }>, floor: Figures): string {
    const byId = new Map(rows.map((r) => [r.id, r]));
    const lines = [table(["process", "wall ms", "peak RSS MB", "CPU ms", "x floor (wall)"], rows.map((s) => [s.id, f0(s.wallMs), f0(s.rssMb), f0(s.cpuMs), f2(s.wallMs / floor.wallMs)]))];
    const preload = byId.get(CASE.floorPreload);
    if (preload) lines.push(`our preload's own cost on the floor: ${f0(preload.wallMs - floor.wallMs)} ms wall, ${f0(preload.cpuMs - floor.cpuMs)} ms CPU (${f2(preload.wallMs / floor.wallMs)}x; negative: the compile cache saves more than the build check costs)`);
    const cold = byId.get(CASE.typecheckCold);
    const start = byId.get(CASE.startup);
    if (cold && start) lines.push(`type-checking at start (ts-node, cold cache) costs ${(cold.wallMs / start.wallMs).toFixed(1)}x the time and ${(cold.rssMb / start.rssMb).toFixed(1)}x the memory of the Pulumi.yaml start-up`);
    return lines.join("\n") + "\n";
}

/** The real engine's figures: Issue A's dev / empty ratio, and the variant matrix against the shipped settings. */
export function printEngine(engine: EngineSuite, get: (id: string) => Figures): string {
    const dev = get(engine.pair.dev.id);
    const empty = get(engine.pair.empty.id);
    const lines = [
        `real engine (same CLI, same rounds): pulumi preview dev (${engine.resources.dev ?? "?"} resources) ${f0(dev.wallMs)} ms vs an empty Node.js program ${f0(empty.wallMs)} ms = ${f2(dev.wallMs / empty.wallMs)}x wall;` +
            ` the node program's own CPU ${f0(dev.cpuMs)} vs ${f0(empty.cpuMs)} ms = ${f2(dev.cpuMs / empty.cpuMs)}x, peak RSS ${f0(dev.rssMb)} vs ${f0(empty.rssMb)} MB`,
        "",
        `pulumi preview under the real CLI and language host (source-map-support registered by the SDK's run script), by variant; CPU and RSS are the node program's own; large = ${LARGE_PREVIEW_STACK} (${engine.resources.large ?? "?"} resources, render mode):`,
    ];
    const cell = (stack: string, v: string) => get(engine.matrix.find((c) => c.stack === stack && c.variant === v)!.id);
    const base = { dev: cell("dev", SHIPPED), large: cell(LARGE_PREVIEW_STACK, SHIPPED) };
    lines.push(table(
        ["variant", "dev wall ms", "dev CPU ms", "dev MB", "large wall ms", "large CPU ms", "x shipped CPU", "large MB"],
        ENGINE_VARIANTS.map((v) => {
            const d = cell("dev", v.id);
            const l = cell(LARGE_PREVIEW_STACK, v.id);
            return [v.id, f0(d.wallMs), f0(d.cpuMs), f0(d.rssMb), f0(l.wallMs), f0(l.cpuMs), f2(l.cpuMs / base.large.cpuMs), f0(l.rssMb)];
        }),
    ));
    return lines.join("\n") + "\n";
}

export interface ResultsInput {
    readonly date: Date;
    readonly machine: Machine;
    readonly args: BenchArgs;
    readonly entryPoints: readonly string[];
    readonly rows: readonly PlanRow[];
    readonly result: ReadonlyMap<string, Measurement>;
    readonly startupIds: readonly string[];
    readonly engine: EngineSuite | { readonly missing: string };
    readonly load: readonly number[];
    readonly policy: PolicyFigures | { readonly missing: string };
    readonly tests: TestTiming;
    readonly targets: readonly Target[];
}

const round = (x: number) => Number(x.toFixed(3));
const figures = (m: Figures) => ({ wallMs: round(m.wallMs), rssMb: round(m.rssMb), cpuMs: round(m.cpuMs) });

/** Writes results.json (every sample) and chart.svg into `outDir`; returns both paths. */
export function writeResults(outDir: string, r: ResultsInput): string[] {
    fs.mkdirSync(outDir, { recursive: true });
    const measured = (id: string) => {
        const m = r.result.get(id);
        return m === undefined ? null : { ...figures(m), samples: m.samples.map(figures) };
    };
    const floor = r.result.get(CASE.floor)!;
    const results = {
        date: r.date.toISOString(),
        machine: r.machine,
        runs: r.args.runs,
        engineRuns: r.args.engineRuns,
        loadAverage: r.load.map(round),
        floorModules: r.entryPoints,
        startup: r.startupIds.map((id) => ({ id, ...measured(id) })),
        plans: r.rows.map((row) => ({
            stack: row.stack, n: row.n ?? null, resources: row.resources,
            plan: measured(`plan ${row.stack}`), vsFloor: round(row.plan.wallMs / floor.wallMs),
            barePlanSettings: figures(row.barePlan), vsBarePlanSettings: { wall: round(row.plan.wallMs / row.barePlan.wallMs), cpu: round(row.plan.cpuMs / row.barePlan.cpuMs) },
            bareSdkDefaults: figures(row.bareSdk), vsBareSdkDefaults: { wall: round(row.plan.wallMs / row.bareSdk.wallMs), cpu: round(row.plan.cpuMs / row.bareSdk.cpuMs) },
        })),
        fit: timeFit(r.rows) ?? null,
        engine: "missing" in r.engine ? r.engine : {
            resources: r.engine.resources,
            pair: { dev: measured(r.engine.pair.dev.id), empty: measured(r.engine.pair.empty.id) },
            variants: r.engine.matrix.map((c) => ({ variant: c.variant, stack: c.stack, ...measured(c.id) })),
        },
        policy: r.policy,
        tests: r.tests,
        targets: r.targets,
    };
    const json = path.join(outDir, "results.json");
    fs.writeFileSync(json, JSON.stringify(results, null, 2) + "\n");
    const svg = path.join(outDir, "chart.svg");
    fs.writeFileSync(svg, chart(r, floor));
    return [json, svg];
}

function chart(r: ResultsInput, floor: Figures): string {
    const gen = r.rows.filter((row) => row.n !== undefined);
    const xs = gen.map((row) => row.n ?? 0);
    const series = (pick: (f: Figures) => number) => [
        { name: "our plan", color: "#1f77b4", points: gen.map((row): [number, number] => [row.n ?? 0, pick(row.plan)]) },
        { name: "bare SDK, SDK defaults", color: "#ff7f0e", points: gen.map((row): [number, number] => [row.n ?? 0, pick(row.bareSdk)]) },
        { name: "bare SDK, plan settings", color: "#2ca02c", points: gen.map((row): [number, number] => [row.n ?? 0, pick(row.barePlan)]) },
        { name: "plain floor (load SDKs)", color: "#7f7f7f", dashed: true, points: xs.map((x): [number, number] => [x, pick(floor)]) },
    ];
    const big = gen.find((row) => row.n === 200);
    return chartSvg(
        [
            { title: "Plan wall time (median)", yLabel: "ms", series: series((f) => f.wallMs), ...(big ? { target: { y: BOUNDS.n200VsBareSdk * big.bareSdk.wallMs, label: `N=200 target: ${BOUNDS.n200VsBareSdk}x bare SDK` } } : {}) },
            { title: "Peak RSS (median)", yLabel: "MB", series: series((f) => f.rssMb), target: { y: BOUNDS.n200RssMb, label: `N=200 target ${BOUNDS.n200RssMb} MB` } },
        ],
        xs,
        `${r.date.toISOString().slice(0, 10)} · ${r.machine.cpu} · ${r.machine.cores} cores · node ${r.machine.node} · ${r.args.runs} rounds`,
    );
}
