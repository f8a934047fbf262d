import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { SnsTopicLike } from "../support/snsTopicLike";
import { planProgram } from "../support/plan";

/** A component whose registered output is `spec`. */
class Holder extends pulumi.ComponentResource {
    constructor(name: string, spec: pulumi.Output<string>) {
        super("test:index:Holder", name);
        this.registerOutputs({ spec });
    }
}

describe("offline plan runner", () => {
    it("answers the identity functions components use, so the resources built from them are planned", async () => {
        const plan = await planProgram(() => {
            const identity = pulumi.runtime.invokeOutput<{ accountId: string }>("aws:index/getCallerIdentity:getCallerIdentity", {});
            new SnsTopicLike("alarms", { policy: identity.apply((i) => JSON.stringify({ account: i.accountId })) });
            return {};
        });
        const topic = plan.resources.find((r) => r.name === "alarms");
        assert.equal(topic?.inputs.policy, "{\"account\":\"000000000000\"}");
    });

    it("fails, naming the function, when a program calls a provider function it cannot answer offline", async () => {
        await assert.rejects(
            planProgram(() => {
                const region = pulumi.runtime.invokeOutput<{ name: string }>("aws:index/getRegion:getRegion", {});
                new SnsTopicLike("never", { policy: region.apply((r) => r.name) });
                return {};
            }),
            /offline plan cannot answer provider function aws:index\/getRegion:getRegion: add an offline answer to OFFLINE_INVOKES/,
        );
    });

    it("fails, instead of resolving and crashing later, when the last serialization of the program rejects (#23 class 8)", async () => {
        // A value no input may hold (a function, as a secret lookup that found Object.prototype's `constructor`
        // once returned) fails only while the stack's outputs are serialized, after every registration.
        await assert.rejects(
            planProgram(() => {
                new Holder("holder", pulumi.output("v").apply((v) => Buffer.from(Object as unknown as string).toString() + v));
                return {};
            }),
            /error serializing property "outputs": The first argument must be of type string or an instance of Buffer/,
        );
    });
});
