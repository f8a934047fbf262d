import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { K8S, namespaceOf } from "../lib/kubernetes";
import { obj } from "../lib/values";

const configSchema = {
    properties: {
        gatewayNamespaces: { type: "array" as const, items: { type: "string" as const }, default: ["gateway"], description: "Namespaces allowed to expose LoadBalancer/NodePort Services." },
    },
};

export const noExternalServices: ResourceValidationPolicy = {
    name: "k8s-no-external-services",
    description: "Services of type LoadBalancer or NodePort are allowed only in the gateway namespaces; apps are reached through the gateway.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Use `type: ClusterIP` and route traffic through the gateway with an HTTPRoute.",
    configSchema,
    validateResource: (args, report) => {
        if (args.type !== K8S.service) {
            return;
        }
        const type = obj(args.props.spec).type;
        if (type !== "LoadBalancer" && type !== "NodePort") {
            return;
        }
        const { gatewayNamespaces } = configWithDefaults<{ gatewayNamespaces: string[] }>(configSchema, args.getConfig());
        const ns = namespaceOf(args.props);
        if (!gatewayNamespaces.includes(ns)) {
            report(`Service of type ${type} in namespace "${ns}" (allowed only in ${gatewayNamespaces.join(", ")})`);
        }
    },
};
