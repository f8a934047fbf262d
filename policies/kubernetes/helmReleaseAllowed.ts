import type { ResourceValidationPolicy } from "@pulumi/policy";
import { MONITORING_NAMESPACES } from "../lib/platformNamespaces";
import { compareExactVersions, EXACT_VERSION, KUBE_PROMETHEUS_STACK_MINIMUM } from "../lib/chartVersion";
import { configWithDefaults } from "../lib/config";
import { known } from "../lib/unknown";
import { arr, obj } from "../lib/values";

export const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";

const configSchema = {
    properties: {
        allowedCharts: {
            type: "object" as const, additionalProperties: { type: "string" as const },
            default: { "kube-prometheus-stack": "https://prometheus-community.github.io/helm-charts" } as Record<string, string>,
            description: "Reviewed charts: chart name → the only repository it may come from.",
        },
        minimumVersions: {
            type: "object" as const, additionalProperties: { type: "string" as const },
            default: { "kube-prometheus-stack": KUBE_PROMETHEUS_STACK_MINIMUM } as Record<string, string>,
            description: "Chart name → the oldest version the platform reviewed: a downgrade brings back what later versions fixed.",
        },
        allowedNamespaces: {
            type: "array" as const, items: { type: "string" as const }, default: [...MONITORING_NAMESPACES],
            description: "Namespaces a Helm release may install into (kube-system, kube-public and kube-node-lease never).",
        },
    },
};

/** Never a release namespace, whatever the configuration says. */
const SYSTEM_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease"];
/** Grafana admin passwords that are public: the kube-prometheus-stack chart's default and Grafana's own. */
const PUBLIC_GRAFANA_PASSWORDS = ["prom-operator", "admin"];
/** The subchart whose host access (host network and PID namespace, read-only host filesystem) is accepted; see the README. */
const HOST_ACCESS_ACCEPTED = "prometheus-node-exporter";
const HOST_ACCESS_KEYS = ["hostNetwork", "hostPID", "hostIPC", "privileged", "allowPrivilegeEscalation"];
/** Values that add containers to what the chart renders, out of the workload rules' sight. */
const ADDED_CONTAINER_KEYS = ["containers", "initContainers", "extraContainers", "extraInitContainers", "extraInitContainer", "sidecars", "sidecarContainers"];

/** What is wrong with one key of the values (at the dotted path `here`), or undefined. */
function valueProblem(key: string, value: unknown, here: string): string | undefined {
    if (HOST_ACCESS_KEYS.includes(key) && value === true && !here.startsWith(`values.${HOST_ACCESS_ACCEPTED}.`)) {
        return `${here} is true: only ${HOST_ACCESS_ACCEPTED} runs with host access`;
    }
    if (key === "hostPath" || key === "extraHostVolumeMounts" || key === "sidecarHostVolumeMounts") {
        return `${here} mounts the node's filesystem`;
    }
    if (key === "permissionInitContainer" && Object.values(obj(obj(value).fixes)).some(v => v === true)) {
        return `${here}.fixes runs a root init container with write access to the node's /proc or /sys`;
    }
    if (ADDED_CONTAINER_KEYS.includes(key) && arr(value).length > 0) {
        return `${here} adds containers the workload rules cannot inspect`;
    }
    if (key === "service" && ["LoadBalancer", "NodePort"].includes(obj(value).type)) {
        return `${here}.type is ${String(obj(value).type)}: the chart's services stay inside the cluster (ClusterIP)`;
    }
    if (key === "ingress" && obj(value).enabled === true) {
        return `${here}.enabled is true: the chart's UIs are not exposed by an Ingress`;
    }
    return undefined;
}

/** Problems with chart values (paths dotted from `values`), never echoing a value that could be a secret. */
export function helmValuesProblems(values: unknown, path = "values"): string[] {
    const node = obj(values);
    const problems: string[] = [];
    for (const key of Object.keys(node)) {
        const value = known<unknown>(() => node[key], undefined);
        const here = `${path}.${key}`;
        const problem = valueProblem(key, value, here);
        if (problem) {
            problems.push(problem); // the subtree is refused as a whole
        } else if (Array.isArray(value)) {
            for (let i = 0; i < value.length; i++) {
                problems.push(...helmValuesProblems(known<unknown>(() => value[i], undefined), `${here}[${i}]`));
            }
        } else {
            problems.push(...helmValuesProblems(value, here));
        }
    }
    return problems;
}

