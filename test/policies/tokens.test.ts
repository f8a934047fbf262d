// Every type token the pack matches must be one the installed SDKs register: the provider classes'
// `__pulumiType` for typed resources, the published CRD schemas (kubernetes-models) for custom
// resources, whose CustomResource token is `kubernetes:<apiVersion>:<kind>`.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { podSpecInspectable } from "../../policies/kubernetes/podSpecInspectable";
import { POD_TEMPLATE_PATHS } from "../../policies/lib/workloadTypes";
import { secureDeployment, workloadOf } from "./fixtures";
import { runResource } from "./harness";
import { repoRoot } from "../support/plan";

const ROOT = repoRoot;

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

/** Classes declared in a module not named after them. */
const DECLARED_IN: Record<string, string> = { "kubernetes:helm.sh/v3:Chart": "node_modules/@pulumi/kubernetes/helm/v3/helm.js" };

/** The SDK module file that would declare the token, or undefined for custom resources. */
function moduleFile(token: string): string | undefined {
    const [pkg, mod, kind] = token.split(":");
    if (DECLARED_IN[token]) {
        return path.join(ROOT, DECLARED_IN[token]);
    }
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

/** Type tokens of every provider resource whose Args can hold a core/v1 PodSpec, found with the TypeScript checker. */
function podSpecCarriers(): string[] {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require("typescript") as typeof import("typescript");
    const sdk = path.join(ROOT, "node_modules/@pulumi/kubernetes");
    const program = ts.createProgram([path.join(sdk, "index.d.ts")], { skipLibCheck: true, noEmit: true, types: [] });
    const checker = program.getTypeChecker();
    const memo = new Map<import("typescript").Type, boolean>();
    const reaches = (t: import("typescript").Type): boolean => {
        if (memo.has(t)) return memo.get(t)!;
        memo.set(t, false);
        const name = (t.aliasSymbol ?? t.getSymbol())?.getName();
        let found = name === "PodSpec" || name === "PodSpecPatch";
        if (!found && t.isUnionOrIntersection()) found = t.types.some(reaches);
        if (!found && (t.flags & ts.TypeFlags.Object) !== 0) {
            found = checker.getTypeArguments(t as import("typescript").TypeReference).some(reaches)
                || checker.getPropertiesOfType(t).some(p => {
                    const d = p.valueDeclaration ?? p.declarations?.[0];
                    return d !== undefined && reaches(checker.getTypeOfSymbolAtLocation(p, d));
                });
        }
        memo.set(t, found);
        return found;
    };
    const tokens: string[] = [];
    for (const sf of program.getSourceFiles()) {
        if (!sf.fileName.startsWith(sdk) || sf.fileName.includes(`${path.sep}types${path.sep}`)) continue;
        ts.forEachChild(sf, node => {
            if (ts.isInterfaceDeclaration(node) && node.name.text.endsWith("Args") && reaches(checker.getTypeAtLocation(node))) {
                const js = fs.readFileSync(sf.fileName.replace(/\.d\.ts$/, ".js"), "utf8");
                tokens.push(/__pulumiType = '([^']+)'/.exec(js)![1]);
            }
        });
    }
    return tokens.sort();
}

describe("every provider type that can carry a pod spec is inspected or refused", function () {
    this.timeout(60_000);
    let carriers: string[];
    before(() => { carriers = podSpecCarriers(); });

    it("the pack's pod-template table is exactly the provider's non-List carriers", () => {
        assert.ok(carriers.length >= 60, `${carriers.length}`);
        assert.deepStrictEqual(carriers.filter(t => !t.endsWith("List")), Object.keys(POD_TEMPLATE_PATHS).sort());
    });
    it("every *List carrier is refused by k8s-pod-spec-inspectable", () => {
        const lists = carriers.filter(t => t.endsWith("List"));
        assert.ok(lists.length >= 20, `${lists.length}`);
        for (const list of lists) {
            const itemType = list.replace(/List$/, "");
            const item = workloadOf(itemType, secureDeployment.spec.template);
            const where = [...POD_TEMPLATE_PATHS[itemType], "spec"].join(".");
            assert.deepStrictEqual(runResource(podSpecInspectable, list, { items: [item] }).messages,
                [`${list} carries a pod spec at items[0]${where === "spec" ? ".spec" : `.${where}`} that the workload rules do not inspect`], list);
        }
    });
});
