import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import type { IPrometheusRuleSpec } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRuleSpec" with { "resolution-mode": "import" };
import type { ForDurations, Thresholds } from "../../stacks/schema/observability";
import { environmentRuleGroups, type AppRuleInput, type DataRuleOptions, type PromRuleGroup } from "./rules";

export interface AlertRulesArgs {
    /** Namespace of the environment: rules are scoped to it and the PrometheusRule lives there. */
    readonly namespace: string;
    /** Resolved thresholds (see `resolveAlerting`). */
    readonly thresholds: Thresholds;
    /** Resolved `for` durations (see `resolveAlerting`). */
    readonly for: ForDurations;
    /** Apps of the environment with their tracks and SLO. Default none (platform and data rules only). */
    readonly apps?: readonly AppRuleInput[];
    /** Which data alerts to include and how backups are named. Default: all, CronJobs matching `.*backup.*`. */
    readonly data?: DataRuleOptions;
    /** Labels the Prometheus operator selects PrometheusRules by. Default `{ release: "kube-prometheus-stack" }`. */
    readonly selectorLabels?: Readonly<Record<string, string>>;
    /** Extra labels on the PrometheusRule (ownership). Default none. */
    readonly labels?: Readonly<Record<string, string>>;
}

/** The PrometheusRule spec of an environment (pure, for tests and promtool). */
export function prometheusRuleSpec(args: AlertRulesArgs): { groups: PromRuleGroup[] } {
    const ctx = { namespace: args.namespace, thresholds: args.thresholds, for: args.for };
    // The operator's own type is the oracle for the shape.
    return { groups: environmentRuleGroups(ctx, args.apps ?? [], args.data ?? {}) } satisfies IPrometheusRuleSpec;
}

/** One PrometheusRule per environment with every alert and recording rule. */
export class AlertRules extends pulumi.ComponentResource {
    public readonly prometheusRule: CustomResource;
    /** The rendered groups, exactly as sent to the cluster. */
    public readonly groups: PromRuleGroup[];

    constructor(name: string, args: AlertRulesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:AlertRules", name, {}, opts);
        const spec = prometheusRuleSpec(args);
        this.groups = spec.groups;
        this.prometheusRule = new CustomResource(`${name}-rules`, {
            apiVersion: "monitoring.coreos.com/v1",
            kind: "PrometheusRule",
            metadata: {
                name: "platform-alerts",
                namespace: args.namespace,
                labels: { ...(args.labels ?? {}), ...(args.selectorLabels ?? { release: "kube-prometheus-stack" }) },
            },
            spec,
        }, {
            parent: this,
            // Children do not inherit the component's dependsOn: forward it, so the rules are applied after the
            // apps (and CRDs) they watch, and the graph shows which apps they cover.
            ...(opts?.dependsOn !== undefined ? { dependsOn: opts.dependsOn } : {}),
        });
        this.registerOutputs({ prometheusRule: this.prometheusRule, groups: this.groups });
    }
}
