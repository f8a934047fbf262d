/**
 * Matching a Kubernetes kind in every form the provider registers it. A rule that guards a kind must
 * see every version of it (a cluster still serving `rbac.authorization.k8s.io/v1beta1` or
 * `extensions/v1beta1` applies those objects just the same) and its server-side-apply `*Patch`, which
 * changes a live object as surely as the object itself. `*List` forms are not matched here: they hide
 * their items from every rule, so k8s-no-list-objects refuses them whole.
 * test/policies/kinds.test.ts runs each guarding rule over every such token the provider ships.
 */

/** API groups of a kind: `core` is the core group (`v1`), as in the provider's type tokens. */
export type KindGroups = Readonly<Record<string, readonly string[]>>;

const VERSION = "v[0-9]+(?:(?:alpha|beta)[0-9]+)?";

function escape(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A matcher for the type tokens of `kinds` (kind → the API groups that serve it): every version, with
 * or without the `Patch` suffix. `kinds({ NetworkPolicy: ["networking.k8s.io", "extensions"] })`.
 */
export function kindMatcher(kinds: KindGroups): (type: string) => boolean {
    const alternatives = Object.entries(kinds).map(([kind, groups]) =>
        `(?:${groups.map(escape).join("|")})/${VERSION}:${escape(kind)}`);
    const pattern = new RegExp(`^kubernetes:(?:${alternatives.join("|")})(?:Patch)?$`);
    return (type: string) => pattern.test(type);
}

/** True for the provider's `*List` types of any kind and version (`kubernetes:core/v1:ServiceList`). */
export function isListType(type: string): boolean {
    return /^kubernetes:[a-z0-9.-]+\/[a-z0-9]+:[A-Z][A-Za-z0-9]*List$/.test(type);
}

/** Roles and ClusterRoles, every RBAC version, and their patches. */
export const isRoleType = kindMatcher({ Role: ["rbac.authorization.k8s.io"], ClusterRole: ["rbac.authorization.k8s.io"] });

/** RoleBindings and ClusterRoleBindings, every RBAC version, and their patches. */
export const isBindingType = kindMatcher({ RoleBinding: ["rbac.authorization.k8s.io"], ClusterRoleBinding: ["rbac.authorization.k8s.io"] });

/** ClusterRoleBindings alone, every RBAC version, and their patches. */
export const isClusterBindingType = kindMatcher({ ClusterRoleBinding: ["rbac.authorization.k8s.io"] });

/** NetworkPolicies of both groups that served them, and their patches. */
export const isNetworkPolicyType = kindMatcher({ NetworkPolicy: ["networking.k8s.io", "extensions"] });

/** ConfigMaps and their patches. */
export const isConfigMapType = kindMatcher({ ConfigMap: ["core"] });

/** The kind of a type token: `kubernetes:rbac.authorization.k8s.io/v1beta1:ClusterRoleBindingPatch` → `ClusterRoleBinding`. */
export function kindOf(type: string): string {
    return (type.split(":")[2] ?? "").replace(/(Patch|List)$/, "");
}
