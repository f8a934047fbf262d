import type { ResourceValidationPolicy } from "@pulumi/policy";
import { GATEWAY_NAMESPACES } from "../lib/platformNamespaces";
import { configWithDefaults } from "../lib/config";
import { wildcardSuffix } from "../lib/hostnames";
import { isGatewayRoute, namespaceOf } from "../lib/kubernetes";
import { arr, obj } from "../lib/values";
import { baseKind } from "../lib/workloadTypes";

const configSchema = {
    properties: {
        gatewayNamespaces: { type: "array" as const, items: { type: "string" as const }, default: [...GATEWAY_NAMESPACES], description: "Namespaces of the shared Gateways: a route attached to one must name its hosts." },
    },
};

/** Gateway API routes that match on hostnames (TCP and UDP routes match on listener ports only). */
const HOSTNAME_KINDS = new Set(["HTTPRoute", "GRPCRoute", "TLSRoute"]);

/** The shared Gateways a route attaches to: parentRefs of kind Gateway (the default) in a gateway namespace (default: the route's own). */
function sharedParents(spec: Record<string, unknown>, routeNamespace: string, gatewayNamespaces: readonly string[]): string[] {
    return arr(spec.parentRefs)
        .map(obj)
        .filter((ref) => (ref.kind ?? "Gateway") === "Gateway" && (ref.group ?? "gateway.networking.k8s.io") === "gateway.networking.k8s.io")
        .map((ref) => ({ name: String(ref.name ?? ""), namespace: typeof ref.namespace === "string" ? ref.namespace : routeNamespace }))
        .filter((ref) => gatewayNamespaces.includes(ref.namespace))
        .map((ref) => `${ref.namespace}/${ref.name}`);
}

/** Why a hostname takes more than its own host on a shared Gateway, or undefined. */
function tooWide(hostname: string): string | undefined {
    if (hostname === "*" || hostname === "") return "matches every host";
    const suffix = wildcardSuffix(hostname);
    if (suffix !== undefined) return `is a wildcard over the public suffix "${suffix}"`;
    return undefined;
}

export const routeHostnames: ResourceValidationPolicy = {
    name: "k8s-route-hostnames",
    description: "A Gateway API route (HTTPRoute, GRPCRoute, TLSRoute, any version, and patches that set hostnames) attached to a shared Gateway names its hosts: without hostnames, or with `*` or a wildcard over a public suffix (`*.com`, `*.co.uk`, `*.github.io`, per the Public Suffix List), it takes the traffic of every other team's hosts on that Gateway that its paths match.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "List the route's own hostnames (e.g. `api.example.com` or `*.api.example.com`); the platform's `route.hostnames` does this for every app.",
    configSchema,
    validateResource: (args, report) => {
        if (!isGatewayRoute(args.type, HOSTNAME_KINDS)) {
            return;
        }
        const { gatewayNamespaces } = configWithDefaults<{ gatewayNamespaces: string[] }>(configSchema, args.getConfig());
        const spec = obj(args.props.spec);
        const parents = sharedParents(spec, namespaceOf(args.props), gatewayNamespaces);
        if (parents.length === 0) {
            return;
        }
        const kind = baseKind(args.type);
        const isPatch = args.type.endsWith("Patch");
        if (spec.hostnames === undefined && isPatch) {
            return; // a patch that leaves hostnames alone
        }
        const hostnames = arr(spec.hostnames).map(String);
        if (hostnames.length === 0) {
            report(`${kind} attached to the shared Gateway ${parents.join(", ")} sets no hostnames: it takes every host's traffic that its paths match`);
        }
        for (const h of hostnames) {
            const why = tooWide(h);
            if (why) report(`${kind} hostname ${JSON.stringify(h)} on the shared Gateway ${parents.join(", ")} ${why}`);
        }
    },
};
