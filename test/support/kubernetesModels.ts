/**
 * Validates Kubernetes objects against the published schemas (kubernetes-models and its CRD
 * packages): a third-party oracle, not a check written to agree with our output.
 */
type Model = new (data: Record<string, unknown>) => { validate(): void };

const CRD_PACKAGES: Record<string, string> = {
    "gateway.networking.k8s.io": "@kubernetes-models/gateway-api",
    "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

/** API groups for which no published schema package exists; listed so nothing is skipped silently. */
export const NO_PUBLISHED_SCHEMA = new Set(["velero.io"]);

export async function modelFor(apiVersion: string, kind: string): Promise<Model | undefined> {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    if (NO_PUBLISHED_SCHEMA.has(group)) return undefined;
    const pkg = CRD_PACKAGES[group];
    const specifier = pkg ? `${pkg}/${group}/${version}` : group === "" ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
    const mod = (await import(specifier)) as Record<string, Model>;
    const model = mod[kind];
    if (!model) throw new Error(`${specifier} has no model for kind ${kind}`);
    return model;
}

/** Throws with the schema's message when `object` does not validate. Returns false when no schema exists. */
export async function validateObject(object: Record<string, unknown>): Promise<boolean> {
    const model = await modelFor(String(object.apiVersion), String(object.kind));
    if (!model) return false;
    new model(object).validate();
    return true;
}
