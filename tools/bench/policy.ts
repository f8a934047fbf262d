import * as fs from "node:fs";
import * as path from "node:path";
import type { PolicyFigures } from "./report";

/** What `policies/bench.ts` (owned by the policy pack; compiled with the program into dist/policies/) exports. */
interface PolicyBench {
    measurePackStartup(runs?: number): Promise<{ packMs: number; emptyMs: number }>;
    measureChecksPerSecond(n?: number): { checksPerSecond: number };
}

function isPolicyBench(m: unknown): m is PolicyBench {
    const o = m as Partial<Record<keyof PolicyBench, unknown>> | null;
    return o !== null && typeof o === "object" && typeof o.measurePackStartup === "function" && typeof o.measureChecksPerSecond === "function";
}

/**
 * The policy pack's own measurements, when `policies/bench.ts` exists: cold start through the SDK's
 * policy-pack runner against an empty pack, and resource-rule checks per second. Never invented:
 * returns a reason instead when the pack or its bench is absent or fails.
 */
export async function measurePolicyPack(projectDir: string, runs: number): Promise<PolicyFigures | { missing: string }> {
    if (!fs.existsSync(path.join(projectDir, "policies", "bench.ts"))) return { missing: "not present (policies/bench.ts does not exist yet)" };
    try {
        // The compiled module beside this one under dist/: the same build as the rest of the bench.
        const m: unknown = require("../../policies/bench");
        if (!isPolicyBench(m)) return { missing: "policies/bench.ts does not export measurePackStartup and measureChecksPerSecond" };
        const { packMs, emptyMs } = await m.measurePackStartup(runs);
        const { checksPerSecond } = m.measureChecksPerSecond();
        return { packMs, emptyMs, checksPerSecond };
    } catch (e) {
        return { missing: `failed: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}` };
    }
}
