import type { ResourceValidationPolicy } from "@pulumi/policy";
import { podSpecOf } from "../lib/kubernetes";

export const noHostNamespaces: ResourceValidationPolicy = {
    name: "k8s-no-host-namespaces",
    description: "Pods must not share the node's network, PID or IPC namespace.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Remove `hostNetwork`, `hostPID` and `hostIPC` from the pod spec; expose the workload through a Service instead.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        const spec = podSpecOf(args.type, args.props);
        for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
            if (spec?.[field] === true) {
                report(`pod spec sets ${field}: true`);
            }
        }
    },
};
