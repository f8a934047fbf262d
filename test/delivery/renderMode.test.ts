import * as assert from "node:assert/strict";
import { parsePlatformConfig, readRawConfig } from "../../stacks/config";
import { platformProgram } from "../../stacks/program";
import type { ReleaseManifest } from "../../stacks/delivery/releaseManifest";
import { planProgram, stackConfig } from "../support/plan";

// A render-mode stack writes YAML and deploys nothing: its rollouts never happened and its gates never ran.
describe("release manifest of a stack that only renders", function () {
    this.timeout(60_000);

    async function manifestOf(kubernetes: Record<string, unknown>, extra: Record<string, string> = {}): Promise<ReleaseManifest> {
        const loaded = stackConfig("staging", "test/e2e/fixtures/staging.yaml");
        const config = {
            ...loaded.config,
            "platform:kubernetes": JSON.stringify(kubernetes),
            "platform:secrets": JSON.stringify({ apiToken: "t", slackWebhookUrl: "https://hooks.slack.com/services/T0/B0/x" }),
            ...extra,
        };
        const parsed = parsePlatformConfig(readRawConfig(config), "staging");
        const plan = await planProgram(() => platformProgram({ mode: "plan", config: parsed }), { stack: "staging", config, secretKeys: ["platform:secrets", "platform:kubeconfig"] });
        return plan.outputs.releaseManifest as ReleaseManifest;
    }

    it("records every app as not verified, gated or not, so that nothing it renders can be promoted", async () => {
        const m = await manifestOf({ mode: "render", directory: "rendered/staging" });
        assert.deepEqual(Object.fromEntries(Object.entries(m.apps).map(([k, v]) => [k, v.gates.passed])), { api: false, storefront: false });
        assert.equal(m.apps.storefront.gates.names.length, 2, "the gates it would have run are still named");
        assert.deepEqual(Object.values(m.apps).map((a) => a.verified), [[], []], "no digest is verified");
    });

    it("records the gates' verdicts when the stack deploys to a cluster", async () => {
        const m = await manifestOf({ mode: "kubeconfig" }, { "platform:kubeconfig": "apiVersion: v1" });
        assert.deepEqual(Object.fromEntries(Object.entries(m.apps).map(([k, v]) => [k, v.gates.passed])), { api: true, storefront: true });
        assert.deepEqual(m.apps.api.verified, [m.apps.api.digest]);
    });
});
