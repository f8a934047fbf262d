// The Gateway API route of an app through the shared gateway: its shape and its rules. Used by
// AppDeployment (rolling/recreate apps), BlueGreenPair and CanarySplit. Pure.

/** A Gateway API route to the app through the shared gateway. */
export interface AppRoute {
    /** The platform Gateway the route attaches to. */
    readonly gateway: { readonly name: string; readonly namespace: string };
    /** Hostnames the route answers; at least one (a route without any takes every host the shared gateway serves). */
    readonly hostnames?: readonly string[];
    /** Path prefix. Default "/". */
    readonly path?: string;
    /** Service port of the backends. */
    readonly port: number;
}

/**
 * Problems with a route (empty when valid): it must name hostnames, since on a shared Gateway a
 * hostname-less route catches the traffic of every other host, and target one of the app's Service ports.
 */
export function routeProblems(route: AppRoute, ports: ReadonlyArray<{ readonly containerPort: number; readonly servicePort?: number }>): string[] {
    const problems: string[] = [];
    if ((route.hostnames ?? []).length === 0) {
        problems.push("route.hostnames must list at least one hostname (a route without hostnames on the shared gateway takes every other host's traffic)");
    }
    if (!ports.some((p) => (p.servicePort ?? p.containerPort) === route.port)) {
        problems.push(`route.port ${route.port} is not a Service port of the app`);
    }
    return problems;
}

/** parentRefs and the path match of an app route. */
export function routeBase(route: AppRoute): { parentRefs: Array<Record<string, string>>; hostnames?: string[]; path: { type: "PathPrefix"; value: string } } {
    return {
        parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: route.gateway.name, namespace: route.gateway.namespace }],
        ...(route.hostnames !== undefined && route.hostnames.length > 0 ? { hostnames: [...route.hostnames] } : {}),
        path: { type: "PathPrefix", value: route.path ?? "/" },
    };
}

/** The spec of a route sending all of its traffic to one Service (a plain app, a blue-green live Service). */
export function serviceRouteSpec(route: AppRoute, service: string): Record<string, unknown> {
    const base = routeBase(route);
    return {
        parentRefs: base.parentRefs,
        ...(base.hostnames ? { hostnames: base.hostnames } : {}),
        rules: [{ matches: [{ path: base.path }], backendRefs: [{ name: service, port: route.port }] }],
    };
}
