/**
 * Works out the RPO and RTO the configured mechanisms can achieve and compares them
 * with the declared `dr.rpoMinutes` / `dr.rtoMinutes`. Pure; called by the config loader.
 *
 * Scenario: with `dr.enabled` the objectives cover the loss of the primary region, so only
 * mechanisms that survive it count (cross-region replica, backup copy in the DR region,
 * bucket replication). Without DR they cover the loss of the primary database in place
 * (restore from backups or point-in-time recovery in the same region).
 */
import type { ResolvedDataProtection } from "../../stacks/schema/data";

/**
 * Estimates behind the model, in minutes. They are assumptions, stated once:
 * - pitrRpo: RDS uploads transaction logs to S3 every 5 min (LatestRestorableTime lags ≤ 5 min);
 *   Azure flexible server archives WAL continuously (segment full or 5 min); Cloud SQL PITR
 *   replays archived WAL, archived within minutes. 5 min is used for all three.
 * - replicaRpo: asynchronous streaming replication lag under normal load (seconds, rounded up to 1 min).
 * - bucketReplicationRpo: S3 Replication Time Control SLA (99.99% of objects within 15 min),
 *   GCS turbo replication (15 min target), Azure GZRS/RA-GZRS (typically < 15 min, no SLA).
 * - replicaPromotionRto: promoting a replica (≈5-10 min) plus switching endpoints and restarting apps.
 * - restoreBaseRto + restorePer100GbRto: provisioning an instance from a snapshot or WAL, plus data volume.
 * - crossRegionRestoreExtraRto: restoring from a copied recovery point in a region with nothing warm.
 * - bucketSwitchRto: re-pointing apps at the replicated bucket.
 */
export const RECOVERY_ASSUMPTIONS = {
    pitrRpo: 5,
    replicaRpo: 1,
    bucketReplicationRpo: 15,
    replicaPromotionRto: 30,
    restoreBaseRto: 60,
    restorePer100GbRto: 15,
    crossRegionRestoreExtraRto: 30,
    bucketSwitchRto: 15,
} as const;

/** One way of recovering, with what it achieves (Infinity: nothing survives the scenario). */
export interface Achievable {
    readonly rpoMinutes: number;
    readonly rtoMinutes: number;
    /** What the estimate rests on, as it appears in messages. */
    readonly because: string;
    /** What to enable to do better; empty when nothing better exists. */
    readonly improve: string;
}

const NONE = Number.POSITIVE_INFINITY;

function restoreMinutes(storageGb: number): number {
    return RECOVERY_ASSUMPTIONS.restoreBaseRto + Math.ceil(storageGb / 100) * RECOVERY_ASSUMPTIONS.restorePer100GbRto;
}

/** What the database can achieve in the scenario the config declares. */
export function databaseAchievable(r: ResolvedDataProtection): Achievable {
    const a = RECOVERY_ASSUMPTIONS;
    const every = r.backups.intervalMinutes;
    const restore = restoreMinutes(r.database.storageGb);
    if (r.dr.enabled) {
        if (r.dr.replica) {
            return { rpoMinutes: a.replicaRpo, rtoMinutes: a.replicaPromotionRto, because: "a cross-region read replica (promotion)", improve: "" };
        }
        if (r.backups.enabled && r.backups.copyToDrRegion) {
            return {
                rpoMinutes: every,
                rtoMinutes: restore + a.crossRegionRestoreExtraRto,
                because: `database backups copied to the DR region every ${every} min with no cross-region replica`,
                improve: `enable dr.replica (~${a.replicaRpo} min RPO, ~${a.replicaPromotionRto} min RTO)`,
            };
        }
        return {
            rpoMinutes: NONE,
            rtoMinutes: NONE,
            because: "the database has no cross-region replica and no backup copy in the DR region, so nothing survives loss of the primary region",
            improve: "enable dr.replica or backups.copyToDrRegion",
        };
    }
    if (!r.backups.enabled) {
        return { rpoMinutes: NONE, rtoMinutes: NONE, because: "database backups are disabled", improve: "enable backups" };
    }
    if (r.database.pointInTimeRecovery) {
        return {
            rpoMinutes: a.pitrRpo,
            rtoMinutes: restore,
            because: `point-in-time recovery (restore of ${r.database.storageGb} GB)`,
            improve: `enable dr.enabled with dr.replica (~${a.replicaRpo} min RPO, ~${a.replicaPromotionRto} min RTO)`,
        };
    }
    return {
        rpoMinutes: every,
        rtoMinutes: restore,
        because: `backups every ${every} min with no point-in-time recovery or replica`,
        improve: `enable data.database.pointInTimeRecovery (~${a.pitrRpo} min) or dr.replica (~${a.replicaRpo} min)`,
    };
}