/** Why kube-prometheus-stack's Grafana would keep a public admin password, or undefined. */
export function grafanaAdminProblem(values: Record<string, any>): string | undefined {
    const grafana = obj(values.grafana);
    if (grafana.enabled === false || (typeof obj(grafana.admin).existingSecret === "string" && obj(grafana.admin).existingSecret !== "")) {
        return undefined;
    }
    const password = grafana.adminPassword;
    if (typeof password !== "string" || password === "") {
        return "values.grafana.adminPassword is not set: Grafana would start with the chart's public default password";
    }
    return PUBLIC_GRAFANA_PASSWORDS.includes(password) ? "values.grafana.adminPassword is a publicly known default password" : undefined;
}

export const helmReleaseAllowed: ResourceValidationPolicy = {
    name: "k8s-helm-release-allowed",
    description: "A Helm release is not opaque: it installs a reviewed chart from its own repository at an exact version no older than the reviewed minimum, into an allowed namespace (never kube-system), with values the pack can read (no valueYamlFiles, no postrender), no host access beyond node-exporter's, no added containers, no LoadBalancer/NodePort services or Ingresses, and, for kube-prometheus-stack, a Grafana admin password that is not the chart's public default.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Install kube-prometheus-stack with the platform's KubePrometheusStack component (monitoring.install in the stack config, Grafana's password from platform:secrets); review any other chart and add it to allowedCharts.",
    configSchema,
    validateResource: (args, report) => {
        if (args.type !== HELM_RELEASE) {
            return;
        }
        const cfg = configWithDefaults<{ allowedCharts: Record<string, string>; minimumVersions: Record<string, string>; allowedNamespaces: string[] }>(configSchema, args.getConfig());
        const props = args.props;
        const namespace = typeof props.namespace === "string" && props.namespace !== "" ? props.namespace : "default";
        if (SYSTEM_NAMESPACES.includes(namespace)) {
            report(`release installs into "${namespace}": never a system namespace`);
        } else if (!cfg.allowedNamespaces.includes(namespace)) {
            report(`release installs into "${namespace}" (allowed: ${cfg.allowedNamespaces.join(", ")})`);
        }
        const chart = String(props.chart ?? "");
        const repo = obj(props.repositoryOpts).repo;
        if (cfg.allowedCharts[chart] === undefined) {
            report(`chart "${chart}" is not a reviewed chart (allowed: ${Object.keys(cfg.allowedCharts).join(", ")})`);
        } else if (repo !== cfg.allowedCharts[chart]) {
            report(`chart "${chart}" comes from ${repo === undefined ? "no repositoryOpts.repo" : `"${String(repo)}"`}, not ${cfg.allowedCharts[chart]}`);
        }
        const minimum = cfg.minimumVersions[chart];
        if (typeof props.version !== "string" || !EXACT_VERSION.test(props.version)) {
            report(`chart version ${JSON.stringify(props.version ?? null)} is not an exact version (x.y.z)`);
        } else if (minimum !== undefined && (compareExactVersions(props.version, minimum) ?? -1) < 0) {
            report(`chart "${chart}" version ${props.version} is older than the reviewed minimum ${minimum}: a downgrade brings back what later versions fixed`);
        }
        if (arr(props.valueYamlFiles).length > 0) {
            report("valueYamlFiles hold values the pack cannot read: put them in `values`");
        }
        if (props.postrender !== undefined && props.postrender !== "") {
            report("postrender rewrites the rendered manifests after every check: remove it");
        }
        for (const problem of helmValuesProblems(props.values)) {
            report(problem);
        }
        if (chart === "kube-prometheus-stack") {
            const admin = grafanaAdminProblem(obj(props.values));
            if (admin) {
                report(admin);
            }
        }
    },
};
