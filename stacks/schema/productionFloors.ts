// Production's floors (stacks/tierFloors.ts) applied to a stack's alerting, monitoring and data protection:
// every way to keep the alerts and still silence them, or to keep the backups and still lose the data, is
// refused with the key that weakens it. Pure: `crossKeyProblems` runs it before anything is registered.
import { isDeepStrictEqual } from "node:util";
import { PRODUCTION_FLOORS, type ProductionFloors } from "../tierFloors";
import { durationSeconds } from "./common";
import type { ResolvedDataProtection } from "./data";
import type { MonitoringConfig, ResolvedAlerting } from "./observability";

type Problem = { path: (string | number)[]; message: string; found?: unknown };

const WHERE = "stacks/tierFloors.ts";

/** What a production stack's monitoring, alerting, app SLOs and data protection weaken below the floors. */
export function productionFloorProblems(
    input: {
        readonly monitoring: MonitoringConfig;
        readonly alerting: ResolvedAlerting;
        readonly apps: ReadonlyArray<{ readonly monitoring?: { readonly slo: { readonly availabilityTarget: number } } }>;
        readonly data: ResolvedDataProtection;
    },
    floors: ProductionFloors = PRODUCTION_FLOORS,
): Problem[] {
    const problems: Problem[] = [];
    const inProduction = `in production (${WHERE})`;
    if (!isDeepStrictEqual({ ...input.monitoring.selectorLabels }, { ...floors.monitoringSelectorLabels })) {
        problems.push({ path: ["monitoring", "selectorLabels"], message: `expected exactly ${JSON.stringify(floors.monitoringSelectorLabels)} ${inProduction}: the platform's Prometheus selects its ServiceMonitors, rules and AlertmanagerConfigs by these labels, and any others are ignored`, found: input.monitoring.selectorLabels });
    }
    const a = input.alerting;
    if (a.enabled === false) {
        problems.push({ path: ["alerts", "enabled"], message: `expected alerts on ${inProduction}`, found: false });
    }
    if (!a.pageOnCritical) {
        problems.push({ path: ["alerts", "pageOnCritical"], message: `expected critical alerts to page ${inProduction}: a critical alert sent to chat only wakes nobody`, found: false });
    }
    for (const [name, max] of Object.entries(floors.maxThresholds) as Array<[keyof ProductionFloors["maxThresholds"], number]>) {
        if (a.thresholds[name] > max) {
            problems.push({ path: ["alerts", "thresholds", name], message: `expected at most ${max} ${inProduction}: above it the alert never fires on a real failure`, found: a.thresholds[name] });
        }
    }
    for (const [name, d] of Object.entries(a.for)) {
        if (durationSeconds(d) > floors.maxForSeconds) {
            problems.push({ path: ["alerts", "for", name], message: `expected at most ${floors.maxForSeconds / 60}m ${inProduction}: a condition held longer is an outage nobody was told of`, found: d });
        }
    }
    input.apps.forEach((app, i) => {
        const target = app.monitoring?.slo.availabilityTarget;
        if (target !== undefined && target < floors.minAvailabilityTargetPercent) {
            problems.push({ path: ["apps", i, "monitoring", "slo", "availabilityTarget"], message: `expected at least ${floors.minAvailabilityTargetPercent} ${inProduction}: a lower objective's burn-rate alerts never fire`, found: target });
        }
    });
    const d = input.data;
    if (d.dr.rpoMinutes !== undefined && d.dr.rpoMinutes > floors.maxRpoMinutes) {
        problems.push({ path: ["dr", "rpoMinutes"], message: `expected at most ${floors.maxRpoMinutes} ${inProduction} (the pack's stack-cross-region-replication holds production to it, and the replica-lag alarm follows the declared RPO)`, found: d.dr.rpoMinutes });
    }
    if (d.database.enabled || d.bucket.enabled) {
        if (d.backups.retentionDays < floors.minBackupRetentionDays) {
            problems.push({ path: ["backups", "retentionDays"], message: `expected at least ${floors.minBackupRetentionDays} ${inProduction} (the pack's backup retention rules hold production to it)`, found: d.backups.retentionDays });
        }
        if (!d.backups.enabled) problems.push({ path: ["backups", "enabled"], message: `expected backups ${inProduction}`, found: false });
        else if (!d.backups.restoreTesting.enabled) {
            problems.push({ path: ["backups", "restoreTesting", "enabled"], message: `expected restore testing ${inProduction}: a backup never restored is not known to restore`, found: false });
        }
    }
    if (d.bucket.enabled) {
        const keep = d.backups.retentionDays;
        if (d.bucket.expirationDays !== undefined && d.bucket.expirationDays < keep) {
            problems.push({ path: ["data", "bucket", "expirationDays"], message: `expected at least backups.retentionDays (${keep}) ${inProduction}: objects deleted sooner than their backups are kept are lost before anyone restores them`, found: d.bucket.expirationDays });
        }
        if (d.bucket.noncurrentVersionExpirationDays < keep) {
            problems.push({ path: ["data", "bucket", "noncurrentVersionExpirationDays"], message: `expected at least backups.retentionDays (${keep}) ${inProduction}: an overwritten object must stay recoverable as long as the backups`, found: d.bucket.noncurrentVersionExpirationDays });
        }
    }
    return problems;
}
