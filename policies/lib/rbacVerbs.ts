// What an RBAC rule lets its holder change. Shared by the pack's RBAC rules and the tests of the Roles the
// program writes, so the two never disagree on what "write" means.

/** Verbs that change an object (`escalate`, `bind` and `impersonate` are refused by k8s-rbac-no-escalation-verbs). */
export const WRITE_VERBS: ReadonlySet<string> = new Set(["create", "update", "patch", "delete", "deletecollection", "*"]);

/** The write verbs `rules` grant on `group`/`resource`, wildcards included, sorted. Pure. */
export function writeVerbs(rules: ReadonlyArray<{ readonly apiGroups?: unknown; readonly resources?: unknown; readonly verbs?: unknown }>, group: string, resource: string): string[] {
    const has = (list: unknown, value: string) => Array.isArray(list) && (list.includes(value) || list.includes("*"));
    const verbs = rules.filter((r) => has(r.apiGroups, group) && has(r.resources, resource)).flatMap((r) => (Array.isArray(r.verbs) ? r.verbs.filter((v): v is string => typeof v === "string") : []));
    return [...new Set(verbs.filter((v) => WRITE_VERBS.has(v)))].sort();
}
