import * as assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import { AzureDataProtection } from "../../components/data/azure/dataProtection";
import { isSecretValue, loadFixture, one, PASSWORD, plainContains, providerName, recordingMocks, settle, value, type Recorded } from "./harness";

const TAGS = { owner: "team-data", environment: "production", "cost-center": "cc-42" };

describe("data/azure: AzureDataProtection from test/fixtures/data/azure.yaml (production)", () => {
    let recorded: Recorded[];
    let dp: AzureDataProtection;

    before(async () => {
        recorded = recordingMocks("production");
        dp = new AzureDataProtection("data", {
            config: loadFixture("azure"),
            environment: "production",
            tags: TAGS,
            region: "westeurope",
            drRegion: "northeurope",
            resourceGroupName: "rg-data",
            network: { primary: { delegatedSubnetId: "/sub/pg", privateDnsZoneId: "/dns/pg" }, dr: { delegatedSubnetId: "/sub/pg-dr", privateDnsZoneId: "/dns/pg" } },
            namespace: "shop",
            kubernetesProvider: new k8s.Provider("k8s", { renderYamlToDirectory: "out/ignored" }),
            alarmEmail: "oncall@example.com",
        });
        await value(dp.runbook);
        await settle(recorded);
    });

    it("registers exactly the expected resources, DR ones on the DR-location provider", () => {
        const got = recorded.filter((r) => r.name !== "k8s").map((r) => `${r.type} ${r.name}${r.type.startsWith("azure-native:") ? ` @${providerName(r)}` : ""}`).sort();
        assert.deepEqual(got, EXPECTED);
        assert.equal(one(recorded, "pulumi:providers:azure-native", "data-dr").inputs.location, "northeurope");
    });

    it("encrypts the server with a rotating Key Vault key through a user-assigned identity, geo backups with the DR key", () => {
        const key = one(recorded, "azure-native:keyvault:Key", "data-key-key").inputs.properties as Record<string, unknown>;
        assert.deepEqual(key.rotationPolicy, {
            attributes: { expiryTime: "P2Y" },
            lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P90D" } }, { action: { type: "notify" }, trigger: { timeBeforeExpiry: "P30D" } }],
        });
        const server = one(recorded, "azure-native:dbforpostgresql:Server", "data-database-server").inputs;
        assert.deepEqual(server.dataEncryption, {
            type: "AzureKeyVault",
            primaryKeyURI: "https://data-key-key.vault.azure.net/keys/k",
            primaryUserAssignedIdentityId: "data-key-identity-id",
            geoBackupKeyURI: "https://data-dr-key-key.vault.azure.net/keys/k",
            geoBackupUserAssignedIdentityId: "data-dr-key-identity-id",
        });
        assert.deepEqual(server.identity, { type: "UserAssigned", userAssignedIdentities: { "data-key-identity-id": {}, "data-dr-key-identity-id": {} } });
    });

    it("keeps the server private, TLS-only, zone-redundant, locked against deletion", () => {
        const server = one(recorded, "azure-native:dbforpostgresql:Server", "data-database-server").inputs;
        assert.deepEqual(server.network, { delegatedSubnetResourceId: "/sub/pg", privateDnsZoneArmResourceId: "/dns/pg", publicNetworkAccess: "Disabled" });
        assert.equal((server.highAvailability as Record<string, unknown>).mode, "ZoneRedundant");
        assert.deepEqual(server.sku, { name: "Standard_D4ds_v5", tier: "GeneralPurpose" });
        assert.deepEqual(server.backup, { backupRetentionDays: 30, geoRedundantBackup: "Enabled" });
        const tls = one(recorded, "azure-native:dbforpostgresql:Configuration", "data-database-require-tls").inputs;
        assert.deepEqual([tls.configurationName, tls.value], ["require_secure_transport", "ON"]);
        assert.equal(one(recorded, "azure-native:authorization:ManagementLockByScope", "data-database-lock").inputs.level, "CanNotDelete");
    });

    it("creates the replica in the DR location from the primary with the DR key", () => {
        const replica = one(recorded, "azure-native:dbforpostgresql:Server", "data-database-replica");
        assert.equal(providerName(replica), "data-dr");
        assert.equal(replica.inputs.location, "northeurope");
        assert.equal(replica.inputs.createMode, "Replica");
        assert.equal(replica.inputs.sourceServerResourceId, "data-database-server-id");
        assert.equal((replica.inputs.dataEncryption as Record<string, unknown>).primaryKeyURI, "https://data-dr-key-key.vault.azure.net/keys/k");
        assert.equal(replica.inputs.administratorLoginPassword, undefined);
    });

    it("uses a geo-redundant Data Protection vault with daily 01:30 UTC policies kept 30 days", () => {
        const vault = one(recorded, "azure-native:dataprotection:BackupVault", "data-backup-vault").inputs.properties as Record<string, unknown>;
        assert.deepEqual(vault.storageSettings, [{ datastoreType: "VaultStore", type: "GeoRedundant" }]);
        for (const [name, type] of [["data-backup-postgres-policy", "Microsoft.DBforPostgreSQL/flexibleServers"], ["data-backup-blob-policy", "Microsoft.Storage/storageAccounts/blobServices"]]) {
            const props = one(recorded, "azure-native:dataprotection:BackupPolicy", name).inputs.properties as { datasourceTypes: string[]; policyRules: Array<Record<string, any>> };
            assert.deepEqual(props.datasourceTypes, [type]);
            assert.deepEqual(props.policyRules[0].trigger.schedule, { repeatingTimeIntervals: ["R/2024-01-01T01:30:00+00:00/P1D"], timeZone: "UTC" });
            assert.deepEqual(props.policyRules[1].lifecycles[0].deleteAfter, { objectType: "AbsoluteDeleteOption", duration: "P30D" });
        }
        const pg = one(recorded, "azure-native:dataprotection:BackupInstance", "data-backup-postgres").inputs.properties as Record<string, any>;
        assert.equal(pg.dataSourceInfo.resourceID, "data-database-server-id");
        assert.equal(pg.policyInfo.policyId, "data-backup-postgres-policy-id");
    });

    it("makes the storage account GZRS, CMK-encrypted, private, versioned", () => {
        const acct = one(recorded, "azure-native:storage:StorageAccount", "data-storage-account").inputs;
        assert.deepEqual(acct.sku, { name: "Standard_GZRS" });
        assert.equal(acct.allowBlobPublicAccess, false);
        assert.equal(acct.publicNetworkAccess, "Disabled");
        assert.equal((acct.encryption as Record<string, unknown>).keySource, "Microsoft.Keyvault");
        assert.equal(one(recorded, "azure-native:storage:BlobServiceProperties", "data-storage-blob").inputs.isVersioningEnabled, true);
    });

    it("alerts on replica lag above the 30-minute RPO through the action group", () => {
        const lag = one(recorded, "azure-native:monitor:MetricAlert", "data-alerts-replica-lag").inputs;
        assert.deepEqual(lag.scopes, ["data-database-replica-id"]);
        assert.equal((lag.criteria as { allOf: Array<Record<string, unknown>> }).allOf[0].threshold, 1800);
        assert.deepEqual(lag.actions, [{ actionGroupId: "data-alerts-action-group-id" }]);
    });

    it("keeps the password secret everywhere and tags every resource", () => {
        const pw = one(recorded, "azure-native:dbforpostgresql:Server", "data-database-server").inputs.administratorLoginPassword;
        assert.ok(isSecretValue(pw), `administratorLoginPassword is not secret: ${JSON.stringify(pw)}`);
        for (const r of recorded) assert.equal(plainContains(r.inputs, PASSWORD), false, `${r.type} ${r.name}`);
        for (const r of recorded.filter((x) => x.inputs.tags !== undefined)) assert.deepEqual(r.inputs.tags, TAGS, r.name);
    });
});

