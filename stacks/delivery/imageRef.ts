import { parseImageReference as parseReference, type ImageReference } from "../../policies/lib/imageReference";

export type { ImageReference };

/**
 * Splits an image reference (the distribution grammar, policies/lib/imageReference.ts); undefined when it is
 * not one, or when its digest is not sha256: the digest the gates verify and the release records.
 */
export function parseImageReference(ref: string): ImageReference | undefined {
    const parsed = parseReference(ref);
    return parsed === undefined || (parsed.digest !== undefined && !parsed.digest.startsWith("sha256:")) ? undefined : parsed;
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
