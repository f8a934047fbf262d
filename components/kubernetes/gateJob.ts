import * as pulumi from "@pulumi/pulumi";
import * as batchv1 from "@pulumi/kubernetes/batch/v1";
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as networkingv1 from "@pulumi/kubernetes/networking/v1";
import type * as k8sInputs from "@pulumi/kubernetes/types/input";
import {
  DEFAULT_GATE_IMAGE,
  GATE_LABEL,
  GATE_SCRIPT_DIR,
  defaultActiveDeadlineSeconds,
  gateEnv,
  gateHash,
  gateJobName,
  parseGateEnv,
  readGateScript,
  validateGateJob,
  type GateEgressTarget,
  type GateSpec,
  type GateStep,
} from "./gateSpec";

export interface GateResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

/** Requests 50m CPU / 64Mi, limits 200m CPU / 128Mi: enough for one node process doing a few GETs. */
export const DEFAULT_GATE_RESOURCES: GateResources = {
  requests: { cpu: "50m", memory: "64Mi" },
  limits: { cpu: "200m", memory: "128Mi" },
};

/** Pod template annotation of a gate that runs again whenever what it runs after changes (GateJobArgs.after). */
export const AFTER_ANNOTATION = "platform.dev/gate-after";

export interface GateJobArgs {
  /** Namespace of the Job, its ConfigMap and NetworkPolicy (normally the app's namespace). */
  readonly namespace: pulumi.Input<string>;
  /** App name (DNS-1123 label); first part of the Job name, `app.kubernetes.io/part-of`. */
  readonly app: string;
  /** Release version or image digest under test; part of the Job name and hash. */
  readonly version: string;
  /** "smoke" or the canary step index this gate guards; part of the Job name and hash. */
  readonly step: GateStep;
  /**
   * What the gate tests: the pod template hash of the track under test (`AppDeployment.templateHash`). Part of the
   * Job name's hash, so a change of the tested pods (env, resources, probes, image) gives a new Job, which runs.
   * Default none: the name depends on the gate's own spec only.
   */
  readonly tested?: string;
  /**
   * What to check. Plain values (not Outputs) on purpose: the Job name is derived from them
   * and must be known at preview, and invalid specs must fail before anything is registered.
   */
  readonly gate: GateSpec;
  /** Destinations the gate pod may reach besides DNS (the NetworkPolicy's egress rules). */
  readonly egress: readonly GateEgressTarget[];
  /** Image with `node` >= 20, pinned by digest; default DEFAULT_GATE_IMAGE (official node:20-alpine). */
  readonly image?: string;
  /** Container resources; default DEFAULT_GATE_RESOURCES. */
  readonly resources?: GateResources;
  /**
   * Pod retries after a failed pod; default 0: any failure fails the Job at once, with the reason
   * (BackoffLimitExceeded) the Kubernetes provider recognizes, so `pulumi up` fails in seconds naming the gate.
   * Evictions never count (podFailurePolicy); the gate program retries its own transient network errors.
   */
  readonly backoffLimit?: number;
  /** Job deadline; default the gate's worst-case runtime x (backoffLimit + 1) + 120 s. */
  readonly activeDeadlineSeconds?: number;
  /** Delete the finished Job after this many seconds (>= 300); default unset: Pulumi deletes it when the gate is replaced. */
  readonly ttlSecondsAfterFinished?: number;
  /**
   * Re-run a failed gate on the next `pulumi up` (annotation pulumi.com/replaceUnready); default true, except
   * in release mode: a release that failed has returned traffic to stable, and re-running it would send live
   * traffic to the same failed candidate again (a retry is a new gate: CanarySplit's `auto.retry`).
   */
  readonly rerunFailedGate?: boolean;
  /** Namespace of the cluster DNS pods the gate may query on port 53; default "kube-system". */
  readonly dnsNamespace?: string;
  /** UID/GID the gate runs as; default 65532 (non-root; the script needs no home or writable files). */
  readonly runAsUser?: number;
  /**
   * ServiceAccount the gate pod runs as, its token mounted: required by the release and handover modes (they
   * patch the app's HTTPRoute, which that account's Role must be limited to: TrafficIdentity) and refused by
   * the others. Default none: no token in the pod.
   */
  readonly serviceAccountName?: string;
  /**
   * What the gate must run again after, e.g. another gate Job's uid: a pod template annotation, and a Job's pod
   * template is immutable, so a new value replaces the Job (which runs again) even when its name is unchanged.
   * Default none.
   */
  readonly after?: pulumi.Input<string>;
  /** Extra labels (e.g. ownership) on the Job, its pod, ConfigMap and NetworkPolicy; the gate's own labels win. Default none. */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A rollout gate: a Kubernetes Job that runs gates/gate.js (smoke or Prometheus analysis).
 * The Kubernetes provider waits for the Job to complete and fails the update when it fails,
 * so anything depending on `passed` (or on this component) only changes after the gate passed.
 * Children: `${name}-script` (ConfigMap), `${name}-egress` (NetworkPolicy), `${name}-job` (Job).
 */
export class GateJob extends pulumi.ComponentResource {
  /** Kubernetes name of the Job (also of its ConfigMap and NetworkPolicy). */
  readonly jobName: string;
  /** "smoke" or "analysis". */
  readonly kind: GateSpec["mode"];
  /** Resolves (true) only once the Job has completed successfully; unknown during preview. */
  readonly passed: pulumi.Output<boolean>;
  readonly job: batchv1.Job;
  readonly configMap: corev1.ConfigMap;
  readonly networkPolicy: networkingv1.NetworkPolicy;

