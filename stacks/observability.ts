import type { Provider } from "@pulumi/kubernetes/provider";
import type * as pulumi from "@pulumi/pulumi";
import { ownershipLabels } from "../components/labels";
import { AlertRouting } from "../components/observability/alertRouting";
import { AlertRules } from "../components/observability/alertRules";
import { KubePrometheusStack } from "../components/observability/kubePrometheusStack";
import { Monitoring } from "../components/observability/monitoring";
import type { DeployedApp } from "./apps";
import { secretValue, type PlatformConfig } from "./config";
import { resolveAlerting } from "./schema/observability";

/**
 * Monitoring for every app (ServiceMonitor + dashboard), the environment's alert rules and alert
 * routing, and optionally kube-prometheus-stack itself.
 */
export function deployObservability(config: PlatformConfig, deployed: readonly DeployedApp[], provider: Provider, dependsOn: pulumi.Resource[]): void {
    const namespace = config.namespace.name;
    const labels = ownershipLabels({ environment: config.environment.name, owner: config.tags.owner, costCenter: config.tags.costCenter });
    const selectorLabels = config.monitoring.selectorLabels;
    const alerting = resolveAlerting(config.alerts, config.environment.tier);
    const crds: pulumi.Resource[] = [...dependsOn];
    const install = config.monitoring.install;
    if (install.enabled) {
        // parsePlatformConfig refuses install.enabled without it (monitoringInstallProblems); this only narrows the type.
        if (install.grafanaAdminPassword === undefined) throw new Error("platform:monitoring.install.grafanaAdminPassword: expected a secretKey, found nothing");
        const kps = new KubePrometheusStack("kube-prometheus-stack", {
            grafanaAdminPassword: secretValue(install.grafanaAdminPassword.secretKey),
            namespace: install.namespace,
            chartVersion: install.chartVersion,
            selectorLabels,
        }, { provider });
        crds.push(kps.release);
    }
    const byName = new Map(config.apps.map((a) => [a.name, a]));
    const tracksOf = (d: DeployedApp) => d.tracks.map((t) => t.track).filter((t) => t !== "main");

    if (config.monitoring.enabled) {
        for (const d of deployed) {
            const m = byName.get(d.name)!.monitoring;
            new Monitoring(`${d.name}-monitoring`, {
                namespace,
                app: d.name,
                tracks: tracksOf(d),
                metricsPortName: m.portName,
                metricsPath: m.path,
                interval: config.monitoring.serviceMonitor.interval,
                scrapeTimeout: config.monitoring.serviceMonitor.scrapeTimeout,
                selectorLabels,
                labels,
                dashboard: config.monitoring.dashboards.enabled,
                dashboardFolder: config.monitoring.dashboards.folder,
                availabilityTarget: m.slo.availabilityTarget,
                latencyMs: m.slo.latencyMs ?? alerting.thresholds.latencyP95Ms,
            }, { provider, dependsOn: [...crds, d.component] });
        }
    }
    if (!alerting.enabled) return;

    const r = config.dataProtection;
    const rpo = r.dr.rpoMinutes;
    new AlertRules(`${config.environment.name}-alerts`, {
        namespace,
        thresholds: { ...alerting.thresholds, ...(rpo !== undefined && r.dr.enabled ? { replicationLagSeconds: rpo * 60 } : {}) },
        for: alerting.for,
        apps: deployed.map((d) => {
            const m = byName.get(d.name)!.monitoring;
            return { name: d.name, tracks: tracksOf(d), availabilityTarget: m.slo.availabilityTarget, ...(m.slo.latencyMs !== undefined ? { latencyMs: m.slo.latencyMs } : {}) };
        }),
        data: {
            database: r.database.enabled,
            backups: r.backups.enabled && (r.database.enabled || r.backups.velero.enabled),
            replication: r.database.enabled && r.dr.enabled && r.dr.replica,
        },
        selectorLabels,
        labels,
    }, { provider, dependsOn: [...crds, ...deployed.map((d) => d.component)] });

    const { paging, chat } = alerting.receivers;
    if (paging === undefined && chat === undefined) return;
    new AlertRouting(`${config.environment.name}-alert-routing`, {
        namespace,
        ...(paging ? { paging: { type: paging.type, secret: secretValue(paging.secretKey) } } : {}),
        ...(chat ? { chat: { type: chat.type, secret: secretValue(chat.secretKey), ...(chat.channel ? { channel: chat.channel } : {}) } } : {}),
        pageOnCritical: alerting.pageOnCritical,
        selectorLabels,
        labels,
    }, { provider, dependsOn: crds });
}
