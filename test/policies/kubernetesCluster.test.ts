import * as assert from "assert";
import { canaryStepProblems, canaryStepsRising } from "../../policies/kubernetes/canaryStepsRising";
import { httpRouteWeights } from "../../policies/kubernetes/httpRouteWeights";
import { minimumReplicas } from "../../policies/kubernetes/minimumReplicas";
import { namespaceDefaultDeny } from "../../policies/kubernetes/namespaceDefaultDeny";
import { noCredentialsInConfigMaps } from "../../policies/kubernetes/noCredentialsInConfigMaps";
import { noExternalServices } from "../../policies/kubernetes/noExternalServices";
import { podDisruptionBudget } from "../../policies/kubernetes/podDisruptionBudget";
import { rbacNoClusterAdmin } from "../../policies/kubernetes/rbacNoClusterAdmin";
import { rbacNoWildcards } from "../../policies/kubernetes/rbacNoWildcards";
import { trafficShiftGated } from "../../policies/kubernetes/trafficShiftGated";
import { DEPLOYMENT, secureDeployment } from "./fixtures";
import { StackItem, assertStackUnknownSafe, assertUnknownSafe, edit, runResource, runStack } from "./harness";

const SERVICE = "kubernetes:core/v1:Service";
const ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";
const JOB = "kubernetes:batch/v1:Job";
const NS = "kubernetes:core/v1:Namespace";
const NP = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const PDB = "kubernetes:policy/v1:PodDisruptionBudget";
const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";

