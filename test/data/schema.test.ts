import * as assert from "node:assert/strict";
import { awsCron, backupsSchema, dailyCronTime, dataSchema, drSchema, resolveDataProtection } from "../../stacks/schema/data";

function issues(r: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }): string[] {
    return (r.error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("data: config schemas", () => {
    it("rejects unknown keys instead of defaulting (typo in retentionDays)", () => {
        const r = backupsSchema.safeParse({ retentionDay: 30 });
        assert.equal(r.success, false);
        assert.deepEqual(issues(r), [': Unrecognized key: "retentionDay"']);
    });

    it("rejects a non-daily backup schedule with a message naming the format", () => {
        assert.deepEqual(issues(backupsSchema.safeParse({ schedule: "0 */6 * * *" })), ["schedule: a daily cron `M H * * *` in UTC"]);
    });

    it("rejects a nested unknown key with its path and wrong types", () => {
        const r = dataSchema.safeParse({ database: { enabled: "yes", sizee: "small" } });
        assert.deepEqual(issues(r).sort(), ['database.enabled: Invalid input: expected boolean, received string', 'database: Unrecognized key: "sizee"'].sort());
        assert.equal(drSchema.safeParse({ rpoMinutes: -1 }).success, false);
    });

    it("bounds the declared objectives: a recovery point or time beyond a week is refused, naming why", () => {
        assert.deepEqual(issues(drSchema.safeParse({ rpoMinutes: 10_081, rtoMinutes: 999_999 })), [
            "rpoMinutes: a week: an objective beyond that recovers nothing in time",
            "rtoMinutes: a week: an objective beyond that recovers nothing in time",
        ]);
        assert.equal(drSchema.safeParse({ rpoMinutes: 10_080, rtoMinutes: 10_080 }).success, true);
    });

    it("converts schedules for AWS and splits daily ones", () => {
        assert.equal(awsCron("0 0 * * *"), "cron(0 0 * * ? *)");
        assert.equal(awsCron("0 6 * * 0"), "cron(0 6 ? * 0 *)");
        assert.deepEqual(dailyCronTime("30 1 * * *"), { hour: 1, minute: 30 });
    });
});

describe("data: resolveDataProtection defaults per tier", () => {
    it("production: 30-day backups copied to DR, RPO 60 / RTO 240, replica, HA and deletion protection", () => {
        const r = resolveDataProtection({ data: { database: { enabled: true } } }, "production");
        assert.deepEqual(r.backups, {
            enabled: true, schedule: "0 0 * * *", intervalMinutes: 1440, retentionDays: 30, copyToDrRegion: true,
            velero: { enabled: false, namespace: "velero", snapshotVolumes: false },
            restoreTesting: { enabled: true, schedule: "0 6 * * 0", selectionWindowDays: 7, validationWindowHours: 4 },
        });
        assert.deepEqual(r.dr, { enabled: true, region: undefined, rpoMinutes: 60, rtoMinutes: 240, replica: true, bucketReplication: true });
        assert.deepEqual([r.database.highAvailability, r.database.deletionProtection, r.database.pointInTimeRecovery, r.database.size, r.database.storageGb], [true, true, true, "medium", 100]);
    });

    it("staging: 7-day backups, no DR copy, no DR unless asked", () => {
        const r = resolveDataProtection({}, "staging");
        assert.deepEqual([r.backups.enabled, r.backups.retentionDays, r.backups.copyToDrRegion, r.backups.restoreTesting.enabled], [true, 7, false, false]);
        assert.deepEqual(r.dr, { enabled: false, region: undefined, rpoMinutes: undefined, rtoMinutes: undefined, replica: false, bucketReplication: false });
        assert.deepEqual([r.database.highAvailability, r.database.deletionProtection], [false, false]);
        const asked = resolveDataProtection({ dr: { enabled: true, region: "us-west-2" } }, "staging");
        assert.deepEqual([asked.dr.replica, asked.dr.bucketReplication, asked.dr.rpoMinutes], [true, true, undefined]);
    });

    it("dev: nothing on, so no cloud is needed", () => {
        const r = resolveDataProtection({}, "dev");
        assert.deepEqual([r.database.enabled, r.bucket.enabled, r.backups.enabled, r.dr.enabled, r.database.pointInTimeRecovery], [false, false, false, false, false]);
    });

    it("keeps explicit zero-like values instead of defaulting (?? not ||)", () => {
        const r = resolveDataProtection({ backups: { copyToDrRegion: false }, data: { database: { highAvailability: false } } }, "production");
        assert.equal(r.backups.copyToDrRegion, false);
        assert.equal(r.database.highAvailability, false);
    });
});
