import type { ResourceValidationPolicy } from "@pulumi/policy";
import { podTemplateOf, workloadContainers } from "../lib/kubernetes";
import { obj, strMap } from "../lib/values";

/** Profile types of `securityContext.appArmorProfile` that confine the container. */
const CONFINED_TYPES = new Set(["RuntimeDefault", "Localhost"]);
/** The pre-1.30 annotation, one per container; still honoured by the kubelet. */
export const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

/** True for an annotation value that confines the container: `runtime/default` or `localhost/<profile>`. */
function confinedAnnotation(value: string): boolean {
    return value === "runtime/default" || /^localhost\/.+/.test(value);
}

export const appArmorProfile: ResourceValidationPolicy = {
    name: "k8s-apparmor-profile",
    description: "No container runs AppArmor-unconfined: appArmorProfile.type (pod or container) is RuntimeDefault or Localhost when set, and the per-container AppArmor annotation is runtime/default or localhost/<profile>.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Remove `appArmorProfile.type: Unconfined` and `container.apparmor.security.beta.kubernetes.io/<name>: unconfined`; leave it unset (the runtime default) or name a Localhost profile.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        const template = podTemplateOf(args.type, args.props);
        if (!template) {
            return;
        }
        const podType = obj(obj(template.spec.securityContext).appArmorProfile).type;
        if (podType !== undefined && !CONFINED_TYPES.has(podType)) {
            report(`pod securityContext.appArmorProfile.type is ${JSON.stringify(podType)}`);
        }
        for (const c of workloadContainers(args.type, args.props)) {
            const own = obj(obj(c.container.securityContext).appArmorProfile).type;
            if (own !== undefined && !CONFINED_TYPES.has(own)) {
                report(`${c.kind} "${c.name}" sets appArmorProfile.type ${JSON.stringify(own)}`);
            }
        }
        for (const [key, value] of Object.entries(strMap(template.metadata.annotations))) {
            if (key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !confinedAnnotation(value)) {
                report(`pod annotation ${key} is ${JSON.stringify(value)}`);
            }
        }
    },
};
