import * as pulumi from "@pulumi/pulumi";
import * as apiextensions from "@pulumi/kubernetes/apiextensions";
import * as core from "@pulumi/kubernetes/core/v1";
import { defaultChecks, type Check } from "../../gates/gate";
import { ownershipLabels } from "../labels";
import { SERVICE_ALIAS_LABEL } from "../observability/monitoring";
import { AppDeployment, podTemplateHash } from "./appDeployment";
import { CANARY_SPLIT_TYPE, strategyAliases, type SharedObject } from "./appIdentity";
import { GateJob } from "./gateJob";
import type { GateEgressTarget, GateSpec, GateStep } from "./gateSpec";
import { autoProblems, autoRelease } from "./canaryRelease";
import { canaryHeaderProblem } from "./canaryHeader";
import { afterCheck, checkFrozenTrack } from "./frozenTrack";
import { routeBase, routeProblems, type AppRoute } from "./httpRoute";
import { TRAFFIC_SHIFT_ANNOTATION, pairLabels, sameImage, servicePorts, trackArgs, trackSelector, type SmokeTarget, type TrackImage, type TrackTemplate } from "./tracks";

/** Prometheus analysis run by a gate Job before each weight change. */
export interface CanaryAnalysis {
    /** Prometheus base URL reachable from the cluster. */
    readonly prometheusUrl: string;
    /** Seconds between samples. */
    readonly intervalSeconds: number;
    /** Samples per gate; every check must pass in every sample. */
    readonly samples: number;
    /** Checks, usually `canaryChecks(...)`: Flagger-like defaults plus custom PromQL. */
    readonly checks: readonly Check[];
    /** Where the gate may connect to reach Prometheus. */
    readonly egress: GateEgressTarget;
}

/**
 * A release walked by one `pulumi up`: the release gate (gate.js release mode) applies each step's weight
 * from inside the cluster, holds it `stepSeconds` while the analysis samples that traffic, and returns all
 * traffic to stable on the first failure, whether or not `pulumi up` is still running.
 */
export interface CanaryAuto {
    /** How long each step's weight is held and analysed, seconds (at least the analysis interval). */
    readonly stepSeconds: number;
    /** Bump to re-run a failed candidate from its first step; part of the release's identity. Default 0. */
    readonly retry?: number;
    /** Where the release and handover gates reach the Kubernetes API server (their egress). */
    readonly apiServer: GateEgressTarget;
    /** The name of `template.namespace`, known before it exists: the release gate is told the route it may change. */
    readonly namespace: string;
    /**
     * A manual hold: the walk stops at this weight (one of `steps`, not the last) and the update ends there,
     * traffic held; a later update with `approved` continues from the next step without re-running the passed
     * ones. Default none.
     */
    readonly hold?: { readonly weight: number; readonly approved: boolean };
}

export interface CanarySplitArgs {
    /** What both tracks share (namespace, app name, resources, ports, probes, ingress, ownership...). */
    readonly template: TrackTemplate;
    /** What the stable track runs while a release is in progress. */
    readonly stable: TrackImage;
    /** The release under test. The same image as `stable.image` (by digest): nothing to release (canary at zero, all traffic on stable, no gates). */
    readonly canary: TrackImage;
    /** Replicas of the stable track (initial size when the template autoscales). */
    readonly replicas: number;
    /** Replicas of the canary while a release is in progress (its autoscaler's minimum wins when the template autoscales). Default 1. */
    readonly canaryReplicas?: number;
    /** Canary weights in percent, strictly rising, each 1..100. */
    readonly steps: readonly number[];
    /** Index into `steps`; `steps.length` promotes (stable takes the canary's image, canary to zero). */
    readonly step: number;
    /** All traffic back to stable; only the route changes. Default false. */
    readonly abort?: boolean;
    /** Requests with this header go to the canary whatever the weight; never one clients send on their own (canaryHeader.ts). Default x-canary: always. */
    readonly header?: { readonly name: string; readonly value: string };
    /** The weighted HTTPRoute through the shared gateway, with at least one hostname. */
    readonly route: AppRoute;
    /** What the canary's smoke gate calls on `<app>-canary` (before the first weight). */
    readonly smoke: SmokeTarget;
    /** Analysis gating every step after the first. Default none: each step is gated by a smoke test only. */
    readonly analysis?: CanaryAnalysis;
    /** Gate Job image, pinned by digest. Default GateJob's DEFAULT_GATE_IMAGE. */
    readonly gateImage?: string;
    /**
     * Walk every step in one update (needs `analysis`; `step` and `abort` must stay 0 and false). Default
     * unset: one step per update, moved by `step`.
     */
    readonly auto?: CanaryAuto;
}

