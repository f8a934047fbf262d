import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { checkFrozenTrack } from "../../../components/kubernetes/frozenTrack";

const D1 = `sha256:${"1".repeat(64)}`;
const D2 = `sha256:${"2".repeat(64)}`;
const role = { what: "storefront: blue is live", howImage: "put it on green, then switch", howTemplate: "switch to green" };
const track = (image: string | undefined, template: string | undefined) => ({ runningImage: pulumi.output(image), runningTemplateHash: pulumi.output(template), templateHash: "abc" });
const settle = (o: pulumi.Output<boolean>) => new Promise<boolean>((resolve, reject) => {
    o.apply(resolve);
    // Output has no public rejection hook: read its promise the way the SDK's tests do.
    (o as unknown as { promise(): Promise<unknown> }).promise().catch(reject);
});

describe("checkFrozenTrack", () => {
    it("passes a frozen track that runs its configured image, compared by digest", async () => {
        assert.equal(await settle(checkFrozenTrack(track(`ghcr.io/acme/storefront:1.0@${D1}`, "abc"), { image: `ghcr.io/acme/storefront@${D1}`, version: "1.0" }, role)), true);
    });

    it("fails, naming the track and the gated way, when the configured image is not what its pods run", async () => {
        await assert.rejects(settle(checkFrozenTrack(track(`ghcr.io/acme/storefront@${D1}`, "abc"), { image: `ghcr.io/acme/storefront@${D2}`, version: "2.0" }, role)),
            (e: Error) => e instanceof pulumi.RunError && e.message === `storefront: blue is live and runs ghcr.io/acme/storefront@${D1}: it does not take ghcr.io/acme/storefront@${D2} in place; put it on green, then switch`);
    });

    it("lets a pending template change wait (it is reported, not applied) and skips a track being created", async () => {
        assert.equal(await settle(checkFrozenTrack(track(`r@${D1}`, "old"), { image: `r@${D1}`, version: "1" }, role)), true);
        assert.equal(await settle(checkFrozenTrack(track(undefined, undefined), { image: `r@${D1}`, version: "1" }, role)), true);
    });
});
