import { linearFit } from "./measure";

/** One row of the results table: a plan of one stack, with its bare replay. */
export interface PlanRow {
    readonly stack: string;
    /** Apps in a generated stack; undefined for a shipped stack. */
    readonly n?: number;
    readonly wallMs: number;
    readonly rssMb: number;
    /** Median CPU time (user + system). */
    readonly cpuMs: number;
    readonly resources: number;
    readonly msPerResource: number;
    readonly bareWallMs: number;
    readonly bareRssMb: number;
    readonly bareCpuMs: number;
    /** wallMs / floor wall. */
    readonly vsFloor: number;
    /** wallMs / bareWallMs: our overhead. */
    readonly vsBare: number;
    /** cpuMs / bareCpuMs: our overhead in CPU time, which other load on the machine disturbs less. */
    readonly vsBareCpu: number;
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

/** Least-squares fit of plan wall time against N over the generated stacks, and its R². */
export function timeFit(rows: readonly PlanRow[]): { slopeMsPerApp: number; interceptMs: number; r2: number } | undefined {
    const gen = rows.filter((r) => r.n !== undefined);
    if (gen.length < 3) return undefined;
    const fit = linearFit(gen.map((r) => r.n ?? 0), gen.map((r) => r.wallMs));
    return { slopeMsPerApp: fit.slope, interceptMs: fit.intercept, r2: fit.r2 };
}

/** R² the fit must reach for "time grows linearly with N". */
export const LINEAR_R2 = 0.98;

/** The targets, evaluated on this run. */
export function evaluateTargets(rows: readonly PlanRow[], policy: PolicyFigures | { readonly missing: string }): Target[] {
    const targets: Target[] = [];
    const prod = rows.find((r) => r.stack === "production");
    if (prod) {
        targets.push({ name: "production plan wall", target: "<= 2500 ms", value: `${prod.wallMs.toFixed(0)} ms`, pass: prod.wallMs <= 2500 });
        targets.push({ name: "production plan peak RSS", target: "<= 300 MB", value: `${prod.rssMb.toFixed(0)} MB`, pass: prod.rssMb <= 300 });
    }
    const big = rows.find((r) => r.n === 200);
    if (big) {
        targets.push({ name: "N=200 plan wall", target: "<= 8000 ms", value: `${big.wallMs.toFixed(0)} ms`, pass: big.wallMs <= 8000 });
        targets.push({ name: "N=200 plan peak RSS", target: "<= 800 MB", value: `${big.rssMb.toFixed(0)} MB`, pass: big.rssMb <= 800 });
    }
    const fit = timeFit(rows);
    if (fit) {
        const value = `wall = ${fit.interceptMs.toFixed(0)} ms + ${fit.slopeMsPerApp.toFixed(1)} ms x N, R² = ${fit.r2.toFixed(4)}`;
        targets.push({ name: "time linear in N", target: `least-squares R² >= ${LINEAR_R2}`, value, pass: fit.r2 >= LINEAR_R2 });
    }
    if (rows.length > 0) {
        const wall = rows.map((r) => `${r.stack} ${r.vsBare.toFixed(2)}x`).join(", ");
        targets.push({ name: "overhead vs bare SDK, wall (every stack)", target: "<= 1.30x", value: wall, pass: rows.every((r) => r.vsBare <= 1.3) });
        const cpu = rows.map((r) => `${r.stack} ${r.vsBareCpu.toFixed(2)}x`).join(", ");
        targets.push({ name: "overhead vs bare SDK, CPU (every stack)", target: "<= 1.30x", value: cpu, pass: rows.every((r) => r.vsBareCpu <= 1.3) });
    }
    if (!("missing" in policy)) {
        const ratio = policy.packMs / policy.emptyMs;
        targets.push({ name: "policy pack cold start vs empty pack", target: "<= 1.25x", value: `${policy.packMs.toFixed(0)} / ${policy.emptyMs.toFixed(0)} ms = ${ratio.toFixed(2)}x`, pass: ratio <= 1.25 });
        targets.push({ name: "policy checks per second", target: ">= 50000", value: policy.checksPerSecond.toFixed(0), pass: policy.checksPerSecond >= 50000 });
    } else {
        targets.push({ name: "policy pack", target: "cold start <= 1.25x empty; >= 50000 checks/s", value: `policy pack: ${policy.missing}`, pass: undefined });
    }
    return targets;
}

/** Fixed-width text table. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
    return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export function planTable(rows: readonly PlanRow[]): string {
    return table(
        ["stack", "N", "wall ms", "peak RSS MB", "CPU ms", "resources", "ms/resource", "x floor", "bare ms", "bare MB", "x bare", "x bare CPU"],
        rows.map((r) => [
            r.stack,
            r.n === undefined ? "-" : String(r.n),
            r.wallMs.toFixed(0),
            r.rssMb.toFixed(0),
            r.cpuMs.toFixed(0),
            String(r.resources),
            r.msPerResource.toFixed(2),
            r.vsFloor.toFixed(2),
            r.bareWallMs.toFixed(0),
            r.bareRssMb.toFixed(0),
            r.vsBare.toFixed(2),
            r.vsBareCpu.toFixed(2),
        ]),
    );
}

export function targetTable(targets: readonly Target[]): string {
    return table(["target", "goal", "measured", "result"], targets.map((t) => [t.name, t.target, t.value, t.pass === undefined ? "n/a" : t.pass ? "PASS" : "MISS"]));
}
