import { stringify } from "yaml";

/**
 * The text `yaml`'s `stringify(value, { sortMapEntries: compareKeys, lineWidth: 0 })` gives, written without
 * building yaml's document model (which was most of the plan's manifest-writing time at N=200). The layout
 * of block maps and sequences is written here, and so are null, booleans, integers and one-line printable
 * strings (`lineText`, yaml's rules for those); every other scalar is rendered by `yaml` itself in a
 * one-path document of the same nesting, so its quoting, block style and indentation are yaml's own; anything else (undefined, non-JSON values, explicit keys, an object met twice,
 * which yaml writes as an anchor and alias) falls back to `stringify` for the whole document. test/plan/yamlText.test.ts holds the two byte for byte equal.
 */
export function yamlText(value: unknown, compareKeys: (a: string, b: string) => number): string {
    try {
        return `${new Emitter(compareKeys).node(value, [])}\n`;
    } catch (e) {
        if (e instanceof Unsupported) return stringify(value, { sortMapEntries: (a, b) => compareKeys(String(a.key), String(b.key)), lineWidth: 0 });
        throw e;
    }
}

class Unsupported extends Error {}

/** A container on the path from the document's root: a block map or a block sequence. */
type Step = "map" | "seq";

/** Printable ASCII on one line: the strings whose text is decided below exactly as yaml decides it. */
const PRINTABLE_LINE = /^[\x20-\x7e]+$/;
/** Lines yaml treats as document markers (`%`, `---`, `...`): their text depends on the place; left to yaml. */
const DOCUMENT_MARKER = /^(?:%|---|\.\.\.)/;
/** What yaml's plainString refuses to write plain: indicators first, `: `, ` #`, a blank or colon last (stringifyString.js). */
const NEEDS_QUOTES = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** Strings the core schema would read back as null, a boolean or a number (its tags' tests): yaml quotes them. */
const CORE_NON_STRING = new RegExp([
    /^(?:~|[Nn]ull|NULL)?$/, /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, /^0o[0-7]+$/, /^[-+]?[0-9]+$/, /^0x[0-9a-fA-F]+$/,
    /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
].map((r) => r.source).join("|"));
/** yaml writes a key longer than this as an explicit key (`? key`). */
const MAX_IMPLICIT_KEY = 1024;

/**
 * yaml's text of a one-line printable string, as a key or a value at any depth: plain when it may be, else
 * quoted as its quotedString quotes (single quotes for a string with `"` and no `'`, else JSON's double
 * quotes, which escape nothing but `"` and `\\` here). undefined for every other string.
 */
export function lineText(s: string): string | undefined {
    if (!PRINTABLE_LINE.test(s) || DOCUMENT_MARKER.test(s)) return undefined;
    if (!NEEDS_QUOTES.test(s) && !CORE_NON_STRING.test(s)) return s;
    return s.includes('"') && !s.includes("'") ? `'${s}'` : JSON.stringify(s);
}

/** A nested one-path document: `path` containers down to `leaf` (a seq item, or a map value under key "k"). */
function onePath(path: readonly Step[], leaf: unknown): unknown {
    let node = leaf;
    for (let i = path.length - 1; i >= 0; i--) node = path[i] === "map" ? { k: node } : [node];
    return node;
}

const SENTINEL = "sentinel";
const prefixes = new Map<string, string>();

/** The text of a one-path document up to where `leaf` (holding the sentinel) begins. */
function prefixOf(path: readonly Step[], leaf: unknown): string {
    const memo = `${path.join(".")}\u0000${typeof leaf}`;
    let prefix = prefixes.get(memo);
    if (prefix === undefined) {
        const text = stringify(onePath(path, leaf), { lineWidth: 0 });
        prefix = text.slice(0, text.lastIndexOf(SENTINEL));
        prefixes.set(memo, prefix);
    }
    return prefix;
}

/**
 * yaml's text of the scalars and keys that are not plain, by depth (its indentation: every map or sequence
 * indents by two), kind of place and value: documents repeat them.
 */
const scalarTexts = new Map<string, string>();
const keyTexts = new Map<string, string>();

class Emitter {
    /** Objects written so far: yaml writes an object met twice as an anchor and an alias, left to it. */
    private readonly seen = new Set<object>();

    constructor(private readonly compareKeys: (a: string, b: string) => number) {}

    /** Text of a node whose parent is at `path` (empty: the document root), without a final newline. */
    node(value: unknown, path: readonly Step[]): string {
        if (value === null || typeof value !== "object") return this.scalar(value, path);
        if (this.seen.has(value)) throw new Unsupported();
        this.seen.add(value);
        return Array.isArray(value) ? this.seq(value, path) : this.map(value as Record<string, unknown>, path);
    }

    private indent(path: readonly Step[]): string {
        return "  ".repeat(path.length);
    }

    private map(obj: Record<string, unknown>, path: readonly Step[]): string {
        if (Object.getPrototypeOf(obj) !== Object.prototype && Object.getPrototypeOf(obj) !== null) throw new Unsupported();
        const keys = Object.keys(obj);
        if (keys.length === 0) return "{}";
        keys.sort(this.compareKeys);
        const inner = [...path, "map" as const];
        const pad = this.indent(path);
        return keys.map((k, i) => `${i === 0 ? "" : pad}${this.key(k, inner)}:${this.after(obj[k], inner)}`).join("\n");
    }

    private seq(items: readonly unknown[], path: readonly Step[]): string {
        if (items.length === 0) return "[]";
        const inner = [...path, "seq" as const];
        const pad = this.indent(path);
        return items.map((item, i) => `${i === 0 ? "" : pad}- ${this.node(item, inner)}`).join("\n");
    }

    /** What follows `key:`: a scalar or an empty collection on the same line, a collection on the next lines. */
    private after(value: unknown, path: readonly Step[]): string {
        if (value === undefined) throw new Unsupported();
        const collection = value !== null && typeof value === "object";
        if (collection && (Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0)) {
            return `\n${this.indent(path)}${this.node(value, path)}`;
        }
        return ` ${this.node(value, path)}`;
    }

    private key(k: string, path: readonly Step[]): string {
        const line = lineText(k);
        if (line !== undefined) {
            if (line.length > MAX_IMPLICIT_KEY) throw new Unsupported();
            return line;
        }
        const memo = `${path.length}\u0000${k}`;
        let text = keyTexts.get(memo);
        if (text === undefined) {
            // yaml's text of the key in a map at the same depth, between what precedes a sentinel key and ": v".
            const prefix = prefixOf(path.slice(0, -1), { [SENTINEL]: "v" });
            const full = stringify(onePath(path.slice(0, -1), { [k]: "v" }), { lineWidth: 0 });
            if (!full.startsWith(prefix) || !full.endsWith(": v\n")) throw new Unsupported();
            text = full.slice(prefix.length, -": v\n".length);
            if (text.length > MAX_IMPLICIT_KEY || text.startsWith("? ")) throw new Unsupported();
            keyTexts.set(memo, text);
        }
        return text;
    }

    private scalar(value: unknown, path: readonly Step[]): string {
        if (value === null) return "null";
        if (typeof value === "boolean") return String(value);
        if (typeof value === "number" && Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
        const line = typeof value === "string" ? lineText(value) : undefined;
        if (line !== undefined) return line;
        if (typeof value !== "string" && typeof value !== "number") throw new Unsupported();
        const memo = `${path.length}${path[path.length - 1] ?? ""}\u0000${typeof value}\u0000${String(value)}`;
        let text = scalarTexts.get(memo);
        if (text === undefined) {
            // yaml's text of the value at the same place in a one-path document: what follows the sentinel's prefix.
            const prefix = prefixOf(path, SENTINEL);
            const full = stringify(onePath(path, value), { lineWidth: 0 });
            if (!full.startsWith(prefix) || !full.endsWith("\n")) throw new Unsupported();
            text = full.slice(prefix.length, -1);
            scalarTexts.set(memo, text);
        }
        return text;
    }
}
