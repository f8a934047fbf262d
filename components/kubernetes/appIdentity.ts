// An app's in-cluster Service `<app>` and its HTTPRoute `<app>` are one Kubernetes object each whatever its strategy.
// A plain app (AppDeployment), a blue-green app (BlueGreenPair) and a canary app (CanarySplit) give them different
// Pulumi names and parents, so each aliases the others': switching strategy updates the Service's selector and the
// route, never deletes them (in-cluster callers and the gateway keep their target through the switch). The traffic
// identity (ServiceAccount, Role, RoleBinding `<app>-traffic`) of a canary's and a blue-green switch's gates is kept
// the same way.
import * as pulumi from "@pulumi/pulumi";

export const APP_DEPLOYMENT_TYPE = "platform:kubernetes:AppDeployment";
export const BLUE_GREEN_PAIR_TYPE = "platform:kubernetes:BlueGreenPair";
export const CANARY_SPLIT_TYPE = "platform:kubernetes:CanarySplit";

/** A component an app's shared objects live under, named after the app. */
export type StrategyComponentType = typeof APP_DEPLOYMENT_TYPE | typeof BLUE_GREEN_PAIR_TYPE | typeof CANARY_SPLIT_TYPE;

const STRATEGY_COMPONENTS: readonly StrategyComponentType[] = [APP_DEPLOYMENT_TYPE, BLUE_GREEN_PAIR_TYPE, CANARY_SPLIT_TYPE];

/** Which of an app's shared objects: its Service `<app>`, its route, and the traffic identity of its release gates. */
export type SharedObject = "service" | "route" | "identity";

/** The Pulumi name of an app's shared object under a component of type `under`. Pure. */
export function sharedObjectName(app: string, under: StrategyComponentType, what: SharedObject): string {
    if (what === "route") return `${app}-route`;
    if (what === "identity") return `${app}-traffic`;
    return under === APP_DEPLOYMENT_TYPE ? app : `${app}-live`;
}

/**
 * The aliases of an app's Service or route under the component `as` (named after the app, with the given parent):
 * the names the same object has under the other strategies' components. Only for components named after the app
 * (a plain app's AppDeployment, a blue-green app's BlueGreenPair, a canary app's CanarySplit): a track's
 * AppDeployment shares nothing.
 */
export function strategyAliases(app: string, as: StrategyComponentType, what: SharedObject, parent?: pulumi.Resource): pulumi.Alias[] {
    return STRATEGY_COMPONENTS.filter((t) => t !== as).map((other) => ({ name: sharedObjectName(app, other, what), parent: pulumi.createUrn(app, other, parent) }));
}