  constructor(name: string, args: GateJobArgs, opts?: pulumi.ComponentResourceOptions) {
    const r = resolveGateJob(name, args);
    super("platform:kubernetes:GateJob", name, args, opts);
    this.kind = args.gate.mode;
    this.jobName = r.jobName;
    const { image, env, backoffLimit, activeDeadlineSeconds, runAsUser, script } = r;
    const resources = args.resources ?? DEFAULT_GATE_RESOURCES;

    const labels: Record<string, string> = {
      ...(args.labels ?? {}),
      // Deliberately not app.kubernetes.io/name=<app>: the app's Services must never select gate pods.
      "app.kubernetes.io/name": "rollout-gate",
      "app.kubernetes.io/instance": this.jobName,
      "app.kubernetes.io/component": "gate",
      "app.kubernetes.io/part-of": args.app,
      "app.kubernetes.io/managed-by": "pulumi",
      [GATE_LABEL]: this.kind,
      "platform.dev/gate-step": String(args.step),
    };
    const metadata = { name: this.jobName, namespace: args.namespace, labels };

    this.configMap = new corev1.ConfigMap(
      `${name}-script`,
      { metadata, immutable: true, data: { "gate.js": script } },
      { parent: this },
    );

    this.networkPolicy = new networkingv1.NetworkPolicy(
      `${name}-egress`,
      {
        metadata,
        spec: {
          podSelector: { matchLabels: { "app.kubernetes.io/instance": this.jobName, [GATE_LABEL]: this.kind } },
          policyTypes: ["Egress"],
          egress: [
            {
              to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": args.dnsNamespace ?? "kube-system" } } }],
              ports: [
                { protocol: "UDP", port: 53 },
                { protocol: "TCP", port: 53 },
              ],
            },
            ...args.egress.map((t) => ({ to: [egressPeer(t)], ports: [{ protocol: "TCP", port: t.port }] })),
          ],
        },
      },
      { parent: this },
    );

    const annotations: Record<string, string> = {};
    if (args.rerunFailedGate ?? args.gate.mode !== "release") annotations["pulumi.com/replaceUnready"] = "true";
    const timeout = `${activeDeadlineSeconds + 120}s`;

    this.job = new batchv1.Job(
      `${name}-job`,
      {
        metadata: { ...metadata, annotations },
        spec: {
          backoffLimit,
          activeDeadlineSeconds,
          ttlSecondsAfterFinished: args.ttlSecondsAfterFinished,
          // No FailJob rule for the verdict exit codes: a Job failed by one is Failed with reason PodFailurePolicy,
          // which the Kubernetes provider's Job await does not recognize (it waits for the timeout). With
          // backoffLimit 0 a failed gate pod fails the Job as BackoffLimitExceeded, which it does.
          podFailurePolicy: {
            rules: [
              // Evictions and preemptions do not count against backoffLimit.
              { action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] },
            ],
          },
          template: {
            metadata: { labels, ...(args.after !== undefined ? { annotations: { [AFTER_ANNOTATION]: args.after } } : {}) },
            spec: {
              restartPolicy: "Never",
              ...(args.serviceAccountName !== undefined ? { serviceAccountName: args.serviceAccountName, automountServiceAccountToken: true } : { automountServiceAccountToken: false }),
              enableServiceLinks: false,
              securityContext: {
                runAsNonRoot: true,
                runAsUser,
                runAsGroup: runAsUser,
                seccompProfile: { type: "RuntimeDefault" },
              },
              containers: [
                {
                  name: "gate",
                  image,
                  imagePullPolicy: "IfNotPresent",
                  command: ["node", `${GATE_SCRIPT_DIR}/gate.js`],
                  env,
                  resources,
                  terminationMessagePolicy: "FallbackToLogsOnError",
                  securityContext: {
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                    runAsNonRoot: true,
                    privileged: false,
                    capabilities: { drop: ["ALL"] },
                  },
                  volumeMounts: [{ name: "gate-script", mountPath: GATE_SCRIPT_DIR, readOnly: true }],
                },
              ],
              volumes: [{ name: "gate-script", configMap: { name: this.jobName, defaultMode: 0o444 } }],
            },
          },
        },
      },
      pulumi.mergeOptions(
        { dependsOn: opts?.dependsOn },
        // The Job it replaces is deleted first, in the same update. Created after it, an update that then fails (a
        // rolled-back release) would leave it pending deletion: a later gate of that very name (a switch back to
        // the previous colour, a reverted image) would be applied onto the old, finished Job and pass unrun.
        { parent: this, dependsOn: [this.configMap, this.networkPolicy], customTimeouts: { create: timeout, update: timeout }, deleteBeforeReplace: true },
      ),
    );

