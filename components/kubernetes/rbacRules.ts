import type * as k8s from "@pulumi/kubernetes";

type Rule = k8s.types.input.rbac.v1.PolicyRule;

const read = ["get", "list", "watch"];
const write = ["create", "update", "patch"];

/** viewer: monitor, view logs and metrics. No Secrets. */
export const viewerRules: Rule[] = [
    { apiGroups: [""], resources: ["pods", "pods/log", "services", "endpoints", "configmaps", "events", "persistentvolumeclaims", "resourcequotas", "limitranges"], verbs: read },
    { apiGroups: ["apps"], resources: ["deployments", "replicasets", "statefulsets"], verbs: read },
    { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: read },
    { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: read },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: read },
    { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: read },
    { apiGroups: ["gateway.networking.k8s.io"], resources: ["httproutes"], verbs: read },
    { apiGroups: ["monitoring.coreos.com"], resources: ["servicemonitors", "prometheusrules", "alertmanagerconfigs"], verbs: read },
    { apiGroups: ["metrics.k8s.io"], resources: ["pods"], verbs: ["get", "list"] },
];

/** Shell and port-forward into the namespace's pods: developers have it where the tier allows (not production). */
export const execRules: Rule[] = [{ apiGroups: [""], resources: ["pods/exec", "pods/portforward"], verbs: ["create"] }];

/**
 * developer: viewer, plus exec and port-forward. Nothing that changes a workload's template or where traffic goes
 * (Deployments, Services, routes, Jobs, ConfigMaps such as a gate's script, monitors and rules): those change only
 * through `pulumi up`, behind the gates. A developer who could patch a route would move traffic past every gate
 * (and could write a release verdict); one who could create a Job could run it as a gate's traffic identity.
 */
export const developerRules: Rule[] = [...viewerRules, ...execRules];

/** What changes workloads and traffic outside `pulumi up`: the admin's break-glass rights, never a developer's. */
const deployRules: Rule[] = [
    { apiGroups: ["apps"], resources: ["deployments"], verbs: write },
    { apiGroups: [""], resources: ["services", "configmaps"], verbs: write },
    { apiGroups: ["batch"], resources: ["jobs"], verbs: [...write, "delete"] },
    { apiGroups: ["gateway.networking.k8s.io"], resources: ["httproutes"], verbs: write },
    { apiGroups: ["monitoring.coreos.com"], resources: ["servicemonitors", "prometheusrules"], verbs: write },
];

/**
 * admin (break glass): developer, plus changing workloads and traffic by hand, rollback (scale, restart, delete
 * pods and replica sets), Secrets and managing roles in the namespace.
 */
export const adminRules: Rule[] = [
    ...developerRules,
    ...deployRules,
    { apiGroups: ["apps"], resources: ["deployments/scale", "deployments/rollback", "replicasets"], verbs: [...write, "delete"] },
    { apiGroups: ["apps"], resources: ["deployments"], verbs: ["delete"] },
    { apiGroups: [""], resources: ["pods"], verbs: ["delete"] },
    { apiGroups: [""], resources: ["secrets"], verbs: [...read, ...write, "delete"] },
    { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: [...write, "delete"] },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: [...write, "delete"] },
    { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: [...read, ...write, "delete"] },
];
