import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws/provider";
import * as kms from "@pulumi/aws/kms";
import * as rds from "@pulumi/aws/rds";
import { DB_ADMIN_USER, DB_NAME, type DataTags } from "../common";

export interface AwsDatabaseReplicaArgs {
    /** Provider bound to the DR region; the replica, its key, subnet group and parameter group use it. */
    readonly provider: aws.Provider;
    /** Private subnets in the DR region for the replica's subnet group. */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Security groups for the replica. Default: the DR VPC's default security group. */
    readonly securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface AwsDatabaseArgs {
    /** PostgreSQL major version, e.g. "16". */
    readonly engineVersion: string;
    /** RDS instance class, e.g. "db.m6g.large". */
    readonly instanceClass: string;
    readonly storageGb: number;
    /** Multi-AZ standby. */
    readonly highAvailability: boolean;
    readonly deletionProtection: boolean;
    /** Automated backup retention (enables point-in-time recovery when > 0); capped at 35 by RDS. */
    readonly backupRetentionDays: number;
    /** Daily automated backup window, "HH:MM-HH:MM" UTC. */
    readonly backupWindow: string;
    /** Weekly maintenance window ("ddd:HH:MM-ddd:HH:MM" UTC). Default: Sunday, two hours after the backup window ends. */
    readonly maintenanceWindow?: string;
    /** Admin password (a secret Output from @pulumi/random). */
    readonly password: pulumi.Input<string>;
    /** Private subnets for the DB subnet group; the instance is never publicly accessible. */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Security groups for the instance. Default: the VPC's default security group. */
    readonly securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** Cross-region read replica. Default: none. */
    readonly replica?: AwsDatabaseReplicaArgs;
    readonly tags: DataTags;
}

/** The nearest RDS-supported major from a version string, e.g. "16" → "postgres16". */
export function rdsParameterFamily(engineVersion: string): string {
    return `postgres${engineVersion.split(".")[0]}`;
}

/** RDS PostgreSQL, KMS-encrypted with a rotating key, TLS-only, private, with an optional cross-region replica. */
export class AwsDatabase extends pulumi.ComponentResource {
    readonly key: kms.Key;
    readonly instance: rds.Instance;
    readonly replica?: rds.Instance;
    readonly replicaKey?: kms.Key;
    readonly address: pulumi.Output<string>;
    readonly port: pulumi.Output<number>;
    readonly arn: pulumi.Output<string>;
    readonly replicaAddress: pulumi.Output<string | undefined>;
    readonly replicaIdentifier: pulumi.Output<string | undefined>;

    constructor(name: string, args: AwsDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:AwsDatabase", name, {}, opts);
        const tags = { ...args.tags };
        const family = rdsParameterFamily(args.engineVersion);

        this.key = new kms.Key(`${name}-key`, { description: `${name} RDS storage`, enableKeyRotation: true, rotationPeriodInDays: 365, deletionWindowInDays: 30, tags }, { parent: this });
        const subnets = new rds.SubnetGroup(`${name}-subnets`, { subnetIds: args.subnetIds, tags }, { parent: this });
        const params = new rds.ParameterGroup(`${name}-params`, { family, parameters: [{ name: "rds.force_ssl", value: "1" }], tags }, { parent: this });
        const instanceArgs: rds.InstanceArgs = {
            engine: "postgres",
            engineVersion: args.engineVersion,
            instanceClass: args.instanceClass,
            allocatedStorage: args.storageGb,
            maxAllocatedStorage: args.storageGb * 2,
            storageType: "gp3",
            storageEncrypted: true,
            kmsKeyId: this.key.arn,
            dbName: DB_NAME,
            username: DB_ADMIN_USER,
            password: pulumi.secret(args.password),
            dbSubnetGroupName: subnets.name,
            vpcSecurityGroupIds: args.securityGroupIds,
            parameterGroupName: params.name,
            publiclyAccessible: false,
            multiAz: args.highAvailability,
            deletionProtection: args.deletionProtection,
            skipFinalSnapshot: !args.deletionProtection,
            finalSnapshotIdentifier: args.deletionProtection ? `${name}-final` : undefined,
            backupRetentionPeriod: Math.min(args.backupRetentionDays, 35),
            backupWindow: args.backupWindow,
            maintenanceWindow: args.maintenanceWindow ?? maintenanceWindowAfter(args.backupWindow),
            copyTagsToSnapshot: true,
            autoMinorVersionUpgrade: true,
            performanceInsightsEnabled: true,
            performanceInsightsKmsKeyId: this.key.arn,
            enabledCloudwatchLogsExports: ["postgresql"],
            tags,
        };
        this.instance = new rds.Instance(`${name}-db`, instanceArgs, { parent: this });

        if (args.replica !== undefined) {
            const dr = { parent: this, provider: args.replica.provider };
            this.replicaKey = new kms.Key(`${name}-dr-key`, { description: `${name} RDS replica storage`, enableKeyRotation: true, rotationPeriodInDays: 365, deletionWindowInDays: 30, tags }, dr);
            const drSubnets = new rds.SubnetGroup(`${name}-dr-subnets`, { subnetIds: args.replica.subnetIds, tags }, dr);
            const drParams = new rds.ParameterGroup(`${name}-dr-params`, { family, parameters: [{ name: "rds.force_ssl", value: "1" }], tags }, dr);
            const replicaArgs: rds.InstanceArgs = {
                replicateSourceDb: this.instance.arn,
                instanceClass: args.instanceClass,
                storageEncrypted: true,
                kmsKeyId: this.replicaKey.arn,
                dbSubnetGroupName: drSubnets.name,
                vpcSecurityGroupIds: args.replica.securityGroupIds,
                parameterGroupName: drParams.name,
                publiclyAccessible: false,
                multiAz: false,
                deletionProtection: args.deletionProtection,
                skipFinalSnapshot: true,
                backupRetentionPeriod: Math.min(args.backupRetentionDays, 35),
                copyTagsToSnapshot: true,
                autoMinorVersionUpgrade: true,
                tags,
            };
            this.replica = new rds.Instance(`${name}-replica`, replicaArgs, dr);
        }

        this.address = this.instance.address;
        this.port = this.instance.port;
        this.arn = this.instance.arn;
        this.replicaAddress = this.replica !== undefined ? this.replica.address.apply((a): string | undefined => a) : pulumi.output(undefined);
        this.replicaIdentifier = this.replica !== undefined ? this.replica.identifier.apply((a): string | undefined => a) : pulumi.output(undefined);
        this.registerOutputs({
            address: this.address,
            port: this.port,
            arn: this.arn,
            keyArn: this.key.arn,
            replicaAddress: this.replicaAddress,
            replicaIdentifier: this.replicaIdentifier,
            replicaKeyArn: this.replicaKey?.arn,
        });
    }
}

/** A one-hour Sunday window starting two hours after the daily backup window ends (RDS forbids overlap). */
export function maintenanceWindowAfter(backupWindow: string): string {
    const end = /-(\d{2}):(\d{2})$/.exec(backupWindow);
    const startHour = ((end ? Number(end[1]) : 0) + 2) % 24;
    const minutes = end ? end[2] : "00";
    const hh = (h: number) => String(h).padStart(2, "0");
    const endDay = startHour === 23 ? "mon" : "sun";
    return `sun:${hh(startHour)}:${minutes}-${endDay}:${hh((startHour + 1) % 24)}:${minutes}`;
}
