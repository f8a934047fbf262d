// Shared pieces of the progressive-delivery components (BlueGreenPair, CanarySplit): the track
// template, the gate-pod ingress peer and the traffic-shift annotation (the route shape is httpRoute.ts). Pure.
import { LABELS, ownershipLabels } from "../labels";
import type { AppDeploymentArgs } from "./appDeployment";
import { GATE_LABEL } from "./gateSpec";

export { routeBase, type AppRoute } from "./httpRoute";

/** Annotation on every object whose change moves live traffic; each such object depends on a gate. */
export const TRAFFIC_SHIFT_ANNOTATION = "platform.dev/traffic-shift";

/** Everything a track shares with its sibling: AppDeployment args without the per-track fields (and the route: the pair owns it). */
export type TrackTemplate = Omit<AppDeploymentArgs, "track" | "image" | "version" | "replicas" | "route">;

/** The image a track runs and its version label. */
export interface TrackImage {
    /** Image reference (tag or digest). */
    readonly image: string;
    /** Version label value and gate-name part. */
    readonly version: string;
}

/**
 * True when two image references name the same image: by digest when both carry one (`repo:tag@d` and `repo@d`
 * are the same image), otherwise by the whole reference.
 */
export function sameImage(a: string, b: string): boolean {
    const digest = (ref: string) => /@(sha256:[a-f0-9]{64})$/.exec(ref)?.[1];
    const [da, db] = [digest(a), digest(b)];
    return da !== undefined && db !== undefined ? da === db : a === b;
}

/** The smoke gate's target: paths on the track's Service and the ports involved. */
export interface SmokeTarget {
    /** Paths to GET; each must answer 2xx. */
    readonly paths: readonly string[];
    /** Port of the track's Service the gate calls. */
    readonly servicePort: number;
    /** Pod port behind it (NetworkPolicy matches pod ports). */
    readonly containerPort: number;
}

/** Pod labels of the smoke gates of `app` (as set by GateJob). */
export function smokeGatePodLabels(app: string): Record<string, string> {
    return { [LABELS.name]: "rollout-gate", [LABELS.partOf]: app, [GATE_LABEL]: "smoke" };
}

/**
 * AppDeployment args of one track: the template, the track's image and size, and (when the track is
 * smoke-tested) an ingress peer for the app's smoke gates, since the app's NetworkPolicy admits only the
 * gateway, monitoring and listed peers. Autoscaling is dropped from a track scaled to zero.
 */
export function trackArgs(template: TrackTemplate, track: string, image: TrackImage, replicas: number, smokeTested: boolean): AppDeploymentArgs {
    const peers = [...(template.ingress.peers ?? []), ...(smokeTested ? [{ podLabels: smokeGatePodLabels(template.app) }] : [])];
    const { autoscaling, ...rest } = template;
    return {
        ...rest,
        ...(autoscaling !== undefined && replicas > 0 ? { autoscaling } : {}),
        track,
        image: image.image,
        version: image.version,
        replicas,
        ingress: { ...template.ingress, peers },
    };
}

/** The labels AppDeployment selects a track's pods by (its `selector`), known before the track exists. */
export function trackSelector(app: string, track: string): Record<string, string> {
    return { [LABELS.name]: app, [LABELS.instance]: `${app}-${track}`, [LABELS.track]: track };
}

/** Labels of the pair-level objects (live/preview Services, routes): stable across releases and switches. */
export function pairLabels(template: TrackTemplate, instance: string): Record<string, string> {
    return { ...ownershipLabels(template.ownership), [LABELS.name]: template.app, [LABELS.instance]: instance, [LABELS.component]: "app" };
}

/** The Service ports of a track, as AppDeployment exposes them. */
export function servicePorts(template: TrackTemplate): Array<{ name: string; port: number; targetPort: string; protocol: string }> {
    return template.ports.map((p) => ({ name: p.name, port: p.servicePort ?? p.containerPort, targetPort: p.name, protocol: p.protocol ?? "TCP" }));
}
