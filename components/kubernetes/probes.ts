import type * as k8s from "@pulumi/kubernetes";
import type { ProbeConfig } from "../../stacks/schema/probes";

/**
 * Maps a configured health check to a Kubernetes Probe. Pure. A zero initial delay is left out, as the
 * API's own default: the Kubernetes provider drops zero-valued integer fields when it checks inputs, so
 * an explicit 0 would make the offline plan differ from what the engine records and renders.
 */
export function toProbe(probe: ProbeConfig, defaultInitialDelaySeconds: number): k8s.types.input.core.v1.Probe {
    const initialDelaySeconds = probe.initialDelaySeconds ?? defaultInitialDelaySeconds;
    const timing = {
        ...(initialDelaySeconds !== 0 ? { initialDelaySeconds } : {}),
        periodSeconds: probe.periodSeconds,
        timeoutSeconds: probe.timeoutSeconds,
        failureThreshold: probe.failureThreshold,
        successThreshold: probe.successThreshold,
    };
    switch (probe.type) {
        case "http":
            return { httpGet: { path: probe.path, port: probe.port, scheme: probe.scheme }, ...timing };
        case "tcp":
            return { tcpSocket: { port: probe.port }, ...timing };
        case "exec":
            return { exec: { command: [...probe.command] }, ...timing };
        case "grpc":
            return { grpc: { port: probe.port, ...(probe.service !== undefined ? { service: probe.service } : {}) }, ...timing };
    }
}

/** Liveness and startup probes must have successThreshold 1 (the API server rejects anything else). */
export function livenessProblems(probes: { liveness: ProbeConfig; startup?: ProbeConfig }): string[] {
    const out: string[] = [];
    if (probes.liveness.successThreshold !== 1) out.push("probes.liveness.successThreshold: expected 1 (Kubernetes requires it for liveness probes)");
    if (probes.startup && probes.startup.successThreshold !== 1) out.push("probes.startup.successThreshold: expected 1 (Kubernetes requires it for startup probes)");
    return out;
}
