import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws/provider";
import { awsCron, dailyCronTime, type DatabaseSize } from "../../../stacks/schema/data";
import { VeleroSchedule } from "../../kubernetes/veleroSchedule";
import type { DataProtectionCommonArgs, DataProtectionOutputs } from "../common";
import { databasePassword, databaseSecret } from "../credentials";
import { drRunbook, type DrRunbook } from "../runbook";
import { AwsDataAlarms } from "./alarms";
import { AwsBackupPlan } from "./backupPlan";
import { AwsBucket } from "./bucket";
import { AwsDatabase } from "./database";
import { AwsRestoreTesting } from "./restoreTesting";

/** RDS instance class per size class. */
export const awsInstanceClasses: Readonly<Record<DatabaseSize, string>> = { small: "db.t4g.medium", medium: "db.m6g.large", large: "db.m6g.xlarge" };

export interface AwsNetwork {
    /** Private subnets (primary region) for the DB subnet group. */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Security groups for the database. Default: the VPC's default group. */
    readonly securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** Private subnets in the DR region, required when the replica is on. */
    readonly drSubnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    readonly drSecurityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface AwsDataProtectionArgs extends DataProtectionCommonArgs {
    readonly network: AwsNetwork;
}

/** Everything for data protection on AWS: RDS, S3, AWS Backup, restore testing, DR replica and alarms. */
export class AwsDataProtection extends pulumi.ComponentResource implements DataProtectionOutputs {
    readonly provider: aws.Provider;
    readonly drProvider?: aws.Provider;
    readonly database?: AwsDatabase;
    readonly bucket?: AwsBucket;
    readonly backups?: AwsBackupPlan;
    readonly restoreTesting?: AwsRestoreTesting;
    readonly velero?: VeleroSchedule;
    readonly alarms: AwsDataAlarms;
    readonly databaseHost: pulumi.Output<string | undefined>;
    readonly databaseSecretRef: pulumi.Output<{ namespace: string; name: string } | undefined>;
    readonly bucketName: pulumi.Output<string | undefined>;
    readonly runbook: pulumi.Output<DrRunbook>;

