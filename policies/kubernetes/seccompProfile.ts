import type { ResourceValidationPolicy } from "@pulumi/policy";
import { podSpecOf, workloadContainers } from "../lib/kubernetes";
import { obj } from "../lib/values";

const ACCEPTED = new Set(["RuntimeDefault", "Localhost"]);

export const seccompProfile: ResourceValidationPolicy = {
    name: "k8s-seccomp-profile",
    description: "Every container must run with a seccomp profile (RuntimeDefault or Localhost), never Unconfined.",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps: "Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod spec.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        const spec = podSpecOf(args.type, args.props);
        if (!spec) {
            return;
        }
        const podType = obj(obj(spec.securityContext).seccompProfile).type;
        for (const c of workloadContainers(args.type, args.props)) {
            const own = obj(obj(c.container.securityContext).seccompProfile).type;
            const type = own ?? podType;
            if (!ACCEPTED.has(type)) {
                report(`${c.kind} "${c.name}" has seccomp profile ${type === undefined ? "unset" : `"${String(type)}"`}`);
            }
        }
    },
};
