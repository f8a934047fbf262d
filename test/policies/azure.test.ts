import * as assert from "assert";
import { databaseBackupRetention } from "../../policies/azure/databaseBackupRetention";
import { databaseNotPublic } from "../../policies/azure/databaseNotPublic";
import { databaseResilience } from "../../policies/azure/databaseResilience";
import { databaseTls } from "../../policies/azure/databaseTls";
import { keyVaultKeyRotation } from "../../policies/azure/keyVaultKeyRotation";
import { nsgNoPublicAdmin } from "../../policies/azure/nsgNoPublicAdmin";
import { storageAccountSecure } from "../../policies/azure/storageAccountSecure";
import { StackItem, assertStackUnknownSafe, describeResourceCases, edit, runResource, runStack, type ResourceCase } from "./harness";

const PG = "azure-native:dbforpostgresql:Server";
export const securePostgres = {
    resourceGroupName: "rg", version: "16", sku: { name: "Standard_D2ds_v5", tier: "GeneralPurpose" },
    network: { publicNetworkAccess: "Disabled", delegatedSubnetResourceId: "/subnets/db" },
    backup: { backupRetentionDays: 14, geoRedundantBackup: "Enabled" }, highAvailability: { mode: "ZoneRedundant" },
    maintenanceWindow: { customWindow: "Enabled", dayOfWeek: 0, startHour: 3, startMinute: 0 },
    tags: { owner: "team-a", environment: "production", "cost-center": "cc-1" },
};

describe("azure rules", () => {
    const cases: ResourceCase[] = [
        [storageAccountSecure, "azure-native:storage:StorageAccount",
            { kind: "StorageV2", sku: { name: "Standard_ZRS" }, allowBlobPublicAccess: false, enableHttpsTrafficOnly: true, minimumTlsVersion: "TLS1_2" },
            [["allowBlobPublicAccess", true, /allowBlobPublicAccess is not false/], ["allowBlobPublicAccess", undefined, /allowBlobPublicAccess is not false/],
                ["enableHttpsTrafficOnly", false, /enableHttpsTrafficOnly is false/], ["minimumTlsVersion", "TLS1_0", /minimumTlsVersion is "TLS1_0"/]]],
        [databaseNotPublic, PG, securePostgres, [["network.publicNetworkAccess", "Enabled", /publicNetworkAccess is not "Disabled"/], ["network", undefined, /publicNetworkAccess/]]],
        [databaseBackupRetention, PG, securePostgres, [["backup.backupRetentionDays", 3, /backupRetentionDays is 3, below the minimum 7/]]],
        [databaseTls, PG.replace("Server", "Configuration"), { configurationName: "require_secure_transport", value: "ON", source: "user-override" },
            [["value", "OFF", /require_secure_transport is turned off/]]],
        [keyVaultKeyRotation, "azure-native:keyvault:Key", { properties: { kty: "RSA", rotationPolicy: { lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P90D" } }] } } },
            [["properties.rotationPolicy", undefined, /no rotation policy/], ["properties.rotationPolicy.lifetimeActions.0.action.type", "notify", /no rotation policy/]]],
        [nsgNoPublicAdmin, "azure-native:network:NetworkSecurityGroup",
            { securityRules: [{ name: "https", direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: "*", destinationPortRange: "443", priority: 100 },
                { name: "ssh", direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: "10.0.0.0/8", destinationPortRange: "22", priority: 110 }] },
            [["securityRules.1.sourceAddressPrefix", "Internet", /rule "ssh" opens port\(s\) 22 to the internet/],
                ["securityRules.0.destinationPortRange", "*", /rule "https" opens port\(s\) 22, 3389/], ["securityRules.0.destinationPortRange", "5000-6000", /opens port\(s\) 5432, 5984 to the internet$/]]],
    ];
    describeResourceCases(cases);
    it("azure-database-not-public rejects an allow-all firewall rule", () => {
        assert.deepStrictEqual(runResource(databaseNotPublic, "azure-native:dbforpostgresql:FirewallRule", { startIpAddress: "0.0.0.0", endIpAddress: "255.255.255.255" }).messages,
            ["firewall rule allows every IPv4 address"]);
    });
    it("azure-database-tls-required rejects TLS 1.1 as minimum", () => {
        assert.deepStrictEqual(runResource(databaseTls, "azure-native:dbforpostgresql:Configuration", { configurationName: "ssl_min_protocol_version", value: "TLSv1.1" }).messages,
            ["ssl_min_protocol_version allows TLSv1.1"]);
    });

    describe("azure-database-deletion-protection-ha", () => {
        const db: StackItem = { type: PG, name: "db", props: securePostgres };
        const lock: StackItem = { type: "azure-native:authorization:ManagementLockAtResourceLevel", name: "db-lock", deps: ["db"], props: { level: "CanNotDelete" } };
        it("passes a zone-redundant server with a CanNotDelete lock", () => assert.deepStrictEqual(runStack(databaseResilience, [db, lock]).messages, []));
        it("rejects a server without HA", () => assert.deepStrictEqual(runStack(databaseResilience, [{ ...db, props: edit(securePostgres, "highAvailability.mode", "Disabled") }, lock]).messages,
            ['db: highAvailability.mode is "Disabled"']));
        it("rejects a server without a lock", () => assert.deepStrictEqual(runStack(databaseResilience, [db]).messages, ["db: no CanNotDelete management lock protects the server"]));
        it("accepts a ManagementLockByScope scoped to the server", () => {
            const byScope: StackItem = { type: "azure-native:authorization:ManagementLockByScope", name: "db-lock", deps: ["db"], props: { level: "CanNotDelete", scope: "/servers/db" } };
            assert.deepStrictEqual(runStack(databaseResilience, [db, byScope]).messages, []);
        });
        it("does not ask a read replica for HA (Azure has none on replicas) but still for a lock", () => {
            const replica: StackItem = { type: PG, name: "replica", props: { ...edit(securePostgres, "highAvailability.mode", "Disabled"), createMode: "Replica" } };
            assert.deepStrictEqual(runStack(databaseResilience, [db, lock, replica]).messages, ["replica: no CanNotDelete management lock protects the server"]);
        });
        it("never crashes on unknowns", () => assert.ok(assertStackUnknownSafe(databaseResilience, [db, lock]) > 10));
    });
    it("azure-database-backup-retention leaves read replicas to their source server's retention", () => {
        const replica = { ...edit(securePostgres, "backup.backupRetentionDays", 3), createMode: "Replica" };
        assert.deepStrictEqual(runResource(databaseBackupRetention, PG, replica).messages, []);
        assert.strictEqual(runResource(databaseBackupRetention, PG, edit(securePostgres, "backup.backupRetentionDays", 3)).messages.length, 1);
    });
});
