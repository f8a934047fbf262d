// A canary release walked by one `pulumi up` (CanarySplit with `auto`): the wiring of its tracks, gates,
// route and traffic identity. The release gate moves the weights from inside the cluster; the program
// promotes stable only after it passed, and a handover gate gives stable the traffic back.
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as apiextensions from "@pulumi/kubernetes/apiextensions";
import { RELEASE_ANNOTATION, VERDICT_ANNOTATION, type ReleaseVerdict, type TrafficTarget } from "../../gates/gate";
import { AppDeployment, podTemplateHash } from "./appDeployment";
import type { SharedObject } from "./appIdentity";
import { CANARY_STEPS_ANNOTATION, canaryGate, canaryRouteSpec, canaryUrls, DEFAULT_CANARY_HEADER, type CanaryAuto, type CanaryPhase, type CanarySplitArgs } from "./canarySplit";
import type { GateJob } from "./gateJob";
import type { GateEgressTarget, GateSpec } from "./gateSpec";
import { routeBase } from "./httpRoute";
import { TRAFFIC_SHIFT_ANNOTATION, pairLabels, trackArgs, trackSelector } from "./tracks";
import { TrafficIdentity } from "./trafficIdentity";
import { checkFrozenTrack } from "./frozenTrack";
import { ReleaseFailure } from "./releaseFailure";

/** Route annotation naming the release the route was last reset for (a new release re-applies the route; a release gate moves only its own release's traffic). */
export { RELEASE_ANNOTATION };

/** What `auto` needs besides the canary's own args (empty when valid). Pure. */
export function autoProblems(args: CanarySplitArgs): string[] {
    const auto = args.auto;
    if (auto === undefined) return [];
    const problems: string[] = [];
    if (args.analysis === undefined) problems.push("auto needs analysis: a release walked in one update is held at each step only while checks watch its traffic");
    if (args.step !== 0) problems.push(`auto walks every step itself: step must be 0, got ${args.step}`);
    if (args.abort === true) problems.push("auto returns traffic to stable by itself: abort must be false");
    if (!Number.isInteger(auto.stepSeconds) || auto.stepSeconds < 1 || auto.stepSeconds > 86400) problems.push(`auto.stepSeconds must be an integer 1..86400, got ${auto.stepSeconds}`);
    else if (args.analysis !== undefined && args.analysis.intervalSeconds > auto.stepSeconds) {
        problems.push(`auto.stepSeconds (${auto.stepSeconds}) must be at least the analysis interval (${args.analysis.intervalSeconds} s): each step is sampled at least once`);
    }
    if (auto.retry !== undefined && (!Number.isInteger(auto.retry) || auto.retry < 0)) problems.push(`auto.retry must be an integer >= 0, got ${auto.retry}`);
    if (auto.hold !== undefined && args.steps.indexOf(auto.hold.weight) < 0) problems.push(`auto.hold.weight must be one of the steps (${args.steps.join(", ")}), got ${auto.hold.weight}`);
    if (auto.hold !== undefined && auto.hold.weight === args.steps[args.steps.length - 1]) problems.push(`auto.hold.weight must not be the last step (${auto.hold.weight}): after the last step the release completes`);
    return problems;
}

/**
 * Why a release gate's recorded verdict does not let stable take the release, or undefined when the walk of
 * release `id` completed. Pure.
 */
export function verdictProblem(annotation: string | undefined, id: string, expected: "complete" | "held" = "complete"): string | undefined {
    if (annotation === undefined) return "recorded no verdict on the route (its gate ran, but nothing says the release completed)";
    let v: Partial<ReleaseVerdict>;
    try {
        v = JSON.parse(annotation) as Partial<ReleaseVerdict>;
    } catch {
        return `recorded an unreadable verdict on the route: ${JSON.stringify(annotation.slice(0, 200))}`;
    }
    if (v.release !== id) return `recorded no verdict for this release on the route (the last one is for release ${JSON.stringify(v.release)})`;
    if (v.outcome === expected) return undefined;
    if (v.outcome === "rolled-back") return `was rolled back by its gate: ${String(v.message)}`;
    if (v.outcome === "held" || v.outcome === "complete") return `recorded "${v.outcome}" on the route where "${expected}" was expected`;
    return `recorded an unknown outcome ${JSON.stringify(v.outcome)}`;
}

/**
 * Why the release gate's verdict on route `<namespace>/<app>` does not say release `id` ended `expected` (undefined
 * when it does), read back after `after`; undefined in a preview, where the gate has not run.
 */
