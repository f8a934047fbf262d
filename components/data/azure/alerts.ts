import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";
import type { DataTags } from "../common";

export interface AzureDataAlertsArgs {
    readonly resourceGroupName: pulumi.Input<string>;
    /** Flexible server to watch. Default: no database alerts. */
    readonly serverId?: pulumi.Input<string>;
    /** Replica server, watched for replication lag. Default: none. */
    readonly replicaId?: pulumi.Input<string>;
    /** Lag threshold = the declared RPO. Default: 60. */
    readonly rpoMinutes?: number;
    /** Storage account to watch for availability. Default: none. */
    readonly storageAccountId?: pulumi.Input<string>;
    /** E-mail receiver (secret config). Default: the action group has no receiver. */
    readonly notificationEmail?: pulumi.Input<string>;
    /** Default: 80. */
    readonly cpuPercent?: number;
    /** Default: 100. */
    readonly maxConnections?: number;
    /** Default: 90 (alert when used storage exceeds it). */
    readonly storageUsedPercent?: number;
    readonly tags: DataTags;
}

export interface AzureAlertSpec {
    readonly id: string;
    readonly target: "server" | "replica" | "storage";
    readonly metricName: string;
    readonly operator: "GreaterThan" | "LessThan";
    readonly threshold: number;
    readonly timeAggregation: "Average" | "Maximum" | "Minimum";
    readonly severity: number;
    readonly description: string;
}

/** The alert table (thresholds from the args). Pure. */
export function azureAlertSpecs(a: Pick<AzureDataAlertsArgs, "cpuPercent" | "maxConnections" | "storageUsedPercent" | "rpoMinutes">): AzureAlertSpec[] {
    const cpu = a.cpuPercent ?? 80;
    const conns = a.maxConnections ?? 100;
    const used = a.storageUsedPercent ?? 90;
    const rpo = a.rpoMinutes ?? 60;
    return [
        { id: "cpu", target: "server", metricName: "cpu_percent", operator: "GreaterThan", threshold: cpu, timeAggregation: "Average", severity: 2, description: `Database CPU above ${cpu}% for 5 minutes` },
        { id: "storage", target: "server", metricName: "storage_percent", operator: "GreaterThan", threshold: used, timeAggregation: "Maximum", severity: 1, description: `Database storage above ${used}% used` },
        { id: "connections", target: "server", metricName: "active_connections", operator: "GreaterThan", threshold: conns, timeAggregation: "Maximum", severity: 2, description: `More than ${conns} database connections` },
        { id: "replica-lag", target: "replica", metricName: "physical_replication_delay_in_seconds", operator: "GreaterThan", threshold: rpo * 60, timeAggregation: "Maximum", severity: 1, description: `Replica lag above the RPO (${rpo} min)` },
        { id: "storage-availability", target: "storage", metricName: "Availability", operator: "LessThan", threshold: 99, timeAggregation: "Average", severity: 1, description: "Storage account availability below 99%" },
    ];
}

/** Azure Monitor metric alerts for the server, replica and storage account, routed to one action group. */
export class AzureDataAlerts extends pulumi.ComponentResource {
    readonly actionGroup: monitor.ActionGroup;
    readonly alerts: monitor.MetricAlert[] = [];

    constructor(name: string, args: AzureDataAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:AzureDataAlerts", name, {}, opts);
        const tags = { ...args.tags };
        this.actionGroup = new monitor.ActionGroup(`${name}-action-group`, {
            resourceGroupName: args.resourceGroupName,
            location: "global",
            enabled: true,
            groupShortName: "data",
            emailReceivers: args.notificationEmail !== undefined ? [{ name: "oncall", emailAddress: args.notificationEmail, useCommonAlertSchema: true }] : [],
            tags,
        }, { parent: this });
        const scopes = { server: args.serverId, replica: args.replicaId, storage: args.storageAccountId };
        for (const s of azureAlertSpecs(args)) {
            const scope = scopes[s.target];
            if (scope === undefined) continue;
            this.alerts.push(new monitor.MetricAlert(`${name}-${s.id}`, {
                resourceGroupName: args.resourceGroupName,
                location: "global",
                enabled: true,
                description: s.description,
                severity: s.severity,
                scopes: [scope],
                evaluationFrequency: "PT1M",
                windowSize: "PT5M",
                autoMitigate: true,
                criteria: {
                    odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
                    allOf: [{ criterionType: "StaticThresholdCriterion", name: s.id, metricName: s.metricName, operator: s.operator, threshold: s.threshold, timeAggregation: s.timeAggregation }],
                },
                actions: [{ actionGroupId: this.actionGroup.id }],
                tags,
            }, { parent: this }));
        }
        this.registerOutputs({ actionGroupId: this.actionGroup.id, alertCount: this.alerts.length });
    }
}
