// #23 class 5: the pack had no ingress rule; a NetworkPolicy admitting every source undid the namespace's deny.
import * as assert from "assert";
import { ingressRestricted } from "../../policies/kubernetes/ingressRestricted";
import { runResource } from "./harness";

const NP = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const policy = (ingress: unknown[]) => ({ metadata: { name: "web-ingress", namespace: "apps" }, spec: { podSelector: { matchLabels: { app: "web" } }, policyTypes: ["Ingress"], ingress } });
const messages = (ingress: unknown[], config: object = {}) => runResource(ingressRestricted, NP, policy(ingress), config).messages;

describe("k8s-ingress-restricted", () => {
    it("passes what the platform writes: the gateway namespace, monitoring on the metrics port, named peers", () => {
        assert.deepStrictEqual(messages([
            { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "gateway" } } }], ports: [{ port: 8080 }] },
            { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } } }], ports: [{ port: 9090 }] },
            { from: [{ podSelector: { matchLabels: { app: "worker" } } }, { ipBlock: { cidr: "10.20.0.0/16" } }] },
        ]), []);
        assert.deepStrictEqual(runResource(ingressRestricted, NP, { metadata: { name: "deny" }, spec: { podSelector: {}, policyTypes: ["Ingress"] } }).messages, [], "a default deny has no rules at all");
    });

    it("refuses every source: no from, an empty namespaceSelector, the internet", () => {
        assert.deepStrictEqual(messages([{}, { from: [] }, { from: [{ namespaceSelector: {} }, { namespaceSelector: {}, podSelector: {} }] }, { from: [{ ipBlock: { cidr: "0.0.0.0/0" } }, { ipBlock: { cidr: "10.0.0.0/15" } }, { ipBlock: { cidr: "::/0" } }, { ipBlock: { cidr: "nope" } }] }]), [
            "ingress[0] has no `from` peers: it admits every source",
            "ingress[1] has no `from` peers: it admits every source",
            "ingress[2].from[0] has an empty namespaceSelector: it admits every pod in every namespace",
            "ingress[2].from[1] has an empty namespaceSelector: it admits every pod in every namespace",
            "ingress[3].from[0].ipBlock.cidr \"0.0.0.0/0\": expected a source range of /16 or narrower: /0 is every address",
            "ingress[3].from[1].ipBlock.cidr \"10.0.0.0/15\": expected a source range of /16 or narrower: /15 admits far more than the app's callers",
            "ingress[3].from[2].ipBlock.cidr \"::/0\": expected a source range of /48 or narrower: /0 is every address",
            "ingress[3].from[3].ipBlock.cidr \"nope\": expected a CIDR",
        ]);
    });

    it("an empty namespaceSelector with pod labels selects those pods only; the bound is configurable", () => {
        assert.deepStrictEqual(messages([{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: "x" } } }] }]), []);
        assert.deepStrictEqual(messages([{ from: [{ ipBlock: { cidr: "10.0.0.0/8" } }] }], { minPrefixV4: 8 }), []);
    });
});
