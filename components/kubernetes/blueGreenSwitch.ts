// A blue-green switch walked by one `pulumi up` (BlueGreenPair with `auto`): the route moves from the live Service
// (still on the previous colour) to the new colour's own Service in steps, each held while the analysis samples
// the new colour's traffic; the first failed check sends the route back, from inside the cluster. The program moves
// the live Service `<app>` (in-cluster callers) only once the route's verdict says the switch completed, and a
// handover gate then points the route at the live Service again.
import * as pulumi from "@pulumi/pulumi";
import * as apiextensions from "@pulumi/kubernetes/apiextensions";
import type { TrafficTarget } from "../../gates/gate";
import { ownershipLabels } from "../labels";
import type { AppDeployment } from "./appDeployment";
import type { SharedObject } from "./appIdentity";
import { RELEASE_ANNOTATION, releaseId, routeVerdict } from "./canaryRelease";
import type { CanaryAnalysis } from "./canarySplit";
import { GateJob } from "./gateJob";
import type { GateEgressTarget, GateSpec, GateStep } from "./gateSpec";
import { routeBase, serviceRouteSpec, type AppRoute } from "./httpRoute";
import { TRAFFIC_SHIFT_ANNOTATION, pairLabels, type TrackTemplate } from "./tracks";
import { TrafficIdentity } from "./trafficIdentity";
import { ReleaseFailure } from "./releaseFailure";

/**
 * A switch walked from inside the cluster: the release gate (gate.js release mode, without a header rule) moves the
 * route's traffic to the new colour in `steps`, holds each `stepSeconds` while `analysis` samples it, and sends it
 * all back to the previous colour on the first failure, whether or not `pulumi up` is still running.
 */
export interface BlueGreenAuto {
    /** Share of the route's traffic on the new colour per step (percent, strictly rising, the last 100). */
    readonly steps: readonly number[];
    /** How long each step is held and analysed, seconds (at least the analysis interval). */
    readonly stepSeconds: number;
    /** Checks of the new colour's traffic (its `track` label is the colour). */
    readonly analysis: CanaryAnalysis;
    /** Bump to re-run a switch that was rolled back; part of the switch's identity. Default 0. */
    readonly retry?: number;
    /** Where the release and handover gates reach the Kubernetes API server (their egress). */
    readonly apiServer: GateEgressTarget;
    /** The name of the template's namespace, known before it exists: the gates are told the route they may change. */
    readonly namespace: string;
}

/** Problems with `auto` (empty when valid). Pure. */
export function blueGreenAutoProblems(auto: BlueGreenAuto, route: AppRoute | undefined): string[] {
    const problems: string[] = [];
    if (route === undefined) problems.push("auto needs a route: the switch is walked, and undone, on the route");
    if (auto.steps.length === 0 || auto.steps.some((w, i) => !Number.isInteger(w) || w < 1 || w > 100 || (i > 0 && w <= auto.steps[i - 1]))) {
        problems.push(`auto.steps must be strictly rising weights 1..100, got [${auto.steps.join(", ")}]`);
    } else if (auto.steps[auto.steps.length - 1] !== 100) problems.push(`auto.steps must end at 100 (a switch ends with all traffic on the new colour), got [${auto.steps.join(", ")}]`);
    if (!Number.isInteger(auto.stepSeconds) || auto.stepSeconds < 1 || auto.stepSeconds > 86400) problems.push(`auto.stepSeconds must be an integer 1..86400, got ${auto.stepSeconds}`);
    else if (auto.analysis.intervalSeconds > auto.stepSeconds) problems.push(`auto.stepSeconds (${auto.stepSeconds}) must be at least the analysis interval (${auto.analysis.intervalSeconds} s): each step is sampled at least once`);
    if (auto.retry !== undefined && (!Number.isInteger(auto.retry) || auto.retry < 0)) problems.push(`auto.retry must be an integer >= 0, got ${auto.retry}`);
    return problems;
}

/** The route the switch and handover gates change: from the live Service `<app>` to `<app>-<colour>`. Pure. */
export function switchTraffic(app: string, color: string, route: AppRoute, namespace: string): TrafficTarget {
    return { namespace, route: app, path: routeBase(route).path, port: route.port, stable: app, canary: `${app}-${color}` };
}

