import * as assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import { loadFixture, one, PASSWORD, plainContains, isSecretValue, providerName, recordingMocks, settle, value, type Recorded } from "./harness";
import { AwsDataProtection } from "../../components/data/aws/dataProtection";
import { maintenanceWindowAfter } from "../../components/data/aws/database";

describe("data/aws: AwsDataProtection from test/fixtures/data/aws.yaml (production)", () => {
    let recorded: Recorded[];
    let dp: AwsDataProtection;

    before(async () => {
        recorded = recordingMocks("production");
        const provider = new k8s.Provider("k8s", { renderYamlToDirectory: "out/ignored" });
        dp = new AwsDataProtection("data", {
            config: loadFixture("aws"),
            environment: "production",
            tags: { owner: "team-data", environment: "production", "cost-center": "cc-42" },
            region: "us-east-1",
            drRegion: "us-west-2",
            network: { subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-db"], drSubnetIds: ["subnet-dr-a", "subnet-dr-b"] },
            namespace: "shop",
            kubernetesProvider: provider,
            alarmEmail: "oncall@example.com",
        });
        await value(dp.runbook);
        await settle(recorded);
    });

    it("registers exactly the expected resources", () => {
        const got = recorded.filter((r) => r.name !== "k8s").map((r) => `${r.type} ${r.name}`).sort();
        assert.deepEqual(got, EXPECTED);
    });

    it("binds every DR resource to the DR-region provider and the rest to the primary one", () => {
        // DR children are named "-dr-..." or "...-replica..." (names are a contract); everything else is primary.
        const isDr = (n: string): boolean => /-dr-|-replica(-|$)/.test(n);
        const aws = recorded.filter((x) => x.type.startsWith("aws:"));
        for (const r of aws) assert.equal(providerName(r), isDr(r.name) ? "data-dr" : "data-primary", `${r.type} ${r.name}`);
        assert.equal(aws.filter((r) => isDr(r.name)).length, 17);
        assert.equal(one(recorded, "pulumi:providers:aws", "data-dr").inputs.region, "us-west-2");
        assert.equal(one(recorded, "pulumi:providers:aws", "data-primary").inputs.region, "us-east-1");
    });

    it("encrypts with rotating customer-managed keys", () => {
        for (const k of recorded.filter((r) => r.type === "aws:kms/key:Key")) assert.equal(k.inputs.enableKeyRotation, true, k.name);
        const db = one(recorded, "aws:rds/instance:Instance", "data-database-db").inputs;
        assert.equal(db.storageEncrypted, true);
        assert.equal(db.kmsKeyId, "arn:mock:aws:kms/key:Key:data-database-key");
        const sse = one(recorded, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "data-storage-bucket-sse").inputs;
        assert.deepEqual(sse.rules, [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:mock:aws:kms/key:Key:data-storage-bucket-key" }, bucketKeyEnabled: true }]);
        assert.equal(one(recorded, "aws:backup/vault:Vault", "data-backup-vault").inputs.kmsKeyArn, "arn:mock:aws:kms/key:Key:data-backup-key");
        assert.equal(one(recorded, "aws:sns/topic:Topic", "data-alarms-topic").inputs.kmsMasterKeyId, "arn:mock:aws:kms/key:Key:data-alarms-key");
    });

    it("keeps the database private, TLS-only, protected and highly available", () => {
        const db = one(recorded, "aws:rds/instance:Instance", "data-database-db").inputs;
        assert.equal(db.publiclyAccessible, false);
        assert.equal(db.multiAz, true);
        assert.equal(db.deletionProtection, true);
        assert.equal(db.instanceClass, "db.m6g.large");
        assert.equal(db.backupRetentionPeriod, 30);
        assert.equal(db.backupWindow, "00:00-01:00");
        assert.deepEqual(one(recorded, "aws:rds/parameterGroup:ParameterGroup", "data-database-params").inputs.parameters, [{ name: "rds.force_ssl", value: "1" }]);
        assert.deepEqual(one(recorded, "aws:rds/subnetGroup:SubnetGroup", "data-database-subnets").inputs.subnetIds, ["subnet-a", "subnet-b"]);
    });

    it("replicates the database cross-region from the primary's ARN with the DR key", () => {
        const replica = one(recorded, "aws:rds/instance:Instance", "data-database-replica").inputs;
        assert.equal(replica.replicateSourceDb, "arn:mock:aws:rds/instance:Instance:data-database-db");
        assert.equal(replica.kmsKeyId, "arn:mock:aws:kms/key:Key:data-database-dr-key");
        assert.equal(replica.publiclyAccessible, false);
        assert.equal(replica.password, undefined);
    });

    it("backs up daily at 00:00 UTC for 30 days with a copy to the DR vault", () => {
        const plan = one(recorded, "aws:backup/plan:Plan", "data-backup-plan").inputs;
        const rules = plan.rules as Array<Record<string, unknown>>;
        assert.equal(rules.length, 1);
        assert.equal(rules[0].schedule, "cron(0 0 * * ? *)");
        assert.equal(rules[0].scheduleExpressionTimezone, "Etc/UTC");
        assert.deepEqual(rules[0].lifecycle, { deleteAfter: 30 });
        assert.equal(rules[0].enableContinuousBackup, true);
        assert.deepEqual(rules[0].copyActions, [{ destinationVaultArn: "arn:mock:aws:backup/vault:Vault:data-backup-dr-vault", lifecycle: { deleteAfter: 30 } }]);
        const selection = one(recorded, "aws:backup/selection:Selection", "data-backup-selection").inputs;
        assert.deepEqual(selection.resources, ["arn:mock:aws:rds/instance:Instance:data-database-db", "arn:mock:aws:s3/bucket:Bucket:data-storage-bucket"]);
        const test = one(recorded, "aws:backup/restoreTestingPlan:RestoreTestingPlan", "data-restore-test-plan").inputs;
        assert.equal(test.scheduleExpression, "cron(0 6 ? * 0 *)");
        assert.equal(test.name, "data_restore_test");
    });

    it("replicates the bucket with 15-minute replication time control into a DR bucket with its own key", () => {
        const rep = one(recorded, "aws:s3/bucketReplicationConfig:BucketReplicationConfig", "data-storage-replication").inputs;
        const dest = (rep.rules as Array<Record<string, Record<string, unknown>>>)[0].destination;
        assert.equal(dest.bucket, "arn:mock:aws:s3/bucket:Bucket:data-storage-replica");
        assert.deepEqual(dest.replicationTime, { status: "Enabled", time: { minutes: 15 } });
        assert.deepEqual(dest.encryptionConfiguration, { replicaKmsKeyId: "arn:mock:aws:kms/key:Key:data-storage-replica-key" });
        const block = one(recorded, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "data-storage-bucket-public-access").inputs;
        assert.deepEqual([block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets], [true, true, true, true]);
        assert.deepEqual(one(recorded, "aws:s3/bucketVersioning:BucketVersioning", "data-storage-bucket-versioning").inputs.versioningConfiguration, { status: "Enabled" });
    });

    it("alarms on replica lag above the RPO and connections above 100", () => {
        assert.equal(one(recorded, "aws:cloudwatch/metricAlarm:MetricAlarm", "data-alarms-replica-lag").inputs.threshold, 3600);
        assert.equal(one(recorded, "aws:cloudwatch/metricAlarm:MetricAlarm", "data-alarms-connections").inputs.threshold, 100);
        assert.deepEqual(one(recorded, "aws:cloudwatch/metricAlarm:MetricAlarm", "data-alarms-cpu").inputs.alarmActions, ["arn:mock:aws:sns/topic:Topic:data-alarms-topic"]);
    });

    it("delivers the password only as a secret: RDS input, the Secret's data, nowhere in plain text", () => {
        assert.ok(isSecretValue(one(recorded, "aws:rds/instance:Instance", "data-database-db").inputs.password));
        const secret = one(recorded, "kubernetes:core/v1:Secret", "data-db-secret").inputs;
        assert.ok(isSecretValue(secret.data), "the whole data map is secret");
        assert.equal(secret.stringData, undefined);
        assert.deepEqual(secret.metadata, { name: "database", namespace: "shop", labels: { "app.kubernetes.io/component": "database", "app.kubernetes.io/managed-by": "pulumi" } });
        for (const r of recorded) assert.equal(plainContains(r.inputs, PASSWORD), false, `${r.type} ${r.name} has the password in plain text`);
    });

    it("schedules Velero for the app namespace into the bucket", () => {
        const schedule = one(recorded, "kubernetes:velero.io/v1:Schedule", "data-velero-schedule").inputs;
        assert.deepEqual(schedule.spec, { schedule: "0 0 * * *", useOwnerReferencesInBackup: false, template: { includedNamespaces: ["shop"], storageLocation: "data-velero", ttl: "720h0m0s", snapshotVolumes: false } });
        const bsl = one(recorded, "kubernetes:velero.io/v1:BackupStorageLocation", "data-velero-location").inputs;
        assert.deepEqual((bsl.spec as Record<string, unknown>).objectStorage, { bucket: "data-storage-bucket", prefix: "velero/production" });
    });

    it("tags every taggable AWS resource with owner, environment and cost-center", () => {
        for (const r of recorded.filter((x) => x.inputs.tags !== undefined)) {
            assert.deepEqual(r.inputs.tags, { owner: "team-data", environment: "production", "cost-center": "cc-42" }, `${r.type} ${r.name}`);
        }
        assert.ok(recorded.filter((x) => x.inputs.tags !== undefined).length >= 30);
    });

    it("exports a runbook that promotes the replica and switches the endpoints", async () => {
        const rb = await value(dp.runbook);
        assert.equal(rb.achievableRpoMinutes, 15);
        assert.ok(rb.steps.includes("Promote the replica: aws rds promote-read-replica --db-instance-identifier data-database-replica --region us-west-2"));
        assert.deepEqual(rb.switchEndpoints, [
            { what: "database host", from: "data-database-db.db.internal", to: "data-database-replica.db.internal" },
            { what: "bucket", from: "data-storage-bucket", to: "data-storage-replica" },
        ]);
    });
});

const EXPECTED = [
    "aws:backup/plan:Plan data-backup-plan",
    "aws:backup/restoreTestingPlan:RestoreTestingPlan data-restore-test-plan",
    "aws:backup/restoreTestingSelection:RestoreTestingSelection data-restore-test-bucket",
    "aws:backup/restoreTestingSelection:RestoreTestingSelection data-restore-test-database",
    "aws:backup/selection:Selection data-backup-selection",
    "aws:backup/vault:Vault data-backup-dr-vault",
    "aws:backup/vault:Vault data-backup-vault",
    "aws:cloudwatch/metricAlarm:MetricAlarm data-alarms-backup-failed",
    "aws:cloudwatch/metricAlarm:MetricAlarm data-alarms-connections",
    "aws:cloudwatch/metricAlarm:MetricAlarm data-alarms-copy-failed",
    "aws:cloudwatch/metricAlarm:MetricAlarm data-alarms-cpu",
    "aws:cloudwatch/metricAlarm:MetricAlarm data-alarms-free-storage",
    "aws:cloudwatch/metricAlarm:MetricAlarm data-alarms-replica-lag",
    "aws:cloudwatch/metricAlarm:MetricAlarm data-alarms-replication-failed",
    "aws:iam/role:Role data-backup-role",
    "aws:iam/role:Role data-storage-replication-role",
    "aws:iam/rolePolicy:RolePolicy data-storage-replication-policy",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment data-backup-role-0",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment data-backup-role-1",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment data-backup-role-2",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment data-backup-role-3",
    "aws:kms/key:Key data-alarms-dr-key",
    "aws:kms/key:Key data-alarms-key",
    "aws:kms/key:Key data-backup-dr-key",
    "aws:kms/key:Key data-backup-key",
    "aws:kms/key:Key data-database-dr-key",
    "aws:kms/key:Key data-database-key",
    "aws:kms/key:Key data-storage-bucket-key",
    "aws:kms/key:Key data-storage-replica-key",
    "aws:rds/instance:Instance data-database-db",
    "aws:rds/instance:Instance data-database-replica",
    "aws:rds/parameterGroup:ParameterGroup data-database-dr-params",
    "aws:rds/parameterGroup:ParameterGroup data-database-params",
    "aws:rds/subnetGroup:SubnetGroup data-database-dr-subnets",
    "aws:rds/subnetGroup:SubnetGroup data-database-subnets",
    "aws:s3/bucket:Bucket data-storage-bucket",
    "aws:s3/bucket:Bucket data-storage-replica",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration data-storage-bucket-lifecycle",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls data-storage-bucket-ownership",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls data-storage-replica-ownership",
    "aws:s3/bucketPolicy:BucketPolicy data-storage-bucket-tls-only",
    "aws:s3/bucketPolicy:BucketPolicy data-storage-replica-tls-only",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock data-storage-bucket-public-access",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock data-storage-replica-public-access",
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig data-storage-replication",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration data-storage-bucket-sse",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration data-storage-replica-sse",
    "aws:s3/bucketVersioning:BucketVersioning data-storage-bucket-versioning",
    "aws:s3/bucketVersioning:BucketVersioning data-storage-replica-versioning",
    "aws:sns/topic:Topic data-alarms-dr-topic",
    "aws:sns/topic:Topic data-alarms-topic",
    "aws:sns/topicSubscription:TopicSubscription data-alarms-dr-email",
    "aws:sns/topicSubscription:TopicSubscription data-alarms-email",
    "kubernetes:core/v1:Secret data-db-secret",
    "kubernetes:velero.io/v1:BackupStorageLocation data-velero-location",
    "kubernetes:velero.io/v1:Schedule data-velero-schedule",
    "platform:data:AwsBackupPlan data-backup",
    "platform:data:AwsBucket data-storage",
    "platform:data:AwsDataAlarms data-alarms",
    "platform:data:AwsDataProtection data",
    "platform:data:AwsDatabase data-database",
    "platform:data:AwsRestoreTesting data-restore-test",
    "platform:kubernetes:VeleroSchedule data-velero",
    "pulumi:providers:aws data-dr",
    "pulumi:providers:aws data-primary",
    "random:index/randomPassword:RandomPassword data-db-password",
];

describe("data/aws: RDS maintenance window", () => {
    it("starts two hours after the backup window ends, on Sunday, never overlapping it", () => {
        assert.equal(maintenanceWindowAfter("00:00-01:00"), "sun:03:00-sun:04:00");
        assert.equal(maintenanceWindowAfter("20:30-21:30"), "sun:23:30-mon:00:30");
        assert.equal(maintenanceWindowAfter("23:00-00:00"), "sun:02:00-sun:03:00");
    });
});
