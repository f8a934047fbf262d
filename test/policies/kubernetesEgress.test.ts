// k8s-egress-restricted against hostile NetworkPolicies: any-destination rules, wide or link-local
// ipBlocks, cluster-wide selectors and port ranges beyond the bound.
import * as assert from "assert";
import { egressRestricted } from "../../policies/kubernetes/egressRestricted";
import { evaluatePolicies, type PlanResource } from "../../policies/offline";
import { describeResourceCases, edit, runResource } from "./harness";

const NP = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const PRODUCTION = { minPrefixV4: 16, minPrefixV6: 48, maxPorts: 10 };

/** What AppDeployment writes: a pod peer, a CIDR, and DNS-like namespace peers, each on named ports. */
const egress = {
    metadata: { name: "api-egress", namespace: "shop" },
    spec: {
        podSelector: { matchLabels: { "app.kubernetes.io/name": "api" } },
        policyTypes: ["Egress"],
        egress: [
            { to: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "cart" } } }], ports: [{ port: 8080, protocol: "TCP" }] },
            { to: [{ ipBlock: { cidr: "10.20.1.0/24" } }], ports: [{ port: 5432, protocol: "TCP" }] },
            { to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }], ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }] },
        ],
    },
};

describeResourceCases([
    [egressRestricted, NP, egress, [
        ["spec.egress.0.to", undefined, /^egress\[0\] has no `to` peers: it allows every destination$/],
        ["spec.egress.0.to", [], /^egress\[0\] has no `to` peers/],
        ["spec.egress.1.to.0.ipBlock.cidr", "0.0.0.0/0", /^egress\[1\]\.to\[0\]\.ipBlock\.cidr "0\.0\.0\.0\/0": expected a destination range of \/8 or narrower for IPv4: \/0 is every address$/],
        ["spec.egress.1.to.0.ipBlock", { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] }, /"0\.0\.0\.0\/0": expected a destination range of \/8/],
        ["spec.egress.1.to.0.ipBlock.cidr", "::/0", /"::\/0": expected a destination range of \/32 or narrower for IPv6/],
        ["spec.egress.1.to.0.ipBlock.cidr", "169.254.169.254/32", /expected a destination outside 169\.254\.0\.0\/16 \(link-local: the cloud metadata service/],
        ["spec.egress.1.to.0.ipBlock.cidr", "::ffff:0:0/96", /expected an IPv6 range outside ::ffff:0:0\/96 \(ipv4Mapped: it carries IPv4 addresses/],
        ["spec.egress.1.to.0.ipBlock.cidr", "64:ff9b::/96", /expected an IPv6 range outside 64:ff9b::\/96 \(rfc6052/],
        ["spec.egress.1.to.0.ipBlock.cidr", "2002:a9fe::/32", /expected an IPv6 range outside 2002::\/16 \(6to4/],
        ["spec.egress.1.to.0.ipBlock.cidr", "not-a-cidr", /"not-a-cidr": expected a CIDR such as/],
        ["spec.egress.0.to.0", { namespaceSelector: {} }, /^egress\[0\]\.to\[0\] has an empty namespaceSelector: it allows every pod in every namespace$/],
        ["spec.egress.0.ports", undefined, /^egress\[0\] opens every port, above the maximum of 10$/],
        ["spec.egress.0.ports", [{ port: 1024, endPort: 65535, protocol: "TCP" }], /^egress\[0\] opens 64512 ports, above the maximum of 10$/],
        ["spec.egress.0.ports", [{ protocol: "TCP" }], /^egress\[0\] opens 65535 ports/],
    ]],
]);

describe("k8s-egress-restricted: bounds and scope", () => {
    it("applies the production bounds from config: /16 for IPv4, /48 for IPv6", () => {
        assert.deepStrictEqual(runResource(egressRestricted, NP, edit(egress, "spec.egress.1.to.0.ipBlock.cidr", "10.0.0.0/8"), PRODUCTION).messages, [
            'egress[1].to[0].ipBlock.cidr "10.0.0.0/8": expected a destination range of /16 or narrower for IPv4: /8 reaches far more than the services the app calls',
        ]);
        assert.deepStrictEqual(runResource(egressRestricted, NP, edit(egress, "spec.egress.1.to.0.ipBlock.cidr", "10.0.0.0/8")).messages, [], "dev bound /8");
        assert.deepStrictEqual(runResource(egressRestricted, NP, edit(egress, "spec.egress.0.ports", [{ port: 8000, endPort: 8009 }]), PRODUCTION).messages, [], "a range of 10 ports is within the bound");
    });
    it("passes namespace default-deny and ingress-only policies (no egress rules)", () => {
        assert.deepStrictEqual(runResource(egressRestricted, NP, { spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } }).messages, []);
        assert.deepStrictEqual(runResource(egressRestricted, NP, { spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{}] } }).messages, []);
    });
    it("is mandatory in production and advisory in dev", () => {
        const np: PlanResource = { urn: "urn:pulumi:production::platform::kubernetes:networking.k8s.io/v1:NetworkPolicy::open", type: NP, name: "open", parent: null, inputs: { spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ ports: [{ port: 443 }] }] } }, dependencies: [] };
        const levels = (environment: "dev" | "production") => evaluatePolicies([np], { environment }).violations.filter((v) => v.policy === "k8s-egress-restricted").map((v) => [v.enforcementLevel, v.message]);
        assert.deepStrictEqual(levels("production"), [["mandatory", "egress[0] has no `to` peers: it allows every destination"]]);
        assert.deepStrictEqual(levels("dev"), [["advisory", "egress[0] has no `to` peers: it allows every destination"]]);
    });
});
