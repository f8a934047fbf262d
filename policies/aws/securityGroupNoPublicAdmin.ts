import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AWS } from "../lib/cloud";
import { configWithDefaults } from "../lib/config";
import { DEFAULT_SENSITIVE_PORTS, exposedPorts, isPublicSource } from "../lib/network";
import { arr, num, obj } from "../lib/values";

const configSchema = {
    properties: {
        ports: { type: "array" as const, items: { type: "integer" as const }, default: DEFAULT_SENSITIVE_PORTS, description: "Admin and database ports." },
    },
};

/** Ingress rules of the three AWS shapes as { from, to, protocol, sources }. */
function ingressRules(type: string, props: Record<string, any>): { from?: number; to?: number; protocol: string; sources: unknown[] }[] {
    if (type === AWS.securityGroup) {
        return arr(props.ingress).map(obj).map(r => ({
            from: num(r.fromPort), to: num(r.toPort), protocol: String(r.protocol ?? ""),
            sources: [...arr(r.cidrBlocks), ...arr(r.ipv6CidrBlocks)],
        }));
    }
    if (type === AWS.securityGroupRule && props.type === "ingress") {
        return [{ from: num(props.fromPort), to: num(props.toPort), protocol: String(props.protocol ?? ""), sources: [...arr(props.cidrBlocks), ...arr(props.ipv6CidrBlocks)] }];
    }
    if (type === AWS.vpcIngressRule) {
        return [{ from: num(props.fromPort), to: num(props.toPort), protocol: String(props.ipProtocol ?? ""), sources: [props.cidrIpv4, props.cidrIpv6] }];
    }
    return [];
}

export const securityGroupNoPublicAdmin: ResourceValidationPolicy = {
    name: "aws-security-group-no-public-admin",
    description: "No security group rule opens admin or database ports to 0.0.0.0/0 or ::/0.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Restrict the source to the VPC CIDR, a bastion/VPN security group, or use SSM Session Manager instead of open SSH/RDP.",
    configSchema,
    validateResource: (args, report) => {
        const { ports } = configWithDefaults<{ ports: number[] }>(configSchema, args.getConfig());
        for (const rule of ingressRules(args.type, args.props)) {
            const publicSource = rule.sources.find(isPublicSource);
            if (!publicSource) {
                continue;
            }
            const allProtocols = rule.protocol === "-1" || rule.protocol.toLowerCase() === "all";
            const open = allProtocols ? ports : exposedPorts(rule.from, rule.to, ports);
            if (open.length > 0) {
                report(`ingress from ${String(publicSource)} opens port(s) ${open.join(", ")}`);
            }
        }
    },
};
