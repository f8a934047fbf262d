import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { parseImageReference, pinnedReference, versionOf } from "./imageRef";

/** Name of the stack output that carries the release manifest (read by production with a StackReference). */
export const RELEASE_MANIFEST_OUTPUT = "releaseManifest";
/** Version tag of the manifest format; a reader refuses any other. */
export const RELEASE_MANIFEST_API_VERSION = "platform.delivery/v1" as const;

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const strategies = ["rolling", "recreate", "blueGreen", "canary"] as const;
export type ReleaseStrategy = (typeof strategies)[number];

/** What staging verified for one app. */
export const releaseManifestEntrySchema = z.object({
    app: z.string().min(1),
    /** The image reference staging deployed, with its digest: `repo[:tag]@sha256:<hex>`. */
    image: z.string().refine((ref) => parseImageReference(ref)?.digest !== undefined, {
        message: "expected an image reference with a digest (repo[:tag]@sha256:<64 hex>)",
    }),
    digest: z.string().regex(DIGEST, { message: "expected \"sha256:<64 hex>\"" }),
    version: z.string().min(1),
    strategy: z.enum(strategies),
    gates: z.object({ passed: z.boolean(), names: z.array(z.string().min(1)) }).strict(),
}).strict().refine((e) => !DIGEST.test(e.digest) || parseImageReference(e.image)?.digest === e.digest, {
    message: "expected digest to be the digest of image",
    path: ["digest"],
});
export type ReleaseManifestEntry = z.infer<typeof releaseManifestEntrySchema>;

export const releaseManifestSchema = z.object({
    apiVersion: z.literal(RELEASE_MANIFEST_API_VERSION),
    /** Environment that verified the release (staging). */
    environment: z.string().min(1),
    /** Entries keyed by app name. */
    apps: z.record(z.string(), releaseManifestEntrySchema),
}).strict().superRefine((m, ctx) => {
    for (const [key, entry] of Object.entries(m.apps)) {
        if (entry.app !== key) ctx.addIssue({ code: "custom", path: ["apps", key, "app"], message: `expected "${key}" (the entry's key)` });
    }
});
export type ReleaseManifest = z.infer<typeof releaseManifestSchema>;

/** The verdict of an app's gates. */
export interface GateVerdict {
    readonly passed: boolean;
    readonly names: string[];
}

/** One app as the stack deployed it, for the release manifest. */
export interface ReleaseAppInput {
    readonly app: string;
    /** Resolved image reference; must carry a digest (`repo[:tag]@sha256:<hex>`) to be promotable. */
    readonly image: string;
    /** Version label. Default: the image tag, else the digest's first 12 hex characters. */
    readonly version?: string;
    readonly strategy: ReleaseStrategy;
    /** Resolves only after the app's gates completed (see `gateVerdict`). */
    readonly gates: pulumi.Input<GateVerdict>;
}

/**
 * A verdict that resolves only once every gate signal has resolved. A signal is any output of a gate resource
 * that is known only after the gate ran (a Job's name or status: the Kubernetes provider waits for a Job to
 * complete, and a failed Job fails the update, so the signal never resolves and nothing downstream is published).
 * A signal that resolves to `false` marks the gate as failed. With no gates the verdict passes (the rollout itself,
 * awaited by the provider, was the check).
 */
export function gateVerdict(gates: ReadonlyArray<{ readonly name: string; readonly signal: pulumi.Input<unknown> }>): pulumi.Output<GateVerdict> {
    return pulumi.all(gates.map((g) => g.signal)).apply((signals) => ({
        passed: signals.every((s) => s !== false),
        names: gates.map((g) => g.name),
    }));
}

/** Problems that make an app set unpublishable (no digest, duplicates). Pure. */
export function releaseInputProblems(apps: ReadonlyArray<Pick<ReleaseAppInput, "app" | "image">>): string[] {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const { app, image } of apps) {
        if (seen.has(app)) problems.push(`release manifest: app "${app}" appears twice`);
        seen.add(app);
        const ref = parseImageReference(image);
        if (ref === undefined) problems.push(`release manifest: app "${app}" has an invalid image reference "${image}"`);
        else if (ref.digest === undefined) {
            problems.push(`release manifest: app "${app}" image "${image}" has no digest; deploy images by digest ("${image}@sha256:<digest>") so production can promote exactly what was verified`);
        }
    }
    return problems;
}

