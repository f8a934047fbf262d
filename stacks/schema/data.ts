/**
 * Config sections `platform:data`, `platform:backups` and `platform:dr`.
 *
 * The zod schemas are strict and carry no defaults: an absent key stays absent,
 * so the tier defaults live in one explicit, tested place, `resolveDataProtection`.
 */
import { z } from "zod";

export type EnvironmentTier = "dev" | "staging" | "production";

/** Size classes mapped per cloud (see `databaseSizes`). */
export const databaseSizeSchema = z.enum(["small", "medium", "large"]);
export type DatabaseSize = z.infer<typeof databaseSizeSchema>;

const days = z.number().int().min(1).max(3650);

/**
 * A daily cron expression in UTC: `M H * * *` with a numeric minute and hour.
 * Only daily schedules are accepted because Cloud SQL automated backups run once a day
 * and the RPO model needs a known interval.
 */
export const DAILY_CRON = /^([0-5]?\d) ([01]?\d|2[0-3]) \* \* \*$/;

export const databaseSchema = z
    .object({
        /** Create the managed PostgreSQL. Default: false (a stack asks for one). */
        enabled: z.boolean().optional(),
        /** PostgreSQL major version. Default: "16". */
        engineVersion: z.string().regex(/^\d{2}$/, "a PostgreSQL major version such as \"16\"").optional(),
        /** Size class mapped per cloud. Default: "medium" in production, "small" elsewhere. */
        size: databaseSizeSchema.optional(),
        /** AWS override of the size class, e.g. "db.r6g.large". */
        instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/).optional(),
        /** Azure override of the size class, e.g. "Standard_D4ds_v5" (tier is derived from the family). */
        sku: z.string().regex(/^Standard_[A-Za-z0-9_]+$/).optional(),
        /** GCP override of the size class, e.g. "db-custom-4-15360". */
        tier: z.string().regex(/^db-[a-z0-9-]+$/).optional(),
        /** Allocated storage. Default: 100 GB in production, 32 GB elsewhere. */
        storageGb: z.number().int().min(32).max(16384).optional(),
        /** Zone-redundant standby. Default: true in production only. */
        highAvailability: z.boolean().optional(),
        /** Refuse deletion. Default: true in production only. */
        deletionProtection: z.boolean().optional(),
        /** Continuous WAL archiving for point-in-time restore. Default: true in staging and production. */
        pointInTimeRecovery: z.boolean().optional(),
    })
    .strict();

export const bucketSchema = z
    .object({
        /** Create the object storage bucket. Default: false. */
        enabled: z.boolean().optional(),
        /** Move current objects to the infrequent-access class after this many days. Default: 30. */
        transitionDays: days.optional(),
        /** Delete noncurrent (overwritten/deleted) versions after this many days. Default: 30 (90 in production). */
        noncurrentVersionExpirationDays: days.optional(),
        /** Delete current objects after this many days. Default: never. */
        expirationDays: days.optional(),
        /** Abort incomplete multipart uploads after this many days. Default: 7. */
        abortIncompleteUploadDays: days.optional(),
    })
    .strict();

export const dataSchema = z
    .object({
        database: databaseSchema.optional(),
        bucket: bucketSchema.optional(),
    })
    .strict();

export const veleroSchema = z
    .object({
        /** Create a Velero Schedule for the app namespace. Default: false. */
        enabled: z.boolean().optional(),
        /** Namespace Velero runs in. Default: "velero". */
        namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/).optional(),
        /** Take volume snapshots as well as resource manifests. Default: false. */
        snapshotVolumes: z.boolean().optional(),
    })
    .strict();

