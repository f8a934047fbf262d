import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { workloadContainers } from "../lib/kubernetes";
import { arr, obj } from "../lib/values";

const configSchema = {
    properties: {
        allowedHostPorts: {
            type: "array" as const, items: { type: "integer" as const }, default: [] as number[],
            description: "Host ports a container may bind (none by default).",
        },
    },
};

export const noHostPorts: ResourceValidationPolicy = {
    name: "k8s-no-host-ports",
    description: "Containers must not bind ports on the node (ports[].hostPort): a host port bypasses the Service, the gateway and every NetworkPolicy.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Remove `hostPort` from the container ports; expose the port through a ClusterIP Service and the gateway.",
    configSchema,
    validateResource: (args, report) => {
        const { allowedHostPorts } = configWithDefaults<{ allowedHostPorts: number[] }>(configSchema, args.getConfig());
        for (const c of workloadContainers(args.type, args.props)) {
            arr(c.container.ports).forEach((raw, i) => {
                const hostPort = obj(raw).hostPort;
                if (hostPort !== undefined && hostPort !== null && hostPort !== 0 && !allowedHostPorts.includes(hostPort as number)) {
                    report(`${c.kind} "${c.name}" ports[${i}] binds hostPort ${JSON.stringify(hostPort)} on the node`);
                }
            });
        }
    },
};
