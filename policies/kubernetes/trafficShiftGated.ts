import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { childrenIndex, transitiveDependencies } from "../lib/graph";
import { K8S, SERVICE_TYPES, annotationsOf, isGatewayRoute, labelsOf } from "../lib/kubernetes";
import { arr, obj } from "../lib/values";
import { isPatchType } from "../lib/workloadTypes";

/** Annotation on a Service whose selector is switched to shift live traffic (blue/green). */
export const TRAFFIC_SHIFT_ANNOTATION = "platform.dev/traffic-shift";
/** Label on the Job that gates a shift (smoke test, analysis). */
export const GATE_LABEL = "platform.dev/gate";

/**
 * True when the resource shifts live traffic: an annotated Service, a ServicePatch that re-points a
 * Service's selector, or a weighted split in a Gateway API route of any kind and version (or its patch).
 */
export function isTrafficShift(r: PolicyResource): boolean {
    if (SERVICE_TYPES.has(r.type)) {
        return annotationsOf(r.props)[TRAFFIC_SHIFT_ANNOTATION] === "true"
            || (isPatchType(r.type) && obj(r.props.spec).selector !== undefined);
    }
    if (isGatewayRoute(r.type)) {
        return arr(obj(r.props.spec).rules).some(rule => {
            const refs = arr(obj(rule).backendRefs).map(obj);
            return refs.length > 1 && refs.some(ref => ref.weight !== undefined);
        });
    }
    return false;
}

export const trafficShiftGated: StackValidationPolicy = {
    name: "k8s-traffic-shift-gated",
    description: `Every traffic shift (Service annotated ${TRAFFIC_SHIFT_ANNOTATION}: "true", ServicePatch that sets a selector, or HTTPRoute/GRPCRoute/TLSRoute/TCPRoute/UDPRoute of any version with a weighted split) depends, transitively, on a Job labelled ${GATE_LABEL}.`,
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: `Make the Service/route depend on the gate Job (dependsOn) and label the Job \`${GATE_LABEL}\`; the BlueGreen and Canary components do both.`,
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
