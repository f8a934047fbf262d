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

/** developer: viewer, plus deploy (workloads, config, routes, monitors). */
export const developerRules: Rule[] = [
    ...viewerRules,
    { apiGroups: ["apps"], resources: ["deployments"], verbs: write },
    { apiGroups: [""], resources: ["services", "configmaps"], verbs: write },
    { apiGroups: ["batch"], resources: ["jobs"], verbs: [...write, "delete"] },
    { apiGroups: ["gateway.networking.k8s.io"], resources: ["httproutes"], verbs: write },
    { apiGroups: ["monitoring.coreos.com"], resources: ["servicemonitors", "prometheusrules"], verbs: write },
];

/** admin: developer, plus rollback (scale, restart, delete pods and replica sets), Secrets and managing roles in the namespace. */
export const adminRules: Rule[] = [
    ...developerRules,
    { apiGroups: ["apps"], resources: ["deployments/scale", "deployments/rollback", "replicasets"], verbs: [...write, "delete"] },
    { apiGroups: ["apps"], resources: ["deployments"], verbs: ["delete"] },
    { apiGroups: [""], resources: ["pods"], verbs: ["delete"] },
    { apiGroups: [""], resources: ["secrets"], verbs: [...read, ...write, "delete"] },
    { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: [...write, "delete"] },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: [...write, "delete"] },
    { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: [...read, ...write, "delete"] },
];
