/**
 * Every Kubernetes type the provider registers that carries a pod template, with where the template
 * sits in its props. Each version the provider ships is listed (a cluster still serving
 * batch/v1beta1 CronJobs creates pods from them), and each `*Patch` type with it: a server-side-apply
 * patch that touches the template changes the pods, so it is inspected like the object it patches.
 * test/policies/tokens.test.ts proves the list complete against the provider's own types.
 */

/** `spec.template` (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job). */
const SPEC_TEMPLATE = ["spec", "template"] as const;
/** `spec.jobTemplate.spec.template` (CronJob). */
const JOB_TEMPLATE = ["spec", "jobTemplate", "spec", "template"] as const;
/** `template` (PodTemplate keeps it at the top level). */
const TOP_TEMPLATE = ["template"] as const;
/** The Pod itself: its metadata and spec are the template. */
const POD_ITSELF = [] as const;

/** Type token → path of the pod template (an object with `metadata` and `spec`). */
export const POD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
    "kubernetes:apps/v1:Deployment": SPEC_TEMPLATE,
    "kubernetes:apps/v1:DeploymentPatch": SPEC_TEMPLATE,
    "kubernetes:apps/v1beta1:Deployment": SPEC_TEMPLATE,
    "kubernetes:apps/v1beta1:DeploymentPatch": SPEC_TEMPLATE,
    "kubernetes:apps/v1beta2:Deployment": SPEC_TEMPLATE,
    "kubernetes:apps/v1beta2:DeploymentPatch": SPEC_TEMPLATE,
    "kubernetes:extensions/v1beta1:Deployment": SPEC_TEMPLATE,
    "kubernetes:extensions/v1beta1:DeploymentPatch": SPEC_TEMPLATE,
    "kubernetes:apps/v1:StatefulSet": SPEC_TEMPLATE,
    "kubernetes:apps/v1:StatefulSetPatch": SPEC_TEMPLATE,
    "kubernetes:apps/v1beta1:StatefulSet": SPEC_TEMPLATE,
    "kubernetes:apps/v1beta1:StatefulSetPatch": SPEC_TEMPLATE,
    "kubernetes:apps/v1beta2:StatefulSet": SPEC_TEMPLATE,
    "kubernetes:apps/v1beta2:StatefulSetPatch": SPEC_TEMPLATE,
    "kubernetes:apps/v1:DaemonSet": SPEC_TEMPLATE,
    "kubernetes:apps/v1:DaemonSetPatch": SPEC_TEMPLATE,
    "kubernetes:apps/v1beta2:DaemonSet": SPEC_TEMPLATE,
    "kubernetes:apps/v1beta2:DaemonSetPatch": SPEC_TEMPLATE,
    "kubernetes:extensions/v1beta1:DaemonSet": SPEC_TEMPLATE,
    "kubernetes:extensions/v1beta1:DaemonSetPatch": SPEC_TEMPLATE,
    "kubernetes:apps/v1:ReplicaSet": SPEC_TEMPLATE,
    "kubernetes:apps/v1:ReplicaSetPatch": SPEC_TEMPLATE,
    "kubernetes:apps/v1beta2:ReplicaSet": SPEC_TEMPLATE,
    "kubernetes:apps/v1beta2:ReplicaSetPatch": SPEC_TEMPLATE,
    "kubernetes:extensions/v1beta1:ReplicaSet": SPEC_TEMPLATE,
    "kubernetes:extensions/v1beta1:ReplicaSetPatch": SPEC_TEMPLATE,
    "kubernetes:core/v1:ReplicationController": SPEC_TEMPLATE,
    "kubernetes:core/v1:ReplicationControllerPatch": SPEC_TEMPLATE,
    "kubernetes:batch/v1:Job": SPEC_TEMPLATE,
    "kubernetes:batch/v1:JobPatch": SPEC_TEMPLATE,
    "kubernetes:batch/v1:CronJob": JOB_TEMPLATE,
    "kubernetes:batch/v1:CronJobPatch": JOB_TEMPLATE,
    "kubernetes:batch/v1beta1:CronJob": JOB_TEMPLATE,
    "kubernetes:batch/v1beta1:CronJobPatch": JOB_TEMPLATE,
    "kubernetes:batch/v2alpha1:CronJob": JOB_TEMPLATE,
    "kubernetes:batch/v2alpha1:CronJobPatch": JOB_TEMPLATE,
    "kubernetes:core/v1:PodTemplate": TOP_TEMPLATE,
    "kubernetes:core/v1:PodTemplatePatch": TOP_TEMPLATE,
    "kubernetes:core/v1:Pod": POD_ITSELF,
    "kubernetes:core/v1:PodPatch": POD_ITSELF,
};

/** The kind of a Kubernetes type token without its `Patch` suffix: `kubernetes:apps/v1:DeploymentPatch` → `Deployment`. */
export function baseKind(type: string): string {
    return (type.split(":")[2] ?? "").replace(/Patch$/, "");
}

/** True for the provider's server-side-apply patch types (`kubernetes:<apiVersion>:<Kind>Patch`). */
export function isPatchType(type: string): boolean {
    return type.startsWith("kubernetes:") && type.endsWith("Patch");
}

/** The pod-template types whose kind is one of `kinds`, patches included or not. */
export function podTemplateTypes(kinds: readonly string[], options: { readonly patches: boolean }): Set<string> {
    return new Set(Object.keys(POD_TEMPLATE_PATHS).filter(t => kinds.includes(baseKind(t)) && (options.patches || !isPatchType(t))));
}
