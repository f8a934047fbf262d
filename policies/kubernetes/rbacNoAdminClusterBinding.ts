import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { isClusterBindingType } from "../lib/kinds";
import { obj } from "../lib/values";

const configSchema = {
    properties: {
        adminRoles: { type: "array" as const, items: { type: "string" as const }, default: ["cluster-admin", "admin", "edit"], description: "Built-in ClusterRoles that must never be bound cluster-wide." },
    },
};

export const rbacNoAdminClusterBinding: ResourceValidationPolicy = {
    name: "k8s-rbac-no-admin-cluster-binding",
    description: "ClusterRoleBindings must not bind the built-in admin ClusterRoles (cluster-admin, admin, edit): bound cluster-wide they reach every namespace, kube-system and every Secret included. Config: adminRoles=[\"cluster-admin\",\"admin\",\"edit\"].",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Bind the role with a RoleBinding in the one namespace that needs it, or use the platform's namespaced admin/developer/viewer Roles.",
    configSchema,
    validateResource: (args, report) => {
        if (!isClusterBindingType(args.type)) {
            return;
        }
        const { adminRoles } = configWithDefaults<{ adminRoles: string[] }>(configSchema, args.getConfig());
        // A ClusterRoleBinding can only refer to a ClusterRole, so the name alone decides.
        const role = obj(args.props.roleRef).name;
        if (typeof role === "string" && adminRoles.includes(role)) {
            report(`ClusterRoleBinding grants the built-in "${role}" ClusterRole in every namespace`);
        }
    },
};
