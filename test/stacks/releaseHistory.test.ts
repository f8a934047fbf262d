import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { APPROVAL_FILE_ENV_VAR, approvalProblem } from "../../stacks/approval";
import { ConfigError, parsePlatformConfig, readRawConfig } from "../../stacks/config";
import type { ReleaseHistory, PromotionRecord } from "../../stacks/delivery/releaseHistory";
import { platformProgram } from "../../stacks/program";
import { PROMOTION_SOURCE_ENV_VAR, pinnedSourceProblem } from "../../stacks/release";
import { RELEASE_MESSAGE_ENV_VAR } from "../../stacks/releaseHistory";
import { planProgram, stackConfig } from "../support/plan";

/* eslint-disable @typescript-eslint/no-explicit-any */
// The release history through the real program under the mock monitor: staging reads its own previous outputs
// back (a StackReference to itself), production chooses a release of it and records what it promoted.

const API_V2 = "ghcr.io/acme/api:2.8.0@sha256:" + "2".repeat(64);
const staging = stackConfig("staging");
const production = stackConfig("production");
const stagingValues = () => structuredClone(readRawConfig(staging.config)) as { apps: Array<{ name: string; image?: string; strategy: Record<string, any> }> };
const productionValues = () => structuredClone(readRawConfig(production.config)) as { apps: Array<{ name: string; image?: string; strategy: Record<string, any> }>; promotion: Record<string, unknown> };

async function planStaging(values: unknown, previous: Record<string, unknown> | undefined, now: Date): Promise<Record<string, unknown>> {
    const result = await planProgram(() => platformProgram({ mode: "plan", config: parsePlatformConfig(values as Record<string, unknown>, "staging"), now }), {
        stack: "staging", config: staging.config, secretKeys: staging.secretKeys, ...(previous ? { stackOutputs: { staging: previous } } : {}),
    });
    return result.outputs;
}

function planProduction(values: unknown, stagingOutputs: Record<string, unknown>, now: Date, previous?: Record<string, unknown>) {
    return planProgram(() => platformProgram({ mode: "plan", config: parsePlatformConfig(values as Record<string, unknown>, "production"), now }), {
        stack: "production", config: production.config, secretKeys: production.secretKeys, stackOutputs: { staging: stagingOutputs, ...(previous ? { production: previous } : {}) },
    });
}

const imageOf = (resources: Array<{ type: string; name: string; inputs: Record<string, any> }>, name: string) =>
    resources.find((r) => r.type === "kubernetes:apps/v1:Deployment" && r.name === name)!.inputs.spec.template.spec.containers[0].image as string;

describe("release history and rollback through the stack program", function () {
    this.timeout(120_000);
    const t1 = new Date("2026-12-01T10:00:00Z");
    const t2 = new Date("2026-12-02T10:00:00Z");
    const later = new Date("2026-12-02T12:00:00Z");
    let v1: Record<string, unknown>;
    let v2: Record<string, unknown>;
    let history: ReleaseHistory;

    before(async () => {
        v1 = await planStaging(stagingValues(), undefined, t1);
        const next = stagingValues();
        next.apps.find((a) => a.name === "api")!.image = API_V2;
        v2 = await planStaging(next, v1, t2);
        history = v2.releaseHistory as ReleaseHistory;
    });

    it("staging's history holds each verified release, newest first, with the time its gates passed", () => {
        assert.deepEqual(history.releases.map((r) => [r.id.split("-")[0], r.verifiedAt, r.apps.api.version]), [["r2", t2.toISOString(), "2.8.0"], ["r1", t1.toISOString(), "2.7.0"]]);
        assert.deepEqual(Object.keys(history.releases[0].apps), ["api", "checkout", "storefront", "worker"]);
        assert.deepEqual((v1.releaseHistory as ReleaseHistory).releases[0], history.releases[1], "the older release is carried unchanged");
    });

    it("an update that verifies nothing new adds no release", async () => {
        const again = await planStaging(stagingValues(), v1, t2);
        assert.deepEqual(again.releaseHistory, v1.releaseHistory);
    });

    it("production deploys the latest release by default, and records the promotion with its message", async () => {
        const saved = process.env[RELEASE_MESSAGE_ENV_VAR];
        process.env[RELEASE_MESSAGE_ENV_VAR] = "  release api 2.8.0  ";
        try {
            const result = await planProduction(productionValues(), v2, later);
            assert.equal(imageOf(result.resources as any, "api"), API_V2.replace(":2.8.0@", "@"));
            assert.equal(result.outputs.promotedRelease, history.releases[0].id);
            const records = result.outputs.promotionHistory as PromotionRecord[];
            assert.deepEqual(records.map((r) => [r.release, r.source, r.promotedAt, r.apps.api, r.message]), [[history.releases[0].id, "acme/platform/staging", later.toISOString(), API_V2.split("@")[1], "release api 2.8.0"]]);
        } finally {
            if (saved === undefined) delete process.env[RELEASE_MESSAGE_ENV_VAR];
            else process.env[RELEASE_MESSAGE_ENV_VAR] = saved;
        }
    });

    it("rolls production back to the previous release, or to one by id, with staging untouched; the promotion history grows", async () => {
        const first = await planProduction(productionValues(), v2, later);
        for (const release of ["previous", history.releases[1].id]) {
            const values = productionValues();
            values.promotion.release = release;
            const back = await planProduction(values, v2, later, first.outputs);
            assert.equal(imageOf(back.resources as any, "api"), (v1.releaseManifest as any).apps.api.image.replace(":2.7.0@", "@"), release);
            assert.deepEqual((back.outputs.promotionHistory as PromotionRecord[]).map((r) => r.release), [history.releases[1].id, history.releases[0].id]);
        }
    });

    it("refuses a release the history does not hold, and one younger than minSoak or older than maxAge, naming the key", async () => {
        const refusal = async (promotion: Record<string, unknown>): Promise<string[]> => {
            const values = productionValues();
            Object.assign(values.promotion, promotion);
            try {
                await planProduction(values, v2, later);
            } catch (e) {
                if (e instanceof ConfigError) return e.problems.map((p) => p.split(":").slice(0, 2).join(":"));
                throw e;
            }
            return [];
        };
        assert.deepEqual(await refusal({ release: "r7-0123abcd" }), ["platform:promotion.release"]);
        assert.deepEqual(await refusal({ minSoak: "3h" }), ["platform:promotion.minSoak"]);
        assert.deepEqual(await refusal({ minSoak: "2h" }), []);
        assert.deepEqual(await refusal({ release: "previous", maxAge: "1d" }), ["platform:promotion.maxAge"]);
        assert.deepEqual(await refusal({ release: "previous", maxAge: "1d2h" }), []);
    });
});