/** What the bucket can achieve; only loss of the primary region is modelled (versioning covers deletes in place). */
export function bucketAchievable(r: ResolvedDataProtection): Achievable {
    const a = RECOVERY_ASSUMPTIONS;
    if (r.dr.bucketReplication) {
        return { rpoMinutes: a.bucketReplicationRpo, rtoMinutes: a.bucketSwitchRto, because: "bucket replication to the DR region", improve: "" };
    }
    if (r.backups.enabled && r.backups.copyToDrRegion) {
        const every = r.backups.intervalMinutes;
        return {
            rpoMinutes: every,
            rtoMinutes: a.restoreBaseRto + a.crossRegionRestoreExtraRto,
            because: `bucket backups copied to the DR region every ${every} min with no bucket replication`,
            improve: `enable dr.bucketReplication (~${a.bucketReplicationRpo} min)`,
        };
    }
    return {
        rpoMinutes: NONE,
        rtoMinutes: NONE,
        because: "the bucket has no replication and no backup copy in the DR region, so nothing survives loss of the primary region",
        improve: "enable dr.bucketReplication or backups.copyToDrRegion",
    };
}

function gap(key: "rpoMinutes" | "rtoMinutes", declared: number, what: string, got: Achievable, achieved: number): string {
    const head = `dr.${key}: declared ${declared} min for ${what} but`;
    if (!Number.isFinite(achieved)) return `${head} ${got.because}; ${got.improve}`;
    const advice = got.improve === "" ? `declare at least ${achieved}` : `${got.improve} or declare at least ${achieved}`;
    return `${head} ${got.because} can only achieve ${achieved} min; ${advice}`;
}

/** Every gap between declared and achievable objectives; empty when the declaration is achievable. */
export function checkRecoveryObjectives(r: ResolvedDataProtection): string[] {
    const errors: string[] = [];
    const scenario = r.dr.enabled ? "loss of the primary region" : "loss of the primary database";
    const subjects: Array<[string, Achievable]> = [];
    if (r.database.enabled) subjects.push([`the database (${scenario})`, databaseAchievable(r)]);
    if (r.bucket.enabled && r.dr.enabled) subjects.push([`the bucket (${scenario})`, bucketAchievable(r)]);
    for (const [what, got] of subjects) {
        if (r.dr.rpoMinutes !== undefined && r.dr.rpoMinutes < got.rpoMinutes) {
            errors.push(gap("rpoMinutes", r.dr.rpoMinutes, what, got, got.rpoMinutes));
        }
        if (r.dr.rtoMinutes !== undefined && r.dr.rtoMinutes < got.rtoMinutes) {
            errors.push(gap("rtoMinutes", r.dr.rtoMinutes, what, got, got.rtoMinutes));
        }
    }
    if ((r.dr.replica || r.dr.bucketReplication) && !r.dr.enabled) {
        errors.push("dr.replica/dr.bucketReplication: replication to the DR region is requested but dr.enabled is false; set dr.enabled: true");
    }
    return errors;
}
