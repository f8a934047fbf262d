import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { AppDeployment, podTemplateHash, validateAppDeploymentArgs, type AppDeploymentArgs } from "../../../components/kubernetes/appDeployment";
import type { PlanResult } from "../../../tools/plan/run";
import { at, childrenOf, find, planProgram } from "../../support/plan";

const base: AppDeploymentArgs = {
    namespace: "shop",
    app: "cart",
    image: "ghcr.io/acme/cart:3.1.0",
    version: "3.1.0",
    replicas: 3,
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
    ports: [{ name: "http", containerPort: 8080, servicePort: 80 }, { name: "metrics", containerPort: 9090 }],
    probes: {
        readiness: { type: "http", path: "/ready", port: "http", scheme: "HTTP", periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1 },
        liveness: { type: "grpc", port: 8080, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 1 },
        startup: { type: "exec", command: ["/bin/check"], periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 30, successThreshold: 1 },
    },
    ingress: { gatewayNamespace: "gateway", metricsPort: "metrics" },
    ownership: { environment: "production", owner: "shop", costCenter: "cc-7" },
};

describe("AppDeployment", () => {
    let plan: PlanResult;
    before(async () => {
        plan = await planProgram(() => {
            new AppDeployment("cart", {
                ...base,
                env: { B: "2", A: "1" },
                secretEnv: { DB_PASSWORD: pulumi.secret("hunter2-plaintext") },
                autoscaling: { minReplicas: 3, maxReplicas: 9, targetCpuPercent: 65 },
            });
            new AppDeployment("caller", {
                ...base,
                app: "caller",
                replicas: 1,
                egress: [
                    { podLabels: { "app.kubernetes.io/name": "cart" }, ports: [8080] },
                    { cidr: "10.20.0.0/16", ports: [443] },
                    { namespace: "data", ports: [5432] },
                ],
            });
            new AppDeployment("solo", { ...base, app: "solo", replicas: 1, track: "canary", probes: { readiness: base.probes.readiness, liveness: { type: "tcp", port: 8080, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1 } } });
            return {};
        });
    });

    it("creates exactly its child resources", () => {
        const cart = find(plan.resources, "platform:kubernetes:AppDeployment", "cart");
        assert.deepEqual(childrenOf(plan.resources, cart.urn), [
            "kubernetes:apps/v1:Deployment/cart",
            "kubernetes:autoscaling/v2:HorizontalPodAutoscaler/cart",
            "kubernetes:core/v1:ConfigMap/cart-env",
            "kubernetes:core/v1:Secret/cart-secrets",
            "kubernetes:core/v1:Service/cart",
            "kubernetes:core/v1:ServiceAccount/cart",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy/cart-ingress",
            "kubernetes:policy/v1:PodDisruptionBudget/cart",
        ]);
        const solo = find(plan.resources, "platform:kubernetes:AppDeployment", "solo");
        assert.deepEqual(childrenOf(plan.resources, solo.urn), [
            "kubernetes:apps/v1:Deployment/solo",
            "kubernetes:core/v1:Service/solo",
            "kubernetes:core/v1:ServiceAccount/solo",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy/solo-ingress",
        ], "one replica: no PDB; no env: no ConfigMap or Secret; no autoscaling: no HPA");
    });

    it("hardens the pod", () => {
        const spec = at(find(plan.resources, "kubernetes:apps/v1:Deployment", "cart").inputs, "spec.template.spec") as Record<string, unknown>;
        assert.equal(spec.automountServiceAccountToken, false);
        assert.deepEqual(spec.securityContext, { fsGroup: 65532, runAsGroup: 65532, runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: "RuntimeDefault" } });
        const [container] = spec.containers as Array<Record<string, unknown>>;
        assert.deepEqual(container.securityContext, {
            allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, privileged: false,
            readOnlyRootFilesystem: true, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" },
        });
        assert.deepEqual(container.resources, { limits: { cpu: "500m", memory: "256Mi" }, requests: { cpu: "100m", memory: "128Mi" } });
        assert.equal(find(plan.resources, "kubernetes:core/v1:ServiceAccount", "cart").inputs.automountServiceAccountToken, false);
    });

    it("maps every probe kind with its timings", () => {
        const [c] = at(find(plan.resources, "kubernetes:apps/v1:Deployment", "cart").inputs, "spec.template.spec.containers") as Array<Record<string, unknown>>;
        assert.deepEqual(c.readinessProbe, { failureThreshold: 3, httpGet: { path: "/ready", port: "http", scheme: "HTTP" }, periodSeconds: 5, successThreshold: 1, timeoutSeconds: 1 });
        assert.deepEqual(c.livenessProbe, { failureThreshold: 3, grpc: { port: 8080 }, initialDelaySeconds: 10, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 2 });
        assert.deepEqual(c.startupProbe, { exec: { command: ["/bin/check"] }, failureThreshold: 30, periodSeconds: 5, successThreshold: 1, timeoutSeconds: 1 });
    });

    it("rolls with a progress deadline and selects on app and instance labels", () => {
        const spec = find(plan.resources, "kubernetes:apps/v1:Deployment", "cart").inputs.spec as Record<string, unknown>;
        assert.equal(spec.progressDeadlineSeconds, 600);
        assert.deepEqual(spec.strategy, { rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 }, type: "RollingUpdate" });
        assert.deepEqual(spec.selector, { matchLabels: { "app.kubernetes.io/instance": "cart", "app.kubernetes.io/name": "cart" } });
        const canary = find(plan.resources, "kubernetes:core/v1:Service", "solo");
        assert.deepEqual(at(canary.inputs, "spec.selector"), { "app.kubernetes.io/instance": "solo-canary", "app.kubernetes.io/name": "solo", "platform.dev/track": "canary" });
        assert.equal(at(canary.inputs, "metadata.name"), "solo-canary");
    });

    it("keeps secret values secret and plain env in a content-addressed immutable ConfigMap", () => {
        const secret = find(plan.resources, "kubernetes:core/v1:Secret", "cart-secrets");
        assert.equal(secret.inputs.data, "[secret]", "data (base64, as the provider stores a Secret) is secret as a whole");
        assert.equal(secret.inputs.stringData, undefined);
        assert.ok(!JSON.stringify(plan).includes("hunter2-plaintext"), "the secret value appears nowhere in the plan");
        const cm = find(plan.resources, "kubernetes:core/v1:ConfigMap", "cart-env");
        assert.equal(cm.inputs.immutable, true);
        assert.deepEqual(cm.inputs.data, { A: "1", B: "2" });
        assert.match(String(at(cm.inputs, "metadata.name")), /^cart-env-[0-9a-f]{8}$/);
        const [c] = at(find(plan.resources, "kubernetes:apps/v1:Deployment", "cart").inputs, "spec.template.spec.containers") as Array<Record<string, unknown>>;
        assert.deepEqual(c.envFrom, [{ configMapRef: { name: at(cm.inputs, "metadata.name") } }, { secretRef: { name: "cart-secrets" } }]);
    });

    it("budgets disruption without blocking it, and autoscales on CPU", () => {
        assert.deepEqual(at(find(plan.resources, "kubernetes:policy/v1:PodDisruptionBudget", "cart").inputs, "spec.maxUnavailable"), 1);
        const hpa = find(plan.resources, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "cart").inputs.spec as Record<string, unknown>;
        assert.equal(hpa.minReplicas, 3);
        assert.equal(hpa.maxReplicas, 9);
        assert.deepEqual(hpa.metrics, [{ resource: { name: "cpu", target: { averageUtilization: 65, type: "Utilization" } }, type: "Resource" }]);
    });

    it("allows egress only to the declared peers, CIDRs and ports (the namespace denies the rest)", () => {
        const np = find(plan.resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "caller-egress");
        assert.deepEqual(np.inputs.spec, {
            egress: [
                { ports: [{ port: 8080, protocol: "TCP" }], to: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "cart" } } }] },
                { ports: [{ port: 443, protocol: "TCP" }], to: [{ ipBlock: { cidr: "10.20.0.0/16" } }] },
                { ports: [{ port: 5432, protocol: "TCP" }], to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "data" } } }] },
            ],
            podSelector: { matchLabels: { "app.kubernetes.io/instance": "caller", "app.kubernetes.io/name": "caller" } },
            policyTypes: ["Egress"],
        });
        assert.ok(!plan.resources.some((r) => r.name === "cart-egress"), "no egress declared: no egress policy");
    });

    it("refuses an egress entry without a destination (it would reach every address on its ports), before registering anything", () => {
        assert.deepEqual(validateAppDeploymentArgs({ ...base, egress: [{ cidr: "10.20.0.0/16", ports: [443] }, { ports: [5432, 443] }, { cidr: "10.0.0.0/8", namespace: "x", ports: [1] }] }), [
            "egress[1] names no destination (cidr, namespace or podLabels): a rule without one reaches every address on ports 5432, 443",
            "egress[2] sets cidr together with namespace/podLabels; use one or the other",
        ]);
        assert.throws(() => new AppDeployment("open", { ...base, egress: [{ ports: [5432] }] }), /^Error: AppDeployment open: egress\[0\] names no destination/);
    });

    it("admits traffic only from the gateway namespace and rollout gates, and scrapes only from monitoring", () => {
        const np = find(plan.resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "cart-ingress");
        assert.deepEqual(at(np.inputs, "spec.ingress"), [
            { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "gateway" } } }], ports: [{ port: 8080, protocol: "TCP" }] },
            { from: [{ podSelector: { matchExpressions: [{ key: "platform.dev/gate", operator: "Exists" }] } }], ports: [{ port: 8080, protocol: "TCP" }] },
            { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }], ports: [{ port: 9090, protocol: "TCP" }] },
        ]);
    });
});

