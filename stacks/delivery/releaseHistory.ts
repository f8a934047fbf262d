// The bounded history of releases a source stack verified, and the promotions a target stack made from it. Both are
// stack outputs the next update of the same stack reads back (a StackReference to itself): the engine's state is
// their only store, so a stack file cannot add a release that never ran.
import { createHash } from "node:crypto";
import { z } from "zod";
import { parseImageReference } from "./imageRef";
import type { ReleaseManifest } from "./releaseManifest";

/** Stack output of the verified releases, newest first (read by production and by the next update of the source). */
export const RELEASE_HISTORY_OUTPUT = "releaseHistory";
/** Stack output of the promotions a stack made, newest first. */
export const PROMOTION_HISTORY_OUTPUT = "promotionHistory";
export const RELEASE_HISTORY_API_VERSION = "platform.delivery/history-v1" as const;
/** Releases kept: the oldest is dropped when a new one is added. A rollback can reach any release still kept. */
export const RELEASE_HISTORY_LIMIT = 20;
/** Promotions a target stack keeps. */
export const PROMOTION_HISTORY_LIMIT = 50;

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const digest = z.string().regex(DIGEST, { message: "expected \"sha256:<64 hex>\"" });
/** `r<sequence>-<8 hex>`: the sequence orders releases for people, the hash of the digests makes an id unique. */
export const RELEASE_ID = /^r[1-9][0-9]{0,8}-[a-f0-9]{8}$/;

/** One app in a verified release. */
export const releasedAppSchema = z.object({
    image: z.string().min(1),
    digest,
    version: z.string().min(1),
    strategy: z.enum(["rolling", "recreate", "blueGreen", "canary"]),
    /** The gates that passed on the release's pods. */
    gates: z.array(z.string().min(1)),
    /** Every digest of the app a gate had verified in the source when the release was recorded (its colours, ...). */
    verified: z.array(digest),
}).strict();
export type ReleasedApp = z.infer<typeof releasedAppSchema>;

export const releaseSchema = z.object({
    id: z.string().regex(RELEASE_ID, { message: "expected a release id \"r<n>-<8 hex>\"" }),
    /** When the update that verified it finished its gates (ISO 8601, UTC). */
    verifiedAt: z.string().datetime(),
    apps: z.record(z.string(), releasedAppSchema),
}).strict();
export type Release = z.infer<typeof releaseSchema>;

export const releaseHistorySchema = z.object({
    apiVersion: z.literal(RELEASE_HISTORY_API_VERSION),
    environment: z.string().min(1),
    /** Newest first, at most RELEASE_HISTORY_LIMIT, ids distinct. */
    releases: z.array(releaseSchema).max(RELEASE_HISTORY_LIMIT),
}).strict().superRefine((h, ctx) => {
    const seen = new Set<string>();
    h.releases.forEach((r, i) => {
        if (seen.has(r.id)) ctx.addIssue({ code: "custom", path: ["releases", i, "id"], message: `expected a unique id, found "${r.id}" twice` });
        seen.add(r.id);
    });
});
export type ReleaseHistory = z.infer<typeof releaseHistorySchema>;

export const promotionRecordSchema = z.object({
    release: z.string().regex(RELEASE_ID),
    source: z.string().min(1),
    promotedAt: z.string().datetime(),
    /** Digest per app, as deployed. */
    apps: z.record(z.string(), digest),
    /** Why, when the deployment said (PLATFORM_RELEASE_MESSAGE: the commit message or the update message). */
    message: z.string().max(500).optional(),
}).strict();
export type PromotionRecord = z.infer<typeof promotionRecordSchema>;
export const promotionHistorySchema = z.array(promotionRecordSchema).max(PROMOTION_HISTORY_LIMIT);

/** A stack's own previous output, parsed: undefined when absent (first update) or unreadable (with the reason). */
export function readOwnHistory<T>(value: unknown, schema: z.ZodType<T>): { readonly value?: T; readonly problem?: string } {
    if (value === undefined || value === null) return {};
    const parsed = schema.safeParse(value);
    if (parsed.success) return { value: parsed.data };
    const first = parsed.error.issues[0];
    return { problem: `${first.path.join(".") || "(root)"}: ${first.message}` };
}

function releaseHash(apps: Release["apps"]): string {
    const key = Object.keys(apps).sort().map((a) => `${a}=${apps[a].digest}/${apps[a].strategy}`).join(",");
    return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

function sequenceOf(id: string): number {
    return Number(/^r([0-9]+)-/.exec(id)?.[1] ?? 0);
}

function sameApps(a: Release["apps"], b: Release["apps"]): boolean {
    const keys = Object.keys(a).sort();
    if (keys.join(",") !== Object.keys(b).sort().join(",")) return false;
    return keys.every((k) => a[k].digest === b[k].digest && a[k].strategy === b[k].strategy && [...a[k].verified].sort().join() === [...b[k].verified].sort().join());
}

/**
 * The history after an update that published `manifest`. Pure. The new release holds every app of the manifest: the
 * ones whose gates passed in this update as published, the others as the previous release had them (their last
 * verified version); an app the previous release never verified is left out, and an app no longer in the manifest is
 * dropped. A release is added only when it differs from the newest one (a digest, a strategy or a verified colour),
 * and the oldest beyond `limit` is dropped.
 */
export function appendRelease(previous: ReleaseHistory | undefined, manifest: ReleaseManifest, verifiedAt: string, limit: number = RELEASE_HISTORY_LIMIT): ReleaseHistory {
    const releases = previous?.releases ?? [];
    const newest = releases[0];
    const apps: Release["apps"] = {};
    for (const name of Object.keys(manifest.apps).sort()) {
        const e = manifest.apps[name];
        if (e.gates.passed) apps[name] = { image: e.image, digest: e.digest, version: e.version, strategy: e.strategy, gates: [...e.gates.names], verified: [...e.verified] };
        else if (newest?.apps[name] !== undefined) apps[name] = newest.apps[name];
    }
    const history = (list: Release[]): ReleaseHistory => ({ apiVersion: RELEASE_HISTORY_API_VERSION, environment: manifest.environment, releases: list });
    if (Object.keys(apps).length === 0 || (newest !== undefined && sameApps(newest.apps, apps))) return history(releases);
    const sequence = Math.max(0, ...releases.map((r) => sequenceOf(r.id))) + 1;
    return history([{ id: `r${sequence}-${releaseHash(apps)}`, verifiedAt, apps }, ...releases].slice(0, Math.max(1, limit)));
}

/**
 * The digests the source verified for `app` across its whole history: an image production runs besides the release
 * (a canary's stable, a blue-green colour) must be one of these, i.e. it ran there and its gates passed.
 */
export function verifiedDigests(history: ReleaseHistory, app: string): string[] {
    const all = history.releases.flatMap((r) => (r.apps[app] ? [r.apps[app].digest, ...r.apps[app].verified] : []));
    return [...new Set(all)].sort();
}

/** The record of a promotion, or the history unchanged when the newest record already is this release. Pure. */
export function appendPromotion(previous: readonly PromotionRecord[] | undefined, record: PromotionRecord, limit: number = PROMOTION_HISTORY_LIMIT): PromotionRecord[] {
    const list = previous ?? [];
    if (list[0]?.release === record.release && JSON.stringify(list[0].apps) === JSON.stringify(record.apps)) return [...list];
    return [record, ...list].slice(0, Math.max(1, limit));
}

/** The digest of an image reference, or "" when it has none. */
export function digestOf(image: string): string {
    return parseImageReference(image)?.digest ?? "";
}
