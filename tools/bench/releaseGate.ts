// The release gate's own overhead per step, as the cluster suite measured it on the real API server: how long
// each canary weight stayed on the route beyond the configured hold. `npm run test:cluster` writes the figures
// (test/cluster/release.cluster.ts); `npm run bench` reports them against the target.
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineLayout } from "../engine/layout";

export interface ReleaseGateFigures {
    /** When the cluster suite measured them (ISO 8601). */
    readonly measuredAt: string;
    /** The configured hold of every step, seconds. */
    readonly stepSeconds: number;
    /** Each step's weight and how long the server held it (from the route observer's timestamps). */
    readonly steps: ReadonlyArray<{ readonly weight: number; readonly heldMs: number }>;
}

/** Where the cluster suite leaves the figures (beside the engine it ran on, never in the repository). */
export function releaseGateFile(layout: EngineLayout): string {
    return path.join(layout.dir, "bench", "release-gate.json");
}

export function writeReleaseGate(layout: EngineLayout, figures: ReleaseGateFigures): void {
    fs.mkdirSync(path.dirname(releaseGateFile(layout)), { recursive: true });
    fs.writeFileSync(releaseGateFile(layout), `${JSON.stringify(figures, null, 2)}\n`);
}

export function readReleaseGate(layout: EngineLayout): ReleaseGateFigures | { readonly missing: string } {
    const file = releaseGateFile(layout);
    if (!fs.existsSync(file)) return { missing: "not measured: run `npm run test:cluster` first (its release suite measures it)" };
    return JSON.parse(fs.readFileSync(file, "utf8")) as ReleaseGateFigures;
}

/** The largest time beyond the hold, seconds, over the measured steps. Pure. */
export function maxOverheadSeconds(f: ReleaseGateFigures): number {
    return Math.max(...f.steps.map((s) => s.heldMs / 1000 - f.stepSeconds));
}
