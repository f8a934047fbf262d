import * as assert from "node:assert/strict";
import { gateIdentityScoped, gateRuleProblem } from "../../policies/kubernetes/gateIdentityScoped";
import { runStack, type StackItem } from "./harness";

const JOB = "kubernetes:batch/v1:Job";
const ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role";
const CLUSTER_ROLE = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole";
const BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";
const CLUSTER_BINDING = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding";

const routeRule = { apiGroups: ["gateway.networking.k8s.io"], resources: ["httproutes"], resourceNames: ["checkout"], verbs: ["get", "patch"] };
const job = (spec: Record<string, unknown>, labels: Record<string, string> = { "platform.dev/gate": "release" }): StackItem => ({
    type: JOB, name: "release", props: { metadata: { name: "checkout-gate-release", namespace: "shop", labels }, spec: { template: { spec: { containers: [{ name: "gate", image: "node" }], ...spec } } } },
});
const identityJob = job({ serviceAccountName: "checkout-traffic", automountServiceAccountToken: true });
const role = (rules: unknown[], name = "checkout-traffic"): StackItem => ({ type: ROLE, name: `role-${name}`, props: { metadata: { name, namespace: "shop" }, rules } });
const binding = (roleRef: Record<string, string>, subjectNamespace?: string, type = BINDING): StackItem => ({
    type, name: `binding-${roleRef.name}`,
    props: { metadata: { name: `bind-${roleRef.name}`, namespace: "shop" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", ...roleRef }, subjects: [{ kind: "ServiceAccount", name: "checkout-traffic", ...(subjectNamespace ? { namespace: subjectNamespace } : {}) }] },
});
const messages = (items: StackItem[]) => runStack(gateIdentityScoped, items).messages;

describe("k8s-gate-identity-scoped: a gate's token may only get and patch named routes", () => {
    it("passes the traffic identity the Canary component makes, and gates without a token", () => {
        assert.deepEqual(messages([identityJob, role([routeRule]), binding({ kind: "Role", name: "checkout-traffic" }, "shop")]), []);
        assert.deepEqual(messages([job({ automountServiceAccountToken: false })]), []);
        assert.deepEqual(messages([job({ serviceAccountName: "x" }, { app: "web" })]), [], "not a gate Job");
    });

    it("refuses every widening of the Role, naming the rule", () => {
        const cases: Array<[Record<string, unknown>, string]> = [
            [{ ...routeRule, verbs: ["get", "patch", "delete"] }, 'grants verbs ["get","patch","delete"], not only get and patch'],
            [{ ...routeRule, verbs: ["*"] }, 'grants verbs ["*"], not only get and patch'],
            [{ ...routeRule, verbs: [] }, "grants verbs [], not only get and patch"],
            [{ ...routeRule, resources: ["httproutes", "grpcroutes"] }, 'grants resources ["httproutes","grpcroutes"], not only httproutes'],
            [{ ...routeRule, resources: ["*"] }, 'grants resources ["*"], not only httproutes'],
            [{ ...routeRule, apiGroups: ["", "gateway.networking.k8s.io"] }, 'grants API groups ["","gateway.networking.k8s.io"], not only gateway.networking.k8s.io'],
            [{ ...routeRule, resourceNames: [] }, "names no route (resourceNames): it could change every route of the namespace"],
            [{ nonResourceURLs: ["/metrics"], verbs: ["get"] }, "grants non-resource URLs"],
        ];
        for (const [rule, why] of cases) {
            assert.equal(gateRuleProblem(rule), why);
            assert.deepEqual(messages([identityJob, role([routeRule, rule]), binding({ kind: "Role", name: "checkout-traffic" })]), [`release: gate identity checkout-traffic: Role checkout-traffic rules[1] ${why}`]);
        }
    });

    it("refuses a ClusterRole, a ClusterRoleBinding, a Role outside the stack, and the default token", () => {
        assert.deepEqual(messages([identityJob, { type: CLUSTER_ROLE, name: "edit", props: { metadata: { name: "edit" }, rules: [routeRule] } }, binding({ kind: "ClusterRole", name: "edit" })]), [
            "release: gate identity checkout-traffic is bound to ClusterRole edit by RoleBinding bind-edit: only a Role of its namespace may grant it anything",
        ]);
        assert.deepEqual(messages([identityJob, binding({ kind: "ClusterRole", name: "view" }, "shop", CLUSTER_BINDING)]), ["release: gate identity checkout-traffic is bound cluster-wide by ClusterRoleBinding bind-view"]);
        assert.deepEqual(messages([identityJob, binding({ kind: "Role", name: "elsewhere" })]), ["release: gate identity checkout-traffic is bound to Role elsewhere, which the stack does not hold: its rights cannot be checked"]);
        for (const spec of [{}, { serviceAccountName: "default" }, { automountServiceAccountToken: true }]) {
            assert.deepEqual(messages([job(spec)]), ["release: gate Job mounts the namespace's default ServiceAccount token: set automountServiceAccountToken false, or run it as its own traffic identity"]);
        }
    });

    it("a binding of a namesake in another namespace is not the gate's", () => {
        assert.deepEqual(messages([identityJob, role([{ ...routeRule, verbs: ["*"] }]), binding({ kind: "Role", name: "checkout-traffic" }, "other")]), []);
    });
});
