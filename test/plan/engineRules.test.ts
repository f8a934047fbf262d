import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import { ConfigMap } from "@pulumi/kubernetes/core/v1";
import { engineUrn } from "../../tools/plan/monitor";
import { projectConfigProblems } from "../../tools/plan/stackConfig";
import { planProgram } from "../support/plan";

// Rules the real engine and CLI apply that the SDK's mock monitor does not: the offline plan applies them
// too (test/e2e/ checks the plan against a real `pulumi preview`).
class Box extends pulumi.ComponentResource {
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("platform:test:Box", name, {}, opts);
        this.registerOutputs({});
    }
}

describe("offline plan follows the engine", () => {
    it("forms URNs as the engine does: no root-stack prefix, the parent's whole type chain", async () => {
        const plan = await planProgram(() => {
            const outer = new Box("outer");
            const inner = new Box("inner", { parent: outer });
            new ConfigMap("leaf", { data: { a: "b" } }, { parent: inner });
            return {};
        }, { stack: "dev" });
        const urns = plan.resources.map((r) => r.urn);
        assert.ok(urns.includes("urn:pulumi:dev::platform::platform:test:Box::outer"));
        assert.ok(urns.includes("urn:pulumi:dev::platform::platform:test:Box$platform:test:Box::inner"));
        assert.ok(urns.includes("urn:pulumi:dev::platform::platform:test:Box$platform:test:Box$kubernetes:core/v1:ConfigMap::leaf"));
        assert.equal(engineUrn("s", "p", "", "pulumi:pulumi:Stack", "p-s"), "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s");
    });

    it("refuses a second resource with the same URN, as the engine does", async () => {
        await assert.rejects(
            planProgram(() => {
                new ConfigMap("twice", { data: {} });
                new ConfigMap("twice", { data: {} });
                return {};
            }),
            /Duplicate resource URN 'urn:pulumi:test::platform::kubernetes:core\/v1:ConfigMap::twice'/,
        );
    });

    it("records a provider's plugin version among its inputs, as the engine does", async () => {
        const plan = await planProgram(() => {
            new Provider("k8s", { renderYamlToDirectory: "/tmp/never" });
            return {};
        });
        const provider = plan.resources.find((r) => r.type === "pulumi:providers:kubernetes");
        assert.match(String(provider?.inputs.version), /^\d+\.\d+\.\d+$/);
    });

    it("refuses a stack that leaves a declared key unset, in the CLI's words", () => {
        const declared = { environment: { description: "x" }, tags: { description: "y" }, zone: { description: "z" }, region: { default: "eu" } };
        assert.deepEqual(projectConfigProblems("platform", "dev", declared, { "platform:tags": {} }), [
            "Stack 'dev' is missing configuration values 'environment' and 'zone'",
        ]);
        assert.deepEqual(projectConfigProblems("platform", "dev", { environment: {} }, {}), ["Stack 'dev' is missing configuration value 'environment'"]);
        assert.deepEqual(projectConfigProblems("platform", "dev", { a: {}, b: {}, c: {} }, {}), ["Stack 'dev' is missing configuration values 'a', 'b' and 'c'"]);
        // What the file sets instead of a required key, when it is a near spelling (the CLI's sentence is kept).
        assert.deepEqual(projectConfigProblems("platform", "dev", { environment: {}, tags: {} }, { "platform:enviroment": {}, tagz: {}, "aws:environment": {} }), [
            "Stack 'dev' is missing configuration values 'environment' and 'tags' (the file sets 'platform:enviroment': did you mean 'platform:environment'?; the file sets 'platform:tagz': did you mean 'platform:tags'?)",
        ]);
        assert.deepEqual(projectConfigProblems("platform", "dev", { environment: {} }, { "platform:apps": [] }), ["Stack 'dev' is missing configuration value 'environment'"]);
        // Un-namespaced stack keys belong to the project; another namespace's declarations are not required.
        assert.deepEqual(projectConfigProblems("platform", "dev", { environment: {}, "aws:region": {} }, { environment: "x" }), []);
    });

    it("refuses a plain value for a key declared secret, in the CLI's words", () => {
        assert.deepEqual(projectConfigProblems("platform", "dev", { token: { secret: true } }, { "platform:token": "plain" }), [
            "Stack 'dev' with configuration key 'token' must be encrypted as it's secret",
        ]);
        assert.deepEqual(projectConfigProblems("platform", "dev", { token: { secret: true } }, { "platform:token": { secure: "v1:abc" } }), []);
    });
});
