import * as pulumi from "@pulumi/pulumi";
import type { DeployedApp } from "./apps";
import {
    appendPromotion, appendRelease, digestOf, promotionHistorySchema, readOwnHistory, releaseHistorySchema,
    PROMOTION_HISTORY_OUTPUT, RELEASE_HISTORY_OUTPUT, type PromotionRecord, type ReleaseHistory,
} from "./delivery/releaseHistory";
import type { ReleaseManifest } from "./delivery/releaseManifest";
import type { Promotion } from "./release";

/** Names the reason for a promotion in the promotion history (the deployment sets it: commit or update message). */
export const RELEASE_MESSAGE_ENV_VAR = "PLATFORM_RELEASE_MESSAGE";

export interface HistoryInputs {
    /** This update's release manifest; resolves only after every gate passed. */
    readonly manifest?: pulumi.Output<ReleaseManifest>;
    readonly promotion?: Promotion;
    readonly deployed: readonly DeployedApp[];
    /** The time a resolved verdict is recorded at (the plan's clock offline, the wall clock in an update). */
    readonly clock: () => Date;
}

/**
 * The stack's history outputs after this update: `releaseHistory` (what it verified, newest first) and, when it
 * promotes, `promotionHistory`. Each is the previous update's value (read from the engine's state through
 * `previous`) with this update's entry added once its gates passed. An unreadable previous value starts a new
 * history, with a warning: releases recorded before it can no longer be promoted.
 */
export async function releaseHistories(previous: pulumi.StackReference, inputs: HistoryInputs): Promise<Record<string, pulumi.Output<unknown>>> {
    const [rawReleases, rawPromotions] = await Promise.all([
        previous.getOutputValue(RELEASE_HISTORY_OUTPUT),
        inputs.promotion ? previous.getOutputValue(PROMOTION_HISTORY_OUTPUT) : Promise.resolve(undefined),
    ]) as [unknown, unknown];
    const releases = readOwnHistory(rawReleases, releaseHistorySchema);
    const promotions = readOwnHistory(rawPromotions, promotionHistorySchema);
    for (const [key, read] of [[RELEASE_HISTORY_OUTPUT, releases], [PROMOTION_HISTORY_OUTPUT, promotions]] as const) {
        if (read.problem !== undefined) void pulumi.log.warn(`${key} of the last update is unreadable (${read.problem}); a new history starts with this update`);
    }
    const out: Record<string, pulumi.Output<unknown>> = {};
    if (inputs.manifest !== undefined) {
        out[RELEASE_HISTORY_OUTPUT] = inputs.manifest.apply((m): ReleaseHistory => appendRelease(releases.value, m, inputs.clock().toISOString()));
    } else if (releases.value !== undefined) {
        out[RELEASE_HISTORY_OUTPUT] = pulumi.output(releases.value);
    }
    const release = inputs.promotion?.release;
    if (release !== undefined) {
        const message = process.env[RELEASE_MESSAGE_ENV_VAR]?.trim().slice(0, 500);
        out[PROMOTION_HISTORY_OUTPUT] = pulumi.all(inputs.deployed.map((d) => d.gates)).apply((): PromotionRecord[] => appendPromotion(promotions.value, {
            release: release.id,
            source: inputs.promotion!.source,
            promotedAt: inputs.clock().toISOString(),
            apps: Object.fromEntries(inputs.deployed.map((d) => [d.name, digestOf(d.image)]).filter(([, digest]) => digest !== "")),
            ...(message ? { message } : {}),
        }));
    } else if (promotions.value !== undefined) {
        // Nothing promoted by release this time (verification off, no release yet): the records are kept.
        out[PROMOTION_HISTORY_OUTPUT] = pulumi.output(promotions.value);
    }
    return out;
}
