import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as dataprotection from "@pulumi/azure-native/dataprotection";
import type { DataTags } from "../common";

/** Built-in roles the vault's identity needs on what it protects. */
export const AZURE_BACKUP_ROLES = {
    /** "PostgreSQL Flexible Server Long Term Retention Backup Role", on the server. */
    postgresLtr: "c088a766-074b-43ba-90d4-1fb21feae531",
    /** "Reader", on the server's resource group. */
    reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    /** "Storage Account Backup Contributor", on the storage account. */
    storageBackup: "e5e2a7ff-d759-4cd2-bb51-3152d37e2eb1",
} as const;

export interface AzureBackupVaultArgs {
    readonly resourceGroupName: pulumi.Input<string>;
    /** Resource group id, scope of the Reader role the PostgreSQL backup needs. */
    readonly resourceGroupId: pulumi.Input<string>;
    readonly location: pulumi.Input<string>;
    readonly subscriptionId: pulumi.Input<string>;
    /** Daily start time in UTC, "HH:MM". */
    readonly startTime: string;
    readonly retentionDays: number;
    /** Geo-redundant vault storage (copies to the paired region) with cross-region restore. */
    readonly geoRedundant: boolean;
    /** Flexible server to protect. Default: none. */
    readonly server?: { readonly id: pulumi.Input<string>; readonly name: pulumi.Input<string> };
    /** Storage account (and containers) to protect with vaulted blob backup. Default: none. */
    readonly storageAccount?: { readonly id: pulumi.Input<string>; readonly name: pulumi.Input<string>; readonly containers: string[] };
    readonly tags: DataTags;
}

/** ISO 8601 repeating interval for a daily backup at HH:MM UTC. */
export function azureDailyInterval(startTime: string): string {
    return `R/2024-01-01T${startTime}:00+00:00/P1D`;
}

function dailyPolicy(datasourceType: string, backupType: string, startTime: string, retentionDays: number): dataprotection.BackupPolicyArgs["properties"] {
    const vault = { dataStoreType: "VaultStore", objectType: "DataStoreInfoBase" };
    return {
        objectType: "BackupPolicy",
        datasourceTypes: [datasourceType],
        policyRules: [
            {
                name: "BackupDaily",
                objectType: "AzureBackupRule",
                backupParameters: { objectType: "AzureBackupParams", backupType },
                dataStore: vault,
                trigger: {
                    objectType: "ScheduleBasedTriggerContext",
                    schedule: { repeatingTimeIntervals: [azureDailyInterval(startTime)], timeZone: "UTC" },
                    taggingCriteria: [{ isDefault: true, taggingPriority: 99, tagInfo: { tagName: "Default" } }],
                },
            },
            {
                name: "Default",
                objectType: "AzureRetentionRule",
                isDefault: true,
                lifecycles: [{ sourceDataStore: vault, deleteAfter: { objectType: "AbsoluteDeleteOption", duration: `P${retentionDays}D` } }],
            },
        ],
    };
}

/** Data Protection backup vault (geo-redundant), daily policies and backup instances for the server and blobs. */
export class AzureBackupVault extends pulumi.ComponentResource {
    readonly vault: dataprotection.BackupVault;
    readonly instances: dataprotection.BackupInstance[] = [];
    readonly vaultId: pulumi.Output<string>;

    constructor(name: string, args: AzureBackupVaultArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:AzureBackupVault", name, {}, opts);
        const tags = { ...args.tags };
        this.vault = new dataprotection.BackupVault(`${name}-vault`, {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            identity: { type: "SystemAssigned" },
            properties: {
                storageSettings: [{ datastoreType: "VaultStore", type: args.geoRedundant ? "GeoRedundant" : "ZoneRedundant" }],
                featureSettings: { crossRegionRestoreSettings: { state: args.geoRedundant ? "Enabled" : "Disabled" } },
                securitySettings: { softDeleteSettings: { state: "On", retentionDurationInDays: 14 } },
            },
            tags,
        }, { parent: this });
        const principalId = this.vault.identity.apply((i) => i?.principalId ?? "");
        const role = (id: string, roleId: string, scope: pulumi.Input<string>): authorization.RoleAssignment =>
            new authorization.RoleAssignment(`${name}-${id}`, {
                scope, principalId, principalType: "ServicePrincipal",
                roleDefinitionId: pulumi.interpolate`/subscriptions/${args.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`,
            }, { parent: this });

        if (args.server !== undefined) {
            const type = "Microsoft.DBforPostgreSQL/flexibleServers";
            const policy = new dataprotection.BackupPolicy(`${name}-postgres-policy`, {
                resourceGroupName: args.resourceGroupName, vaultName: this.vault.name, properties: dailyPolicy(type, "Full", args.startTime, args.retentionDays),
            }, { parent: this });
            const grants = [role("postgres-ltr", AZURE_BACKUP_ROLES.postgresLtr, args.server.id), role("postgres-reader", AZURE_BACKUP_ROLES.reader, args.resourceGroupId)];
            this.instances.push(new dataprotection.BackupInstance(`${name}-postgres`, {
                resourceGroupName: args.resourceGroupName,
                vaultName: this.vault.name,
                properties: {
                    objectType: "BackupInstance",
                    friendlyName: args.server.name,
                    dataSourceInfo: { objectType: "Datasource", datasourceType: type, resourceType: type, resourceID: args.server.id, resourceName: args.server.name, resourceLocation: args.location, resourceUri: args.server.id },
                    policyInfo: { policyId: policy.id },
                },
                tags,
            }, { parent: this, dependsOn: grants }));
        }
        if (args.storageAccount !== undefined) {
            const type = "Microsoft.Storage/storageAccounts/blobServices";
            const policy = new dataprotection.BackupPolicy(`${name}-blob-policy`, {
                resourceGroupName: args.resourceGroupName, vaultName: this.vault.name, properties: dailyPolicy(type, "Discrete", args.startTime, args.retentionDays),
            }, { parent: this });
            const grant = role("storage-backup", AZURE_BACKUP_ROLES.storageBackup, args.storageAccount.id);
            this.instances.push(new dataprotection.BackupInstance(`${name}-blob`, {
                resourceGroupName: args.resourceGroupName,
                vaultName: this.vault.name,
                properties: {
                    objectType: "BackupInstance",
                    friendlyName: args.storageAccount.name,
                    dataSourceInfo: { objectType: "Datasource", datasourceType: type, resourceType: "Microsoft.Storage/storageAccounts", resourceID: args.storageAccount.id, resourceName: args.storageAccount.name, resourceLocation: args.location, resourceUri: args.storageAccount.id },
                    policyInfo: {
                        policyId: policy.id,
                        policyParameters: { backupDatasourceParametersList: [{ objectType: "BlobBackupDatasourceParameters", containersList: args.storageAccount.containers }] },
                    },
                },
                tags,
            }, { parent: this, dependsOn: [grant] }));
        }
        this.vaultId = this.vault.id;
        this.registerOutputs({ vaultId: this.vaultId, vaultName: this.vault.name });
    }
}
