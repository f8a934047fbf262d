import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";

const moduleVersion = z.string().regex(/^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, "expected a Go module version (vX.Y.Z or a pseudo-version)");

const wrapperBuild = z.object({
    /** Build `package` inside a committed module under `dir` (its go.mod/go.sum pin every dependency). */
    kind: z.literal("wrapper"),
    dir: z.string(),
    package: z.string(),
}).strict();

const moduleCopyBuild = z.object({
    /**
     * Copy the module (and sibling modules its go.mod replaces with relative paths) out of the module
     * cache into a writable folder, run `go generate` where files are generated, and build there.
     */
    kind: z.literal("module-copy"),
    package: z.string(),
    siblings: z.record(z.string(), z.object({ module: z.string(), version: moduleVersion }).strict()).default({}),
    generate: z.object({ dir: z.string(), env: z.record(z.string(), z.string()).default({}) }).strict().optional(),
}).strict();

const binarySchema = z.object({
    name: z.string().regex(/^[a-z0-9-]+$/),
    /** "engine": the Pulumi CLI and plugins; "cluster": the local Kubernetes control plane. */
    group: z.enum(["engine", "cluster"]),
    module: z.string(),
    version: z.string(),
    /** The upstream release the version corresponds to, where the module version is a pseudo-version. */
    release: z.string().optional(),
    build: z.discriminatedUnion("kind", [wrapperBuild, moduleCopyBuild]),
    /**
     * Installed next to that binary instead of on PATH: the CLI looks for its language hosts beside its
     * own executable, and warns when one comes from PATH instead.
     */
    bundledWith: z.string().optional(),
    ldflags: z.array(z.string()),
    /** Arguments that make the binary print its version; a provider plugin has none: its schema says it. */
    versionCommand: z.union([z.array(z.string()), z.literal("provider-schema")]),
}).strict();

const versionsSchema = z.object({
    $comment: z.string().optional(),
    go: z.object({ minimum: z.string().regex(/^\d+\.\d+\.\d+$/), toolchain: z.string() }).strict(),
    node: z.object({ package: z.string(), version: z.string(), integrity: z.string().regex(/^sha512-/) }).strict(),
    binaries: z.array(binarySchema).min(1),
    /** Manifests a cluster needs, taken from the modules that ship them: CRDs, and kwok's pod and node stages. */
    manifests: z.array(z.object({ name: z.string(), kind: z.enum(["crds", "stages"]), module: z.string(), version: moduleVersion, paths: z.array(z.string()).min(1) }).strict()),
}).strict();

export type EngineVersions = z.infer<typeof versionsSchema>;
export type BinarySpec = EngineVersions["binaries"][number];
export type ManifestSpec = EngineVersions["manifests"][number];

/** Reads and validates engine/versions.json. */
export function loadVersions(root: string): EngineVersions {
    const file = path.join(root, "engine", "versions.json");
    const parsed = versionsSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
    if (!parsed.success) {
        throw new Error(`${file}:\n${parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`).join("\n")}`);
    }
    return parsed.data;
}
