import * as pulumi from "@pulumi/pulumi";
import * as monitoring from "@pulumi/gcp/monitoring";
import { gcpLabels, type DataTags } from "../common";

export interface GcpDataAlertsArgs {
    readonly project: pulumi.Input<string>;
    /** Cloud SQL instance name. Default: no database alerts. */
    readonly instanceName?: pulumi.Input<string>;
    /** Replica instance name, watched for lag. Default: none. */
    readonly replicaName?: pulumi.Input<string>;
    /** Lag threshold = declared RPO. Default: 60. */
    readonly rpoMinutes?: number;
    /** E-mail for the notification channel (secret config). Default: policies without a channel. */
    readonly notificationEmail?: pulumi.Input<string>;
    readonly cpuPercent?: number;
    readonly maxConnections?: number;
    readonly diskUsedPercent?: number;
    readonly tags: DataTags;
}

export interface GcpAlertSpec {
    readonly id: string;
    readonly target: "instance" | "replica";
    readonly metric: string;
    readonly threshold: number;
    readonly description: string;
}

/** The alert table (thresholds from the args). Pure. */
export function gcpAlertSpecs(a: Pick<GcpDataAlertsArgs, "cpuPercent" | "maxConnections" | "diskUsedPercent" | "rpoMinutes">): GcpAlertSpec[] {
    const cpu = a.cpuPercent ?? 80;
    const disk = a.diskUsedPercent ?? 90;
    const conns = a.maxConnections ?? 100;
    const rpo = a.rpoMinutes ?? 60;
    return [
        { id: "cpu", target: "instance", metric: "cloudsql.googleapis.com/database/cpu/utilization", threshold: cpu / 100, description: `Database CPU above ${cpu}% for 5 minutes` },
        { id: "disk", target: "instance", metric: "cloudsql.googleapis.com/database/disk/utilization", threshold: disk / 100, description: `Database disk above ${disk}% used` },
        { id: "connections", target: "instance", metric: "cloudsql.googleapis.com/database/postgresql/num_backends", threshold: conns, description: `More than ${conns} database connections` },
        { id: "replica-lag", target: "replica", metric: "cloudsql.googleapis.com/database/replication/replica_lag", threshold: rpo * 60, description: `Replica lag above the RPO (${rpo} min)` },
    ];
}

/** Cloud Monitoring alert policies for Cloud SQL, with an e-mail notification channel. */
export class GcpDataAlerts extends pulumi.ComponentResource {
    readonly channel?: monitoring.NotificationChannel;
    readonly policies: monitoring.AlertPolicy[] = [];

    constructor(name: string, args: GcpDataAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:GcpDataAlerts", name, {}, opts);
        const labels = gcpLabels(args.tags);
        if (args.notificationEmail !== undefined) {
            this.channel = new monitoring.NotificationChannel(`${name}-email`, {
                type: "email", displayName: `${name} on-call`, labels: { email_address: args.notificationEmail }, userLabels: labels,
            }, { parent: this });
        }
        const targets = { instance: args.instanceName, replica: args.replicaName };
        for (const s of gcpAlertSpecs(args)) {
            const instance = targets[s.target];
            if (instance === undefined) continue;
            this.policies.push(new monitoring.AlertPolicy(`${name}-${s.id}`, {
                displayName: `${name}: ${s.description}`,
                combiner: "OR",
                severity: s.id === "replica-lag" || s.id === "disk" ? "CRITICAL" : "WARNING",
                conditions: [{
                    displayName: s.description,
                    conditionThreshold: {
                        filter: pulumi.interpolate`resource.type = "cloudsql_database" AND resource.labels.database_id = "${args.project}:${instance}" AND metric.type = "${s.metric}"`,
                        comparison: "COMPARISON_GT",
                        thresholdValue: s.threshold,
                        duration: "300s",
                        aggregations: [{ alignmentPeriod: "60s", perSeriesAligner: "ALIGN_MAX" }],
                    },
                }],
                notificationChannels: this.channel !== undefined ? [this.channel.id] : [],
                userLabels: labels,
            }, { parent: this }));
        }
        this.registerOutputs({ channelId: this.channel?.id, policyCount: this.policies.length });
    }
}
