import type { ResourceValidationPolicy } from "@pulumi/policy";
import { GATEWAY_NAMESPACES } from "../lib/platformNamespaces";
import { configWithDefaults } from "../lib/config";
import { INGRESS_TYPES, SERVICE_TYPES, namespaceOf } from "../lib/kubernetes";
import { arr, obj } from "../lib/values";

const configSchema = {
    properties: {
        gatewayNamespaces: { type: "array" as const, items: { type: "string" as const }, default: [...GATEWAY_NAMESPACES], description: "Namespaces allowed to expose LoadBalancer/NodePort Services and Ingress objects." },
    },
};

export const noExternalServices: ResourceValidationPolicy = {
    name: "k8s-no-external-services",
    description: "Apps are reached only through the gateway: Services (and ServicePatches) of type LoadBalancer or NodePort and Ingress objects (every version, and patches) only in the gateway namespaces, and no Service claims externalIPs or is an ExternalName alias anywhere.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Use `type: ClusterIP` without `externalIPs` (for an outside dependency, an egress rule to its address instead of an ExternalName alias) and route traffic through the gateway with an HTTPRoute; move ingress controllers' objects to a gateway namespace.",
    configSchema,
    validateResource: (args, report) => {
        const kind = args.type.split(":")[2];
        if (SERVICE_TYPES.has(args.type)) {
            const spec = obj(args.props.spec);
            const externalIPs = arr(spec.externalIPs);
            if (externalIPs.length > 0) {
                report(`${kind} sets externalIPs ${externalIPs.join(", ")}: every node then answers for those addresses (allowed nowhere)`);
            }
            if (spec.type === "ExternalName") {
                report(`${kind} of type ExternalName aliases ${JSON.stringify(spec.externalName ?? "")}: a route to it makes the gateway proxy to a host outside the cluster, past the namespace's egress policy (allowed nowhere)`);
            }
            if (spec.type !== "LoadBalancer" && spec.type !== "NodePort") {
                return;
            }
        } else if (!INGRESS_TYPES.has(args.type)) {
            return;
        }
        const { gatewayNamespaces } = configWithDefaults<{ gatewayNamespaces: string[] }>(configSchema, args.getConfig());
        const ns = namespaceOf(args.props);
        if (!gatewayNamespaces.includes(ns)) {
            const what = SERVICE_TYPES.has(args.type) ? `${kind} of type ${String(obj(args.props.spec).type)}` : kind;
            report(`${what} in namespace "${ns}" (allowed only in ${gatewayNamespaces.join(", ")})`);
        }
    },
};