export function routeVerdict(parent: pulumi.Resource, name: string, namespace: string, app: string, id: string, expected: "complete" | "held", after: pulumi.Resource[]): pulumi.Output<string | undefined> | undefined {
    if (pulumi.runtime.isDryRun()) return undefined;
    // (Not CustomResource.get: that reads only apiVersion and kind back; a read's outputs are the keys given.)
    const read = new apiextensions.CustomResource(`${name}-verdict`, {
        apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", metadata: undefined,
    }, { id: `${namespace}/${app}`, parent, dependsOn: after });
    return read.metadata.apply((m) => verdictProblem(m?.annotations?.[VERDICT_ANNOTATION], id, expected));
}

/** The release's identity: the canary's image and pod template, and the retry count. Pure. */
export function releaseId(version: string, tested: string, retry: number): string {
    return createHash("sha256").update(JSON.stringify([version, tested, retry])).digest("hex").slice(0, 12);
}

/** The route the release and handover gates change, as they are told it (gate.js GATE_TRAFFIC). */
export function trafficTarget(args: CanarySplitArgs, namespace: string): TrafficTarget {
    const app = args.template.app;
    return { namespace, route: app, path: routeBase(args.route).path, port: args.route.port, stable: `${app}-stable`, canary: `${app}-canary`, header: args.header ?? DEFAULT_CANARY_HEADER };
}

export interface AutoRelease {
    readonly stable: AppDeployment;
    readonly canary: AppDeployment;
    readonly gates: GateJob[];
    readonly stableGate?: GateJob;
    readonly route: apiextensions.CustomResource;
    readonly stableChecked: pulumi.Output<boolean>;
    readonly gatesPassed: pulumi.Output<boolean>;
    readonly verifiedImages: pulumi.Output<string[]>;
}

/**
 * The children of a canary with `auto`. Steady (the canary runs stable's image): stable takes all traffic,
 * the canary is scaled to zero, no gate runs. A release, in this order: the route is reset to stable only
 * (annotated with the release); the canary rolls out the new pods and passes its smoke gate; the release
 * gate walks the steps; stable takes the canary's pods (only once the release gate passed: a failed
 * release fails the update here, on every later update with the same candidate too) and passes its own
 * smoke gate; the handover gate gives stable all traffic back.
 */
