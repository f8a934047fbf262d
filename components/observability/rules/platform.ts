import { K8S_LABELS, ksmLabel } from "../conventions";
import { num, str, type PromRuleGroup, type RuleContext } from "./types";

/**
 * Namespace-wide alerts: persistent volumes filling up (kubelet volume stats) and failed rollout gates
 * (gate Jobs carry the `platform.dev/gate` label; kube-state-metrics must export it, see docs/observability.md).
 */
export function platformRuleGroup(ctx: RuleContext): PromRuleGroup {
    const ns = `namespace=${str(ctx.namespace)}`;
    const usage = `100 * max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_used_bytes{${ns}}) / max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_capacity_bytes{${ns}})`;
    const disk = (severity: "critical" | "warning", percent: number) => ({
        alert: "PersistentVolumeUsageHigh",
        expr: `${usage} > ${num(percent)}`,
        for: ctx.for.disk,
        labels: { severity, namespace: ctx.namespace, app: "storage" },
        annotations: {
            summary: `Volume more than ${num(percent)}% full`,
            description: "PersistentVolumeClaim {{ $labels.persistentvolumeclaim }} is filling up.",
        },
    });
    const appLabel = ksmLabel(K8S_LABELS.gateApp);
    const gateLabel = ksmLabel(K8S_LABELS.gate);
    const failedGates = `sum by (namespace, job_name) (kube_job_status_failed{${ns}}) > 0`;
    const withLabels = `(${failedGates}) * on (namespace, job_name) group_left (${appLabel}, ${gateLabel}) max by (namespace, job_name, ${appLabel}, ${gateLabel}) (kube_job_labels{${ns}, ${gateLabel}!=""})`;
    return {
        name: `${ctx.namespace}.platform`,
        rules: [
            disk("warning", ctx.thresholds.diskWarnPercent),
            disk("critical", ctx.thresholds.diskCriticalPercent),
            {
                alert: "RolloutGateFailed",
                expr: `max by (namespace, job_name, app, gate) (label_replace(label_replace(${withLabels}, "app", "$1", "${appLabel}", "(.+)"), "gate", "$1", "${gateLabel}", "(.+)"))`,
                labels: { severity: "critical", namespace: ctx.namespace },
                annotations: {
                    summary: "Rollout gate failed",
                    description: "Gate {{ $labels.gate }} (Job {{ $labels.job_name }}) of {{ $labels.app }} failed; the rollout stopped.",
                },
            },
        ],
    };
}
