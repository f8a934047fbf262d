// Container image references, by the grammar of the distribution project (github.com/distribution/reference):
//   reference := name [ ":" tag ] [ "@" digest ]
//   name      := [ domain "/" ] path            path := path-component ( "/" path-component )*
//   domain    := host [ ":" port ]               host := domain-name | "[" IPv6 "]"
// The one parser of the program, the schema, the gate components and the pack; tested with the grammar's
// own test values (test/policies/imageReference.test.ts). Pure, linear-time.

/** A parsed reference; `repository` is the whole name (domain included), as the distribution library's Name(). */
export interface ImageReference {
    /** The registry host and port, when the name has one: `ghcr.io`, `localhost:5000`, `[::1]:5000`. */
    readonly domain?: string;
    /** Registry and path, e.g. `ghcr.io/acme/api`. */
    readonly repository: string;
    readonly tag?: string;
    /** `<algorithm>:<hex>`, e.g. `sha256:<64 hex>`. */
    readonly digest?: string;
}

const PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])`;
const DOMAIN = new RegExp(`^${HOST}(?::[0-9]+)?$`);
const PATH = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG = /^[\w][\w.-]{0,127}$/;
/** The algorithms a digest may name, with their hex lengths (the OCI digest registry). */
const DIGEST_HEX: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };
/** The longest path a name may have. */
const MAX_PATH = 255;

/** Splits an image reference; undefined when it is not one. */
export function parseImageReference(ref: string): ImageReference | undefined {
    if (typeof ref !== "string" || ref.length > 4096) return undefined;
    const at = ref.indexOf("@");
    const named = at === -1 ? ref : ref.slice(0, at);
    const digest = at === -1 ? undefined : ref.slice(at + 1);
    if (digest !== undefined) {
        const [algorithm, hex, ...rest] = digest.split(":");
        const length = Object.hasOwn(DIGEST_HEX, algorithm) ? DIGEST_HEX[algorithm] : undefined;
        if (rest.length > 0 || length === undefined || hex === undefined || hex.length !== length || !/^[a-f0-9]+$/.test(hex)) return undefined;
    }
    // A tag is what follows the last ":" after the last "/": `localhost:5000/api` has none.
    const slash = named.lastIndexOf("/");
    const colon = named.lastIndexOf(":");
    const hasTag = colon > slash;
    const repository = hasTag ? named.slice(0, colon) : named;
    const tag = hasTag ? named.slice(colon + 1) : undefined;
    if (tag !== undefined && !TAG.test(tag)) return undefined;
    // The first component is the domain when there is more than one and it reads as a host; else all is path.
    const first = repository.indexOf("/");
    const domain = first !== -1 && DOMAIN.test(repository.slice(0, first)) ? repository.slice(0, first) : undefined;
    const path = domain === undefined ? repository : repository.slice(first + 1);
    if (path.length === 0 || path.length > MAX_PATH || !PATH.test(path)) return undefined;
    return { ...(domain !== undefined ? { domain } : {}), repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** The sha256 digest of a reference pinned by one (the digest the platform verifies and records), else undefined. */
export function sha256Digest(ref: string): string | undefined {
    const digest = parseImageReference(ref)?.digest;
    return digest?.startsWith("sha256:") ? digest : undefined;
}
