import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { dependsOn } from "../lib/graph";
import { HPA_TYPES, K8S, namespaceOf, podLabelsOf } from "../lib/kubernetes";
import { known } from "../lib/unknown";
import { num, obj, selectorMatches, strMap } from "../lib/values";
import { hpaTargets } from "./minimumReplicas";

function pdbSelects(pdb: PolicyResource, w: PolicyResource): boolean {
    if (dependsOn(pdb, w)) {
        return true;
    }
    const selector = strMap(obj(obj(pdb.props.spec).selector).matchLabels);
    return known(() => Object.keys(selector).length > 0 && namespaceOf(pdb.props) === namespaceOf(w.props)
        && selectorMatches(selector, podLabelsOf(w.type, w.props)), false);
}

/** Why the PDB blocks every voluntary disruption for `replicas` pods, or undefined. */
export function pdbBlocks(spec: Record<string, any>, replicas: number): string | undefined {
    const { maxUnavailable, minAvailable } = spec;
    if (maxUnavailable === 0 || maxUnavailable === "0%" || maxUnavailable === "0") {
        return `maxUnavailable is ${String(maxUnavailable)}`;
    }
    if (minAvailable === "100%" || (typeof minAvailable === "number" && minAvailable >= replicas)) {
        return `minAvailable ${String(minAvailable)} leaves no pod of ${replicas} evictable`;
    }
    return undefined;
}

export const podDisruptionBudget: StackValidationPolicy = {
    name: "k8s-pod-disruption-budget",
    description: "Every multi-replica Deployment or StatefulSet has a PodDisruptionBudget, and the budget allows at least one voluntary disruption.",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps: "Add a PodDisruptionBudget selecting the pod labels with `maxUnavailable: 1` (never 0, nor minAvailable equal to the replica count).",
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const pdbs = args.resources.filter(r => r.type === K8S.pdb);
        const hpas = args.resources.filter(r => HPA_TYPES.has(r.type));
        for (const w of args.resources) {
            if (w.type !== K8S.deployment && w.type !== K8S.statefulSet) {
                continue;
            }
            const hpa = hpas.find(h => hpaTargets(h, w));
            const replicas = hpa ? num(obj(hpa.props.spec).minReplicas) ?? 1 : num(obj(w.props.spec).replicas) ?? 1;
            if (replicas < 2) {
                continue;
            }
            const pdb = pdbs.find(p => pdbSelects(p, w));
            if (!pdb) {
                report(`${replicas} replicas but no PodDisruptionBudget selects the pods`, w.urn);
                continue;
            }
            const blocked = pdbBlocks(obj(pdb.props.spec), replicas);
            if (blocked) {
                report(`PodDisruptionBudget blocks all voluntary disruption: ${blocked}`, pdb.urn);
            }
        }
    },
};
