import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { ConfigMap } from "@pulumi/kubernetes/core/v1";
import type { IServiceMonitorSpec } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitorSpec" with { "resolution-mode": "import" };
import { K8S_LABELS, SERIES_LABELS, serviceMetaLabel } from "./conventions";
import { appDashboard } from "./dashboard";

/** Label that marks Services fronting another track's pods (blue-green live/preview); they are not scraped twice. */
export const SERVICE_ALIAS_LABEL = "platform.dev/service-alias";

export interface MonitoringArgs {
    /** Namespace of the app; the ServiceMonitor and the dashboard ConfigMap live there too. */
    readonly namespace: string;
    /** App name: Services are selected by `app.kubernetes.io/name: <app>`. */
    readonly app: string;
    /** Tracks the app runs (stable/canary, blue/green). Default none: one Deployment named after the app. */
    readonly tracks?: readonly string[];
    /** Name of the Service port serving metrics. Default `metrics`. */
    readonly metricsPortName?: string;
    /** HTTP path of the metrics endpoint. Default `/metrics`. */
    readonly metricsPath?: string;
    /** Scrape interval. Default `30s`. */
    readonly interval?: string;
    /** Scrape timeout. Default `10s`. */
    readonly scrapeTimeout?: string;
    /** Labels the Prometheus operator selects ServiceMonitors by. Default `{ release: "kube-prometheus-stack" }`. */
    readonly selectorLabels?: Readonly<Record<string, string>>;
    /** Extra labels on every object (ownership). Default none. */
    readonly labels?: Readonly<Record<string, string>>;
    /** Create the Grafana dashboard ConfigMap. Default true. */
    readonly dashboard?: boolean;
    /** Grafana folder (annotation `grafana_folder`). Default `Platform`. */
    readonly dashboardFolder?: string;
    /** Availability objective in percent, drawn on the dashboard. Default 99.9. */
    readonly availabilityTarget?: number;
    /** p95 latency objective in ms, drawn on the dashboard. Default 500. */
    readonly latencyMs?: number;
}

/** The ServiceMonitor spec for one app across all its tracks (pure, for tests and the plan). */
export function serviceMonitorSpec(args: MonitoringArgs): IServiceMonitorSpec {
    return {
        selector: {
            matchLabels: { [K8S_LABELS.app]: args.app },
            matchExpressions: [{ key: SERVICE_ALIAS_LABEL, operator: "DoesNotExist" }],
        },
        namespaceSelector: { matchNames: [args.namespace] },
        endpoints: [
            {
                port: args.metricsPortName ?? "metrics",
                path: args.metricsPath ?? "/metrics",
                interval: args.interval ?? "30s",
                scrapeTimeout: args.scrapeTimeout ?? "10s",
                relabelings: [
                    { action: "replace", sourceLabels: [serviceMetaLabel(K8S_LABELS.app)], targetLabel: SERIES_LABELS.app },
                    { action: "replace", sourceLabels: [serviceMetaLabel(K8S_LABELS.track)], targetLabel: SERIES_LABELS.track },
                ],
            },
        ],
    };
}

/** Scraping and a Grafana dashboard for one app. */
export class Monitoring extends pulumi.ComponentResource {
    public readonly serviceMonitor: CustomResource;
    /** The dashboard ConfigMap, or undefined when `dashboard` is false. */
    public readonly dashboardConfigMap?: ConfigMap;
    public readonly dashboardUid?: string;

    constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:Monitoring", name, {}, opts);
        const labels = { ...(args.labels ?? {}), [K8S_LABELS.app]: args.app };
        this.serviceMonitor = new CustomResource(`${name}-servicemonitor`, {
            apiVersion: "monitoring.coreos.com/v1",
            kind: "ServiceMonitor",
            metadata: { name: args.app, namespace: args.namespace, labels: { ...labels, ...(args.selectorLabels ?? { release: "kube-prometheus-stack" }) } },
            spec: serviceMonitorSpec(args),
        }, { parent: this });

        if (args.dashboard ?? true) {
            const dashboard = appDashboard({
                namespace: args.namespace,
                app: args.app,
                tracks: args.tracks ?? [],
                availabilityTarget: args.availabilityTarget ?? 99.9,
                latencyMs: args.latencyMs ?? 500,
            });
            this.dashboardUid = dashboard.uid;
            this.dashboardConfigMap = new ConfigMap(`${name}-dashboard`, {
                metadata: {
                    name: `${args.app}-dashboard`,
                    namespace: args.namespace,
                    labels: { ...labels, grafana_dashboard: "1" },
                    annotations: { grafana_folder: args.dashboardFolder ?? "Platform" },
                },
                data: { [`${args.namespace}-${args.app}.json`]: JSON.stringify(dashboard, null, 2) },
            }, { parent: this });
        }

        this.registerOutputs({
            serviceMonitor: this.serviceMonitor,
            dashboardConfigMap: this.dashboardConfigMap,
            dashboardUid: this.dashboardUid,
        });
    }
}
