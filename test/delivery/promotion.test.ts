import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import * as batch from "@pulumi/kubernetes/batch/v1";
import { resolvePromotion } from "../../stacks/delivery/promotion";
import {
    buildReleaseManifest, gateVerdict, releaseInputProblems, RELEASE_MANIFEST_API_VERSION, type ReleaseManifest,
} from "../../stacks/delivery/releaseManifest";

const D1 = `sha256:${"1".repeat(64)}`;
const D2 = `sha256:${"2".repeat(64)}`;
const D3 = `sha256:${"3".repeat(64)}`;
const D4 = `sha256:${"4".repeat(64)}`;
const STAGING = { name: "staging", tier: "staging" } as const;
const SOURCE = "acme/platform/staging";

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

/**
 * A manifest as staging publishes it: api verified (a promoted canary over its baseline D4), web verified (blue-green,
 * both colours' smoke gates passed: D2 live, D4 idle), worker not verified (a canary in progress).
 */
function manifest(): ReleaseManifest {
    return {
        apiVersion: RELEASE_MANIFEST_API_VERSION,
        environment: "staging",
        tier: "staging",
        apps: {
            api: { app: "api", image: `ghcr.io/acme/api:2.7.0@${D1}`, digest: D1, version: "2.7.0", strategy: "canary", gates: { passed: true, names: ["smoke", "analysis-1", "analysis-2"] }, verified: [D1, D4] },
            web: { app: "web", image: `ghcr.io/acme/web@${D2}`, digest: D2, version: "222222222222", strategy: "blueGreen", gates: { passed: true, names: ["smoke"] }, verified: [D2, D4] },
            worker: { app: "worker", image: `ghcr.io/acme/worker:1.3.0@${D3}`, digest: D3, version: "1.3.0", strategy: "canary", gates: { passed: false, names: ["smoke", "analysis-1"] }, verified: [] },
        },
    };
}

