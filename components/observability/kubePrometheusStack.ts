import * as pulumi from "@pulumi/pulumi";
import { Release } from "@pulumi/kubernetes/helm/v3";
import { K8S_LABELS } from "./conventions";

/** Chart version installed when none is given (prometheus-community/kube-prometheus-stack). */
export const KUBE_PROMETHEUS_STACK_VERSION = "79.5.0";
export const KUBE_PROMETHEUS_STACK_REPO = "https://prometheus-community.github.io/helm-charts";

export interface KubePrometheusStackArgs {
    /**
     * Grafana's admin password, put in the release values as a secret. Required: the chart's own
     * default (`prom-operator`) is public.
     */
    readonly grafanaAdminPassword: pulumi.Input<string>;
    /** Namespace of the release, created if missing. Default `monitoring`. */
    readonly namespace?: string;
    /** Exact chart version. Default `KUBE_PROMETHEUS_STACK_VERSION`. */
    readonly chartVersion?: string;
    /** Helm release name. Default `kube-prometheus-stack`. */
    readonly releaseName?: string;
    /**
     * Labels Prometheus and Alertmanager select ServiceMonitors, PrometheusRules and AlertmanagerConfigs by,
     * in every namespace. Default `{ release: "kube-prometheus-stack" }`.
     */
    readonly selectorLabels?: Readonly<Record<string, string>>;
}

/** Chart values (pure): selection by `selectorLabels` across namespaces, Grafana sidecar, kube-state-metrics labels. */
export function kubePrometheusStackValues(selectorLabels: Readonly<Record<string, string>>): Record<string, unknown> {
    const matchLabels = { ...selectorLabels };
    return {
        prometheus: {
            prometheusSpec: {
                serviceMonitorSelectorNilUsesHelmValues: false,
                ruleSelectorNilUsesHelmValues: false,
                serviceMonitorSelector: { matchLabels },
                serviceMonitorNamespaceSelector: {},
                ruleSelector: { matchLabels },
                ruleNamespaceSelector: {},
            },
        },
        alertmanager: {
            alertmanagerSpec: {
                alertmanagerConfigSelector: { matchLabels },
                alertmanagerConfigNamespaceSelector: {},
            },
        },
        grafana: {
            sidecar: {
                dashboards: {
                    enabled: true,
                    label: "grafana_dashboard",
                    labelValue: "1",
                    searchNamespace: "ALL",
                    folderAnnotation: "grafana_folder",
                    provider: { foldersFromFilesStructure: true },
                },
            },
        },
        "kube-state-metrics": {
            // Gate and app labels on Jobs, read by the RolloutGateFailed alert (kube_job_labels).
            metricLabelsAllowlist: [`jobs=[${K8S_LABELS.gate},${K8S_LABELS.gateApp}]`],
        },
    };
}

/** The values with `grafana.adminPassword` set to the password as a secret Output (never a plain input). */
export function withGrafanaAdminPassword(values: Record<string, unknown>, password: pulumi.Input<string>): Record<string, unknown> {
    const grafana = (values.grafana ?? {}) as Record<string, unknown>;
    return { ...values, grafana: { ...grafana, adminPassword: pulumi.secret(password) } };
}

/** Installs kube-prometheus-stack (Prometheus operator, Prometheus, Alertmanager, Grafana, exporters) at a pinned version. */
export class KubePrometheusStack extends pulumi.ComponentResource {
    public readonly release: Release;
    public readonly namespace: string;
    public readonly chartVersion: string;

    constructor(name: string, args: KubePrometheusStackArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:KubePrometheusStack", name, {}, opts);
        this.namespace = args.namespace ?? "monitoring";
        this.chartVersion = args.chartVersion ?? KUBE_PROMETHEUS_STACK_VERSION;
        this.release = new Release(`${name}-release`, {
            name: args.releaseName ?? "kube-prometheus-stack",
            chart: "kube-prometheus-stack",
            version: this.chartVersion,
            repositoryOpts: { repo: KUBE_PROMETHEUS_STACK_REPO },
            namespace: this.namespace,
            createNamespace: true,
            atomic: true,
            timeout: 900,
            values: withGrafanaAdminPassword(kubePrometheusStackValues(args.selectorLabels ?? { release: "kube-prometheus-stack" }), args.grafanaAdminPassword),
        }, { parent: this });
        this.registerOutputs({ release: this.release, namespace: this.namespace, chartVersion: this.chartVersion });
    }
}