    constructor(name: string, args: AwsDataProtectionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:AwsDataProtection", name, {}, opts);
        const c = args.config;
        const tags = args.tags;
        this.provider = new aws.Provider(`${name}-primary`, { region: args.region }, { parent: this });
        const needDr = c.dr.enabled || (c.backups.enabled && c.backups.copyToDrRegion);
        if (needDr) this.drProvider = new aws.Provider(`${name}-dr`, { region: args.drRegion }, { parent: this });
        const p = { parent: this, providers: { aws: this.provider } };
        const { hour, minute } = dailyCronTime(c.backups.schedule);
        const retention = c.backups.enabled ? c.backups.retentionDays : 0;

        let secretRef: { namespace: pulumi.Input<string>; name: string } | undefined;
        if (c.database.enabled) {
            const password = databasePassword(name, this);
            const start = `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
            const end = `${String((hour + 1) % 24).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
            const replicate = c.dr.enabled && c.dr.replica && this.drProvider !== undefined;
            if (replicate && args.network.drSubnetIds === undefined) {
                throw new Error("network.drSubnetIds: the DR replica needs private subnets in the DR region, found none");
            }
            this.database = new AwsDatabase(`${name}-database`, {
                engineVersion: c.database.engineVersion,
                instanceClass: c.database.instanceClass ?? awsInstanceClasses[c.database.size],
                storageGb: c.database.storageGb,
                highAvailability: c.database.highAvailability,
                deletionProtection: c.database.deletionProtection,
                backupRetentionDays: retention,
                backupWindow: `${start}-${end}`,
                password: pulumi.secret(password.result),
                subnetIds: args.network.subnetIds,
                securityGroupIds: args.network.securityGroupIds,
                replica: replicate && this.drProvider !== undefined && args.network.drSubnetIds !== undefined
                    ? { provider: this.drProvider, subnetIds: args.network.drSubnetIds, securityGroupIds: args.network.drSecurityGroupIds }
                    : undefined,
                tags,
            }, p);
            const secretName = args.secretName ?? "database";
            databaseSecret(name, {
                namespace: args.namespace, secretName, host: this.database.address, port: this.database.port, password: pulumi.secret(password.result),
                labels: { "app.kubernetes.io/component": "database", "app.kubernetes.io/managed-by": "pulumi" }, provider: args.kubernetesProvider,
            }, this);
            secretRef = { namespace: args.namespace, name: secretName };
        }

        if (c.bucket.enabled) {
            this.bucket = new AwsBucket(`${name}-storage`, {
                lifecycle: c.bucket,
                replication: c.dr.enabled && c.dr.bucketReplication && this.drProvider !== undefined ? { provider: this.drProvider } : undefined,
                tags,
            }, p);
        }

        const protectedArns = [this.database?.arn, this.bucket?.arn].filter((a): a is pulumi.Output<string> => a !== undefined);
        if (c.backups.enabled && protectedArns.length > 0) {
            this.backups = new AwsBackupPlan(`${name}-backup`, {
                schedule: awsCron(c.backups.schedule),
                retentionDays: c.backups.retentionDays,
                continuous: c.database.pointInTimeRecovery,
                copyToDr: c.backups.copyToDrRegion && this.drProvider !== undefined ? { provider: this.drProvider } : undefined,
                resourceArns: protectedArns,
                tags,
            }, p);
            if (c.backups.restoreTesting.enabled) {
                this.restoreTesting = new AwsRestoreTesting(`${name}-restore-test`, {
                    schedule: awsCron(c.backups.restoreTesting.schedule),
                    vaultArns: [this.backups.vaultArn],
                    selectionWindowDays: c.backups.restoreTesting.selectionWindowDays,
                    validationWindowHours: c.backups.restoreTesting.validationWindowHours,
                    roleArn: this.backups.roleArn,
                    databaseArn: this.database?.arn,
                    bucketArn: this.bucket?.arn,
                    tags,
                }, p);
            }
        }

        if (c.backups.velero.enabled && this.bucket !== undefined) {
            this.velero = new VeleroSchedule(`${name}-velero`, {
                namespace: args.namespace,
                veleroNamespace: c.backups.velero.namespace,
                schedule: c.backups.schedule,
                ttlHours: c.backups.retentionDays * 24,
                snapshotVolumes: c.backups.velero.snapshotVolumes,
                storage: { provider: "aws", bucket: this.bucket.name, prefix: `velero/${args.environment}`, config: { region: args.region } },
                provider: args.kubernetesProvider,
            }, { parent: this });
        }

        this.alarms = new AwsDataAlarms(`${name}-alarms`, {
            databaseIdentifier: this.database?.instance.identifier,
            storageGb: c.database.storageGb,
            replica: this.database?.replica !== undefined && this.drProvider !== undefined ? { identifier: this.database.replica.identifier, provider: this.drProvider } : undefined,
            rpoMinutes: c.dr.rpoMinutes,
            backupVaultName: this.backups?.vaultName,
            bucketReplication: this.bucket?.replicaBucket !== undefined ? { source: this.bucket.name, destination: this.bucket.replicaBucket.bucket, ruleId: this.bucket.replicationRuleId } : undefined,
            notificationEmail: args.alarmEmail,
            tags,
        }, p);

        this.databaseHost = this.database !== undefined ? this.database.address.apply((a): string | undefined => a) : pulumi.output(undefined);
        this.bucketName = this.bucket !== undefined ? this.bucket.name.apply((b): string | undefined => b) : pulumi.output(undefined);
        this.databaseSecretRef = secretRef !== undefined ? pulumi.output(secretRef).apply((s): { namespace: string; name: string } | undefined => s) : pulumi.output(undefined);
        this.runbook = pulumi
            .all([this.databaseHost, this.database?.replicaAddress ?? pulumi.output(undefined), this.database?.replicaIdentifier ?? pulumi.output(undefined), this.bucketName, this.bucket?.replicaName ?? pulumi.output(undefined), this.databaseSecretRef])
            .apply(([host, replicaHost, replicaId, bucket, replicaBucket, ref]) =>
                drRunbook(c, {
                    cloud: "aws",
                    environment: args.environment,
                    primaryRegion: args.region,
                    drRegion: args.drRegion,
                    secretRef: ref,
                    database: host !== undefined ? { primaryHost: host, replicaHost, replicaId } : undefined,
                    bucket: bucket !== undefined ? { primary: bucket, replica: replicaBucket } : undefined,
                }));
        this.registerOutputs({
            databaseHost: this.databaseHost,
            databaseSecretRef: this.databaseSecretRef,
            bucketName: this.bucketName,
            backupVaultArn: this.backups?.vaultArn,
            drBackupVaultArn: this.backups?.drVaultArn,
            alarmTopicArn: this.alarms.topic.arn,
            runbook: this.runbook,
        });
    }
}
