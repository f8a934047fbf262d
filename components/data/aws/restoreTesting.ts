import * as pulumi from "@pulumi/pulumi";
import * as backup from "@pulumi/aws/backup";
import type { DataTags } from "../common";

export interface AwsRestoreTestingArgs {
    /** AWS cron, e.g. "cron(0 6 ? * 0 *)". */
    readonly schedule: string;
    /** Vaults whose recovery points are tested (the primary vault). */
    readonly vaultArns: pulumi.Input<pulumi.Input<string>[]>;
    readonly selectionWindowDays: number;
    readonly validationWindowHours: number;
    /** Role AWS Backup assumes to restore (the backup plan's role). */
    readonly roleArn: pulumi.Input<string>;
    /** RDS instance to test. Default: none. */
    readonly databaseArn?: pulumi.Input<string>;
    /** Subnet group for the restored test instance (restores must stay private). */
    readonly databaseSubnetGroupName?: pulumi.Input<string>;
    /** S3 bucket to test. Default: none. */
    readonly bucketArn?: pulumi.Input<string>;
    readonly tags: DataTags;
}

/** AWS Backup restore testing names allow only letters, digits and underscores. */
export function restoreTestingName(name: string): string {
    return name.replace(/[^A-Za-z0-9_]/g, "_").slice(0, 50);
}

/** AWS Backup restore testing: restores the latest recovery point on a schedule, then deletes it. */
export class AwsRestoreTesting extends pulumi.ComponentResource {
    readonly plan: backup.RestoreTestingPlan;
    readonly selections: backup.RestoreTestingSelection[] = [];

    constructor(name: string, args: AwsRestoreTestingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:AwsRestoreTesting", name, {}, opts);
        const planName = restoreTestingName(name);
        this.plan = new backup.RestoreTestingPlan(`${name}-plan`, {
            name: planName,
            scheduleExpression: args.schedule,
            scheduleExpressionTimezone: "Etc/UTC",
            startWindowHours: 24,
            recoveryPointSelection: {
                algorithm: "LATEST_WITHIN_WINDOW",
                includeVaults: args.vaultArns,
                recoveryPointTypes: ["CONTINUOUS", "SNAPSHOT"],
                selectionWindowDays: args.selectionWindowDays,
            },
            tags: { ...args.tags },
        }, { parent: this });
        if (args.databaseArn !== undefined) {
            const overrides: Record<string, pulumi.Input<string>> = { publiclyAccessible: "false" };
            if (args.databaseSubnetGroupName !== undefined) overrides.dbSubnetGroupName = args.databaseSubnetGroupName;
            this.selections.push(new backup.RestoreTestingSelection(`${name}-database`, {
                name: `${planName.slice(0, 40)}_database`,
                restoreTestingPlanName: this.plan.name,
                protectedResourceType: "RDS",
                protectedResourceArns: [args.databaseArn],
                iamRoleArn: args.roleArn,
                validationWindowHours: args.validationWindowHours,
                restoreMetadataOverrides: overrides,
            }, { parent: this }));
        }
        if (args.bucketArn !== undefined) {
            this.selections.push(new backup.RestoreTestingSelection(`${name}-bucket`, {
                name: `${planName.slice(0, 40)}_bucket`,
                restoreTestingPlanName: this.plan.name,
                protectedResourceType: "S3",
                protectedResourceArns: [args.bucketArn],
                iamRoleArn: args.roleArn,
                validationWindowHours: args.validationWindowHours,
            }, { parent: this }));
        }
        this.registerOutputs({ planName: this.plan.name, planArn: this.plan.arn });
    }
}