describe("forgery class 1: laundering a digest through the canary's stable track", function () {
    this.timeout(120_000);
    const EVIL = "ghcr.io/acme/checkout:1.7.9@sha256:" + "e".repeat(64);

    it("an edit of stableImage alone verifies nothing: the manifest, the history and production all refuse the digest", async () => {
        const now = new Date("2026-12-01T10:00:00Z");
        const honest = await planStaging(stagingValues(), undefined, now);
        const laundering = stagingValues();
        // checkout is promoted (step = steps.length): stable runs the canary's pods, whatever stableImage says.
        laundering.apps.find((a) => a.name === "checkout")!.strategy.stableImage = EVIL;
        const staged = await planStaging(laundering, honest, now);
        const entry = (staged.releaseManifest as any).apps.checkout;
        assert.deepEqual(entry.verified, [entry.digest], "only the release its gates ran on");
        assert.deepEqual(staged.releaseHistory, honest.releaseHistory, "no new release");
        const values = productionValues();
        values.apps.find((a) => a.name === "checkout")!.strategy.stableImage = EVIL;
        await assert.rejects(planProduction(values, staged, now), (e: unknown) => {
            assert.ok(e instanceof ConfigError);
            assert.deepEqual(e.problems, [`platform:apps[3].strategy.stableImage: expected an image whose digest acme/platform/staging verified for app "checkout" (${entry.digest}), found "${EVIL}"; run only images whose gates passed in the source stack`]);
            return true;
        });
    });

    it("a stable that was itself a verified release earlier in the history is accepted", async () => {
        const now = new Date("2026-12-01T10:00:00Z");
        const old = stagingValues();
        const checkout = old.apps.find((a) => a.name === "checkout")!;
        const previousRelease = checkout.strategy.stableImage as string;
        // 1.7.2 released (and promoted) over 1.7.1 first.
        Object.assign(checkout, { image: previousRelease });
        checkout.strategy.stableImage = "ghcr.io/acme/checkout:1.7.1@sha256:" + "1".repeat(64);
        const r1 = await planStaging(old, undefined, now);
        const r2 = await planStaging(stagingValues(), r1, now); // then 1.8.0 over it
        const values = productionValues();
        Object.assign(values.apps.find((a) => a.name === "checkout")!.strategy, { stableImage: previousRelease });
        const result = await planProduction(values, r2, now);
        assert.equal(imageOf(result.resources as any, "checkout-stable"), previousRelease);
    });
});

