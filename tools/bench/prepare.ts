import * as fs from "node:fs";
import * as path from "node:path";
import { planCommand, type PlanTarget } from "./cases";
import { BENCH_SOURCE_STACK, generateSourceOutputs, generateStackDoc, stackYaml, STRATEGIES, type Detection, type Features, type Section, type Strategy } from "./generator";
import { runOnce } from "./measure";
import { loadStackConfig } from "../plan/stackConfig";

export interface BenchDirs {
    readonly projectDir: string;
    readonly tmpDir: string;
    /** The RSS reporter preload (see `writeRssReporter`). */
    readonly reporter: string;
}

/** The first line of a failed plan's stderr that says what went wrong. */
export function failureLine(error: unknown): string {
    const text = error instanceof Error ? error.message : String(error);
    const lines = text.split("\n").map((l) => l.trim()).filter((l) => l !== "");
    return lines.find((l) => /^(plan failed:|invalid configuration|- platform:|Error:)/.test(l)) ?? lines[1] ?? lines[0] ?? "failed";
}

/**
 * Writes a generated stack file `Pulumi.<stack>.yaml` and the outputs of its promotion source into the temp dir;
 * returns the config file and the `--stack-outputs` value that feeds the source's release manifest.
 */
export function writeStack(dirs: BenchDirs, stack: string, n: number, features: Features): { configFile: string; stackOutputs: string[] } {
    const doc = generateStackDoc(n, features);
    const configFile = path.join(dirs.tmpDir, `Pulumi.${stack}.yaml`);
    const sourceFile = path.join(dirs.tmpDir, `${stack}.${BENCH_SOURCE_STACK}.json`);
    fs.writeFileSync(configFile, stackYaml(doc));
    fs.writeFileSync(sourceFile, JSON.stringify(generateSourceOutputs(doc)));
    return { configFile, stackOutputs: [`${BENCH_SOURCE_STACK}=${sourceFile}`] };
}

/** Runs `tasks` with at most `limit` in flight. */
async function pool<T>(tasks: ReadonlyArray<() => Promise<T>>, limit: number): Promise<T[]> {
    const results: T[] = new Array(tasks.length);
    let next = 0;
    const worker = async () => {
        while (next < tasks.length) {
            const i = next++;
            results[i] = await tasks[i]();
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
    return results;
}

/**
 * Narrows what the schema accepts to what the stack program can plan today: each strategy and section
 * is planned on its own next to one rolling app (a schema may land before the component that uses it).
 */
export async function detectProgramFeatures(dirs: BenchDirs, schema: Detection): Promise<Detection> {
    const base: Features = { strategies: ["rolling"], sections: [], variants: schema.features.variants };
    const probes: Array<{ feature: string; features: Features; n: number }> = [
        ...schema.features.strategies.filter((s) => s !== "rolling").map((s) => ({ feature: `strategy ${s}`, features: { ...base, strategies: ["rolling", s] as Strategy[] }, n: 2 })),
        ...schema.features.sections.map((s) => ({ feature: `platform:${s}`, features: { ...base, sections: [s] as Section[] }, n: 1 })),
    ];
    const outcomes = await pool(
        probes.map((p, i) => async () => {
            const stack = `probe-${i}`;
            const written = writeStack(dirs, stack, p.n, p.features);
            try {
                await runOnce(planCommand(dirs.projectDir, { stack, ...written }, path.join(dirs.tmpDir, "probe-out")), dirs.reporter, dirs.tmpDir);
                return undefined;
            } catch (e) {
                return failureLine(e);
            }
        }),
        2,
    );
    const rejected = [...schema.rejected];
    const failed = new Set<string>();
    probes.forEach((p, i) => {
        const reason = outcomes[i];
        if (reason !== undefined) {
            failed.add(p.feature);
            rejected.push({ feature: p.feature, reason: `schema accepts it, the program does not: ${reason}` });
        }
    });
    const features: Features = {
        strategies: STRATEGIES.filter((s) => schema.features.strategies.includes(s) && !failed.has(`strategy ${s}`)),
        sections: schema.features.sections.filter((s) => !failed.has(`platform:${s}`)),
        variants: schema.features.variants,
    };
    return { features, rejected };
}

/**
 * Plans `target` once (a warm-up that also produces the plan.json the bare case replays). A stack whose
 * program reads another stack's outputs gets that stack planned first and passed with --stack-outputs.
 */
export async function preparePlan(dirs: BenchDirs, target: PlanTarget, outDir: string, depth = 0): Promise<PlanTarget> {
    // A promoted stack would otherwise plan its source in a child process inside every measured run.
    const { project, config } = loadStackConfig(dirs.projectDir, target.stack, target.configFile);
    const from = (JSON.parse(config[`${project}:promotion`] ?? "{}") as { from?: string }).from;
    const source = from?.split("/").pop();
    if (source !== undefined && depth <= 2 && !(target.stackOutputs ?? []).some((s) => s.startsWith(`${source}=`))) {
        const refOut = path.join(dirs.tmpDir, "referenced");
        await preparePlan(dirs, { stack: source }, refOut, depth + 1);
        return preparePlan(dirs, { ...target, stackOutputs: [...(target.stackOutputs ?? []), `${source}=${path.join(refOut, source, "plan.json")}`] }, outDir, depth + 1);
    }
    try {
        // This run also records the provider modules our code loads for the stack: the bare replay loads the same.
        const modulesFile = path.join(dirs.tmpDir, `${target.stack}.modules.json`);
        const command = planCommand(dirs.projectDir, target, outDir);
        await runOnce({ ...command, env: { ...command.env, BENCH_MODULES_FILE: modulesFile } }, dirs.reporter, dirs.tmpDir);
        return { ...target, providerModules: JSON.parse(fs.readFileSync(modulesFile, "utf8")) as string[] };
    } catch (e) {
        const needed = /--stack-outputs ([A-Za-z0-9_.-]+)=/.exec(e instanceof Error ? e.message : "")?.[1];
        if (needed === undefined || depth > 2) throw e;
        const refOut = path.join(dirs.tmpDir, "referenced");
        await preparePlan(dirs, { stack: needed }, refOut, depth + 1);
        const withRef = { ...target, stackOutputs: [...(target.stackOutputs ?? []), `${needed}=${path.join(refOut, needed, "plan.json")}`] };
        return preparePlan(dirs, withRef, outDir, depth + 1);
    }
}
