import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { isBindingType } from "../lib/kinds";
import { arr, obj } from "../lib/values";

const configSchema = {
    properties: {
        allowedGroups: { type: "array" as const, items: { type: "string" as const }, default: [], description: "system: groups a binding may name anyway (cluster bootstrap stacks)." },
    },
};

/** Who a built-in group is, for messages; other `system:` groups are described by their prefix. */
const WHO: Readonly<Record<string, string>> = {
    "system:authenticated": "every authenticated user",
    "system:unauthenticated": "every anonymous request",
    "system:serviceaccounts": "every service account in the cluster",
    "system:masters": "the groups that bypass RBAC",
    "system:nodes": "every node's kubelet",
    "system:bootstrappers": "node bootstrap tokens",
};

/** Who the `system:` group `name` stands for. */
export function systemGroupMembers(name: string): string {
    const namespace = /^system:serviceaccounts:(.+)$/.exec(name)?.[1];
    return WHO[name] ?? (namespace !== undefined ? `every service account in namespace "${namespace}"` : "a group Kubernetes itself manages");
}

export const rbacNoSystemGroups: ResourceValidationPolicy = {
    name: "k8s-rbac-no-system-group-subjects",
    description: "RoleBindings and ClusterRoleBindings must not bind Kubernetes' own `system:` groups (system:authenticated, system:serviceaccounts[:<ns>], system:masters, ...): each stands for far more identities than one team. Config: allowedGroups=[].",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Bind the identity-provider groups of the people who need the role (platform:rbac), or a single ServiceAccount subject, never a `system:` group.",
    configSchema,
    validateResource: (args, report) => {
        if (!isBindingType(args.type)) {
            return;
        }
        const { allowedGroups } = configWithDefaults<{ allowedGroups: string[] }>(configSchema, args.getConfig());
        const role = obj(args.props.roleRef).name;
        arr(args.props.subjects).forEach((raw, i) => {
            const subject = obj(raw);
            const name = subject.name;
            if (subject.kind === "Group" && typeof name === "string" && name.startsWith("system:") && !allowedGroups.includes(name)) {
                report(`subjects[${i}] binds ${typeof role === "string" ? `"${role}"` : "the role"} to the group "${name}" (${systemGroupMembers(name)})`);
            }
        });
    },
};
