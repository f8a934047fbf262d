import type { ResourceValidationPolicy } from "@pulumi/policy";
import { egressCidrProblem } from "../lib/cidr";
import { configWithDefaults } from "../lib/config";
import { isNetworkPolicyType } from "../lib/kinds";
import { selectsAll } from "../lib/labelSelector";
import { arr, num, obj } from "../lib/values";

const configSchema = {
    properties: {
        minPrefixV4: { type: "integer" as const, default: 8, description: "Narrowest prefix an IPv4 ipBlock may have." },
        minPrefixV6: { type: "integer" as const, default: 32, description: "Narrowest prefix an IPv6 ipBlock may have." },
        maxPorts: { type: "integer" as const, default: 10, description: "Ports one egress rule may open (a port range counts every port in it; no ports means all 65535)." },
    },
};

/** Ports a NetworkPolicy rule opens: every port without a list, a port without a number opens all of its protocol. */
function portsOpened(ports: unknown[]): number {
    if (ports.length === 0) {
        return 65535;
    }
    return ports.map(obj).reduce((total, p) => {
        const from = num(p.port);
        const to = num(p.endPort);
        return total + (p.port === undefined ? 65535 : from !== undefined && to !== undefined ? Math.max(1, to - from + 1) : 1);
    }, 0);
}

export const egressRestricted: ResourceValidationPolicy = {
    name: "k8s-egress-restricted",
    description: "NetworkPolicy egress rules name their destinations and ports: no rule without `to` peers (any destination), no ipBlock wider than the bound or reaching link-local/metadata addresses, no empty namespaceSelector (every pod in every namespace), and no more than maxPorts ports per rule. Config: minPrefixV4=8, minPrefixV6=32, maxPorts=10.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "List each destination (a namespace and pod labels, or a narrow CIDR such as the database's subnets) and the ports the app calls; never `to: []`, 0.0.0.0/0 or 169.254.169.254.",
    configSchema,
    validateResource: (args, report) => {
        if (!isNetworkPolicyType(args.type)) {
            return;
        }
        const cfg = configWithDefaults<{ minPrefixV4: number; minPrefixV6: number; maxPorts: number }>(configSchema, args.getConfig());
        arr(obj(args.props.spec).egress).forEach((raw, i) => {
            const rule = obj(raw);
            const to = arr(rule.to);
            if (to.length === 0) {
                report(`egress[${i}] has no \`to\` peers: it allows every destination`);
            }
            to.forEach((rawPeer, j) => {
                const peer = obj(rawPeer);
                if (peer.ipBlock !== undefined) {
                    const cidr = obj(peer.ipBlock).cidr;
                    const problem = typeof cidr === "string" ? egressCidrProblem(cidr, { ipv4: cfg.minPrefixV4, ipv6: cfg.minPrefixV6 }) : "expected a CIDR";
                    if (problem !== undefined) {
                        report(`egress[${i}].to[${j}].ipBlock.cidr ${JSON.stringify(cidr)}: ${problem}`);
                    }
                } else if (peer.namespaceSelector !== undefined && selectsAll(peer.namespaceSelector) && selectsAll(peer.podSelector)) {
                    report(`egress[${i}].to[${j}] has an empty namespaceSelector: it allows every pod in every namespace`);
                }
            });
            const ports = arr(rule.ports);
            const opened = portsOpened(ports);
            if (opened > cfg.maxPorts) {
                report(`egress[${i}] opens ${ports.length === 0 ? "every port" : `${opened} ports`}, above the maximum of ${cfg.maxPorts}`);
            }
        });
    },
};
