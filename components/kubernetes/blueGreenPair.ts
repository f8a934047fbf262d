import * as pulumi from "@pulumi/pulumi";
import * as apiextensions from "@pulumi/kubernetes/apiextensions";
import * as core from "@pulumi/kubernetes/core/v1";
import { ownershipLabels } from "../labels";
import { SERVICE_ALIAS_LABEL } from "../observability/monitoring";
import { AppDeployment } from "./appDeployment";
import { BLUE_GREEN_PAIR_TYPE, strategyAliases, type SharedObject } from "./appIdentity";
import { blueGreenAutoProblems, blueGreenSwitch, type BlueGreenAuto, type Switch } from "./blueGreenSwitch";
import { afterCheck, checkFrozenTrack } from "./frozenTrack";
import { GateJob } from "./gateJob";
import { routeProblems, serviceRouteSpec, type AppRoute } from "./httpRoute";
import { TRAFFIC_SHIFT_ANNOTATION, pairLabels, servicePorts, trackArgs, type SmokeTarget, type TrackImage, type TrackTemplate } from "./tracks";

export type Color = "blue" | "green";
export const COLORS: readonly Color[] = ["blue", "green"];

export interface BlueGreenPairArgs {
    /** What both colours share (namespace, app name, resources, ports, probes, ingress, ownership...). */
    readonly template: TrackTemplate;
    /** Image of the blue track. */
    readonly blue: TrackImage;
    /** Image of the green track. */
    readonly green: TrackImage;
    /** Colour the live Service (and route) selects. Changing it is gated by that colour's rollout and smoke gate. */
    readonly activeColor: Color;
    /** Replicas of the active colour (initial size when the template autoscales). */
    readonly replicas: number;
    /** Replicas of the idle colour. Default `replicas` (full size: rollback is instant). 0 drops its autoscaler. */
    readonly idleReplicas?: number;
    /** What each colour's smoke gate calls on the colour's own Service `<app>-<colour>`. */
    readonly smoke: SmokeTarget;
    /** HTTPRoute to the live Service through the shared gateway (with at least one hostname). Default none. */
    readonly route?: AppRoute;
    /** Gate Job image, pinned by digest. Default GateJob's DEFAULT_GATE_IMAGE. */
    readonly gateImage?: string;
    /**
     * Switch from inside the cluster, checked, and back by itself on a failed check (needs `route`): the route walks
     * to the active colour's own Service while the live Service stays on the other colour until the switch completed.
     * Default unset: the program moves the live Service (and with it the route) once the colour's smoke gate passed.
     */
    readonly auto?: BlueGreenAuto;
}

/** Problems with the args (empty when valid). Pure; the constructor throws on any. */
export function validateBlueGreenPairArgs(args: BlueGreenPairArgs): string[] {
    const problems: string[] = [];
    if (!COLORS.includes(args.activeColor)) problems.push(`activeColor must be "blue" or "green", got ${JSON.stringify(args.activeColor)}`);
    if (!Number.isInteger(args.replicas) || args.replicas < 1) problems.push(`replicas must be an integer >= 1 (the active colour serves live traffic), got ${args.replicas}`);
    const idle = args.idleReplicas;
    if (idle !== undefined && (!Number.isInteger(idle) || idle < 0 || idle > args.replicas)) problems.push(`idleReplicas must be an integer 0..replicas (${args.replicas}), got ${idle}`);
    if (args.smoke.paths.length === 0) problems.push("smoke.paths must list at least one health endpoint (a blue-green switch is gated on it)");
    if (args.route !== undefined) problems.push(...routeProblems(args.route, args.template.ports));
    if (args.auto !== undefined) problems.push(...blueGreenAutoProblems(args.auto, args.route));
    return problems;
}

/** URLs the smoke gate of one colour GETs: the colour's own Service, which always selects that colour. */
export function smokeUrls(app: string, color: Color, smoke: SmokeTarget): string[] {
    return smoke.paths.map((p) => `http://${app}-${color}:${smoke.servicePort}${p}`);
}

/**
 * Blue-green delivery on two AppDeployments. `<app>` (live) selects `activeColor`, `<app>-preview`
 * the other colour. Each running colour has a smoke gate named from its colour and image, so an
 * unchanged colour's gate is not re-run; the live Service and route depend on the active colour's
 * rollout and gate, so the selector only moves to a colour that is ready and passed its smoke test.
 * The idle colour changes only after the live Service (scale-down never precedes the switch).
 * With `auto` the switch is walked and checked on the route from inside the cluster (blueGreenSwitch.ts): the
 * live Service follows only once it completed, then the handover gate points the route at it again.
 * Children: `${name}-blue`, `${name}-green` (AppDeployment), `${name}-gate-blue`, `${name}-gate-green`
 * (GateJob), `${name}-live`, `${name}-preview` (Service), `${name}-route` (HTTPRoute, with a route); with `auto`
 * also `${name}-traffic` (TrafficIdentity), `${name}-gate-switch`, `${name}-gate-handover` (GateJob).
 */
