import * as assert from "assert";
import { appObservability } from "../../policies/stack/appObservability";
import { crossRegionReplication } from "../../policies/stack/crossRegionReplication";
import { cronWorstGapMinutes } from "../../policies/lib/cronGap";
import { customerManagedKeys } from "../../policies/stack/customerManagedKeys";
import { databaseBackupCoverage } from "../../policies/stack/databaseBackupCoverage";
import { maintenanceWindow } from "../../policies/stack/maintenanceWindow";
import { requiredTags } from "../../policies/stack/requiredTags";
import { secureRds } from "./aws.test";
import { securePostgres } from "./azure.test";
import { DEPLOYMENT, secureDeployment } from "./fixtures";
import { secureSql } from "./gcp.test";
import { StackItem, UNKNOWN, assertStackUnknownSafe, assertUnknownSafe, edit, runResource, runStack } from "./harness";

const RDS = "aws:rds/instance:Instance";
const SQL = "gcp:sql/databaseInstance:DatabaseInstance";
const db: StackItem = { type: RDS, name: "db", props: secureRds };

describe("stack-wide rules", () => {
    describe("cloud-cmk-encryption", () => {
        const key: StackItem = { type: "aws:kms/key:Key", name: "key", props: { enableKeyRotation: true } };
        const bucket: StackItem = { type: "aws:s3/bucket:Bucket", name: "assets", props: {} };
        const sse: StackItem = { type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", name: "assets-sse", deps: ["assets", "key"],
            props: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN } }] } };
        it("passes when databases and buckets use the declared key (key ARN unknown at preview)", () => {
            assert.deepStrictEqual(runStack(customerManagedKeys, [key, { ...db, props: edit(secureRds, "kmsKeyId", UNKNOWN) }, bucket, sse]).messages, []);
        });
        it("does nothing when the stack declares no key", () => assert.deepStrictEqual(runStack(customerManagedKeys, [{ ...db, props: edit(secureRds, "kmsKeyId", undefined) }, bucket]).messages, []));
        it("rejects an RDS instance without kmsKeyId", () => assert.deepStrictEqual(runStack(customerManagedKeys, [key, { ...db, props: edit(secureRds, "kmsKeyId", undefined) }]).messages,
            ["db: the stack declares a customer-managed key but kmsKeyId is not set"]));
        it("rejects a bucket with AES256 default encryption", () => {
            const aes = { ...sse, props: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] } };
            assert.match(runStack(customerManagedKeys, [key, bucket, aes]).messages[0], /^assets: .*aws:kms/);
        });
        it("rejects a Cloud SQL instance without encryptionKeyName when a Cloud KMS key exists", () => {
            assert.deepStrictEqual(runStack(customerManagedKeys, [{ type: "gcp:kms/cryptoKey:CryptoKey", name: "ck", props: {} }, { type: SQL, name: "sql", props: secureSql }]).messages,
                ["sql: the stack declares a customer-managed key but encryptionKeyName is not set"]);
        });
        it("rejects an Azure server without Key Vault data encryption", () => {
            assert.match(runStack(customerManagedKeys, [{ type: "azure-native:keyvault:Key", name: "k", props: {} }, { type: "azure-native:dbforpostgresql:Server", name: "pg", props: securePostgres }]).messages[0],
                /dataEncryption.type is not "AzureKeyVault"/);
        });
        it("never crashes on unknowns", () => assert.ok(assertStackUnknownSafe(customerManagedKeys, [key, db, bucket, sse]) > 10));
    });

    describe("stack-database-backup-coverage", () => {
        const selection: StackItem = { type: "aws:backup/selection:Selection", name: "db-backup", deps: ["db"], props: { planId: UNKNOWN, resources: [UNKNOWN] } };
        it("passes a database with an AWS Backup selection", () => assert.deepStrictEqual(runStack(databaseBackupCoverage, [db, selection]).messages, []));
        it("rejects a database no plan covers", () => assert.deepStrictEqual(runStack(databaseBackupCoverage, [db]).messages, ["db: no backup plan covers this database"]));
        it("accepts native backups when configured", () => assert.deepStrictEqual(runStack(databaseBackupCoverage, [db], { acceptNativeBackups: true }).messages, []));
        it("rejects a Cloud SQL instance with backups off even with native backups accepted", () => {
            const sql = { type: SQL, name: "sql", props: edit(secureSql, "settings.backupConfiguration.enabled", false) };
            assert.deepStrictEqual(runStack(databaseBackupCoverage, [sql], { acceptNativeBackups: true }).messages, ["sql: no backup plan covers this database"]);
        });
        it("skips replicas", () => assert.deepStrictEqual(runStack(databaseBackupCoverage, [{ ...db, props: { replicateSourceDb: "x" } }]).messages, []));
        it("never crashes on unknowns", () => assert.ok(assertStackUnknownSafe(databaseBackupCoverage, [db, selection]) > 10));
    });

    describe("stack-cross-region-replication", () => {
        const plan = (schedule: string): StackItem => ({ type: "aws:backup/plan:Plan", name: "plan", props: { rules: [{ ruleName: "r", targetVaultName: "v", schedule, copyActions: [{ destinationVaultArn: UNKNOWN }] }] } });
        const selection: StackItem = { type: "aws:backup/selection:Selection", name: "sel", deps: ["db", "plan"], props: {} };
        it("passes hourly AWS Backup copies against a 60 min RPO", () => assert.deepStrictEqual(runStack(crossRegionReplication, [db, plan("cron(0 * * * ? *)"), selection], { rpoMinutes: 60 }).messages, []));
        it("rejects daily copies against a 60 min RPO", () => assert.deepStrictEqual(runStack(crossRegionReplication, [db, plan("cron(0 5 * * ? *)"), selection], { rpoMinutes: 60 }).messages,
            ["db: AWS Backup copy at most 1440 min apart gives an RPO of 1440 min, above the target 60 min"]));
        it("passes automated backups replication", () => {
            const rep: StackItem = { type: "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication", name: "rep", deps: ["db"], props: {} };
            assert.deepStrictEqual(runStack(crossRegionReplication, [db, rep]).messages, []);
        });
        it("rejects a database without replication", () => assert.deepStrictEqual(runStack(crossRegionReplication, [db]).messages, ["db: no cross-region replication"]));
        it("passes Azure geo-redundant backup at 60 min and rejects it at 15 min", () => {
            const pg: StackItem = { type: "azure-native:dbforpostgresql:Server", name: "pg", props: securePostgres };
            assert.deepStrictEqual(runStack(crossRegionReplication, [pg], { rpoMinutes: 60 }).messages, []);
            assert.strictEqual(runStack(crossRegionReplication, [pg], { rpoMinutes: 15 }).messages.length, 1);
        });
        it("passes a Cloud SQL cross-region replica", () => {
            const replica: StackItem = { type: SQL, name: "sql-dr", deps: ["sql"], props: { masterInstanceName: UNKNOWN, region: "europe-west4" } };
            assert.deepStrictEqual(runStack(crossRegionReplication, [{ type: SQL, name: "sql", props: secureSql }, replica]).messages, []);
        });
        it("reads an AWS Backup cron schedule's worst gap by enumerating its runs (croner), not field by field (#23 validators)", () => {
            const cases: Array<[string, number | undefined]> = [
                ["cron(0 * * * ? *)", 60], ["cron(*/15 * * * ? *)", 15], ["cron(0/15 * * * ? *)", 15], ["cron(0 */4 * * ? *)", 240],
                ["cron(0 0,12 * * ? *)", 720], ["cron(0 5 ? * SUN *)", 10080], ["cron(0 5 ? * 1 *)", 10080],
                // The estimates the hand-written reader got wrong: two runs an hour apart leave 23 h; a monthly schedule is not weekly.
                ["cron(0 1,2 * * ? *)", 1380], ["cron(0 5 1 * ? *)", 44640], ["cron(0 5 ? * MON-FRI *)", 4320], ["cron(0 5 L * ? *)", 44640],
                // Dense in one month, silent in the others: the silence counts.
                ["cron(* * * 1 ? *)", 482400],
                ["rate(1 hour)", undefined], ["cron(0 5 * * * *)", undefined], ["cron(0 5 31 2 ? *)", undefined], ["cron(0 5 ? * *)", undefined],
            ];
            assert.deepStrictEqual(cases.filter(([s, m]) => cronWorstGapMinutes(s) !== m).map(([s]) => [s, cronWorstGapMinutes(s)]), []);
        });
        it("refuses a copy whose worst gap exceeds the RPO even when its average would not", () => {
            assert.deepStrictEqual(runStack(crossRegionReplication, [db, plan("cron(0 1,2 * * ? *)"), selection], { rpoMinutes: 720 }).messages,
                ["db: AWS Backup copy at most 1380 min apart gives an RPO of 1380 min, above the target 720 min"]);
        });
        it("never crashes on unknowns", () => assert.ok(assertStackUnknownSafe(crossRegionReplication, [db, plan("cron(0 * * * ? *)"), selection]) > 10));
    });

    describe("stack-app-observability", () => {
        const web: StackItem = { type: DEPLOYMENT, name: "web", props: secureDeployment };
        const svc: StackItem = { type: "kubernetes:core/v1:Service", name: "web-svc", props: { metadata: { namespace: "apps", labels: { "app.kubernetes.io/name": "web" } }, spec: { selector: { "app.kubernetes.io/name": "web" } } } };
        const sm: StackItem = { type: "kubernetes:monitoring.coreos.com/v1:ServiceMonitor", name: "web-sm", props: { metadata: { namespace: "monitoring" }, spec: { namespaceSelector: { matchNames: ["apps"] }, selector: { matchLabels: { "app.kubernetes.io/name": "web" } } } } };
        const rules: StackItem = { type: "kubernetes:monitoring.coreos.com/v1:PrometheusRule", name: "web-alerts", props: { metadata: { namespace: "apps", labels: { "app.kubernetes.io/name": "web" } }, spec: { groups: [] } } };
        it("passes an app with a ServiceMonitor and labelled alert rules", () => assert.deepStrictEqual(runStack(appObservability, [web, svc, sm, rules]).messages, []));
        it("rejects an app nothing scrapes", () => assert.deepStrictEqual(runStack(appObservability, [web, svc, rules]).messages, ["web: no ServiceMonitor or PodMonitor scrapes this app"]));
        it("rejects a ServiceMonitor that does not watch the app's namespace", () => {
            const elsewhere = { ...sm, props: edit(sm.props, "spec.namespaceSelector", undefined) };
            assert.strictEqual(runStack(appObservability, [web, svc, elsewhere, rules]).messages.length, 1);
        });
        it("rejects an app without alert rules", () => assert.deepStrictEqual(runStack(appObservability, [web, svc, sm]).messages,
            ["web: no PrometheusRule labelled app.kubernetes.io/name=<app> (or depending on the app) defines its alerts"]));
        it("skips workloads labelled exempt", () => assert.deepStrictEqual(runStack(appObservability, [{ ...web, props: edit(secureDeployment, "metadata.labels", { "platform.dev/observability": "exempt" }) }]).messages, []));
        it("never crashes on unknowns", () => assert.ok(assertStackUnknownSafe(appObservability, [web, svc, sm, rules]) > 40));
    });

    describe("stack-required-tags", () => {
        it("passes tagged AWS, labelled GCP (settings.userLabels) and labelled Kubernetes resources", () => {
            assert.deepStrictEqual(runResource(requiredTags, RDS, secureRds).messages, []);
            assert.deepStrictEqual(runResource(requiredTags, SQL, secureSql).messages, []);
            assert.deepStrictEqual(runResource(requiredTags, DEPLOYMENT, secureDeployment).messages, []);
        });
        it("rejects a missing tag", () => assert.deepStrictEqual(runResource(requiredTags, RDS, edit(secureRds, "tags.cost-center", undefined)).messages, ["missing required tags: cost-center"]));
        it("rejects missing Kubernetes labels", () => assert.deepStrictEqual(runResource(requiredTags, DEPLOYMENT, edit(secureDeployment, "metadata.labels", {})).messages,
            ["missing required labels: owner, environment, cost-center"]));
        it("accepts AWS provider default tags", () => assert.deepStrictEqual(runResource(requiredTags, RDS, edit(secureRds, "tags", {}), {},
            { defaultTags: { tags: { owner: "a", environment: "p", "cost-center": "c" } } }).messages, []));
        it("ignores non-taggable types", () => assert.deepStrictEqual(runResource(requiredTags, "aws:s3/bucketPolicy:BucketPolicy", {}).messages, []));
        it("never crashes on unknowns", () => assert.ok(assertUnknownSafe(requiredTags, RDS, secureRds) > 5));
    });

    describe("stack-maintenance-window", () => {
        it("passes declared windows", () => {
            assert.deepStrictEqual(runResource(maintenanceWindow, RDS, secureRds).messages, []);
            assert.deepStrictEqual(runResource(maintenanceWindow, SQL, secureSql).messages, []);
            assert.deepStrictEqual(runResource(maintenanceWindow, "azure-native:dbforpostgresql:Server", securePostgres).messages, []);
        });
        it("rejects a missing window", () => {
            assert.deepStrictEqual(runResource(maintenanceWindow, RDS, edit(secureRds, "maintenanceWindow", undefined)).messages, ["no maintenance window (maintenanceWindow)"]);
            assert.deepStrictEqual(runResource(maintenanceWindow, SQL, edit(secureSql, "settings.maintenanceWindow", undefined)).messages, ["no maintenance window (settings.maintenanceWindow.day)"]);
        });
        it("never crashes on unknowns", () => assert.ok(assertUnknownSafe(maintenanceWindow, SQL, secureSql) > 10));
    });
});
