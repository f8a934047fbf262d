import * as pulumi from "@pulumi/pulumi";
import * as storage from "@pulumi/azure-native/storage";
import type { DataTags } from "../common";
import type { AzureEncryptionKey } from "./encryptionKey";

export interface AzureStorageArgs {
    readonly resourceGroupName: pulumi.Input<string>;
    readonly location: pulumi.Input<string>;
    /** Globally unique account name (3-24 lowercase letters and digits). */
    readonly accountName: string;
    /** Geo-zone-redundant (GZRS) replication to the paired region; otherwise zone-redundant (ZRS). */
    readonly geoReplication: boolean;
    readonly key: AzureEncryptionKey;
    readonly lifecycle: {
        readonly transitionDays: number;
        readonly noncurrentVersionExpirationDays: number;
        readonly expirationDays?: number;
    };
    /** Soft-delete retention for blobs and containers. Default: 14. */
    readonly softDeleteDays?: number;
    readonly tags: DataTags;
}

/** Account names allow 3-24 lowercase letters and digits. */
export function azureStorageAccountName(name: string): string {
    return name.toLowerCase().replace(/[^a-z0-9]/g, "").slice(0, 24);
}

/** Storage account for app data and cluster backups: CMK, no public access, TLS 1.2, versioning, lifecycle. */
export class AzureStorage extends pulumi.ComponentResource {
    readonly account: storage.StorageAccount;
    readonly containers: { readonly data: storage.BlobContainer; readonly velero: storage.BlobContainer };
    readonly accountName: pulumi.Output<string>;
    readonly accountId: pulumi.Output<string>;

    constructor(name: string, args: AzureStorageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:AzureStorage", name, {}, opts);
        const tags = { ...args.tags };
        this.account = new storage.StorageAccount(`${name}-account`, {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            accountName: args.accountName,
            kind: "StorageV2",
            sku: { name: args.geoReplication ? "Standard_GZRS" : "Standard_ZRS" },
            allowBlobPublicAccess: false,
            allowSharedKeyAccess: false,
            publicNetworkAccess: "Disabled",
            networkRuleSet: { defaultAction: "Deny", bypass: "AzureServices" },
            minimumTlsVersion: "TLS1_2",
            enableHttpsTrafficOnly: true,
            identity: { type: "UserAssigned", userAssignedIdentities: [args.key.identityId] },
            encryption: {
                keySource: "Microsoft.Keyvault",
                keyVaultProperties: { keyName: args.key.keyName, keyVaultUri: args.key.vaultUri },
                encryptionIdentity: { encryptionUserAssignedIdentity: args.key.identityId },
                requireInfrastructureEncryption: true,
                services: { blob: { enabled: true, keyType: "Account" } },
            },
            tags,
        }, { parent: this });
        const soft = args.softDeleteDays ?? 14;
        new storage.BlobServiceProperties(`${name}-blob`, {
            resourceGroupName: args.resourceGroupName,
            accountName: this.account.name,
            blobServicesName: "default",
            isVersioningEnabled: true,
            changeFeed: { enabled: true },
            deleteRetentionPolicy: { enabled: true, days: soft },
            containerDeleteRetentionPolicy: { enabled: true, days: soft },
        }, { parent: this });
        const container = (c: string): storage.BlobContainer =>
            new storage.BlobContainer(`${name}-${c}`, { resourceGroupName: args.resourceGroupName, accountName: this.account.name, containerName: c, publicAccess: "None" }, { parent: this });
        this.containers = { data: container("data"), velero: container("velero") };
        const l = args.lifecycle;
        new storage.ManagementPolicy(`${name}-lifecycle`, {
            resourceGroupName: args.resourceGroupName,
            accountName: this.account.name,
            managementPolicyName: "default",
            policy: {
                rules: [{
                    name: "default",
                    enabled: true,
                    type: "Lifecycle",
                    definition: {
                        filters: { blobTypes: ["blockBlob"] },
                        actions: {
                            baseBlob: { tierToCool: { daysAfterModificationGreaterThan: l.transitionDays }, delete: l.expirationDays !== undefined ? { daysAfterModificationGreaterThan: l.expirationDays } : undefined },
                            version: { delete: { daysAfterCreationGreaterThan: l.noncurrentVersionExpirationDays } },
                        },
                    },
                }],
            },
        }, { parent: this });
        this.accountName = this.account.name;
        this.accountId = this.account.id;
        this.registerOutputs({ accountName: this.accountName, accountId: this.accountId, containers: ["data", "velero"] });
    }
}
