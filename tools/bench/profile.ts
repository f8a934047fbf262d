import * as fs from "node:fs";
import * as path from "node:path";
import { projectRoot } from "../../components/projectRoot";

/** The parts of a V8 .cpuprofile this summary reads. */
interface CpuProfile {
    nodes: Array<{ id: number; callFrame: { functionName: string; url: string }; hitCount?: number }>;
    samples: number[];
    timeDeltas: number[];
}

/** Who owns the code a profile sample was in. */
export function owner(url: string, projectDir: string): string {
    if (url === "") return "(node / V8: GC, idle, native)";
    const file = url.replace(/^file:\/\//, "");
    const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
    if (nm) return nm[1];
    if (file.startsWith("node:") || !file.startsWith("/")) return "(node internals)";
    const rel = path.relative(projectDir, file);
    if (rel.startsWith("..")) return "(other)";
    // Our code runs compiled, from dist/<folder>/: named by the folder of its source.
    const parts = rel.split(path.sep);
    return `ours: ${parts[0] === "dist" && parts.length > 2 ? parts[1] : parts[0]}/`;
}

/** Self time per owner, in ms, largest first. */
export function selfTimeByOwner(profile: CpuProfile, projectDir: string): Array<[string, number]> {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const totals = new Map<string, number>();
    profile.samples.forEach((id, i) => {
        const node = byId.get(id);
        const key = node ? owner(node.callFrame.url, projectDir) : "(unknown)";
        totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    });
    return [...totals.entries()].sort((a, b) => b[1] - a[1]);
}

/** Self time per function of our own code (file:function), largest first. */
export function oursByFunction(profile: CpuProfile, projectDir: string, top = 15): Array<[string, number]> {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const totals = new Map<string, number>();
    profile.samples.forEach((id, i) => {
        const node = byId.get(id);
        if (!node || !owner(node.callFrame.url, projectDir).startsWith("ours")) return;
        const key = `${path.relative(projectDir, node.callFrame.url.replace(/^file:\/\//, ""))}:${node.callFrame.functionName || "(anonymous)"}`;
        totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    });
    return [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
}

/** `node dist/tools/bench/profile.js <file.cpuprofile>...`: self time by owner (ours, the SDK, providers, node). */
if (require.main === module) {
    const projectDir = projectRoot();
    for (const file of process.argv.slice(2)) {
        const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
        const rows = selfTimeByOwner(profile, projectDir);
        const total = rows.reduce((a, [, ms]) => a + ms, 0);
        console.log(`${file}: ${total.toFixed(0)} ms sampled`);
        for (const [k, ms] of rows.slice(0, 14)) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${k}`);
        console.log("  our code, by function:");
        for (const [k, ms] of oursByFunction(profile, projectDir)) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${k}`);
    }
}
