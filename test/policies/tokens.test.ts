// Every type token the pack matches must be one the installed SDKs register: the provider classes'
// `__pulumiType` for typed resources, the published CRD schemas (kubernetes-models) for custom
// resources, whose CustomResource token is `kubernetes:<apiVersion>:<kind>`.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "../..");

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? (e.name === "bin" || e.name === "bench" ? [] : sourceFiles(p)) : p.endsWith(".ts") ? [p] : [];
    });
}

const tokens = new Set<string>();
for (const file of sourceFiles(path.join(ROOT, "policies"))) {
    for (const m of fs.readFileSync(file, "utf8").matchAll(/"((?:aws|azure-native|gcp|kubernetes):[A-Za-z0-9./-]+:[A-Z][A-Za-z0-9]+)"/g)) {
        tokens.add(m[1]);
    }
}

const lowerFirst = (s: string) => s[0].toLowerCase() + s.slice(1);

/** The SDK module file that would declare the token, or undefined for custom resources. */
function moduleFile(token: string): string | undefined {
    const [pkg, mod, kind] = token.split(":");
    if (pkg === "kubernetes") {
        const [group, version] = mod.split("/");
        const dir = group === "core" ? "core" : group.split(".")[0];
        return group.includes(".coreos.com") || group.startsWith("gateway.") ? undefined
            : path.join(ROOT, "node_modules/@pulumi/kubernetes", dir, version, `${lowerFirst(kind)}.js`);
    }
    return path.join(ROOT, "node_modules/@pulumi", pkg, `${mod.split("/")[0]}`, `${lowerFirst(mod.split("/")[1] ?? kind)}.js`);
}

describe("type tokens used by the pack", () => {
    it("found a representative set in the sources", () => assert.ok(tokens.size > 60, `${tokens.size}`));
    for (const token of [...tokens].sort()) {
        it(token, async () => {
            const file = moduleFile(token);
            if (file) {
                assert.ok(fs.existsSync(file), `${file} missing`);
                assert.ok(fs.readFileSync(file, "utf8").includes(`__pulumiType = '${token}'`), `${file} does not register ${token}`);
                return;
            }
            const [, apiVersion, kind] = token.split(":");
            const pkg = apiVersion.startsWith("gateway.") ? "@kubernetes-models/gateway-api" : "@kubernetes-models/prometheus-operator";
            const mod = await import(`${pkg}/${apiVersion}/${kind}`) as Record<string, { apiVersion?: string; kind?: string }>;
            const cls = mod[kind];
            assert.strictEqual(cls.apiVersion, apiVersion);
            assert.strictEqual(cls.kind, kind);
        });
    }
});
