import { stringify } from "yaml";
import type { PlannedResource } from "./monitor";
import { SECRET_PLACEHOLDER } from "./stackConfig";

export interface Manifest {
    /** File name under manifests/: `<namespace or _cluster>.<kind>.<name>.yaml`, lower-case. */
    readonly file: string;
    readonly object: Record<string, unknown>;
}

/** `kubernetes:apps/v1:Deployment` → { apiVersion: "apps/v1", kind: "Deployment" }; core is "v1". */
export function apiVersionKind(type: string): { apiVersion: string; kind: string } | undefined {
    const m = /^kubernetes:([^:]+):([^:]+)$/.exec(type);
    if (!m) return undefined;
    const [group, version] = m[1].split("/");
    if (version === undefined) return undefined;
    return { apiVersion: group === "core" ? version : `${group}/${version}`, kind: m[2] };
}

/** Keys Pulumi adds to inputs that are not part of the Kubernetes object. */
const NON_OBJECT_KEYS = new Set(["__inputs", "__fields"]);

/** Every Kubernetes object registered by the plan, one per file, in a deterministic order. */
export function kubernetesManifests(resources: readonly PlannedResource[]): Manifest[] {
    const out: Manifest[] = [];
    for (const r of resources) {
        if (!r.custom || r.type.startsWith("pulumi:providers:")) continue;
        const gvk = apiVersionKind(r.type);
        if (!gvk) continue;
        const object: Record<string, unknown> = { apiVersion: r.inputs.apiVersion ?? gvk.apiVersion, kind: r.inputs.kind ?? gvk.kind };
        for (const [k, v] of Object.entries(r.inputs)) if (!NON_OBJECT_KEYS.has(k) && k !== "apiVersion" && k !== "kind") object[k] = v;
        maskSecretData(object);
        const meta = (object.metadata ?? {}) as { name?: unknown; namespace?: unknown };
        const name = typeof meta.name === "string" ? meta.name : r.name;
        const ns = typeof meta.namespace === "string" ? meta.namespace : "_cluster";
        out.push({ file: `${ns}.${String(object.kind)}.${name}.yaml`.toLowerCase(), object });
    }
    out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    const seen = new Set<string>();
    for (const m of out) {
        if (seen.has(m.file)) throw new Error(`two Kubernetes objects map to manifests/${m.file}: object names must be unique per kind and namespace`);
        seen.add(m.file);
    }
    return out;
}

/** YAML text of one object, keys in a stable order. */
export function manifestYaml(object: Record<string, unknown>): string {
    return stringify(object, { sortMapEntries: (a, b) => keyRank(String(a.key)) - keyRank(String(b.key)) || String(a.key).localeCompare(String(b.key)), lineWidth: 0 });
}

const TOP = ["apiVersion", "kind", "metadata", "spec", "data", "stringData"];
function keyRank(key: string): number {
    const i = TOP.indexOf(key);
    return i === -1 ? TOP.length : i;
}

/**
 * A Secret whose whole data map is secret shows as "[secret]" in the plan; in the manifest it becomes an
 * empty map with an annotation saying which fields were masked, so the file stays a valid object.
 */
function maskSecretData(object: Record<string, unknown>): void {
    const masked = ["data", "stringData"].filter((k) => object[k] === SECRET_PLACEHOLDER);
    if (masked.length === 0) return;
    for (const k of masked) object[k] = {};
    const metadata = { ...((object.metadata ?? {}) as Record<string, unknown>) };
    metadata.annotations = { ...((metadata.annotations ?? {}) as Record<string, string>), "platform.dev/offline-plan-masked": masked.join(",") };
    object.metadata = metadata;
}
