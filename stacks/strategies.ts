// Maps blue-green and canary app config to BlueGreenPair and CanarySplit. Config was validated
// (stacks/schema/progressive.ts) before anything is registered; the throws here are invariants.
import type * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/kubernetes/provider";
import { BlueGreenPair, type BlueGreenPairArgs } from "../components/kubernetes/blueGreenPair";
import { CanarySplit, canaryChecks, type CanaryAnalysis, type CanarySplitArgs } from "../components/kubernetes/canarySplit";
import type { SmokeTarget, TrackTemplate } from "../components/kubernetes/tracks";
import type { OwnershipLabels } from "../components/labels";
import { appDeploymentArgs, appRoute, imageVersion, type DeployedApp } from "./apps";
import type { PlatformConfig } from "./config";
import { minimumReplicas } from "./defaults";
import type { AppConfig } from "./schema/apps";
import { durationSeconds } from "./schema/common";
import { analysisEgress } from "./schema/gateRules";
import { smokeTarget } from "./schema/progressive";
import type { AnalysisConfig, BlueGreenConfig, CanaryConfig } from "./schema/strategies";

type AppWith<S> = AppConfig & { strategy: S };

function template(app: AppConfig, config: PlatformConfig, namespace: pulumi.Input<string>, ownership: OwnershipLabels, image: string): TrackTemplate {
    // Per-track fields (track, image, version, replicas) come from the strategy, not the template.
    const { track: _track, image: _image, version: _version, replicas: _replicas, ...rest } = appDeploymentArgs(app, config, namespace, ownership, { track: "template", image, replicas: app.replicas });
    return rest;
}

function smoke(app: AppWith<BlueGreenConfig | CanaryConfig>): SmokeTarget {
    const t = smokeTarget(app);
    if ("message" in t) throw new Error(`platform:apps.${app.name}.${t.path.join(".")}: ${t.message}`);
    return { paths: t.paths, servicePort: t.servicePort, containerPort: t.containerPort };
}

/** The analysis gate args of an app's `strategy.analysis`, judging the traffic of `track`. */
function analysisArgs(app: AppConfig, a: AnalysisConfig, config: PlatformConfig, track: string): CanaryAnalysis {
    const egress = analysisEgress(a, config.environment.tier);
    if ("message" in egress) throw new Error(`platform:apps.${app.name}.${egress.path.join(".")}: ${egress.message}`);
    return {
        prometheusUrl: a.prometheusUrl,
        intervalSeconds: durationSeconds(a.interval),
        samples: a.samples,
        // The rate window spans at least four scrapes, so a healthy track never fails for lack of samples.
        checks: canaryChecks({ namespace: config.namespace.name, app: app.name, track, window: `${Math.max(durationSeconds(a.interval), 4 * durationSeconds(config.monitoring.serviceMonitor.interval))}s`, successRatePercent: a.successRatePercent, latencyP99Ms: a.latencyP99Ms, custom: a.checks }),
        egress,
    };
}

/** BlueGreenPair args of a blue-green app. Pure apart from secret lookups. */
export function blueGreenPairArgs(app: AppWith<BlueGreenConfig>, config: PlatformConfig, namespace: pulumi.Input<string>, ownership: OwnershipLabels): BlueGreenPairArgs {
    const s = app.strategy;
    return {
        template: template(app, config, namespace, ownership, s[s.activeColor].image),
        blue: { image: s.blue.image, version: imageVersion(s.blue.image) },
        green: { image: s.green.image, version: imageVersion(s.green.image) },
        activeColor: s.activeColor,
        replicas: app.replicas,
        ...(s.idleReplicas !== undefined ? { idleReplicas: s.idleReplicas } : {}),
        smoke: smoke(app),
        ...(app.route ? { route: appRoute(app.route, app, config) } : {}),
        ...(s.gateImage !== undefined ? { gateImage: s.gateImage } : {}),
        ...(s.auto !== undefined && s.analysis !== undefined ? {
            auto: {
                steps: s.auto.steps,
                stepSeconds: durationSeconds(s.auto.stepDuration),
                analysis: analysisArgs(app, s.analysis, config, s.activeColor),
                retry: s.auto.retry,
                apiServer: { cidr: s.auto.apiServer.cidr, port: s.auto.apiServer.port },
                namespace: config.namespace.name,
            },
        } : {}),
    };
}

