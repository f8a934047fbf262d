import * as assert from "node:assert/strict";
import { selectRelease } from "../../stacks/delivery/promotion";
import {
    appendPromotion, appendRelease, readOwnHistory, releaseHistorySchema, verifiedDigests,
    RELEASE_HISTORY_API_VERSION, RELEASE_HISTORY_LIMIT, type ReleaseHistory,
} from "../../stacks/delivery/releaseHistory";
import { RELEASE_MANIFEST_API_VERSION, type ReleaseManifest, type ReleaseManifestEntry } from "../../stacks/delivery/releaseManifest";

const D = (c: string) => `sha256:${c.repeat(64)}`;
const entry = (app: string, d: string, version: string, passed = true, verified = passed ? [d] : []): ReleaseManifestEntry => ({
    app, image: `ghcr.io/acme/${app}:${version}@${d}`, digest: d, version, strategy: "canary", gates: { passed, names: passed ? [`${app}-gate`] : [] }, verified,
});
const manifest = (...entries: ReleaseManifestEntry[]): ReleaseManifest => ({
    apiVersion: RELEASE_MANIFEST_API_VERSION, environment: "staging", tier: "staging", apps: Object.fromEntries(entries.map((e) => [e.app, e])),
});
const T0 = "2026-12-01T10:00:00.000Z";
const T1 = "2026-12-02T10:00:00.000Z";
const ids = (h: ReleaseHistory) => h.releases.map((r) => r.id.split("-")[0]);

