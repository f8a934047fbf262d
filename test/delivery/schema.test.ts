import * as assert from "node:assert/strict";
import { promotionSchema, releaseSchema } from "../../stacks/schema/delivery";

describe("delivery config schema", () => {
    it("promotion: qualified source stack, requireVerified defaults to true", () => {
        assert.deepEqual(promotionSchema.parse({ from: "acme/platform/staging" }), { from: "acme/platform/staging", requireVerified: true, release: "latest" });
        const bad = promotionSchema.safeParse({ from: "staging", requireverified: false });
        assert.equal(bad.success, false);
        assert.deepEqual(bad.error!.issues.map((i) => [i.path.join("."), i.message]), [
            ["from", 'expected a fully qualified stack name "<org>/<project>/<stack>"'],
            ["", 'Unrecognized key: "requireverified"'],
        ]);
    });

    it("promotion.release: latest, previous or an exact release id; soak and age are bounded durations, maxAge above minSoak", () => {
        for (const release of ["latest", "previous", "r1-0a1b2c3d", "r123456789-ffffffff"]) assert.equal(promotionSchema.parse({ from: "a/b/c", release }).release, release);
        const refused = (p: Record<string, unknown>) => promotionSchema.safeParse({ from: "a/b/c", ...p }).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
        const idMessage = 'release: expected "latest", "previous" or a release id "r<n>-<8 hex>" from the source\'s releaseHistory';
        for (const release of ["Latest", "r0-0a1b2c3d", "r1-0a1b2c3", "r1-0a1b2c3dd", "r1-0A1B2C3D", "1-0a1b2c3d", " r1-0a1b2c3d", "r1234567890-0a1b2c3d", ""]) assert.deepEqual(refused({ release }), [idMessage], release);
        assert.deepEqual(refused({ minSoak: "1h", maxAge: "7d" }), undefined);
        assert.deepEqual(refused({ minSoak: "0s" }), undefined);
        assert.deepEqual(refused({ minSoak: "30d" }), undefined);
        assert.deepEqual(refused({ minSoak: "31d" }), ["minSoak: expected a duration between 0s and 30d"]);
        assert.deepEqual(refused({ maxAge: "59s" }), ["maxAge: expected a duration between 1m and 1y"]);
        assert.deepEqual(refused({ minSoak: "1h", maxAge: "1h" }), ["maxAge: expected more than minSoak (1h): no release could be promoted"]);
        assert.deepEqual(refused({ minSoak: "1h", maxAge: "61m" }), undefined);
        assert.deepEqual(refused({ minSoak: "1 hour", maxAge: "1h" })?.length, 1, "an unparsable minSoak is reported once, not compared");
    });

    it("release: window validated; no configurable override variable", () => {
        assert.deepEqual(releaseSchema.parse({ maintenanceWindow: "Mon-Fri 22:00-02:00 UTC" }), { maintenanceWindow: "Mon-Fri 22:00-02:00 UTC" });
        const bad = releaseSchema.safeParse({ maintenanceWindow: "10pm" });
        assert.deepEqual(bad.error!.issues.map((i) => [i.path.join("."), i.message]), [
            ["maintenanceWindow", 'expected a maintenance window "HH:MM-HH:MM UTC", optionally after days such as "Mon-Fri " or "Sat,Sun "'],
        ]);
    });
});
