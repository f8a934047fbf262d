// #23 class 6: production's alerting and data protection cannot be quietly weakened from the stack file. Each
// hostile edit of the shipped production stack is refused, naming the key; the floor itself passes.
import * as assert from "node:assert/strict";
import { configProblems, shippedValues } from "../support/config";

/* eslint-disable @typescript-eslint/no-explicit-any */
const problems = (edit: (v: any) => void) => configProblems(shippedValues("production", edit), "production");
const FLOORS = "in production (stacks/tierFloors.ts)";

describe("production floors: alerts that fire, data that survives (#23 class 6)", () => {
    it("the shipped production stack passes", () => assert.deepEqual(problems(() => undefined), []));

    it("refuses selector labels the platform's Prometheus ignores, and quieted critical alerts", () => {
        assert.deepEqual(problems((v) => {
            v.monitoring = { selectorLabels: { release: "nobody-selects-this" } };
            v.alerts.pageOnCritical = false;
        }), [
            `platform:monitoring.selectorLabels: expected exactly {"release":"kube-prometheus-stack"} ${FLOORS}: the platform's Prometheus selects its ServiceMonitors, rules and AlertmanagerConfigs by these labels, and any others are ignored, found {"release":"nobody-selects-this"}`,
            `platform:alerts.pageOnCritical: expected critical alerts to page ${FLOORS}: a critical alert sent to chat only wakes nobody, found false`,
        ]);
        // The per-tier override is read too.
        assert.equal(problems((v) => (v.alerts.environments = { production: { pageOnCritical: false } })).length, 1);
    });

    it("refuses thresholds no failure reaches, and conditions held too long; the ceilings themselves pass", () => {
        assert.deepEqual(problems((v) => (v.alerts.thresholds = { cpuPercent: 99.99, dbConnections: 1e9, errorRatePercent: 10.5 })), [
            `platform:alerts.thresholds.cpuPercent: expected at most 95 ${FLOORS}: above it the alert never fires on a real failure, found 99.99`,
            `platform:alerts.thresholds.errorRatePercent: expected at most 10 ${FLOORS}: above it the alert never fires on a real failure, found 10.5`,
            `platform:alerts.thresholds.dbConnections: expected at most 10000 ${FLOORS}: above it the alert never fires on a real failure, found 1000000000`,
        ]);
        assert.deepEqual(problems((v) => (v.alerts.thresholds = { cpuPercent: 95, dbConnections: 10_000, errorRatePercent: 10, replicationLagSeconds: 3600 })), []);
        assert.deepEqual(problems((v) => (v.alerts.for = { errorRate: "31m" })), [
            `platform:alerts.for.errorRate: expected at most 30m ${FLOORS}: a condition held longer is an outage nobody was told of, found "31m"`,
        ]);
        assert.deepEqual(problems((v) => (v.alerts.for = { errorRate: "30m" })), []);
    });

    it("refuses an SLO no burn rate can breach", () => {
        assert.deepEqual(problems((v) => (v.apps[0].monitoring.slo = { availabilityTarget: 0.0001 })), [
            `platform:apps[0].monitoring.slo.availabilityTarget: expected at least 90 ${FLOORS}: a lower objective's burn-rate alerts never fire, found 0.0001`,
        ]);
        assert.deepEqual(problems((v) => (v.apps[0].monitoring.slo = { availabilityTarget: 90 })), []);
    });

    it("refuses an RPO of a week, short retention, no restore testing, and objects that expire before their backups", () => {
        assert.deepEqual(problems((v) => {
            v.dr.rpoMinutes = 10_080;
            v.backups.retentionDays = 13;
            v.backups.restoreTesting = { enabled: false };
            v.data.bucket = { enabled: true, expirationDays: 1, noncurrentVersionExpirationDays: 1 };
        }), [
            `platform:dr.rpoMinutes: expected at most 60 ${FLOORS} (the pack's stack-cross-region-replication holds production to it, and the replica-lag alarm follows the declared RPO), found 10080`,
            `platform:backups.retentionDays: expected at least 14 ${FLOORS} (the pack's backup retention rules hold production to it), found 13`,
            `platform:backups.restoreTesting.enabled: expected restore testing ${FLOORS}: a backup never restored is not known to restore, found false`,
            `platform:data.bucket.expirationDays: expected at least backups.retentionDays (13) ${FLOORS}: objects deleted sooner than their backups are kept are lost before anyone restores them, found 1`,
            `platform:data.bucket.noncurrentVersionExpirationDays: expected at least backups.retentionDays (13) ${FLOORS}: an overwritten object must stay recoverable as long as the backups, found 1`,
        ]);
        assert.deepEqual(problems((v) => {
            v.dr.rpoMinutes = 60;
            v.backups.retentionDays = 14;
            v.data.bucket = { enabled: true, expirationDays: 14, noncurrentVersionExpirationDays: 14 };
        }), []);
    });
});