export class BlueGreenPair extends pulumi.ComponentResource {
    public readonly activeColor: Color;
    public readonly idleColor: Color;
    public readonly tracks: Readonly<Record<Color, AppDeployment>>;
    /** Smoke gate per colour; absent for a colour parked at zero replicas. */
    public readonly gates: Readonly<Partial<Record<Color, GateJob>>>;
    public readonly liveService: core.Service;
    public readonly previewService: core.Service;
    public readonly route?: apiextensions.CustomResource;
    /** Name of the live Service (`<app>`). */
    public readonly liveServiceName: pulumi.Output<string>;
    /** Kubernetes names of the gate Jobs. */
    public readonly gateNames: string[];
    /** With `auto`: the switch's route, release gate and identity. */
    public readonly switch?: Switch;
    /** With `auto`: the gate pointing the route back at the live Service after it moved. */
    public readonly handoverGate?: GateJob;
    /** True once every colour's smoke gate completed successfully (resolves only after they ran). */
    public readonly gatesPassed: pulumi.Output<boolean>;
    /** Images of the colours whose smoke gate passed (a colour parked at zero has none, so it is not verified). */
    public readonly verifiedImages: pulumi.Output<string[]>;
    /** True once the live colour is known to run its configured image (it is frozen: see checkFrozenTrack). */
    public readonly liveChecked: pulumi.Output<boolean>;

