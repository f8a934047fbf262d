import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { childrenIndex, transitiveDependencies } from "../lib/graph";
import { HTTP_ROUTE_TYPES, K8S, annotationsOf, labelsOf } from "../lib/kubernetes";
import { arr, obj } from "../lib/values";

/** Annotation on a Service whose selector is switched to shift live traffic (blue/green). */
export const TRAFFIC_SHIFT_ANNOTATION = "platform.dev/traffic-shift";
/** Label on the Job that gates a shift (smoke test, analysis). */
export const GATE_LABEL = "platform.dev/gate";

/** True when the resource shifts live traffic: an annotated Service or a weighted HTTPRoute split. */
export function isTrafficShift(r: PolicyResource): boolean {
    if (r.type === K8S.service) {
        return annotationsOf(r.props)[TRAFFIC_SHIFT_ANNOTATION] === "true";
    }
    if (HTTP_ROUTE_TYPES.has(r.type)) {
        return arr(obj(r.props.spec).rules).some(rule => {
            const refs = arr(obj(rule).backendRefs).map(obj);
            return refs.length > 1 && refs.some(ref => ref.weight !== undefined);
        });
    }
    return false;
}

export const trafficShiftGated: StackValidationPolicy = {
    name: "k8s-traffic-shift-gated",
    description: `Every traffic shift (Service annotated ${TRAFFIC_SHIFT_ANNOTATION}: "true", or HTTPRoute with a weighted split) depends, transitively, on a Job labelled ${GATE_LABEL}.`,
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: `Make the Service/HTTPRoute depend on the gate Job (dependsOn) and label the Job \`${GATE_LABEL}\`; the BlueGreen and Canary components do both.`,
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const children = childrenIndex(args.resources);
        for (const r of args.resources) {
            if (!isTrafficShift(r)) {
                continue;
            }
            const gated = transitiveDependencies(r, children)
                .some(d => d.type === K8S.job && labelsOf(d.props)[GATE_LABEL] !== undefined);
            if (!gated) {
                report(`${r.type.split(":")[2]} shifts live traffic but depends on no Job labelled ${GATE_LABEL}`, r.urn);
            }
        }
    },
};
