import type { ResourceValidationPolicy } from "@pulumi/policy";
import { podSpecOf } from "../lib/kubernetes";
import { arr, obj } from "../lib/values";

export const noHostPathVolumes: ResourceValidationPolicy = {
    name: "k8s-no-host-path-volumes",
    description: "Pods must not mount hostPath volumes.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Replace the hostPath volume with an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        for (const v of arr(podSpecOf(args.type, args.props)?.volumes)) {
            const volume = obj(v);
            if (volume.hostPath !== undefined && volume.hostPath !== null) {
                report(`volume "${String(volume.name)}" mounts hostPath ${String(obj(volume.hostPath).path)}`);
            }
        }
    },
};
