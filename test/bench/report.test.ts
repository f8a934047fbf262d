import * as assert from "node:assert/strict";
import { evaluateTargets, type Figures, type PlanRow, type TargetInputs } from "../../tools/bench/report";

const f = (wallMs: number, rssMb = 100, cpuMs = wallMs): Figures => ({ wallMs, rssMb, cpuMs });

function row(stack: string, n: number | undefined, plan: Figures, bareSdk: Figures, barePlan: Figures = bareSdk): PlanRow {
    return { stack, n, resources: 100, plan, barePlan, bareSdk };
}

/** A run where every target passes exactly at its bound. */
function atBounds(): TargetInputs {
    return {
        floor: f(1000),
        startup: f(1300),
        rows: [row("production", undefined, f(2000, 300), f(1500)), row("bench-n10", 10, f(3000), f(3000)), row("bench-n50", 50, f(7000), f(7000)), row("bench-n200", 200, f(22_000, 1200), f(27_500), f(20_000))],
        policy: { packMs: 125, emptyMs: 100, checksPerSecond: 50_000 },
        tests: { wallMs: 180_000 },
        releaseGate: { measuredAt: "2026-12-07T17:00:00Z", stepSeconds: 10, steps: [{ weight: 10, heldMs: 15_000 }, { weight: 50, heldMs: 10_000 }] },
    };
}

const results = (t: TargetInputs) => Object.fromEntries(evaluateTargets(t).map((x) => [x.name, x.pass]));

describe("bench targets", () => {
    it("passes every target at its bound, each ratio against the plain floor or the SDK-defaults replay of the same run", () => {
        assert.deepEqual(results(atBounds()), {
            "production plan vs plain floor": true,
            "production plan peak RSS": true,
            "start-up the Pulumi.yaml way vs plain floor": true,
            "N=200 plan vs bare replay, SDK defaults": true,
            "N=200 plan peak RSS": true,
            "plan time linear in N": true,
            "npm test (without e2e)": true,
            "policy pack cold start vs empty pack": true,
            "policy checks per second": true,
            "release gate overhead per step": true,
        });
    });

    it("the release gate's overhead is its largest time beyond the hold, from the cluster suite's figures", () => {
        const t = atBounds();
        const over = evaluateTargets({ ...t, releaseGate: { ...t.releaseGate as { measuredAt: string; stepSeconds: number; steps: [] }, steps: [{ weight: 10, heldMs: 10_100 }, { weight: 50, heldMs: 15_001 }] } }).find((x) => x.name === "release gate overhead per step")!;
        assert.equal(over.pass, false);
        assert.equal(over.value, "5.00 s at most beyond the 10 s hold (10% 10.1 s, 50% 15.0 s; test:cluster 2026-12-07T17:00:00Z)");
        const missing = evaluateTargets({ ...t, releaseGate: { missing: "not measured" } }).find((x) => x.name === "release gate overhead per step")!;
        assert.deepEqual([missing.pass, missing.value], [undefined, "not measured"]);
    });

    it("misses each target just past its bound", () => {
        const t = atBounds();
        const [, n10, n50] = t.rows;
        const over = { ...t, floor: f(999), rows: [row("production", undefined, f(2000, 301), f(1500)), n10, n50, row("bench-n200", 200, f(22_001, 1201), f(27_500), f(20_000))], tests: { wallMs: 180_001 } };
        const r = results(over);
        assert.equal(r["production plan vs plain floor"], false);
        assert.equal(r["production plan peak RSS"], false);
        assert.equal(r["start-up the Pulumi.yaml way vs plain floor"], false);
        assert.equal(r["N=200 plan vs bare replay, SDK defaults"], false);
        assert.equal(r["N=200 plan peak RSS"], false);
        assert.equal(r["npm test (without e2e)"], false);
    });

    it("compares N=200 with the replay run with the SDK's defaults, not the one with the plan's settings", () => {
        const t = atBounds();
        const slowerThanOurs = { ...t, rows: t.rows.map((r) => (r.n === 200 ? { ...r, bareSdk: f(20_000), barePlan: f(100_000) } : r)) };
        assert.equal(results(slowerThanOurs)["N=200 plan vs bare replay, SDK defaults"], false);
    });

    it("misses a failing test suite whatever its time, and reports what was not measured as n/a", () => {
        assert.equal(results({ ...atBounds(), tests: { wallMs: 1000, failure: "exit 1" } })["npm test (without e2e)"], false);
        const missing = evaluateTargets({ ...atBounds(), tests: { missing: "not measured" }, policy: { missing: "not present" } });
        assert.equal(missing.find((x) => x.name === "npm test (without e2e)")?.pass, undefined);
        assert.equal(missing.find((x) => x.name === "policy pack")?.pass, undefined);
    });

    it("misses linearity when time does not grow in a line with N", () => {
        const t = atBounds();
        const bent = { ...t, rows: t.rows.map((r) => (r.n === 50 ? { ...r, plan: f(20_000) } : r)) };
        assert.equal(results(bent)["plan time linear in N"], false);
    });
});
