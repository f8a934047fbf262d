import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as apiextensions from "@pulumi/kubernetes/apiextensions";
import * as apps from "@pulumi/kubernetes/apps/v1";
import * as autoscaling from "@pulumi/kubernetes/autoscaling/v2";
import * as core from "@pulumi/kubernetes/core/v1";
import * as networking from "@pulumi/kubernetes/networking/v1";
import * as policy from "@pulumi/kubernetes/policy/v1";
import type { ProbesConfig } from "../../stacks/schema/probes";
import { LABELS, labelValue, ownershipLabels, type OwnershipLabels } from "../labels";
import { GATE_LABEL } from "./gateSpec";
import { APP_DEPLOYMENT_TYPE, strategyAliases } from "./appIdentity";
import { routeProblems, serviceRouteSpec, type AppRoute } from "./httpRoute";
import { toProbe } from "./probes";
import { secretData } from "./secretData";

export interface AppPort {
    readonly name: string;
    readonly containerPort: number;
    /** Port on the Service. Default: containerPort. */
    readonly servicePort?: number;
    /** Default "TCP". */
    readonly protocol?: "TCP" | "UDP";
}

export interface AppDeploymentArgs {
    readonly namespace: pulumi.Input<string>;
    /** The application's name (label `app.kubernetes.io/name`). */
    readonly app: string;
    /** Track within a progressive-delivery pair ("stable", "canary", "blue", "green"). Default none: a plain app. */
    readonly track?: string;
    /** Image reference (tag or digest). */
    readonly image: pulumi.Input<string>;
    /** Version label value. */
    readonly version: string;
    /** Desired replicas (initial size when autoscaling). */
    readonly replicas: number;
    /** Horizontal autoscaling on CPU. Default none. */
    readonly autoscaling?: { readonly minReplicas: number; readonly maxReplicas: number; readonly targetCpuPercent: number };
    readonly resources: {
        readonly requests: { readonly cpu: string; readonly memory: string };
        readonly limits: { readonly cpu: string; readonly memory: string };
    };
    readonly ports: readonly AppPort[];
    /** Plain environment variables, stored in an immutable ConfigMap. Default none. */
    readonly env?: Readonly<Record<string, string>>;
    /** Secret environment variables (values are secret Outputs), stored in a Secret. Default none. */
    readonly secretEnv?: Readonly<Record<string, pulumi.Input<string>>>;
    readonly probes: ProbesConfig;
    /** Default rolling with maxSurge 25%, maxUnavailable 0. */
    readonly strategy?: { readonly type: "rolling"; readonly maxSurge: number | string; readonly maxUnavailable: number | string } | { readonly type: "recreate" };
    /** Default 600. */
    readonly progressDeadlineSeconds?: number;
    /** Default false. */
    readonly automountServiceAccountToken?: boolean;
    /** Ingress allowed from: the gateway namespace (to the app's ports), the monitoring namespace (to the metrics port), and peers. */
    readonly ingress: {
        readonly gatewayNamespace: string;
        /** Default "monitoring". */
        readonly monitoringNamespace?: string;
        /** Name of the metrics port. Default: none (no scrape rule). */
        readonly metricsPort?: string;
        readonly peers?: ReadonlyArray<{ readonly namespace?: string; readonly podLabels?: Readonly<Record<string, string>> }>;
    };
    /**
     * Egress beyond DNS (the environment denies everything else): peers or CIDRs on ports. Default none:
     * no egress NetworkPolicy, so the pods can reach nothing but DNS. Every entry names a destination.
     */
    readonly egress?: ReadonlyArray<{
        readonly namespace?: string;
        readonly podLabels?: Readonly<Record<string, string>>;
        /** Destination CIDR; mutually exclusive with namespace/podLabels. One of them is required. */
        readonly cidr?: string;
        readonly ports: readonly number[];
        readonly protocol?: "TCP" | "UDP";
    }>;
    /**
     * HTTPRoute `<objectName>` through the shared gateway to this app's Service, with at least one hostname.
     * Default none. (BlueGreenPair and CanarySplit route their tracks themselves.)
     */
    readonly route?: AppRoute;
    readonly ownership: OwnershipLabels;
    /** UID/GID the pod runs as. Default 65532 (the conventional "nonroot" user). */
    readonly runAsUser?: number;
    /**
     * Keep what the pods run: the Deployment's pod template, and the env ConfigMap and Secret it reads, take
     * no change from this update (the engine keeps their current inputs); they are created as given. For a
     * track under live traffic whose changes must reach it only through a gate (the live blue-green colour,
     * canary's stable between promotions). Default false.
     */
    readonly freeze?: boolean;
}

/** Pod-template annotation carrying `podTemplateHash`: what a Deployment's pods actually run, read back from its state. */
export const POD_TEMPLATE_ANNOTATION = "platform.dev/pod-template";

