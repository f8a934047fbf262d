import * as assert from "node:assert/strict";
import { describeGates, summarizePromotion } from "../../stacks/delivery/changeSummary";
import { RELEASE_MANIFEST_API_VERSION, type ReleaseManifest } from "../../stacks/delivery/releaseManifest";

const D1 = `sha256:${"a".repeat(64)}`;
const D2 = `sha256:${"b".repeat(64)}`;
const D3 = `sha256:${"c".repeat(64)}`;

const current: ReleaseManifest = {
    apiVersion: RELEASE_MANIFEST_API_VERSION,
    environment: "production",
    tier: "production",
    apps: {
        api: { app: "api", image: `ghcr.io/acme/api:2.6.0@${D1}`, digest: D1, version: "2.6.0", strategy: "canary", gates: { passed: true, names: [] }, verified: [D1] },
        web: { app: "web", image: `ghcr.io/acme/web:1.0.0@${D2}`, digest: D2, version: "1.0.0", strategy: "blueGreen", gates: { passed: true, names: [] }, verified: [D2] },
        cron: { app: "cron", image: `ghcr.io/acme/cron:0.9.0@${D3}`, digest: D3, version: "0.9.0", strategy: "rolling", gates: { passed: true, names: [] }, verified: [D3] },
        legacy: { app: "legacy", image: `ghcr.io/acme/legacy:3.1.0@${D3}`, digest: D3, version: "3.1.0", strategy: "recreate", gates: { passed: true, names: [] }, verified: [D3] },
    },
};

describe("change summary", () => {
    it("one line per app: versions, strategy and gates; unchanged, new, re-built and removed apps", () => {
        assert.deepEqual(summarizePromotion(current, [
            { app: "api", image: `ghcr.io/acme/api@${D2}`, version: "2.7.0", strategy: "canary", gates: ["smoke", "analysis-1", "analysis-2", "analysis-3"] },
            { app: "web", image: `ghcr.io/acme/web@${D2}`, version: "1.0.0", strategy: "blueGreen", gates: ["smoke"] },
            { app: "cron", image: `ghcr.io/acme/cron@${D1}`, version: "0.9.0", strategy: "rolling", gates: [] },
            { app: "billing", image: "ghcr.io/acme/billing:1.0.0", strategy: "rolling", gates: [] },
        ]), [
            "api: 2.6.0 → 2.7.0 (canary, gates: smoke, analysis step 1..3)",
            "billing: (new) → 1.0.0 (rolling, no gates)",
            "cron: 0.9.0 → 0.9.0 (new digest sha256:aaaaaaaaaaaa, rolling, no gates)",
            "web: 1.0.0 (unchanged, blueGreen)",
            "legacy: 3.1.0 → (removed)",
        ]);
    });

    it("first release: every app is new", () => {
        assert.deepEqual(summarizePromotion(undefined, [{ app: "api", image: `ghcr.io/acme/api:2.7.0@${D1}`, strategy: "canary", gates: ["smoke"] }]), [
            "api: (new) → 2.7.0 (canary, gates: smoke)",
        ]);
    });

    it("compacts step gates into ranges", () => {
        assert.equal(describeGates(["smoke", "analysis-step-1", "analysis-step-2", "analysis-step-4"]), "gates: smoke, analysis step 1..2, 4");
        assert.equal(describeGates(["analysis-3"]), "gates: analysis step 3");
        assert.equal(describeGates([]), "no gates");
    });
});
