import { arr, obj, strMap } from "./values";
import { POD_TEMPLATE_PATHS, baseKind, podTemplateTypes } from "./workloadTypes";

/**
 * Type tokens of Kubernetes objects. Typed classes register `kubernetes:<apiVersion>:<Kind>`, and
 * `apiextensions.CustomResource` registers `kubernetes:${args.apiVersion}:${args.kind}` too
 * (@pulumi/kubernetes 4.x apiextensions/customResource.js), so one token matches both.
 */
export const K8S = {
    deployment: "kubernetes:apps/v1:Deployment",
    statefulSet: "kubernetes:apps/v1:StatefulSet",
    daemonSet: "kubernetes:apps/v1:DaemonSet",
    replicaSet: "kubernetes:apps/v1:ReplicaSet",
    job: "kubernetes:batch/v1:Job",
    cronJob: "kubernetes:batch/v1:CronJob",
    pod: "kubernetes:core/v1:Pod",
    service: "kubernetes:core/v1:Service",
    namespace: "kubernetes:core/v1:Namespace",
    configMap: "kubernetes:core/v1:ConfigMap",
    networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    pdb: "kubernetes:policy/v1:PodDisruptionBudget",
    hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
    role: "kubernetes:rbac.authorization.k8s.io/v1:Role",
    clusterRole: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
    roleBinding: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    clusterRoleBinding: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    serviceMonitor: "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
    podMonitor: "kubernetes:monitoring.coreos.com/v1:PodMonitor",
    prometheusRule: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
} as const;

/** Gateway API route kinds whose rules split traffic over weighted backendRefs. */
const ROUTE_KINDS = new Set(["HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute", "UDPRoute"]);

/**
 * True for a Gateway API route of any version (of `kinds`: by default every route kind that splits traffic),
 * typed or CustomResource, or its Patch: matched by
 * group and kind, because the served versions depend on the Gateway API CRDs installed (v1alpha2
 * HTTPRoutes still exist on older clusters).
 */
export function isGatewayRoute(type: string, kinds: ReadonlySet<string> = ROUTE_KINDS): boolean {
    const [pkg, apiVersion] = type.split(":");
    return pkg === "kubernetes" && /^gateway\.networking\.(x-)?k8s\.io\/v[0-9a-z]+$/.test(apiVersion ?? "") && kinds.has(baseKind(type));
}

/** Services and the patches that change live Services. */
export const SERVICE_TYPES = new Set<string>([K8S.service, "kubernetes:core/v1:ServicePatch"]);

/** Ingress objects of every version the provider ships, and their patches. */
export const INGRESS_TYPES = new Set<string>([
    "kubernetes:networking.k8s.io/v1:Ingress", "kubernetes:networking.k8s.io/v1:IngressPatch",
    "kubernetes:networking.k8s.io/v1beta1:Ingress", "kubernetes:networking.k8s.io/v1beta1:IngressPatch",
    "kubernetes:extensions/v1beta1:Ingress", "kubernetes:extensions/v1beta1:IngressPatch",
]);

/** PodDisruptionBudgets of both served versions, and their patches. */
export const PDB_TYPES = new Set<string>([
    K8S.pdb, "kubernetes:policy/v1:PodDisruptionBudgetPatch",
    "kubernetes:policy/v1beta1:PodDisruptionBudget", "kubernetes:policy/v1beta1:PodDisruptionBudgetPatch",
]);

/** HorizontalPodAutoscalers of every version the provider ships: an older one can lower the replica floor just the same. */
export const HPA_TYPES = new Set<string>([
    K8S.hpa, "kubernetes:autoscaling/v1:HorizontalPodAutoscaler", "kubernetes:autoscaling/v2beta1:HorizontalPodAutoscaler",
    "kubernetes:autoscaling/v2beta2:HorizontalPodAutoscaler",
]);