describe("release history (what a source stack verified, newest first)", () => {
    it("records a verified manifest as release r1, with its time, digests, gates and verified colours", () => {
        const h = appendRelease(undefined, manifest(entry("api", D("1"), "1.0.0")), T0);
        assert.equal(h.apiVersion, RELEASE_HISTORY_API_VERSION);
        assert.equal(h.releases.length, 1);
        assert.match(h.releases[0].id, /^r1-[a-f0-9]{8}$/);
        assert.equal(h.releases[0].verifiedAt, T0);
        assert.deepEqual(h.releases[0].apps, { api: { image: `ghcr.io/acme/api:1.0.0@${D("1")}`, digest: D("1"), version: "1.0.0", strategy: "canary", gates: ["api-gate"], verified: [D("1")] } });
        assert.deepEqual(releaseHistorySchema.parse(h), h, "what it writes, it reads back");
    });

    it("adds nothing when nothing was verified, or when the verified set is unchanged (later updates keep the first time)", () => {
        assert.deepEqual(appendRelease(undefined, manifest(entry("api", D("1"), "1.0.0", false)), T0).releases, []);
        const h = appendRelease(undefined, manifest(entry("api", D("1"), "1.0.0")), T0);
        assert.deepEqual(appendRelease(h, manifest(entry("api", D("1"), "1.0.0")), T1), h);
        // A change of strategy or of a verified colour is a new release, as is a new digest.
        assert.deepEqual(ids(appendRelease(h, manifest({ ...entry("api", D("1"), "1.0.0"), strategy: "blueGreen" }), T1)), ["r2", "r1"]);
        assert.deepEqual(ids(appendRelease(h, manifest(entry("api", D("1"), "1.0.0", true, [D("1"), D("2")])), T1)), ["r2", "r1"]);
        assert.deepEqual(ids(appendRelease(h, manifest(entry("api", D("2"), "1.1.0")), T1)), ["r2", "r1"]);
    });

    it("keeps an app's last verified version when this update did not verify it, and drops an app that left the stack", () => {
        let h = appendRelease(undefined, manifest(entry("api", D("1"), "1.0.0"), entry("web", D("a"), "3.0.0")), T0);
        h = appendRelease(h, manifest(entry("api", D("2"), "1.1.0"), entry("web", D("b"), "3.1.0", false)), T1);
        assert.deepEqual(Object.fromEntries(Object.entries(h.releases[0].apps).map(([k, a]) => [k, a.version])), { api: "1.1.0", web: "3.0.0" });
        h = appendRelease(h, manifest(entry("api", D("3"), "1.2.0")), T1);
        assert.deepEqual(Object.keys(h.releases[0].apps), ["api"]);
        // An app never verified is not carried in from nowhere.
        assert.deepEqual(Object.keys(appendRelease(undefined, manifest(entry("api", D("1"), "1.0.0"), entry("new", D("c"), "0.1.0", false)), T0).releases[0].apps), ["api"]);
    });

    it("keeps at most the limit, dropping the oldest; ids stay unique and increasing", () => {
        let h: ReleaseHistory | undefined;
        for (let i = 1; i <= RELEASE_HISTORY_LIMIT + 2; i++) h = appendRelease(h, manifest(entry("api", `sha256:${i.toString(16).padStart(64, "0")}`, `1.${i}.0`)), T0);
        assert.equal(h!.releases.length, RELEASE_HISTORY_LIMIT);
        assert.deepEqual([ids(h!)[0], ids(h!).at(-1)], [`r${RELEASE_HISTORY_LIMIT + 2}`, "r3"]);
        assert.deepEqual(releaseHistorySchema.parse(h), h);
        assert.equal(appendRelease(h, manifest(entry("api", D("f"), "9.0.0")), T0, 3).releases.length, 3);
        // The same digests released again later get a new id (another sequence), never a duplicate.
        const back = appendRelease(appendRelease(appendRelease(undefined, manifest(entry("api", D("1"), "1")), T0), manifest(entry("api", D("2"), "2")), T0), manifest(entry("api", D("1"), "1")), T0);
        assert.equal(new Set(back.releases.map((r) => r.id)).size, 3);
        assert.equal(back.releases[0].id.split("-")[1], back.releases[2].id.split("-")[1], "same content, same hash part");
    });

    it("verified digests of an app are every digest a kept release verified for it", () => {
        let h = appendRelease(undefined, manifest(entry("api", D("1"), "1.0.0"), entry("web", D("a"), "3.0.0", true, [D("a"), D("b")])), T0);
        h = appendRelease(h, manifest(entry("api", D("2"), "1.1.0"), entry("web", D("a"), "3.0.0", true, [D("a"), D("b")])), T1);
        assert.deepEqual(verifiedDigests(h, "api"), [D("1"), D("2")]);
        assert.deepEqual(verifiedDigests(h, "web"), [D("a"), D("b")]);
        assert.deepEqual(verifiedDigests(h, "other"), []);
    });

    it("reads its own previous output back: absent is a first update; anything malformed is a problem, never trusted", () => {
        const h = appendRelease(undefined, manifest(entry("api", D("1"), "1.0.0")), T0);
        assert.deepEqual(readOwnHistory(undefined, releaseHistorySchema), {});
        assert.deepEqual(readOwnHistory(h, releaseHistorySchema), { value: h });
        const dup = { ...h, releases: [h.releases[0], h.releases[0]] };
        assert.deepEqual(readOwnHistory(dup, releaseHistorySchema), { problem: `releases.1.id: expected a unique id, found "${h.releases[0].id}" twice` });
        assert.match(readOwnHistory({ ...h, apiVersion: "platform.delivery/history-v0" }, releaseHistorySchema).problem!, /^apiVersion: /);
        assert.match(readOwnHistory({ ...h, releases: Array(RELEASE_HISTORY_LIMIT + 1).fill(h.releases[0]) }, releaseHistorySchema).problem!, /^releases: /);
    });

    it("promotion history: a record per promoted release, newest first, not repeated, capped", () => {
        const rec = (release: string) => ({ release, source: "acme/platform/staging", promotedAt: T0, apps: { api: D("1") } });
        let p = appendPromotion(undefined, rec("r1-00000000"));
        p = appendPromotion(p, rec("r1-00000000"));
        assert.deepEqual(p.map((r) => r.release), ["r1-00000000"]);
        p = appendPromotion(p, rec("r2-00000000"));
        p = appendPromotion(p, rec("r1-00000000"));
        assert.deepEqual(p.map((r) => r.release), ["r1-00000000", "r2-00000000", "r1-00000000"], "a rollback is a promotion of its own");
        assert.equal(appendPromotion(p, rec("r3-00000000"), 2).length, 2);
    });
});

