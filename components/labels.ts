/** Label keys shared by every component, and the helpers that build label sets. */
export const LABELS = {
    name: "app.kubernetes.io/name",
    instance: "app.kubernetes.io/instance",
    version: "app.kubernetes.io/version",
    component: "app.kubernetes.io/component",
    partOf: "app.kubernetes.io/part-of",
    managedBy: "app.kubernetes.io/managed-by",
    environment: "platform.dev/environment",
    track: "platform.dev/track",
    owner: "platform.dev/owner",
    costCenter: "platform.dev/cost-center",
} as const;

/** Organisational labels every object carries (the policy pack requires owner, environment and cost-center). */
export interface OwnershipLabels {
    readonly environment: string;
    readonly owner: string;
    readonly costCenter: string;
}

/** Kubernetes label values: at most 63 characters of [A-Za-z0-9_.-], alphanumeric at both ends. */
export function labelValue(value: string): string {
    const cleaned = value.replace(/[^A-Za-z0-9_.-]/g, "-").slice(0, 63).replace(/^[^A-Za-z0-9]+|(?<![^A-Za-z0-9])[^A-Za-z0-9]+$/g, "");
    return cleaned === "" ? "none" : cleaned;
}

export function ownershipLabels(o: OwnershipLabels): Record<string, string> {
    return {
        [LABELS.partOf]: "platform",
        [LABELS.managedBy]: "pulumi",
        [LABELS.environment]: labelValue(o.environment),
        [LABELS.owner]: labelValue(o.owner),
        [LABELS.costCenter]: labelValue(o.costCenter),
    };
}
