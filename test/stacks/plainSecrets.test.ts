import * as assert from "node:assert/strict";
import { plainSecretProblems } from "../../stacks/config";
import { plainSecretLeaves } from "../../tools/plan/stackConfig";

// A value under platform:secrets or platform:kubeconfig written in plain text sits readable in the stack file
// (and its history): refused, naming each one, before anything is registered.
describe("secret-only keys hold only secrets", () => {
    it("the program refuses a key the CLI did not hand over as a secret", () => {
        assert.deepEqual(plainSecretProblems({ secrets: { apiToken: "x" }, kubeconfig: "apiVersion: v1", tags: {} }, new Set()), [
            "platform:kubeconfig: expected a value set with `pulumi config set --secret platform:kubeconfig`, found plain text in the stack file (now readable in it and its history: rotate it)",
            "platform:secrets: expected values set with `pulumi config set --secret --path 'platform:secrets.<name>'`, found plain text in the stack file (now readable in it and its history: rotate them)",
        ]);
        assert.deepEqual(plainSecretProblems({ secrets: { apiToken: "x" }, kubeconfig: "k" }, new Set(["secrets", "kubeconfig"])), []);
    });

    it("the offline plan names every plain value of the stack file, also one mixed among secure ones", () => {
        assert.deepEqual(plainSecretLeaves("platform", {
            "platform:secrets": { apiToken: "plain-token", slack: { secure: "v1:abc" } },
            kubeconfig: "apiVersion: v1",
            "platform:tags": { owner: "a" },
        }), [
            "platform:secrets.apiToken: expected a value set with `pulumi config set --secret --path 'platform:secrets.<name>'`, found plain text in the stack file (now readable in it and its history: rotate it)",
            "platform:kubeconfig: expected a value set with `pulumi config set --secret platform:kubeconfig`, found plain text in the stack file (now readable in it and its history: rotate it)",
        ]);
        assert.deepEqual(plainSecretLeaves("platform", { "platform:secrets": { a: { secure: "v1:x" } }, "platform:kubeconfig": { secure: "v1:y" } }), []);
    });
});
