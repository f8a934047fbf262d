// What production may not weaken, whatever its stack file says. Owned by the platform like the gate policy
// (stacks/gatePolicy.ts): code, reviewed and shipped, and no `platform:*` key widens it. The numbers the pack
// also enforces (RPO, backup retention) are the pack's production config, kept equal by
// test/policies/tierAgreement.test.ts. A stack could otherwise keep every alert and still silence it: a
// selector the operator ignores, a critical alert that pages nobody, thresholds no failure reaches.

/** Production's floors and ceilings. */
export interface ProductionFloors {
    /** `monitoring.selectorLabels` must be exactly these: the platform's Prometheus selects them (kube-prometheus-stack's `release`). */
    readonly monitoringSelectorLabels: Readonly<Record<string, string>>;
    /** Highest value each alert threshold may take: above it the alert never fires on a real failure. */
    readonly maxThresholds: Readonly<{
        cpuPercent: number; memoryPercent: number; errorRatePercent: number; latencyP95Ms: number; diskWarnPercent: number; diskCriticalPercent: number;
        dbConnections: number; slowQuerySeconds: number; backupMaxAgeHours: number; replicationLagSeconds: number;
    }>;
    /** Longest an alert's condition may hold before it fires, in seconds. */
    readonly maxForSeconds: number;
    /** The lowest availability objective an app's SLO may state, in percent. */
    readonly minAvailabilityTargetPercent: number;
    /** The highest RPO a stack may declare (the pack's stack-cross-region-replication rpoMinutes). */
    readonly maxRpoMinutes: number;
    /** The fewest days backups are kept (the pack's *-backup-retention minRetentionDays). */
    readonly minBackupRetentionDays: number;
}

export const PRODUCTION_FLOORS: ProductionFloors = {
    monitoringSelectorLabels: { release: "kube-prometheus-stack" },
    maxThresholds: {
        cpuPercent: 95, memoryPercent: 95, errorRatePercent: 10, latencyP95Ms: 5000, diskWarnPercent: 90, diskCriticalPercent: 95,
        dbConnections: 10_000, slowQuerySeconds: 30, backupMaxAgeHours: 48,
        // A replica lagging more than the RPO (60 min) already loses more than production may.
        replicationLagSeconds: 3600,
    },
    maxForSeconds: 1800,
    minAvailabilityTargetPercent: 90,
    maxRpoMinutes: 60,
    minBackupRetentionDays: 14,
};
