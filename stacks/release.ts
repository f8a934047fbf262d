import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./errors";
import type { PlatformConfig } from "./config";
import type { AppConfig } from "./schema/apps";
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
    const { images, errors } = resolvePromotion(manifest, config.apps.map((a) => ({ name: a.name, image: releaseImage(a) })), promotion.from, {
        requireVerified: promotion.requireVerified,
    });
    if (errors.length > 0) throw new ConfigError(errors.map((e) => `platform:promotion: ${e}`), pulumi.getStack());
    const apps = config.apps.map((app): AppConfig => {
        const image = images[app.name];
        const version = (manifest as ReleaseManifest).apps[app.name].version;
        if (app.strategy.type === "blueGreen") {
            const active = app.strategy.activeColor;
            return { ...app, version, strategy: { ...app.strategy, [active]: { image } } };
        }
        return { ...app, version, image };
    });
    return { source: promotion.from, manifest: manifest as ReleaseManifest, apps };
}
