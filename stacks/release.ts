import * as pulumi from "@pulumi/pulumi";
import { APPROVAL_FILE_ENV_VAR, approvalProblem } from "./approval";
import { ConfigError } from "./errors";
import type { PlatformConfig } from "./config";
import type { AppConfig } from "./schema/apps";
import type { BlueGreenConfig } from "./schema/strategies";
import { checkMaintenanceWindow, RELEASE_OVERRIDE_ENV_VAR } from "./delivery/maintenanceWindow";
import { parseImageReference } from "./delivery/imageRef";
import { resolvePromotion, selectRelease } from "./delivery/promotion";
import { RELEASE_HISTORY_OUTPUT, type Release } from "./delivery/releaseHistory";
import { RELEASE_MANIFEST_OUTPUT, type ReleaseManifest } from "./delivery/releaseManifest";
import { durationSeconds } from "./schema/common";

/**
 * Refuses `pulumi up` outside production's maintenance window (before any resource is registered),
 * logging that the override was used (never its value). Preview and the offline plan are never blocked.
 */
export function enforceReleaseWindow(config: PlatformConfig, mode: "deploy" | "plan", now: Date = new Date()): void {
    const release = config.release;
    if (release === undefined) return;
    const check = checkMaintenanceWindow(release.maintenanceWindow, now, {
        isDryRun: mode === "plan" || pulumi.runtime.isDryRun(),
        override: process.env[RELEASE_OVERRIDE_ENV_VAR],
    });
    if (!check.allowed) throw new ConfigError([`platform:release.maintenanceWindow: ${check.message}`], pulumi.getStack());
    if (check.message.startsWith("OVERRIDE:")) void pulumi.log.warn(check.message);
    else if (mode === "deploy") void pulumi.log.info(check.message);
}

/** The image an app's release ships: blue-green's active colour, otherwise the app's image. */
export function releaseImage(app: AppConfig): string | undefined {
    return app.strategy.type === "blueGreen" ? app.strategy[app.strategy.activeColor].image : app.image;
}

/** The images an app runs from the stack's own config besides its release, keyed by config path: each must be verified. */
export function trackImages(app: AppConfig, index: number): Array<{ key: string; image: string }> {
    const s = app.strategy;
    if (s.type === "blueGreen") return (["blue", "green"] as const).map((c) => ({ key: `apps[${index}].strategy.${c}.image`, image: s[c].image }));
    if (s.type === "canary") return [{ key: `apps[${index}].strategy.stableImage`, image: s.stableImage }];
    return [];
}

export interface Promotion {
    readonly source: string;
    /**
     * The release of the source's history being deployed, with the manifest built from it. Absent only when
     * verification is off (`requireVerified: false`, never in production) and the source verified nothing yet.
     */
    readonly release?: Release;
    readonly manifest: ReleaseManifest;
    /** Apps with the verified images filled in. */
    readonly apps: AppConfig[];
}

/**
 * Reads the source stack's release manifest through a StackReference and returns the apps with exactly
 * the digests it verified. Every image an app runs (the release, both blue-green colours, a canary's stable)
 * must be one the source verified, by digest. Every problem fails the update at once, before anything else is
 * registered.
 */
export async function promote(config: PlatformConfig, now: Date = new Date()): Promise<Promotion | undefined> {
    const promotion = config.promotion;
    if (promotion === undefined) return undefined;
    const pinned = pinnedSourceProblem(promotion.from, process.env[PROMOTION_SOURCE_ENV_VAR]);
    if (pinned !== undefined) throw new ConfigError([pinned], pulumi.getStack());
    const ref = new pulumi.StackReference(`${config.environment.name}-promotion-source`, { name: promotion.from });
    const [history, current] = await Promise.all([ref.getOutputValue(RELEASE_HISTORY_OUTPUT), ref.getOutputValue(RELEASE_MANIFEST_OUTPUT)]) as [unknown, unknown];
    const selected = selectRelease(history, current, promotion.release, promotion.from, {
        now,
        ...(promotion.minSoak !== undefined ? { minSoakSeconds: durationSeconds(promotion.minSoak) } : {}),
        ...(promotion.maxAge !== undefined ? { maxAgeSeconds: durationSeconds(promotion.maxAge) } : {}),
    });
    if (selected.manifest === undefined) throw new ConfigError(selected.errors, pulumi.getStack());
    const manifest = selected.manifest;
    // Blue-green colours are set in config (a release goes onto the idle colour, then a gated switch):
    // promotion checks both colours instead of rewriting a live colour.
    const { images, errors } = resolvePromotion(
        manifest,
        config.apps.map((a, i) => ({ name: a.name, image: a.strategy.type === "blueGreen" ? undefined : releaseImage(a), tracks: trackImages(a, i), strategy: { key: `apps[${i}].strategy.type`, type: a.strategy.type } })),
        promotion.from,
        { requireVerified: promotion.requireVerified, ...(config.environment.tier === "production" ? { sourceTier: "staging" as const } : {}) },
    );
    errors.unshift(...selected.errors);
    config.apps.forEach((app, i) => {
        if (app.strategy.type !== "blueGreen" || images[app.name] === undefined) return;
        const digest = parseImageReference(images[app.name])?.digest;
        const s = app.strategy as BlueGreenConfig;
        if (!(["blue", "green"] as const).some((c) => parseImageReference(s[c].image)?.digest === digest)) {
            const idle = s.activeColor === "blue" ? "green" : "blue";
            errors.push(`platform:promotion: promotion from "${promotion.from}": blue-green app "${app.name}" runs neither colour with the verified digest ${digest}; put it on the idle colour (platform:apps[${i}].strategy.${idle}.image), let its smoke gate pass, then switch activeColor`);
        }
    });
    const unapproved = approvalProblem(selected.release?.id, process.env[APPROVAL_FILE_ENV_VAR]);
    if (unapproved !== undefined) errors.push(unapproved);
    if (errors.length > 0) throw new ConfigError(errors, pulumi.getStack());
    const apps = config.apps.map((app): AppConfig => {
        const image = images[app.name];
        if (app.strategy.type === "blueGreen") return app;
        return { ...app, version: manifest.apps[app.name].version, image };
    });
    return { source: promotion.from, ...(selected.release ? { release: selected.release } : {}), manifest, apps };
}

/**
 * The deployment's control program (deployments/) names the one stack production may promote from in
 * PROMOTION_SOURCE_ENV_VAR; set, `promotion.from` must be exactly it. Unset (a run outside Pulumi Deployments), the
 * schema's rules alone apply. Pure.
 */
export function pinnedSourceProblem(from: string, pinned: string | undefined): string | undefined {
    if (pinned === undefined || pinned.trim() === "" || pinned.trim() === from) return undefined;
    return `platform:promotion.from: expected "${pinned.trim()}", the source the deployment's control program declares (${PROMOTION_SOURCE_ENV_VAR}), found "${from}"; change the source in deployments/, not in the stack file`;
}

/** Set by the control program in production's deployment settings (deployments/program.ts). */
export const PROMOTION_SOURCE_ENV_VAR = "PLATFORM_PROMOTION_SOURCE";

/**
 * The stack's own outputs from its last update, read through a StackReference to itself: the histories live there,
 * written only by the engine (a stack file cannot add to them). Empty on a stack's first update.
 */
export function previousOutputs(environment: string): pulumi.StackReference {
    return new pulumi.StackReference(`${environment}-previous-outputs`, { name: `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}` });
}