describe("the promotion source pinned by the control program", () => {
    it("refuses a promotion.from other than the source the deployment declares, and nothing when none is declared", () => {
        assert.equal(pinnedSourceProblem("acme/platform/staging", undefined), undefined);
        assert.equal(pinnedSourceProblem("acme/platform/staging", " "), undefined);
        assert.equal(pinnedSourceProblem("acme/platform/staging", "acme/platform/staging"), undefined);
        assert.equal(pinnedSourceProblem("acme/platform/staging-eu", "acme/platform/staging"),
            'platform:promotion.from: expected "acme/platform/staging", the source the deployment\'s control program declares (PLATFORM_PROMOTION_SOURCE), found "acme/platform/staging-eu"; change the source in deployments/, not in the stack file');
    });

    it("fails production's program before anything is registered when the stack file names another source", async () => {
        const saved = process.env[PROMOTION_SOURCE_ENV_VAR];
        process.env[PROMOTION_SOURCE_ENV_VAR] = "acme/platform/stage-eu";
        try {
            const staged = await planStaging(stagingValues(), undefined, new Date());
            await assert.rejects(planProduction(productionValues(), staged, new Date()), (e: unknown) => {
                assert.ok(e instanceof ConfigError);
                assert.deepEqual(e.problems.map((p) => p.split(";")[0]), ['platform:promotion.from: expected "acme/platform/stage-eu", the source the deployment\'s control program declares (PLATFORM_PROMOTION_SOURCE), found "acme/platform/staging"']);
                return true;
            });
        } finally {
            if (saved === undefined) delete process.env[PROMOTION_SOURCE_ENV_VAR];
            else process.env[PROMOTION_SOURCE_ENV_VAR] = saved;
        }
    });
});

describe("approval before production: the release must be the approved one when the deployment names an approval file", () => {
    const R = "r4-0a1b2c3d";
    const read = (text: string | undefined) => () => text;

    it("checks nothing outside a deployment that declares approvals", () => {
        assert.equal(approvalProblem(R, undefined, read(undefined)), undefined);
        assert.equal(approvalProblem(R, "  ", read(undefined)), undefined);
    });

    it("accepts exactly the approved id, whitespace around it ignored", () => {
        assert.equal(approvalProblem(R, ".approved", read(`${R}\n`)), undefined);
    });

    it("refuses a missing file, nothing approved, a malformed value, another release, or no release at all, naming the key", () => {
        assert.equal(approvalProblem(R, ".approved", read(undefined)), "platform:promotion.release: the deployment requires an approved release, but its approval file .approved (PLATFORM_APPROVAL_FILE) could not be read; nothing is deployed without one");
        const how = "approve it with a change request on the release environment (pulumi env set <org>/<project>/<stack>-release approvedRelease <id> --draft, then another approver runs pulumi env approval approve)";
        assert.equal(approvalProblem(R, ".approved", read("none\n")), `platform:promotion.release: expected release ${R} to be approved, found no approved release; ${how}`);
        assert.equal(approvalProblem(R, ".approved", read("")), `platform:promotion.release: expected release ${R} to be approved, found no approved release; ${how}`);
        assert.equal(approvalProblem(R, ".approved", read("latest")), `platform:promotion.release: the approved release is not a release id ("r<n>-<8 hex>"), found "latest"; ${how}`);
        assert.equal(approvalProblem(R, ".approved", read("r3-0a1b2c3d")), `platform:promotion.release: expected the approved release r3-0a1b2c3d, found ${R}; set promotion.release to r3-0a1b2c3d, or ${how}`);
        assert.equal(approvalProblem(undefined, ".approved", read(R)), "platform:promotion.release: the deployment requires an approved release, and the source has no verified release to approve");
    });

    it("production's program refuses an unapproved release before anything is registered, and deploys the approved one", async () => {
        const staged = await planStaging(stagingValues(), undefined, new Date());
        const id = (staged.releaseHistory as ReleaseHistory).releases[0].id;
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "approval-"));
        const file = path.join(dir, ".platform-approved-release");
        const saved = process.env[APPROVAL_FILE_ENV_VAR];
        process.env[APPROVAL_FILE_ENV_VAR] = file;
        try {
            fs.writeFileSync(file, "none");
            await assert.rejects(planProduction(productionValues(), staged, new Date()), (e: unknown) => e instanceof ConfigError && e.problems.length === 1 && e.problems[0].startsWith(`platform:promotion.release: expected release ${id} to be approved, found no approved release`));
            fs.writeFileSync(file, `${id}\n`);
            const approved = await planProduction(productionValues(), staged, new Date());
            assert.equal(approved.outputs.promotedRelease, id);
        } finally {
            if (saved === undefined) delete process.env[APPROVAL_FILE_ENV_VAR];
            else process.env[APPROVAL_FILE_ENV_VAR] = saved;
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
