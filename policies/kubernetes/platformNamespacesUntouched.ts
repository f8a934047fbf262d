import type { ResourceValidationPolicy } from "@pulumi/policy";
import { kindMatcher, kindOf } from "../lib/kinds";
import { obj } from "../lib/values";
import { GATEWAY_NAMESPACES, MONITORING_NAMESPACES, reservedNamespaceReason } from "../lib/platformNamespaces";

/**
 * What takes a namespace over: its network policies, quota and limits, and who may do what in it. A stack that
 * writes these into the gateway's, monitoring's, Velero's or Kubernetes' own namespace cuts off or opens up
 * whatever runs there, and grants its groups a Role next to the platform's own pods. The schema refuses such a
 * stack file (#23 class 1); this rule stops a program that bypasses it.
 */
const TAKEOVER = kindMatcher({
    NetworkPolicy: ["networking.k8s.io", "extensions"],
    ResourceQuota: ["core"],
    LimitRange: ["core"],
    Role: ["rbac.authorization.k8s.io"],
    RoleBinding: ["rbac.authorization.k8s.io"],
    Namespace: ["core"],
});

export const platformNamespacesUntouched: ResourceValidationPolicy = {
    name: "k8s-platform-namespaces-untouched",
    description: `No NetworkPolicy, ResourceQuota, LimitRange, Role, RoleBinding (any version, Patch) nor Namespace object in a namespace the platform or Kubernetes owns (${[...GATEWAY_NAMESPACES, ...MONITORING_NAMESPACES].join(", ")}, velero, default, kube-*): a stack that writes them there takes that namespace over.`,
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Give the stack a namespace of its own (platform:namespace.name); the platform's namespaces are managed by the platform's own stacks.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if (!TAKEOVER(args.type)) return;
        const metadata = obj(args.props.metadata);
        const kind = kindOf(args.type);
        const namespace = kind === "Namespace" ? metadata.name : metadata.namespace;
        if (typeof namespace !== "string") return;
        const reason = reservedNamespaceReason(namespace);
        if (reason !== undefined) report(`${kind} in namespace "${namespace}": ${reason}, not a stack's to manage`);
    },
};