describe("choosing the release production deploys (promotion.release, minSoak, maxAge)", () => {
    let history: ReleaseHistory;
    const m2 = manifest(entry("api", D("2"), "1.1.0"), entry("web", D("b"), "3.1.0"));
    before(() => {
        history = appendRelease(undefined, manifest(entry("api", D("1"), "1.0.0"), entry("web", D("a"), "3.0.0")), T0);
        history = appendRelease(history, m2, T1);
    });
    const now = new Date("2026-12-02T12:00:00.000Z"); // 2h after r2, 26h after r1
    const pick = (selector: string, options: { minSoakSeconds?: number; maxAgeSeconds?: number } = {}, h: unknown = history, current: unknown = m2) =>
        selectRelease(h, current, selector, "acme/platform/staging", { now, ...options });

    it("latest is the newest release, previous the one before, an id exactly that release", () => {
        assert.equal(pick("latest").release?.id, history.releases[0].id);
        assert.equal(pick("previous").release?.id, history.releases[1].id);
        assert.equal(pick(history.releases[1].id).release?.id, history.releases[1].id);
        const chosen = pick("previous").manifest!;
        assert.deepEqual(Object.fromEntries(Object.entries(chosen.apps).map(([k, a]) => [k, [a.digest, a.gates.passed, a.verified]])), {
            api: [D("1"), true, [D("1"), D("2")]],
            web: [D("a"), true, [D("a"), D("b")]],
        }, "its apps verified with every digest the history verified for them (a stable may be any kept release)");
        assert.deepEqual(pick("previous").errors, []);
    });

    it("refuses a release the history does not hold, listing what it holds", () => {
        const held = history.releases.map((r) => r.id).join(", ");
        assert.deepEqual(pick("r9-00000000").errors, [`platform:promotion.release: expected a release in the history of "acme/platform/staging" (${held}), found "r9-00000000"; a rollback reaches only releases still in the history`]);
        assert.equal(pick("r9-00000000").manifest, undefined);
        const one = { ...history, releases: history.releases.slice(1) };
        assert.deepEqual(pick("previous", {}, one).errors, [`platform:promotion.release: expected a release in the history of "acme/platform/staging" (${one.releases[0].id}), found "previous" (the history holds fewer than two releases); a rollback reaches only releases still in the history`]);
    });

    it("minSoak and maxAge bound the release's age at their exact limits", () => {
        const twoHours = 7200;
        assert.deepEqual(pick("latest", { minSoakSeconds: twoHours }).errors, [], "exactly soaked");
        assert.deepEqual(pick("latest", { minSoakSeconds: twoHours + 1 }).errors, [`platform:promotion.minSoak: expected release ${history.releases[0].id} to have soaked at least 2h in "acme/platform/staging", found 2h (verified at ${T1}); promote it later, or choose an older release with promotion.release`]);
        assert.deepEqual(pick("latest", { maxAgeSeconds: twoHours }).errors, [], "exactly at the age limit");
        assert.deepEqual(pick("previous", { maxAgeSeconds: 86400 }).errors, [`platform:promotion.maxAge: expected release ${history.releases[1].id} to be at most 1d old, found 1d (verified at ${T0}); verify a newer release in "acme/platform/staging"`]);
        assert.deepEqual(pick("previous", { minSoakSeconds: twoHours, maxAgeSeconds: 26 * 3600 }).errors, []);
    });

    it("latest with an app the newest release lacks reports that app as not verified, with the current manifest's gates", () => {
        const current = manifest(entry("api", D("2"), "1.1.0"), entry("web", D("b"), "3.1.0"), entry("new", D("c"), "0.1.0", false));
        const chosen = pick("latest", {}, history, current).manifest!;
        assert.deepEqual([chosen.apps.new.gates.passed, chosen.apps.api.gates.passed], [false, true]);
        assert.equal(pick("previous", {}, history, current).manifest!.apps.new, undefined, "an older release holds only its own apps");
    });

    it("an empty history promotes nothing: every app unverified, whatever the current manifest claims", () => {
        const empty = { ...history, releases: [] };
        const chosen = pick("latest", {}, empty).manifest!;
        assert.deepEqual(Object.values(chosen.apps).map((a) => a.gates.passed), [false, false]);
        assert.equal(pick("latest", {}, empty).release, undefined);
    });

    it("refuses a source without a history, a malformed one, or a malformed manifest, naming what to do", () => {
        assert.deepEqual(selectRelease(undefined, m2, "latest", "acme/platform/staging", { now }).errors, ['platform:promotion: promotion from "acme/platform/staging": the stack exports no "releaseHistory"; update it with this platform program (each verified release is recorded there), then promote again']);
        assert.deepEqual(pick("latest", {}, { ...history, releases: [{ ...history.releases[0], verifiedAt: "yesterday" }] }).errors, [
            'platform:promotion: promotion from "acme/platform/staging": the release history is malformed at releases[0].verifiedAt: Invalid ISO datetime; re-run the source stack\'s update to republish it',
        ]);
        assert.match(pick("latest", {}, history, { apiVersion: "platform.delivery/v1" }).errors[0], /the release manifest is malformed at apiVersion/);
    });
});
