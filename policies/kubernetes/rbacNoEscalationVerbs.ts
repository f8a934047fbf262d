import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { isRoleType } from "../lib/kinds";
import { arr, obj } from "../lib/values";

const configSchema = {
    properties: {
        forbiddenVerbs: { type: "array" as const, items: { type: "string" as const }, default: ["escalate", "bind", "impersonate"] },
    },
};

/** What each verb lets its holder do, for messages. */
const EFFECT: Readonly<Record<string, string>> = {
    escalate: "write roles with permissions its holder does not have",
    bind: "bind any role, whatever its holder may do",
    impersonate: "act as any user, group or service account",
};

export const rbacNoEscalationVerbs: ResourceValidationPolicy = {
    name: "k8s-rbac-no-escalation-verbs",
    description: "Roles and ClusterRoles must not grant the verbs that bypass RBAC's escalation checks: escalate, bind, impersonate. Config: forbiddenVerbs=[\"escalate\",\"bind\",\"impersonate\"].",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Remove escalate, bind and impersonate; grant `create`/`update` on roles and rolebindings instead (RBAC then only lets a holder grant what it already has).",
    configSchema,
    validateResource: (args, report) => {
        if (!isRoleType(args.type)) {
            return;
        }
        const { forbiddenVerbs } = configWithDefaults<{ forbiddenVerbs: string[] }>(configSchema, args.getConfig());
        arr(args.props.rules).forEach((raw, i) => {
            const rule = obj(raw);
            for (const verb of arr(rule.verbs)) {
                if (typeof verb === "string" && forbiddenVerbs.includes(verb)) {
                    const on = arr(rule.resources).filter((r): r is string => typeof r === "string");
                    report(`rules[${i}] grants "${verb}"${on.length > 0 ? ` on ${on.join(", ")}` : ""}: its holder can ${EFFECT[verb] ?? "escalate its privileges"}`);
                }
            }
        });
    },
};
