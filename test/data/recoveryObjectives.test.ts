import * as assert from "node:assert/strict";
import { checkRecoveryObjectives } from "../../components/data/recoveryObjectives";
import { drRunbook } from "../../components/data/runbook";
import { resolveDataProtection, type DataProtectionConfig, type EnvironmentTier } from "../../stacks/schema/data";
import { loadFixture } from "./harness";

const withDb = (extra: DataProtectionConfig, tier: EnvironmentTier = "production") =>
    resolveDataProtection({ ...extra, data: { ...extra.data, database: { enabled: true, ...extra.data?.database } } }, tier);

describe("data: checkRecoveryObjectives", () => {
    it("accepts every shipped fixture", () => {
        for (const cloud of ["aws", "azure", "gcp"] as const) assert.deepEqual(checkRecoveryObjectives(loadFixture(cloud)), [], cloud);
    });

    it("accepts production defaults (replica: 1 min RPO, 30 min RTO against 60/240)", () => {
        assert.deepEqual(checkRecoveryObjectives(withDb({ data: { bucket: { enabled: true } } })), []);
    });

    it("rejects an RPO tighter than daily backups without PITR or replica, naming the gap", () => {
        const r = withDb({ data: { database: { pointInTimeRecovery: false } }, dr: { rpoMinutes: 15 } }, "staging");
        assert.deepEqual(checkRecoveryObjectives(r), [
            "dr.rpoMinutes: declared 15 min for the database (loss of the primary database) but backups every 1440 min with no point-in-time recovery or replica can only achieve 1440 min; enable data.database.pointInTimeRecovery (~5 min) or dr.replica (~1 min) or declare at least 1440",
        ]);
    });

    it("accepts the same RPO once point-in-time recovery is on, and rejects 1 minute", () => {
        assert.deepEqual(checkRecoveryObjectives(withDb({ dr: { rpoMinutes: 15 } }, "staging")), []);
        assert.deepEqual(checkRecoveryObjectives(withDb({ dr: { rpoMinutes: 1 } }, "staging")), [
            "dr.rpoMinutes: declared 1 min for the database (loss of the primary database) but point-in-time recovery (restore of 32 GB) can only achieve 5 min; enable dr.enabled with dr.replica (~1 min RPO, ~30 min RTO) or declare at least 5",
        ]);
    });

    it("counts only what survives region loss when DR is on: a DR backup copy alone is 1440 min", () => {
        const r = withDb({ dr: { replica: false } });
        assert.deepEqual(checkRecoveryObjectives(r), [
            "dr.rpoMinutes: declared 60 min for the database (loss of the primary region) but database backups copied to the DR region every 1440 min with no cross-region replica can only achieve 1440 min; enable dr.replica (~1 min RPO, ~30 min RTO) or declare at least 1440",
        ]);
    });

    it("says nothing survives when DR has neither replica nor backup copy", () => {
        const r = withDb({ dr: { replica: false, rpoMinutes: 60, rtoMinutes: 240 }, backups: { copyToDrRegion: false } });
        assert.deepEqual(checkRecoveryObjectives(r), [
            "dr.rpoMinutes: declared 60 min for the database (loss of the primary region) but the database has no cross-region replica and no backup copy in the DR region, so nothing survives loss of the primary region; enable dr.replica or backups.copyToDrRegion",
            "dr.rtoMinutes: declared 240 min for the database (loss of the primary region) but the database has no cross-region replica and no backup copy in the DR region, so nothing survives loss of the primary region; enable dr.replica or backups.copyToDrRegion",
        ]);
    });

    it("rejects an RTO tighter than replica promotion, and a cross-region restore estimate that grows with storage", () => {
        assert.deepEqual(checkRecoveryObjectives(withDb({ dr: { rtoMinutes: 10 } })), [
            "dr.rtoMinutes: declared 10 min for the database (loss of the primary region) but a cross-region read replica (promotion) can only achieve 30 min; declare at least 30",
        ]);
        const big = withDb({ data: { database: { storageGb: 1000 } }, dr: { replica: false, rpoMinutes: 1440, rtoMinutes: 120 } });
        assert.deepEqual(checkRecoveryObjectives(big), [
            "dr.rtoMinutes: declared 120 min for the database (loss of the primary region) but database backups copied to the DR region every 1440 min with no cross-region replica can only achieve 240 min; enable dr.replica (~1 min RPO, ~30 min RTO) or declare at least 240",
        ]);
    });

    it("checks the bucket too: without replication a 60-minute RPO fails", () => {
        const r = resolveDataProtection({ data: { bucket: { enabled: true } }, dr: { bucketReplication: false } }, "production");
        assert.deepEqual(checkRecoveryObjectives(r), [
            "dr.rpoMinutes: declared 60 min for the bucket (loss of the primary region) but bucket backups copied to the DR region every 1440 min with no bucket replication can only achieve 1440 min; enable dr.bucketReplication (~15 min) or declare at least 1440",
        ]);
    });

    it("rejects replication requested with DR off", () => {
        assert.deepEqual(checkRecoveryObjectives(resolveDataProtection({ dr: { enabled: false, replica: true } }, "production")), [
            "dr.replica/dr.bucketReplication: replication to the DR region is requested but dr.enabled is false; set dr.enabled: true",
        ]);
    });

    it("needs nothing from dev", () => {
        assert.deepEqual(checkRecoveryObjectives(resolveDataProtection({}, "dev")), []);
    });
});

describe("data: drRunbook", () => {
    it("falls back to an in-region restore when DR is off", () => {
        const rb = drRunbook(withDb({}, "staging"), { cloud: "gcp", environment: "staging", primaryRegion: "europe-west1", drRegion: "europe-west4" });
        assert.equal(rb.enabled, false);
        assert.deepEqual(rb.steps, ["DR is disabled for staging: recover in europe-west1 from backups (point-in-time restore to a new instance) and update the connection Secret"]);
    });

    it("restores from the DR copy when there is no replica", () => {
        const rb = drRunbook(withDb({ dr: { replica: false, rpoMinutes: 1440 } }), {
            cloud: "aws", environment: "production", primaryRegion: "us-east-1", drRegion: "us-west-2", database: { primaryHost: "db.internal" },
        });
        assert.ok(rb.steps.includes("Restore the latest database recovery point copied to us-west-2 into a new instance"));
        assert.deepEqual(rb.switchEndpoints, [{ what: "database host", from: "db.internal", to: "<host of the instance restored in us-west-2>" }]);
        assert.equal(rb.achievableRpoMinutes, 1440);
        assert.equal(rb.achievableRtoMinutes, 105);
    });
});
