import * as os from "node:os";
import type { Command, Sample } from "./measure";

export interface Measured {
    readonly id: string;
    readonly command: Command;
}

/** The order of round `round` (0-based): every case once, starting one case further on each round. */
export function rotation<T>(cases: readonly T[], round: number): T[] {
    if (cases.length === 0) return [];
    const start = round % cases.length;
    return [...cases.slice(start), ...cases.slice(0, start)];
}

export interface RoundsResult {
    readonly samples: Map<string, Sample[]>;
    /** The 1-minute load average when each round ended: how busy the machine was meanwhile. */
    readonly load: number[];
}

/**
 * Runs every case `rounds` times in rotating rounds (each round runs every case once, starting one case
 * further on), so that drift in the machine's load and order effects (a case always running after the
 * heaviest one) spread over all cases.
 */
export async function runRounds(cases: readonly Measured[], rounds: number, run: (c: Command) => Promise<Sample>, label: string): Promise<RoundsResult> {
    const samples = new Map<string, Sample[]>(cases.map((c) => [c.id, []]));
    const load: number[] = [];
    for (let round = 0; round < rounds; round++) {
        process.stdout.write(`${label} round ${round + 1}/${rounds}:`);
        for (const c of rotation(cases, round)) {
            samples.get(c.id)?.push(await run(c.command));
            process.stdout.write(".");
        }
        load.push(os.loadavg()[0]);
        process.stdout.write(` load ${load[load.length - 1].toFixed(2)}\n`);
    }
    return { samples, load };
}
