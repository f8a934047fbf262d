import type { ResourceValidationPolicy } from "@pulumi/policy";
import { parseCidr } from "../lib/cidr";
import { configWithDefaults } from "../lib/config";
import { isNetworkPolicyType } from "../lib/kinds";
import { selectsAll } from "../lib/labelSelector";
import { arr, obj } from "../lib/values";

const configSchema = {
    properties: {
        minPrefixV4: { type: "integer" as const, minimum: 0, maximum: 32, default: 16, description: "Narrowest prefix an IPv4 ipBlock source may have." },
        minPrefixV6: { type: "integer" as const, minimum: 0, maximum: 128, default: 48, description: "Narrowest prefix an IPv6 ipBlock source may have." },
    },
};

/**
 * The ingress side of the namespace's default deny. Apps are reached through the gateway and by the peers their
 * stack names; a NetworkPolicy (any version, Patch) that admits every source undoes the deny for the pods it
 * selects: a rule without `from`, a peer whose namespaceSelector and podSelector select everything, or an
 * ipBlock as wide as the internet.
 */
export const ingressRestricted: ResourceValidationPolicy = {
    name: "k8s-ingress-restricted",
    description: "NetworkPolicy ingress rules name their sources: no rule without `from` peers (every source), no peer with an empty namespaceSelector (every pod in every namespace), no ipBlock wider than the bound. Config: minPrefixV4=16, minPrefixV6=48.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Admit the gateway namespace, the monitoring namespace on the metrics port, and the namespaces or pod labels that call the app (platform:apps[].allowFrom); never `from: []`, `namespaceSelector: {}` or 0.0.0.0/0.",
    configSchema,
    validateResource: (args, report) => {
        if (!isNetworkPolicyType(args.type)) return;
        const cfg = configWithDefaults<{ minPrefixV4: number; minPrefixV6: number }>(configSchema, args.getConfig());
        arr(obj(args.props.spec).ingress).forEach((raw, i) => {
            const from = arr(obj(raw).from);
            if (from.length === 0) report(`ingress[${i}] has no \`from\` peers: it admits every source`);
            from.forEach((rawPeer, j) => {
                const peer = obj(rawPeer);
                if (peer.ipBlock !== undefined) {
                    const text = obj(peer.ipBlock).cidr;
                    const cidr = typeof text === "string" ? parseCidr(text) : undefined;
                    const min = cidr?.family === "ipv6" ? cfg.minPrefixV6 : cfg.minPrefixV4;
                    if (cidr === undefined) report(`ingress[${i}].from[${j}].ipBlock.cidr ${JSON.stringify(text)}: expected a CIDR`);
                    else if (cidr.prefix < min) report(`ingress[${i}].from[${j}].ipBlock.cidr "${text}": expected a source range of /${min} or narrower: /${cidr.prefix} ${cidr.prefix === 0 ? "is every address" : "admits far more than the app's callers"}`);
                } else if (peer.namespaceSelector !== undefined && selectsAll(peer.namespaceSelector) && selectsAll(peer.podSelector)) {
                    report(`ingress[${i}].from[${j}] has an empty namespaceSelector: it admits every pod in every namespace`);
                }
            });
        });
    },
};
