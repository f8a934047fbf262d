import { linearFit } from "./measure";
import type { TestTiming } from "./tests";

/** Medians of one case. */
import { maxOverheadSeconds, type ReleaseGateFigures } from "./releaseGate";

export interface Figures {
    readonly wallMs: number;
    readonly rssMb: number;
    /** CPU time (user + system) of the node process. */
    readonly cpuMs: number;
}

/** One row of the results table: a plan of one stack, with its two bare replays. */
export interface PlanRow {
    readonly stack: string;
    /** Apps in a generated stack; undefined for a shipped stack. */
    readonly n?: number;
    readonly resources: number;
    readonly plan: Figures;
    /** The bare replay with the plan's runtime settings: plan / this is our code's overhead. */
    readonly barePlan: Figures;
    /** The bare replay with the SDK's defaults: the SDK used plainly. */
    readonly bareSdk: Figures;
}

export interface Target {
    readonly name: string;
    readonly target: string;
    readonly value: string;
    /** undefined when not measured (say why in `value`). */
    readonly pass: boolean | undefined;
}

export interface PolicyFigures {
    readonly packMs: number;
    readonly emptyMs: number;
    readonly checksPerSecond: number;
}

/** The issue's bounds. */
export const BOUNDS = {
    productionVsFloor: 2.0,
    productionRssMb: 300,
    startupVsFloor: 1.3,
    n200VsBareSdk: 0.8,
    n200RssMb: 1200,
    linearR2: 0.98,
    testsMs: 180_000,
    packVsEmpty: 1.25,
    checksPerSecond: 50_000,
    gateOverheadS: 5,
} as const;

/** Least-squares fit of plan wall time against N over the generated stacks, and its R². */
export function timeFit(rows: readonly PlanRow[]): { slopeMsPerApp: number; interceptMs: number; r2: number } | undefined {
    const gen = rows.filter((r) => r.n !== undefined);
    if (gen.length < 3) return undefined;
    const fit = linearFit(gen.map((r) => r.n ?? 0), gen.map((r) => r.plan.wallMs));
    return { slopeMsPerApp: fit.slope, interceptMs: fit.intercept, r2: fit.r2 };
}

export interface TargetInputs {
    /** The plain floor: node, no loader, no compile cache, requiring the SDK and our provider submodules. */
    readonly floor: Figures;
    /** Program start-up the Pulumi.yaml way. */
    readonly startup: Figures;
    readonly rows: readonly PlanRow[];
    readonly policy: PolicyFigures | { readonly missing: string };
    /** `npm test` without e2e, one run. */
    readonly tests: TestTiming;
    /** The release gate's hold per step on the real API server, from the last `npm run test:cluster`. */
    readonly releaseGate: ReleaseGateFigures | { readonly missing: string };
}

const ms = (x: number) => `${x.toFixed(0)} ms`;
const times = (x: number) => `${x.toFixed(2)}x`;

