import * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/kubernetes/provider";
import { AppDeployment, type AppDeploymentArgs } from "../components/kubernetes/appDeployment";
import type { AppRoute } from "../components/kubernetes/httpRoute";
import { GateJob } from "../components/kubernetes/gateJob";
import { ownershipLabels, type OwnershipLabels } from "../components/labels";
import { secretValue, type PlatformConfig } from "./config";
import type { AppConfig } from "./schema/apps";
import { databaseCidrs } from "./schema/network";

/** What the stack knows about a deployed app, for outputs, monitoring and the release manifest. */
export interface DeployedApp {
    readonly name: string;
    readonly strategy: AppConfig["strategy"]["type"];
    /** Image the release ships (the new version). */
    readonly image: string;
    readonly version: string;
    /** Tracks and their Services (a plain app has one track, "main"). */
    readonly tracks: ReadonlyArray<{ readonly track: string; readonly serviceName: pulumi.Output<string> }>;
    /** Service that receives live traffic. */
    readonly liveService: pulumi.Output<string>;
    /** Resolves after every gate of this release has passed (and the workloads are ready). */
    readonly gates: pulumi.Output<{ readonly passed: boolean; readonly names: string[] }>;
    /** Images of the app a gate verified (resolves after the gates): what another stack may promote. */
    readonly verified: pulumi.Output<string[]>;
    readonly component: pulumi.Resource;
}

/** The version label of an image: its tag, else the digest's first 12 hex characters. */
export function imageVersion(image: string): string {
    const digest = /@sha256:([a-f0-9]{64})$/.exec(image);
    const withoutDigest = image.replace(/@sha256:[a-f0-9]{64}$/, "");
    const tag = /:([A-Za-z0-9_][A-Za-z0-9_.-]*)$/.exec(withoutDigest.replace(/^[^/]*\//, ""));
    if (tag) return tag[1];
    if (digest) return digest[1].slice(0, 12);
    throw new Error(`image "${image}" has neither a tag nor a digest`);
}

/** The AppDeployment args an app config maps to, for one track. Pure apart from secret lookups. */
export function appDeploymentArgs(
    app: AppConfig,
    config: PlatformConfig,
    namespace: pulumi.Input<string>,
    ownership: OwnershipLabels,
    track?: { readonly track: string; readonly image: string; readonly replicas: number },
): AppDeploymentArgs {
    const image = track?.image ?? app.image;
    if (image === undefined) throw new Error(`platform:apps.${app.name}.image: expected an image`);
    const strategy = app.strategy.type === "recreate" ? { type: "recreate" as const } : app.strategy.type === "rolling" ? app.strategy : undefined;
    const metricsPort = app.monitoring.portName;
    return {
        namespace,
        app: app.name,
        ...(track ? { track: track.track } : {}),
        image,
        version: app.version !== undefined && track === undefined ? app.version : imageVersion(image),
        replicas: track?.replicas ?? app.replicas,
        ...(app.autoscaling && (track === undefined || track.replicas > 0) ? { autoscaling: app.autoscaling } : {}),
        resources: app.resources,
        ports: app.ports,
        env: app.env,
        secretEnv: Object.fromEntries(Object.entries(app.secretEnv).map(([k, ref]) => [k, secretValue(ref)])),
        probes: app.probes,
        ...(strategy ? { strategy } : {}),
        progressDeadlineSeconds: app.progressDeadlineSeconds,
        automountServiceAccountToken: app.automountServiceAccountToken,
        ingress: { gatewayNamespace: config.gateway.namespace, monitoringNamespace: config.monitoring.install.namespace, metricsPort, peers: app.allowFrom },
        egress: [
            ...app.allowTo,
            // The stack's managed database: its port, only in the ranges its private addresses come from.
            ...(config.dataProtection.database.enabled ? (databaseCidrs(config.network, config.cloud.provider) ?? []).map((cidr) => ({ cidr, ports: [POSTGRES_PORT], protocol: "TCP" as const })) : []),
        ],
        ownership,
    };
}

/** An app's route through the platform gateway, to its first port. */
export function appRoute(route: NonNullable<AppConfig["route"]>, app: AppConfig, config: PlatformConfig): AppRoute {
    const first = app.ports[0];
    return {
        gateway: { name: config.gateway.name, namespace: config.gateway.namespace },
        hostnames: route.hostnames,
        path: route.path,
        port: first.servicePort ?? first.containerPort,
    };
}

/** Port of the managed PostgreSQL every cloud's data component creates. */
export const POSTGRES_PORT = 5432;

/**
 * What a plain app's rollout check calls: its http readiness endpoint through its Service; undefined when the
 * readiness probe is not http. Pure.
 */
export function rolloutCheck(app: AppConfig): { paths: string[]; servicePort: number; containerPort: number } | undefined {
    const readiness = app.probes.readiness;
    if (readiness.type !== "http") return undefined;
    const port = app.ports.find((p) => (typeof readiness.port === "number" ? p.containerPort === readiness.port : p.name === readiness.port));
    if (port === undefined || port.protocol === "UDP") return undefined;
    return { paths: [readiness.path], servicePort: port.servicePort ?? port.containerPort, containerPort: port.containerPort };
}

/**
 * A rolling or recreate app: one AppDeployment (with its HTTPRoute when it has a `route`) and, outside dev with an
 * http readiness probe, a smoke gate on that endpoint after the rollout.
 */
export function deployPlainApp(app: AppConfig, config: PlatformConfig, namespace: pulumi.Input<string>, ownership: OwnershipLabels, provider: Provider, parent?: pulumi.Resource): DeployedApp {
    const args: AppDeploymentArgs = { ...appDeploymentArgs(app, config, namespace, ownership), ...(app.route ? { route: appRoute(app.route, app, config) } : {}) };
    const component = new AppDeployment(app.name, args, { provider, ...(parent ? { parent } : {}) });
    const check = config.environment.tier === "dev" ? undefined : rolloutCheck(app);
    // After the rollout (the provider awaits it), the readiness endpoint is called through the app's Service: the
    // release is verified by that call, not by readiness alone. Named from the pod template: a new one re-runs it.
    const gate = check && new GateJob(`${app.name}-gate-rollout`, {
        namespace,
        app: app.name,
        version: args.version,
        step: "smoke",
        tested: component.templateHash,
        gate: { mode: "smoke", urls: check.paths.map((p) => `http://${app.name}:${check.servicePort}${p}`) },
        egress: [{ port: check.containerPort, podLabels: component.selector }],
        labels: ownershipLabels(ownership),
    }, { provider, ...(parent ? { parent } : {}), dependsOn: [component] });
    const verdict = gate ? gate.passed : component.deployment.status.apply(() => true);
    return {
        name: app.name,
        strategy: app.strategy.type,
        image: String(args.image),
        version: args.version,
        tracks: [{ track: "main", serviceName: component.serviceName }],
        liveService: component.serviceName,
        // The provider awaits the rollout before `status` resolves; with an http readiness probe (outside dev) the
        // rollout check then calls it. Without one, readiness is the only check (staging refuses exec and tcp).
        gates: verdict.apply((passed) => ({ passed, names: gate ? [gate.jobName] : [] })),
        verified: verdict.apply((passed) => (passed ? [String(args.image)] : [])),
        component,
    };
}
