// An app's in-cluster Service `<app>` and its HTTPRoute `<app>` are one Kubernetes object each whatever its strategy.
// A plain app (AppDeployment) and a blue-green app (BlueGreenPair) give them different Pulumi names and parents, so
// each aliases the other's: switching strategy updates the Service's selector and the route, never deletes them
// (in-cluster callers and the gateway keep their target through the switch).
import * as pulumi from "@pulumi/pulumi";

export const APP_DEPLOYMENT_TYPE = "platform:kubernetes:AppDeployment";
export const BLUE_GREEN_PAIR_TYPE = "platform:kubernetes:BlueGreenPair";

/** Which of an app's two shared objects. */
export type SharedObject = "service" | "route";

/**
 * The aliases of an app's Service or route under the component `as` (named after the app, with the given parent):
 * the name the same object has under the other strategy's component. Only for components named after the app (a
 * plain app's AppDeployment, a blue-green app's BlueGreenPair): a track's AppDeployment shares nothing.
 */
export function strategyAliases(app: string, as: typeof APP_DEPLOYMENT_TYPE | typeof BLUE_GREEN_PAIR_TYPE, what: SharedObject, parent?: pulumi.Resource): pulumi.Alias[] {
    const other = as === APP_DEPLOYMENT_TYPE ? BLUE_GREEN_PAIR_TYPE : APP_DEPLOYMENT_TYPE;
    const otherParent = pulumi.createUrn(app, other, parent);
    const name = what === "route" ? `${app}-route` : other === BLUE_GREEN_PAIR_TYPE ? `${app}-live` : app;
    return [{ name, parent: otherParent }];
}