describe("promotion: resolvePromotion", () => {
    it("promotes exactly the verified digests (unpinned apps and apps pinning the same image or tag)", () => {
        const result = resolvePromotion(manifest(), [
            { name: "api" },
            { name: "web", image: `ghcr.io/acme/web@${D2}` },
        ], SOURCE);
        assert.deepEqual(result, {
            images: { api: `ghcr.io/acme/api@${D1}`, web: `ghcr.io/acme/web@${D2}` },
            errors: [],
        });
        assert.deepEqual(resolvePromotion(manifest(), [{ name: "api", image: "ghcr.io/acme/api:2.7.0" }], SOURCE).images, { api: `ghcr.io/acme/api@${D1}` });
    });

    it("refuses an app that did not pass its gates", () => {
        assert.deepEqual(resolvePromotion(manifest(), [{ name: "worker" }], SOURCE), {
            images: {},
            errors: ['platform:promotion: promotion from "acme/platform/staging": app "worker" 1.3.0 is not verified (gates not passed: smoke, analysis-1); fix it in the source stack and let its gates pass before promoting'],
        });
    });

    it("promotes an unverified app only when requireVerified is false", () => {
        assert.deepEqual(resolvePromotion(manifest(), [{ name: "worker" }], SOURCE, { requireVerified: false }).images, { worker: `ghcr.io/acme/worker@${D3}` });
    });

    it("refuses an app missing from the manifest", () => {
        assert.deepEqual(resolvePromotion(manifest(), [{ name: "api" }, { name: "billing" }], SOURCE), {
            images: { api: `ghcr.io/acme/api@${D1}` },
            errors: ['platform:promotion: promotion from "acme/platform/staging": app "billing" is not in the release manifest (it has: api, web, worker); deploy it to the source stack and let its gates pass, or remove it from production\'s platform:apps'],
        });
    });

    it("refuses production pinning another digest, another tag or another repository", () => {
        const fix = `remove the image from production's platform:apps to deploy the verified one, or pin exactly "ghcr.io/acme/api:2.7.0@${D1}"`;
        for (const pinned of [`ghcr.io/acme/api:2.7.0@${D2}`, "ghcr.io/acme/api:2.6.0", `ghcr.io/other/api@${D1}`]) {
            assert.deepEqual(resolvePromotion(manifest(), [{ name: "api", image: pinned }], SOURCE), {
                images: {},
                errors: [`platform:promotion: promotion from "acme/platform/staging": production pins app "api" to "${pinned}" but the source stack verified "ghcr.io/acme/api:2.7.0@${D1}"; ${fix}`],
            }, pinned);
        }
    });

    it("reports every problem at once", () => {
        const result = resolvePromotion(manifest(), [{ name: "worker" }, { name: "billing" }, { name: "api", image: "ghcr.io/acme/api:2.6.0" }, { name: "web" }], SOURCE);
        assert.deepEqual(result.images, { web: `ghcr.io/acme/web@${D2}` });
        assert.equal(result.errors.length, 3);
        assert.deepEqual(result.errors.map((e) => /app "(\w+)"/.exec(e)?.[1]), ["worker", "billing", "api"]);
    });

    it("refuses every track image the source did not verify: both blue-green colours, a canary's stable", () => {
        const evil = `ghcr.io/acme/web:9.9.9@sha256:${"e".repeat(64)}`;
        assert.deepEqual(resolvePromotion(manifest(), [
            { name: "web", tracks: [{ key: "apps[0].strategy.blue.image", image: `ghcr.io/acme/web@${D2}` }, { key: "apps[0].strategy.green.image", image: evil }] },
            { name: "api", tracks: [{ key: "apps[1].strategy.stableImage", image: evil }] },
        ], SOURCE), {
            images: {},
            errors: [
                `platform:apps[0].strategy.green.image: expected an image whose digest acme/platform/staging verified for app "web" (${D2}, ${D4}), found "${evil}"; run only images whose gates passed in the source stack`,
                `platform:apps[1].strategy.stableImage: expected an image whose digest acme/platform/staging verified for app "api" (${D1}, ${D4}), found "${evil}"; run only images whose gates passed in the source stack`,
            ],
        });
        // Not verified at all: nothing to compare with.
        assert.deepEqual(resolvePromotion(manifest(), [{ name: "worker", tracks: [{ key: "apps[2].strategy.stableImage", image: `ghcr.io/acme/worker@${D3}` }] }], SOURCE, { requireVerified: false }).errors, []);
    });

    it("compares images by digest: another tag (or none) on a verified digest is the same image", () => {
        assert.deepEqual(resolvePromotion(manifest(), [
            { name: "api", image: `ghcr.io/acme/api@${D1}`, tracks: [{ key: "apps[0].strategy.stableImage", image: `ghcr.io/acme/api:2.6.9@${D4}` }] },
            { name: "web", tracks: [{ key: "apps[1].strategy.blue.image", image: `ghcr.io/acme/web:3.0.0@${D2}` }, { key: "apps[1].strategy.green.image", image: `ghcr.io/acme/web@${D4}` }] },
        ], SOURCE), { images: { api: `ghcr.io/acme/api@${D1}`, web: `ghcr.io/acme/web@${D2}` }, errors: [] });
        assert.deepEqual(resolvePromotion(manifest(), [{ name: "api", image: `ghcr.io/acme/api:latest-build@${D1}` }], SOURCE).errors, [], "a pinned digest decides; its tag is a label");
    });

    it("refuses a manifest published by a stack of another tier when the tier is required", () => {
        assert.deepEqual(resolvePromotion({ ...manifest(), environment: "dev", tier: "dev" }, [{ name: "api" }], SOURCE, { sourceTier: "staging" }), {
            images: {},
            errors: ['platform:promotion: promotion from "acme/platform/staging": the release manifest was published by a dev stack ("dev"); expected a staging stack\'s (production promotes only what staging verified)'],
        });
    });

    it("refuses a malformed manifest, naming where", () => {
        const broken = manifest() as unknown as { apps: Record<string, Record<string, unknown>> };
        broken.apps.api.digest = "sha256:abc";
        broken.apps.web.gates = { passed: "yes", names: [] };
        assert.deepEqual(resolvePromotion(broken, [{ name: "api" }], SOURCE), {
            images: {},
            errors: [
                'platform:promotion: promotion from "acme/platform/staging": the release manifest is malformed at apps.api.digest: expected "sha256:<64 hex>"; re-run the source stack\'s update to republish it',
                'platform:promotion: promotion from "acme/platform/staging": the release manifest is malformed at apps.web.gates.passed: Invalid input: expected boolean, received string; re-run the source stack\'s update to republish it',
            ],
        });
    });

    it("refuses a manifest of another format, with a key that disagrees with its entry, or none at all", () => {
        assert.deepEqual(resolvePromotion({ ...manifest(), apiVersion: "v0" }, [], SOURCE).errors, [
            'platform:promotion: promotion from "acme/platform/staging": the release manifest is malformed at apiVersion: Invalid input: expected "platform.delivery/v2"; re-run the source stack\'s update to republish it',
        ]);
        const renamed = manifest();
        renamed.apps.api = { ...renamed.apps.api, app: "apx" };
        assert.deepEqual(resolvePromotion(renamed, [], SOURCE).errors, [
            'platform:promotion: promotion from "acme/platform/staging": the release manifest is malformed at apps.api.app: expected "api" (the entry\'s key); re-run the source stack\'s update to republish it',
        ]);
        const swapped = manifest();
        swapped.apps.worker = { ...swapped.apps.worker, digest: D1 };
        assert.deepEqual(resolvePromotion(swapped, [], SOURCE).errors, [
            'platform:promotion: promotion from "acme/platform/staging": the release manifest is malformed at apps.worker.digest: expected digest to be the digest of image; re-run the source stack\'s update to republish it',
        ]);
        assert.deepEqual(resolvePromotion(undefined, [{ name: "api" }], SOURCE).errors, [
            'platform:promotion: promotion from "acme/platform/staging": the stack exports no "releaseManifest"; deploy it with a platform program that publishes the release manifest, then promote again',
        ]);
    });
});