/** steady: nothing to release; progressing: at `steps[step]`; aborted: back on stable; promoted: stable runs the canary's version. */
export type CanaryPhase = "steady" | "progressing" | "aborted" | "promoted";

export interface CanaryPosition {
    readonly steps: readonly number[];
    readonly step: number;
    readonly abort?: boolean;
    /** True when the canary runs the stable image (nothing to release: no gate runs, so nothing is verified). Default false. */
    readonly idle?: boolean;
}

export function canaryPhase(c: CanaryPosition): CanaryPhase {
    if (c.idle === true) return "steady";
    if (c.abort === true) return "aborted";
    return c.step >= c.steps.length ? "promoted" : "progressing";
}

/** Traffic split (percent) of the default rule. Always adds up to 100; a canary weight of 0 leaves stable as the only backend. */
export function routeWeights(c: CanaryPosition): { stable: number; canary: number } {
    const canary = canaryPhase(c) === "progressing" ? c.steps[c.step] : 0;
    return { stable: 100 - canary, canary };
}

/** Problems with the steps and step (empty when valid). Pure. */
export function validateCanaryPosition(c: CanaryPosition): string[] {
    const problems: string[] = [];
    if (c.steps.length === 0) problems.push("steps must list at least one weight");
    c.steps.forEach((w, i) => {
        if (!Number.isInteger(w) || w < 1 || w > 100) problems.push(`steps[${i}] must be an integer weight 1..100, got ${w}`);
        if (i > 0 && w <= c.steps[i - 1]) problems.push(`steps must rise strictly, but step ${i} (${w}) is not above step ${i - 1} (${c.steps[i - 1]})`);
    });
    if (!Number.isInteger(c.step) || c.step < 0 || c.step > c.steps.length) problems.push(`step must be an index 0..${c.steps.length} (${c.steps.length} promotes), got ${c.step}`);
    return problems;
}

/** Flagger-like default checks of the canary track (success rate, p99 latency) followed by custom checks. */
export function canaryChecks(o: {
    /** `namespace` label value of the app's metrics. */
    readonly namespace: string;
    readonly app: string;
    /** PromQL rate window, e.g. "1m". */
    readonly window: string;
    readonly successRatePercent: number;
    readonly latencyP99Ms: number;
    readonly custom?: readonly Check[];
    /** `track` label value of the traffic judged. Default "canary" (a blue-green switch judges the new colour). */
    readonly track?: string;
}): Check[] {
    const defaults = defaultChecks({ namespace: o.namespace, app: o.app, track: o.track ?? "canary", window: o.window, minSuccessRate: o.successRatePercent / 100, maxP99LatencySeconds: o.latencyP99Ms / 1000 });
    return [...defaults, ...(o.custom ?? [])];
}

/**
 * Canary delivery on two AppDeployments (`<app>-stable`, `<app>-canary`) behind a Gateway API HTTPRoute
 * `<app>`: a header rule sends test traffic to the canary, the default rule splits by weight. The route
 * depends on every gate of the release: a smoke gate of the canary, then one gate per completed step
 * (analysis of the traffic at that step), each named from version, step and the canary's pod template; once
 * promoted, on a smoke gate of stable named from stable's pod template. Stable is frozen between promotions:
 * its pods take no change in place. In-cluster callers reach stable through the Service `<app>` (the same object a
 * plain or blue-green app of that name has: switching strategy keeps it and the route, appIdentity.ts) or
 * `<app>-stable`. Children: `${name}-stable`, `${name}-canary` (AppDeployment), `${name}-gate-smoke`,
 * `${name}-gate-step<k>`, `${name}-gate-stable` (GateJob), `${name}-live` (Service `<app>`), `${name}-route`.
 */
