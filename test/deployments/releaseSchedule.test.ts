// #22 scheduled releases: production's release schedule is derived from its maintenance window, and every firing
// falls inside the window, for every window the schema accepts. A property test over generated windows (days,
// times, crossing midnight), the firings enumerated with croner (a maintained cron library, not ours).
import * as assert from "node:assert/strict";
import { Cron } from "croner";
import { stackMaintenanceWindow, windowOpeningCron } from "../../deployments/releaseSchedule";
import { isInsideWindow, parseMaintenanceWindow, type MaintenanceWindow } from "../../stacks/delivery/maintenanceWindow";
import { repoRoot } from "../support/plan";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

/** A small deterministic PRNG (mulberry32), so a failure names a window that reproduces. */
function prng(seed: number): () => number {
    let a = seed;
    return () => {
        a = (a + 0x6d2b79f5) | 0;
        let t = Math.imul(a ^ (a >>> 15), 1 | a);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** A window text the schema accepts: some days (or every day), a start, a length of 1 min to 18 h. */
function randomWindow(random: () => number): string {
    const days = DAYS.filter(() => random() < 0.4);
    const start = Math.floor(random() * 1440);
    const length = 1 + Math.floor(random() * 1080);
    const endMinute = start + length;
    const end = endMinute === 1440 ? "24:00" : hhmm(endMinute % 1440);
    return `${days.length > 0 && days.length < 7 ? `${days.join(",")} ` : ""}${hhmm(start)}-${end} UTC`;
}

/** Every firing of `cron` in the three weeks after `from`. */
function firings(cron: string, from: Date): Date[] {
    const job = new Cron(cron, { paused: true, timezone: "UTC", mode: "5-part" });
    const end = from.getTime() + 21 * 86_400_000;
    const out: Date[] = [];
    for (let next = job.nextRun(from); next !== null && next.getTime() < end; next = job.nextRun(next)) out.push(next);
    return out;
}

describe("production's release schedule comes from its maintenance window (#22)", () => {
    it("every firing falls inside the window, and every opening has one, for 500 generated windows", () => {
        const random = prng(20261208);
        const from = new Date("2027-03-01T00:00:00Z");
        for (let i = 0; i < 500; i++) {
            const text = randomWindow(random);
            const window = parseMaintenanceWindow(text);
            assert.equal(typeof window, "object", `${text}: ${String(window)}`);
            const w = window as MaintenanceWindow;
            const fired = firings(windowOpeningCron(w), from);
            const outside = fired.filter((f) => !isInsideWindow(w, f));
            assert.deepEqual(outside.map((f) => f.toISOString()), [], text);
            const openings = Array.from({ length: 21 }, (_, d) => new Date(from.getTime() + d * 86_400_000)).filter((day) => w.days === undefined || w.days.has(day.getUTCDay())).length;
            assert.equal(fired.length, openings, text);
        }
    });

    it("reads the window from production's stack file: a release merged on Monday at 14:00 deploys at 22:00 that day", () => {
        const window = stackMaintenanceWindow(repoRoot, "production")!;
        assert.equal(window.text, "Mon-Thu 22:00-23:00 UTC");
        assert.equal(windowOpeningCron(window), "0 22 * * 1,2,3,4");
        const merged = new Date("2027-03-01T14:00:00Z"); // a Monday
        assert.equal(new Cron(windowOpeningCron(window), { paused: true, timezone: "UTC" }).nextRun(merged)!.toISOString(), "2027-03-01T22:00:00.000Z");
        const friday = new Date("2027-03-05T14:00:00Z");
        assert.equal(new Cron(windowOpeningCron(window), { paused: true, timezone: "UTC" }).nextRun(friday)!.toISOString(), "2027-03-08T22:00:00.000Z", "Friday's release waits for Monday's window");
        assert.equal(stackMaintenanceWindow(repoRoot, "staging"), undefined);
    });
});
