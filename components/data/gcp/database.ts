import * as pulumi from "@pulumi/pulumi";
import * as gcp from "@pulumi/gcp/provider";
import * as sql from "@pulumi/gcp/sql";
import { DB_ADMIN_USER, DB_NAME, gcpLabels, type DataTags } from "../common";

export interface GcpDatabaseArgs {
    readonly region: string;
    /** PostgreSQL major version, e.g. "16". */
    readonly engineVersion: string;
    /** Machine tier, e.g. "db-custom-2-7680". */
    readonly tier: string;
    readonly storageGb: number;
    /** Regional (two-zone) availability. */
    readonly highAvailability: boolean;
    readonly deletionProtection: boolean;
    /** Automated backups on/off. */
    readonly backupsEnabled: boolean;
    /** Daily start time "HH:MM" UTC. */
    readonly backupStartTime: string;
    /** Retained automated backups (count, 1-365). */
    readonly retainedBackups: number;
    readonly pointInTimeRecovery: boolean;
    /** Where automated backups are stored. Default: Cloud SQL's multi-region default. */
    readonly backupLocation?: string;
    /** Cloud KMS key (same region). */
    readonly keyId: pulumi.Input<string>;
    /** VPC self link with private services access; no public IP is assigned. */
    readonly privateNetwork: pulumi.Input<string>;
    readonly password: pulumi.Input<string>;
    /** Cross-region read replica. Default: none. */
    readonly replica?: { readonly provider: gcp.Provider; readonly region: string; readonly keyId: pulumi.Input<string> };
    readonly tags: DataTags;
}

/** Cloud SQL for PostgreSQL: CMEK, private IP only, TLS only, PITR, optional cross-region replica. */
export class GcpDatabase extends pulumi.ComponentResource {
    readonly instance: sql.DatabaseInstance;
    readonly replica?: sql.DatabaseInstance;
    readonly host: pulumi.Output<string>;
    readonly replicaHost: pulumi.Output<string | undefined>;
    readonly replicaName: pulumi.Output<string | undefined>;

    constructor(name: string, args: GcpDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:GcpDatabase", name, {}, opts);
        const labels = gcpLabels(args.tags);
        const ip = { ipv4Enabled: false, privateNetwork: args.privateNetwork, sslMode: "ENCRYPTED_ONLY", enablePrivatePathForGoogleCloudServices: true };
        const version = `POSTGRES_${args.engineVersion}`;
        const instanceArgs: sql.DatabaseInstanceArgs = {
            region: args.region,
            databaseVersion: version,
            encryptionKeyName: args.keyId,
            deletionProtection: args.deletionProtection,
            settings: {
                tier: args.tier,
                edition: "ENTERPRISE",
                availabilityType: args.highAvailability ? "REGIONAL" : "ZONAL",
                diskType: "PD_SSD",
                diskSize: args.storageGb,
                diskAutoresize: true,
                deletionProtectionEnabled: args.deletionProtection,
                ipConfiguration: ip,
                backupConfiguration: {
                    enabled: args.backupsEnabled,
                    startTime: args.backupStartTime,
                    location: args.backupLocation,
                    pointInTimeRecoveryEnabled: args.backupsEnabled && args.pointInTimeRecovery,
                    transactionLogRetentionDays: Math.min(args.retainedBackups, 7),
                    backupRetentionSettings: { retainedBackups: Math.min(args.retainedBackups, 365), retentionUnit: "COUNT" },
                },
                insightsConfig: { queryInsightsEnabled: true },
                userLabels: labels,
            },
        };
        this.instance = new sql.DatabaseInstance(`${name}-instance`, instanceArgs, { parent: this });
        new sql.Database(`${name}-database`, { instance: this.instance.name, name: DB_NAME }, { parent: this });
        new sql.User(`${name}-admin`, { instance: this.instance.name, name: DB_ADMIN_USER, password: pulumi.secret(args.password) }, { parent: this });
        if (args.replica !== undefined) {
            this.replica = new sql.DatabaseInstance(`${name}-replica`, {
                region: args.replica.region,
                databaseVersion: version,
                masterInstanceName: this.instance.name,
                encryptionKeyName: args.replica.keyId,
                deletionProtection: args.deletionProtection,
                replicaConfiguration: { failoverTarget: false },
                settings: {
                    tier: args.tier,
                    edition: "ENTERPRISE",
                    availabilityType: "ZONAL",
                    diskType: "PD_SSD",
                    diskSize: args.storageGb,
                    diskAutoresize: true,
                    deletionProtectionEnabled: args.deletionProtection,
                    ipConfiguration: ip,
                    backupConfiguration: { enabled: false },
                    userLabels: labels,
                },
            }, { parent: this, provider: args.replica.provider });
        }
        this.host = this.instance.privateIpAddress;
        this.replicaHost = this.replica !== undefined ? this.replica.privateIpAddress.apply((h): string | undefined => h) : pulumi.output(undefined);
        this.replicaName = this.replica !== undefined ? this.replica.name.apply((n): string | undefined => n) : pulumi.output(undefined);
        this.registerOutputs({ host: this.host, connectionName: this.instance.connectionName, replicaHost: this.replicaHost, replicaName: this.replicaName });
    }
}