export class CanarySplit extends pulumi.ComponentResource {
    public readonly phase: CanaryPhase;
    public readonly weights: { readonly stable: number; readonly canary: number };
    public readonly stable: AppDeployment;
    public readonly canary: AppDeployment;
    /** Gates of the release in order (smoke, step 0, step 1, ...); none when steady or aborted. */
    public readonly gates: GateJob[];
    /** Smoke gate of the stable track once promoted (stable then runs the canary's pods); none otherwise. */
    public readonly stableGate?: GateJob;
    public readonly gateNames: string[];
    public readonly route: apiextensions.CustomResource;
    /** Service `<app>`, selecting stable: in-cluster callers bypass the route and reach stable. */
    public readonly liveService: core.Service;
    /** Name of the live Service (`<app>`). */
    public readonly liveServiceName: pulumi.Output<string>;
    /** Resolves after every declared gate completed: true once promoted with all gates passed; false while progressing, aborted or steady (no gate ran). */
    public readonly gatesPassed: pulumi.Output<boolean>;
    /** Images the gates verified: once promoted, the release; otherwise none. */
    public readonly verifiedImages: pulumi.Output<string[]>;
    /** True once stable is known to run its configured image (frozen between promotions: see checkFrozenTrack). */
    public readonly stableChecked: pulumi.Output<boolean>;

