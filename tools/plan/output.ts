import * as fs from "node:fs";
import * as path from "node:path";
import type { EvaluationResult } from "../../policies/offline";
import { manifestYaml, type Manifest } from "./manifests";
import type { PlanResult } from "./run";

/**
 * Writes `outDir` (plan.json, manifests/, policy.json) atomically: into a sibling temp directory first,
 * which then replaces `outDir`. A failure on the way leaves the previous `outDir` as it was.
 */
export function writePlanOutput(outDir: string, plan: PlanResult, manifests: readonly Manifest[], policy: EvaluationResult & { readonly environment: string }): void {
    const tmp = `${outDir}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    try {
        fs.mkdirSync(path.join(tmp, "manifests"), { recursive: true });
        const resources = plan.resources.map(({ urn, type, name, parent, inputs, dependencies, ignoreChanges }) => ({ urn, type, name, parent, inputs, dependencies, ...(ignoreChanges ? { ignoreChanges } : {}) }));
        fs.writeFileSync(path.join(tmp, "plan.json"), JSON.stringify({ stack: plan.stack, resources, outputs: plan.outputs }, null, 2) + "\n");
        for (const m of manifests) fs.writeFileSync(path.join(tmp, "manifests", m.file), manifestYaml(m.object));
        fs.writeFileSync(path.join(tmp, "policy.json"), JSON.stringify({ environment: policy.environment, checks: policy.checks, violations: policy.violations, skipped: policy.skipped }, null, 2) + "\n");
        fs.rmSync(outDir, { recursive: true, force: true });
        fs.renameSync(tmp, outDir);
    } catch (e) {
        fs.rmSync(tmp, { recursive: true, force: true });
        throw e;
    }
}
