import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { parseImageReference, sha256Digest } from "../lib/imageReference";
import { workloadContainers } from "../lib/kubernetes";

const configSchema = {
    properties: {
        requireDigest: { type: "boolean" as const, default: false, description: "Require `@sha256:` digests (production)." },
        forbiddenTags: { type: "array" as const, items: { type: "string" as const }, default: ["latest"] },
    },
};

export const imagePinned: ResourceValidationPolicy = {
    name: "k8s-image-pinned",
    description: "Container images must carry an explicit, non-`latest` tag, and a sha256 digest where required (production).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Reference images as `registry/name:1.2.3@sha256:<digest>`; the release pipeline resolves the digest at build time.",
    configSchema,
    validateResource: (args, report) => {
        const cfg = configWithDefaults<{ requireDigest: boolean; forbiddenTags: string[] }>(configSchema, args.getConfig());
        for (const c of workloadContainers(args.type, args.props)) {
            const image = c.container.image;
            if (typeof image !== "string" || image === "") {
                report(`${c.kind} "${c.name}" has no image`);
                continue;
            }
            const parsed = parseImageReference(image);
            if (parsed === undefined) {
                report(`${c.kind} "${c.name}" image "${image.slice(0, 300)}" is not a valid image reference`);
                continue;
            }
            const { tag } = parsed;
            const validDigest = sha256Digest(image) !== undefined;
            if (tag === undefined && !validDigest) {
                report(`${c.kind} "${c.name}" image "${image}" is untagged (resolves to latest)`);
            } else if (tag !== undefined && cfg.forbiddenTags.includes(tag) && !validDigest) {
                report(`${c.kind} "${c.name}" image "${image}" uses the mutable tag "${tag}"`);
            }
            if (cfg.requireDigest && !validDigest) {
                report(`${c.kind} "${c.name}" image "${image}" is not pinned by a sha256 digest`);
            }
        }
    },
};