export function autoRelease(parent: pulumi.Resource, name: string, args: CanarySplitArgs, auto: CanaryAuto, phase: CanaryPhase, shared: (what: SharedObject) => { aliases?: pulumi.Alias[] } = () => ({})): AutoRelease {
    const app = args.template.app;
    const namespace = args.template.namespace;
    const route = (id: string, dependsOn: pulumi.Resource[]) => new apiextensions.CustomResource(`${name}-route`, {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        metadata: {
            name: app,
            namespace,
            labels: pairLabels(args.template, app),
            annotations: {
                [TRAFFIC_SHIFT_ANNOTATION]: "true",
                [CANARY_STEPS_ANNOTATION]: args.steps.join(","),
                [RELEASE_ANNOTATION]: id,
                // The release gate patches the rules between updates: the program's apply takes them back.
                "pulumi.com/patchForce": "true",
            },
        },
        spec: canaryRouteSpec(app, args.route, { stable: 100, canary: 0 }),
    }, { ...shared("route"), parent, dependsOn });

    // Between releases (and while one is held) stable keeps the pods it runs: a change of its template reaches it
    // only through a release, after the gates tested it on the canary.
    const frozenStable = (namespaceInput: pulumi.Input<string>, dependsOn: pulumi.Resource[]) => {
        const stable = new AppDeployment(`${name}-stable`, { ...trackArgs(args.template, "stable", args.stable, args.replicas, true), namespace: namespaceInput, freeze: true }, { parent, dependsOn });
        const checked = checkFrozenTrack(stable, args.stable, {
            what: `${app}: stable serves live traffic`,
            howImage: "stable takes a new image only from a release: set the app's image, and let one update walk the steps",
            howTemplate: "they reach stable with the next release, after the gates tested them on the canary",
        }, parent);
        return { stable, checked };
    };

    if (phase === "steady") {
        const { stable, checked } = frozenStable(namespace, []);
        const r = route(`steady-${args.stable.version}`, [stable]);
        const canary = new AppDeployment(`${name}-canary`, trackArgs(args.template, "canary", args.canary, 0, true), { parent, dependsOn: [r] });
        return { stable, canary, gates: [], route: r, stableChecked: checked, gatesPassed: checked.apply(() => false), verifiedImages: checked.apply(() => []) };
    }

    const analysis = args.analysis;
    if (analysis === undefined) throw new Error(`CanarySplit ${name}: auto needs analysis`);
    const canaryArgs = trackArgs(args.template, "canary", args.canary, args.canaryReplicas ?? 1, true);
    const tested = podTemplateHash(canaryArgs);
    const retry = auto.retry ?? 0;
    const id = releaseId(args.canary.version, tested, retry);
    const version = args.canary.version;
    // The route is reset to stable only, for this release, before the canary's pods change: a release gate of an
    // earlier release still walking (its update died) sees the route is no longer its own and stops, so the new
    // pods get weighted traffic only from this release's gate, after their own smoke gate.
    const r = route(id, []);
    const canary = new AppDeployment(`${name}-canary`, canaryArgs, { parent, dependsOn: [r] });

    const smokeEgress: GateEgressTarget[] = [{ port: args.smoke.containerPort, podLabels: trackSelector(app, "canary") }];
    const smoke = canaryGate(parent, `${name}-gate-smoke`, args, { step: "smoke", tested, version }, { mode: "smoke", urls: canaryUrls(app, args.smoke) }, smokeEgress, [canary]);
    const identity = new TrafficIdentity(`${name}-traffic`, { namespace, app, route: app, ownership: args.template.ownership }, { ...shared("identity"), parent });
    const traffic = trafficTarget(args, auto.namespace);
    const holdAt = auto.hold === undefined ? -1 : args.steps.indexOf(auto.hold.weight);
    const walk = (steps: readonly number[], hold: boolean): GateSpec => ({ mode: "release", prometheusUrl: analysis.prometheusUrl, checks: analysis.checks, intervalSeconds: analysis.intervalSeconds, steps, stepSeconds: auto.stepSeconds, release: id, hold, traffic });
    const who = { tested: `${tested}/retry${retry}`, version, serviceAccountName: identity.serviceAccountName };
    const egress = [analysis.egress, auto.apiServer];
    // With a hold, the first release gate walks up to the hold's weight and holds it; the same gate (unchanged, so
    // never re-run) is followed, once the hold is approved, by a resume gate that walks the remaining steps.
    const first = canaryGate(parent, `${name}-gate-release`, args, { step: "release", ...who }, walk(holdAt >= 0 ? args.steps.slice(0, holdAt + 1) : args.steps, holdAt >= 0), egress, [smoke, r, identity]);
    const held = holdAt >= 0 && auto.hold?.approved !== true;
    const release = holdAt >= 0 && !held ? canaryGate(parent, `${name}-gate-resume`, args, { step: "resume", ...who }, walk(args.steps.slice(holdAt + 1), false), egress, [first, r, identity]) : first;

    // Stable takes the canary's pods only after the release gate recorded a complete walk for this very release
    // on the route. A rollback (now, or in an earlier update: the gate is never re-run by itself) fails the
    // update here, before stable changes, with the gate's verdict. Read in an update only: in a preview the
    // release gate has not run.
    const verdict = routeVerdict(parent, name, auto.namespace, app, id, held ? "held" : "complete", [release]);
    const promoted = verdict === undefined ? namespace : pulumi.all([verdict, namespace]).apply(([problem, ns]) => {
        if (problem === undefined) return ns;
        throw new ReleaseFailure(
            `${app}: release ${version} (gate Job ${release.jobName}) ${problem}. This configuration never sends traffic to that candidate again: ` +
            `a new image or pod template starts a new release; to re-run this candidate from its first step, set strategy.auto.retry to ${retry + 1}.`,
        );
    });
    if (held) {
        // Held: the update ends with the hold's weight on the canary; stable keeps its pods until the approved update.
        const { stable, checked } = frozenStable(promoted, [release]);
        const gates = [smoke, first];
        return { stable, canary, gates, route: r, stableChecked: checked, gatesPassed: checked.apply(() => false), verifiedImages: checked.apply(() => []) };
    }
    const stable = new AppDeployment(`${name}-stable`, { ...trackArgs(args.template, "stable", args.canary, args.replicas, true), namespace: promoted, freeze: false }, { parent, dependsOn: [release] });
    const stableGate = canaryGate(parent, `${name}-gate-stable`, args, { step: "smoke", tested: stable.templateHash, version }, { mode: "smoke", urls: args.smoke.paths.map((p) => `http://${app}-stable:${args.smoke.servicePort}${p}`) }, [{ port: args.smoke.containerPort, podLabels: trackSelector(app, "stable") }], [stable]);
    const handover = canaryGate(parent, `${name}-gate-handover`, args, { step: "handover", tested: `${stable.templateHash}/${id}`, version, serviceAccountName: identity.serviceAccountName }, { mode: "handover", traffic }, [auto.apiServer], [stableGate]);

    const gates = [smoke, ...(release === first ? [] : [first]), release, handover];
    const checked = stable.deployment.status.apply(() => true);
    const gatesPassed = pulumi.all([...gates, stableGate].map((g) => g.passed)).apply((ps) => ps.every((p) => p));
    // Only the release itself is verified: the stable it replaced ran no gate of this release.
    const verifiedImages = gatesPassed.apply((p) => (p ? [args.canary.image] : []));
    return { stable, canary, gates, stableGate, route: r, stableChecked: checked, gatesPassed, verifiedImages };
}
