/** A container image reference split into its parts: `repository[:tag][@sha256:<hex>]`. */
export interface ImageReference {
    /** Registry and path, e.g. `ghcr.io/acme/api`. */
    readonly repository: string;
    readonly tag?: string;
    /** `sha256:<64 hex>`. */
    readonly digest?: string;
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Splits an image reference; undefined when it is not one. */
export function parseImageReference(ref: string): ImageReference | undefined {
    const at = ref.indexOf("@");
    const name = at === -1 ? ref : ref.slice(0, at);
    const digest = at === -1 ? undefined : ref.slice(at + 1);
    if (digest !== undefined && !DIGEST.test(digest)) return undefined;
    const slash = name.lastIndexOf("/");
    const colon = name.lastIndexOf(":");
    const hasTag = colon > slash;
    const repository = hasTag ? name.slice(0, colon) : name;
    const tag = hasTag ? name.slice(colon + 1) : undefined;
    if (!/^[a-z0-9][a-z0-9._\-/:]*$/.test(repository) || repository.endsWith("/")) return undefined;
    if (tag !== undefined && !TAG.test(tag)) return undefined;
    return { repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** `repository@digest`: the reference that pins exactly one image. */
export function pinnedReference(repository: string, digest: string): string {
    return `${repository}@${digest}`;
}

/** The version label of an image: its tag, else the digest's first 12 hex characters. */
export function versionOf(ref: ImageReference): string {
    if (ref.tag !== undefined) return ref.tag;
    if (ref.digest !== undefined) return ref.digest.slice("sha256:".length, "sha256:".length + 12);
    return "unversioned";
}