const EXPECTED = [
    "azure-native:authorization:ManagementLockByScope data-database-lock @data-primary",
    "azure-native:authorization:ManagementLockByScope data-database-replica-lock @data-dr",
    "azure-native:authorization:RoleAssignment data-backup-postgres-ltr @data-primary",
    "azure-native:authorization:RoleAssignment data-backup-postgres-reader @data-primary",
    "azure-native:authorization:RoleAssignment data-backup-storage-backup @data-primary",
    "azure-native:authorization:RoleAssignment data-dr-key-crypto-user @data-dr",
    "azure-native:authorization:RoleAssignment data-key-crypto-user @data-primary",
    "azure-native:dataprotection:BackupInstance data-backup-blob @data-primary",
    "azure-native:dataprotection:BackupInstance data-backup-postgres @data-primary",
    "azure-native:dataprotection:BackupPolicy data-backup-blob-policy @data-primary",
    "azure-native:dataprotection:BackupPolicy data-backup-postgres-policy @data-primary",
    "azure-native:dataprotection:BackupVault data-backup-vault @data-primary",
    "azure-native:dbforpostgresql:Configuration data-database-require-tls @data-primary",
    "azure-native:dbforpostgresql:Database data-database-database @data-primary",
    "azure-native:dbforpostgresql:Server data-database-replica @data-dr",
    "azure-native:dbforpostgresql:Server data-database-server @data-primary",
    "azure-native:keyvault:Key data-dr-key-key @data-dr",
    "azure-native:keyvault:Key data-key-key @data-primary",
    "azure-native:keyvault:Vault data-dr-key-vault @data-dr",
    "azure-native:keyvault:Vault data-key-vault @data-primary",
    "azure-native:managedidentity:UserAssignedIdentity data-dr-key-identity @data-dr",
    "azure-native:managedidentity:UserAssignedIdentity data-key-identity @data-primary",
    "azure-native:monitor:ActionGroup data-alerts-action-group @data-primary",
    "azure-native:monitor:MetricAlert data-alerts-connections @data-primary",
    "azure-native:monitor:MetricAlert data-alerts-cpu @data-primary",
    "azure-native:monitor:MetricAlert data-alerts-replica-lag @data-primary",
    "azure-native:monitor:MetricAlert data-alerts-storage @data-primary",
    "azure-native:monitor:MetricAlert data-alerts-storage-availability @data-primary",
    "azure-native:storage:BlobContainer data-storage-data @data-primary",
    "azure-native:storage:BlobContainer data-storage-velero @data-primary",
    "azure-native:storage:BlobServiceProperties data-storage-blob @data-primary",
    "azure-native:storage:ManagementPolicy data-storage-lifecycle @data-primary",
    "azure-native:storage:StorageAccount data-storage-account @data-primary",
    "kubernetes:core/v1:Secret data-db-secret",
    "kubernetes:velero.io/v1:BackupStorageLocation data-velero-location",
    "kubernetes:velero.io/v1:Schedule data-velero-schedule",
    "platform:data:AzureBackupVault data-backup",
    "platform:data:AzureDataAlerts data-alerts",
    "platform:data:AzureDataProtection data",
    "platform:data:AzureDatabase data-database",
    "platform:data:AzureEncryptionKey data-dr-key",
    "platform:data:AzureEncryptionKey data-key",
    "platform:data:AzureStorage data-storage",
    "platform:kubernetes:VeleroSchedule data-velero",
    "pulumi:providers:azure-native data-dr",
    "pulumi:providers:azure-native data-primary",
    "random:index/randomPassword:RandomPassword data-db-password",
];