export const restoreTestingSchema = z
    .object({
        /** Restore the latest recovery point on a schedule (AWS Backup restore testing). Default: true in production. */
        enabled: z.boolean().optional(),
        /** Daily or weekly cron in UTC, `M H * * D`. Default: "0 6 * * 0" (Sundays 06:00). */
        schedule: z.string().regex(/^([0-5]?\d) ([01]?\d|2[0-3]) \* \* (\*|[0-6])$/, "a cron `M H * * D` with D a weekday 0-6 or *").optional(),
        /** Pick recovery points from the last N days. Default: 7. */
        selectionWindowDays: z.number().int().min(1).max(365).optional(),
        /** Hours a restored copy is kept for validation before deletion. Default: 4. */
        validationWindowHours: z.number().int().min(1).max(168).optional(),
    })
    .strict();

export const backupsSchema = z
    .object({
        /** Back up the database and bucket. Default: true in staging and production, false in dev. */
        enabled: z.boolean().optional(),
        /** Daily cron in UTC. Default: "0 0 * * *". */
        schedule: z.string().regex(DAILY_CRON, "a daily cron `M H * * *` in UTC").optional(),
        /** Keep backups this many days. Default: 30 in production, 7 in staging, 1 in dev. */
        retentionDays: z.number().int().min(1).max(3650).optional(),
        /** Copy each backup to the DR region. Default: true in production. */
        copyToDrRegion: z.boolean().optional(),
        velero: veleroSchema.optional(),
        restoreTesting: restoreTestingSchema.optional(),
    })
    .strict();

export const drSchema = z
    .object({
        /** Replicate to the DR region and check the declared objectives against region loss. Default: true in production. */
        enabled: z.boolean().optional(),
        /** DR region. Default: none here (the stack's cloud section may supply it). */
        region: z.string().regex(/^[a-z0-9-]+$/).optional(),
        /** Declared recovery point objective. Default: 60 in production, undeclared elsewhere. */
        rpoMinutes: z.number().int().min(0).max(10_080, { message: "a week: an objective beyond that recovers nothing in time" }).optional(),
        /** Declared recovery time objective. Default: 240 in production, undeclared elsewhere. */
        rtoMinutes: z.number().int().min(1).max(10_080, { message: "a week: an objective beyond that recovers nothing in time" }).optional(),
        /** Cross-region read replica of the database. Default: same as `enabled`. */
        replica: z.boolean().optional(),
        /** Replicate the bucket to the DR region. Default: same as `enabled`. */
        bucketReplication: z.boolean().optional(),
    })
    .strict();

export type DataConfig = z.infer<typeof dataSchema>;
export type BackupsConfig = z.infer<typeof backupsSchema>;
export type DrConfig = z.infer<typeof drSchema>;

/** The three parsed sections, each possibly absent from the stack config. */
export interface DataProtectionConfig {
    readonly data?: DataConfig;
    readonly backups?: BackupsConfig;
    readonly dr?: DrConfig;
}

export interface ResolvedDataProtection {
    readonly tier: EnvironmentTier;
    readonly database: {
        readonly enabled: boolean;
        readonly engineVersion: string;
        readonly size: DatabaseSize;
        readonly instanceClass?: string;
        readonly sku?: string;
        readonly tier?: string;
        readonly storageGb: number;
        readonly highAvailability: boolean;
        readonly deletionProtection: boolean;
        readonly pointInTimeRecovery: boolean;
    };
    readonly bucket: {
        readonly enabled: boolean;
        readonly transitionDays: number;
        readonly noncurrentVersionExpirationDays: number;
        readonly expirationDays?: number;
        readonly abortIncompleteUploadDays: number;
    };
    readonly backups: {
        readonly enabled: boolean;
        readonly schedule: string;
        /** Minutes between two scheduled backups (1440 for every accepted schedule). */
        readonly intervalMinutes: number;
        readonly retentionDays: number;
        readonly copyToDrRegion: boolean;
        readonly velero: { readonly enabled: boolean; readonly namespace: string; readonly snapshotVolumes: boolean };
        readonly restoreTesting: {
            readonly enabled: boolean;
            readonly schedule: string;
            readonly selectionWindowDays: number;
            readonly validationWindowHours: number;
        };
    };
    readonly dr: {
        readonly enabled: boolean;
        readonly region?: string;
        readonly rpoMinutes?: number;
        readonly rtoMinutes?: number;
        readonly replica: boolean;
        readonly bucketReplication: boolean;
    };
}

