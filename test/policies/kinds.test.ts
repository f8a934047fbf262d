// Pack bypass by kind: every rule that guards a kind must refuse a bad object of that kind in every
// form the Kubernetes provider registers (each version, the *Patch), and every *List of any kind is
// refused whole by k8s-no-list-objects. The forms are enumerated from the installed provider, so a
// kind or version added by a provider upgrade is tested without anyone listing it here.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { egressRestricted } from "../../policies/kubernetes/egressRestricted";
import { ingressRestricted } from "../../policies/kubernetes/ingressRestricted";
import { noCredentialsInConfigMaps } from "../../policies/kubernetes/noCredentialsInConfigMaps";
import { noExternalServices } from "../../policies/kubernetes/noExternalServices";
import { noListObjects } from "../../policies/kubernetes/noListObjects";
import { rbacNoAdminClusterBinding } from "../../policies/kubernetes/rbacNoAdminClusterBinding";
import { rbacNoClusterAdmin } from "../../policies/kubernetes/rbacNoClusterAdmin";
import { rbacNoEscalationVerbs } from "../../policies/kubernetes/rbacNoEscalationVerbs";
import { rbacNoSystemGroups } from "../../policies/kubernetes/rbacNoSystemGroups";
import { rbacNoTrafficWriters } from "../../policies/kubernetes/rbacNoTrafficWriters";
import { rbacNoWildcards } from "../../policies/kubernetes/rbacNoWildcards";
import { isListType, kindMatcher, kindOf } from "../../policies/lib/kinds";
import { repoRoot } from "../support/plan";
import { runResource, type Props } from "./harness";

/** Every type token the installed Kubernetes provider registers. */
function providerTokens(): string[] {
    const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" ? [] : walk(p);
        return e.name.endsWith(".js") ? [...fs.readFileSync(p, "utf8").matchAll(/__pulumiType = '(kubernetes:[^']+)'/g)].map((m) => m[1]) : [];
    });
    return [...new Set(walk(path.join(repoRoot, "node_modules/@pulumi/kubernetes")))].sort();
}

const TOKENS = providerTokens();

const binding = (role: string, subject: string) => ({
    metadata: { name: "b", namespace: "apps" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
    subjects: [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: subject }],
});
const role = (rules: Props[]) => ({ metadata: { name: "r", namespace: "apps" }, rules });

/** A guarding rule, the kinds it guards, and an object of those kinds it must refuse. */
const GUARDS: { rule: ResourceValidationPolicy; kinds: string[]; bad: (kind: string) => Props }[] = [
    { rule: rbacNoWildcards, kinds: ["Role", "ClusterRole"], bad: () => role([{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]) },
    { rule: rbacNoEscalationVerbs, kinds: ["Role", "ClusterRole"], bad: () => role([{ apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["escalate"] }]) },
    { rule: rbacNoTrafficWriters, kinds: ["Role", "ClusterRole"], bad: () => role([{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["patch"] }]) },
    { rule: rbacNoSystemGroups, kinds: ["RoleBinding", "ClusterRoleBinding"], bad: () => binding("view", "system:authenticated") },
    { rule: rbacNoClusterAdmin, kinds: ["RoleBinding", "ClusterRoleBinding"], bad: () => binding("cluster-admin", "devs") },
    { rule: rbacNoAdminClusterBinding, kinds: ["ClusterRoleBinding"], bad: () => binding("admin", "devs") },
    { rule: egressRestricted, kinds: ["NetworkPolicy"], bad: () => ({ metadata: { name: "n", namespace: "apps" }, spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }] } }) },
    { rule: ingressRestricted, kinds: ["NetworkPolicy"], bad: () => ({ metadata: { name: "n", namespace: "apps" }, spec: { podSelector: {}, ingress: [{}] } }) },
    { rule: noCredentialsInConfigMaps, kinds: ["ConfigMap"], bad: () => ({ metadata: { name: "c", namespace: "apps" }, data: { DB_PASSWORD: "hunter2hunter2" } }) },
    {
        rule: noExternalServices, kinds: ["Service", "Ingress"],
        bad: (kind) => kind === "Service"
            ? { metadata: { name: "s", namespace: "apps" }, spec: { type: "LoadBalancer", selector: { app: "a" }, ports: [{ port: 80 }] } }
            : { metadata: { name: "i", namespace: "apps" }, spec: { defaultBackend: { service: { name: "a", port: { number: 80 } } } } },
    },
];

