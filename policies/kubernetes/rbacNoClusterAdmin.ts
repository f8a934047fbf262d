import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { isBindingType, kindOf } from "../lib/kinds";
import { isPatchType } from "../lib/workloadTypes";
import { arr, obj } from "../lib/values";

const configSchema = {
    properties: {
        forbiddenRoles: { type: "array" as const, items: { type: "string" as const }, default: ["cluster-admin"] },
        forbiddenSubjects: { type: "array" as const, items: { type: "string" as const }, default: ["system:anonymous", "system:unauthenticated"] },
    },
};

export const rbacNoClusterAdmin: ResourceValidationPolicy = {
    name: "k8s-rbac-no-cluster-admin-binding",
    description: "RoleBindings and ClusterRoleBindings must not grant cluster-admin, nor bind anonymous/unauthenticated subjects.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Bind a namespaced Role with the needed verbs (the platform admin/developer/viewer roles) instead of cluster-admin.",
    configSchema,
    validateResource: (args, report) => {
        if (!isBindingType(args.type)) {
            return;
        }
        const cfg = configWithDefaults<{ forbiddenRoles: string[]; forbiddenSubjects: string[] }>(configSchema, args.getConfig());
        const roleName = obj(args.props.roleRef).name;
        if (isPatchType(args.type) && typeof roleName !== "string") {
            report(`${kindOf(args.type)} patch states no roleRef.name: the rules cannot tell which role its subjects would get (state the roleRef the live binding has)`);
        }
        if (typeof roleName === "string" && cfg.forbiddenRoles.includes(roleName)) {
            report(`binding grants "${roleName}"`);
        }
        for (const s of arr(args.props.subjects)) {
            const name = obj(s).name;
            if (typeof name === "string" && cfg.forbiddenSubjects.includes(name)) {
                report(`binding grants a role to "${name}"`);
            }
        }
    },
};
