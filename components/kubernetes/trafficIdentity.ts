import * as pulumi from "@pulumi/pulumi";
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as rbac from "@pulumi/kubernetes/rbac/v1";
import { ownershipLabels, type OwnershipLabels } from "../labels";

export interface TrafficIdentityArgs {
    /** Namespace of the app, its route and the gate Jobs. */
    readonly namespace: pulumi.Input<string>;
    /** App name (DNS-1123 label); the identity is `<app>-traffic`. */
    readonly app: string;
    /** Name of the one HTTPRoute the identity may read and patch. */
    readonly route: string;
    readonly ownership: OwnershipLabels;
}

/** The only rule a traffic gate's Role holds: get and patch of one HTTPRoute, by name. Pure. */
export function trafficRules(route: string): Array<{ apiGroups: string[]; resources: string[]; resourceNames: string[]; verbs: string[] }> {
    return [{ apiGroups: ["gateway.networking.k8s.io"], resources: ["httproutes"], resourceNames: [route], verbs: ["get", "patch"] }];
}

/** Kubernetes name of an app's traffic identity (ServiceAccount, Role and RoleBinding). */
export function trafficIdentityName(app: string): string {
    return `${app}-traffic`;
}

/**
 * The identity of the gates that move an app's traffic from inside the cluster (release and handover
 * gates): a ServiceAccount whose Role allows get and patch of the app's HTTPRoute, by resource name, and
 * nothing else: no other route, no Deployment, no Secret, no list or watch. The pack's
 * k8s-gate-identity-scoped refuses a gate identity with more. Children: `${name}-sa`, `${name}-role`,
 * `${name}-binding`, all named `<app>-traffic` in Kubernetes.
 */
export class TrafficIdentity extends pulumi.ComponentResource {
    /** Kubernetes name of the ServiceAccount (also of the Role and RoleBinding). */
    public readonly serviceAccountName: string;
    public readonly serviceAccount: corev1.ServiceAccount;
    public readonly role: rbac.Role;
    public readonly roleBinding: rbac.RoleBinding;

    constructor(name: string, args: TrafficIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:kubernetes:TrafficIdentity", name, { app: args.app, route: args.route }, opts);
        this.serviceAccountName = trafficIdentityName(args.app);
        const metadata = {
            name: this.serviceAccountName,
            namespace: args.namespace,
            labels: { ...ownershipLabels(args.ownership), "app.kubernetes.io/name": "rollout-gate", "app.kubernetes.io/part-of": args.app, "app.kubernetes.io/component": "traffic-identity", "app.kubernetes.io/managed-by": "pulumi" },
        };
        // The token is mounted only into the gate pods that ask for it (GateJob's serviceAccountName).
        this.serviceAccount = new corev1.ServiceAccount(`${name}-sa`, { metadata, automountServiceAccountToken: false }, { parent: this });
        this.role = new rbac.Role(`${name}-role`, { metadata, rules: trafficRules(args.route) }, { parent: this });
        this.roleBinding = new rbac.RoleBinding(`${name}-binding`, {
            metadata,
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: this.serviceAccountName },
            subjects: [{ kind: "ServiceAccount", name: this.serviceAccountName, namespace: args.namespace }],
        }, { parent: this });
        this.registerOutputs({ serviceAccountName: this.serviceAccountName, serviceAccount: this.serviceAccount, role: this.role, roleBinding: this.roleBinding });
    }
}
