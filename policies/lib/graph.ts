import type { PolicyResource } from "@pulumi/policy";

/** Children of every resource, by parent URN. */
export function childrenIndex(resources: PolicyResource[]): Map<string, PolicyResource[]> {
    const index = new Map<string, PolicyResource[]>();
    for (const r of resources) {
        if (r.parent) {
            const list = index.get(r.parent.urn) ?? [];
            list.push(r);
            index.set(r.parent.urn, list);
        }
    }
    return index;
}

/**
 * Every resource `start` transitively depends on. Depending on a component means waiting for all
 * of its children (Pulumi expands component dependencies), so children of a dependency count.
 */
export function transitiveDependencies(start: PolicyResource, children: Map<string, PolicyResource[]>): PolicyResource[] {
    const seen = new Set<string>([start.urn]);
    const out: PolicyResource[] = [];
    const queue: PolicyResource[] = [...start.dependencies];
    while (queue.length > 0) {
        const r = queue.shift()!;
        if (seen.has(r.urn)) {
            continue;
        }
        seen.add(r.urn);
        out.push(r);
        queue.push(...r.dependencies, ...(children.get(r.urn) ?? []));
    }
    return out;
}

/** True when `a` depends directly on `b` (or on a component that is `b`'s ancestor). */
export function dependsOn(a: PolicyResource, b: PolicyResource): boolean {
    return a.dependencies.some(d => d.urn === b.urn);
}

/** Resources that depend directly on each resource, by URN. */
export function dependentsIndex(resources: PolicyResource[]): Map<string, PolicyResource[]> {
    const index = new Map<string, PolicyResource[]>();
    for (const r of resources) {
        for (const d of r.dependencies) {
            const list = index.get(d.urn) ?? [];
            list.push(r);
            index.set(d.urn, list);
        }
    }
    return index;
}
