// The Pulumi CLI reads a stack file with Go's YAML library, which keeps some YAML 1.1 readings; the offline
// plan reads it as YAML 1.2. Measured with the CLI (`pulumi config --json`, v3.276.0): `014` is 12 there
// (octal) and 14 here, `1_000` and `0b101` are numbers there and strings here, `2001-12-14` is a timestamp
// there ("2001-12-14 00:00:00 +0000 UTC") and a string here; `on`, `yes`, `1:20`, `0x1F`, `0o17`, `09`,
// `.5`, `1e3`, `+12` and `~` read the same in both, and merge keys (`<<`) are merged by both (the plan asks for
// it). A value the two read differently would make the plan pass what production does not get
// (`retentionDays: 014` passes a 14-day floor and keeps 12): it is refused, naming the key. Pure.
import { isPair, isScalar, isSeq, visit, type Document, type Node } from "yaml";

/** Plain scalars the CLI and YAML 1.2 read differently, with what each makes of them. */
const DIFFERENT: ReadonlyArray<readonly [RegExp, (text: string) => string]> = [
    [/^[-+]?0[0-7]+$/, (t) => `the Pulumi CLI reads it as the YAML 1.1 octal number ${parseInt(t, 8)}, YAML 1.2 as ${Number(t)}`],
    [/^[-+]?(?:0b[01_]+|[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?|0x[0-9a-fA-F_]*_[0-9a-fA-F_]*)$/, () => "the Pulumi CLI reads it as a YAML 1.1 number, YAML 1.2 as a string"],
    [/^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/,
        () => "the Pulumi CLI reads it as a YAML 1.1 timestamp (\"2001-12-14 00:00:00 +0000 UTC\"), YAML 1.2 as a string"],
];

/** `platform:data.backups[0].retentionDays`: where a node sits, from the document's root. */
function where(path: readonly unknown[], node: Node): string {
    let out = "";
    const chain = [...path, node];
    chain.forEach((item, i) => {
        if (isPair(item)) {
            const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
            out += out === "" ? key : `.${key}`;
        } else if (isSeq(item)) {
            out += `[${item.items.indexOf(chain[i + 1] as never)}]`;
        }
    });
    return out;
}

/** Every plain value of `doc` that the Pulumi CLI and YAML 1.2 read differently, each naming its key. */
export function yamlReadingProblems(doc: Document): string[] {
    const problems: string[] = [];
    visit(doc, {
        Scalar(key, node, path) {
            if (key === "key" || node.type !== "PLAIN" || typeof node.source !== "string") return;
            const text = node.source;
            const found = DIFFERENT.find(([pattern]) => pattern.test(text));
            if (found === undefined) return;
            const at = where(path, node).replace(/^config\./, "");
            problems.push(`${at}: ${JSON.stringify(text)} is read two ways (${found[1](text)}); write the value you mean unambiguously, or quote it as a string`);
        },
    });
    return problems;
}
