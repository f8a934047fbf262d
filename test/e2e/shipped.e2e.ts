import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { E2EProject, repoRoot, setSecrets } from "./support/project";

/** A shipped stack file with its `secure: v1:REPLACE-...` placeholders taken out (the CLI cannot decrypt them). */
function withoutPlaceholders(stack: string): string {
    return fs.readFileSync(path.join(repoRoot, `Pulumi.${stack}.yaml`), "utf8").replace(/\n\s*[A-Za-z:]+:\n\s*secure: v1:REPLACE[^\n]*/g, "");
}

// The shipped cloud stacks under the real CLI, their placeholders set as a user sets them: the CLI accepts
// their config and the program runs; they stop only where this machine cannot go (a cloud provider plugin,
// a staging that only a cloud could deploy).
describe("the shipped cloud stacks reach the program on the real engine", function () {
    const projects: E2EProject[] = [];
    after(() => projects.forEach((p) => p.remove()));

    function prepare(stack: string, text: string): E2EProject {
        const project = E2EProject.create(`shipped-${stack}`, { [stack]: text });
        projects.push(project);
        project.initStack(stack);
        project.pulumi(["config", "set", "--secret", "platform:kubeconfig", "apiVersion: v1", "--stack", stack]);
        setSecrets(project, stack, { apiToken: "t", slackWebhookUrl: "https://hooks.slack.com/services/T0/B0/x", pagerdutyRoutingKey: "k" });
        return project;
    }

    it("staging: the program registers its resources and stops only at a cloud provider plugin that is not built", () => {
        const failed = prepare("staging", withoutPlaceholders("staging")).pulumi(["preview", "--stack", "staging"], { expectFailure: true });
        assert.match(failed.output, /platform:data:AwsDataProtection staging-data create/);
        assert.match(failed.output, /error: no resource plugin 'pulumi-resource-(random|aws)' found in the workspace/);
        assert.doesNotMatch(failed.output, /invalid configuration|missing configuration/);
    });

    it("production: the program runs and stops at its StackReference, staging being undeployable here", () => {
        // On a local backend the organization is `organization`: the shipped `acme/...` is refused as another's.
        const text = withoutPlaceholders("production").replace("from: acme/platform/staging", "from: organization/platform/staging");
        const failed = prepare("production", text).pulumi(["preview", "--stack", "production"], { expectFailure: true });
        assert.match(failed.output, /StackReference production-promotion-source .*error: Preview failed: unknown stack "organization\/platform\/staging"/);
        assert.doesNotMatch(failed.output, /invalid configuration|missing configuration/);
    });
});