/** Short stable hash of a value, for content-addressed names. */
export function contentHash(value: unknown, length = 8): string {
    return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, length);
}

/** Problems with the args (empty when valid). Pure; the constructor throws on any. */
export function validateAppDeploymentArgs(args: AppDeploymentArgs): string[] {
    const problems: string[] = [];
    (args.egress ?? []).forEach((e, i) => {
        if (e.cidr === undefined && e.namespace === undefined && e.podLabels === undefined) {
            problems.push(`egress[${i}] names no destination (cidr, namespace or podLabels): a rule without one reaches every address on ports ${e.ports.join(", ")}`);
        }
        if (e.cidr !== undefined && (e.namespace !== undefined || e.podLabels !== undefined)) {
            problems.push(`egress[${i}] sets cidr together with namespace/podLabels; use one or the other`);
        }
    });
    if (args.route !== undefined) problems.push(...routeProblems(args.route, args.ports));
    return problems;
}

/**
 * Hash of everything that shapes the pods a Deployment runs: image, version, env, the names of the secret env
 * variables (never their values), resources, ports, probes, identity and labels. Replicas, rollout strategy and
 * network policies are left out (they do not change a pod). Pure; gates put it in their name, so a gate re-runs
 * when what it tested changes.
 */
export function podTemplateHash(args: AppDeploymentArgs): string {
    if (typeof args.image !== "string") throw new Error(`AppDeployment ${args.app}: image must be a plain string to derive the pod template hash`);
    const sorted = (r: Readonly<Record<string, unknown>> | undefined) => Object.fromEntries(Object.entries(r ?? {}).sort(([a], [b]) => a.localeCompare(b)));
    return contentHash({
        app: args.app,
        track: args.track ?? null,
        image: args.image,
        version: args.version,
        env: sorted(args.env),
        secretEnv: Object.keys(args.secretEnv ?? {}).sort(),
        resources: args.resources,
        ports: args.ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol ?? "TCP" })),
        probes: args.probes,
        automountServiceAccountToken: args.automountServiceAccountToken ?? false,
        runAsUser: args.runAsUser ?? 65532,
        ownership: sorted(args.ownership as unknown as Record<string, unknown>),
    }, 12);
}

/**
 * A hardened Deployment with its ServiceAccount, config, Service, disruption budget, autoscaler and
 * ingress NetworkPolicy (egress NetworkPolicy and HTTPRoute when asked for). The building block of the
 * rolling, blue-green and canary strategies.
 */
export class AppDeployment extends pulumi.ComponentResource {
    /** Object name in the cluster: `<app>` or `<app>-<track>`. */
    public readonly objectName: string;
    /** Labels the Service selects on. */
    public readonly selector: Record<string, string>;
    /** `podTemplateHash` of the args: changes exactly when the pods change. */
    public readonly templateHash: string;
    /** The image the Deployment's pods run, from its state (under `freeze`, what ran before this update). */
    public readonly runningImage: pulumi.Output<string | undefined>;
    /** The pod template hash the pods run, from its state (undefined for pods from before the annotation). */
    public readonly runningTemplateHash: pulumi.Output<string | undefined>;
    public readonly serviceAccount: core.ServiceAccount;
    public readonly configMap?: core.ConfigMap;
    public readonly secret?: core.Secret;
    public readonly deployment: apps.Deployment;
    public readonly service: core.Service;
    public readonly podDisruptionBudget?: policy.PodDisruptionBudget;
    public readonly autoscaler?: autoscaling.HorizontalPodAutoscaler;
    public readonly networkPolicy: networking.NetworkPolicy;
    public readonly egressPolicy?: networking.NetworkPolicy;
    /** The app's HTTPRoute `${name}-route`, when `route` is given. */
    public readonly route?: apiextensions.CustomResource;
    public readonly serviceName: pulumi.Output<string>;