describe("pack bypass by kind (#23 class 2)", () => {
    it("the provider's tokens were found, Lists and Patches among them", () => {
        assert.ok(TOKENS.length > 400, `${TOKENS.length}`);
        assert.ok(TOKENS.filter(isListType).length > 150);
        assert.ok(TOKENS.includes("kubernetes:rbac.authorization.k8s.io/v1beta1:ClusterRoleBindingPatch"));
    });

    for (const { rule, kinds, bad } of GUARDS) {
        const forms = TOKENS.filter((t) => kinds.includes(kindOf(t)) && !isListType(t));
        it(`${rule.name} refuses every version and Patch of ${kinds.join(", ")} (${forms.length} forms)`, () => {
            assert.ok(forms.length >= kinds.length * 2, forms.join(", "));
            const passed = forms.filter((t) => runResource(rule, t, bad(kindOf(t))).messages.length === 0);
            assert.deepStrictEqual(passed, []);
        });
        const lists = TOKENS.filter((t) => kinds.includes(kindOf(t)) && isListType(t));
        it(`k8s-no-list-objects refuses every List of ${kinds.join(", ")} holding what ${rule.name} refuses (${lists.length} forms)`, () => {
            assert.ok(lists.length >= kinds.length);
            for (const t of lists) {
                assert.deepStrictEqual(runResource(noListObjects, t, { items: [bad(kindOf(t)), bad(kindOf(t))] }).messages,
                    [`${kindOf(t)}List applies 2 items the pack's rules do not inspect: declare each ${kindOf(t)} on its own`], t);
            }
        });
    }

    it("k8s-no-list-objects refuses every List the provider ships, empty or not, and nothing else", () => {
        const refused = TOKENS.filter((t) => runResource(noListObjects, t, { items: [] }).messages.length > 0);
        assert.deepStrictEqual(refused, TOKENS.filter((t) => t.endsWith("List")));
        assert.deepStrictEqual(runResource(noListObjects, "kubernetes:core/v1:ServiceList", { items: [{}] }).messages,
            ["ServiceList applies 1 item the pack's rules do not inspect: declare each Service on its own"]);
        assert.deepStrictEqual(runResource(noListObjects, "kubernetes:monitoring.coreos.com/v1:PrometheusRuleList", {}).messages,
            ["PrometheusRuleList applies 0 items the pack's rules do not inspect: declare each PrometheusRule on its own"]);
        for (const t of ["kubernetes:core/v1:Service", "kubernetes:helm.sh/v4:Chart", "kubernetes:yaml/v2:ConfigGroup", "aws:ec2/prefixList:PrefixList", "kubernetes:core/v1:Listing"]) {
            assert.deepStrictEqual(runResource(noListObjects, t, { items: [] }).messages, [], t);
        }
    });

    it("a ClusterRoleBindingPatch giving cluster-admin's binding to every authenticated user is refused twice over", () => {
        const patch = { metadata: { name: "cluster-admin" }, subjects: [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "system:authenticated" }] };
        const type = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBindingPatch";
        assert.deepStrictEqual(runResource(rbacNoSystemGroups, type, patch).messages,
            ["subjects[0] binds the role to the group \"system:authenticated\" (every authenticated user)"]);
        assert.deepStrictEqual(runResource(rbacNoClusterAdmin, type, patch).messages,
            ["ClusterRoleBinding patch states no roleRef.name: the rules cannot tell which role its subjects would get (state the roleRef the live binding has)"]);
    });

    it("a binding patch that states its roleRef is judged by it; a full binding needs none of this", () => {
        const type = "kubernetes:rbac.authorization.k8s.io/v1:RoleBindingPatch";
        assert.deepStrictEqual(runResource(rbacNoClusterAdmin, type, binding("view", "devs")).messages, []);
        assert.deepStrictEqual(runResource(rbacNoClusterAdmin, type, binding("cluster-admin", "devs")).messages, ["binding grants \"cluster-admin\""]);
        assert.deepStrictEqual(runResource(rbacNoClusterAdmin, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", { metadata: { name: "b" }, subjects: [] }).messages, []);
    });

    it("patches that change nothing the rules guard pass", () => {
        assert.deepStrictEqual(runResource(egressRestricted, "kubernetes:networking.k8s.io/v1:NetworkPolicyPatch",
            { metadata: { name: "n", namespace: "apps" }, spec: { egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/16" } }], ports: [{ port: 5432 }] }] } }).messages, []);
        assert.deepStrictEqual(runResource(noCredentialsInConfigMaps, "kubernetes:core/v1:ConfigMapPatch", { metadata: { name: "c" }, data: { LOG_LEVEL: "debug" } }).messages, []);
    });

    it("a credential hidden in a ConfigMap's binaryData is found after decoding, and never echoed", () => {
        const messages = runResource(noCredentialsInConfigMaps, "kubernetes:core/v1:ConfigMapPatch",
            { metadata: { name: "c" }, binaryData: { "db.conf": Buffer.from("postgres://app:s3cr3t-pass@db:5432/app").toString("base64") } }).messages;
        assert.strictEqual(messages.length, 1);
        assert.match(messages[0], /^ConfigMap binaryData .*a URL with an embedded password/);
        assert.ok(!messages[0].includes("s3cr3t"), messages[0]);
    });

    it("kindMatcher matches any version of the named groups only, with or without Patch, never a List", () => {
        const m = kindMatcher({ NetworkPolicy: ["networking.k8s.io", "extensions"] });
        for (const t of ["kubernetes:networking.k8s.io/v1:NetworkPolicy", "kubernetes:networking.k8s.io/v2beta3:NetworkPolicyPatch", "kubernetes:extensions/v1beta1:NetworkPolicy"]) {
            assert.ok(m(t), t);
        }
        for (const t of ["kubernetes:networking.k8s.io/v1:NetworkPolicyList", "kubernetes:networkingXk8s.io/v1:NetworkPolicy", "kubernetes:evil.networking.k8s.io/v1:NetworkPolicy",
            "kubernetes:networking.k8s.io/v1:NetworkPolicyPatchX", "kubernetes:networking.k8s.io/v1:AdminNetworkPolicy", "kubernetes:networking.k8s.io/1:NetworkPolicy"]) {
            assert.ok(!m(t), t);
        }
    });
});
