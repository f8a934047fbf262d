import * as path from "node:path";
import type { PlannedResource } from "../../tools/plan/monitor";
import { runPlan, type PlanResult } from "../../tools/plan/run";
import { loadStackConfig } from "../../tools/plan/stackConfig";

export const repoRoot = path.resolve(__dirname, "..", "..");

/** Runs `program` under the recording mock monitor with the given (namespaced) config. */
export function planProgram(
    program: () => Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined,
    options: { stack?: string; config?: Record<string, string>; secretKeys?: string[]; stackOutputs?: Record<string, Record<string, unknown>> } = {},
): Promise<PlanResult> {
    return runPlan({
        project: "platform",
        stack: options.stack ?? "test",
        config: options.config ?? {},
        secretKeys: options.secretKeys ?? [],
        stackOutputs: options.stackOutputs,
        program,
    });
}

/** Config of a shipped stack or a fixture file, as the CLI would pass it. */
export function stackConfig(stack: string, configFile?: string) {
    return loadStackConfig(repoRoot, stack, configFile);
}

/** The one resource of `type` named `name`; fails loudly when absent. */
export function find(resources: readonly PlannedResource[], type: string, name: string): PlannedResource {
    const r = resources.find((x) => x.type === type && x.name === name);
    if (!r) throw new Error(`no ${type} named ${name}; have: ${resources.map((x) => `${x.type}/${x.name}`).join(", ")}`);
    return r;
}

/** `type/name` of every resource whose parent is `parentUrn`, sorted. */
export function childrenOf(resources: readonly PlannedResource[], parentUrn: string): string[] {
    return resources.filter((r) => r.parent === parentUrn).map((r) => `${r.type}/${r.name}`).sort();
}

/** A value deep inside inputs, by dotted path. */
export function at(value: unknown, dotted: string): unknown {
    return dotted.split(".").reduce<unknown>((v, k) => (v === null || v === undefined ? undefined : (v as Record<string, unknown>)[k]), value);
}
