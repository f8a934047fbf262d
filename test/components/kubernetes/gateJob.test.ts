import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as corev1 from "@pulumi/kubernetes/core/v1";
// Static import is safe: GateJob creates resources only in its constructor, after setMocks.
import { GateJob, resolveGateJob, type GateJobArgs } from "../../../components/kubernetes/gateJob";
import { defaultChecks } from "../../../gates/gate";
import { gateJobName, parseGateEnv, validateGateJob, type AnalysisGateSpec } from "../../../components/kubernetes/gateSpec";
import { repoRoot } from "../../support/plan";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}
const registered: Registered[] = [];
/** Resource name -> URNs it depends on, read from the register requests the engine would get. */
const dependencies = new Map<string, string[]>();

interface RegisterRequest {
  getName(): string;
  getDependenciesList(): string[];
}
/** Records each registration's dependencies; mocks' newResource does not see them. */
function recordDependencies(): void {
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: (req: RegisterRequest, ...rest: unknown[]) => unknown };
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: RegisterRequest, ...rest: unknown[]) => {
    dependencies.set(req.getName(), req.getDependenciesList());
    return original(req, ...rest);
  };
}

function promiseOf<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply(resolve));
}

const analysis: AnalysisGateSpec = {
  mode: "analysis",
  prometheusUrl: "http://prometheus-operated.monitoring:9090",
  checks: defaultChecks({ namespace: "shop", app: "checkout" }),
  samples: 3,
  intervalSeconds: 60,
};

const baseArgs: GateJobArgs = {
  namespace: "shop",
  app: "checkout",
  version: "1.4.2",
  step: 1,
  gate: analysis,
  egress: [{ port: 9090, namespace: "monitoring", podLabels: { "app.kubernetes.io/name": "prometheus" } }],
};

