import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { podTemplateOf, workloadContainers } from "../lib/kubernetes";
import { obj } from "../lib/values";

const configSchema = {
    properties: {
        allowedTypes: {
            type: "array" as const, items: { type: "string" as const },
            default: ["container_t", "container_init_t", "container_kvm_t", "container_engine_t"],
            description: "SELinux types a pod or container may request (the Pod Security Standards baseline list).",
        },
    },
};

/** Problems of one seLinuxOptions object (empty when it confines the container). */
export function seLinuxProblems(options: Record<string, any>, allowedTypes: readonly string[]): string[] {
    const problems: string[] = [];
    if (options.type !== undefined && options.type !== "" && !allowedTypes.includes(options.type)) {
        problems.push(`type ${JSON.stringify(options.type)} (allowed: ${allowedTypes.join(", ")})`);
    }
    for (const field of ["user", "role"]) {
        if (options[field] !== undefined && options[field] !== "") {
            problems.push(`${field} ${JSON.stringify(options[field])} (must not be set)`);
        }
    }
    return problems;
}

export const seLinuxOptions: ResourceValidationPolicy = {
    name: "k8s-selinux-options",
    description: "SELinux options never unconfine a pod: seLinuxOptions.type (pod or container) is one of the container types, and user and role are never set.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Remove `seLinuxOptions` (the runtime assigns container_t) or set only `type` to an allowed container type and `level`.",
    configSchema,
    validateResource: (args, report) => {
        const template = podTemplateOf(args.type, args.props);
        if (!template) {
            return;
        }
        const { allowedTypes } = configWithDefaults<{ allowedTypes: string[] }>(configSchema, args.getConfig());
        for (const p of seLinuxProblems(obj(obj(template.spec.securityContext).seLinuxOptions), allowedTypes)) {
            report(`pod seLinuxOptions ${p}`);
        }
        for (const c of workloadContainers(args.type, args.props)) {
            for (const p of seLinuxProblems(obj(obj(c.container.securityContext).seLinuxOptions), allowedTypes)) {
                report(`${c.kind} "${c.name}" seLinuxOptions ${p}`);
            }
        }
    },
};
