// `npm run releases`: a stack's release and promotion histories as a table (or JSON). Pure formatting here.
import {
    promotionHistorySchema, readOwnHistory, releaseHistorySchema, PROMOTION_HISTORY_OUTPUT, RELEASE_HISTORY_OUTPUT,
    type PromotionRecord, type ReleaseHistory,
} from "../../stacks/delivery/releaseHistory";

export interface StackHistories {
    readonly releases?: ReleaseHistory;
    readonly promotions?: readonly PromotionRecord[];
    /** The release the stack runs now, when it promotes. */
    readonly promotedRelease?: string;
    readonly promotedFrom?: string;
}

/** The histories in a stack's outputs; throws naming the output when one is malformed. */
export function historiesOf(outputs: Readonly<Record<string, unknown>>): StackHistories {
    const releases = readOwnHistory(outputs[RELEASE_HISTORY_OUTPUT], releaseHistorySchema);
    const promotions = readOwnHistory(outputs[PROMOTION_HISTORY_OUTPUT], promotionHistorySchema);
    const problems = [[RELEASE_HISTORY_OUTPUT, releases.problem], [PROMOTION_HISTORY_OUTPUT, promotions.problem]].filter(([, p]) => p !== undefined);
    if (problems.length > 0) throw new Error(problems.map(([k, p]) => `output ${k} is malformed: ${p}`).join("\n"));
    return {
        ...(releases.value ? { releases: releases.value } : {}),
        ...(promotions.value ? { promotions: promotions.value } : {}),
        ...(typeof outputs.promotedRelease === "string" ? { promotedRelease: outputs.promotedRelease } : {}),
        ...(typeof outputs.promotedFrom === "string" ? { promotedFrom: outputs.promotedFrom } : {}),
    };
}

function table(rows: string[][]): string[] {
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join("  ").trimEnd());
}

/** Human-readable lines: the verified releases (newest first, `latest`/`previous` marked), then the promotions. */
export function formatHistories(stack: string, h: StackHistories): string[] {
    const lines: string[] = [];
    if (h.releases === undefined && h.promotions === undefined) {
        return [`stack ${stack}: no release history (it has not been updated by a platform program that records one)`];
    }
    if (h.releases !== undefined) {
        lines.push(`stack ${stack}: ${h.releases.releases.length} verified release(s), newest first (promotion.release: latest | previous | <id>)`);
        const rows = [["", "ID", "VERIFIED AT", "APPS"]];
        h.releases.releases.forEach((r, i) => rows.push([
            i === 0 ? "latest" : i === 1 ? "previous" : "",
            r.id,
            r.verifiedAt,
            Object.entries(r.apps).map(([app, a]) => `${app} ${a.version} (${a.strategy})`).join(", "),
        ]));
        lines.push(...table(rows).map((l) => `  ${l}`));
    }
    if (h.promotions !== undefined) {
        if (lines.length > 0) lines.push("");
        const now = h.promotedRelease !== undefined ? `, running ${h.promotedRelease}` : "";
        lines.push(`stack ${stack}: ${h.promotions.length} promotion(s) from ${h.promotedFrom ?? h.promotions[0]?.source ?? "its source"}${now}, newest first`);
        const rows = [["RELEASE", "PROMOTED AT", "MESSAGE"]];
        for (const p of h.promotions) rows.push([p.release, p.promotedAt, p.message ?? ""]);
        lines.push(...table(rows).map((l) => `  ${l}`));
    }
    return lines;
}
