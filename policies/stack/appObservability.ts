import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { dependsOn } from "../lib/graph";
import { APP_WORKLOAD_TYPES, K8S, labelsOf, namespaceOf, podLabelsOf } from "../lib/kubernetes";
import { known } from "../lib/unknown";
import { arr, obj, selectorMatches, strMap } from "../lib/values";

const configSchema = {
    properties: {
        requireAlertRules: { type: "boolean" as const, default: true },
        appLabel: { type: "string" as const, default: "app.kubernetes.io/name", description: "Pod label naming the app; PrometheusRules carry it too." },
    },
};

/** Label that opts a workload out (batch helpers, gates). */
export const OBSERVABILITY_EXEMPT_LABEL = "platform.dev/observability";

interface ServiceInfo {
    readonly resource: PolicyResource;
    readonly namespace: string;
    /** undefined when the selector is unknown during preview (matched by dependency instead). */
    readonly selector: Record<string, string> | undefined;
    readonly labels: Record<string, string>;
}

interface MonitorInfo {
    readonly resource: PolicyResource;
    readonly pod: boolean;
    readonly selector: Record<string, string>;
    readonly namespaces: Set<string> | "any";
}

function monitorInfo(m: PolicyResource): MonitorInfo {
    const spec = obj(m.props.spec);
    const ns = obj(spec.namespaceSelector);
    return {
        resource: m,
        pod: m.type === K8S.podMonitor,
        selector: strMap(obj(spec.selector).matchLabels),
        namespaces: ns.any === true ? "any" : new Set([namespaceOf(m.props), ...arr(ns.matchNames).filter(x => typeof x === "string")]),
    };
}

function watches(m: MonitorInfo, ns: string): boolean {
    return m.namespaces === "any" || m.namespaces.has(ns);
}

function scraped(app: PolicyResource, services: ServiceInfo[], monitors: MonitorInfo[]): boolean {
    const ns = namespaceOf(app.props);
    const pods = podLabelsOf(app.type, app.props);
    const mine = services.filter(s => s.namespace === ns && (s.selector === undefined
        ? dependsOn(s.resource, app)
        : Object.keys(s.selector).length > 0 && selectorMatches(s.selector, pods)));
    return monitors.some(m => m.pod
        ? dependsOn(m.resource, app) || (watches(m, ns) && selectorMatches(m.selector, pods))
        : mine.some(s => dependsOn(m.resource, s.resource) || (watches(m, ns) && selectorMatches(m.selector, s.labels))));
}

function alerted(app: PolicyResource, rules: PolicyResource[], appLabel: string): boolean {
    const name = podLabelsOf(app.type, app.props)[appLabel];
    return rules.some(r => dependsOn(r, app) || (name !== undefined && labelsOf(r.props)[appLabel] === name));
}

export const appObservability: StackValidationPolicy = {
    name: "stack-app-observability",
    description: "Every app (Deployment, StatefulSet, ReplicaSet or ReplicationController, any version) is scraped by a ServiceMonitor/PodMonitor and has PrometheusRule alert rules labelled with its app name.",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps: `Enable the monitoring section for the app (ServiceMonitor on its Service, PrometheusRule labelled with the app name), or label a helper workload ${OBSERVABILITY_EXEMPT_LABEL}: exempt.`,
    configSchema,
    validateStack: (args, report) => {
        const cfg = configWithDefaults<{ requireAlertRules: boolean; appLabel: string }>(configSchema, args.getConfig());
        const services: ServiceInfo[] = args.resources.filter(r => r.type === K8S.service).map(r => ({
            resource: r, namespace: namespaceOf(r.props), labels: labelsOf(r.props),
            selector: known<Record<string, string> | undefined>(() => strMap(obj(r.props.spec).selector), undefined),
        }));
        const monitors = args.resources.filter(r => r.type === K8S.serviceMonitor || r.type === K8S.podMonitor).map(monitorInfo);
        const rules = args.resources.filter(r => r.type === K8S.prometheusRule);
        for (const app of args.resources) {
            if (!APP_WORKLOAD_TYPES.has(app.type) || labelsOf(app.props)[OBSERVABILITY_EXEMPT_LABEL] === "exempt") {
                continue;
            }
            if (!scraped(app, services, monitors)) {
                report("no ServiceMonitor or PodMonitor scrapes this app", app.urn);
            }
            if (cfg.requireAlertRules && !alerted(app, rules, cfg.appLabel)) {
                report(`no PrometheusRule labelled ${cfg.appLabel}=<app> (or depending on the app) defines its alerts`, app.urn);
            }
        }
    },
};
