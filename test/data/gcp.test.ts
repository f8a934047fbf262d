import * as assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import { GcpDataProtection } from "../../components/data/gcp/dataProtection";
import { isSecretValue, loadFixture, one, PASSWORD, plainContains, providerName, recordingMocks, settle, value, type Recorded } from "./harness";

describe("data/gcp: GcpDataProtection from test/fixtures/data/gcp.yaml (production)", () => {
    let recorded: Recorded[];
    let dp: GcpDataProtection;

    before(async () => {
        recorded = recordingMocks("production");
        dp = new GcpDataProtection("data", {
            config: loadFixture("gcp"),
            environment: "production",
            tags: { owner: "Team Data", environment: "production", "cost-center": "CC-42" },
            project: "proj-1",
            region: "europe-west1",
            drRegion: "europe-west4",
            privateNetwork: "projects/proj-1/global/networks/vpc",
            namespace: "shop",
            kubernetesProvider: new k8s.Provider("k8s", { renderYamlToDirectory: "out/ignored" }),
            alarmEmail: "oncall@example.com",
        });
        await value(dp.runbook);
        await settle(recorded);
    });

    it("registers exactly the expected resources, DR ones on the DR-region provider", () => {
        const got = recorded.filter((r) => r.name !== "k8s").map((r) => `${r.type} ${r.name}${r.type.startsWith("gcp:") ? ` @${providerName(r)}` : ""}`).sort();
        assert.deepEqual(got, EXPECTED);
        assert.deepEqual(one(recorded, "pulumi:providers:gcp", "data-dr").inputs.region, "europe-west4");
    });

    it("encrypts with Cloud KMS keys rotating every 90 days, in the resource's location", () => {
        for (const k of recorded.filter((r) => r.type === "gcp:kms/cryptoKey:CryptoKey")) assert.equal(k.inputs.rotationPeriod, "7776000s", k.name);
        assert.equal(one(recorded, "gcp:kms/keyRing:KeyRing", "data-sql-key-ring").inputs.location, "europe-west1");
        assert.equal(one(recorded, "gcp:kms/keyRing:KeyRing", "data-sql-dr-key-ring").inputs.location, "europe-west4");
        assert.equal(one(recorded, "gcp:kms/keyRing:KeyRing", "data-bucket-key-ring").inputs.location, "eu");
        assert.equal(one(recorded, "gcp:sql/databaseInstance:DatabaseInstance", "data-database-instance").inputs.encryptionKeyName, "data-sql-key-key-id");
    });

    it("keeps Cloud SQL private, TLS-only, regional, with PITR and 30 retained backups", () => {
        const i = one(recorded, "gcp:sql/databaseInstance:DatabaseInstance", "data-database-instance").inputs;
        const s = i.settings as Record<string, any>;
        assert.equal(i.deletionProtection, true);
        assert.equal(s.availabilityType, "REGIONAL");
        assert.equal(s.tier, "db-custom-2-7680");
        assert.equal(s.ipConfiguration.ipv4Enabled, false);
        assert.equal(s.ipConfiguration.privateNetwork, "projects/proj-1/global/networks/vpc");
        assert.equal(s.ipConfiguration.sslMode, "ENCRYPTED_ONLY");
        assert.deepEqual(s.backupConfiguration, {
            enabled: true, startTime: "00:00", location: "europe-west4", pointInTimeRecoveryEnabled: true, transactionLogRetentionDays: 7,
            backupRetentionSettings: { retainedBackups: 30, retentionUnit: "COUNT" },
        });
    });

    it("creates the replica in the DR region from the primary with the DR key", () => {
        const r = one(recorded, "gcp:sql/databaseInstance:DatabaseInstance", "data-database-replica");
        assert.equal(providerName(r), "data-dr");
        assert.equal(r.inputs.region, "europe-west4");
        assert.equal(r.inputs.masterInstanceName, "data-database-instance");
        assert.equal(r.inputs.encryptionKeyName, "data-sql-dr-key-key-id");
    });

    it("protects Cloud SQL with a Backup and DR vault, daily plan and association", () => {
        const plan = one(recorded, "gcp:backupdisasterrecovery/backupPlan:BackupPlan", "data-backup-plan").inputs;
        assert.equal(plan.resourceType, "sqladmin.googleapis.com/Instance");
        assert.deepEqual(plan.backupRules, [{ ruleId: "daily", backupRetentionDays: 30, standardSchedule: { recurrenceType: "DAILY", timeZone: "UTC", backupWindow: { startHourOfDay: 0, endHourOfDay: 6 } } }]);
        assert.equal(one(recorded, "gcp:backupdisasterrecovery/backupVault:BackupVault", "data-backup-vault").inputs.backupMinimumEnforcedRetentionDuration, "2592000s");
        assert.equal(one(recorded, "gcp:backupdisasterrecovery/backupPlanAssociation:BackupPlanAssociation", "data-backup-association").inputs.resource, "projects/proj-1/instances/data-database-instance");
    });

    it("makes the bucket dual-region with turbo replication, versioned, CMEK, public access prevented", () => {
        const b = one(recorded, "gcp:storage/bucket:Bucket", "data-storage-bucket").inputs;
        assert.equal(b.location, "EU");
        assert.deepEqual(b.customPlacementConfig, { dataLocations: ["EUROPE-WEST1", "EUROPE-WEST4"] });
        assert.equal(b.rpo, "ASYNC_TURBO");
        assert.deepEqual(b.versioning, { enabled: true });
        assert.equal(b.publicAccessPrevention, "enforced");
        assert.deepEqual(b.encryption, { defaultKmsKeyName: "data-bucket-key-key-id" });
        assert.deepEqual(b.labels, { owner: "team_data", environment: "production", "cost-center": "cc-42" });
    });

    it("alerts on replica lag above the 15-minute RPO through the e-mail channel", () => {
        const lag = one(recorded, "gcp:monitoring/alertPolicy:AlertPolicy", "data-alerts-replica-lag").inputs;
        const cond = (lag.conditions as Array<Record<string, any>>)[0].conditionThreshold;
        assert.equal(cond.thresholdValue, 900);
        assert.match(cond.filter, /database_id = "proj-1:data-database-replica"/);
        assert.deepEqual(lag.notificationChannels, ["data-alerts-email-id"]);
    });

    it("keeps the password secret everywhere", () => {
        assert.ok(isSecretValue(one(recorded, "gcp:sql/user:User", "data-database-admin").inputs.password));
        for (const r of recorded) assert.equal(plainContains(r.inputs, PASSWORD), false, `${r.type} ${r.name}`);
    });
});

