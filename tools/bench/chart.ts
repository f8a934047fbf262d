/** A named series of (x, y) points. */
export interface Series {
    readonly name: string;
    readonly color: string;
    readonly points: ReadonlyArray<readonly [number, number]>;
    /** Dashed line (reference series such as the floor). */
    readonly dashed?: boolean;
}

export interface Plot {
    readonly title: string;
    readonly yLabel: string;
    readonly series: readonly Series[];
    /** Horizontal target line. */
    readonly target?: { readonly y: number; readonly label: string };
}

const W = 420;
const H = 300;
const M = { left: 64, right: 16, top: 36, bottom: 48 };

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** About five round tick values from 0 to at least `max`. */
export function ticks(max: number): number[] {
    const raw = max / 5;
    const mag = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
    const out: number[] = [];
    for (let v = 0; v <= max + step * 0.999; v += step) out.push(Number(v.toPrecision(12)));
    return out;
}

/** One line plot at horizontal offset `dx`, x axis = N. */
function plot(p: Plot, dx: number, xs: readonly number[]): string {
    const ys = p.series.flatMap((s) => s.points.map(([, y]) => y)).concat(p.target ? [p.target.y] : []);
    const yTicks = ticks(Math.max(...ys, 1));
    const yMax = yTicks[yTicks.length - 1];
    const xMax = Math.max(...xs);
    const px = (x: number) => dx + M.left + (x / xMax) * (W - M.left - M.right);
    const py = (y: number) => M.top + (1 - y / yMax) * (H - M.top - M.bottom);
    const parts: string[] = [];
    parts.push(`<text x="${dx + W / 2}" y="20" text-anchor="middle" font-weight="bold">${esc(p.title)}</text>`);
    for (const t of yTicks) {
        parts.push(`<line x1="${px(0)}" x2="${px(xMax)}" y1="${py(t)}" y2="${py(t)}" stroke="#e5e5e5"/>`);
        parts.push(`<text x="${px(0) - 6}" y="${py(t) + 4}" text-anchor="end">${t}</text>`);
    }
    for (const x of [0, ...xs]) parts.push(`<text x="${px(x)}" y="${H - M.bottom + 16}" text-anchor="middle">${x}</text>`);
    parts.push(`<line x1="${px(0)}" x2="${px(xMax)}" y1="${py(0)}" y2="${py(0)}" stroke="#333"/>`);
    parts.push(`<line x1="${px(0)}" x2="${px(0)}" y1="${py(0)}" y2="${py(yMax)}" stroke="#333"/>`);
    parts.push(`<text x="${dx + (M.left + W - M.right) / 2}" y="${H - 10}" text-anchor="middle">apps (N)</text>`);
    parts.push(`<text transform="translate(${dx + 16} ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(p.yLabel)}</text>`);
    if (p.target) {
        parts.push(`<line x1="${px(0)}" x2="${px(xMax)}" y1="${py(p.target.y)}" y2="${py(p.target.y)}" stroke="#c0392b" stroke-dasharray="2 3"/>`);
        parts.push(`<text x="${px(xMax)}" y="${py(p.target.y) - 4}" text-anchor="end" fill="#c0392b">${esc(p.target.label)}</text>`);
    }
    p.series.forEach((s, i) => {
        const pts = s.points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(" ");
        parts.push(`<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`);
        for (const [x, y] of s.points) parts.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${s.color}"/>`);
        const ly = M.top + 4 + i * 16;
        parts.push(`<line x1="${px(0) + 10}" x2="${px(0) + 28}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`);
        parts.push(`<text x="${px(0) + 32}" y="${ly + 4}">${esc(s.name)}</text>`);
    });
    return parts.join("\n");
}

/** Two plots side by side (e.g. wall time and peak RSS against N) as a standalone SVG document. */
export function chartSvg(plots: readonly [Plot, Plot], xs: readonly number[], caption: string): string {
    const height = H + 22;
    return [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${height}" viewBox="0 0 ${2 * W} ${height}" font-family="sans-serif" font-size="12">`,
        `<rect width="100%" height="100%" fill="#fff"/>`,
        plot(plots[0], 0, xs),
        plot(plots[1], W, xs),
        `<text x="${W}" y="${height - 6}" text-anchor="middle" fill="#555">${esc(caption)}</text>`,
        `</svg>`,
        "",
    ].join("\n");
}
