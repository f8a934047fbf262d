import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { parseControlConfig, rawControlConfig } from "../../deployments/config";
import { repoRoot } from "../support/plan";

const deploymentsDir = path.join(repoRoot, "deployments");

/** Config of a Pulumi.<stack>.yaml as the CLI hands it to the program: namespaced keys, objects as JSON text. */
function cliConfig(file: string): { values: Record<string, string>; secretKeys: string[] } {
    const doc = parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(doc.config)) {
        if (value !== null && typeof value === "object" && "secure" in value) {
            values[key] = "https://hooks.example.com/decrypted";
            secretKeys.push(key);
        } else values[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return { values, secretKeys };
}

describe("deployments entry point", () => {
    const savedConfig = pulumi.runtime.allConfig();
    after(() => pulumi.runtime.setAllConfig(savedConfig));

    it("Pulumi.yaml runs the compiled index.js with the repository's preload, which exist where it points", () => {
        const project = parse(fs.readFileSync(path.join(deploymentsDir, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
        assert.equal(project.name, "platform-deployments");
        assert.equal(project.main, "../dist/deployments/index.js");
        assert.deepEqual(project.runtime, { name: "nodejs", options: { typescript: false, nodeargs: "--require ../../tools/runtime/preload.cjs" } });
        // The CLI starts node in the folder of `main`: the preload's path is relative to it.
        const mainDir = path.dirname(path.join(deploymentsDir, String(project.main)));
        assert.ok(fs.existsSync(path.join(deploymentsDir, String(project.main))));
        assert.ok(fs.existsSync(path.join(mainDir, "../../tools/runtime/preload.cjs")));
    });

    it("the example Pulumi.control.yaml is valid", () => {
        const config = parseControlConfig(rawControlConfig(cliConfig(path.join(deploymentsDir, "Pulumi.control.yaml")).values));
        assert.equal(config.organization, "acme");
        assert.equal(config.stacks.production.branch, "release");
        assert.equal(config.reviewStacks?.templateStack, "pr");
    });

    it("index.ts registers the control resources from the CLI's config, webhook URL as a secret", async () => {
        const { values, secretKeys } = cliConfig(path.join(deploymentsDir, "Pulumi.control.yaml"));
        const registered: Array<{ type: string; name: string; inputs: Record<string, unknown> }> = [];
        pulumi.runtime.setMocks({
            newResource: (args) => {
                registered.push({ type: args.type, name: args.name, inputs: args.inputs });
                return { id: `${args.name}_id`, state: { ...args.inputs, ...(args.type === "pulumiservice:index:TeamAccessToken" ? { value: "t" } : {}) } };
            },
            call: (args) => args.inputs,
        }, "platform-deployments", "control", false);
        pulumi.runtime.setAllConfig(values, secretKeys);
        // Required (not imported) so that it runs after the config and mocks above are in place.
        const program = require("../../deployments/index") as { policyGroups: pulumi.Output<string[]>; productionBranch: string };
        const groups = await new Promise<string[]>((resolve) => program.policyGroups.apply(resolve));
        assert.deepEqual(groups, ["platform-staging", "platform-production"]);
        assert.equal(program.productionBranch, "release");
        const webhook = registered.find((r) => r.type === "pulumiservice:index:Webhook" && r.name === "staging-failures");
        assert.ok(webhook, "staging-failures webhook registered");
        assert.deepEqual(webhook.inputs.payloadUrl, { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "https://hooks.example.com/decrypted" });
    });
});
