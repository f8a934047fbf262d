import type { PolicyResource } from "@pulumi/policy";
import { APP_WORKLOAD_TYPES, K8S, annotationsOf, isGatewayRoute, namespaceOf, podLabelsOf } from "./kubernetes";
import { known } from "./unknown";
import { arr, obj, selectorMatches, strMap } from "./values";

/** Label of a progressive-delivery track's pods. */
export const TRACK_LABEL = "platform.dev/track";
/** Tracks that run a release before its gates passed (stable runs what was already verified). */
export const UNVERIFIED_TRACKS: readonly string[] = ["canary", "blue", "green"];

interface TrackPods {
    readonly namespace: string;
    readonly workload: string;
    readonly track: string;
    readonly labels: Readonly<Record<string, string>>;
}

/**
 * For each Gateway API route, the first backend Service that selects the pods of an unverified track
 * (canary, blue, green) of the stack: a route straight to such a Service moves live traffic onto the
 * release as surely as a weighted split does. Services annotated as traffic shifts (the blue-green live
 * Service) are gated themselves and not counted here. Unknown values never count.
 */
export function trackRouteIndex(resources: readonly PolicyResource[], shiftAnnotation: string): (route: PolicyResource) => string | undefined {
    const tracks: TrackPods[] = [];
    for (const w of resources) {
        if (!APP_WORKLOAD_TYPES.has(w.type)) continue;
        const labels = known(() => podLabelsOf(w.type, w.props), {});
        const track = labels[TRACK_LABEL];
        if (track !== undefined && UNVERIFIED_TRACKS.includes(track)) tracks.push({ namespace: known(() => namespaceOf(w.props), ""), workload: w.name, track, labels });
    }
    const services = new Map<string, Record<string, string>>();
    for (const s of resources) {
        if (s.type !== K8S.service) continue;
        known(() => {
            if (annotationsOf(s.props)[shiftAnnotation] === "true") return;
            const name = obj(s.props.metadata).name;
            if (typeof name === "string") services.set(`${namespaceOf(s.props)}/${name}`, strMap(obj(s.props.spec).selector));
        }, undefined);
    }
    return (route) => {
        if (!isGatewayRoute(route.type) || tracks.length === 0) return undefined;
        const routeNamespace = known(() => namespaceOf(route.props), "");
        for (const rule of known(() => arr(obj(route.props.spec).rules), [])) {
            for (const ref of known(() => arr(obj(rule).backendRefs).map(obj), [])) {
                const target = known(() => ((ref.kind ?? "Service") === "Service" && (ref.group ?? "") === "" ? `${typeof ref.namespace === "string" ? ref.namespace : routeNamespace}/${String(ref.name)}` : undefined), undefined);
                const selector = target === undefined ? undefined : services.get(target);
                if (selector === undefined || Object.keys(selector).length === 0) continue;
                const ns = target!.split("/")[0];
                const hit = tracks.find((t) => t.namespace === ns && selectorMatches(selector, t.labels));
                if (hit) return `Service ${target!.split("/")[1]}, which selects the ${hit.track} track's pods (${hit.workload})`;
            }
        }
        return undefined;
    };
}
