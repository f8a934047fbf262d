import type { ResourceValidationPolicy } from "@pulumi/policy";
import { GCP } from "../lib/cloud";
import { configWithDefaults } from "../lib/config";
import { num, obj } from "../lib/values";

const configSchema = {
    properties: {
        minRetentionDays: { type: "integer" as const, minimum: 1, default: 7, description: "Minimum daily backups retained (Cloud SQL counts backups, one per day)." },
    },
};

export const sqlBackupRetention: ResourceValidationPolicy = {
    name: "gcp-sql-backup-retention",
    description: "Cloud SQL automated backups are enabled and retained at least the environment's minimum.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Set `settings.backupConfiguration.enabled: true` and `backupRetentionSettings.retainedBackups` to at least the minimum.",
    configSchema,
    validateResource: (args, report) => {
        if (args.type !== GCP.sqlInstance || args.props.masterInstanceName !== undefined) {
            return;
        }
        const { minRetentionDays } = configWithDefaults<{ minRetentionDays: number }>(configSchema, args.getConfig());
        const backup = obj(obj(args.props.settings).backupConfiguration);
        if (backup.enabled !== true) {
            report("settings.backupConfiguration.enabled is not true");
            return;
        }
        const retained = num(obj(backup.backupRetentionSettings).retainedBackups) ?? 7; // Cloud SQL default
        if (retained < minRetentionDays) {
            report(`retainedBackups is ${retained}, below the minimum ${minRetentionDays}`);
        }
    },
};
