import * as pulumi from "@pulumi/pulumi";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import * as aws from "@pulumi/aws/provider";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as kms from "@pulumi/aws/kms";
import * as sns from "@pulumi/aws/sns";
import type { DataTags } from "../common";

export interface AwsDataAlarmsArgs {
    /** RDS instance identifier to watch. Default: no database alarms. */
    readonly databaseIdentifier?: pulumi.Input<string>;
    /** Allocated storage, to turn the free-storage percentage into bytes. */
    readonly storageGb: number;
    /** Replica in the DR region: its lag alarm (and a topic for it) live there, as CloudWatch needs a same-region topic. */
    readonly replica?: { readonly identifier: pulumi.Input<string>; readonly provider: aws.Provider };
    /** Replica lag threshold = the declared RPO. Default: 60. */
    readonly rpoMinutes?: number;
    /** Backup vault whose failed jobs alarm. Default: none. */
    readonly backupVaultName?: pulumi.Input<string>;
    /** S3 replication to watch (source, destination, rule id). Default: none. */
    readonly bucketReplication?: { readonly source: pulumi.Input<string>; readonly destination: pulumi.Input<string>; readonly ruleId: string };
    /** E-mail subscribed to the alarm topics (a secret config value). Default: no subscription. */
    readonly notificationEmail?: pulumi.Input<string>;
    /** Default: 80. */
    readonly cpuPercent?: number;
    /** Default: 100. */
    readonly maxConnections?: number;
    /** Alarm when free storage drops under this share of allocated storage. Default: 10. */
    readonly freeStoragePercent?: number;
    readonly tags: DataTags;
}

export interface AlarmSpec {
    readonly id: string;
    readonly namespace: string;
    readonly metricName: string;
    readonly dimensionKey: "DBInstanceIdentifier" | "BackupVaultName" | "Bucket";
    readonly statistic: "Average" | "Minimum" | "Maximum" | "Sum";
    readonly comparisonOperator: "GreaterThanThreshold" | "LessThanThreshold";
    readonly threshold: number;
    readonly evaluationPeriods: number;
    readonly description: string;
}

/** The database alarms as data (thresholds worked out from the args). Pure. */
export function awsDatabaseAlarmSpecs(a: Pick<AwsDataAlarmsArgs, "storageGb" | "cpuPercent" | "maxConnections" | "freeStoragePercent">): AlarmSpec[] {
    const cpu = a.cpuPercent ?? 80;
    const conns = a.maxConnections ?? 100;
    const freePct = a.freeStoragePercent ?? 10;
    const db = { namespace: "AWS/RDS", dimensionKey: "DBInstanceIdentifier" as const };
    return [
        { ...db, id: "cpu", metricName: "CPUUtilization", statistic: "Average", comparisonOperator: "GreaterThanThreshold", threshold: cpu, evaluationPeriods: 5, description: `Database CPU above ${cpu}% for 5 minutes` },
        { ...db, id: "free-storage", metricName: "FreeStorageSpace", statistic: "Minimum", comparisonOperator: "LessThanThreshold", threshold: Math.round(a.storageGb * 1024 ** 3 * (freePct / 100)), evaluationPeriods: 5, description: `Database free storage below ${freePct}% of ${a.storageGb} GB` },
        { ...db, id: "connections", metricName: "DatabaseConnections", statistic: "Maximum", comparisonOperator: "GreaterThanThreshold", threshold: conns, evaluationPeriods: 5, description: `More than ${conns} database connections for 5 minutes` },
    ];
}

/** CloudWatch alarms for the database, backups and replication, publishing to KMS-encrypted SNS topics. */
export class AwsDataAlarms extends pulumi.ComponentResource {
    readonly topic: sns.Topic;
    readonly drTopic?: sns.Topic;
    readonly alarms: cloudwatch.MetricAlarm[] = [];

