// Exact chart versions (`x.y.z`, what the Helm rule and the stack schema accept) and their order.

/** An exact chart version: three dot-separated integers, no range, no pre-release. */
export const EXACT_VERSION = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;

/** The oldest kube-prometheus-stack the platform reviewed; older releases are what later ones fixed. */
export const KUBE_PROMETHEUS_STACK_MINIMUM = "79.5.0";

/** Negative when `a` is older than `b`, zero when equal, positive when newer; undefined unless both are exact. */
export function compareExactVersions(a: string, b: string): number | undefined {
    const pa = EXACT_VERSION.exec(a);
    const pb = EXACT_VERSION.exec(b);
    if (!pa || !pb) return undefined;
    for (let i = 1; i <= 3; i++) {
        const d = Number(pa[i]) - Number(pb[i]);
        if (d !== 0) return d;
    }
    return 0;
}
