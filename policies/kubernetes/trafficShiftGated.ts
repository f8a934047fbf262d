import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { gateJobProblems, type GateAllowList } from "../lib/gateJob";
import { childrenIndex, transitiveDependencies } from "../lib/graph";
import { trackRouteIndex } from "../lib/trackRoutes";
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

const configSchema = {
    properties: {
        gateImages: { type: "array" as const, items: { type: "string" as const }, default: [], description: "Images a gate Job may run (empty: any). Keep equal to the platform's gate images for the tier (stacks/gatePolicy.ts)." },
        gateScriptSha256: { type: "array" as const, items: { type: "string" as const }, default: [], description: "sha256 of the gate.js a gate's ConfigMap may carry (empty: any); the platform's is that of gates/gate.js." },
    },
};

export const trafficShiftGated: StackValidationPolicy = {
    name: "k8s-traffic-shift-gated",
    description: `Every traffic shift (Service annotated ${TRAFFIC_SHIFT_ANNOTATION}: "true", ServicePatch that sets a selector, or HTTPRoute/GRPCRoute/TLSRoute/TCPRoute/UDPRoute of any version with a weighted split or a backend Service that selects a canary, blue or green track's pods) depends, transitively, on a Job labelled ${GATE_LABEL} that runs the platform's gate program (an allowed image and gate.js, where the tier's config lists them).`,
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: `Make the Service/route depend on the gate Job (dependsOn) and label the Job \`${GATE_LABEL}\`; the BlueGreen and Canary components do both, with the platform's gate image and script. A Job that only carries the label is not a gate.`,
    configSchema,
    validateStack: (args, report) => {
        const allow = configWithDefaults<GateAllowList>(configSchema, args.getConfig());
        const children = childrenIndex(args.resources);
        const verdicts = new Map<string, string[]>();
        const problemsOf = (job: PolicyResource) => {
            let v = verdicts.get(job.urn);
            if (v === undefined) verdicts.set(job.urn, (v = gateJobProblems(job, args.resources, allow)));
            return v;
        };
        const routesToTrack = trackRouteIndex(args.resources, TRAFFIC_SHIFT_ANNOTATION);
        for (const r of args.resources) {
            const split = isTrafficShift(r);
            const toTrack = split ? undefined : routesToTrack(r);
            if (!split && toTrack === undefined) {
                continue;
            }
            const kind = r.type.split(":")[2];
            const gates = transitiveDependencies(r, children).filter(d => d.type === K8S.job && labelsOf(d.props)[GATE_LABEL] !== undefined);
            if (gates.length === 0) {
                report(toTrack === undefined
                    ? `${kind} shifts live traffic but depends on no Job labelled ${GATE_LABEL}`
                    : `${kind} routes live traffic to ${toTrack} but depends on no Job labelled ${GATE_LABEL}`, r.urn);
                continue;
            }
            if (gates.every(g => problemsOf(g).length > 0)) {
                const first = gates[0];
                report(`${kind} shifts live traffic but its gate Job ${first.name} is not the platform's gate program: ${problemsOf(first).join("; ")}`, r.urn);
            }
        }
    },
};
