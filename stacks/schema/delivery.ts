import { z } from "zod";
import { MAINTENANCE_WINDOW_FORMAT, parseMaintenanceWindow } from "../delivery/maintenanceWindow";
import { RELEASE_ID } from "../delivery/releaseHistory";
import { parseDuration, promDuration } from "./common";

/** A fully qualified stack name `<org>/<project>/<stack>`. */
const qualifiedStack = z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, {
    message: "expected a fully qualified stack name \"<org>/<project>/<stack>\"",
});

/**
 * `platform:promotion`: production deploys the images another stack verified, read from that stack's
 * `releaseManifest` output through a StackReference.
 */
export const promotionSchema = z.object({
    /** Source stack, e.g. "acme/platform/staging". */
    from: qualifiedStack,
    /** Refuse apps whose gates did not pass in the source stack. Default true. */
    requireVerified: z.boolean().default(true),
    /**
     * Which release of the source's `releaseHistory` to deploy: "latest" (default), "previous", or a release id
     * ("r12-0a1b2c3d", see `npm run releases`). Rolling back is choosing an earlier id; it never re-runs the source.
     */
    release: z.string().refine((r) => r === "latest" || r === "previous" || RELEASE_ID.test(r), {
        message: "expected \"latest\", \"previous\" or a release id \"r<n>-<8 hex>\" from the source's releaseHistory",
    }).default("latest"),
    /** Time a release must have soaked in the source since it was verified before it is promoted. Default: none. */
    minSoak: promDuration("0s", "30d").optional(),
    /** Age since verification beyond which a release is refused. Default: none. */
    maxAge: promDuration("1m", "1y").optional(),
}).strict().superRefine((p, ctx) => {
    const [soak, age] = [parseDuration(p.minSoak ?? ""), parseDuration(p.maxAge ?? "")];
    if (soak !== undefined && age !== undefined && soak >= age) {
        ctx.addIssue({ code: "custom", path: ["maxAge"], message: `expected more than minSoak (${p.minSoak}): no release could be promoted`, input: p.maxAge });
    }
});
export type PromotionConfig = z.infer<typeof promotionSchema>;

/**
 * `platform:release`: when `pulumi up` may change the stack. Required in production. The override is always the
 * variable RELEASE_OVERRIDE_ENV_VAR (a stack file cannot name another one).
 */
export const releaseSchema = z.object({
    /**
     * "HH:MM-HH:MM UTC", optionally after days ("Mon-Fri 22:00-23:00 UTC", "Sat,Sun 23:00-02:00 UTC"). A window may
     * cross midnight; its days are the days it starts on. Enforced during `up`, never during preview.
     */
    maintenanceWindow: z.string().superRefine((text, ctx) => {
        const parsed = parseMaintenanceWindow(text);
        if (typeof parsed === "string") ctx.addIssue({ code: "custom", message: parsed });
    }).describe(MAINTENANCE_WINDOW_FORMAT),
}).strict();
export type ReleaseConfig = z.infer<typeof releaseSchema>;
