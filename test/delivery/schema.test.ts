import * as assert from "node:assert/strict";
import { promotionSchema, releaseSchema } from "../../stacks/schema/delivery";

describe("delivery config schema", () => {
    it("promotion: qualified source stack, requireVerified defaults to true", () => {
        assert.deepEqual(promotionSchema.parse({ from: "acme/platform/staging" }), { from: "acme/platform/staging", requireVerified: true });
        const bad = promotionSchema.safeParse({ from: "staging", requireverified: false });
        assert.equal(bad.success, false);
        assert.deepEqual(bad.error!.issues.map((i) => [i.path.join("."), i.message]), [
            ["from", 'expected a fully qualified stack name "<org>/<project>/<stack>"'],
            ["", 'Unrecognized key: "requireverified"'],
        ]);
    });

    it("release: window validated, override variable defaults", () => {
        assert.deepEqual(releaseSchema.parse({ maintenanceWindow: "Mon-Fri 22:00-02:00 UTC" }), {
            maintenanceWindow: "Mon-Fri 22:00-02:00 UTC", overrideEnvVar: "PLATFORM_RELEASE_OVERRIDE",
        });
        const bad = releaseSchema.safeParse({ maintenanceWindow: "10pm", overrideEnvVar: "release-now" });
        assert.deepEqual(bad.error!.issues.map((i) => [i.path.join("."), i.message]), [
            ["maintenanceWindow", 'expected a maintenance window "HH:MM-HH:MM UTC", optionally after days such as "Mon-Fri " or "Sat,Sun ", found "10pm"'],
            ["overrideEnvVar", 'expected an environment variable name such as "PLATFORM_RELEASE_OVERRIDE"'],
        ]);
    });
});
