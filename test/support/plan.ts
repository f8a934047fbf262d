import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as path from "node:path";
import type { PlannedResource } from "../../tools/plan/monitor";
import { runPlan, type PlanResult } from "../../tools/plan/run";
import { loadStackConfig } from "../../tools/plan/stackConfig";
import { projectRoot } from "../../components/projectRoot";

export const repoRoot = projectRoot();

/** The compiled plan CLI with the repository's preload, as `npm run plan` runs it. */
export const PLAN_COMMAND: readonly string[] = ["--require", path.join(repoRoot, "tools", "runtime", "preload.cjs"), path.join(repoRoot, "dist", "tools", "plan", "cli.js")];

/** Runs `npm run plan -- <args>` in a child process (the SDK's runtime state is per process). */
export function planCli(args: readonly string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
    return spawnSync(process.execPath, [...PLAN_COMMAND, ...args], { cwd: repoRoot, encoding: "utf8", timeout: options.timeoutMs ?? 120_000, env: options.env ?? process.env });
}

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