    constructor(name: string, args: BlueGreenPairArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems = validateBlueGreenPairArgs(args);
        if (problems.length > 0) throw new Error(`BlueGreenPair ${name}: ${problems.join("; ")}`);
        super("platform:kubernetes:BlueGreenPair", name, {}, opts);
        const app = args.template.app;
        const active = args.activeColor;
        const idle: Color = active === "blue" ? "green" : "blue";
        this.activeColor = active;
        this.idleColor = idle;

        const replicasOf = (color: Color) => (color === active ? args.replicas : args.idleReplicas ?? args.replicas);
        // The live colour is frozen: nothing of its pods changes under live traffic. A change reaches the idle
        // colour, is smoke-tested there, and goes live with the switch.
        const track = (color: Color, dependsOn: pulumi.Resource[]) => new AppDeployment(`${name}-${color}`,
            { ...trackArgs(args.template, color, args[color], replicasOf(color), true), freeze: color === active }, { parent: this, dependsOn });
        // A colour's smoke gate exists while the colour runs pods; a colour parked at zero gets its gate
        // when it is scaled up (on the switch to it), before the live selector moves.
        const gate = (color: Color, colorTrack: AppDeployment) => replicasOf(color) === 0 ? undefined : new GateJob(`${name}-gate-${color}`, {
            namespace: args.template.namespace,
            app,
            version: args[color].version,
            step: "smoke",
            // The colour's pod template is part of the gate's name: a change on a colour re-runs its gate.
            tested: colorTrack.templateHash,
            gate: { mode: "smoke", urls: smokeUrls(app, color, args.smoke) },
            egress: [{ port: args.smoke.containerPort, podLabels: colorTrack.selector }],
            labels: ownershipLabels(args.template.ownership),
            ...(args.gateImage !== undefined ? { image: args.gateImage } : {}),
        }, { parent: this, dependsOn: [colorTrack] });
        // `checked`: during an update the selector waits for it, so the live Service never moves to (or stays on)
        // a colour whose configured image its pods do not run. (A preview shows the selector as it will be.)
        // The live Service and the route are the objects a plain app of the same name has (appIdentity.ts).
        const shared = (what: SharedObject) => (name === app ? { aliases: strategyAliases(app, BLUE_GREEN_PAIR_TYPE, what, opts?.parent) } : {});
        const service = (suffix: string, objectName: string, colorTrack: AppDeployment, annotations: Record<string, string>, dependsOn: pulumi.Resource[], checked?: pulumi.Output<boolean>) =>
            new core.Service(`${name}-${suffix}`, {
                // Marked as an alias so the app's ServiceMonitor scrapes each pod once, through its track's Service.
                metadata: { name: objectName, namespace: args.template.namespace, labels: { ...pairLabels(args.template, objectName), [SERVICE_ALIAS_LABEL]: suffix }, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
                spec: { type: "ClusterIP", selector: afterCheck(colorTrack.selector, checked), ports: servicePorts(args.template) },
            }, { parent: this, dependsOn, ...(suffix === "live" ? shared("service") : {}) });

        // Order: the active colour rolls out, passes its gate, the live selector moves; only then may the
        // idle colour change (so scaling the previous colour down to idleReplicas never precedes the switch).
        const activeTrack = track(active, []);
        const activeGate = gate(active, activeTrack) as GateJob;
        this.liveChecked = checkFrozenTrack(activeTrack, args[active], {
            what: `${app}: ${active} is live`,
            howImage: `put the new image on ${idle} (strategy.${idle}.image), let its smoke gate pass, then switch activeColor to ${idle}`,
            howTemplate: `${idle} has them once its smoke gate passed; switch activeColor to ${idle} to take them live`,
        }, this);
        // With auto the route walks to the active colour first; the live Service waits for the switch's verdict.
        const sw = args.auto !== undefined && args.route !== undefined
            ? blueGreenSwitch(this, name, { template: args.template, route: args.route, auto: args.auto, color: active, previous: idle, version: args[active].version, ...(args.gateImage !== undefined ? { gateImage: args.gateImage } : {}) }, activeTrack, activeGate, shared)
            : undefined;
        this.switch = sw;
        const liveChecked = sw === undefined ? this.liveChecked : pulumi.all([this.liveChecked, sw.completed]).apply(([a, b]) => a && b);
        this.liveService = service("live", app, activeTrack, { [TRAFFIC_SHIFT_ANNOTATION]: "true" }, [activeTrack, activeGate, ...(sw ? [sw.gate] : [])], liveChecked);
        this.handoverGate = sw?.handover([this.liveService]);
        // The previous colour changes only once nothing routes to it any more.
        const idleTrack = track(idle, [this.liveService, ...(this.handoverGate ? [this.handoverGate] : [])]);
        const idleGate = gate(idle, idleTrack);
        this.previewService = service("preview", `${app}-preview`, idleTrack, {}, [idleTrack]);
        this.liveServiceName = this.liveService.metadata.name;
        this.tracks = active === "blue" ? { blue: activeTrack, green: idleTrack } : { blue: idleTrack, green: activeTrack };
        this.gates = { [active]: activeGate, ...(idleGate ? { [idle]: idleGate } : {}) };
        const gates = [...COLORS.map((c) => this.gates[c]).filter((g): g is GateJob => g !== undefined), ...(sw && this.handoverGate ? [sw.gate, this.handoverGate] : [])];
        this.gateNames = gates.map((g) => g.jobName);

        if (sw) this.route = sw.route;
        else if (args.route) {
            this.route = new apiextensions.CustomResource(`${name}-route`, {
                apiVersion: "gateway.networking.k8s.io/v1",
                kind: "HTTPRoute",
                metadata: { name: app, namespace: args.template.namespace, labels: pairLabels(args.template, app) },
                spec: serviceRouteSpec(args.route, app),
            }, { parent: this, dependsOn: [this.liveService, activeGate], ...shared("route") });
        }

        // The active colour is verified by its smoke gate and, with auto, by its checked switch and the handover.
        const switched = sw && this.handoverGate ? pulumi.all([sw.completed, sw.gate.passed, this.handoverGate.passed]).apply((ps) => ps.every((p) => p)) : pulumi.output(true);
        this.gatesPassed = pulumi.all([this.liveChecked, switched, ...gates.map((g) => g.passed)]).apply((ps) => ps.every((p) => p));
        const verdicts = COLORS.map((c) => this.gates[c] && pulumi.all([this.liveChecked, this.gates[c].passed, c === active ? switched : true]).apply(([, p, s]) => (p && s ? args[c].image : undefined)));
        this.verifiedImages = pulumi.all(verdicts).apply((images) => [...new Set(images.filter((i): i is string => i !== undefined))]);
        this.registerOutputs({
            activeColor: this.activeColor,
            idleColor: this.idleColor,
            tracks: this.tracks,
            gates: this.gates,
            gateNames: this.gateNames,
            switch: this.switch?.gate,
            handoverGate: this.handoverGate,
            gatesPassed: this.gatesPassed,
            verifiedImages: this.verifiedImages,
            liveChecked: this.liveChecked,
            liveService: this.liveService,
            liveServiceName: this.liveServiceName,
            previewService: this.previewService,
            route: this.route,
        });
    }
}