/** CanarySplit args of a canary app. Pure apart from secret lookups. */
export function canarySplitArgs(app: AppWith<CanaryConfig>, config: PlatformConfig, namespace: pulumi.Input<string>, ownership: OwnershipLabels): CanarySplitArgs {
    const s = app.strategy;
    const image = app.image;
    if (image === undefined) throw new Error(`platform:apps.${app.name}.image: expected the canary's image`);
    if (app.route === undefined) throw new Error(`platform:apps.${app.name}.route: expected the canary's route hostnames`);
    const analysis = s.analysis === undefined ? undefined : analysisArgs(app, s.analysis, config, "canary");
    return {
        template: template(app, config, namespace, ownership, image),
        stable: { image: s.stableImage, version: imageVersion(s.stableImage) },
        canary: { image, version: app.version ?? imageVersion(image) },
        replicas: app.replicas,
        canaryReplicas: s.canaryReplicas ?? minimumReplicas[config.environment.tier],
        steps: s.steps,
        step: s.step,
        abort: s.abort,
        header: s.header,
        route: appRoute(app.route, app, config),
        smoke: smoke(app),
        ...(analysis ? { analysis } : {}),
        ...(s.gateImage !== undefined ? { gateImage: s.gateImage } : {}),
        ...(s.auto !== undefined ? { auto: { namespace: config.namespace.name, stepSeconds: durationSeconds(s.auto.stepDuration), retry: s.auto.retry, apiServer: { cidr: s.auto.apiServer.cidr, port: s.auto.apiServer.port }, ...(s.auto.hold !== undefined ? { hold: { weight: s.auto.hold, approved: s.auto.approve === s.auto.hold } } : {}) } } : {}),
    };
}

function gatesOf(names: string[], passed: pulumi.Output<boolean>): DeployedApp["gates"] {
    return passed.apply((p) => ({ passed: p, names }));
}

export function deployBlueGreenApp(app: AppWith<BlueGreenConfig>, config: PlatformConfig, namespace: pulumi.Input<string>, ownership: OwnershipLabels, provider: Provider, parent?: pulumi.Resource): DeployedApp {
    const args = blueGreenPairArgs(app, config, namespace, ownership);
    const pair = new BlueGreenPair(app.name, args, { provider, ...(parent ? { parent } : {}) });
    const live = args[args.activeColor];
    return {
        name: app.name,
        strategy: "blueGreen",
        image: live.image,
        version: live.version,
        tracks: (["blue", "green"] as const).map((c) => ({ track: c, serviceName: pair.tracks[c].serviceName })),
        liveService: pair.liveServiceName,
        gates: gatesOf(pair.gateNames, pair.gatesPassed),
        verified: pair.verifiedImages,
        component: pair,
    };
}

export function deployCanaryApp(app: AppWith<CanaryConfig>, config: PlatformConfig, namespace: pulumi.Input<string>, ownership: OwnershipLabels, provider: Provider, parent?: pulumi.Resource): DeployedApp {
    const args = canarySplitArgs(app, config, namespace, ownership);
    const split = new CanarySplit(app.name, args, { provider, ...(parent ? { parent } : {}) });
    return {
        name: app.name,
        strategy: "canary",
        image: args.canary.image,
        version: args.canary.version,
        tracks: [{ track: "stable", serviceName: split.stable.serviceName }, { track: "canary", serviceName: split.canary.serviceName }],
        liveService: split.liveServiceName,
        gates: gatesOf(split.gateNames, split.gatesPassed),
        verified: split.verifiedImages,
        component: split,
    };
}