    constructor(name: string, args: CanarySplitArgs, opts?: pulumi.ComponentResourceOptions) {
        const position: CanaryPosition = { steps: args.steps, step: args.step, abort: args.abort ?? false, idle: sameImage(args.stable.image, args.canary.image) };
        const problems = validateCanaryPosition(position);
        problems.push(...routeProblems(args.route, args.template.ports));
        const headerProblem = canaryHeaderProblem((args.header ?? DEFAULT_CANARY_HEADER).name);
        if (headerProblem !== undefined) problems.push(`header.name: ${headerProblem}`);
        if (args.smoke.paths.length === 0) problems.push("smoke.paths must list at least one health endpoint (the first step is gated on it)");
        if (args.auto !== undefined) problems.push(...autoProblems(args));
        if (problems.length > 0) throw new Error(`CanarySplit ${name}: ${problems.join("; ")}`);
        // steps/step/abort are the component's inputs so the policy pack (k8s-canary-steps-rising) can read them.
        super("platform:kubernetes:CanarySplit", name, { steps: [...args.steps], step: args.step, abort: args.abort ?? false }, opts);
        const app = args.template.app;
        // The route and the live Service are the objects a plain or blue-green app of the same name has.
        const shared = (what: SharedObject) => (name === app ? { aliases: strategyAliases(app, CANARY_SPLIT_TYPE, what, opts?.parent) } : {});
        // A release walked in one update ends promoted (or rolled back by its gate, which fails the update).
        const phase = args.auto !== undefined && !position.idle ? "promoted" : canaryPhase(position);
        this.phase = phase;
        this.weights = routeWeights(args.auto !== undefined ? { ...position, step: args.steps.length } : position);
        if (args.auto !== undefined) {
            const r = autoRelease(this, name, args, args.auto, phase, shared);
            this.stable = r.stable;
            this.canary = r.canary;
            this.gates = r.gates;
            this.stableGate = r.stableGate;
            this.route = r.route;
            this.stableChecked = r.stableChecked;
            this.gatesPassed = r.gatesPassed;
            this.verifiedImages = r.verifiedImages;
            this.gateNames = this.gates.map((g) => g.jobName);
        } else {
            // The canary runs whenever a release has gates (progressing, promoted) or was aborted: a gate must test
            // pods of the release's image, never what the canary ran before (a new image and a late step, or the
            // promotion, in one update). Only when steady is it scaled to zero.
            const canaryRunning = phase !== "steady";
            const canaryArgs = trackArgs(args.template, "canary", args.canary, canaryRunning ? args.canaryReplicas ?? 1 : 0, true);
            // Every gate tests the canary's pods: their template is part of each gate's name.
            const tested = podTemplateHash(canaryArgs);
            const canaryTrack = (dependsOn: pulumi.Resource[]) => new AppDeployment(`${name}-canary`, canaryArgs, { parent: this, dependsOn });

            // While the canary runs it is created first: gates wait for its rollout and the route for both.
            // When steady it is scaled to zero only after the route took all traffic off it.
            const running = canaryRunning ? canaryTrack([]) : undefined;

            // Gates: the canary's smoke test, then one per completed step (`analysis` of the traffic at that
            // step, else another smoke test), chained. Once promoted they are kept unchanged as the release's record.
            this.gates = [];
            if (phase === "progressing" || phase === "promoted") {
                const smokeEgress: GateEgressTarget[] = [{ port: args.smoke.containerPort, podLabels: trackSelector(app, "canary") }];
                const smokeSpec: GateSpec = { mode: "smoke", urls: canaryUrls(app, args.smoke) };
                this.gates.push(this.gate(`${name}-gate-smoke`, args, { step: "smoke", tested, version: args.canary.version }, smokeSpec, smokeEgress, running ? [running] : []));
                for (let k = 0; k < args.step; k++) {
                    const analysis = args.analysis;
                    const spec: GateSpec = analysis
                        ? { mode: "analysis", prometheusUrl: analysis.prometheusUrl, checks: analysis.checks, samples: analysis.samples, intervalSeconds: analysis.intervalSeconds }
                        : smokeSpec;
                    this.gates.push(this.gate(`${name}-gate-step${k}`, args, { step: k, tested, version: args.canary.version }, spec, analysis ? [analysis.egress] : smokeEgress, [this.gates[this.gates.length - 1]]));
                }
            }
            this.gateNames = this.gates.map((g) => g.jobName);

            // Stable runs the canary's version once promoted. It changes only after every gate passed: the gates test
            // the canary's pod template, which stable shares (env, resources, probes), so a template change reaches
            // the pods under live traffic only once a gate has tested it on the canary.
            // Between promotions stable is frozen: its pods take no change in place (a new stableImage, or env,
            // resources, probes while steady, progressing or aborted); they take the canary's tested pods at promotion.
            const stableImage = phase === "promoted" ? args.canary : args.stable;
            this.stable = new AppDeployment(`${name}-stable`, { ...trackArgs(args.template, "stable", stableImage, args.replicas, true), freeze: phase !== "promoted" }, { parent: this, dependsOn: this.gates });
            this.stableChecked = phase === "promoted" ? this.stable.deployment.status.apply(() => true) : checkFrozenTrack(this.stable, args.stable, {
                what: `${app}: stable serves live traffic`,
                howImage: "stable takes a new image only by promotion: release it as the canary (image), step through the steps, and promote",
                howTemplate: "they reach stable with the next promotion, after the gates tested them on the canary",
            }, this);
            // Stable's own smoke gate, named from stable's pod template, while promoted (the only phase in which stable
            // changes): it runs right after stable rolled to the canary's pods, and the route waits for it.
            if (phase === "promoted") {
                const spec: GateSpec = { mode: "smoke", urls: args.smoke.paths.map((p) => `http://${app}-stable:${args.smoke.servicePort}${p}`) };
                const egress = [{ port: args.smoke.containerPort, podLabels: trackSelector(app, "stable") }];
                this.stableGate = this.gate(`${name}-gate-stable`, args, { step: "smoke", tested: this.stable.templateHash, version: stableImage.version }, spec, egress, [this.stable]);
            }

            // An abort waits for nothing but stable: a failing canary must not block it.
            const stableDeps = [this.stable, ...(this.stableGate ? [this.stableGate] : [])];
            const routeDeps: pulumi.Resource[] = phase === "steady" || phase === "aborted" ? stableDeps : [...stableDeps, ...(running ? [running] : []), ...this.gates];
            this.route = new apiextensions.CustomResource(`${name}-route`, {
                apiVersion: "gateway.networking.k8s.io/v1",
                kind: "HTTPRoute",
                metadata: { name: app, namespace: args.template.namespace, labels: pairLabels(args.template, app), annotations: { [TRAFFIC_SHIFT_ANNOTATION]: "true", [CANARY_STEPS_ANNOTATION]: args.steps.join(",") } },
                // Abort sends every request to stable, header-matched test traffic included.
                // During an update the route waits for stable's check: traffic never moves while stable runs other pods than configured.
                spec: afterCheck(canaryRouteSpec(app, args.route, this.weights, phase === "progressing" ? args.header ?? DEFAULT_CANARY_HEADER : undefined), this.stableChecked),
            }, { parent: this, dependsOn: routeDeps, ...shared("route") });

            this.canary = running ?? canaryTrack([this.route]);
            // The release is verified once promoted (every step's gate passed). A release in progress or aborted is
            // not (yet) verified, whatever its gates so far say; nor is a steady canary, which ran no gate at all.
            const passed = phase === "aborted" ? this.route.urn.apply(() => false)
                : phase === "steady" ? this.stable.deployment.status.apply(() => false)
                : pulumi.all([...this.gates, ...(this.stableGate ? [this.stableGate] : [])].map((g) => g.passed)).apply((ps) => phase === "promoted" && ps.every((p) => p));
            this.gatesPassed = pulumi.all([this.stableChecked, passed]).apply(([checked, p]) => checked && p);
            // Only the release: its gates ran on its pods. The stable it was analysed against is not verified by that
            // (its image comes from config: counting it would let an edit of stableImage alone launder any digest).
            this.verifiedImages = this.gatesPassed.apply((p) => (p ? [args.canary.image] : []));
        }

        // Selects stable's pods whatever the phase (the selector never moves): created once stable runs.
        this.liveService = new core.Service(`${name}-live`, {
            // Marked as an alias so the app's ServiceMonitor scrapes each pod once, through its track's Service.
            metadata: { name: app, namespace: args.template.namespace, labels: { ...pairLabels(args.template, app), [SERVICE_ALIAS_LABEL]: "live" } },
            spec: { type: "ClusterIP", selector: trackSelector(app, "stable"), ports: servicePorts(args.template) },
        }, { parent: this, dependsOn: [this.stable], ...shared("service") });
        this.liveServiceName = this.liveService.metadata.name;

        this.registerOutputs({
            phase: this.phase,
            weights: this.weights,
            stable: this.stable,
            canary: this.canary,
            gates: this.gates,
            stableGate: this.stableGate,
            gateNames: this.gateNames,
            gatesPassed: this.gatesPassed,
            verifiedImages: this.verifiedImages,
            stableChecked: this.stableChecked,
            route: this.route,
            liveService: this.liveService,
            liveServiceName: this.liveServiceName,
        });
    }

