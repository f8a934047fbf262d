import { APP_METRICS, SERIES_LABELS } from "../conventions";
import { deploymentNames, num, str, type AppRuleInput, type PromRuleGroup, type RuleContext } from "./types";

/**
 * Per-app saturation and availability alerts: CPU and memory against limits (cAdvisor + kube-state-metrics),
 * scrape target down, pods not ready, Deployment replicas unavailable, p95 latency above the objective.
 */
export function appRuleGroup(app: AppRuleInput, ctx: RuleContext): PromRuleGroup {
    const ns = str(ctx.namespace);
    const container = `namespace=${ns}, container=${str(app.name)}`;
    const series = `namespace=${ns}, ${SERIES_LABELS.app}=${str(app.name)}`;
    const deployments = deploymentNames(app).join("|");
    const labels = (severity: "critical" | "warning") => ({ severity, namespace: ctx.namespace, app: app.name });
    const byContainer = "sum by (namespace, pod, container)";
    const latencySeconds = (app.latencyMs ?? ctx.thresholds.latencyP95Ms) / 1000;
    return {
        name: `${ctx.namespace}.${app.name}.resources`,
        rules: [
            {
                alert: "AppHighCpu",
                expr: `100 * ${byContainer} (rate(container_cpu_usage_seconds_total{${container}}[5m])) / ${byContainer} (kube_pod_container_resource_limits{${container}, resource="cpu"}) > ${num(ctx.thresholds.cpuPercent)}`,
                for: ctx.for.cpu,
                labels: labels("critical"),
                annotations: {
                    summary: `CPU above ${num(ctx.thresholds.cpuPercent)}% of the limit`,
                    description: `Pod {{ $labels.pod }} of ${app.name} uses more CPU than allowed for its limit.`,
                },
            },
            {
                alert: "AppHighMemory",
                expr: `100 * ${byContainer} (container_memory_working_set_bytes{${container}}) / ${byContainer} (kube_pod_container_resource_limits{${container}, resource="memory"}) > ${num(ctx.thresholds.memoryPercent)}`,
                for: ctx.for.memory,
                labels: labels("critical"),
                annotations: {
                    summary: `Memory above ${num(ctx.thresholds.memoryPercent)}% of the limit`,
                    description: `Pod {{ $labels.pod }} of ${app.name} is close to being OOM-killed.`,
                },
            },
            {
                alert: "AppInstanceDown",
                expr: `up{${series}} == 0`,
                for: ctx.for.instanceDown,
                labels: labels("critical"),
                annotations: {
                    summary: "Metrics target down",
                    description: `Prometheus cannot scrape {{ $labels.pod }} (${app.name}, track {{ $labels.track }}).`,
                },
            },
            {
                alert: "AppPodNotReady",
                expr: `sum by (namespace, pod) (kube_pod_container_status_ready{${container}}) == 0`,
                for: ctx.for.podsNotReady,
                labels: labels("warning"),
                annotations: {
                    summary: "Pod not ready",
                    description: `Pod {{ $labels.pod }} of ${app.name} has not been ready for a while.`,
                },
            },
            {
                alert: "AppReplicasUnavailable",
                expr: `kube_deployment_status_replicas_unavailable{namespace=${ns}, deployment=~${str(deployments)}} > 0`,
                for: ctx.for.replicasUnavailable,
                labels: labels("warning"),
                annotations: {
                    summary: "Deployment replicas unavailable",
                    description: "Deployment {{ $labels.deployment }} has unavailable replicas.",
                },
            },
            {
                alert: "AppHighLatencyP95",
                expr: `histogram_quantile(0.95, sum by (namespace, ${SERIES_LABELS.app}, le) (rate(${APP_METRICS.durationBucket}{${series}}[5m]))) > ${num(latencySeconds)}`,
                for: ctx.for.latency,
                labels: labels("warning"),
                annotations: {
                    summary: `p95 latency above ${num(latencySeconds * 1000)} ms`,
                    description: `${app.name} answers slower than its latency objective.`,
                },
            },
        ],
    };
}
