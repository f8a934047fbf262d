import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws/provider";
import * as backup from "@pulumi/aws/backup";
import * as iam from "@pulumi/aws/iam";
import * as kms from "@pulumi/aws/kms";
import type { DataTags } from "../common";

export interface AwsBackupPlanArgs {
    /** AWS cron, e.g. "cron(0 0 * * ? *)" (UTC). */
    readonly schedule: string;
    readonly retentionDays: number;
    /** Continuous backup (point-in-time restore for RDS and S3); ignored when retention exceeds 35 days (AWS limit). */
    readonly continuous: boolean;
    /** Copy every recovery point to a vault in the DR region. Default: no copy. */
    readonly copyToDr?: { readonly provider: aws.Provider };
    /** ARNs to back up (the RDS instance and the S3 bucket). */
    readonly resourceArns: pulumi.Input<pulumi.Input<string>[]>;
    readonly tags: DataTags;
}

const MANAGED_POLICIES = [
    "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
    "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
    "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
    "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
];

/** AWS Backup vault (own KMS key), plan with copy to a DR-region vault, selection, and the service role. */
export class AwsBackupPlan extends pulumi.ComponentResource {
    readonly key: kms.Key;
    readonly vault: backup.Vault;
    readonly drKey?: kms.Key;
    readonly drVault?: backup.Vault;
    readonly plan: backup.Plan;
    readonly role: iam.Role;
    readonly vaultName: pulumi.Output<string>;
    readonly vaultArn: pulumi.Output<string>;
    readonly drVaultArn: pulumi.Output<string | undefined>;
    readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: AwsBackupPlanArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:AwsBackupPlan", name, {}, opts);
        const tags = { ...args.tags };
        this.key = new kms.Key(`${name}-key`, { description: `${name} backup vault`, enableKeyRotation: true, rotationPeriodInDays: 365, deletionWindowInDays: 30, tags }, { parent: this });
        this.vault = new backup.Vault(`${name}-vault`, { kmsKeyArn: this.key.arn, tags }, { parent: this });
        if (args.copyToDr !== undefined) {
            const dr = { parent: this, provider: args.copyToDr.provider };
            this.drKey = new kms.Key(`${name}-dr-key`, { description: `${name} DR backup vault`, enableKeyRotation: true, rotationPeriodInDays: 365, deletionWindowInDays: 30, tags }, dr);
            this.drVault = new backup.Vault(`${name}-dr-vault`, { kmsKeyArn: this.drKey.arn, tags }, dr);
        }
        const lifecycle = { deleteAfter: args.retentionDays };
        this.plan = new backup.Plan(`${name}-plan`, {
            rules: [{
                ruleName: "daily",
                targetVaultName: this.vault.name,
                schedule: args.schedule,
                scheduleExpressionTimezone: "Etc/UTC",
                startWindow: 60,
                completionWindow: 360,
                enableContinuousBackup: args.continuous && args.retentionDays <= 35,
                lifecycle,
                copyActions: this.drVault !== undefined ? [{ destinationVaultArn: this.drVault.arn, lifecycle }] : undefined,
                recoveryPointTags: tags,
            }],
            tags,
        }, { parent: this });
        this.role = new iam.Role(`${name}-role`, {
            assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
            tags,
        }, { parent: this });
        const attachments = MANAGED_POLICIES.map((policyArn, i) => new iam.RolePolicyAttachment(`${name}-role-${i}`, { role: this.role.name, policyArn }, { parent: this }));
        new backup.Selection(`${name}-selection`, {
            planId: this.plan.id,
            iamRoleArn: this.role.arn,
            resources: args.resourceArns,
        }, { parent: this, dependsOn: attachments });

        this.vaultName = this.vault.name;
        this.vaultArn = this.vault.arn;
        this.drVaultArn = this.drVault !== undefined ? this.drVault.arn.apply((a): string | undefined => a) : pulumi.output(undefined);
        this.roleArn = this.role.arn;
        this.registerOutputs({ vaultName: this.vaultName, vaultArn: this.vaultArn, drVaultArn: this.drVaultArn, planId: this.plan.id, roleArn: this.roleArn });
    }
}
