import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { dependsOn } from "../lib/graph";
import { K8S, labelsOf, namespaceOf, podLabelsOf } from "../lib/kubernetes";
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

/** True when the monitor's namespaceSelector admits `ns` (default: its own namespace). */
function monitorWatches(monitor: PolicyResource, ns: string): boolean {
    const sel = obj(obj(monitor.props.spec).namespaceSelector);
    return sel.any === true || arr(sel.matchNames).includes(ns) || namespaceOf(monitor.props) === ns;
}

function scraped(app: PolicyResource, resources: PolicyResource[]): boolean {
    const ns = namespaceOf(app.props);
    const pods = podLabelsOf(app.type, app.props);
    const services = resources.filter(s => s.type === K8S.service && namespaceOf(s.props) === ns
        && known(() => {
            const sel = strMap(obj(s.props.spec).selector);
            return Object.keys(sel).length > 0 && selectorMatches(sel, pods);
        }, dependsOn(s, app)));
    return resources.some(m => {
        if (m.type === K8S.serviceMonitor) {
            const sel = strMap(obj(obj(m.props.spec).selector).matchLabels);
            return services.some(s => dependsOn(m, s) || (monitorWatches(m, ns) && selectorMatches(sel, labelsOf(s.props))));
        }
        if (m.type === K8S.podMonitor) {
            const sel = strMap(obj(obj(m.props.spec).selector).matchLabels);
            return dependsOn(m, app) || (monitorWatches(m, ns) && selectorMatches(sel, pods));
        }
        return false;
    });
}

function alerted(app: PolicyResource, resources: PolicyResource[], appLabel: string): boolean {
    const name = podLabelsOf(app.type, app.props)[appLabel];
    return resources.some(r => r.type === K8S.prometheusRule && (dependsOn(r, app)
        || (name !== undefined && labelsOf(r.props)[appLabel] === name)));
}

export const appObservability: StackValidationPolicy = {
    name: "stack-app-observability",
    description: "Every app (Deployment or StatefulSet) is scraped by a ServiceMonitor/PodMonitor and has PrometheusRule alert rules labelled with its app name.",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps: `Enable the monitoring section for the app (ServiceMonitor on its Service, PrometheusRule labelled with the app name), or label a helper workload ${OBSERVABILITY_EXEMPT_LABEL}: exempt.`,
    configSchema,
    validateStack: (args, report) => {
        const cfg = configWithDefaults<{ requireAlertRules: boolean; appLabel: string }>(configSchema, args.getConfig());
        for (const app of args.resources) {
            if ((app.type !== K8S.deployment && app.type !== K8S.statefulSet) || labelsOf(app.props)[OBSERVABILITY_EXEMPT_LABEL] === "exempt") {
                continue;
            }
            if (!scraped(app, args.resources)) {
                report("no ServiceMonitor or PodMonitor scrapes this app", app.urn);
            }
            if (cfg.requireAlertRules && !alerted(app, args.resources, cfg.appLabel)) {
                report(`no PrometheusRule labelled ${cfg.appLabel}=<app> (or depending on the app) defines its alerts`, app.urn);
            }
        }
    },
};