    constructor(name: string, args: AppDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems = validateAppDeploymentArgs(args);
        if (problems.length > 0) throw new Error(`AppDeployment ${name}: ${problems.join("; ")}`);
        super("platform:kubernetes:AppDeployment", name, {}, opts);
        const child = { parent: this };
        const frozen = (ignoreChanges: string[]) => (args.freeze ? { parent: this, ignoreChanges } : child);
        this.objectName = args.track ? `${args.app}-${args.track}` : args.app;
        // A plain app's Service and route are the objects a blue-green app of the same name has (appIdentity.ts).
        const shared = args.track === undefined && name === args.app;
        this.templateHash = podTemplateHash(args);
        this.selector = { [LABELS.name]: args.app, [LABELS.instance]: this.objectName, ...(args.track ? { [LABELS.track]: args.track } : {}) };
        const labels = { ...ownershipLabels(args.ownership), ...this.selector, [LABELS.component]: "app", [LABELS.version]: labelValue(args.version) };
        const meta = (objectName: string) => ({ name: objectName, namespace: args.namespace, labels });

        this.serviceAccount = new core.ServiceAccount(name, {
            metadata: meta(this.objectName),
            automountServiceAccountToken: args.automountServiceAccountToken ?? false,
        }, child);

        const env = args.env ?? {};
        const envFrom: Array<{ configMapRef?: { name: pulumi.Input<string> }; secretRef?: { name: pulumi.Input<string> } }> = [];
        if (Object.keys(env).length > 0) {
            const data = Object.fromEntries(Object.entries(env).sort(([a], [b]) => a.localeCompare(b)));
            this.configMap = new core.ConfigMap(`${name}-env`, {
                metadata: meta(`${this.objectName}-env-${contentHash(data)}`),
                immutable: true,
                data,
            }, frozen(["metadata.name", "data"]));
            envFrom.push({ configMapRef: { name: this.configMap.metadata.name } });
        }
        const secretEnv = args.secretEnv ?? {};
        if (Object.keys(secretEnv).length > 0) {
            this.secret = new core.Secret(`${name}-secrets`, {
                metadata: meta(`${this.objectName}-secrets`),
                type: "Opaque",
                data: secretData(secretEnv),
            }, { ...frozen(["data"]), additionalSecretOutputs: ["data", "stringData"] });
            envFrom.push({ secretRef: { name: this.secret.metadata.name } });
        }

        const strategy = args.strategy ?? { type: "rolling", maxSurge: "25%", maxUnavailable: 0 };
        // With an autoscaler the HPA owns spec.replicas: setting it here would scale the app back to the
        // configured size on every update.
        const replicas = args.autoscaling ? undefined : args.replicas;
        const runAs = args.runAsUser ?? 65532;
        this.deployment = new apps.Deployment(name, {
            metadata: meta(this.objectName),
            spec: {
                ...(replicas !== undefined ? { replicas } : {}),
                revisionHistoryLimit: 5,
                progressDeadlineSeconds: args.progressDeadlineSeconds ?? 600,
                selector: { matchLabels: this.selector },
                strategy: strategy.type === "rolling"
                    ? { type: "RollingUpdate", rollingUpdate: { maxSurge: strategy.maxSurge, maxUnavailable: strategy.maxUnavailable } }
                    : { type: "Recreate" },
                template: {
                    metadata: { labels, annotations: { [POD_TEMPLATE_ANNOTATION]: this.templateHash } },
                    spec: {
                        serviceAccountName: this.serviceAccount.metadata.name,
                        automountServiceAccountToken: args.automountServiceAccountToken ?? false,
                        securityContext: {
                            runAsNonRoot: true,
                            runAsUser: runAs,
                            runAsGroup: runAs,
                            fsGroup: runAs,
                            seccompProfile: { type: "RuntimeDefault" },
                        },
                        containers: [{
                            name: args.app,
                            image: args.image,
                            imagePullPolicy: "IfNotPresent",
                            ports: args.ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol ?? "TCP" })),
                            ...(envFrom.length > 0 ? { envFrom } : {}),
                            resources: {
                                requests: { ...args.resources.requests },
                                limits: { ...args.resources.limits },
                            },
                            readinessProbe: toProbe(args.probes.readiness, 0),
                            livenessProbe: toProbe(args.probes.liveness, 10),
                            ...(args.probes.startup ? { startupProbe: toProbe(args.probes.startup, 0) } : {}),
                            securityContext: {
                                allowPrivilegeEscalation: false,
                                privileged: false,
                                readOnlyRootFilesystem: true,
                                runAsNonRoot: true,
                                capabilities: { drop: ["ALL"] },
                                seccompProfile: { type: "RuntimeDefault" },
                            },
                            volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                        }],
                        volumes: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
                    },
                },
            },
        }, frozen(["spec.template"]));

        this.runningImage = this.deployment.spec.template.spec.containers.apply((cs) => cs?.[0]?.image);
        this.runningTemplateHash = this.deployment.spec.template.metadata.annotations.apply((a) => a?.[POD_TEMPLATE_ANNOTATION]);

        this.service = new core.Service(name, {
            metadata: meta(this.objectName),
            spec: {
                type: "ClusterIP",
                selector: this.selector,
                ports: args.ports.map((p) => ({ name: p.name, port: p.servicePort ?? p.containerPort, targetPort: p.name, protocol: p.protocol ?? "TCP" })),
            },
        }, { ...child, ...(shared ? { aliases: strategyAliases(args.app, APP_DEPLOYMENT_TYPE, "service", opts?.parent) } : {}) });
        this.serviceName = this.service.metadata.name;

        const minReplicas = args.autoscaling?.minReplicas ?? args.replicas;
        if (minReplicas > 1) {
            this.podDisruptionBudget = new policy.PodDisruptionBudget(name, {
                metadata: meta(this.objectName),
                spec: { maxUnavailable: 1, selector: { matchLabels: this.selector } },
            }, child);
        }
        if (args.autoscaling) {
            this.autoscaler = new autoscaling.HorizontalPodAutoscaler(name, {
                metadata: meta(this.objectName),
                spec: {
                    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: this.deployment.metadata.name },
                    minReplicas: args.autoscaling.minReplicas,
                    maxReplicas: args.autoscaling.maxReplicas,
                    metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: args.autoscaling.targetCpuPercent } } }],
                },
            }, child);
        }

        const byNamespace = (ns: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } });
        const appPorts = args.ports.filter((p) => p.name !== args.ingress.metricsPort);
        const ingressRules: networking.NetworkPolicyArgs["spec"] = {
            podSelector: { matchLabels: this.selector },
            policyTypes: ["Ingress"],
            ingress: [
                { from: [byNamespace(args.ingress.gatewayNamespace)], ports: appPorts.map((p) => ({ port: p.containerPort, protocol: p.protocol ?? "TCP" })) },
                // Rollout gates (smoke tests) run as Jobs in the app's namespace and call its Services.
                { from: [{ podSelector: { matchExpressions: [{ key: GATE_LABEL, operator: "Exists" }] } }], ports: appPorts.map((p) => ({ port: p.containerPort, protocol: p.protocol ?? "TCP" })) },
                ...(args.ingress.metricsPort
                    ? [{ from: [byNamespace(args.ingress.monitoringNamespace ?? "monitoring")], ports: args.ports.filter((p) => p.name === args.ingress.metricsPort).map((p) => ({ port: p.containerPort, protocol: "TCP" })) }]
                    : []),
                ...(args.ingress.peers ?? []).map((peer) => ({
                    from: [{
                        ...(peer.namespace ? byNamespace(peer.namespace) : {}),
                        ...(peer.podLabels ? { podSelector: { matchLabels: { ...peer.podLabels } } } : {}),
                    }],
                    ports: appPorts.map((p) => ({ port: p.containerPort, protocol: p.protocol ?? "TCP" })),
                })),
            ],
        };
        this.networkPolicy = new networking.NetworkPolicy(`${name}-ingress`, { metadata: meta(`${this.objectName}-ingress`), spec: ingressRules }, child);

        const egress = args.egress ?? [];
        if (egress.length > 0) {
            this.egressPolicy = new networking.NetworkPolicy(`${name}-egress`, {
                metadata: meta(`${this.objectName}-egress`),
                spec: {
                    podSelector: { matchLabels: this.selector },
                    policyTypes: ["Egress"],
                    egress: egress.map((e) => ({
                        to: [e.cidr !== undefined ? { ipBlock: { cidr: e.cidr } }
                            : { ...(e.namespace ? byNamespace(e.namespace) : {}), ...(e.podLabels ? { podSelector: { matchLabels: { ...e.podLabels } } } : {}) }],
                        ports: e.ports.map((p) => ({ port: p, protocol: e.protocol ?? "TCP" })),
                    })),
                },
            }, child);
        }

        if (args.route !== undefined) {
            // Attached once the first rollout is ready; it sends traffic only to the Service's ready pods.
            // No version label: a release does not touch the route.
            const { [LABELS.version]: _version, ...routeLabels } = labels;
            this.route = new apiextensions.CustomResource(`${name}-route`, {
                apiVersion: "gateway.networking.k8s.io/v1",
                kind: "HTTPRoute",
                metadata: { name: this.objectName, namespace: args.namespace, labels: routeLabels },
                spec: serviceRouteSpec(args.route, this.objectName),
            }, { parent: this, dependsOn: [this.deployment, this.service], ...(shared ? { aliases: strategyAliases(args.app, APP_DEPLOYMENT_TYPE, "route", opts?.parent) } : {}) });
        }

        this.registerOutputs({
            objectName: this.objectName,
            selector: this.selector,
            templateHash: this.templateHash,
            runningImage: this.runningImage,
            runningTemplateHash: this.runningTemplateHash,
            serviceAccount: this.serviceAccount,
            configMap: this.configMap,
            secret: this.secret,
            deployment: this.deployment,
            service: this.service,
            serviceName: this.serviceName,
            podDisruptionBudget: this.podDisruptionBudget,
            autoscaler: this.autoscaler,
            networkPolicy: this.networkPolicy,
            egressPolicy: this.egressPolicy,
            route: this.route,
        });
    }
}
