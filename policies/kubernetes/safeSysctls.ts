import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { podSpecOf } from "../lib/kubernetes";
import { arr, obj } from "../lib/values";

const configSchema = {
    properties: {
        allowedSysctls: {
            type: "array" as const, items: { type: "string" as const },
            default: [
                "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies",
                "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
                "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
            ],
            description: "Namespaced sysctls a pod may set (the Pod Security Standards baseline safe set).",
        },
    },
};

export const safeSysctls: ResourceValidationPolicy = {
    name: "k8s-safe-sysctls",
    description: "Pods set only safe, namespaced sysctls (securityContext.sysctls); any other sysctl can change the node's kernel for every pod on it.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Remove the sysctl from `securityContext.sysctls`, or tune it on the node pool instead.",
    configSchema,
    validateResource: (args, report) => {
        const spec = podSpecOf(args.type, args.props);
        if (!spec) {
            return;
        }
        const { allowedSysctls } = configWithDefaults<{ allowedSysctls: string[] }>(configSchema, args.getConfig());
        for (const raw of arr(obj(spec.securityContext).sysctls)) {
            const name = obj(raw).name;
            if (!allowedSysctls.includes(name)) {
                report(`pod securityContext sets sysctl ${JSON.stringify(name)}, which is not in the safe set`);
            }
        }
    },
};
