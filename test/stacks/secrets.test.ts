import * as assert from "node:assert/strict";
import { parsePlatformConfig, readRawConfig } from "../../stacks/config";
import { platformProgram } from "../../stacks/program";
import { kubernetesManifests, manifestYaml } from "../../tools/plan/manifests";
import { planProgram, stackConfig } from "../support/plan";

describe("secret config never reaches plain inputs, outputs or manifests", function () {
    this.timeout(60_000);
    it("keeps sentinel secret values out of everything the plan records", async () => {
        const loaded = stackConfig("staging");
        const sentinels = { apiToken: "SENTINEL-api-token-7f3a", slackWebhookUrl: "SENTINEL-slack-9c1d", kubeconfig: "SENTINEL-kubeconfig-42aa" };
        // Real values (as the CLI hands them after decryption), marked secret as the CLI marks them.
        const config = {
            ...loaded.config,
            "platform:secrets": JSON.stringify({ apiToken: sentinels.apiToken, slackWebhookUrl: sentinels.slackWebhookUrl }),
            "platform:kubeconfig": sentinels.kubeconfig,
        };
        const parsed = parsePlatformConfig(readRawConfig(config), "staging");
        const plan = await planProgram(() => platformProgram({ mode: "plan", config: parsed }), { stack: "staging", config, secretKeys: loaded.secretKeys });
        const recorded = JSON.stringify(plan) + kubernetesManifests(plan.resources).map((m) => manifestYaml(m.object)).join("\n");
        for (const value of Object.values(sentinels)) assert.ok(!recorded.includes(value), `${value} leaked into the plan`);
        const secret = plan.resources.find((r) => r.type === "kubernetes:core/v1:Secret" && r.name === "api-secrets");
        assert.equal(secret?.inputs.data, "[secret]", "the app's Secret carries the value, marked secret");
        const provider = plan.resources.find((r) => r.type === "pulumi:providers:kubernetes");
        assert.equal(provider?.inputs.kubeconfig, "[secret]", "the provider gets the kubeconfig as a secret");
    });
});