describe("GateJob", () => {
  let gate: GateJob;
  let children: Registered[];

  before(async () => {
    pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs });
          const state = args.type === "kubernetes:batch/v1:Job" ? { ...args.inputs, status: { succeeded: 1 } } : args.inputs;
          return { id: `${args.name}-id`, state };
        },
        call: (args) => args.inputs,
      },
      "platform",
      "gates-test",
      false,
    );
    recordDependencies();
    gate = new GateJob("checkout-step1", baseArgs);
    await promiseOf(gate.passed);
    await promiseOf(pulumi.all([gate.configMap.urn, gate.networkPolicy.urn]));
    children = registered.filter((r) => r.name.startsWith("checkout-step1"));
  });

  const byType = (type: string) => {
    const found = children.filter((c) => c.type === type);
    assert.equal(found.length, 1, `exactly one ${type}`);
    return found[0];
  };

  it("registers exactly the component, a ConfigMap, a NetworkPolicy and a Job, named from the component", () => {
    assert.deepEqual(
      children.map((c) => `${c.type} ${c.name}`).sort(),
      [
        "kubernetes:batch/v1:Job checkout-step1-job",
        "kubernetes:core/v1:ConfigMap checkout-step1-script",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy checkout-step1-egress",
        "platform:kubernetes:GateJob checkout-step1",
      ],
    );
  });

  it("names the Job deterministically and sets metadata.name explicitly", () => {
    assert.match(gate.jobName, /^checkout-gate-step1-1-4-2-[0-9a-f]{10}$/);
    const job = byType("kubernetes:batch/v1:Job");
    assert.equal(job.inputs.metadata.name, gate.jobName);
    assert.equal(job.inputs.metadata.namespace, "shop");
    assert.equal(byType("kubernetes:core/v1:ConfigMap").inputs.metadata.name, gate.jobName);
  });

  it("keeps the name for the same spec and changes it for another step, version, threshold, image or tested pod template", () => {
    const name = (a: GateJobArgs) => resolveGateJob("x", a).jobName;
    const reordered = { ...analysis, checks: analysis.checks.map((c) => ({ threshold: c.threshold, op: c.op, query: c.query, name: c.name })) };
    assert.equal(name({ ...baseArgs }), gate.jobName);
    assert.equal(name({ ...baseArgs, gate: reordered }), gate.jobName, "key order of checks does not matter");
    assert.equal(name({ ...baseArgs, namespace: "elsewhere" }), gate.jobName, "namespace is not part of the name");
    const variants = [
      name({ ...baseArgs, step: 2 }),
      name({ ...baseArgs, version: "1.4.3" }),
      name({ ...baseArgs, gate: { ...analysis, checks: defaultChecks({ namespace: "shop", app: "checkout", minSuccessRate: 0.95 }) } }),
      name({ ...baseArgs, image: `docker.io/library/node:22-alpine@sha256:${"a".repeat(64)}` }),
      name({ ...baseArgs, step: "smoke", gate: { mode: "smoke", urls: ["http://checkout-preview.shop/healthz"] } }),
      name({ ...baseArgs, tested: "0123456789ab" }),
      name({ ...baseArgs, tested: "0123456789ac" }),
    ];
    assert.equal(name({ ...baseArgs, tested: "0123456789ab" }), variants[5], "the same tested template keeps the name");
    assert.equal(new Set([gate.jobName, ...variants]).size, variants.length + 1);
  });

  it("runs a hardened, pinned pod that never restarts and cannot be selected by the app's Services", () => {
    const spec = byType("kubernetes:batch/v1:Job").inputs.spec;
    const pod = spec.template.spec;
    assert.equal(pod.restartPolicy, "Never");
    assert.equal(pod.automountServiceAccountToken, false);
    assert.deepEqual(pod.securityContext, { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: "RuntimeDefault" } });
    assert.equal(pod.containers.length, 1);
    const c = pod.containers[0];
    assert.deepEqual(c.securityContext, {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      privileged: false,
      capabilities: { drop: ["ALL"] },
    });
    assert.match(c.image, /@sha256:[0-9a-f]{64}$/);
    assert.deepEqual(c.resources, { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } });
    assert.deepEqual(c.command, ["node", "/opt/gate/gate.js"]);
    // A failed gate pod fails the Job at once as BackoffLimitExceeded, the reason the provider's await knows;
    // no FailJob rule (its PodFailurePolicy reason makes the provider wait for the timeout).
    assert.equal(spec.backoffLimit, 0);
    assert.deepEqual(spec.podFailurePolicy, { rules: [{ action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] }] });
    assert.equal(spec.ttlSecondsAfterFinished, undefined);
    // 3 samples x 2 checks x (3 x 5 s + 2 x 2 s) + 2 x 60 s = 234 s worst case; one attempt + 120 s.
    assert.equal(spec.activeDeadlineSeconds, 354);
    const labels = spec.template.metadata.labels;
    assert.equal(labels["platform.dev/gate"], "analysis");
    assert.equal(labels["app.kubernetes.io/part-of"], "checkout");
    assert.notEqual(labels["app.kubernetes.io/name"], "checkout");
    const job = byType("kubernetes:batch/v1:Job").inputs;
    assert.equal(job.metadata.annotations["pulumi.com/replaceUnready"], "true");
    assert.equal(job.metadata.annotations["pulumi.com/skipAwait"], undefined, "the provider must await the Job");
  });

  it("passes env the gate program accepts, with the caller's checks verbatim", () => {
    const env = byType("kubernetes:batch/v1:Job").inputs.spec.template.spec.containers[0].env;
    const config = parseGateEnv(env);
    assert.equal(config.mode, "analysis");
    assert.deepEqual(config.mode === "analysis" && config.checks, analysis.checks);
    assert.equal(config.samples, 3);
    assert.equal(config.intervalSeconds, 60);
  });

  it("ships the gate program in the ConfigMap and mounts it read-only", () => {
    const cm = byType("kubernetes:core/v1:ConfigMap").inputs;
    assert.equal(cm.data["gate.js"], fs.readFileSync(path.join(repoRoot, "gates", "gate.js"), "utf8"));
    assert.equal(cm.immutable, true);
    const pod = byType("kubernetes:batch/v1:Job").inputs.spec.template.spec;
    assert.deepEqual(pod.volumes, [{ name: "gate-script", configMap: { name: gate.jobName, defaultMode: 0o444 } }]);
    assert.deepEqual(pod.containers[0].volumeMounts, [{ name: "gate-script", mountPath: "/opt/gate", readOnly: true }]);
  });

  it("allows egress only to DNS and the declared destinations, for this gate's pods", () => {
    const np = byType("kubernetes:networking.k8s.io/v1:NetworkPolicy").inputs.spec;
    const podLabels = byType("kubernetes:batch/v1:Job").inputs.spec.template.metadata.labels;
    for (const [k, v] of Object.entries(np.podSelector.matchLabels)) assert.equal(podLabels[k], v, `selector ${k} matches the gate pod`);
    assert.deepEqual(np.policyTypes, ["Egress"]);
    assert.deepEqual(np.egress, [
      {
        to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } }],
        ports: [
          { protocol: "UDP", port: 53 },
          { protocol: "TCP", port: 53 },
        ],
      },
      {
        to: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } },
            podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } },
          },
        ],
        ports: [{ protocol: "TCP", port: 9090 }],
      },
    ]);
  });

  it("validates the Job, ConfigMap and NetworkPolicy against the Kubernetes schemas (kubernetes-models)", async () => {
    const { Job } = await import("kubernetes-models/batch/v1");
    const { ConfigMap } = await import("kubernetes-models/v1");
    const { NetworkPolicy } = await import("kubernetes-models/networking.k8s.io/v1");
    new Job(byType("kubernetes:batch/v1:Job").inputs).validate();
    new ConfigMap(byType("kubernetes:core/v1:ConfigMap").inputs).validate();
    new NetworkPolicy(byType("kubernetes:networking.k8s.io/v1:NetworkPolicy").inputs).validate();
    // The oracle is not a rubber stamp: backoffLimit as a string is rejected.
    const bad = structuredClone(byType("kubernetes:batch/v1:Job").inputs);
    bad.spec.backoffLimit = "1";
    assert.throws(() => new Job(bad).validate());
  });

  it("starts the Job only after its ConfigMap, its NetworkPolicy and the caller's dependsOn", async () => {
    const ready = new corev1.ConfigMap("canary-ready", { data: { a: "b" } });
    const g = new GateJob("checkout-step2", { ...baseArgs, step: 2 }, { dependsOn: [ready] });
    await promiseOf(g.passed);
    const urns = await promiseOf(pulumi.all([g.configMap.urn, g.networkPolicy.urn, ready.urn]));
    assert.deepEqual([...(dependencies.get("checkout-step2-job") ?? [])].sort(), [...urns].sort());
  });

  it("exposes passed, resolved from the Job's status", async () => {
    assert.equal(await promiseOf(gate.passed), true);
  });

  it("refuses invalid args before registering anything", () => {
    const before = registered.length;
    assert.throws(() => new GateJob("bad-image", { ...baseArgs, image: "node:20-alpine" }), /GateJob bad-image: image must be pinned by digest/);
    assert.throws(
      () => new GateJob("bad-check", { ...baseArgs, gate: { ...analysis, checks: [{ name: "x", query: "up", op: ">=", threshold: NaN }] } }),
      /GateJob bad-check: invalid gate spec: GATE_CHECKS\[0\] \(x\)\.threshold must be a finite number/,
    );
    assert.throws(() => new GateJob("no-egress", { ...baseArgs, egress: [] }), /egress must list at least one destination/);
    assert.equal(registered.length, before);
  });
});

