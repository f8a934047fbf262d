// RBAC rules against hostile bindings and roles: Kubernetes' own system: groups as subjects, the
// verbs that bypass RBAC's escalation checks, and the built-in admin roles bound cluster-wide.
import * as assert from "assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { evaluatePolicies } from "../../policies/offline";
import { rbacNoAdminClusterBinding } from "../../policies/kubernetes/rbacNoAdminClusterBinding";
import { rbacNoEscalationVerbs } from "../../policies/kubernetes/rbacNoEscalationVerbs";
import { rbacNoSystemGroups } from "../../policies/kubernetes/rbacNoSystemGroups";
import { readsRoleType, rbacNoTrafficWriters } from "../../policies/kubernetes/rbacNoTrafficWriters";
import { trafficRules } from "../../components/kubernetes/trafficIdentity";
import { Environment } from "../../components/kubernetes/environment";
import { adminRules, developerRules, viewerRules } from "../../components/kubernetes/rbacRules";
import { planProgram } from "../support/plan";
import { describeResourceCases, edit, runResource, type Props } from "./harness";

const RB = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";
const CRB = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding";
const ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role";
const CLUSTER_ROLE = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole";

const binding = {
    metadata: { name: "platform-viewer", namespace: "shop" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "platform-viewer" },
    subjects: [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "engineering" }, { kind: "ServiceAccount", name: "ci", namespace: "shop" }],
};
const role = { metadata: { name: "deployer" }, rules: [{ apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: ["get", "create", "update"] }] };
const clusterBinding = { roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" }, subjects: [{ kind: "Group", name: "sre" }] };

describeResourceCases([
    [rbacNoSystemGroups, RB, binding, [
        ["subjects.0.name", "system:authenticated", /^subjects\[0\] binds "platform-viewer" to the group "system:authenticated" \(every authenticated user\)$/],
        ["subjects.0.name", "system:serviceaccounts", /\(every service account in the cluster\)$/],
        ["subjects.0.name", "system:serviceaccounts:kube-system", /\(every service account in namespace "kube-system"\)$/],
        ["subjects.0.name", "system:masters", /\(the groups that bypass RBAC\)$/],
        ["subjects.0.name", "system:kube-scheduler-ish", /\(a group Kubernetes itself manages\)$/],
    ]],
    [rbacNoSystemGroups, CRB, clusterBinding, [["subjects.0.name", "system:unauthenticated", /binds "view" to the group "system:unauthenticated" \(every anonymous request\)/]]],
    [rbacNoEscalationVerbs, CLUSTER_ROLE, role, [
        ["rules.0.verbs", ["get", "escalate"], /^rules\[0\] grants "escalate" on roles, rolebindings: its holder can write roles with permissions its holder does not have$/],
        ["rules.0.verbs", ["bind"], /^rules\[0\] grants "bind" on roles, rolebindings: its holder can bind any role/],
        ["rules.0", { apiGroups: [""], resources: ["users", "groups", "serviceaccounts"], verbs: ["impersonate"] }, /^rules\[0\] grants "impersonate" on users, groups, serviceaccounts: its holder can act as any user, group or service account$/],
    ]],
    [rbacNoEscalationVerbs, ROLE, role, [["rules.0.verbs", ["list", "bind"], /^rules\[0\] grants "bind"/]]],
    [rbacNoAdminClusterBinding, CRB, clusterBinding, [
        ["roleRef.name", "cluster-admin", /^ClusterRoleBinding grants the built-in "cluster-admin" ClusterRole in every namespace$/],
        ["roleRef.name", "admin", /"admin" ClusterRole in every namespace/],
        ["roleRef.name", "edit", /"edit" ClusterRole in every namespace/],
    ]],
]);

describe("RBAC rules: scope and configuration", () => {
    it("reports every system: group of a binding, and names the allowed ones only when configured", () => {
        const hostile = edit(binding, "subjects", [{ kind: "Group", name: "system:authenticated" }, { kind: "Group", name: "devs" }, { kind: "Group", name: "system:serviceaccounts:shop" }]);
        assert.deepStrictEqual(runResource(rbacNoSystemGroups, RB, hostile).messages, [
            'subjects[0] binds "platform-viewer" to the group "system:authenticated" (every authenticated user)',
            'subjects[2] binds "platform-viewer" to the group "system:serviceaccounts:shop" (every service account in namespace "shop")',
        ]);
        assert.deepStrictEqual(runResource(rbacNoSystemGroups, RB, hostile, { allowedGroups: ["system:authenticated", "system:serviceaccounts:shop"] }).messages, []);
    });
    it("leaves a ServiceAccount's own user name, look-alike groups (names are case-sensitive) and namespaced bindings of built-in roles alone", () => {
        assert.deepStrictEqual(runResource(rbacNoSystemGroups, RB, edit(binding, "subjects", [{ kind: "User", name: "system:serviceaccount:shop:ci" }, { kind: "Group", name: "System:Authenticated" }])).messages, []);
        assert.deepStrictEqual(runResource(rbacNoEscalationVerbs, ROLE, edit(role, "rules.0.verbs", ["Escalate"])).messages, []);
        assert.deepStrictEqual(runResource(rbacNoAdminClusterBinding, RB, edit(binding, "roleRef", { kind: "ClusterRole", name: "admin" })).messages, []);
    });
    it("the platform's own admin, developer and viewer rules grant none of the escalation verbs", () => {
        for (const rules of [adminRules, developerRules, viewerRules]) assert.deepStrictEqual(runResource(rbacNoEscalationVerbs, ROLE, { rules }).messages, []);
    });
});

describe("RBAC rules on what the Environment component would bind", () => {
    it("a system: group reaching the component (the schema refuses it first) is a mandatory violation in production", async () => {
        const plan = await planProgram(() => {
            new Environment("shop", {
                namespace: "shop",
                ownership: { environment: "production", owner: "shop", costCenter: "cc-1" },
                quota: { requestsCpu: "4", requestsMemory: "8Gi", limitsCpu: "8", limitsMemory: "16Gi", pods: 40, services: 10, persistentVolumeClaims: 5 },
                limitRange: { defaultRequest: { cpu: "100m", memory: "128Mi" }, defaultLimit: { cpu: "500m", memory: "512Mi" }, max: { cpu: "2", memory: "4Gi" } },
                groups: { admin: ["platform-admins"], developer: [], viewer: ["system:authenticated"] },
            });
            return {};
        });
        const result = evaluatePolicies(plan.resources, { environment: "production" });
        assert.deepStrictEqual(result.violations.filter((v) => v.policy.startsWith("k8s-rbac")).map((v) => [v.policy, v.enforcementLevel, v.name, v.message]), [
            ["k8s-rbac-no-system-group-subjects", "mandatory", "shop-viewer", 'subjects[0] binds "platform-viewer" to the group "system:authenticated" (every authenticated user)'],
        ]);
    });
});

// #23 class 10: traffic objects and workload templates change only through `pulumi up`, behind the gates.
describe("k8s-rbac-no-traffic-writers", () => {
    const developer = { metadata: { name: "platform-developer", namespace: "shop" }, rules: developerRules };
    const messages = (type: string, props: Props, config?: Record<string, unknown>) => runResource(rbacNoTrafficWriters, type, props, config).messages;

    it("passes the platform's viewer and developer Roles, its break-glass admin Role, and a traffic identity's patch of its route by name", () => {
        assert.deepStrictEqual(messages(ROLE, developer), []);
        assert.deepStrictEqual(messages(ROLE, { metadata: { name: "platform-viewer" }, rules: viewerRules }), []);
        assert.deepStrictEqual(messages(ROLE, { metadata: { name: "platform-admin" }, rules: adminRules }), []);
        assert.deepStrictEqual(messages(ROLE, { metadata: { name: "checkout-traffic" }, rules: trafficRules("checkout") }), []);
    });

    it("refuses each way of changing traffic or a workload by hand, naming the rule and what it grants", () => {
        assert.deepStrictEqual(messages(ROLE, { metadata: { name: "platform-developer" }, rules: adminRules }).length > 0, true, "the admin's rights under another name");
        assert.deepStrictEqual(messages(ROLE, edit(developer, "rules", [{ apiGroups: ["gateway.networking.k8s.io"], resources: ["httproutes"], verbs: ["get", "patch"] }])),
            ["rules[0] grants patch gateway.networking.k8s.io/httproutes: its holders could change traffic or a workload past the gates"]);
        for (const [group, resource, verb] of [["apps", "deployments", "update"], ["", "services", "patch"], ["batch", "jobs", "create"], ["", "configmaps", "patch"], ["", "pods", "create"], ["apps", "deployments/scale", "patch"], ["monitoring.coreos.com", "prometheusrules", "delete"], ["networking.k8s.io", "networkpolicies", "create"], ["", "serviceaccounts/token", "create"]]) {
            assert.deepStrictEqual(messages(ROLE, edit(developer, "rules", [{ apiGroups: [group], resources: [resource], verbs: ["get", verb] }])),
                [`rules[0] grants ${verb} ${group === "" ? "core" : group}/${resource}: its holders could change traffic or a workload past the gates`], `${verb} ${resource}`);
        }
        // Wildcards are every group, every resource, every verb.
        assert.match(messages(CLUSTER_ROLE, { metadata: { name: "ops" }, rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] })[0], /^rules\[0\] grants \* core\/pods, \* core\/services, .* \(and [0-9]+ more\): /);
        // A route patch by name is only a traffic identity's (a Role named <app>-traffic).
        assert.equal(messages(ROLE, { metadata: { name: "platform-developer" }, rules: trafficRules("checkout") }).length, 1);
    });

    it("sees every version, Patch and List form of a Role, and lets the allowed Roles be configured", () => {
        const hostile = { metadata: { name: "deployers" }, rules: [{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["patch"] }] };
        for (const type of [ROLE, CLUSTER_ROLE, `${ROLE}Patch`, `${CLUSTER_ROLE}Patch`, "kubernetes:rbac.authorization.k8s.io/v1beta1:Role", "kubernetes:rbac.authorization.k8s.io/v1alpha1:ClusterRole"]) {
            assert.deepStrictEqual(messages(type, hostile), ["rules[0] grants patch apps/deployments: its holders could change traffic or a workload past the gates"], type);
        }
        assert.deepStrictEqual(messages(`${ROLE}List`, { items: [developer, hostile] }), ["items[1].rules[0] grants patch apps/deployments: its holders could change traffic or a workload past the gates"]);
        assert.deepStrictEqual(messages(ROLE, hostile, { allowedRoles: ["deployers"] }), []);
        assert.deepStrictEqual(messages(ROLE, { metadata: { name: "platform-admin" }, rules: adminRules }, { allowedRoles: [] }).length > 0, true, "the admin passes only by the config");
    });

    it("every Role kind the Kubernetes provider ships is one this rule reads", () => {
        const dir = path.dirname(require.resolve("@pulumi/kubernetes/rbac/v1"));
        const kinds = fs.readdirSync(path.dirname(dir)).filter((v) => /^v[0-9]/.test(v)).flatMap((v) =>
            fs.readdirSync(path.join(path.dirname(dir), v)).filter((f) => /^(clusterRole|role)(Patch|List)?\.d\.ts$/.test(f)).map((f) => `kubernetes:rbac.authorization.k8s.io/${v}:${f[0].toUpperCase()}${f.slice(1).replace(/\.d\.ts$/, "")}`));
        assert.ok(kinds.length >= 6, kinds.join(", "));
        assert.deepStrictEqual(kinds.filter((k) => !readsRoleType(k)), []);
        for (const other of ["kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "kubernetes:rbac.authorization.k8s.io/v1:RoleBindingList", "kubernetes:core/v1:ConfigMapList"]) assert.ok(!readsRoleType(other), other);
    });
});
