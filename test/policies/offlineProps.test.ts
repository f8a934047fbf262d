import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { evaluatePolicies, type PlanResource } from "../../policies/offline";
import { parsePlatformConfig, readRawConfig } from "../../stacks/config";
import { platformProgram } from "../../stacks/program";
import { BENCH_SOURCE_STACK, detectSchemaFeatures, generateSourceOutputs, generateStackDoc, stackYaml } from "../../tools/bench/generator";
import { planProgram, stackConfig } from "../support/plan";

/** Plans of the dev and staging stacks and of a generated production stack with every strategy and section. */
async function plans(): Promise<Array<{ environment: "dev" | "staging" | "production"; resources: PlanResource[] }>> {
    const out: Array<{ environment: "dev" | "staging" | "production"; resources: PlanResource[] }> = [];
    for (const stack of ["dev", "staging"] as const) {
        const { config, secretKeys } = stackConfig(stack);
        const plan = await planProgram(() => platformProgram({ mode: "plan", config: parsePlatformConfig(readRawConfig(config), stack) }), { stack, config, secretKeys });
        out.push({ environment: stack, resources: plan.resources });
    }
    const doc = generateStackDoc(6, detectSchemaFeatures().features);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "offline-props-"));
    fs.writeFileSync(path.join(dir, "Pulumi.bench.yaml"), stackYaml(doc));
    const { config, secretKeys } = stackConfig("bench", path.join(dir, "Pulumi.bench.yaml"));
    const plan = await planProgram(() => platformProgram({ mode: "plan", config: parsePlatformConfig(readRawConfig(config), "bench", "acme") }), { stack: "bench", config, secretKeys, stackOutputs: { [BENCH_SOURCE_STACK]: generateSourceOutputs(doc) } });
    fs.rmSync(dir, { recursive: true, force: true });
    out.push({ environment: "production", resources: plan.resources });
    return out;
}

describe("offline evaluation: props outside the proxy", function () {
    this.timeout(60_000);
    let planned: Awaited<ReturnType<typeof plans>>;
    before(async () => {
        planned = await plans();
    });

    it("gives the verdicts the analyzer's way gives (every resource behind unknownCheckingProxy), unknown values included", () => {
        for (const { environment, resources } of planned) {
            // A Deployment whose pod template is unknown: it is still proxied, and the rules reading it skip.
            const at = resources.findIndex((r) => r.type === "kubernetes:apps/v1:Deployment");
            const withUnknown = resources.map((r, i) => (i === at ? { ...r, inputs: { ...r.inputs, spec: { ...(r.inputs.spec as object), template: "[unknown]" } } } : r));
            for (const rs of [resources, withUnknown]) {
                assert.deepStrictEqual(evaluatePolicies(rs, { environment }), evaluatePolicies(rs, { environment, alwaysProxy: true }), environment);
            }
            assert.ok(evaluatePolicies(withUnknown, { environment }).skipped.length > 0, "the unknown value skips rules");
        }
    });

    it("leaves the plan's inputs as they were: rules only read props", () => {
        for (const { environment, resources } of planned) {
            const before = JSON.stringify(resources);
            evaluatePolicies(resources, { environment });
            assert.strictEqual(JSON.stringify(resources), before, environment);
        }
    });
});
