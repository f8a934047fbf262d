import * as assert from "assert";
import { firewallNoPublicAdmin } from "../../policies/gcp/firewallNoPublicAdmin";
import { gcpKmsKeyRotation } from "../../policies/gcp/kmsKeyRotation";
import { sqlBackupRetention } from "../../policies/gcp/sqlBackupRetention";
import { sqlNotPublic } from "../../policies/gcp/sqlNotPublic";
import { sqlResilience } from "../../policies/gcp/sqlResilience";
import { sqlTlsRequired } from "../../policies/gcp/sqlTlsRequired";
import { storageBucketSecure } from "../../policies/gcp/storageBucketSecure";
import { describeResourceCases, edit, runResource, type ResourceCase } from "./harness";

const SQL = "gcp:sql/databaseInstance:DatabaseInstance";
export const secureSql = {
    databaseVersion: "POSTGRES_16", region: "europe-west1", deletionProtection: true,
    settings: {
        tier: "db-custom-2-7680", availabilityType: "REGIONAL", deletionProtectionEnabled: true,
        ipConfiguration: { ipv4Enabled: false, privateNetwork: "projects/p/global/networks/vpc", sslMode: "ENCRYPTED_ONLY" },
        backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true, backupRetentionSettings: { retainedBackups: 14 } },
        maintenanceWindow: { day: 7, hour: 3 }, userLabels: { owner: "team-a", environment: "production", "cost-center": "cc-1" },
    },
};

describe("gcp rules", () => {
    const cases: ResourceCase[] = [
        [storageBucketSecure, "gcp:storage/bucket:Bucket", { location: "EU", publicAccessPrevention: "enforced", uniformBucketLevelAccess: true },
            [["publicAccessPrevention", "inherited", /publicAccessPrevention is not "enforced"/], ["uniformBucketLevelAccess", false, /uniformBucketLevelAccess is not true/]]],
        [storageBucketSecure, "gcp:storage/bucketIAMMember:BucketIAMMember", { bucket: "b", role: "roles/storage.objectViewer", member: "serviceAccount:a@p.iam.gserviceaccount.com" },
            [["member", "allUsers", /grants roles\/storage.objectViewer to allUsers/]]],
        [sqlNotPublic, SQL, secureSql, [["settings.ipConfiguration.ipv4Enabled", true, /ipv4Enabled is not false/],
            ["settings.ipConfiguration", undefined, /ipv4Enabled is not false/]]],
        [sqlTlsRequired, SQL, secureSql, [["settings.ipConfiguration.sslMode", "ALLOW_UNENCRYPTED_AND_ENCRYPTED", /sslMode is "ALLOW_UNENCRYPTED_AND_ENCRYPTED"/]]],
        [sqlResilience, SQL, secureSql, [["deletionProtection", false, /deletion protection is turned off/], ["settings.availabilityType", "ZONAL", /availabilityType is "ZONAL"/]]],
        [sqlBackupRetention, SQL, secureSql, [["settings.backupConfiguration.enabled", false, /backupConfiguration.enabled is not true/],
            ["settings.backupConfiguration.backupRetentionSettings.retainedBackups", 3, /retainedBackups is 3, below the minimum 7/]]],
        [firewallNoPublicAdmin, "gcp:compute/firewall:Firewall", { network: "vpc", sourceRanges: ["0.0.0.0/0"], allows: [{ protocol: "tcp", ports: ["443"] }] },
            [["allows.0.ports", ["22", "8000-9000"], /opens port\(s\) 22$/], ["allows.0.ports", undefined, /opens port\(s\) 22, 1433/]]],
        [gcpKmsKeyRotation, "gcp:kms/cryptoKey:CryptoKey", { keyRing: "kr", rotationPeriod: "7776000s" },
            [["rotationPeriod", undefined, /rotationPeriod is not set/], ["rotationPeriod", "31536000s", /exceeds 90 days/]]],
    ];
    describeResourceCases(cases);
    it("gcp-sql-not-public rejects 0.0.0.0/0 in authorized networks", () => {
        const props = edit(secureSql, "settings.ipConfiguration.authorizedNetworks", [{ name: "all", value: "0.0.0.0/0" }]);
        assert.deepStrictEqual(runResource(sqlNotPublic, SQL, props).messages, ["authorized network 0.0.0.0/0 admits the whole internet"]);
    });
    it("gcp-firewall-no-public-admin ignores disabled and egress rules", () => {
        const open = { network: "vpc", sourceRanges: ["0.0.0.0/0"], allows: [{ protocol: "tcp", ports: ["22"] }] };
        assert.deepStrictEqual(runResource(firewallNoPublicAdmin, "gcp:compute/firewall:Firewall", { ...open, disabled: true }).messages, []);
        assert.deepStrictEqual(runResource(firewallNoPublicAdmin, "gcp:compute/firewall:Firewall", { ...open, direction: "EGRESS" }).messages, []);
    });
    it("replicas are exempt from backup and HA rules", () => {
        const replica = edit(edit(secureSql, "masterInstanceName", "primary"), "settings.availabilityType", "ZONAL");
        assert.deepStrictEqual(runResource(sqlResilience, SQL, replica).messages, []);
    });
});
