import { parseImageReference, versionOf } from "./imageRef";
import type { ReleaseManifest } from "./releaseManifest";

/** An app as the promotion will deploy it. */
export interface PromotionTarget {
    readonly app: string;
    /** Image reference to deploy (`repo@sha256:...` from `resolvePromotion`, or any reference). */
    readonly image: string;
    /** Version label. Default: the image tag, else the digest's first 12 hex characters. */
    readonly version?: string;
    readonly strategy: string;
    /** Gates the update will run, in order (e.g. "smoke", "analysis-1", "analysis-2"). */
    readonly gates: readonly string[];
}

/** "smoke, analysis-1, analysis-2, analysis-3" → "smoke, analysis step 1..3". Pure. */
export function describeGates(names: readonly string[]): string {
    if (names.length === 0) return "no gates";
    const groups = new Map<string, number[]>();
    const order: string[] = [];
    for (const name of names) {
        const m = /^(.*?)-(?:step-)?(\d+)$/.exec(name);
        const key = m ? `step:${m[1]}` : `name:${name}`;
        if (!groups.has(key)) [groups.set(key, []), order.push(key)];
        if (m) groups.get(key)!.push(Number(m[2]));
    }
    const parts = order.map((key) => {
        if (key.startsWith("name:")) return key.slice("name:".length);
        const steps = [...new Set(groups.get(key)!)].sort((a, b) => a - b);
        const runs: string[] = [];
        for (let i = 0; i < steps.length; ) {
            let j = i;
            while (j + 1 < steps.length && steps[j + 1] === steps[j] + 1) j++;
            runs.push(i === j ? `${steps[i]}` : `${steps[i]}..${steps[j]}`);
            i = j + 1;
        }
        return `${key.slice("step:".length)} step ${runs.join(", ")}`;
    });
    return `gates: ${parts.join(", ")}`;
}

/**
 * What a promotion changes, one line per app (sorted): "api: 2.6.0 → 2.7.0 (canary, gates: smoke, analysis step 1..3)".
 * `current` is the manifest of what production runs now (undefined on the first release). Pure.
 */
export function summarizePromotion(current: ReleaseManifest | undefined, next: readonly PromotionTarget[]): string[] {
    const lines: string[] = [];
    const nextApps = new Set(next.map((t) => t.app));
    for (const target of [...next].sort((a, b) => a.app.localeCompare(b.app))) {
        const ref = parseImageReference(target.image);
        const version = target.version ?? (ref ? versionOf(ref) : target.image);
        const detail = `${target.strategy}, ${describeGates(target.gates)}`;
        const before = current?.apps[target.app];
        if (before === undefined) {
            lines.push(`${target.app}: (new) → ${version} (${detail})`);
        } else if (ref?.digest !== undefined && ref.digest === before.digest) {
            lines.push(`${target.app}: ${version} (unchanged, ${target.strategy})`);
        } else if (before.version === version && ref?.digest !== undefined) {
            lines.push(`${target.app}: ${before.version} → ${version} (new digest ${ref.digest.slice(0, "sha256:".length + 12)}, ${detail})`);
        } else {
            lines.push(`${target.app}: ${before.version} → ${version} (${detail})`);
        }
    }
    for (const app of Object.keys(current?.apps ?? {}).sort()) {
        if (!nextApps.has(app)) lines.push(`${app}: ${current!.apps[app].version} → (removed)`);
    }
    return lines;
}
