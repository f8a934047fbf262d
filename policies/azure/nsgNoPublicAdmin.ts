import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AZURE } from "../lib/cloud";
import { configWithDefaults } from "../lib/config";
import { DEFAULT_SENSITIVE_PORTS, exposedPorts, isPublicSource, parsePortRange } from "../lib/network";
import { arr, obj } from "../lib/values";

const configSchema = {
    properties: {
        ports: { type: "array" as const, items: { type: "integer" as const }, default: DEFAULT_SENSITIVE_PORTS },
    },
};

/** Sensitive ports an inbound Allow rule opens to the internet. */
export function openedPorts(rule: Record<string, any>, ports: number[]): number[] {
    if (rule.direction !== "Inbound" || rule.access !== "Allow") {
        return [];
    }
    const sources = [rule.sourceAddressPrefix, ...arr(rule.sourceAddressPrefixes)];
    if (!sources.some(isPublicSource)) {
        return [];
    }
    const ranges = [rule.destinationPortRange, ...arr(rule.destinationPortRanges)].map(parsePortRange);
    return [...new Set(ranges.flatMap(r => (r ? exposedPorts(r[0], r[1], ports) : [])))];
}

export const nsgNoPublicAdmin: ResourceValidationPolicy = {
    name: "azure-nsg-no-public-admin",
    description: "No network security rule allows inbound traffic from the internet (*, Internet, 0.0.0.0/0) to admin or database ports.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Restrict `sourceAddressPrefix` to the VNet or a bastion subnet; use Azure Bastion for SSH/RDP.",
    configSchema,
    validateResource: (args, report) => {
        const { ports } = configWithDefaults<{ ports: number[] }>(configSchema, args.getConfig());
        const rules = args.type === AZURE.nsg ? arr(args.props.securityRules).map(obj)
            : args.type === AZURE.securityRule ? [args.props] : [];
        for (const rule of rules) {
            const open = openedPorts(rule, ports);
            if (open.length > 0) {
                report(`rule "${String(rule.name ?? args.name)}" opens port(s) ${open.join(", ")} to the internet`);
            }
        }
    },
};
