import * as pulumi from "@pulumi/pulumi";
import * as backupdr from "@pulumi/gcp/backupdisasterrecovery";
import type { DataTags } from "../common";
import { gcpLabels } from "../common";

export interface GcpBackupPlanArgs {
    readonly project: pulumi.Input<string>;
    /** Region of the vault, plan and protected instance (Backup and DR is regional). */
    readonly region: string;
    /** Cloud SQL instance name to protect. */
    readonly instanceName: pulumi.Input<string>;
    readonly retentionDays: number;
    /** Daily window start hour, UTC. */
    readonly startHour: number;
    readonly tags: DataTags;
}

/**
 * Backup and DR service vault + plan + association for the Cloud SQL instance. Backups in the
 * vault are immutable for the enforced retention, independent of the instance's own backups.
 * The GCS bucket is not put under Backup and DR here (see docs/data-protection.md).
 */
export class GcpBackupPlan extends pulumi.ComponentResource {
    readonly vault: backupdr.BackupVault;
    readonly plan: backupdr.BackupPlan;
    readonly association: backupdr.BackupPlanAssociation;

    constructor(name: string, args: GcpBackupPlanArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:GcpBackupPlan", name, {}, opts);
        const id = name.toLowerCase().replace(/[^a-z0-9-]/g, "-").slice(0, 50);
        this.vault = new backupdr.BackupVault(`${name}-vault`, {
            location: args.region,
            backupVaultId: `${id}-vault`,
            backupMinimumEnforcedRetentionDuration: `${args.retentionDays * 86400}s`,
            labels: gcpLabels(args.tags),
        }, { parent: this });
        const resourceType = "sqladmin.googleapis.com/Instance";
        this.plan = new backupdr.BackupPlan(`${name}-plan`, {
            location: args.region,
            backupPlanId: `${id}-plan`,
            resourceType,
            backupVault: this.vault.id,
            backupRules: [{
                ruleId: "daily",
                backupRetentionDays: args.retentionDays,
                standardSchedule: { recurrenceType: "DAILY", timeZone: "UTC", backupWindow: { startHourOfDay: args.startHour, endHourOfDay: Math.min(args.startHour + 6, 24) } },
            }],
        }, { parent: this });
        this.association = new backupdr.BackupPlanAssociation(`${name}-association`, {
            location: args.region,
            backupPlanAssociationId: `${id}-sql`,
            resourceType,
            resource: pulumi.interpolate`projects/${args.project}/instances/${args.instanceName}`,
            backupPlan: this.plan.name,
        }, { parent: this });
        this.registerOutputs({ vaultId: this.vault.id, planName: this.plan.name });
    }
}
