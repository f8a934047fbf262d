import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { dependsOn } from "../lib/graph";
import { K8S, WORKLOAD_TYPES, namespaceOf, objectName } from "../lib/kubernetes";
import { known } from "../lib/unknown";
import { arr, obj } from "../lib/values";
import { selectsAll } from "../lib/labelSelector";

const configSchema = {
    properties: {
        exemptNamespaces: { type: "array" as const, items: { type: "string" as const }, default: ["kube-system", "kube-public", "kube-node-lease"] },
        requireEgressDeny: { type: "boolean" as const, default: false, description: "Also require Egress in the default-deny policyTypes." },
    },
};

/** A default-deny policy selects every pod and allows no ingress (and, if required, restricts egress). */
export function isDefaultDeny(np: Record<string, any>, requireEgressDeny: boolean): boolean {
    const spec = obj(np.spec);
    const types = arr(spec.policyTypes);
    return selectsAll(spec.podSelector) && types.includes("Ingress") && arr(spec.ingress).length === 0
        && (!requireEgressDeny || types.includes("Egress"));
}

export const namespaceDefaultDeny: StackValidationPolicy = {
    name: "k8s-namespace-default-deny",
    description: "Every namespace the stack creates or deploys into has a default-deny NetworkPolicy (empty podSelector, Ingress with no rules).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Create the namespace with the platform Environment component, or add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress, Egress]`.",
    configSchema,
    validateStack: (args, report) => {
        const cfg = configWithDefaults<{ exemptNamespaces: string[]; requireEgressDeny: boolean }>(configSchema, args.getConfig());
        const denies = args.resources.filter(r => r.type === K8S.networkPolicy && isDefaultDeny(r.props, cfg.requireEgressDeny));
        const deniedNames = new Set(denies.map(d => known<string | undefined>(() => namespaceOf(d.props), undefined))
            .filter((n): n is string => n !== undefined));
        const covered = (ns: PolicyResource) => denies.some(d => dependsOn(d, ns))
            || deniedNames.has(known(() => objectName(ns.props, ns.name), ""));
        for (const ns of args.resources.filter(r => r.type === K8S.namespace)) {
            const name = known(() => objectName(ns.props, ns.name), ns.name);
            if (!cfg.exemptNamespaces.includes(name) && !covered(ns)) {
                report(`namespace "${name}" has no default-deny NetworkPolicy`, ns.urn);
            }
        }
        const created = new Set(args.resources.filter(r => r.type === K8S.namespace)
            .map(r => known<string | undefined>(() => objectName(r.props, r.name), undefined)));
        const reported = new Set<string>();
        for (const w of args.resources.filter(r => WORKLOAD_TYPES.has(r.type))) {
            const ns = known<string | undefined>(() => namespaceOf(w.props), undefined);
            if (ns === undefined || created.has(ns) || cfg.exemptNamespaces.includes(ns) || deniedNames.has(ns) || reported.has(ns)) {
                continue;
            }
            reported.add(ns);
            report(`workloads run in namespace "${ns}", which has no default-deny NetworkPolicy`, w.urn);
        }
    },
};
