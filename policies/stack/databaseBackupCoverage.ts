import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { AWS, AZURE, DATABASE_TYPES, GCP } from "../lib/cloud";
import { configWithDefaults } from "../lib/config";
import { dependsOn } from "../lib/graph";
import { num, obj } from "../lib/values";

const configSchema = {
    properties: {
        acceptNativeBackups: { type: "boolean" as const, default: false, description: "Count the database's own automated backups as its backup plan." },
    },
};

/** Backup-service resources that protect the database they depend on. */
const BACKUP_TYPES = new Set<string>([AWS.backupSelection, AZURE.backupInstance, GCP.backupPlanAssociation]);

function nativeBackups(db: PolicyResource): boolean {
    switch (db.type) {
        case AWS.rdsInstance:
        case AWS.rdsCluster:
            return (num(db.props.backupRetentionPeriod) ?? 1) > 0;
        case GCP.sqlInstance:
            return obj(obj(db.props.settings).backupConfiguration).enabled === true;
        default:
            return true; // Azure flexible servers always take automated backups
    }
}

/** True for replicas, which are covered by their source's backups. */
function isReplica(db: PolicyResource): boolean {
    return db.props.replicateSourceDb !== undefined || db.props.masterInstanceName !== undefined
        || db.props.createMode === "Replica";
}

export const databaseBackupCoverage: StackValidationPolicy = {
    name: "stack-database-backup-coverage",
    description: "Every managed database is covered by a backup plan (AWS Backup selection, Azure Data Protection backup instance, Google Backup and DR plan association).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Protect the database with the platform backups component (it creates the backup plan and a selection/instance that depends on the database).",
    configSchema,
    validateStack: (args, report) => {
        const { acceptNativeBackups } = configWithDefaults<{ acceptNativeBackups: boolean }>(configSchema, args.getConfig());
        const backups = args.resources.filter(r => BACKUP_TYPES.has(r.type));
        for (const db of args.resources) {
            if (!DATABASE_TYPES.has(db.type) || isReplica(db)) {
                continue;
            }
            if (!backups.some(b => dependsOn(b, db)) && !(acceptNativeBackups && nativeBackups(db))) {
                report("no backup plan covers this database", db.urn);
            }
        }
    },
};
