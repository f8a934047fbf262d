import { parseImageReference, pinnedReference } from "./imageRef";
import { RELEASE_HISTORY_OUTPUT, releaseHistorySchema, verifiedDigests, type Release } from "./releaseHistory";
import { RELEASE_MANIFEST_API_VERSION, RELEASE_MANIFEST_OUTPUT, releaseManifestSchema, type ReleaseManifest } from "./releaseManifest";

/** An app as production's config declares it. */
export interface ProductionApp {
    readonly name: string;
    /** Release image production pins, if any (rolling, canary): it must match what staging verified. */
    readonly image?: string;
    /**
     * Every other image production runs for the app from its own config, with its config key (e.g.
     * "apps[2].strategy.green.image", "apps[3].strategy.stableImage"): each digest must be one the source verified.
     */
    readonly tracks?: ReadonlyArray<{ readonly key: string; readonly image: string }>;
    /** Its strategy and that key ("apps[1].strategy.type"): a release verified as a canary is promoted as a canary. */
    readonly strategy?: { readonly key: string; readonly type: string };
}

export interface PromotionOptions {
    /** Refuse apps and images the source did not verify. Default true (production cannot turn it off). */
    readonly requireVerified?: boolean;
    /** The tier the source stack must be (production: "staging"). Default: any. */
    readonly sourceTier?: ReleaseManifest["tier"];
}

export interface PromotionResult {
    /** Per app: `repository@sha256:<hex>`, exactly the digest staging verified. */
    readonly images: Record<string, string>;
    /** One line per problem, starting with the config key; production must not deploy when this is non-empty. */
    readonly errors: string[];
}

function pathOf(path: readonly PropertyKey[]): string {
    return path.reduce<string>((acc, s) => (typeof s === "number" ? `${acc}[${s}]` : acc === "" ? String(s) : `${acc}.${String(s)}`), "");
}

/**
 * Which image each production app deploys, from the source stack's release manifest. Pure. Errors name the app,
 * the source stack and the fix: app missing from the manifest, gates not passed, an image of the app's tracks (a
 * blue-green colour, a canary's stable) whose digest the source did not verify (checks skipped when
 * `requireVerified` is false), production pinning another image, a source of the wrong tier, a malformed manifest.
 * Images are compared by digest: `repo:tag@d` and `repo@d` are the same image.
 */
export function resolvePromotion(
    manifest: unknown,
    productionApps: ReadonlyArray<ProductionApp>,
    sourceStack: string,
    options: PromotionOptions = {},
): PromotionResult {
    const from = `platform:promotion: promotion from "${sourceStack}"`;
    if (manifest === undefined || manifest === null) {
        return { images: {}, errors: [`${from}: the stack exports no "${RELEASE_MANIFEST_OUTPUT}"; deploy it with a platform program that publishes the release manifest, then promote again`] };
    }
    const parsed = releaseManifestSchema.safeParse(manifest);
    if (!parsed.success) {
        return {
            images: {},
            errors: parsed.error.issues.map((i) => `${from}: the release manifest is malformed at ${pathOf(i.path) || "(root)"}: ${i.message}; re-run the source stack's update to republish it`),
        };
    }
    if (options.sourceTier !== undefined && parsed.data.tier !== options.sourceTier) {
        return { images: {}, errors: [`${from}: the release manifest was published by a ${parsed.data.tier} stack ("${parsed.data.environment}"); expected a ${options.sourceTier} stack's (production promotes only what staging verified)`] };
    }
    const requireVerified = options.requireVerified ?? true;
    const images: Record<string, string> = {};
    const errors: string[] = [];
    const available = Object.keys(parsed.data.apps).sort();
    for (const app of productionApps) {
        const entry = parsed.data.apps[app.name];
        if (entry === undefined) {
            errors.push(`${from}: app "${app.name}" is not in the release manifest (it has: ${available.join(", ") || "no apps"}); deploy it to the source stack and let its gates pass, or remove it from production's platform:apps`);
            continue;
        }
        if (requireVerified && !entry.gates.passed) {
            const gates = entry.gates.names.length > 0 ? entry.gates.names.join(", ") : "no gates recorded";
            errors.push(`${from}: app "${app.name}" ${entry.version} is not verified (gates not passed: ${gates}); fix it in the source stack and let its gates pass before promoting`);
            continue;
        }
        if (requireVerified && app.strategy !== undefined && app.strategy.type !== entry.strategy) {
            // Verified under one strategy's gates, a release may not reach production under another's (a canary
            // switched to rolling would take all traffic after readiness alone).
            errors.push(`platform:${app.strategy.key}: expected "${entry.strategy}", the strategy ${sourceStack} verified app "${app.name}" ${entry.version} with, found "${app.strategy.type}"; change the strategy in the source stack first and let its gates pass there`);
            continue;
        }
        const verified = parseImageReference(entry.image)!;
        if (app.image !== undefined) {
            const pinned = parseImageReference(app.image);
            // By digest when production pins one (the tag is only a label then), else by tag.
            const differs = pinned === undefined
                || pinned.repository !== verified.repository
                || (pinned.digest !== undefined ? pinned.digest !== entry.digest : pinned.tag !== undefined && pinned.tag !== verified.tag);
            if (differs) {
                errors.push(`${from}: production pins app "${app.name}" to "${app.image}" but the source stack verified "${entry.image}"; remove the image from production's platform:apps to deploy the verified one, or pin exactly "${entry.image}"`);
                continue;
            }
        }
        const unverified = requireVerified ? (app.tracks ?? []).filter((t) => !entry.verified.includes(parseImageReference(t.image)?.digest ?? "")) : [];
        for (const t of unverified) {
            const list = entry.verified.length > 0 ? entry.verified.join(", ") : "none";
            errors.push(`platform:${t.key}: expected an image whose digest ${sourceStack} verified for app "${app.name}" (${list}), found "${t.image}"; run only images whose gates passed in the source stack`);
        }
        if (unverified.length === 0) images[app.name] = pinnedReference(verified.repository, entry.digest);
    }
    return { images, errors };
}