/**
 * The release manifest Output. It is built with `pulumi.all` over every app's gate verdict, so it resolves only
 * after all gates have completed: if a gate Job fails, the update fails before this output is ever published and
 * the previous manifest stays in the stack. Throws (before anything is registered) when an app has no digest.
 */
export function buildReleaseManifest(environment: string, apps: ReadonlyArray<ReleaseAppInput>): pulumi.Output<ReleaseManifest> {
    const problems = releaseInputProblems(apps);
    if (problems.length > 0) throw new Error(problems.join("\n"));
    const sorted = [...apps].sort((a, b) => a.app.localeCompare(b.app));
    return pulumi.all(sorted.map((a) => a.gates)).apply((verdicts): ReleaseManifest => ({
        apiVersion: RELEASE_MANIFEST_API_VERSION,
        environment,
        apps: Object.fromEntries(sorted.map((a, i): [string, ReleaseManifestEntry] => {
            const ref = parseImageReference(a.image)!;
            return [a.app, {
                app: a.app,
                image: a.image,
                digest: ref.digest!,
                version: a.version ?? versionOf(ref),
                strategy: a.strategy,
                gates: { passed: verdicts[i].passed, names: [...verdicts[i].names] },
            }];
        })),
    }));
}

/** An app as production's config declares it. */
export interface ProductionApp {
    readonly name: string;
    /** Image production pins, if any: it must match what staging verified. */
    readonly image?: string;
}

export interface PromotionResult {
    /** Per app: `repository@sha256:<hex>`, exactly the digest staging verified. */
    readonly images: Record<string, string>;
    /** One line per problem; production must not deploy when this is non-empty. */
    readonly errors: string[];
}

function pathOf(path: readonly PropertyKey[]): string {
    return path.reduce<string>((acc, s) => (typeof s === "number" ? `${acc}[${s}]` : acc === "" ? String(s) : `${acc}.${String(s)}`), "");
}

/**
 * Which image each production app deploys, from the source stack's release manifest. Pure. Errors name the app,
 * the source stack and the fix: app missing from the manifest, gates not passed (unless `requireVerified` is
 * false), production pinning another image, or a malformed manifest.
 */
export function resolvePromotion(
    manifest: unknown,
    productionApps: ReadonlyArray<ProductionApp>,
    sourceStack: string,
    options: { readonly requireVerified?: boolean } = {},
): PromotionResult {
    const from = `promotion from "${sourceStack}"`;
    if (manifest === undefined || manifest === null) {
        return { images: {}, errors: [`${from}: the stack exports no "${RELEASE_MANIFEST_OUTPUT}"; deploy it with a platform program that publishes the release manifest, then promote again`] };
    }
    const parsed = releaseManifestSchema.safeParse(manifest);
    if (!parsed.success) {
        return {
            images: {},
            errors: parsed.error.issues.map((i) => `${from}: the release manifest is malformed at ${pathOf(i.path) || "(root)"}: ${i.message}; re-run the source stack's update to republish it`),
        };
    }
    const requireVerified = options.requireVerified ?? true;
    const images: Record<string, string> = {};
    const errors: string[] = [];
    const available = Object.keys(parsed.data.apps).sort();
    for (const app of productionApps) {
        const entry = parsed.data.apps[app.name];
        if (entry === undefined) {
            errors.push(`${from}: app "${app.name}" is not in the release manifest (it has: ${available.join(", ") || "no apps"}); deploy it to the source stack and let its gates pass, or remove it from production's platform:apps`);
            continue;
        }
        if (requireVerified && !entry.gates.passed) {
            const gates = entry.gates.names.length > 0 ? entry.gates.names.join(", ") : "no gates recorded";
            errors.push(`${from}: app "${app.name}" ${entry.version} is not verified (gates not passed: ${gates}); fix it in the source stack and let its gates pass before promoting`);
            continue;
        }
        const verified = parseImageReference(entry.image)!;
        if (app.image !== undefined) {
            const pinned = parseImageReference(app.image);
            const differs = pinned === undefined
                || pinned.repository !== verified.repository
                || (pinned.digest !== undefined && pinned.digest !== entry.digest)
                || (pinned.tag !== undefined && pinned.tag !== verified.tag);
            if (differs) {
                errors.push(`${from}: production pins app "${app.name}" to "${app.image}" but the source stack verified "${entry.image}"; remove the image from production's platform:apps to deploy the verified one, or pin exactly "${entry.image}"`);
                continue;
            }
        }
        images[app.name] = pinnedReference(verified.repository, entry.digest);
    }
    return { images, errors };
}
