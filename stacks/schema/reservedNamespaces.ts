// Namespaces a stack must never take as its own: the Environment puts a default-deny NetworkPolicy,
// a ResourceQuota, a LimitRange and RBAC bindings on its namespace, which would cut off (or open up)
// whatever else runs there.

/** Why `name` cannot be the stack's namespace, or undefined when it can. */
export function reservedNamespaceReason(name: string, others: { readonly gateway: string; readonly monitoring: string }): string | undefined {
    if (name.startsWith("kube-")) return "the kube- prefix is reserved for Kubernetes system namespaces (kube-system, kube-public, kube-node-lease)";
    return new Map([
        ["default", "Kubernetes' default namespace, where every object without a namespace lands"],
        ["velero", "Velero's namespace (the backup Schedule and BackupStorageLocation live there)"],
        [others.monitoring, "the monitoring namespace (platform:monitoring.install.namespace), whose Prometheus scrapes every app"],
        [others.gateway, "the shared gateway's namespace (platform:gateway.namespace), which fronts every app"],
    ]).get(name);
}
