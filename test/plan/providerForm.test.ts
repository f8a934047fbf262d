import * as assert from "node:assert/strict";
import { parsePlatformConfig, readRawConfig } from "../../stacks/config";
import { platformProgram } from "../../stacks/program";
import type { PlannedResource } from "../../tools/plan/monitor";
import { planProgram, stackConfig } from "../support/plan";

/**
 * What the Kubernetes provider would rewrite when it checks inputs: empty lists and empty metadata maps
 * (dropped: the API types omit them) and a Secret's stringData (stored as base64 data). Anything the program
 * registers in another form than the provider stores makes the offline plan differ from `pulumi preview`
 * (test/e2e/ compares them on the stacks the real engine can run here; this covers every stack offline).
 */
function providerRewrites(resources: readonly PlannedResource[]): string[] {
    const found: string[] = [];
    const walk = (v: unknown, at: string, r: PlannedResource) => {
        if (Array.isArray(v)) {
            if (v.length === 0) found.push(`${r.type} ${r.name}: ${at} is an empty list`);
            v.forEach((x, i) => walk(x, `${at}[${i}]`, r));
        } else if (v !== null && typeof v === "object") {
            if (/\.metadata\.(labels|annotations)$/.test(at) && Object.keys(v).length === 0) found.push(`${r.type} ${r.name}: ${at} is an empty map`);
            for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`, r);
        }
    };
    for (const r of resources.filter((x) => x.type.startsWith("kubernetes:") && x.type !== "kubernetes:helm.sh/v3:Release")) {
        walk(r.inputs, "", r);
        if (r.type === "kubernetes:core/v1:Secret" && r.inputs.stringData !== undefined) found.push(`${r.type} ${r.name}: sets stringData`);
    }
    return found;
}

describe("the program registers Kubernetes inputs in the form the provider stores them", function () {
    this.timeout(120_000);
    const stacks: Array<[string, string | undefined]> = [["dev", undefined], ["staging", undefined], ["production", undefined], ["prod-azure", "test/fixtures/stacks/azure.yaml"], ["prod-gcp", "test/fixtures/stacks/gcp.yaml"]];
    for (const [stack, file] of stacks) {
        it(`${stack}: no empty list, no empty metadata map, no Secret stringData`, async () => {
            const loaded = stackConfig(stack, file);
            const staging = stack === "dev" ? undefined : await planProgram(() => platformProgram({ mode: "plan", config: parsePlatformConfig(readRawConfig(stackConfig("staging").config), "staging", "acme") }), { stack: "staging", config: stackConfig("staging").config, secretKeys: stackConfig("staging").secretKeys });
            const parsed = parsePlatformConfig(readRawConfig(loaded.config), stack, "acme");
            const plan = await planProgram(() => platformProgram({ mode: "plan", config: parsed }), {
                stack, config: loaded.config, secretKeys: loaded.secretKeys, ...(staging ? { stackOutputs: { staging: staging.outputs } } : {}),
            });
            assert.deepEqual(providerRewrites(plan.resources), []);
        });
    }

    it("names each rewrite it finds", () => {
        const r = (inputs: Record<string, unknown>, type = "kubernetes:apps/v1:Deployment") => ({ urn: "u", type, name: "x", parent: null, custom: true, provider: null, inputs, dependencies: [] });
        assert.deepEqual(providerRewrites([
            r({ metadata: { annotations: {} }, spec: { template: { spec: { containers: [{ envFrom: [] }] } } } }),
            r({ stringData: { a: "b" } }, "kubernetes:core/v1:Secret"),
            r({ spec: { podSelector: {} } }, "kubernetes:networking.k8s.io/v1:NetworkPolicy"),
        ]), [
            "kubernetes:apps/v1:Deployment x: .metadata.annotations is an empty map",
            "kubernetes:apps/v1:Deployment x: .spec.template.spec.containers[0].envFrom is an empty list",
            "kubernetes:core/v1:Secret x: sets stringData",
        ]);
    });
});
