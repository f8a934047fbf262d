import * as fs from "node:fs";
import * as path from "node:path";
import type { EvaluationResult } from "../../policies/offline";
import { manifestYaml, type Manifest } from "./manifests";
import type { PlanResult } from "./run";

/**
 * Puts `text` at `file`: a hard link to `previous` when that file already holds exactly `text`, else a new
 * file. Re-planning mostly writes what is there already; linking it costs neither the write nor, when the
 * previous output is deleted, freeing the old file (at N=200, deleting 4,300 files was a second under load).
 */
function place(file: string, text: string, previous: string): void {
    try {
        if (fs.readFileSync(previous, "utf8") === text) {
            fs.linkSync(previous, file);
            return;
        }
    } catch {
        // No previous file, or no hard links on this file system: write it.
    }
    fs.writeFileSync(file, text);
}

/** Moves `tmp` into the place of `outDir`, the previous `outDir` aside first and deleted last (put back if the move fails). */
function replaceDir(tmp: string, outDir: string): void {
    const old = `${outDir}.old-${process.pid}`;
    fs.rmSync(old, { recursive: true, force: true });
    const had = fs.existsSync(outDir);
    if (had) fs.renameSync(outDir, old);
    try {
        fs.renameSync(tmp, outDir);
    } catch (e) {
        if (had) fs.renameSync(old, outDir);
        throw e;
    }
    if (had) fs.rmSync(old, { recursive: true, force: true });
}

/**
 * Writes `outDir` (plan.json, manifests/, policy.json) atomically: into a sibling temp directory first,
 * which then replaces `outDir`. A failure on the way leaves the previous `outDir` as it was. Files whose
 * bytes are unchanged are the previous ones, linked (their modification time stays that of their content).
 */
export function writePlanOutput(outDir: string, plan: PlanResult, manifests: readonly Manifest[], policy: EvaluationResult & { readonly environment: string }, projectDir?: string): void {
    // The machine's checkout folder is no part of a plan: `<project>` stands for it, so plans compare across clones.
    const portable = (_key: string, value: unknown) => (projectDir !== undefined && typeof value === "string" ? value.split(projectDir).join("<project>") : value);
    const tmp = `${outDir}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    try {
        fs.mkdirSync(path.join(tmp, "manifests"), { recursive: true });
        const put = (rel: string, text: string) => place(path.join(tmp, rel), text, path.join(outDir, rel));
        const resources = plan.resources.map(({ urn, type, name, parent, inputs, dependencies, ignoreChanges }) => ({ urn, type, name, parent, inputs, dependencies, ...(ignoreChanges ? { ignoreChanges } : {}) }));
        put("plan.json", JSON.stringify({ stack: plan.stack, resources, outputs: plan.outputs }, portable, 2) + "\n");
        for (const m of manifests) put(path.join("manifests", m.file), manifestYaml(m.object));
        put("policy.json", JSON.stringify({ environment: policy.environment, checks: policy.checks, violations: policy.violations, skipped: policy.skipped }, null, 2) + "\n");
        replaceDir(tmp, outDir);
    } catch (e) {
        fs.rmSync(tmp, { recursive: true, force: true });
        throw e;
    }
}