describe("podTemplateHash", () => {
    const hash = (args: Partial<AppDeploymentArgs>) => podTemplateHash({ ...base, ...args });

    it("changes with every input that changes the pods: image, env, secret variable names, resources, probes, ports, identity", () => {
        const changed: Array<[string, Partial<AppDeploymentArgs>]> = [
            ["image", { image: "ghcr.io/acme/cart:3.1.1" }],
            ["env", { env: { FEATURE: "on" } }],
            ["secret variable names", { secretEnv: { API_TOKEN: "x" } }],
            ["resources", { resources: { ...base.resources, limits: { cpu: "1", memory: "256Mi" } } }],
            ["probes", { probes: { ...base.probes, readiness: { ...base.probes.readiness, periodSeconds: 30 } as AppDeploymentArgs["probes"]["readiness"] } }],
            ["ports", { ports: [{ name: "http", containerPort: 8081, servicePort: 80 }, base.ports[1]] }],
            ["service account token", { automountServiceAccountToken: true }],
            ["user", { runAsUser: 1000 }],
            ["track", { track: "canary" }],
        ];
        const seen = new Set([hash({})]);
        for (const [what, args] of changed) {
            const h = hash(args);
            assert.ok(!seen.has(h), `${what} changes the hash`);
            seen.add(h);
        }
        assert.match(hash({}), /^[0-9a-f]{12}$/);
    });

    it("ignores what does not change a pod (replicas, autoscaling, strategy, network policies) and never reads secret values", () => {
        assert.equal(hash({ replicas: 7, autoscaling: { minReplicas: 2, maxReplicas: 4, targetCpuPercent: 50 }, strategy: { type: "recreate" }, egress: [{ cidr: "10.0.0.0/8", ports: [443] }] }), hash({}));
        assert.equal(hash({ secretEnv: { API_TOKEN: pulumi.secret("one") } }), hash({ secretEnv: { API_TOKEN: pulumi.secret("two") } }), "only the variable names count");
        assert.equal(hash({ env: { B: "2", A: "1" } }), hash({ env: { A: "1", B: "2" } }), "key order does not matter");
    });
});