    this.passed = this.job.status.apply((s) => (s?.succeeded ?? 0) > 0);

    this.registerOutputs({
      jobName: this.jobName,
      kind: this.kind,
      passed: this.passed,
      job: this.job,
      configMap: this.configMap,
      networkPolicy: this.networkPolicy,
    });
  }
}

/** Everything GateJob derives from its args before registering anything. */
export interface ResolvedGateJob {
  readonly jobName: string;
  readonly image: string;
  readonly env: Array<{ name: string; value: string }>;
  readonly backoffLimit: number;
  readonly activeDeadlineSeconds: number;
  readonly runAsUser: number;
  readonly script: string;
}

/**
 * Validates the args and derives the Job name, env and deadline. Pure (reads gates/gate.js
 * only); throws one error listing every problem. Callers may use it to know a gate's Job
 * name without creating it.
 */
export function resolveGateJob(name: string, args: GateJobArgs): ResolvedGateJob {
  const image = args.image ?? DEFAULT_GATE_IMAGE;
  const backoffLimit = args.backoffLimit ?? 0;
  const runAsUser = args.runAsUser ?? 65532;
  const script = readGateScript();
  const env = gateEnv(args.gate, `${args.app}-${typeof args.step === "number" ? `step${args.step}` : args.step}`);
  let config;
  try {
    config = parseGateEnv(env);
  } catch (err) {
    throw new Error(`GateJob ${name}: invalid gate spec: ${(err as Error).message}`);
  }
  const errors = validateGateJob({ ...args, image, backoffLimit, config });
  if (args.gate.mode === "smoke" && config.mode === "smoke" && config.urls.length !== args.gate.urls.length) {
    errors.push("gate.urls must not contain commas or whitespace");
  }
  if (!Number.isInteger(runAsUser) || runAsUser < 1) errors.push(`runAsUser must be a non-root UID (integer >= 1), got ${runAsUser}`);
  const traffic = args.gate.mode === "release" || args.gate.mode === "handover";
  if (traffic && args.serviceAccountName === undefined) errors.push(`serviceAccountName is required in ${args.gate.mode} mode (the gate patches the app's route with its token)`);
  if (!traffic && args.serviceAccountName !== undefined) errors.push(`serviceAccountName is only for the release and handover modes: a ${args.gate.mode} gate needs no token`);
  if (errors.length > 0) throw new Error(`GateJob ${name}: ${errors.join("; ")}`);
  const hash = gateHash({ app: args.app, version: args.version, step: args.step, env, image, script, ...(args.tested !== undefined ? { tested: args.tested } : {}) });
  return {
    jobName: gateJobName(args.app, args.version, args.step, hash),
    image,
    env,
    backoffLimit,
    activeDeadlineSeconds: args.activeDeadlineSeconds ?? defaultActiveDeadlineSeconds(config, backoffLimit),
    runAsUser,
    script,
  };
}

function egressPeer(t: GateEgressTarget): k8sInputs.networking.v1.NetworkPolicyPeer {
  if (t.cidr !== undefined) return { ipBlock: { cidr: t.cidr } };
  return {
    ...(t.namespace !== undefined ? { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": t.namespace } } } : {}),
    podSelector: { matchLabels: { ...(t.podLabels ?? {}) } },
  };
}