/** Workloads whose pod template the workload rules inspect: every version, and their Patch types. */
export const WORKLOAD_TYPES = new Set<string>(Object.keys(POD_TEMPLATE_PATHS));

/** Workloads that run continuously (probes apply to them, not to Jobs). */
export const LONG_RUNNING_TYPES = podTemplateTypes(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController"], { patches: true });

/** Workloads with a `spec.replicas`. */
export const REPLICATED_TYPES = podTemplateTypes(["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"], { patches: true });

/** Objects that run an app's replicas (minimum replicas, disruption budgets, observability), any version. */
export const APP_WORKLOAD_TYPES = podTemplateTypes(["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"], { patches: false });

/** Where a workload type keeps its pod template, or undefined for other types. */
export function podTemplatePath(type: string): readonly string[] | undefined {
    return POD_TEMPLATE_PATHS[type];
}

/** The value at `path` under `props`, or undefined where a step is not an object. */
export function valueAt(props: Record<string, any>, path: readonly string[]): unknown {
    let node: unknown = props;
    for (const key of path) {
        node = obj(node)[key];
    }
    return node;
}

/** The pod template (metadata + spec) of a workload, or undefined for other types. */
export function podTemplateOf(type: string, props: Record<string, any>): { metadata: Record<string, any>; spec: Record<string, any> } | undefined {
    const path = podTemplatePath(type);
    if (path === undefined) {
        return undefined;
    }
    const template = obj(valueAt(props, path));
    return { metadata: obj(template.metadata), spec: obj(template.spec) };
}

/** The pod spec of a workload, or undefined for other types. */
export function podSpecOf(type: string, props: Record<string, any>): Record<string, any> | undefined {
    return podTemplateOf(type, props)?.spec;
}

export interface ContainerRef {
    /** "container", "init container" or "ephemeral container" (for messages). */
    readonly kind: string;
    readonly name: string;
    readonly container: Record<string, any>;
}

/** Every container of a pod spec, init and ephemeral containers included. */
export function containersOf(spec: Record<string, any> | undefined): ContainerRef[] {
    if (!spec) {
        return [];
    }
    const out: ContainerRef[] = [];
    const kinds: [string, string][] = [["initContainers", "init container"], ["containers", "container"], ["ephemeralContainers", "ephemeral container"]];
    for (const [field, kind] of kinds) {
        arr(spec[field]).forEach((c, i) => {
            const container = obj(c);
            out.push({ kind, name: typeof container.name === "string" ? container.name : `${field}[${i}]`, container });
        });
    }
    return out;
}

/** Containers of a workload resource (empty for non-workloads). */
export function workloadContainers(type: string, props: Record<string, any>): ContainerRef[] {
    return containersOf(podSpecOf(type, props));
}

/** The object's namespace, "default" when unset. */
export function namespaceOf(props: Record<string, any>): string {
    const ns = obj(props.metadata).namespace;
    return typeof ns === "string" && ns !== "" ? ns : "default";
}

/** The object's metadata.name, falling back to the Pulumi resource name. */
export function objectName(props: Record<string, any>, fallback: string): string {
    const n = obj(props.metadata).name;
    return typeof n === "string" && n !== "" ? n : fallback;
}

export function labelsOf(props: Record<string, any>): Record<string, string> {
    return strMap(obj(props.metadata).labels);
}

export function annotationsOf(props: Record<string, any>): Record<string, string> {
    return strMap(obj(props.metadata).annotations);
}

/** Pod-template labels of a workload. */
export function podLabelsOf(type: string, props: Record<string, any>): Record<string, string> {
    return strMap(podTemplateOf(type, props)?.metadata.labels);
}

/** The effective securityContext field for a container: container value, else the pod's. */
export function effective(container: Record<string, any>, podSpec: Record<string, any>, field: string): unknown {
    const c = obj(container.securityContext)[field];
    return c !== undefined ? c : obj(podSpec.securityContext)[field];
}
