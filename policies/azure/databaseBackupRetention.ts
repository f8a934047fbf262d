import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AZURE } from "../lib/cloud";
import { configWithDefaults } from "../lib/config";
import { num, obj } from "../lib/values";

const configSchema = {
    properties: {
        minRetentionDays: { type: "integer" as const, minimum: 1, maximum: 35, default: 7 },
    },
};

export const databaseBackupRetention: ResourceValidationPolicy = {
    name: "azure-database-backup-retention",
    description: "PostgreSQL/MySQL flexible server backups are kept at least the environment's minimum number of days.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Set `backup.backupRetentionDays` to at least the environment minimum (Azure allows 7..35).",
    configSchema,
    validateResource: (args, report) => {
        // Read replicas have no backups of their own: the source server's retention applies.
        if ((args.type !== AZURE.postgres && args.type !== AZURE.mysql) || args.props.createMode === "Replica") {
            return;
        }
        const { minRetentionDays } = configWithDefaults<{ minRetentionDays: number }>(configSchema, args.getConfig());
        const days = num(obj(args.props.backup).backupRetentionDays) ?? 7; // Azure default
        if (days < minRetentionDays) {
            report(`backup.backupRetentionDays is ${days}, below the minimum ${minRetentionDays}`);
        }
    },
};
