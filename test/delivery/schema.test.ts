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

    it("release: window validated; no configurable override variable", () => {
        assert.deepEqual(releaseSchema.parse({ maintenanceWindow: "Mon-Fri 22:00-02:00 UTC" }), { maintenanceWindow: "Mon-Fri 22:00-02:00 UTC" });
        const bad = releaseSchema.safeParse({ maintenanceWindow: "10pm" });
        assert.deepEqual(bad.error!.issues.map((i) => [i.path.join("."), i.message]), [
            ["maintenanceWindow", 'expected a maintenance window "HH:MM-HH:MM UTC", optionally after days such as "Mon-Fri " or "Sat,Sun "'],
        ]);
    });
});
