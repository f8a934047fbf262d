import type { ResourceValidationPolicy } from "@pulumi/policy";
import { LONG_RUNNING_TYPES, podSpecOf } from "../lib/kubernetes";
import { arr, obj } from "../lib/values";

export const healthProbes: ResourceValidationPolicy = {
    name: "k8s-health-probes",
    description: "Containers of long-running workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet) must have readiness and liveness probes.",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps: "Add `readinessProbe` and `livenessProbe` (http, tcp, exec or grpc) to every main container.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if (!LONG_RUNNING_TYPES.has(args.type)) {
            return;
        }
        for (const raw of arr(podSpecOf(args.type, args.props)?.containers)) {
            const c = obj(raw);
            const missing = ["readinessProbe", "livenessProbe"].filter(p => c[p] === undefined || c[p] === null);
            if (missing.length > 0) {
                report(`container "${String(c.name)}" has no ${missing.join(" or ")}`);
            }
        }
    },
};
