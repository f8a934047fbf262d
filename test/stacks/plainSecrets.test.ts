import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { misplacedSecretProblems, parsePlatformConfig, plainSecretProblems, readRawConfig } from "../../stacks/config";
import { ConfigError } from "../../stacks/errors";
import { loadStackConfig, plainSecretLeaves } from "../../tools/plan/stackConfig";
import { shippedValues } from "../support/config";
import { repoRoot } from "../support/plan";

/** The problems parsePlatformConfig reports when the CLI hands over `secretKeys` as secret (decrypted). */
function problemsWithSecrets(values: Record<string, unknown>, secretKeys: string[]): readonly string[] {
    try {
        parsePlatformConfig(values, "dev", "acme", { secretKeys: new Set(secretKeys) });
    } catch (e) {
        if (e instanceof ConfigError) return e.problems;
        throw e;
    }
    return [];
}

const MISPLACED = (key: string) => `platform:${key}: expected no secret value here (only platform:secrets and platform:kubeconfig hold secrets: the whole key would be decrypted into ConfigMaps and manifests that viewers read), found a secure: value; set it with \`pulumi config set --secret --path 'platform:secrets.<name>'\` and reference <name> (apps[].secretEnv)`;

// A value under platform:secrets or platform:kubeconfig written in plain text sits readable in the stack file
// (and its history): refused, naming each one, before anything is registered.
describe("secret-only keys hold only secrets", () => {
    it("the program refuses a key the CLI did not hand over as a secret", () => {
        assert.deepEqual(plainSecretProblems({ secrets: { apiToken: "x" }, kubeconfig: "apiVersion: v1", tags: {} }, new Set()), [
            "platform:kubeconfig: expected a value set with `pulumi config set --secret platform:kubeconfig`, found plain text in the stack file (now readable in it and its history: rotate it)",
            "platform:secrets: expected values set with `pulumi config set --secret --path 'platform:secrets.<name>'`, found plain text in the stack file (now readable in it and its history: rotate them)",
        ]);
        assert.deepEqual(plainSecretProblems({ secrets: { apiToken: "x" }, kubeconfig: "k" }, new Set(["secrets", "kubeconfig"])), []);
    });

    it("the offline plan names every plain value of the stack file, also one mixed among secure ones", () => {
        assert.deepEqual(plainSecretLeaves("platform", {
            "platform:secrets": { apiToken: "plain-token", slack: { secure: "v1:abc" } },
            kubeconfig: "apiVersion: v1",
            "platform:tags": { owner: "a" },
        }), [
            "platform:secrets.apiToken: expected a value set with `pulumi config set --secret --path 'platform:secrets.<name>'`, found plain text in the stack file (now readable in it and its history: rotate it)",
            "platform:kubeconfig: expected a value set with `pulumi config set --secret platform:kubeconfig`, found plain text in the stack file (now readable in it and its history: rotate it)",
        ]);
        assert.deepEqual(plainSecretLeaves("platform", { "platform:secrets": { a: { secure: "v1:x" } }, "platform:kubeconfig": { secure: "v1:y" } }), []);
    });

    describe("a secret anywhere else is refused, and never echoed (#23 class 3)", () => {
        it("names every key other than secrets and kubeconfig that the CLI hands over as secret", () => {
            assert.deepEqual(misplacedSecretProblems(new Set(["secrets", "kubeconfig", "tags", "apps"])), [MISPLACED("apps"), MISPLACED("tags")]);
            assert.deepEqual(misplacedSecretProblems(new Set(["secrets", "kubeconfig"])), []);
        });

        it("a secure: value under apps[].env: refused, the decrypted value in no message, even where the schema also fails", () => {
            const values = shippedValues("dev", (v) => {
                const apps = v.apps as Array<{ env?: Record<string, unknown>; replicas?: unknown }>;
                apps[0].env = { ...(apps[0].env ?? {}), API_TOKEN: "decrypted-hunter2" };
                apps[0].replicas = "decrypted-hunter2";
            });
            const lines = problemsWithSecrets(values, ["apps", "secrets"]);
            assert.ok(lines.includes(MISPLACED("apps")), lines.join("\n"));
            assert.ok(lines.some((l) => /^platform:apps\[0\]\.replicas: .*found "\[secret\]"$/.test(l)), lines.join("\n"));
            assert.deepEqual(lines.filter((l) => l.includes("hunter2")), []);
        });

        it("the offline plan sees the stack file as the CLI does: a secure: leaf makes its whole key secret", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "misplaced-secret-"));
            fs.copyFileSync(path.join(repoRoot, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
            const stackFile = fs.readFileSync(path.join(repoRoot, "Pulumi.dev.yaml"), "utf8");
            fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), `${stackFile.trimEnd()}\n  platform:monitoring:\n    dashboards: { folder: { secure: v1:abcdef } }\n`);
            const loaded = loadStackConfig(dir, "dev");
            assert.ok(loaded.secretKeys.includes("platform:monitoring"), loaded.secretKeys.join(", "));
            const raw = readRawConfig(loaded.config as Record<string, string>);
            const secretKeys = loaded.secretKeys.filter((k) => k.startsWith("platform:")).map((k) => k.slice("platform:".length));
            assert.ok(problemsWithSecrets(raw, secretKeys).includes(MISPLACED("monitoring")));
        });
    });
});