export interface SwitchArgs {
    readonly template: TrackTemplate;
    readonly route: AppRoute;
    readonly auto: BlueGreenAuto;
    /** The colour switched to (the configured `activeColor`), and the one traffic goes back to on a failure. */
    readonly color: string;
    readonly previous: string;
    readonly version: string;
    readonly gateImage?: string;
}

export interface Switch {
    readonly route: apiextensions.CustomResource;
    readonly gate: GateJob;
    readonly identity: TrafficIdentity;
    /** Resolves once the route's verdict says this switch completed; fails the update (RunError) otherwise. */
    readonly completed: pulumi.Output<boolean>;
    /** After the live Service moved: points the route at it again. */
    handover(after: pulumi.Resource[]): GateJob;
}

/**
 * The switch's route, identity, release gate and verdict. The route is reset to the live Service for this switch
 * (annotated with its id) before the gate walks; every later update with the same switch reads the verdict again
 * and never re-runs the gate by itself.
 */
export function blueGreenSwitch(parent: pulumi.Resource, name: string, args: SwitchArgs, track: AppDeployment, smoke: pulumi.Resource, shared: (what: SharedObject) => { aliases?: pulumi.Alias[] }): Switch {
    const { template, auto } = args;
    const app = template.app;
    const retry = auto.retry ?? 0;
    const id = releaseId(`${args.color}/${args.version}`, track.templateHash, retry);
    const route = new apiextensions.CustomResource(`${name}-route`, {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        metadata: {
            name: app,
            namespace: template.namespace,
            labels: pairLabels(template, app),
            annotations: {
                [TRAFFIC_SHIFT_ANNOTATION]: "true",
                [RELEASE_ANNOTATION]: id,
                // The switch gate patches the rules between updates: the program's apply takes them back.
                "pulumi.com/patchForce": "true",
            },
        },
        spec: serviceRouteSpec(args.route, app),
    }, { ...shared("route"), parent });
    const identity = new TrafficIdentity(`${name}-traffic`, { namespace: template.namespace, app, route: app, ownership: template.ownership }, { ...shared("identity"), parent });
    const traffic = switchTraffic(app, args.color, args.route, auto.namespace);
    const gate = (suffix: string, step: GateStep, tested: string, spec: GateSpec, egress: GateEgressTarget[], dependsOn: pulumi.Resource[], after?: pulumi.Input<string>) => new GateJob(`${name}-gate-${suffix}`, {
        namespace: template.namespace,
        app,
        version: args.version,
        step,
        tested,
        gate: spec,
        egress,
        labels: ownershipLabels(template.ownership),
        serviceAccountName: identity.serviceAccountName,
        ...(args.gateImage !== undefined ? { image: args.gateImage } : {}),
        ...(after !== undefined ? { after } : {}),
    }, { parent, dependsOn });
    const a = auto.analysis;
    const walk: GateSpec = { mode: "release", prometheusUrl: a.prometheusUrl, checks: a.checks, intervalSeconds: a.intervalSeconds, steps: auto.steps, stepSeconds: auto.stepSeconds, release: id, hold: false, traffic };
    const switchGate = gate("switch", "switch", `${track.templateHash}/retry${retry}`, walk, [a.egress, auto.apiServer], [track, smoke, route, identity]);
    const verdict = routeVerdict(parent, name, auto.namespace, app, id, "complete", [switchGate]);
    const completed = verdict === undefined ? switchGate.passed.apply(() => true) : verdict.apply((problem) => {
        if (problem === undefined) return true;
        throw new ReleaseFailure(
            `${app}: the switch to ${args.color} (${args.version}, gate Job ${switchGate.jobName}) ${problem}. The live Service ${app} was not moved to ${args.color}, and this configuration never ` +
            `sends traffic to it again: set strategy.activeColor back to ${args.previous}, or fix ${args.color} (a new image or pod template is a new switch); to re-run this switch from its first step, set strategy.auto.retry to ${retry + 1}.`,
        );
    });
    // The same switch walked again (a switch back to a colour, after another switch failed in between) is a new
    // switch Job of the same name: the handover runs again after each one.
    const handover = (after: pulumi.Resource[]) => gate("handover", "handover", `${track.templateHash}/${id}`, { mode: "handover", traffic }, [auto.apiServer], after, switchGate.job.metadata.uid);
    return { route, gate: switchGate, identity, completed, handover };
}
