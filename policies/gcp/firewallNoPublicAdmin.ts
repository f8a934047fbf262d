import type { ResourceValidationPolicy } from "@pulumi/policy";
import { GCP } from "../lib/cloud";
import { configWithDefaults } from "../lib/config";
import { DEFAULT_SENSITIVE_PORTS, exposedPorts, isPublicSource, parsePortRange } from "../lib/network";
import { arr, obj } from "../lib/values";

const configSchema = {
    properties: {
        ports: { type: "array" as const, items: { type: "integer" as const }, default: DEFAULT_SENSITIVE_PORTS },
    },
};

export const firewallNoPublicAdmin: ResourceValidationPolicy = {
    name: "gcp-firewall-no-public-admin",
    description: "No enabled ingress firewall rule allows 0.0.0.0/0 to admin or database ports.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Narrow `sourceRanges` to internal ranges or use IAP TCP forwarding (35.235.240.0/20) for SSH/RDP.",
    configSchema,
    validateResource: (args, report) => {
        if (args.type !== GCP.firewall || args.props.disabled === true || (args.props.direction ?? "INGRESS") !== "INGRESS") {
            return;
        }
        const publicSource = arr(args.props.sourceRanges).find(isPublicSource);
        if (!publicSource) {
            return;
        }
        const { ports } = configWithDefaults<{ ports: number[] }>(configSchema, args.getConfig());
        const open = new Set<number>();
        for (const allow of arr(args.props.allows).map(obj)) {
            const specs = arr(allow.ports);
            if (specs.length === 0) {
                ports.forEach(p => open.add(p)); // no ports: every port of the protocol
            }
            for (const r of specs.map(parsePortRange)) {
                (r ? exposedPorts(r[0], r[1], ports) : []).forEach(p => open.add(p));
            }
        }
        if (open.size > 0) {
            report(`ingress from ${String(publicSource)} opens port(s) ${[...open].sort((a, b) => a - b).join(", ")}`);
        }
    },
};
