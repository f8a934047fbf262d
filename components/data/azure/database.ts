import * as pulumi from "@pulumi/pulumi";
import * as azure from "@pulumi/azure-native/provider";
import * as authorization from "@pulumi/azure-native/authorization";
import * as dbforpostgresql from "@pulumi/azure-native/dbforpostgresql";
import { DB_ADMIN_USER, DB_NAME, type DataTags } from "../common";
import type { AzureEncryptionKey } from "./encryptionKey";

export interface AzureDatabaseNetwork {
    /** Subnet delegated to Microsoft.DBforPostgreSQL/flexibleServers. */
    readonly delegatedSubnetId: pulumi.Input<string>;
    /** Private DNS zone (*.postgres.database.azure.com) linked to the VNet. */
    readonly privateDnsZoneId: pulumi.Input<string>;
}

export interface AzureDatabaseArgs {
    readonly resourceGroupName: pulumi.Input<string>;
    readonly location: pulumi.Input<string>;
    /** PostgreSQL major version, e.g. "16". */
    readonly engineVersion: string;
    /** SKU name, e.g. "Standard_D2ds_v5"; the tier is derived with `azureSkuTier`. */
    readonly sku: string;
    readonly storageGb: number;
    /** Zone-redundant HA standby. */
    readonly highAvailability: boolean;
    /** A CanNotDelete management lock on the server. */
    readonly deletionProtection: boolean;
    /** Built-in backup retention, clamped to Azure's 7-35 days. */
    readonly backupRetentionDays: number;
    /** Geo-redundant built-in backups (restorable in the paired region). */
    readonly geoRedundantBackup: boolean;
    readonly password: pulumi.Input<string>;
    readonly network: AzureDatabaseNetwork;
    readonly key: AzureEncryptionKey;
    /** Key in the paired region for geo-redundant backups; required when `geoRedundantBackup`. */
    readonly geoBackupKey?: AzureEncryptionKey;
    /** Read replica in the DR location. Default: none. */
    readonly replica?: { readonly provider: azure.Provider; readonly location: string; readonly network: AzureDatabaseNetwork; readonly key: AzureEncryptionKey };
    readonly tags: DataTags;
}

import { azureSkuTier } from "../placement";

export { azureSkuTier };

function encryption(key: AzureEncryptionKey, geo?: AzureEncryptionKey): dbforpostgresql.ServerArgs["dataEncryption"] {
    return {
        type: "AzureKeyVault",
        primaryKeyURI: key.keyUri,
        primaryUserAssignedIdentityId: key.identityId,
        geoBackupKeyURI: geo?.keyUri,
        geoBackupUserAssignedIdentityId: geo?.identityId,
    };
}

function identities(...keys: Array<AzureEncryptionKey | undefined>): dbforpostgresql.ServerArgs["identity"] {
    const ids = keys.filter((k): k is AzureEncryptionKey => k !== undefined).map((k) => k.identityId);
    return { type: "UserAssigned", userAssignedIdentities: pulumi.all(ids).apply((xs) => Object.fromEntries(xs.map((id) => [id, {}]))) };
}

/** Azure Database for PostgreSQL flexible server: CMK, private access only, TLS required, optional DR replica. */
export class AzureDatabase extends pulumi.ComponentResource {
    readonly server: dbforpostgresql.Server;
    readonly replica?: dbforpostgresql.Server;
    readonly host: pulumi.Output<string>;
    readonly replicaHost: pulumi.Output<string | undefined>;
    readonly replicaName: pulumi.Output<string | undefined>;

    constructor(name: string, args: AzureDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:AzureDatabase", name, {}, opts);
        const tags = { ...args.tags };
        const serverArgs: dbforpostgresql.ServerArgs = {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            version: args.engineVersion,
            administratorLogin: DB_ADMIN_USER,
            administratorLoginPassword: pulumi.secret(args.password),
            authConfig: { passwordAuth: "Enabled", activeDirectoryAuth: "Disabled" },
            sku: { name: args.sku, tier: azureSkuTier(args.sku) },
            storage: { storageSizeGB: args.storageGb, autoGrow: "Enabled" },
            backup: { backupRetentionDays: Math.max(7, Math.min(args.backupRetentionDays, 35)), geoRedundantBackup: args.geoRedundantBackup ? "Enabled" : "Disabled" },
            highAvailability: { mode: args.highAvailability ? "ZoneRedundant" : "Disabled" },
            network: { delegatedSubnetResourceId: args.network.delegatedSubnetId, privateDnsZoneArmResourceId: args.network.privateDnsZoneId, publicNetworkAccess: "Disabled" },
            dataEncryption: encryption(args.key, args.geoRedundantBackup ? args.geoBackupKey : undefined),
            identity: identities(args.key, args.geoRedundantBackup ? args.geoBackupKey : undefined),
            tags,
        };
        this.server = new dbforpostgresql.Server(`${name}-server`, serverArgs, { parent: this });
        const tls = new dbforpostgresql.Configuration(`${name}-require-tls`, {
            resourceGroupName: args.resourceGroupName, serverName: this.server.name, configurationName: "require_secure_transport", value: "ON", source: "user-override",
        }, { parent: this });
        new dbforpostgresql.Database(`${name}-database`, { resourceGroupName: args.resourceGroupName, serverName: this.server.name, databaseName: DB_NAME, charset: "UTF8" }, { parent: this, dependsOn: [tls] });
        if (args.deletionProtection) {
            new authorization.ManagementLockByScope(`${name}-lock`, { scope: this.server.id, level: "CanNotDelete", notes: "deletion protection (platform:data)" }, { parent: this });
        }
        if (args.replica !== undefined) {
            const r = args.replica;
            this.replica = new dbforpostgresql.Server(`${name}-replica`, {
                resourceGroupName: args.resourceGroupName,
                location: r.location,
                createMode: "Replica",
                sourceServerResourceId: this.server.id,
                sku: { name: args.sku, tier: azureSkuTier(args.sku) },
                storage: { storageSizeGB: args.storageGb, autoGrow: "Enabled" },
                network: { delegatedSubnetResourceId: r.network.delegatedSubnetId, privateDnsZoneArmResourceId: r.network.privateDnsZoneId, publicNetworkAccess: "Disabled" },
                dataEncryption: encryption(r.key),
                identity: identities(r.key),
                tags,
            }, { parent: this, provider: r.provider, dependsOn: [tls] });
            if (args.deletionProtection) {
                new authorization.ManagementLockByScope(`${name}-replica-lock`, { scope: this.replica.id, level: "CanNotDelete", notes: "deletion protection (platform:data)" }, { parent: this, provider: r.provider });
            }
        }
        this.host = this.server.fullyQualifiedDomainName.apply((h) => h ?? "");
        this.replicaHost = this.replica !== undefined ? this.replica.fullyQualifiedDomainName.apply((h): string | undefined => h ?? undefined) : pulumi.output(undefined);
        this.replicaName = this.replica !== undefined ? this.replica.name.apply((n): string | undefined => n) : pulumi.output(undefined);
        this.registerOutputs({ host: this.host, serverId: this.server.id, replicaHost: this.replicaHost, replicaName: this.replicaName });
    }
}
