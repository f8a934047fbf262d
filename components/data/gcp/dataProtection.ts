import * as pulumi from "@pulumi/pulumi";
import * as gcp from "@pulumi/gcp/provider";
import * as projects from "@pulumi/gcp/projects";
import * as storage from "@pulumi/gcp/storage";
import { dailyCronTime, type DatabaseSize } from "../../../stacks/schema/data";
import { VeleroSchedule } from "../../kubernetes/veleroSchedule";
import type { DataProtectionCommonArgs, DataProtectionOutputs } from "../common";
import { databasePassword, databaseSecret } from "../credentials";
import { drRunbook, type DrRunbook } from "../runbook";
import { GcpDataAlerts } from "./alerts";
import { GcpBackupPlan } from "./backupPlan";
import { GcpBucket, gcpContinent } from "./bucket";
import { GcpDatabase } from "./database";
import { GcpKmsKey } from "./kmsKey";

/** Cloud SQL machine tier per size class (Enterprise edition custom machines). */
export const gcpTiers: Readonly<Record<DatabaseSize, string>> = { small: "db-custom-1-3840", medium: "db-custom-2-7680", large: "db-custom-4-15360" };

export interface GcpDataProtectionArgs extends DataProtectionCommonArgs {
    readonly project: string;
    /** VPC self link with private services access, for the instance and replica's private IPs. */
    readonly privateNetwork: pulumi.Input<string>;
}

/** Everything for data protection on GCP: CMEK keys, Cloud SQL (+replica), GCS, Backup and DR, alerts. */
export class GcpDataProtection extends pulumi.ComponentResource implements DataProtectionOutputs {
    readonly provider: gcp.Provider;
    readonly drProvider?: gcp.Provider;
    readonly database?: GcpDatabase;
    readonly bucket?: GcpBucket;
    readonly backups?: GcpBackupPlan;
    readonly velero?: VeleroSchedule;
    readonly alerts: GcpDataAlerts;
    readonly databaseHost: pulumi.Output<string | undefined>;
    readonly databaseSecretRef: pulumi.Output<{ namespace: string; name: string } | undefined>;
    readonly bucketName: pulumi.Output<string | undefined>;
    readonly runbook: pulumi.Output<DrRunbook>;

