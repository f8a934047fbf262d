import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { SnsTopicLike } from "../support/snsTopicLike";
import { planProgram } from "../support/plan";

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
});
