import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { isBindingType, isClusterBindingType, isRoleType, kindOf } from "../lib/kinds";
import { K8S, labelsOf, namespaceOf, podSpecOf } from "../lib/kubernetes";
import { known } from "../lib/unknown";
import { arr, obj } from "../lib/values";
import { GATE_LABEL } from "./trafficShiftGated";

/** The one thing a gate's token may do: get and patch named HTTPRoutes. */
const ROUTE_GROUP = "gateway.networking.k8s.io";
const ALLOWED_VERBS = new Set(["get", "patch"]);

/** Why one rule of a gate identity's Role grants more than get/patch of named HTTPRoutes, or undefined. Pure. */
export function gateRuleProblem(rule: Record<string, unknown>): string | undefined {
    const groups = arr(rule.apiGroups);
    const resources = arr(rule.resources);
    const verbs = arr(rule.verbs);
    if (arr(rule.nonResourceURLs).length > 0) return "grants non-resource URLs";
    if (groups.length !== 1 || groups[0] !== ROUTE_GROUP) return `grants API groups ${JSON.stringify(groups)}, not only ${ROUTE_GROUP}`;
    if (resources.length !== 1 || resources[0] !== "httproutes") return `grants resources ${JSON.stringify(resources)}, not only httproutes`;
    const extra = verbs.filter((v) => typeof v !== "string" || !ALLOWED_VERBS.has(v));
    if (verbs.length === 0 || extra.length > 0) return `grants verbs ${JSON.stringify(verbs)}, not only get and patch`;
    if (arr(rule.resourceNames).length === 0) return "names no route (resourceNames): it could change every route of the namespace";
    return undefined;
}

/** Subjects of a (Cluster)RoleBinding that are the ServiceAccount `sa` of namespace `ns`. */
function bindsServiceAccount(binding: PolicyResource, sa: string, ns: string | undefined): boolean {
    return arr(binding.props.subjects).map(obj).some((s) => s.kind === "ServiceAccount" && s.name === sa && (s.namespace ?? namespaceOf(binding.props)) === ns);
}

/**
 * A gate Job that runs with a ServiceAccount token (the release, switch and handover gates, which move traffic from
 * inside the cluster) holds exactly what TrafficIdentity grants: get and patch of named HTTPRoutes of its
 * namespace, through Roles of the stack. Anything wider (another resource, a verb, every route, a
 * ClusterRole, a cluster-wide binding, a Role the stack does not hold) would turn a gate into a
 * deployer; a gate pod with the namespace's default token is refused too.
 */
export const gateIdentityScoped: StackValidationPolicy = {
    name: "k8s-gate-identity-scoped",
    description: `A Job labelled ${GATE_LABEL} that mounts a ServiceAccount token may only get and patch named HTTPRoutes, through Roles of the stack bound in its namespace; no ClusterRole, no ClusterRoleBinding, no default ServiceAccount token.`,
    severity: "high",
    enforcementLevel: "mandatory",
    configSchema: { properties: {} },
    remediationSteps: "Let the canary or blue-green (auto) component create the gate identity (TrafficIdentity: one Role with get/patch on the app's HTTPRoute by name); give the gate no other binding, and no token at all unless it moves traffic.",
    validateStack: (args, report) => {
        const bindings = args.resources.filter((r) => isBindingType(r.type));
        for (const job of args.resources) {
            if (job.type !== K8S.job || labelsOf(job.props)[GATE_LABEL] === undefined) continue;
            const spec = podSpecOf(job.type, job.props) ?? {};
            const ns = namespaceOf(job.props);
            const sa = known(() => spec.serviceAccountName as unknown, undefined);
            const mounted = spec.automountServiceAccountToken !== false;
            if (!mounted) continue;
            if (typeof sa !== "string" || sa === "" || sa === "default") {
                report(`gate Job mounts the namespace's default ServiceAccount token: set automountServiceAccountToken false, or run it as its own traffic identity`, job.urn);
                continue;
            }
            for (const b of bindings.filter((x) => known(() => bindsServiceAccount(x, sa, ns), false))) {
                const name = String(obj(b.props.metadata).name);
                if (isClusterBindingType(b.type)) {
                    report(`gate identity ${sa} is bound cluster-wide by ClusterRoleBinding ${name}`, job.urn);
                    continue;
                }
                const ref = obj(b.props.roleRef);
                if (ref.kind !== "Role") {
                    report(`gate identity ${sa} is bound to ${String(ref.kind)} ${String(ref.name)} by RoleBinding ${name}: only a Role of its namespace may grant it anything`, job.urn);
                    continue;
                }
                const role = args.resources.find((r) => isRoleType(r.type) && kindOf(r.type) === "Role" && known(() => obj(r.props.metadata).name === ref.name && namespaceOf(r.props) === namespaceOf(b.props), false));
                if (role === undefined) {
                    report(`gate identity ${sa} is bound to Role ${String(ref.name)}, which the stack does not hold: its rights cannot be checked`, job.urn);
                    continue;
                }
                arr(role.props.rules).map(obj).forEach((rule, i) => {
                    const problem = gateRuleProblem(rule);
                    if (problem !== undefined) report(`gate identity ${sa}: Role ${String(ref.name)} rules[${i}] ${problem}`, job.urn);
                });
            }
        }
    },
};
