// #23 class 1 in the pack: a program that bypasses the schema still may not take a platform namespace over.
import * as assert from "assert";
import { platformNamespacesUntouched } from "../../policies/kubernetes/platformNamespacesUntouched";
import { isListType, kindOf } from "../../policies/lib/kinds";
import { runResource } from "./harness";

const inNamespace = (namespace: string) => ({ metadata: { name: "default-deny", namespace }, spec: { podSelector: {} } });

describe("k8s-platform-namespaces-untouched", () => {
    it("refuses what takes a namespace over, in every platform and system namespace, every form", () => {
        const types = [
            "kubernetes:networking.k8s.io/v1:NetworkPolicy", "kubernetes:networking.k8s.io/v1:NetworkPolicyPatch", "kubernetes:extensions/v1beta1:NetworkPolicy",
            "kubernetes:core/v1:ResourceQuota", "kubernetes:core/v1:LimitRangePatch", "kubernetes:rbac.authorization.k8s.io/v1:Role",
            "kubernetes:rbac.authorization.k8s.io/v1beta1:RoleBinding", "kubernetes:rbac.authorization.k8s.io/v1:RoleBindingPatch",
        ];
        for (const ns of ["gateway", "monitoring", "velero", "default", "kube-system", "kube-node-lease"]) {
            for (const type of types) {
                assert.strictEqual(runResource(platformNamespacesUntouched, type, inNamespace(ns)).messages.length, 1, `${type} in ${ns}`);
            }
        }
        assert.deepStrictEqual(runResource(platformNamespacesUntouched, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", inNamespace("gateway")).messages,
            ["RoleBinding in namespace \"gateway\": the platform's shared gateway namespace, which fronts every app, not a stack's to manage"]);
        assert.deepStrictEqual(runResource(platformNamespacesUntouched, "kubernetes:core/v1:Namespace", { metadata: { name: "monitoring" } }).messages,
            ["Namespace in namespace \"monitoring\": the platform's monitoring namespace, whose Prometheus scrapes every app, not a stack's to manage"]);
    });

    it("passes a stack's own namespace, and what the platform itself puts in its namespaces (Velero's schedule, a Helm release)", () => {
        assert.deepStrictEqual(runResource(platformNamespacesUntouched, "kubernetes:networking.k8s.io/v1:NetworkPolicy", inNamespace("shop")).messages, []);
        assert.deepStrictEqual(runResource(platformNamespacesUntouched, "kubernetes:core/v1:Namespace", { metadata: { name: "shop" } }).messages, []);
        assert.deepStrictEqual(runResource(platformNamespacesUntouched, "kubernetes:velero.io/v1:Schedule", { metadata: { name: "s", namespace: "velero" } }).messages, []);
        assert.deepStrictEqual(runResource(platformNamespacesUntouched, "kubernetes:helm.sh/v3:Release", { namespace: "monitoring" }).messages, []);
        assert.deepStrictEqual(runResource(platformNamespacesUntouched, "kubernetes:networking.k8s.io/v1:NetworkPolicy", { metadata: { name: "x" } }).messages, [], "no namespace: the provider's default, not judged here");
        assert.ok(!isListType("kubernetes:core/v1:ResourceQuota") && kindOf("kubernetes:core/v1:ResourceQuotaPatch") === "ResourceQuota");
    });
});
