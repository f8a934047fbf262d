import * as path from "node:path";
import type { BinarySpec, ManifestSpec } from "./versions";

/**
 * Where the engine lives: everything under the gitignored `.engine/` of the repository, keyed by the
 * pinned versions so that a version bump builds next to the old build instead of over it.
 */
export class EngineLayout {
    readonly dir: string;
    constructor(readonly root: string) {
        this.dir = path.join(root, ".engine");
    }
    /** Stable paths of the current binaries (links into their versioned folders): the PATH entry. */
    get binDir(): string {
        return path.join(this.dir, "bin");
    }
    binary(name: string): string {
        return path.join(this.binDir, name);
    }
    /** The versioned folder a binary is built into, with its build record. */
    buildDir(b: BinarySpec): string {
        return path.join(this.dir, "build", `${b.name}-${b.version}`);
    }
    /** Writable copies of modules that need generated files before they build. */
    sourceDir(b: BinarySpec): string {
        return path.join(this.dir, "src", `${b.name}-${b.version}`);
    }
    manifestDir(m: ManifestSpec): string {
        return path.join(this.dir, "manifests", `${m.name}-${m.version}`);
    }
    /** The local cluster's kwokctl home, and the kubeconfig `npm run cluster:up` writes. */
    get clusterDir(): string {
        return path.join(this.dir, "cluster");
    }
    get kubeconfig(): string {
        return path.join(this.clusterDir, "kubeconfig");
    }
    nodeDir(version: string): string {
        return path.join(this.dir, `node-v${version}`);
    }
    /** Default state for people running the engine by hand (the tests use temporary folders instead). */
    get home(): string {
        return path.join(this.dir, "home");
    }
    get state(): string {
        return path.join(this.dir, "state");
    }
}

export interface EngineEnvOptions {
    /** PULUMI_HOME (plugins, credentials). Default .engine/home. */
    readonly home?: string;
    /** Folder of the local file backend. Default .engine/state. */
    readonly state?: string;
    /** PULUMI_CONFIG_PASSPHRASE for the local secrets provider; left to the caller's environment when unset. */
    readonly passphrase?: string;
}

/**
 * The environment the engine runs with here: the built binaries first on PATH, a local file backend,
 * and nothing that reaches the network (no plugin downloads, no update check).
 */
export function engineEnv(layout: EngineLayout, options: EngineEnvOptions = {}, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    return {
        ...base,
        PATH: [layout.binDir, base.PATH ?? ""].join(path.delimiter),
        PULUMI_HOME: options.home ?? layout.home,
        PULUMI_BACKEND_URL: `file://${options.state ?? layout.state}`,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
        ...(options.passphrase !== undefined ? { PULUMI_CONFIG_PASSPHRASE: options.passphrase } : {}),
    };
}

/** The same settings as a shell snippet (`.engine/env.sh`), for running the engine by hand. */
export function engineEnvScript(layout: EngineLayout): string {
    return [
        "# Written by `npm run engine:install`: source it to run the locally built Pulumi CLI offline.",
        `export PATH="${layout.binDir}:$PATH"`,
        `export PULUMI_HOME="${layout.home}"`,
        `export PULUMI_BACKEND_URL="file://${layout.state}"`,
        "# The local backend's folder: the CLI does not create it (`pulumi login` is not needed with this file).",
        `mkdir -p "${layout.state}"`,
        "export PULUMI_SKIP_UPDATE_CHECK=true",
        "export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true",
        "# Set PULUMI_CONFIG_PASSPHRASE yourself: it encrypts this backend's secrets.",
        "",
    ].join("\n");
}
