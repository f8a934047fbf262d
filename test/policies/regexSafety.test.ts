// Every regular expression the pack, the schema, the components and the gate program apply to input is
// linear-time on any input size (#23 class 8): a 700 kB env value made the credential rule backtrack for
// minutes, and the pack runs under the CLI on whatever a program registers. recheck (a ReDoS checker:
// automaton analysis, fuzzing where that is too costly) judges each literal the sources contain, found
// with the TypeScript parser, so a new pattern is checked without being listed.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { checkSync } from "recheck";
import { credentialReason } from "../../policies/lib/credentials";
import { repoRoot } from "../support/plan";

/** Source files of the directories whose patterns see stack config, registered resources or cluster data. */
function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "bin" || e.name === "node_modules" ? [] : sources(p);
        return /\.(ts|js)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [p] : [];
    });
}

interface Literal { readonly where: string; readonly source: string; readonly flags: string }

function literals(file: string): Literal[] {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const out: Literal[] = [];
    const visit = (node: ts.Node): void => {
        if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
            const text = node.getText(sf);
            const end = text.lastIndexOf("/");
            out.push({ where: `${path.relative(repoRoot, file)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`, source: text.slice(1, end), flags: text.slice(end + 1) });
        }
        ts.forEachChild(node, visit);
    };
    visit(sf);
    return out;
}

describe("regular expressions are linear-time on any input (#23 class 8)", function () {
    this.timeout(300_000);
    const found = ["policies", "stacks", "components", "gates"].flatMap((d) => sources(path.join(repoRoot, d))).flatMap(literals);

    it("found the patterns of every directory", () => {
        assert.ok(found.length > 120, `${found.length}`);
        assert.ok(found.some((l) => l.where.startsWith("gates/")) && found.some((l) => l.where.startsWith("policies/lib/credentials.ts")));
    });

    it("recheck finds none that backtracks super-linearly", () => {
        const unsafe = found.flatMap((l) => {
            const r = checkSync(l.source, l.flags.replace(/[gy]/g, ""));
            return r.status === "safe" ? [] : [`${l.where} /${l.source}/${l.flags}: ${r.status}${r.status === "vulnerable" ? ` (${r.complexity.type}, attack ${JSON.stringify(r.attack.pattern)})` : ""}`];
        });
        assert.deepStrictEqual(unsafe, []);
    });

    it("recheck itself tells the old credential pattern from the fixed one (the check can fail)", () => {
        assert.strictEqual(checkSync(String.raw`[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@`, "i").status, "vulnerable");
        assert.strictEqual(checkSync(String.raw`(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@`, "i").status, "safe");
    });

    it("the fixed patterns still find what they found, and no more", () => {
        const reason = (v: string) => credentialReason("SETTING", v, []);
        assert.match(reason("postgres://app:s3cret@db:5432/app") ?? "", /a URL with an embedded password/);
        assert.match(reason("see postgres+ssl://app:s3cret@db") ?? "", /a URL with an embedded password/);
        assert.strictEqual(reason("postgres://db:5432/app"), undefined);
        assert.match(reason("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U") ?? "", /a JSON web token/);
        assert.strictEqual(reason("xeyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N"), undefined);
        assert.match(reason("sk-proj-abcdefghijklmnopqrstuvwxyz012345") ?? "", /an OpenAI\/Anthropic API key/);
        assert.strictEqual(reason("task-abcdefghijklmnopqrstuvwxyz012345"), undefined);
    });
});
