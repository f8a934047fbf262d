import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { AWS, AZURE, DATABASE_TYPES, GCP } from "../lib/cloud";
import { configWithDefaults } from "../lib/config";
import { cronWorstGapMinutes } from "../lib/cronGap";
import { dependentsIndex } from "../lib/graph";
import { arr, obj } from "../lib/values";

const configSchema = {
    properties: {
        rpoMinutes: { type: "integer" as const, minimum: 1, default: 60, description: "Recovery point objective the replication must meet." },
    },
};

/** Azure documents an RPO below one hour for geo-redundant backup restore. */
const AZURE_GEO_BACKUP_RPO_MINUTES = 60;

/** How the database is replicated to another region and the RPO that achieves, or undefined. */
function replication(db: PolicyResource, dependents: PolicyResource[]): { how: string; rpoMinutes: number } | undefined {
    if (db.type === AWS.rdsInstance || db.type === AWS.rdsCluster) {
        if (dependents.some(r => r.type === AWS.rdsBackupReplication)) {
            return { how: "automated backups replication", rpoMinutes: 5 };
        }
        if (dependents.some(r => r.type === AWS.rdsInstance && r.props.replicateSourceDb !== undefined)) {
            return { how: "read replica", rpoMinutes: 5 };
        }
        if (db.props.globalClusterIdentifier !== undefined) {
            return { how: "Aurora global database", rpoMinutes: 1 };
        }
        for (const sel of dependents.filter(r => r.type === AWS.backupSelection)) {
            for (const plan of sel.dependencies.filter(d => d.type === AWS.backupPlan)) {
                for (const rule of arr(plan.props.rules).map(obj)) {
                    const interval = cronWorstGapMinutes(rule.schedule);
                    if (arr(rule.copyActions).length > 0 && interval !== undefined) {
                        return { how: `AWS Backup copy at most ${interval} min apart`, rpoMinutes: interval };
                    }
                }
            }
        }
        return undefined;
    }
    if (db.type === AZURE.postgres || db.type === AZURE.mysql) {
        if (dependents.some(r => r.type === db.type && r.props.createMode === "Replica")) {
            return { how: "cross-region read replica", rpoMinutes: 5 };
        }
        return obj(db.props.backup).geoRedundantBackup === "Enabled"
            ? { how: "geo-redundant backup", rpoMinutes: AZURE_GEO_BACKUP_RPO_MINUTES } : undefined;
    }
    if (db.type === GCP.sqlInstance && dependents.some(r => r.type === GCP.sqlInstance && r.props.masterInstanceName !== undefined)) {
        return { how: "cross-region replica", rpoMinutes: 5 };
    }
    return undefined;
}

export const crossRegionReplication: StackValidationPolicy = {
    name: "stack-cross-region-replication",
    description: "Production databases replicate to another region often enough to meet the stack's RPO.",
    severity: "high",
    enforcementLevel: "advisory",
    remediationSteps: "Enable the DR section: RDS automated-backups replication or an AWS Backup copy action scheduled at least every RPO, Azure geo-redundant backup or replica, a Cloud SQL cross-region replica.",
    configSchema,
    validateStack: (args, report) => {
        const { rpoMinutes } = configWithDefaults<{ rpoMinutes: number }>(configSchema, args.getConfig());
        const dependents = dependentsIndex(args.resources);
        for (const db of args.resources) {
            if (!DATABASE_TYPES.has(db.type) || db.props.replicateSourceDb !== undefined || db.props.masterInstanceName !== undefined
                || db.props.createMode === "Replica") {
                continue;
            }
            const r = replication(db, dependents.get(db.urn) ?? []);
            if (!r) {
                report("no cross-region replication", db.urn);
            } else if (r.rpoMinutes > rpoMinutes) {
                report(`${r.how} gives an RPO of ${r.rpoMinutes} min, above the target ${rpoMinutes} min`, db.urn);
            }
        }
    },
};
