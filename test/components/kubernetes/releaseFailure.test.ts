// The message a rolled-back release fails the update with is the gate's verdict, word for word: the SDK's
// "error serializing property" prefix (it rewrites the message of an error thrown inside an input) is refused.
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { ReleaseFailure } from "../../../components/kubernetes/releaseFailure";
import { planProgram } from "../../support/plan";

class Holder extends pulumi.ComponentResource {
    constructor(name: string, input: pulumi.Output<string>) {
        super("test:index:Holder", name);
        new pulumi.ComponentResource("test:index:Child", `${name}-child`, { input }, { parent: this });
        this.registerOutputs({});
    }
}

describe("ReleaseFailure", () => {
    it("is a RunError whose message no one rewrites", () => {
        const e = new ReleaseFailure("checkout: release 1.9.0 was rolled back by its gate");
        assert.ok(e instanceof pulumi.RunError);
        e.message = `error serializing property "namespace": ${e.message}`;
        assert.equal(e.message, "checkout: release 1.9.0 was rolled back by its gate");
    });

    it("thrown inside an input, it fails the program with the verdict alone, where a plain RunError gets the SDK's prefix", async () => {
        const run = (make: (m: string) => Error) => planProgram(() => {
            new Holder("h", pulumi.output("shop").apply(() => { throw make("checkout: release 1.9.0 was rolled back by its gate"); }));
            return {};
        });
        await assert.rejects(run((m) => new ReleaseFailure(m)), (e: Error) => e.message === "checkout: release 1.9.0 was rolled back by its gate");
        await assert.rejects(run((m) => new pulumi.RunError(m)), /error serializing property "input": checkout: release/);
    });
});
