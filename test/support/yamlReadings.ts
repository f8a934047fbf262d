// How the Pulumi CLI (v3.276.0, built here) reads plain YAML values in a stack file, measured with
// `pulumi config --json`; the offline plan's unit test and the e2e check against the CLI share these tables.

/** [plain value, what the CLI passes to the program] for values both read alike. */
export const SAME: Array<[string, unknown]> = [
    ["on", "on"], ["yes", "yes"], ["off", "off"], ["1:20", "1:20"], ["0x1F", 31], ["0o17", 15], [".5", 0.5], ["1e3", 1000], ["+12", 12], ["~", null], ["14", 14], ["0", 0], ["09", 9],
];
/** Plain values the CLI reads another way than YAML 1.2 (the CLI's reading after the arrow). */
export const DIFFERENT: Array<[string, unknown]> = [
    ["014", 12], ["-014", -12], ["1_000", 1000], ["1_000.5", 1000.5], ["0x_1F", 31], ["0b101", 5], ["2001-12-14", "2001-12-14 00:00:00 +0000 UTC"],
];