    constructor(name: string, args: AwsDataAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:AwsDataAlarms", name, {}, opts);
        const tags = { ...args.tags };
        const account = getCallerIdentityOutput({}, { parent: this });

        const topicIn = (suffix: string, o: pulumi.CustomResourceOptions): sns.Topic => {
            const key = new kms.Key(`${name}${suffix}-key`, {
                description: `${name}${suffix} alarm topic`,
                enableKeyRotation: true,
                rotationPeriodInDays: 365,
                deletionWindowInDays: 30,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        { Sid: "Account", Effect: "Allow", Principal: { AWS: pulumi.interpolate`arn:aws:iam::${account.accountId}:root` }, Action: "kms:*", Resource: "*" },
                        { Sid: "CloudWatchAlarms", Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "*" },
                    ],
                }),
                tags,
            }, o);
            const topic = new sns.Topic(`${name}${suffix}-topic`, { kmsMasterKeyId: key.arn, tags }, o);
            if (args.notificationEmail !== undefined) {
                new sns.TopicSubscription(`${name}${suffix}-email`, { topic: topic.arn, protocol: "email", endpoint: args.notificationEmail }, o);
            }
            return topic;
        };
        this.topic = topicIn("", { parent: this });

        const alarm = (id: string, spec: Omit<cloudwatch.MetricAlarmArgs, "alarmActions" | "okActions" | "tags">, topic: sns.Topic, o: pulumi.CustomResourceOptions): void => {
            this.alarms.push(new cloudwatch.MetricAlarm(`${name}-${id}`, { period: 60, treatMissingData: "notBreaching", ...spec, alarmActions: [topic.arn], okActions: [topic.arn], tags }, o));
        };
        if (args.databaseIdentifier !== undefined) {
            for (const s of awsDatabaseAlarmSpecs(args)) {
                alarm(s.id, {
                    namespace: s.namespace, metricName: s.metricName, dimensions: { [s.dimensionKey]: args.databaseIdentifier },
                    statistic: s.statistic, comparisonOperator: s.comparisonOperator, threshold: s.threshold, evaluationPeriods: s.evaluationPeriods, alarmDescription: s.description,
                }, this.topic, { parent: this });
            }
        }
        if (args.backupVaultName !== undefined) {
            for (const [id, metricName] of [["backup-failed", "NumberOfBackupJobsFailed"], ["copy-failed", "NumberOfCopyJobsFailed"]] as const) {
                alarm(id, {
                    namespace: "AWS/Backup", metricName, dimensions: { BackupVaultName: args.backupVaultName }, statistic: "Sum",
                    comparisonOperator: "GreaterThanThreshold", threshold: 0, period: 3600, evaluationPeriods: 1, alarmDescription: `AWS Backup: ${metricName} > 0 in the last hour`,
                }, this.topic, { parent: this });
            }
        }
        if (args.bucketReplication !== undefined) {
            const r = args.bucketReplication;
            alarm("replication-failed", {
                namespace: "AWS/S3", metricName: "OperationsFailedReplication", dimensions: { SourceBucket: r.source, DestinationBucket: r.destination, RuleId: r.ruleId },
                statistic: "Sum", comparisonOperator: "GreaterThanThreshold", threshold: 0, period: 300, evaluationPeriods: 1, alarmDescription: "S3 replication operations failed",
            }, this.topic, { parent: this });
        }
        if (args.replica !== undefined) {
            const dr = { parent: this, provider: args.replica.provider };
            this.drTopic = topicIn("-dr", dr);
            const rpo = args.rpoMinutes ?? 60;
            alarm("replica-lag", {
                namespace: "AWS/RDS", metricName: "ReplicaLag", dimensions: { DBInstanceIdentifier: args.replica.identifier }, statistic: "Maximum",
                comparisonOperator: "GreaterThanThreshold", threshold: rpo * 60, evaluationPeriods: 5, alarmDescription: `Replica lag above the RPO (${rpo} min)`,
            }, this.drTopic, dr);
        }
        this.registerOutputs({ topicArn: this.topic.arn, drTopicArn: this.drTopic?.arn, alarmNames: this.alarms.map((a) => a.name) });
    }
}
