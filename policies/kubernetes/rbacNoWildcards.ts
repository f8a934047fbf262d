import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isRoleType } from "../lib/kinds";
import { arr, obj } from "../lib/values";

export const rbacNoWildcards: ResourceValidationPolicy = {
    name: "k8s-rbac-no-wildcards",
    description: "Roles and ClusterRoles must list verbs, resources and API groups explicitly, never `*`.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Replace `*` with the explicit verbs (get, list, watch, ...), resources and apiGroups the role needs.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if (!isRoleType(args.type)) {
            return;
        }
        arr(args.props.rules).forEach((raw, i) => {
            const rule = obj(raw);
            for (const field of ["verbs", "resources", "apiGroups"]) {
                if (arr(rule[field]).includes("*")) {
                    report(`rules[${i}].${field} contains "*"`);
                }
            }
        });
    },
};
