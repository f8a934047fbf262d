import type { ResourceValidationPolicy } from "@pulumi/policy";
import { podSpecOf, workloadContainers } from "../lib/kubernetes";
import { obj } from "../lib/values";

export const noPrivilegedContainers: ResourceValidationPolicy = {
    name: "k8s-no-privileged-containers",
    description: "Workload containers must not run privileged, nor as Windows HostProcess containers (both own the node).",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Remove `securityContext.privileged: true` and `windowsOptions.hostProcess: true`; grant the single capability the container needs instead.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if (obj(obj(podSpecOf(args.type, args.props)?.securityContext).windowsOptions).hostProcess === true) {
            report("pod securityContext sets windowsOptions.hostProcess: true");
        }
        for (const c of workloadContainers(args.type, args.props)) {
            const sc = obj(c.container.securityContext);
            if (sc.privileged === true) {
                report(`${c.kind} "${c.name}" sets securityContext.privileged: true`);
            }
            if (obj(sc.windowsOptions).hostProcess === true) {
                report(`${c.kind} "${c.name}" sets securityContext.windowsOptions.hostProcess: true`);
            }
        }
    },
};