    private gate(name: string, args: CanarySplitArgs, what: { step: number | "smoke"; tested: string; version: string }, spec: GateSpec, egress: GateEgressTarget[], dependsOn: pulumi.Resource[]): GateJob {
        return canaryGate(this, name, args, what, spec, egress, dependsOn);
    }
}

/** A gate Job of a canary app, a child of `parent`. */
export function canaryGate(parent: pulumi.Resource, name: string, args: CanarySplitArgs, what: { step: GateStep; tested: string; version: string; serviceAccountName?: string }, spec: GateSpec, egress: GateEgressTarget[], dependsOn: pulumi.Resource[]): GateJob {
    return new GateJob(name, {
        namespace: args.template.namespace,
        app: args.template.app,
        version: what.version,
        step: what.step,
        tested: what.tested,
        gate: spec,
        egress,
        labels: ownershipLabels(args.template.ownership),
        ...(args.gateImage !== undefined ? { image: args.gateImage } : {}),
        ...(what.serviceAccountName !== undefined ? { serviceAccountName: what.serviceAccountName } : {}),
    }, { parent, dependsOn });
}

/** URLs the canary's smoke gate GETs on the canary track's Service. */
export function canaryUrls(app: string, smoke: SmokeTarget): string[] {
    return smoke.paths.map((p) => `http://${app}-canary:${smoke.servicePort}${p}`);
}

/** Annotation on the route listing the canary steps (read by the policy pack's k8s-canary-steps-rising). */
export const CANARY_STEPS_ANNOTATION = "platform.dev/canary-steps";

export const DEFAULT_CANARY_HEADER = { name: "x-canary", value: "always" } as const;

/**
 * The HTTPRoute spec: with a header (while the canary runs) a first rule sends matching requests to the
 * canary only; the default rule splits between `<app>-stable` and `<app>-canary` by weight. With a canary
 * weight of 0 the default rule has stable as its only backend: no split (nothing for a gate to guard).
 */
export function canaryRouteSpec(app: string, route: AppRoute, weights: { stable: number; canary: number }, header?: { name: string; value: string }): Record<string, unknown> {
    const base = routeBase(route);
    const backend = (track: string, weight?: number) => ({ name: `${app}-${track}`, port: route.port, ...(weight !== undefined ? { weight } : {}) });
    return {
        parentRefs: base.parentRefs,
        ...(base.hostnames ? { hostnames: base.hostnames } : {}),
        rules: [
            ...(header ? [{ matches: [{ path: base.path, headers: [{ type: "Exact", name: header.name, value: header.value }] }], backendRefs: [backend("canary")] }] : []),
            { matches: [{ path: base.path }], backendRefs: weights.canary === 0 ? [backend("stable")] : [backend("stable", weights.stable), backend("canary", weights.canary)] },
        ],
    };
}
