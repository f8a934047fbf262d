// The release manifest a stack publishes (staging) and another reads (production): what ran, and what its gates verified.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { parseImageReference, versionOf } from "./imageRef";

/** Name of the stack output that carries the release manifest (read by production with a StackReference). */
export const RELEASE_MANIFEST_OUTPUT = "releaseManifest";
/**
 * Version tag of the manifest format; a reader refuses any other. v2 added `tier` and each app's `verified` digests:
 * a v1 manifest cannot say which blue-green colours or canary baseline were verified, so it is not promotable.
 */
export const RELEASE_MANIFEST_API_VERSION = "platform.delivery/v2" as const;

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const digest = z.string().regex(DIGEST, { message: "expected \"sha256:<64 hex>\"" });
const strategies = ["rolling", "recreate", "blueGreen", "canary"] as const;
export type ReleaseStrategy = (typeof strategies)[number];

/** What the source stack verified for one app. */
export const releaseManifestEntrySchema = z.object({
    app: z.string().min(1),
    /** The release: the image the source stack deployed as the app's new version, with its digest: `repo[:tag]@sha256:<hex>`. */
    image: z.string().refine((ref) => parseImageReference(ref)?.digest !== undefined, {
        message: "expected an image reference with a digest (repo[:tag]@sha256:<64 hex>)",
    }),
    digest,
    version: z.string().min(1),
    strategy: z.enum(strategies),
    /** The release's verdict: every gate of the release passed (a steady canary ran none, so it is not verified). */
    gates: z.object({ passed: z.boolean(), names: z.array(z.string().min(1)) }).strict(),
    /**
     * Every digest of the app a gate verified in the source stack's current state: the release once its gates passed,
     * each blue-green colour whose smoke gate passed, a promoted canary's baseline. Production may run only these.
     */
    verified: z.array(digest),
}).strict().refine((e) => !DIGEST.test(e.digest) || parseImageReference(e.image)?.digest === e.digest, {
    message: "expected digest to be the digest of image",
    path: ["digest"],
});
export type ReleaseManifestEntry = z.infer<typeof releaseManifestEntrySchema>;

export const releaseManifestSchema = z.object({
    apiVersion: z.literal(RELEASE_MANIFEST_API_VERSION),
    /** Environment that verified the release (staging). */
    environment: z.string().min(1),
    /** Its tier: production promotes only what a staging stack verified. */
    tier: z.enum(["dev", "staging", "production"]),
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
    /** Images a gate verified (resolves after the gates); default: the release image when its gates passed. */
    readonly verified?: pulumi.Input<readonly string[]>;
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

/** The sorted, distinct digests of the verified images that carry one. */
function digestsOf(images: readonly string[]): string[] {
    return [...new Set(images.map((i) => parseImageReference(i)?.digest).filter((d): d is string => d !== undefined))].sort();
}

/**
 * The release manifest Output. It is built with `pulumi.all` over every app's gate verdict and verified images, so it
 * resolves only after all gates have completed: if a gate Job fails, the update fails before this output is ever
 * published and the previous manifest stays in the stack. Throws (before anything is registered) when an app has no digest.
 */
export function buildReleaseManifest(environment: { readonly name: string; readonly tier: ReleaseManifest["tier"] }, apps: ReadonlyArray<ReleaseAppInput>): pulumi.Output<ReleaseManifest> {
    const problems = releaseInputProblems(apps);
    if (problems.length > 0) throw new Error(problems.join("\n"));
    const sorted = [...apps].sort((a, b) => a.app.localeCompare(b.app));
    const verified = sorted.map((a) => a.verified ?? pulumi.output(a.gates).apply((g): string[] => (g.passed ? [a.image] : [])));
    return pulumi.all([pulumi.all(sorted.map((a) => a.gates)), pulumi.all(verified)]).apply(([verdicts, images]): ReleaseManifest => ({
        apiVersion: RELEASE_MANIFEST_API_VERSION,
        environment: environment.name,
        tier: environment.tier,
        apps: Object.fromEntries(sorted.map((a, i): [string, ReleaseManifestEntry] => {
            const ref = parseImageReference(a.image)!;
            return [a.app, {
                app: a.app,
                image: a.image,
                digest: ref.digest!,
                version: a.version ?? versionOf(ref),
                strategy: a.strategy,
                gates: { passed: verdicts[i].passed, names: [...verdicts[i].names] },
                verified: digestsOf(images[i]),
            }];
        })),
    }));
}
