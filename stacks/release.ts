import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./errors";
import type { PlatformConfig } from "./config";
import type { AppConfig } from "./schema/apps";
import type { BlueGreenConfig } from "./schema/strategies";
import { checkMaintenanceWindow } from "./delivery/maintenanceWindow";
import { RELEASE_MANIFEST_OUTPUT, resolvePromotion, type ReleaseManifest } from "./delivery/promotion";

/**
 * Refuses `pulumi up` outside production's maintenance window (before any resource is registered),
 * logging an explicit override. Preview and the offline plan are never blocked.
 */
export function enforceReleaseWindow(config: PlatformConfig, mode: "deploy" | "plan", now: Date = new Date()): void {
    const release = config.release;
    if (release === undefined) return;
    const check = checkMaintenanceWindow(release.maintenanceWindow, now, {
        isDryRun: mode === "plan" || pulumi.runtime.isDryRun(),
        override: process.env[release.overrideEnvVar],
        overrideEnvVar: release.overrideEnvVar,
    });
    if (!check.allowed) throw new ConfigError([`platform:release.maintenanceWindow: ${check.message}`], pulumi.getStack());
    if (check.message.startsWith("OVERRIDE:")) void pulumi.log.warn(check.message);
    else if (mode === "deploy") void pulumi.log.info(check.message);
}

/** The image an app's release ships: blue-green's active colour, otherwise the app's image. */
export function releaseImage(app: AppConfig): string | undefined {
    return app.strategy.type === "blueGreen" ? app.strategy[app.strategy.activeColor].image : app.image;
}

export interface Promotion {
    readonly source: string;
    /** The source stack's manifest, as read. */
    readonly manifest: ReleaseManifest;
    /** Apps with the verified images filled in. */
    readonly apps: AppConfig[];
}

/**
 * Reads the source stack's release manifest through a StackReference and returns the apps with exactly
 * the digests it verified. Every problem (missing, unverified, mismatched app) fails the update at once.
 */
export async function promote(config: PlatformConfig): Promise<Promotion | undefined> {
    const promotion = config.promotion;
    if (promotion === undefined) return undefined;
    const ref = new pulumi.StackReference(`${config.environment.name}-promotion-source`, { name: promotion.from });
    const manifest: unknown = await ref.getOutputValue(RELEASE_MANIFEST_OUTPUT);
    // Blue-green colours are set in config (a release goes onto the idle colour, then a gated switch):
    // promotion checks that a colour carries the verified digest instead of rewriting a live colour.
    const { images, errors } = resolvePromotion(
        manifest,
        config.apps.map((a) => ({ name: a.name, image: a.strategy.type === "blueGreen" ? undefined : releaseImage(a) })),
        promotion.from,
        { requireVerified: promotion.requireVerified },
    );
    for (const app of config.apps) {
        if (app.strategy.type !== "blueGreen" || images[app.name] === undefined) continue;
        const digest = images[app.name].split("@")[1];
        const colours = (["blue", "green"] as const).filter((c) => (app.strategy as BlueGreenConfig)[c].image.endsWith(`@${digest}`));
        if (colours.length === 0) {
            errors.push(`promotion from "${promotion.from}": blue-green app "${app.name}" runs neither colour with the verified digest ${digest}; put it on the idle colour (strategy.${app.strategy.activeColor === "blue" ? "green" : "blue"}.image), let its smoke gate pass, then switch activeColor`);
        }
    }
    if (errors.length > 0) throw new ConfigError(errors.map((e) => `platform:promotion: ${e}`), pulumi.getStack());
    const apps = config.apps.map((app): AppConfig => {
        const image = images[app.name];
        if (app.strategy.type === "blueGreen") return app;
        return { ...app, version: (manifest as ReleaseManifest).apps[app.name].version, image };
    });
    return { source: promotion.from, manifest: manifest as ReleaseManifest, apps };
}