    constructor(name: string, args: GcpDataProtectionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:GcpDataProtection", name, {}, opts);
        const c = args.config;
        const tags = args.tags;
        this.provider = new gcp.Provider(`${name}-primary`, { project: args.project, region: args.region }, { parent: this });
        if (c.dr.enabled) this.drProvider = new gcp.Provider(`${name}-dr`, { project: args.project, region: args.drRegion }, { parent: this });
        const p = { parent: this, providers: { gcp: this.provider } };
        const { hour, minute } = dailyCronTime(c.backups.schedule);
        const startTime = `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
        const copy = c.backups.enabled && c.backups.copyToDrRegion;

        let secretRef: { namespace: pulumi.Input<string>; name: string } | undefined;
        if (c.database.enabled) {
            const agent = new projects.ServiceIdentity(`${name}-sql-agent`, { project: args.project, service: "sqladmin.googleapis.com" }, { parent: this, provider: this.provider });
            const member = pulumi.interpolate`serviceAccount:${agent.email}`;
            const key = new GcpKmsKey(`${name}-sql-key`, { location: args.region, members: [member], tags }, p);
            const replicate = c.dr.enabled && c.dr.replica && this.drProvider !== undefined;
            const drKey = replicate && this.drProvider !== undefined
                ? new GcpKmsKey(`${name}-sql-dr-key`, { location: args.drRegion, members: [member], tags }, { parent: this, providers: { gcp: this.drProvider } })
                : undefined;
            const password = databasePassword(name, this);
            this.database = new GcpDatabase(`${name}-database`, {
                region: args.region,
                engineVersion: c.database.engineVersion,
                tier: c.database.tier ?? gcpTiers[c.database.size],
                storageGb: c.database.storageGb,
                highAvailability: c.database.highAvailability,
                deletionProtection: c.database.deletionProtection,
                backupsEnabled: c.backups.enabled,
                backupStartTime: startTime,
                retainedBackups: c.backups.retentionDays,
                pointInTimeRecovery: c.database.pointInTimeRecovery,
                backupLocation: copy ? args.drRegion : undefined,
                keyId: key.keyId,
                privateNetwork: args.privateNetwork,
                password: pulumi.secret(password.result),
                replica: drKey !== undefined && this.drProvider !== undefined ? { provider: this.drProvider, region: args.drRegion, keyId: drKey.keyId } : undefined,
                tags,
            }, p);
            const secretName = args.secretName ?? "database";
            databaseSecret(name, {
                namespace: args.namespace, secretName, host: this.database.host, port: 5432, password: pulumi.secret(password.result),
                labels: { "app.kubernetes.io/component": "database", "app.kubernetes.io/managed-by": "pulumi" }, provider: args.kubernetesProvider,
            }, this);
            secretRef = { namespace: args.namespace, name: secretName };
            if (c.backups.enabled) {
                this.backups = new GcpBackupPlan(`${name}-backup`, { project: args.project, region: args.region, instanceName: this.database.instance.name, retentionDays: c.backups.retentionDays, startHour: hour, tags }, p);
            }
        }

        if (c.bucket.enabled) {
            const dual = c.dr.enabled && c.dr.bucketReplication;
            if (dual && gcpContinent(args.region) !== gcpContinent(args.drRegion)) {
                throw new Error(`dr.bucketReplication: a dual-region bucket needs both regions on one continent, found ${args.region} and ${args.drRegion}`);
            }
            const continent = gcpContinent(args.region);
            const gcsAgent = storage.getProjectServiceAccountOutput({ project: args.project }, { parent: this, provider: this.provider });
            const key = new GcpKmsKey(`${name}-bucket-key`, {
                location: dual ? continent.toLowerCase() : args.region,
                members: [pulumi.interpolate`serviceAccount:${gcsAgent.emailAddress}`],
                tags,
            }, p);
            this.bucket = new GcpBucket(`${name}-storage`, {
                region: args.region,
                dualRegion: dual ? { location: continent, regions: [args.region, args.drRegion] } : undefined,
                keyId: key.keyId,
                lifecycle: c.bucket,
                tags,
            }, p);
        }

        if (c.backups.velero.enabled && this.bucket !== undefined) {
            this.velero = new VeleroSchedule(`${name}-velero`, {
                namespace: args.namespace,
                veleroNamespace: c.backups.velero.namespace,
                schedule: c.backups.schedule,
                ttlHours: c.backups.retentionDays * 24,
                snapshotVolumes: c.backups.velero.snapshotVolumes,
                storage: { provider: "gcp", bucket: this.bucket.name, prefix: `velero/${args.environment}` },
                provider: args.kubernetesProvider,
            }, { parent: this });
        }

        this.alerts = new GcpDataAlerts(`${name}-alerts`, {
            project: args.project,
            instanceName: this.database?.instance.name,
            replicaName: this.database?.replica?.name,
            rpoMinutes: c.dr.rpoMinutes,
            notificationEmail: args.alarmEmail,
            tags,
        }, p);

        this.databaseHost = this.database !== undefined ? this.database.host.apply((h): string | undefined => h) : pulumi.output(undefined);
        this.bucketName = this.bucket !== undefined ? this.bucket.name.apply((n): string | undefined => n) : pulumi.output(undefined);
        this.databaseSecretRef = secretRef !== undefined ? pulumi.output(secretRef).apply((s): { namespace: string; name: string } | undefined => s) : pulumi.output(undefined);
        this.runbook = pulumi
            .all([this.databaseHost, this.database?.replicaHost ?? pulumi.output(undefined), this.database?.replicaName ?? pulumi.output(undefined), this.bucketName, this.databaseSecretRef])
            .apply(([host, replicaHost, replicaId, bucket, ref]) =>
                drRunbook(c, {
                    cloud: "gcp",
                    environment: args.environment,
                    primaryRegion: args.region,
                    drRegion: args.drRegion,
                    secretRef: ref,
                    database: host !== undefined ? { primaryHost: host, replicaHost, replicaId } : undefined,
                    bucket: bucket !== undefined ? { primary: bucket } : undefined,
                }));
        this.registerOutputs({
            databaseHost: this.databaseHost,
            databaseSecretRef: this.databaseSecretRef,
            bucketName: this.bucketName,
            backupVaultId: this.backups?.vault.id,
            runbook: this.runbook,
        });
    }
}