const EXPECTED = [
    "gcp:backupdisasterrecovery/backupPlan:BackupPlan data-backup-plan @data-primary",
    "gcp:backupdisasterrecovery/backupPlanAssociation:BackupPlanAssociation data-backup-association @data-primary",
    "gcp:backupdisasterrecovery/backupVault:BackupVault data-backup-vault @data-primary",
    "gcp:kms/cryptoKey:CryptoKey data-bucket-key-key @data-primary",
    "gcp:kms/cryptoKey:CryptoKey data-sql-dr-key-key @data-dr",
    "gcp:kms/cryptoKey:CryptoKey data-sql-key-key @data-primary",
    "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember data-bucket-key-user-0 @data-primary",
    "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember data-sql-dr-key-user-0 @data-dr",
    "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember data-sql-key-user-0 @data-primary",
    "gcp:kms/keyRing:KeyRing data-bucket-key-ring @data-primary",
    "gcp:kms/keyRing:KeyRing data-sql-dr-key-ring @data-dr",
    "gcp:kms/keyRing:KeyRing data-sql-key-ring @data-primary",
    "gcp:monitoring/alertPolicy:AlertPolicy data-alerts-connections @data-primary",
    "gcp:monitoring/alertPolicy:AlertPolicy data-alerts-cpu @data-primary",
    "gcp:monitoring/alertPolicy:AlertPolicy data-alerts-disk @data-primary",
    "gcp:monitoring/alertPolicy:AlertPolicy data-alerts-replica-lag @data-primary",
    "gcp:monitoring/notificationChannel:NotificationChannel data-alerts-email @data-primary",
    "gcp:projects/serviceIdentity:ServiceIdentity data-sql-agent @data-primary",
    "gcp:sql/database:Database data-database-database @data-primary",
    "gcp:sql/databaseInstance:DatabaseInstance data-database-instance @data-primary",
    "gcp:sql/databaseInstance:DatabaseInstance data-database-replica @data-dr",
    "gcp:sql/user:User data-database-admin @data-primary",
    "gcp:storage/bucket:Bucket data-storage-bucket @data-primary",
    "kubernetes:core/v1:Secret data-db-secret",
    "platform:data:GcpBackupPlan data-backup",
    "platform:data:GcpBucket data-storage",
    "platform:data:GcpDataAlerts data-alerts",
    "platform:data:GcpDataProtection data",
    "platform:data:GcpDatabase data-database",
    "platform:data:GcpKmsKey data-bucket-key",
    "platform:data:GcpKmsKey data-sql-dr-key",
    "platform:data:GcpKmsKey data-sql-key",
    "pulumi:providers:gcp data-dr",
    "pulumi:providers:gcp data-primary",
    "random:index/randomPassword:RandomPassword data-db-password",
];
