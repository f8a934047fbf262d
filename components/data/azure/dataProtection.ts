import * as pulumi from "@pulumi/pulumi";
import * as azure from "@pulumi/azure-native/provider";
import * as authorization from "@pulumi/azure-native/authorization";
import { dailyCronTime } from "../../../stacks/schema/data";
import { VeleroSchedule } from "../../kubernetes/veleroSchedule";
import type { DataProtectionCommonArgs, DataProtectionOutputs } from "../common";
import { databasePassword, databaseSecret } from "../credentials";
import { drRunbook, type DrRunbook } from "../runbook";
import { AzureDataAlerts } from "./alerts";
import { AzureBackupVault } from "./backupVault";
import { AzureDatabase, azureSkuTier, type AzureDatabaseNetwork } from "./database";
import { AzureEncryptionKey } from "./encryptionKey";
import { AzureStorage, azureStorageAccountName } from "./storage";

/** Flexible server SKU per size class. */
import { azureSkus } from "../placement";

export { azureSkus };

export interface AzureNetwork {
    /** Delegated subnet and private DNS zone for the primary server. */
    readonly primary: AzureDatabaseNetwork;
    /** Same in the DR location, required when the replica is on. */
    readonly dr?: AzureDatabaseNetwork;
}

export interface AzureDataProtectionArgs extends DataProtectionCommonArgs {
    /** Resource group holding every resource (resource groups may hold resources of any location). */
    readonly resourceGroupName: pulumi.Input<string>;
    readonly network: AzureNetwork;
    /** Globally unique storage account name. Default: letters and digits of `${environment}data`. */
    readonly storageAccountName?: string;
}

/** Everything for data protection on Azure: keys, flexible server (+replica), storage, backup vault, alerts. */
export class AzureDataProtection extends pulumi.ComponentResource implements DataProtectionOutputs {
    readonly provider: azure.Provider;
    readonly drProvider?: azure.Provider;
    readonly key: AzureEncryptionKey;
    readonly drKey?: AzureEncryptionKey;
    readonly database?: AzureDatabase;
    readonly storage?: AzureStorage;
    readonly backups?: AzureBackupVault;
    readonly velero?: VeleroSchedule;
    readonly alerts: AzureDataAlerts;
    readonly databaseHost: pulumi.Output<string | undefined>;
    readonly databaseSecretRef: pulumi.Output<{ namespace: string; name: string } | undefined>;
    readonly bucketName: pulumi.Output<string | undefined>;
    readonly runbook: pulumi.Output<DrRunbook>;