/** Fills every default from the environment tier. Pure; the parsed input is not modified. */
export function resolveDataProtection(parsed: DataProtectionConfig, tier: EnvironmentTier): ResolvedDataProtection {
    const prod = tier === "production";
    const db = parsed.data?.database ?? {};
    const bucket = parsed.data?.bucket ?? {};
    const backups = parsed.backups ?? {};
    const dr = parsed.dr ?? {};
    const drEnabled = dr.enabled ?? prod;
    return {
        tier,
        database: {
            enabled: db.enabled ?? false,
            engineVersion: db.engineVersion ?? "16",
            size: db.size ?? (prod ? "medium" : "small"),
            instanceClass: db.instanceClass,
            sku: db.sku,
            tier: db.tier,
            storageGb: db.storageGb ?? (prod ? 100 : 32),
            highAvailability: db.highAvailability ?? prod,
            deletionProtection: db.deletionProtection ?? prod,
            pointInTimeRecovery: db.pointInTimeRecovery ?? tier !== "dev",
        },
        bucket: {
            enabled: bucket.enabled ?? false,
            transitionDays: bucket.transitionDays ?? 30,
            noncurrentVersionExpirationDays: bucket.noncurrentVersionExpirationDays ?? (prod ? 90 : 30),
            expirationDays: bucket.expirationDays,
            abortIncompleteUploadDays: bucket.abortIncompleteUploadDays ?? 7,
        },
        backups: {
            enabled: backups.enabled ?? tier !== "dev",
            schedule: backups.schedule ?? "0 0 * * *",
            intervalMinutes: 1440,
            retentionDays: backups.retentionDays ?? (prod ? 30 : tier === "staging" ? 7 : 1),
            copyToDrRegion: backups.copyToDrRegion ?? prod,
            velero: {
                enabled: backups.velero?.enabled ?? false,
                namespace: backups.velero?.namespace ?? "velero",
                snapshotVolumes: backups.velero?.snapshotVolumes ?? false,
            },
            restoreTesting: {
                enabled: backups.restoreTesting?.enabled ?? prod,
                schedule: backups.restoreTesting?.schedule ?? "0 6 * * 0",
                selectionWindowDays: backups.restoreTesting?.selectionWindowDays ?? 7,
                validationWindowHours: backups.restoreTesting?.validationWindowHours ?? 4,
            },
        },
        dr: {
            enabled: drEnabled,
            region: dr.region,
            rpoMinutes: dr.rpoMinutes ?? (prod ? 60 : undefined),
            rtoMinutes: dr.rtoMinutes ?? (prod ? 240 : undefined),
            replica: dr.replica ?? drEnabled,
            bucketReplication: dr.bucketReplication ?? drEnabled,
        },
    };
}

/** Splits a daily cron `M H * * *` into its UTC hour and minute. */
export function dailyCronTime(cron: string): { hour: number; minute: number } {
    const m = DAILY_CRON.exec(cron);
    if (m === null) {
        throw new Error(`backups.schedule: expected a daily cron "M H * * *", found "${cron}"`);
    }
    return { minute: Number(m[1]), hour: Number(m[2]) };
}

/** Converts a 5-field cron `M H * * D` to the 6-field form AWS uses: `cron(M H ? * D *)` or `cron(M H * * ? *)`. */
export function awsCron(cron: string): string {
    const [minute, hour, dom, month, dow] = cron.split(" ");
    return dow === "*" ? `cron(${minute} ${hour} ${dom} ${month} ? *)` : `cron(${minute} ${hour} ? ${month} ${dow} *)`;
}
