/**
 * The namespaces the platform itself owns. They are fixed here, in reviewed code shared by the stack
 * schema and the pack, never by a stack file: a stack that could move "the gateway namespace" elsewhere
 * could then name its own namespace `gateway` and write its default-deny policy, quota and RoleBindings
 * into the real one (#23 class 1), and a gateway namespace of `default` or `kube-system` would let every
 * pod there reach every app's ports. A platform that runs its gateway elsewhere changes this file.
 */

/** Namespaces of the shared Gateways: pods there reach every app's ports; LoadBalancers live only there. */
export const GATEWAY_NAMESPACES: readonly string[] = ["gateway"];

/** Namespaces kube-prometheus-stack may be installed into: its Prometheus scrapes every app. */
export const MONITORING_NAMESPACES: readonly string[] = ["monitoring"];

/** Namespaces no stack may take as its own, with who owns them (for messages). */
const OWNERS: ReadonlyMap<string, string> = new Map([
    ["default", "Kubernetes' default namespace, where every object without a namespace lands"],
    ["velero", "Velero's namespace (the backup Schedule and BackupStorageLocation live there)"],
    ...MONITORING_NAMESPACES.map((ns): [string, string] => [ns, "the platform's monitoring namespace, whose Prometheus scrapes every app"]),
    ...GATEWAY_NAMESPACES.map((ns): [string, string] => [ns, "the platform's shared gateway namespace, which fronts every app"]),
]);

/**
 * Why `name` cannot be a stack's own namespace (the Environment puts a default-deny NetworkPolicy, a
 * ResourceQuota, a LimitRange and RBAC bindings on it), or undefined when it can.
 */
export function reservedNamespaceReason(name: string): string | undefined {
    if (name.startsWith("kube-")) return "the kube- prefix is reserved for Kubernetes system namespaces (kube-system, kube-public, kube-node-lease)";
    return OWNERS.get(name);
}