describe("GateJob pure helpers", () => {
  const config = parseGateEnv([
    { name: "GATE_MODE", value: "smoke" },
    { name: "GATE_URLS", value: "http://a/healthz" },
  ]);
  const valid = { app: "checkout", version: "1.0.0", step: 0, image: `n@sha256:${"0".repeat(64)}`, backoffLimit: 1, egress: [{ port: 8080 }], config };

  it("accepts a valid gate", () => assert.deepEqual(validateGateJob(valid), []));

  const violations: Array<[string, Partial<Parameters<typeof validateGateJob>[0]>, RegExp]> = [
    ["an app that is not a DNS label", { app: "Checkout_App" }, /app must be a DNS-1123 label .* got "Checkout_App"/],
    ["a negative step", { step: -1 }, /step must be "smoke", "release", "resume", "switch", "handover" or an integer >= 0, got -1/],
    ["a tag-only image", { image: "node:20-alpine" }, /image must be pinned by digest/],
    ["a large backoffLimit", { backoffLimit: 10 }, /backoffLimit must be an integer 0..6, got 10/],
    ["a short ttl", { ttlSecondsAfterFinished: 0 }, /ttlSecondsAfterFinished must be unset or an integer >= 300/],
    ["a port out of range", { egress: [{ port: 70000 }] }, /egress\[0\]\.port must be an integer 1..65535, got 70000/],
    ["cidr with labels", { egress: [{ port: 443, cidr: "10.0.0.0/8", podLabels: { a: "b" } }] }, /egress\[0\] sets cidr together with namespace\/podLabels/],
    ["every address", { egress: [{ port: 443, cidr: "0.0.0.0/0" }] }, /^egress\[0\]\.cidr "0\.0\.0\.0\/0": expected a destination range of \/8 or narrower for IPv4: \/0 is every address$/],
    ["an address that is none", { egress: [{ port: 443, cidr: "999.1.1.1/24" }] }, /^egress\[0\]\.cidr "999\.1\.1\.1\/24": expected a CIDR such as "10\.20\.0\.0\/16"$/],
    ["the metadata service", { egress: [{ port: 80, cidr: "169.254.169.254/32" }] }, /^egress\[0\]\.cidr "169\.254\.169\.254\/32": .*link-local/],
  ];
  for (const [what, change, message] of violations) {
    it(`rejects ${what}`, () => {
      const errors = validateGateJob({ ...valid, ...change });
      assert.equal(errors.length, 1, errors.join("; "));
      assert.match(errors[0], message);
    });
  }

  it("keeps names within 63 characters and DNS-1123 for long apps and digests", () => {
    const n = gateJobName("a-very-long-application-name-that-goes-on", `sha256:${"f".repeat(64)}`, 12, "0123456789");
    assert.ok(n.length <= 63, n);
    assert.match(n, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    assert.ok(n.endsWith("-0123456789"));
  });
});