    constructor(name: string, args: AzureDataProtectionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:AzureDataProtection", name, {}, opts);
        const c = args.config;
        const tags = args.tags;
        const rg = args.resourceGroupName;
        this.provider = new azure.Provider(`${name}-primary`, { location: args.region }, { parent: this });
        const copy = c.backups.enabled && c.backups.copyToDrRegion;
        if (c.dr.enabled || copy) this.drProvider = new azure.Provider(`${name}-dr`, { location: args.drRegion }, { parent: this });
        const p = { parent: this, providers: { "azure-native": this.provider } };
        const client = authorization.getClientConfigOutput({ parent: this, provider: this.provider });
        const keyArgs = { resourceGroupName: rg, tenantId: client.tenantId, subscriptionId: client.subscriptionId, tags };
        this.key = new AzureEncryptionKey(`${name}-key`, { ...keyArgs, location: args.region }, p);
        if (this.drProvider !== undefined) {
            this.drKey = new AzureEncryptionKey(`${name}-dr-key`, { ...keyArgs, location: args.drRegion }, { parent: this, providers: { "azure-native": this.drProvider } });
        }
        const { hour, minute } = dailyCronTime(c.backups.schedule);
        const startTime = `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;

        let secretRef: { namespace: pulumi.Input<string>; name: string } | undefined;
        if (c.database.enabled) {
            const sku = c.database.sku ?? azureSkus[c.database.size];
            if (c.database.highAvailability && azureSkuTier(sku) === "Burstable") {
                throw new Error(`data.database.highAvailability: Azure does not offer zone-redundant HA on Burstable SKUs, found ${sku}; choose size "medium" or a Standard_D/E sku`);
            }
            const replicate = c.dr.enabled && c.dr.replica;
            if (replicate && args.network.dr === undefined) {
                throw new Error("network.dr: the DR replica needs a delegated subnet and private DNS zone in the DR location, found none");
            }
            const password = databasePassword(name, this);
            this.database = new AzureDatabase(`${name}-database`, {
                resourceGroupName: rg,
                location: args.region,
                engineVersion: c.database.engineVersion,
                sku,
                storageGb: c.database.storageGb,
                highAvailability: c.database.highAvailability,
                deletionProtection: c.database.deletionProtection,
                backupRetentionDays: c.backups.retentionDays,
                geoRedundantBackup: copy,
                password: pulumi.secret(password.result),
                network: args.network.primary,
                key: this.key,
                geoBackupKey: this.drKey,
                replica: replicate && this.drProvider !== undefined && this.drKey !== undefined && args.network.dr !== undefined
                    ? { provider: this.drProvider, location: args.drRegion, network: args.network.dr, key: this.drKey }
                    : undefined,
                tags,
            }, p);
            const secretName = args.secretName ?? "database";
            databaseSecret(name, {
                namespace: args.namespace, secretName, host: this.database.host, port: 5432, password: pulumi.secret(password.result),
                labels: { "app.kubernetes.io/component": "database", "app.kubernetes.io/managed-by": "pulumi" }, provider: args.kubernetesProvider,
            }, this);
            secretRef = { namespace: args.namespace, name: secretName };
        }

        if (c.bucket.enabled) {
            this.storage = new AzureStorage(`${name}-storage`, {
                resourceGroupName: rg,
                location: args.region,
                accountName: args.storageAccountName ?? azureStorageAccountName(`${args.environment}data`),
                geoReplication: c.dr.enabled && c.dr.bucketReplication,
                key: this.key,
                lifecycle: c.bucket,
                tags,
            }, p);
        }

        if (c.backups.enabled && (this.database !== undefined || this.storage !== undefined)) {
            this.backups = new AzureBackupVault(`${name}-backup`, {
                resourceGroupName: rg,
                resourceGroupId: pulumi.interpolate`/subscriptions/${client.subscriptionId}/resourceGroups/${rg}`,
                location: args.region,
                subscriptionId: client.subscriptionId,
                startTime,
                retentionDays: c.backups.retentionDays,
                geoRedundant: copy,
                server: this.database !== undefined ? { id: this.database.server.id, name: this.database.server.name } : undefined,
                storageAccount: this.storage !== undefined ? { id: this.storage.accountId, name: this.storage.accountName, containers: ["data"] } : undefined,
                tags,
            }, p);
        }

        if (c.backups.velero.enabled && this.storage !== undefined) {
            this.velero = new VeleroSchedule(`${name}-velero`, {
                namespace: args.namespace,
                veleroNamespace: c.backups.velero.namespace,
                schedule: c.backups.schedule,
                ttlHours: c.backups.retentionDays * 24,
                snapshotVolumes: c.backups.velero.snapshotVolumes,
                storage: { provider: "azure", bucket: "velero", prefix: args.environment, config: { resourceGroup: rg, storageAccount: this.storage.accountName, useAAD: "true" } },
                provider: args.kubernetesProvider,
            }, { parent: this });
        }

        this.alerts = new AzureDataAlerts(`${name}-alerts`, {
            resourceGroupName: rg,
            serverId: this.database?.server.id,
            replicaId: this.database?.replica?.id,
            rpoMinutes: c.dr.rpoMinutes,
            storageAccountId: this.storage?.accountId,
            notificationEmail: args.alarmEmail,
            tags,
        }, p);

        this.databaseHost = this.database !== undefined ? this.database.host.apply((h): string | undefined => h) : pulumi.output(undefined);
        this.bucketName = this.storage !== undefined ? this.storage.accountName.apply((n): string | undefined => n) : pulumi.output(undefined);
        this.databaseSecretRef = secretRef !== undefined ? pulumi.output(secretRef).apply((s): { namespace: string; name: string } | undefined => s) : pulumi.output(undefined);
        this.runbook = pulumi
            .all([this.databaseHost, this.database?.replicaHost ?? pulumi.output(undefined), this.database?.replicaName ?? pulumi.output(undefined), this.bucketName, this.databaseSecretRef, pulumi.output(rg)])
            .apply(([host, replicaHost, replicaId, account, ref, group]) =>
                drRunbook(c, {
                    cloud: "azure",
                    environment: args.environment,
                    primaryRegion: args.region,
                    drRegion: args.drRegion,
                    secretRef: ref,
                    database: host !== undefined ? { primaryHost: host, replicaHost, replicaId, resourceGroup: group } : undefined,
                    bucket: account !== undefined ? { primary: account } : undefined,
                }));
        this.registerOutputs({
            databaseHost: this.databaseHost,
            databaseSecretRef: this.databaseSecretRef,
            bucketName: this.bucketName,
            backupVaultId: this.backups?.vaultId,
            actionGroupId: this.alerts.actionGroup.id,
            runbook: this.runbook,
        });
    }
}
