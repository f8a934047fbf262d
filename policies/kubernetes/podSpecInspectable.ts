import type { ResourceValidationPolicy } from "@pulumi/policy";
import { podTemplatePath, valueAt } from "../lib/kubernetes";
import { known } from "../lib/unknown";
import { obj } from "../lib/values";
import { baseKind, isPatchType } from "../lib/workloadTypes";

function describe(value: unknown): string {
    if (value === undefined) return "nothing";
    if (Array.isArray(value)) return value.length === 0 ? "an empty list" : "a list";
    return value === null ? "null" : typeof value === "object" ? "an object" : `a ${typeof value}`;
}

const isObject = (v: unknown): v is Record<string, any> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Components whose rendered objects are registered one by one (and inspected as such): their inputs are not scanned. */
const RENDERING_COMPONENTS = new Set([
    "kubernetes:helm.sh/v3:Chart", "kubernetes:helm.sh/v4:Chart", "kubernetes:yaml/v2:ConfigFile", "kubernetes:yaml/v2:ConfigGroup",
    "kubernetes:kustomize/v2:Directory",
]);

/**
 * Why the workload rules cannot read the pod spec of a type that carries one, or undefined. A patch
 * that leaves the template (or its containers) out leaves the live pods alone and is not a problem.
 */
export function podSpecProblem(type: string, props: Record<string, any>): string | undefined {
    const path = podTemplatePath(type);
    if (path === undefined) {
        return undefined;
    }
    const patch = isPatchType(type);
    const where = [...path, "spec"].join(".");
    const template = valueAt(props, path);
    if (patch && template === undefined) {
        return undefined;
    }
    const spec = obj(template).spec;
    if (patch && spec === undefined) {
        return undefined;
    }
    if (!isObject(spec)) {
        return `${baseKind(type)} keeps its pod spec at ${where}, but ${describe(spec)} is there: the workload rules cannot inspect it`;
    }
    const containers = spec.containers;
    if (patch && containers === undefined) {
        return undefined;
    }
    if (!Array.isArray(containers) || (!patch && containers.length === 0)) {
        return `${where}.containers is ${describe(containers)}, expected a list of containers: the workload rules cannot inspect it`;
    }
    return undefined;
}

/** The known elements of a list (an element unknown during preview is left out). */
function knownElements(list: readonly unknown[]): unknown[] {
    return Array.from({ length: list.length }, (_, i) => known<unknown>(() => list[i], undefined));
}

/** Paths (`items[0].spec.template.spec`) of every object shaped like a pod spec: a non-empty `containers` list of objects. */
export function podSpecPaths(value: unknown, path = ""): string[] {
    if (Array.isArray(value)) {
        return knownElements(value).flatMap((v, i) => podSpecPaths(v, `${path}[${i}]`));
    }
    if (!isObject(value)) {
        return [];
    }
    const containers = known<unknown>(() => value.containers, undefined);
    const shaped = Array.isArray(containers) && containers.length > 0 && knownElements(containers).every(c => c === undefined || isObject(c));
    const nested = Object.keys(value).flatMap(k => podSpecPaths(known<unknown>(() => value[k], undefined), path ? `${path}.${k}` : k));
    return shaped ? [path || "(top level)", ...nested] : nested;
}

export const podSpecInspectable: ResourceValidationPolicy = {
    name: "k8s-pod-spec-inspectable",
    description: "Fail closed: a workload type (any version, and its Patch) must carry its pod spec where the workload rules read it, and no other Kubernetes type (a *List, a custom resource, a Helm release's values) may carry a pod spec the rules do not inspect.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Declare each pod-running object on its own as a built-in workload (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, ...) with its pod spec in the usual place; never wrap workloads in a *List or a custom resource.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if (!args.type.startsWith("kubernetes:") || RENDERING_COMPONENTS.has(args.type)) {
            return;
        }
        if (podTemplatePath(args.type) !== undefined) {
            const problem = podSpecProblem(args.type, args.props);
            if (problem) {
                report(problem);
            }
            return;
        }
        for (const where of podSpecPaths(args.props)) {
            report(`${args.type} carries a pod spec at ${where} that the workload rules do not inspect`);
        }
    },
};
