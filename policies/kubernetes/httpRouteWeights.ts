import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { isGatewayRoute } from "../lib/kubernetes";
import { arr, obj } from "../lib/values";

const configSchema = {
    properties: {
        expectedTotal: { type: "integer" as const, minimum: 0, default: 100, description: "Sum the weights of a split rule must reach (0: only require a positive total)." },
    },
};

/** Gateway API: weight is an integer in 0..1,000,000, default 1. */
const MAX_WEIGHT = 1_000_000;

export const httpRouteWeights: ResourceValidationPolicy = {
    name: "k8s-httproute-weights-valid",
    description: "Gateway API route (HTTPRoute, GRPCRoute, TLS/TCP/UDPRoute, any version) backendRef weights are integers within Gateway API bounds, and a split rule's weights add up to the platform total (100) so no traffic is dropped.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Give every backendRef of a split an integer weight in 0..100 summing to 100 (e.g. stable 90, canary 10).",
    configSchema,
    validateResource: (args, report) => {
        if (!isGatewayRoute(args.type)) {
            return;
        }
        const { expectedTotal } = configWithDefaults<{ expectedTotal: number }>(configSchema, args.getConfig());
        arr(obj(args.props.spec).rules).forEach((raw, i) => {
            const refs = arr(obj(raw).backendRefs).map(obj);
            let total = 0;
            refs.forEach((ref, j) => {
                const w = ref.weight ?? 1;
                if (typeof w !== "number" || !Number.isInteger(w) || w < 0 || w > MAX_WEIGHT) {
                    report(`rules[${i}].backendRefs[${j}] weight ${JSON.stringify(w)} is not an integer in 0..${MAX_WEIGHT}`);
                } else {
                    total += w;
                }
            });
            if (refs.length > 0 && total === 0) {
                report(`rules[${i}] weights are all zero: the route answers every request with 500`);
            } else if (refs.length > 1 && expectedTotal > 0 && total !== expectedTotal) {
                report(`rules[${i}] weights sum to ${total}, expected ${expectedTotal}`);
            }
        });
    },
};