const route = { metadata: { name: "web", namespace: "apps" }, spec: { rules: [{ backendRefs: [{ name: "web-stable", port: 80, weight: 90 }, { name: "web-canary", port: 80, weight: 10 }] }] } };
const defaultDeny = { metadata: { name: "default-deny", namespace: "apps" }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"], egress: [{ ports: [{ port: 53, protocol: "UDP" }] }] } };

describe("kubernetes cluster-object rules", () => {
    describe("k8s-no-external-services", () => {
        const svc = { metadata: { name: "web", namespace: "apps" }, spec: { type: "ClusterIP", ports: [{ port: 80 }] } };
        it("passes ClusterIP services and gateway LoadBalancers", () => {
            assert.deepStrictEqual(runResource(noExternalServices, SERVICE, svc).messages, []);
            assert.deepStrictEqual(runResource(noExternalServices, SERVICE, edit(edit(svc, "spec.type", "LoadBalancer"), "metadata.namespace", "gateway")).messages, []);
        });
        it("rejects a LoadBalancer outside the gateway namespace", () => {
            assert.deepStrictEqual(runResource(noExternalServices, SERVICE, edit(svc, "spec.type", "LoadBalancer")).messages,
                ['Service of type LoadBalancer in namespace "apps" (allowed only in gateway)']);
        });
        it("rejects a NodePort", () => {
            assert.strictEqual(runResource(noExternalServices, SERVICE, edit(svc, "spec.type", "NodePort")).messages.length, 1);
        });
        it("never crashes on unknowns", () => assert.ok(assertUnknownSafe(noExternalServices, SERVICE, edit(svc, "spec.type", "NodePort")) > 3));
    });

    describe("k8s-no-credentials-in-configmaps", () => {
        const cm = { metadata: { name: "web" }, data: { LOG_LEVEL: "info", PASSWORD_FILE: "/run/secrets/pw", TOKEN_TTL_SECONDS: "3600" } };
        const CM = "kubernetes:core/v1:ConfigMap";
        it("passes plain settings and references to secrets", () => assert.deepStrictEqual(runResource(noCredentialsInConfigMaps, CM, cm).messages, []));
        it("rejects a password", () => assert.deepStrictEqual(runResource(noCredentialsInConfigMaps, CM, edit(cm, "data.DB_PASSWORD", "hunter2")).messages,
            ['ConfigMap "DB_PASSWORD" holds a literal value that looks like a credential']));
        it("rejects an AWS access key id under any key", () => assert.match(runResource(noCredentialsInConfigMaps, CM, edit(cm, "data.settings", "id=AKIAABCDEFGHIJKLMNOP")).messages[0], /AWS access key id/));
        it("rejects a PEM private key", () => assert.match(runResource(noCredentialsInConfigMaps, CM, edit(cm, "data.tls", "-----BEGIN RSA PRIVATE KEY-----\nx")).messages[0], /PEM private key/));
        it("honours allowedKeys", () => assert.deepStrictEqual(runResource(noCredentialsInConfigMaps, CM, edit(cm, "data.DB_PASSWORD", "x"), { allowedKeys: ["DB_PASSWORD"] }).messages, []));
        it("never crashes on unknowns", () => assert.ok(assertUnknownSafe(noCredentialsInConfigMaps, CM, cm) > 3));
    });

    describe("k8s-rbac-no-wildcards", () => {
        const role = { rules: [{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list", "watch", "patch"] }] };
        const ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role";
        it("passes explicit rules", () => assert.deepStrictEqual(runResource(rbacNoWildcards, ROLE, role).messages, []));
        for (const field of ["verbs", "resources", "apiGroups"]) {
            it(`rejects "*" in ${field}`, () => assert.deepStrictEqual(runResource(rbacNoWildcards, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", edit(role, `rules.0.${field}`, ["*"])).messages, [`rules[0].${field} contains "*"`]));
        }
        it("never crashes on unknowns", () => assert.ok(assertUnknownSafe(rbacNoWildcards, ROLE, role) > 5));
    });

    describe("k8s-rbac-no-cluster-admin-binding", () => {
        const binding = { roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "developer" }, subjects: [{ kind: "Group", name: "devs" }] };
        const RB = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";
        it("passes a namespaced role binding", () => assert.deepStrictEqual(runResource(rbacNoClusterAdmin, RB, binding).messages, []));
        it("rejects cluster-admin", () => assert.deepStrictEqual(runResource(rbacNoClusterAdmin, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", edit(binding, "roleRef.name", "cluster-admin")).messages, ['binding grants "cluster-admin"']));
        it("rejects unauthenticated subjects", () => assert.deepStrictEqual(runResource(rbacNoClusterAdmin, RB, edit(binding, "subjects.0.name", "system:unauthenticated")).messages, ['binding grants a role to "system:unauthenticated"']));
        it("never crashes on unknowns", () => assert.ok(assertUnknownSafe(rbacNoClusterAdmin, RB, binding) > 4));
    });

    describe("k8s-httproute-weights-valid", () => {
        it("passes a 90/10 split and a single unweighted backend", () => {
            assert.deepStrictEqual(runResource(httpRouteWeights, ROUTE, route).messages, []);
            assert.deepStrictEqual(runResource(httpRouteWeights, ROUTE, edit(route, "spec.rules.0.backendRefs", [{ name: "web" }])).messages, []);
        });
        it("rejects weights not summing to 100", () => assert.deepStrictEqual(runResource(httpRouteWeights, ROUTE, edit(route, "spec.rules.0.backendRefs.1.weight", 20)).messages, ["rules[0] weights sum to 110, expected 100"]));
        it("rejects a negative or fractional weight", () => {
            assert.match(runResource(httpRouteWeights, ROUTE, edit(route, "spec.rules.0.backendRefs.1.weight", -10)).messages[0], /weight -10 is not an integer/);
            assert.match(runResource(httpRouteWeights, ROUTE, edit(route, "spec.rules.0.backendRefs.1.weight", 2.5)).messages[0], /weight 2.5 is not an integer/);
        });
        it("rejects all-zero weights", () => assert.deepStrictEqual(runResource(httpRouteWeights, ROUTE, edit(edit(route, "spec.rules.0.backendRefs.0.weight", 0), "spec.rules.0.backendRefs.1.weight", 0)).messages,
            ["rules[0] weights are all zero: the route answers every request with 500"]));
        it("matches the v1beta1 token too", () => assert.strictEqual(runResource(httpRouteWeights, "kubernetes:gateway.networking.k8s.io/v1beta1:HTTPRoute", edit(route, "spec.rules.0.backendRefs.1.weight", 20)).messages.length, 1));
        it("never crashes on unknowns", () => assert.ok(assertUnknownSafe(httpRouteWeights, ROUTE, route) > 8));
    });

    describe("k8s-canary-steps-rising", () => {
        const annotated = edit(route, "metadata.annotations", { "platform.dev/canary-steps": "10,25,50,100" });
        it("passes rising steps on the annotation and on a CanarySplit component", () => {
            assert.deepStrictEqual(runResource(canaryStepsRising, ROUTE, annotated).messages, []);
            assert.deepStrictEqual(runResource(canaryStepsRising, "platform:kubernetes:CanarySplit", { steps: [{ weight: 5 }, { weight: 50 }] }).messages, []);
        });
        it("rejects a falling step", () => assert.deepStrictEqual(runResource(canaryStepsRising, ROUTE, edit(annotated, "metadata.annotations", { "platform.dev/canary-steps": "10,50,25" })).messages,
            ["canary steps must rise strictly, but step 3 (25) is not above step 2 (50)"]));
        it("rejects a step above 100", () => assert.match(runResource(canaryStepsRising, "platform:kubernetes:CanarySplit", { steps: [10, 150] }).messages[0], /step 2 \(150\) is not a percentage/));
        it("reports an empty list", () => assert.deepStrictEqual(canaryStepProblems([]), ["no canary steps"]));
        it("bounds the first step by maxFirstStep, on the annotation and the component alike (#23 class 4)", () => {
            const cfg = { maxFirstStep: 25 };
            assert.deepStrictEqual(runResource(canaryStepsRising, ROUTE, edit(annotated, "metadata.annotations", { "platform.dev/canary-steps": "99,100" }), cfg).messages,
                ["step 1 sends 99% of traffic to the canary before any analysis has seen it (at most 25% in this tier)"]);
            assert.deepStrictEqual(runResource(canaryStepsRising, "platform:kubernetes:CanarySplit", { steps: [{ weight: 26 }, { weight: 100 }] }, cfg).messages,
                ["step 1 sends 26% of traffic to the canary before any analysis has seen it (at most 25% in this tier)"]);
            assert.deepStrictEqual(runResource(canaryStepsRising, ROUTE, edit(annotated, "metadata.annotations", { "platform.dev/canary-steps": "25,100" }), cfg).messages, []);
            assert.deepStrictEqual(runResource(canaryStepsRising, ROUTE, edit(annotated, "metadata.annotations", { "platform.dev/canary-steps": "100" })).messages, [], "the default allows any first step");
        });
        it("never crashes on unknowns", () => assert.ok(assertUnknownSafe(canaryStepsRising, ROUTE, annotated) > 8));
    });
});

describe("kubernetes stack rules", () => {
    const web: StackItem = { type: DEPLOYMENT, name: "web", props: secureDeployment };
    const pdb: StackItem = { type: PDB, name: "web-pdb", props: { metadata: { namespace: "apps" }, spec: { maxUnavailable: 1, selector: { matchLabels: { "app.kubernetes.io/name": "web" } } } } };

    describe("k8s-minimum-replicas", () => {
        it("passes 3 replicas in production", () => assert.deepStrictEqual(runStack(minimumReplicas, [web], { minReplicas: 3 }).messages, []));
        it("rejects 1 replica", () => assert.deepStrictEqual(runStack(minimumReplicas, [{ ...web, props: edit(secureDeployment, "spec.replicas", 1) }], { minReplicas: 3 }).messages,
            ["web: replicas is 1, below the environment minimum 3"]));
        it("exempts a progressive track parked at zero, but not an unlabelled Deployment at zero", () => {
            const parked = edit(edit(secureDeployment, "spec.replicas", 0), "metadata.labels", { ...(secureDeployment.metadata as { labels: Record<string, string> }).labels, "platform.dev/track": "canary" });
            assert.deepStrictEqual(runStack(minimumReplicas, [{ ...web, props: parked }], { minReplicas: 3 }).messages, []);
            assert.deepStrictEqual(runStack(minimumReplicas, [{ ...web, props: edit(secureDeployment, "spec.replicas", 0) }], { minReplicas: 3 }).messages,
                ["web: replicas is 0, below the environment minimum 3"]);
        });
        it("takes the HPA's minReplicas, matched by dependency even when its target name is unknown", () => {
            const hpa: StackItem = { type: HPA, name: "web-hpa", deps: ["web"], props: { metadata: { namespace: "apps" }, spec: { minReplicas: 2, maxReplicas: 6, scaleTargetRef: { kind: "Deployment", name: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } } } };
            assert.deepStrictEqual(runStack(minimumReplicas, [{ ...web, props: edit(secureDeployment, "spec.replicas", undefined) }, hpa], { minReplicas: 3 }).messages,
                ["web: HPA minReplicas is 2, below the environment minimum 3"]);
        });
        it("never crashes on unknowns", () => assert.ok(assertStackUnknownSafe(minimumReplicas, [web]) > 40));
    });

    describe("k8s-pod-disruption-budget", () => {
        it("passes a PDB selecting the pods with maxUnavailable 1", () => assert.deepStrictEqual(runStack(podDisruptionBudget, [web, pdb]).messages, []));
        it("rejects a multi-replica Deployment without a PDB", () => assert.deepStrictEqual(runStack(podDisruptionBudget, [web]).messages,
            ["web: 3 replicas but no PodDisruptionBudget selects the pods"]));
        it("rejects maxUnavailable 0", () => assert.deepStrictEqual(runStack(podDisruptionBudget, [web, { ...pdb, props: edit(pdb.props, "spec.maxUnavailable", 0) }]).messages,
            ["web-pdb: PodDisruptionBudget blocks all voluntary disruption: maxUnavailable is 0"]));
        it("rejects minAvailable equal to the replica count", () => {
            const props = edit(edit(pdb.props, "spec.maxUnavailable", undefined), "spec.minAvailable", 3);
            assert.match(runStack(podDisruptionBudget, [web, { ...pdb, props }]).messages[0], /minAvailable 3 leaves no pod of 3 evictable/);
        });
        it("ignores single-replica workloads", () => assert.deepStrictEqual(runStack(podDisruptionBudget, [{ ...web, props: edit(secureDeployment, "spec.replicas", 1) }]).messages, []));
        it("selects by matchExpressions as the API server does: a blocking budget is found, a non-matching one is not counted", () => {
            const byExpression = (expressions: object[], spec: object = { minAvailable: 3 }): StackItem => ({ ...pdb, props: { metadata: { namespace: "apps" }, spec: { ...spec, selector: { matchExpressions: expressions } } } });
            const blocked = ["web-pdb: PodDisruptionBudget blocks all voluntary disruption: minAvailable 3 leaves no pod of 3 evictable"];
            const none = ["web: 3 replicas but no PodDisruptionBudget selects the pods"];
            assert.deepStrictEqual(runStack(podDisruptionBudget, [web, byExpression([{ key: "app.kubernetes.io/name", operator: "In", values: ["api", "web"] }])]).messages, blocked);
            assert.deepStrictEqual(runStack(podDisruptionBudget, [web, byExpression([{ key: "app.kubernetes.io/name", operator: "Exists" }])]).messages, blocked);
            assert.deepStrictEqual(runStack(podDisruptionBudget, [web, byExpression([{ key: "tier", operator: "NotIn", values: ["batch"] }])]).messages, blocked);
            assert.deepStrictEqual(runStack(podDisruptionBudget, [web, byExpression([{ key: "tier", operator: "DoesNotExist" }])]).messages, blocked);
            assert.deepStrictEqual(runStack(podDisruptionBudget, [web, byExpression([{ key: "app.kubernetes.io/name", operator: "NotIn", values: ["web"] }])]).messages, none);
            assert.deepStrictEqual(runStack(podDisruptionBudget, [web, byExpression([{ key: "app.kubernetes.io/name", operator: "Equals", values: ["web"] }])]).messages, none);
            // matchLabels and matchExpressions must both hold
            const both: StackItem = { ...pdb, props: edit(pdb.props, "spec.selector.matchExpressions", [{ key: "app.kubernetes.io/name", operator: "In", values: ["api"] }]) };
            assert.deepStrictEqual(runStack(podDisruptionBudget, [web, both]).messages, none);
        });
        it("takes an empty policy/v1 selector as every pod of its namespace, and an empty v1beta1 one as none", () => {
            const empty = (type: string, namespace = "apps"): StackItem => ({ type, name: "web-pdb", props: { metadata: { namespace }, spec: { minAvailable: 3, selector: {} } } });
            assert.deepStrictEqual(runStack(podDisruptionBudget, [web, empty(PDB)]).messages, ["web-pdb: PodDisruptionBudget blocks all voluntary disruption: minAvailable 3 leaves no pod of 3 evictable"]);
            assert.deepStrictEqual(runStack(podDisruptionBudget, [web, empty(PDB, "other")]).messages, ["web: 3 replicas but no PodDisruptionBudget selects the pods"]);
            assert.deepStrictEqual(runStack(podDisruptionBudget, [web, empty("kubernetes:policy/v1beta1:PodDisruptionBudget")]).messages, ["web: 3 replicas but no PodDisruptionBudget selects the pods"]);
        });
        it("never crashes on unknowns", () => assert.ok(assertStackUnknownSafe(podDisruptionBudget, [web, pdb]) > 40));
    });

    describe("k8s-namespace-default-deny", () => {
        const ns: StackItem = { type: NS, name: "apps", props: { metadata: { name: "apps" } } };
        const np: StackItem = { type: NP, name: "apps-deny", props: defaultDeny, deps: ["apps"] };
        it("passes a namespace with a default-deny policy", () => assert.deepStrictEqual(runStack(namespaceDefaultDeny, [ns, np, web]).messages, []));
        it("rejects a namespace without one", () => assert.deepStrictEqual(runStack(namespaceDefaultDeny, [ns, web]).messages, ['apps: namespace "apps" has no default-deny NetworkPolicy']));
        it("rejects a policy that selects only some pods", () => {
            const partial = { ...np, props: edit(defaultDeny, "spec.podSelector", { matchLabels: { app: "x" } }) };
            assert.strictEqual(runStack(namespaceDefaultDeny, [ns, partial, web]).messages.length, 1);
        });
        it("rejects workloads in a namespace the stack does not create and nothing denies", () => assert.deepStrictEqual(runStack(namespaceDefaultDeny, [web]).messages,
            ['web: workloads run in namespace "apps", which has no default-deny NetworkPolicy']));
        it("never crashes on unknowns", () => assert.ok(assertStackUnknownSafe(namespaceDefaultDeny, [ns, np, web]) > 40));
    });

    describe("k8s-traffic-shift-gated", () => {
        const gate: StackItem = { type: JOB, name: "web-gate-1", props: { metadata: { labels: { "platform.dev/gate": "smoke" } } } };
        const component: StackItem = { type: "platform:kubernetes:CanarySplit", name: "web-canary", props: {} };
        const gateInComponent = { ...gate, parent: "web-canary" };
        const split: StackItem = { type: ROUTE, name: "web-route", props: route, deps: ["web-canary"] };
        const svc: StackItem = { type: SERVICE, name: "web-live", props: { metadata: { annotations: { "platform.dev/traffic-shift": "true" } } }, deps: ["web-gate-1"] };
        it("passes a split depending on a component holding the gate Job, and a Service depending on the Job", () => {
            assert.deepStrictEqual(runStack(trafficShiftGated, [component, gateInComponent, split, svc]).messages, []);
        });
        it("rejects a weighted HTTPRoute with no gate", () => assert.deepStrictEqual(runStack(trafficShiftGated, [{ ...split, deps: [] }]).messages,
            ["web-route: HTTPRoute shifts live traffic but depends on no Job labelled platform.dev/gate"]));
        it("rejects an annotated Service whose Job lacks the gate label", () => {
            const unlabeled = { ...gate, props: { metadata: { labels: {} } } };
            assert.deepStrictEqual(runStack(trafficShiftGated, [unlabeled, svc]).messages, ["web-live: Service shifts live traffic but depends on no Job labelled platform.dev/gate"]);
        });
        it("follows transitive dependencies", () => {
            const mid: StackItem = { type: "kubernetes:core/v1:ConfigMap", name: "mid", props: {}, deps: ["web-gate-1"] };
            assert.deepStrictEqual(runStack(trafficShiftGated, [gate, mid, { ...split, deps: ["mid"] }]).messages, []);
        });
        it("never crashes on unknowns", () => assert.ok(assertStackUnknownSafe(trafficShiftGated, [component, gateInComponent, split, svc]) > 10));
    });
});