describe("promotion: buildReleaseManifest", () => {
    before(() => {
        pulumi.runtime.setMocks({
            newResource: (args) => ({ id: `${args.name}_id`, state: args.inputs }),
            call: (args) => args.inputs,
        }, "platform", "staging", false);
    });

    it("refuses apps without a digest (and duplicates) before anything is registered", () => {
        assert.deepEqual(releaseInputProblems([
            { app: "api", image: "ghcr.io/acme/api:2.7.0" },
            { app: "api", image: `ghcr.io/acme/api@${D1}` },
        ]), [
            'release manifest: app "api" image "ghcr.io/acme/api:2.7.0" has no digest; deploy images by digest ("ghcr.io/acme/api:2.7.0@sha256:<digest>") so production can promote exactly what was verified',
            'release manifest: app "api" appears twice',
        ]);
        assert.throws(() => buildReleaseManifest(STAGING, [{ app: "api", image: "ghcr.io/acme/api:2.7.0", strategy: "rolling", gates: { passed: true, names: [] } }]), /has no digest/);
    });

    it("resolves only after every gate has resolved", async () => {
        let release!: (name: string) => void;
        const slowGate = pulumi.output(new Promise<string>((resolve) => { release = resolve; }));
        const built = buildReleaseManifest(STAGING, [
            { app: "api", image: `ghcr.io/acme/api:2.7.0@${D1}`, strategy: "canary", gates: gateVerdict([{ name: "smoke", signal: "done" }, { name: "analysis-1", signal: slowGate }]) },
            { app: "web", image: `ghcr.io/acme/web@${D2}`, strategy: "rolling", gates: gateVerdict([]) },
        ]);
        let published = false;
        built.apply(() => { published = true; });
        await new Promise((r) => setTimeout(r, 50));
        assert.equal(published, false, "the manifest must not resolve while a gate is pending");
        release("api-gate-analysis-1");
        assert.deepEqual(await valueOf(built), {
            apiVersion: "platform.delivery/v2",
            environment: "staging",
            tier: "staging",
            apps: {
                api: { app: "api", image: `ghcr.io/acme/api:2.7.0@${D1}`, digest: D1, version: "2.7.0", strategy: "canary", gates: { passed: true, names: ["smoke", "analysis-1"] }, verified: [D1] },
                web: { app: "web", image: `ghcr.io/acme/web@${D2}`, digest: D2, version: "222222222222", strategy: "rolling", gates: { passed: true, names: [] }, verified: [D2] },
            },
        });
        assert.equal(published, true);
    });

    it("a gate signal of false marks the app unverified", async () => {
        const built = buildReleaseManifest(STAGING, [
            { app: "api", image: `ghcr.io/acme/api:2.7.0@${D1}`, strategy: "canary", gates: gateVerdict([{ name: "smoke", signal: true }, { name: "analysis-1", signal: false }]) },
        ]);
        assert.deepEqual((await valueOf(built)).apps.api.gates, { passed: false, names: ["smoke", "analysis-1"] });
        assert.deepEqual((await valueOf(built)).apps.api.verified, [], "an unverified release verifies no digest");
    });

    it("records every digest a gate verified, whatever the reference's tag (blue-green colours, a canary's baseline)", async () => {
        const built = buildReleaseManifest(STAGING, [
            { app: "web", image: `ghcr.io/acme/web:2.0.0@${D2}`, strategy: "blueGreen", gates: gateVerdict([{ name: "smoke", signal: true }]), verified: [`ghcr.io/acme/web:2.0.0@${D2}`, `ghcr.io/acme/web:1.9.0@${D4}`, `ghcr.io/acme/web@${D2}`] },
        ]);
        assert.deepEqual((await valueOf(built)).apps.web.verified, [D2, D4]);
    });

    it("carries the gate Jobs as dependencies of the manifest (offline chain: staging's output feeds production)", async () => {
        const smoke = new batch.Job("api-gate-smoke", { metadata: { name: "api-gate-smoke-2-7-0" }, spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "gate", image: "curlimages/curl:8.10.1" }] } } } });
        const built = buildReleaseManifest(STAGING, [
            { app: "api", image: `ghcr.io/acme/api:2.7.0@${D1}`, strategy: "canary", gates: gateVerdict([{ name: "smoke", signal: smoke.metadata.name }]) },
        ]);
        const resources = await new Promise<Set<pulumi.Resource>>((resolve) => {
            // allResources is how the engine learns what an output depends on.
            (built as unknown as { allResources(): Promise<Set<pulumi.Resource>> }).allResources().then(resolve);
        });
        assert.ok(resources.has(smoke), "the manifest output must depend on the gate Job");
        // What the offline plan writes for staging (JSON) is what production reads back.
        const stagingOutputs = JSON.parse(JSON.stringify({ releaseManifest: await valueOf(built) })) as { releaseManifest: unknown };
        assert.deepEqual(resolvePromotion(stagingOutputs.releaseManifest, [{ name: "api", image: "ghcr.io/acme/api:2.7.0" }], SOURCE), {
            images: { api: `ghcr.io/acme/api@${D1}` },
            errors: [],
        });
    });
});
