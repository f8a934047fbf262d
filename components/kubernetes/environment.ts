import * as pulumi from "@pulumi/pulumi";
import * as core from "@pulumi/kubernetes/core/v1";
import * as networking from "@pulumi/kubernetes/networking/v1";
import * as rbac from "@pulumi/kubernetes/rbac/v1";
import { ownershipLabels, type OwnershipLabels } from "../labels";
import { adminRules, developerRules, execRules, viewerRules } from "./rbacRules";

export type EnvironmentRole = "admin" | "developer" | "viewer";

export interface EnvironmentArgs {
    /** Namespace name. */
    readonly namespace: string;
    /** Organisational labels applied to every object. */
    readonly ownership: OwnershipLabels;
    /** ResourceQuota hard limits. */
    readonly quota: {
        readonly requestsCpu: string;
        readonly requestsMemory: string;
        readonly limitsCpu: string;
        readonly limitsMemory: string;
        readonly pods: number;
        readonly services: number;
        readonly persistentVolumeClaims: number;
    };
    /** LimitRange for containers: default request, default limit and maximum. */
    readonly limitRange: {
        readonly defaultRequest: { readonly cpu: string; readonly memory: string };
        readonly defaultLimit: { readonly cpu: string; readonly memory: string };
        readonly max: { readonly cpu: string; readonly memory: string };
    };
    /** Identity-provider groups per role. A role with no groups gets its Role but no RoleBinding. */
    readonly groups: Readonly<Record<EnvironmentRole, readonly string[]>>;
    /** Pod Security Standard enforced on the namespace. Default "restricted". */
    readonly podSecurity?: "restricted" | "baseline";
    /** Developers may exec and port-forward into the namespace's pods. Default true (the stacks turn it off in production). */
    readonly developerExec?: boolean;
}

/**
 * One environment's namespace: quota, limit range, a default-deny NetworkPolicy (with DNS egress)
 * and the admin / developer / viewer Roles bound to groups.
 */
export class Environment extends pulumi.ComponentResource {
    /** The namespace name (resolves once the Namespace is created). */
    public readonly namespace: pulumi.Output<string>;
    public readonly namespaceResource: core.Namespace;
    public readonly quota: core.ResourceQuota;
    public readonly limitRange: core.LimitRange;
    public readonly defaultDeny: networking.NetworkPolicy;
    public readonly allowDns: networking.NetworkPolicy;
    public readonly roles: Record<EnvironmentRole, rbac.Role>;
    public readonly roleBindings: Partial<Record<EnvironmentRole, rbac.RoleBinding>>;

    constructor(name: string, args: EnvironmentArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:kubernetes:Environment", name, {}, opts);
        const labels = ownershipLabels(args.ownership);
        const podSecurity = args.podSecurity ?? "restricted";
        const child = { parent: this };

        this.namespaceResource = new core.Namespace(name, {
            metadata: {
                name: args.namespace,
                labels: {
                    ...labels,
                    "pod-security.kubernetes.io/enforce": podSecurity,
                    "pod-security.kubernetes.io/warn": "restricted",
                },
            },
        }, child);
        this.namespace = this.namespaceResource.metadata.name;
        const meta = (suffix: string) => ({ name: suffix, namespace: this.namespace, labels });

        this.quota = new core.ResourceQuota(`${name}-quota`, {
            metadata: meta("compute-quota"),
            spec: {
                hard: {
                    "requests.cpu": args.quota.requestsCpu,
                    "requests.memory": args.quota.requestsMemory,
                    "limits.cpu": args.quota.limitsCpu,
                    "limits.memory": args.quota.limitsMemory,
                    pods: String(args.quota.pods),
                    services: String(args.quota.services),
                    persistentvolumeclaims: String(args.quota.persistentVolumeClaims),
                    "services.loadbalancers": "0",
                    "services.nodeports": "0",
                },
            },
        }, child);

        this.limitRange = new core.LimitRange(`${name}-limits`, {
            metadata: meta("container-limits"),
            spec: {
                limits: [{
                    type: "Container",
                    defaultRequest: { ...args.limitRange.defaultRequest },
                    default: { ...args.limitRange.defaultLimit },
                    max: { ...args.limitRange.max },
                }],
            },
        }, child);

        this.defaultDeny = new networking.NetworkPolicy(`${name}-default-deny`, {
            metadata: meta("default-deny"),
            spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
        }, child);

        this.allowDns = new networking.NetworkPolicy(`${name}-allow-dns`, {
            metadata: meta("allow-dns-egress"),
            spec: {
                podSelector: {},
                policyTypes: ["Egress"],
                egress: [{
                    to: [{
                        namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
                        podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
                    }],
                    ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
                }],
            },
        }, child);

        const exec = args.developerExec ?? true;
        const developer = exec ? developerRules : developerRules.filter((r) => !execRules.includes(r));
        const rules: Record<EnvironmentRole, typeof viewerRules> = { admin: adminRules, developer, viewer: viewerRules };
        this.roles = {} as Record<EnvironmentRole, rbac.Role>;
        this.roleBindings = {};
        for (const role of ["admin", "developer", "viewer"] as const) {
            this.roles[role] = new rbac.Role(`${name}-${role}`, { metadata: meta(`platform-${role}`), rules: rules[role] }, child);
            const groups = args.groups[role];
            if (groups.length === 0) continue;
            this.roleBindings[role] = new rbac.RoleBinding(`${name}-${role}`, {
                metadata: meta(`platform-${role}`),
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: `platform-${role}` },
                subjects: groups.map((g) => ({ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: g })),
            }, { parent: this, dependsOn: [this.roles[role]] });
        }

        this.registerOutputs({
            namespace: this.namespace,
            quota: this.quota,
            limitRange: this.limitRange,
            defaultDeny: this.defaultDeny,
            allowDns: this.allowDns,
            roles: this.roles,
            roleBindings: this.roleBindings,
        });
    }
}