/** Which release of the source's history to promote: the newest, the one before it, or one by id. */
export type ReleaseSelector = "latest" | "previous" | string;

export interface SelectionOptions {
    readonly now: Date;
    /** Seconds since verification a release must have soaked in the source before it is promoted. */
    readonly minSoakSeconds?: number;
    /** Seconds after which a verified release is too old to promote. */
    readonly maxAgeSeconds?: number;
}

export interface SelectedRelease {
    /** The release chosen, when the history has it. */
    readonly release?: Release;
    /**
     * A manifest of that release for `resolvePromotion`: its apps, each verified with every digest the source
     * ever verified for it (a canary's stable, a blue-green colour may be any release still in the history).
     */
    readonly manifest?: ReleaseManifest;
    readonly errors: string[];
}

function ago(seconds: number): string {
    const units: Array<[string, number]> = [["d", 86400], ["h", 3600], ["m", 60], ["s", 1]];
    const [unit, size] = units.find(([, s]) => Math.abs(seconds) >= s) ?? units[3];
    return `${Math.floor(seconds / size)}${unit}`;
}

/**
 * The release production deploys, from the source's release history. Pure. `latest` is the newest verified release
 * (an app its newest update did not verify is reported with the current manifest's verdict); `previous` the one
 * before it; an id exactly that release. Refused: a history that is missing or malformed, a selector the history does
 * not hold (the message lists what it holds), a release younger than `minSoak` or older than `maxAge`.
 */
export function selectRelease(history: unknown, manifest: unknown, selector: ReleaseSelector, sourceStack: string, options: SelectionOptions): SelectedRelease {
    const from = `platform:promotion: promotion from "${sourceStack}"`;
    if (history === undefined || history === null) {
        return { errors: [`${from}: the stack exports no "${RELEASE_HISTORY_OUTPUT}"; update it with this platform program (each verified release is recorded there), then promote again`] };
    }
    const parsed = releaseHistorySchema.safeParse(history);
    if (!parsed.success) {
        return { errors: parsed.error.issues.map((i) => `${from}: the release history is malformed at ${pathOf(i.path) || "(root)"}: ${i.message}; re-run the source stack's update to republish it`) };
    }
    const current = releaseManifestSchema.safeParse(manifest);
    if (!current.success) return { errors: resolvePromotion(manifest, [], sourceStack).errors };
    const releases = parsed.data.releases;
    const held = releases.length > 0 ? releases.map((r) => r.id).join(", ") : "none yet";
    const index = selector === "latest" ? 0 : selector === "previous" ? 1 : releases.findIndex((r) => r.id === selector);
    const release = index >= 0 ? releases[index] : undefined;
    if (release === undefined) {
        // Nothing verified yet: the current manifest says why, app by app.
        if (selector === "latest") return { manifest: { ...current.data, apps: Object.fromEntries(Object.entries(current.data.apps).map(([k, e]) => [k, { ...e, gates: { ...e.gates, passed: false } }])) }, errors: [] };
        return { errors: [`platform:promotion.release: expected a release in the history of "${sourceStack}" (${held}), found "${selector}"${selector === "previous" ? " (the history holds fewer than two releases)" : ""}; a rollback reaches only releases still in the history`] };
    }
    const errors: string[] = [];
    const age = (options.now.getTime() - Date.parse(release.verifiedAt)) / 1000;
    if (options.minSoakSeconds !== undefined && age < options.minSoakSeconds) {
        errors.push(`platform:promotion.minSoak: expected release ${release.id} to have soaked at least ${ago(options.minSoakSeconds)} in "${sourceStack}", found ${ago(Math.max(0, age))} (verified at ${release.verifiedAt}); promote it later, or choose an older release with promotion.release`);
    }
    if (options.maxAgeSeconds !== undefined && age > options.maxAgeSeconds) {
        errors.push(`platform:promotion.maxAge: expected release ${release.id} to be at most ${ago(options.maxAgeSeconds)} old, found ${ago(age)} (verified at ${release.verifiedAt}); verify a newer release in "${sourceStack}"`);
    }
    const apps: ReleaseManifest["apps"] = {};
    for (const [name, a] of Object.entries(release.apps)) {
        apps[name] = { app: name, image: a.image, digest: a.digest, version: a.version, strategy: a.strategy, gates: { passed: true, names: [...a.gates] }, verified: verifiedDigests(parsed.data, name) };
    }
    // `latest`: an app of the current manifest its newest release lacks was never verified there; say so by name.
    if (selector === "latest") {
        for (const [name, e] of Object.entries(current.data.apps)) if (apps[name] === undefined) apps[name] = { ...e, gates: { ...e.gates, passed: false } };
    }
    return { release, manifest: { apiVersion: RELEASE_MANIFEST_API_VERSION, environment: parsed.data.environment, tier: current.data.tier, apps }, errors };
}
