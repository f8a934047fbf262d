import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { dependsOn } from "../lib/graph";
import { HPA_TYPES, REPLICATED_TYPES, labelsOf, namespaceOf, objectName } from "../lib/kubernetes";
import { known } from "../lib/unknown";
import { num, obj } from "../lib/values";
import { baseKind, isPatchType } from "../lib/workloadTypes";
import { TRACK_LABEL } from "../lib/trackRoutes";

const configSchema = {
    properties: {
        minReplicas: { type: "integer" as const, minimum: 1, default: 1, description: "Minimum replicas (or HPA minReplicas) per environment; production: 3." },
    },
};

/** Label of a progressive-delivery track (stable/canary, blue/green). */

/** True when `hpa` scales `workload`: it depends on it, or names it (same namespace and kind). */
export function hpaTargets(hpa: PolicyResource, workload: PolicyResource): boolean {
    if (dependsOn(hpa, workload)) {
        return true;
    }
    const ref = obj(obj(hpa.props.spec).scaleTargetRef);
    const kind = baseKind(workload.type);
    return known(() => ref.kind === kind && ref.name === objectName(workload.props, workload.name)
        && namespaceOf(hpa.props) === namespaceOf(workload.props), false);
}

export const minimumReplicas: StackValidationPolicy = {
    name: "k8s-minimum-replicas",
    description: "Deployments, StatefulSets, ReplicaSets and ReplicationControllers (any version, and patches that set replicas) run at least the environment's minimum replicas, directly or as their HorizontalPodAutoscaler's minReplicas. Progressive-delivery tracks (label platform.dev/track) parked at 0 replicas are exempt.",
    severity: "high",
    enforcementLevel: "advisory",
    remediationSteps: "Set `replicas` (or the HPA's `minReplicas`) to at least the environment minimum (production: 3).",
    configSchema,
    validateStack: (args, report) => {
        const { minReplicas } = configWithDefaults<{ minReplicas: number }>(configSchema, args.getConfig());
        const hpas = args.resources.filter(r => HPA_TYPES.has(r.type));
        for (const w of args.resources) {
            // A patch that leaves replicas alone keeps the live count; one that sets it is checked like the object.
            if (!REPLICATED_TYPES.has(w.type) || (isPatchType(w.type) && obj(w.props.spec).replicas === undefined)) {
                continue;
            }
            const hpa = hpas.find(h => hpaTargets(h, w));
            const effective = hpa ? num(obj(hpa.props.spec).minReplicas) ?? 1 : num(obj(w.props.spec).replicas) ?? 1;
            // A progressive track parked at zero (a canary between releases, an idle colour) serves no traffic:
            // its components move traffic off it before scaling it down.
            if (!hpa && effective === 0 && known(() => labelsOf(w.props)[TRACK_LABEL] !== undefined, false)) {
                continue;
            }
            if (effective < minReplicas) {
                report(`${hpa ? "HPA minReplicas" : "replicas"} is ${effective}, below the environment minimum ${minReplicas}`, w.urn);
            }
        }
    },
};
