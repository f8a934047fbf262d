import * as assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import { AwsDataProtection } from "../../components/data/aws/dataProtection";
import { resolveDataProtection } from "../../stacks/schema/data";
import { one, recordingMocks, settle, value, type Recorded } from "./harness";

describe("data/aws: staging plans backups and no DR", () => {
    let recorded: Recorded[];

    before(async () => {
        recorded = recordingMocks("staging");
        const dp = new AwsDataProtection("data", {
            config: resolveDataProtection({ data: { database: { enabled: true }, bucket: { enabled: true } } }, "staging"),
            environment: "staging",
            tags: { owner: "team-data", environment: "staging", "cost-center": "cc-42" },
            region: "us-east-1",
            drRegion: "us-west-2",
            network: { subnetIds: ["subnet-a", "subnet-b"] },
            namespace: "shop",
            kubernetesProvider: new k8s.Provider("k8s", { renderYamlToDirectory: "out/ignored" }),
        });
        await value(dp.runbook);
        await settle(recorded);
    });

    it("creates no DR provider, replica, DR vault or bucket replication", () => {
        const names = recorded.map((r) => r.name);
        for (const n of ["data-dr", "data-database-replica", "data-backup-dr-vault", "data-storage-replica", "data-storage-replication", "data-restore-test"]) assert.ok(!names.includes(n), n);
    });

    it("keeps 7 days of daily backups without a copy, single-AZ and deletable", () => {
        const rule = (one(recorded, "aws:backup/plan:Plan", "data-backup-plan").inputs.rules as Array<Record<string, unknown>>)[0];
        assert.deepEqual(rule.lifecycle, { deleteAfter: 7 });
        assert.equal(rule.copyActions, undefined);
        const db = one(recorded, "aws:rds/instance:Instance", "data-database-db").inputs;
        assert.deepEqual([db.multiAz, db.deletionProtection, db.backupRetentionPeriod, db.instanceClass], [false, false, 7, "db.t4g.medium"]);
    });
});
