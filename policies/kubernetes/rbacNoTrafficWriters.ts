import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { isListType, isRoleType } from "../lib/kinds";
import { WRITE_VERBS } from "../lib/rbacVerbs";
import { arr, obj } from "../lib/values";

/** True for the Role kinds this rule reads: every RBAC version (policies/lib/kinds.ts), with their Patch and List forms. */
export function readsRoleType(type: string): boolean {
    return isRoleType(isListType(type) ? type.replace(/List$/, "") : type);
}

/**
 * What changes a workload's template or where traffic goes, by API group: written by hand, it bypasses the gates
 * (`pulumi up` is the only way past them). A subresource that writes (exec into a pod is not one) is listed too.
 */
export const GUARDED: Readonly<Record<string, readonly string[]>> = {
    "": ["pods", "services", "endpoints", "configmaps", "serviceaccounts/token", "replicationcontrollers"],
    apps: ["deployments", "deployments/scale", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale", "daemonsets"],
    batch: ["jobs", "cronjobs"],
    "discovery.k8s.io": ["endpointslices"],
    "networking.k8s.io": ["networkpolicies", "ingresses"],
    "gateway.networking.k8s.io": ["httproutes", "grpcroutes", "tcproutes", "tlsroutes", "udproutes", "gateways"],
    "monitoring.coreos.com": ["servicemonitors", "podmonitors", "prometheusrules", "alertmanagerconfigs"],
};


const configSchema = {
    properties: {
        allowedRoles: { type: "array" as const, items: { type: "string" as const }, default: ["platform-admin"] },
    },
};

/**
 * The guarded writes one PolicyRule of Role `role` grants, as `verb group/resource` (wildcards matched). A traffic
 * identity's rule (Role `<app>-traffic`: patch of HTTPRoutes by name) is not one. Pure.
 */
export function guardedWrites(rule: Record<string, unknown>, role?: string): string[] {
    const verbs = arr(rule.verbs).filter((v): v is string => typeof v === "string" && WRITE_VERBS.has(v));
    if (verbs.length === 0) return [];
    const groups = arr(rule.apiGroups).filter((g): g is string => typeof g === "string");
    const resources = arr(rule.resources).filter((r): r is string => typeof r === "string");
    // A traffic gate's identity: get/patch of routes by name only (k8s-gate-identity-scoped checks who holds it).
    const named = typeof role === "string" && role.endsWith("-traffic") && arr(rule.resourceNames).length > 0 && resources.every((r) => r === "httproutes") && groups.every((g) => g === "gateway.networking.k8s.io") && verbs.every((v) => v === "patch");
    if (named) return [];
    const out: string[] = [];
    for (const [group, guarded] of Object.entries(GUARDED)) {
        if (!groups.includes(group) && !groups.includes("*")) continue;
        for (const r of guarded) if (resources.includes(r) || resources.includes("*")) out.push(...verbs.map((v) => `${v} ${group === "" ? "core" : group}/${r}`));
    }
    return out;
}

/**
 * Traffic objects and workload templates change only through `pulumi up`, behind the gates: a Role that lets its
 * holders patch a route, a Service, a Deployment or create a Job (which could run as a gate's traffic identity)
 * would move traffic past every gate. Only the platform's break-glass admin Role (config: allowedRoles) may.
 */
export const rbacNoTrafficWriters: ResourceValidationPolicy = {
    name: "k8s-rbac-no-traffic-writers",
    description: "Roles and ClusterRoles (every version, Patch and List) must not let their holders change workloads or traffic objects by hand (pods, Deployments, Services, ConfigMaps, Jobs, routes, NetworkPolicies, monitors), except the break-glass admin Role. Config: allowedRoles=[\"platform-admin\"].",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Give developers read, logs and exec only; change workloads and traffic through `pulumi up` (behind the gates); keep hand changes to the platform-admin Role.",
    configSchema,
    validateResource: (args, report) => {
        if (!readsRoleType(args.type)) return;
        const { allowedRoles } = configWithDefaults<{ allowedRoles: string[] }>(configSchema, args.getConfig());
        const roles = args.type.endsWith("List") ? arr(args.props.items).map(obj) : [args.props as Record<string, unknown>];
        roles.forEach((role, k) => {
            const name = obj(role.metadata).name;
            if (typeof name === "string" && allowedRoles.includes(name)) return;
            const where = args.type.endsWith("List") ? `items[${k}].` : "";
            arr(role.rules).forEach((raw, i) => {
                const writes = guardedWrites(obj(raw), typeof name === "string" ? name : undefined);
                if (writes.length > 0) report(`${where}rules[${i}] grants ${writes.slice(0, 6).join(", ")}${writes.length > 6 ? ` (and ${writes.length - 6} more)` : ""}: its holders could change traffic or a workload past the gates`);
            });
        });
    },
};
