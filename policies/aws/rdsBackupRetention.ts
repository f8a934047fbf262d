import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AWS } from "../lib/cloud";
import { configWithDefaults } from "../lib/config";
import { num } from "../lib/values";

const configSchema = {
    properties: {
        minRetentionDays: { type: "integer" as const, minimum: 1, maximum: 35, default: 7, description: "The environment's minimum backup retention." },
    },
};

export const rdsBackupRetention: ResourceValidationPolicy = {
    name: "aws-rds-backup-retention",
    description: "RDS automated backups are kept at least the environment's minimum number of days.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Set `backupRetentionPeriod` to at least the environment minimum (max 35 days; use AWS Backup for longer).",
    configSchema,
    validateResource: (args, report) => {
        if ((args.type !== AWS.rdsInstance && args.type !== AWS.rdsCluster) || args.props.replicateSourceDb !== undefined) {
            return;
        }
        const { minRetentionDays } = configWithDefaults<{ minRetentionDays: number }>(configSchema, args.getConfig());
        const days = num(args.props.backupRetentionPeriod) ?? 1; // RDS API default
        if (days < minRetentionDays) {
            report(`backupRetentionPeriod is ${days} day(s), below the minimum ${minRetentionDays}`);
        }
    },
};