/** The issue's targets, evaluated on this run (every ratio from figures of this run). */
export function evaluateTargets(t: TargetInputs): Target[] {
    const out: Target[] = [];
    const floor = t.floor;
    const prod = t.rows.find((r) => r.stack === "production");
    if (prod) {
        const ratio = prod.plan.wallMs / floor.wallMs;
        out.push({ name: "production plan vs plain floor", target: `<= ${BOUNDS.productionVsFloor.toFixed(1)}x`, value: `${ms(prod.plan.wallMs)} / ${ms(floor.wallMs)} = ${times(ratio)}`, pass: ratio <= BOUNDS.productionVsFloor });
        out.push({ name: "production plan peak RSS", target: `<= ${BOUNDS.productionRssMb} MB`, value: `${prod.plan.rssMb.toFixed(0)} MB`, pass: prod.plan.rssMb <= BOUNDS.productionRssMb });
    }
    const start = t.startup.wallMs / floor.wallMs;
    out.push({ name: "start-up the Pulumi.yaml way vs plain floor", target: `<= ${BOUNDS.startupVsFloor.toFixed(1)}x`, value: `${ms(t.startup.wallMs)} / ${ms(floor.wallMs)} = ${times(start)}`, pass: start <= BOUNDS.startupVsFloor });
    const big = t.rows.find((r) => r.n === 200);
    if (big) {
        const wall = big.plan.wallMs / big.bareSdk.wallMs;
        const cpu = big.plan.cpuMs / big.bareSdk.cpuMs;
        out.push({ name: "N=200 plan vs bare replay, SDK defaults", target: `<= ${BOUNDS.n200VsBareSdk.toFixed(1)}x (wall)`, value: `${ms(big.plan.wallMs)} / ${ms(big.bareSdk.wallMs)} = ${times(wall)} (CPU ${times(cpu)})`, pass: wall <= BOUNDS.n200VsBareSdk });
        out.push({ name: "N=200 plan peak RSS", target: `<= ${BOUNDS.n200RssMb} MB`, value: `${big.plan.rssMb.toFixed(0)} MB`, pass: big.plan.rssMb <= BOUNDS.n200RssMb });
    }
    const fit = timeFit(t.rows);
    if (fit) {
        const value = `wall = ${fit.interceptMs.toFixed(0)} ms + ${fit.slopeMsPerApp.toFixed(1)} ms x N, R² = ${fit.r2.toFixed(4)}`;
        out.push({ name: "plan time linear in N", target: `R² >= ${BOUNDS.linearR2}`, value, pass: fit.r2 >= BOUNDS.linearR2 });
    }
    if ("missing" in t.tests) out.push({ name: "npm test (without e2e)", target: "<= 3 min, passing", value: t.tests.missing, pass: undefined });
    else {
        const value = `${(t.tests.wallMs / 1000).toFixed(0)} s${t.tests.failure !== undefined ? `, FAILED (${t.tests.failure})` : ""}`;
        out.push({ name: "npm test (without e2e)", target: "<= 3 min, passing", value, pass: t.tests.failure === undefined && t.tests.wallMs <= BOUNDS.testsMs });
    }
    if (!("missing" in t.policy)) {
        const ratio = t.policy.packMs / t.policy.emptyMs;
        out.push({ name: "policy pack cold start vs empty pack", target: `<= ${BOUNDS.packVsEmpty}x`, value: `${ms(t.policy.packMs)} / ${ms(t.policy.emptyMs)} = ${times(ratio)}`, pass: ratio <= BOUNDS.packVsEmpty });
        out.push({ name: "policy checks per second", target: `>= ${BOUNDS.checksPerSecond}`, value: t.policy.checksPerSecond.toFixed(0), pass: t.policy.checksPerSecond >= BOUNDS.checksPerSecond });
    } else {
        out.push({ name: "policy pack", target: `cold start <= ${BOUNDS.packVsEmpty}x empty; >= ${BOUNDS.checksPerSecond} checks/s`, value: `policy pack: ${t.policy.missing}`, pass: undefined });
    }
    if ("missing" in t.releaseGate) out.push({ name: "release gate overhead per step", target: `<= ${BOUNDS.gateOverheadS} s`, value: t.releaseGate.missing, pass: undefined });
    else {
        const over = maxOverheadSeconds(t.releaseGate);
        const held = t.releaseGate.steps.map((s) => `${s.weight}% ${(s.heldMs / 1000).toFixed(1)} s`).join(", ");
        out.push({ name: "release gate overhead per step", target: `<= ${BOUNDS.gateOverheadS} s`, value: `${over.toFixed(2)} s at most beyond the ${t.releaseGate.stepSeconds} s hold (${held}; test:cluster ${t.releaseGate.measuredAt})`, pass: over <= BOUNDS.gateOverheadS });
    }
    return out;
}

/** Fixed-width text table. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
    return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export const PLAN_HEADER = ["stack", "N", "resources", "wall ms", "peak RSS MB", "CPU ms", "x floor", "bare (plan settings) ms", "x bare", "x bare CPU", "bare (SDK defaults) ms", "bare MB", "x bare SDK", "x bare SDK CPU"] as const;

export function planCells(r: PlanRow, floor: Figures): string[] {
    return [
        r.stack,
        r.n === undefined ? "-" : String(r.n),
        String(r.resources),
        r.plan.wallMs.toFixed(0),
        r.plan.rssMb.toFixed(0),
        r.plan.cpuMs.toFixed(0),
        (r.plan.wallMs / floor.wallMs).toFixed(2),
        r.barePlan.wallMs.toFixed(0),
        (r.plan.wallMs / r.barePlan.wallMs).toFixed(2),
        (r.plan.cpuMs / r.barePlan.cpuMs).toFixed(2),
        r.bareSdk.wallMs.toFixed(0),
        r.bareSdk.rssMb.toFixed(0),
        (r.plan.wallMs / r.bareSdk.wallMs).toFixed(2),
        (r.plan.cpuMs / r.bareSdk.cpuMs).toFixed(2),
    ];
}

export function planTable(rows: readonly PlanRow[], floor: Figures): string {
    return table(PLAN_HEADER, rows.map((r) => planCells(r, floor)));
}

export function targetTable(targets: readonly Target[]): string {
    return table(["target", "goal", "measured", "result"], targets.map((t) => [t.name, t.target, t.value, t.pass === undefined ? "n/a" : t.pass ? "PASS" : "MISS"]));
}
