import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { APP_WORKLOAD_TYPES, HPA_TYPES, PDB_TYPES, namespaceOf, podLabelsOf } from "../lib/kubernetes";
import { known, readOnce } from "../lib/unknown";
import { labelSelectorMatches, labelSelectorOf, selectsAll, type LabelSelector } from "../lib/labelSelector";
import { num, obj } from "../lib/values";
import { isPatchType } from "../lib/workloadTypes";
import { hpaTargets } from "./minimumReplicas";

/** What the rule reads of a PodDisruptionBudget to match it against workloads, each read once (see `readOnce`). */
interface BudgetView {
    readonly pdb: PolicyResource;
    readonly dependencyUrns: ReadonlySet<string>;
    readonly selector: () => LabelSelector;
    /** No matchLabels and no matchExpressions. */
    readonly emptySelector: () => boolean;
    readonly namespace: () => string;
}

/** What the rule reads of a workload, each read once. */
interface WorkloadView {
    readonly workload: PolicyResource;
    readonly namespace: () => string;
    readonly podLabels: () => Record<string, string>;
}

function budgetView(pdb: PolicyResource): BudgetView {
    return {
        pdb,
        dependencyUrns: new Set(pdb.dependencies.map(d => d.urn)),
        selector: readOnce(() => labelSelectorOf(obj(pdb.props.spec).selector)),
        emptySelector: readOnce(() => selectsAll(obj(pdb.props.spec).selector)),
        namespace: readOnce(() => namespaceOf(pdb.props)),
    };
}

function workloadView(w: PolicyResource): WorkloadView {
    return { workload: w, namespace: readOnce(() => namespaceOf(w.props)), podLabels: readOnce(() => podLabelsOf(w.type, w.props)) };
}

/**
 * The PDB depends on the workload (`dependsOn`), or selects its pods in its namespace, by matchLabels and
 * matchExpressions. An empty selector selects every pod of the namespace in policy/v1 and none in v1beta1.
 */
function pdbSelects(b: BudgetView, w: WorkloadView): boolean {
    if (b.dependencyUrns.has(w.workload.urn)) {
        return true;
    }
    const selector = b.selector();
    if (b.emptySelector() && b.pdb.type.includes(":policy/v1beta1:")) {
        return false;
    }
    return known(() => b.namespace() === w.namespace() && labelSelectorMatches(selector, w.podLabels()), false);
}

/** A budget value as a percentage (`"25%"`) or a count, or undefined when it is neither. */
function budget(value: unknown): { percent: number } | { count: number } | undefined {
    const m = typeof value === "string" ? /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value) : null;
    if (m) {
        return { percent: Number(m[1]) };
    }
    const n = num(value);
    return n === undefined ? undefined : { count: n };
}

/** Why the PDB blocks every voluntary disruption whatever it selects (maxUnavailable 0, minAvailable 100%), or undefined. */
export function pdbBlocksAll(spec: Record<string, any>): string | undefined {
    const max = budget(spec.maxUnavailable);
    if (max !== undefined && ("percent" in max ? max.percent : max.count) <= 0) {
        return `maxUnavailable is ${JSON.stringify(spec.maxUnavailable)}`;
    }
    const min = budget(spec.minAvailable);
    if (min !== undefined && "percent" in min && min.percent >= 100) {
        return `minAvailable is ${JSON.stringify(spec.minAvailable)}`;
    }
    return undefined;
}

/** Why the PDB blocks every voluntary disruption for `replicas` pods, or undefined. */
export function pdbBlocks(spec: Record<string, any>, replicas: number): string | undefined {
    const always = pdbBlocksAll(spec);
    if (always) {
        return always;
    }
    const min = budget(spec.minAvailable);
    return min !== undefined && "count" in min && min.count >= replicas
        ? `minAvailable ${String(spec.minAvailable)} leaves no pod of ${replicas} evictable` : undefined;
}

export const podDisruptionBudget: StackValidationPolicy = {
    name: "k8s-pod-disruption-budget",
    description: "Every multi-replica app (Deployment, StatefulSet, ReplicaSet, ReplicationController) has a PodDisruptionBudget that allows at least one voluntary disruption, and no PodDisruptionBudget (any version, or patch) blocks them all (maxUnavailable 0, minAvailable 100%), whether or not a workload of the stack selects it.",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps: "Add a PodDisruptionBudget selecting the pod labels with `maxUnavailable: 1` (never 0, nor minAvailable equal to the replica count or 100%).",
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const pdbs = args.resources.filter(r => PDB_TYPES.has(r.type));
        const blocking = new Set<string>();
        for (const pdb of pdbs) {
            const why = pdbBlocksAll(obj(pdb.props.spec));
            if (why) {
                blocking.add(pdb.urn);
                report(`PodDisruptionBudget blocks all voluntary disruption: ${why}`, pdb.urn);
            }
        }
        const hpas = args.resources.filter(r => HPA_TYPES.has(r.type));
        // Every workload is matched against every budget: each is read once.
        const budgets = pdbs.map(budgetView);
        for (const w of args.resources) {
            if (!APP_WORKLOAD_TYPES.has(w.type)) {
                continue;
            }
            const hpa = hpas.find(h => hpaTargets(h, w));
            const replicas = hpa ? num(obj(hpa.props.spec).minReplicas) ?? 1 : num(obj(w.props.spec).replicas) ?? 1;
            if (replicas < 2) {
                continue;
            }
            const view = workloadView(w);
            const pdb = budgets.find(b => !isPatchType(b.pdb.type) && pdbSelects(b, view))?.pdb;
            if (!pdb) {
                report(`${replicas} replicas but no PodDisruptionBudget selects the pods`, w.urn);
                continue;
            }
            const blocked = blocking.has(pdb.urn) ? undefined : pdbBlocks(obj(pdb.props.spec), replicas);
            if (blocked) {
                report(`PodDisruptionBudget blocks all voluntary disruption: ${blocked}`, pdb.urn);
            }
        }
    },
};
