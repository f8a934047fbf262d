// Kubernetes quantities follow apimachinery's grammar (k8s.io/apimachinery/pkg/api/resource), tested with
// the values of its own quantity_test.go (TestQuantityParse's table and its invalid list, v0.36.3) rather
// than values chosen to agree with us (#23, validators).
import * as assert from "node:assert/strict";
import { cpuQuantity, memoryQuantity, quantity } from "../../stacks/schema/common";

/** Valid in apimachinery's TestQuantityParse. */
const VALID = [
    "0", "0n", "0u", "0m", "0Ki", "0k", "0Mi", "0M", "0Gi", "0G", "0Ti", "0T", "1", "1Ki", "8Ki", "7Mi", "6Gi", "5Ti", "4Pi", "3Ei",
    "10Ti", "100Ti", "5n", "4u", "3m", "9", "8k", "50k", "7M", "6G", "5T", "40T", "300T", "2P", "1E", "1E-3", "1e3", "1E6", "1e9",
    "1E12", "1e15", "1E18", "1e14", "1e13", "100.035k", "0.001", "0.0005k", "0.005", "0.05", "0.5", "0.00050k", "0.00500", "0.05000",
    "0.50000", "0.5e0", "0.5e-1", "0.5e-2", "10.035M", "1.2e3", "1.3E+6", "1.40e9", "1.53E12", "1.6e15", "1.7E18", "9.01", "8.1k",
    "7.123456M", "6.987654321G", "5.444T", "40.1T", "300.2T", "2.5P", "1.01E", "3.001n", "1.1E-9", "0.0000000001", "0.0000000005",
    "0.00000000050", "0.5e-9", "0.9n", "0.00000012345", "0.00000012354", "9Ei", "9223372036854775807Ki", "12E", "100.035Ki", "0.5Mi",
    "0.05Gi", "0.025Ti", "0.000000000001Ki", ".001", ".0001k", "1.", "1.G",
];

/** Invalid in apimachinery's TestQuantityParse (its `invalid` list and the empty string), and the issue's `512K`. */
const INVALID = ["", "1.1.M", "1+1.0M", "0.1mi", "0.1am", "aoeu", ".5i", "1i", "-3.01i", "-3.01e-", " 1", "1 ", "512K", "1KI", "1 Mi", "1e", "1e+", "."];

describe("Kubernetes quantities (apimachinery's grammar)", () => {
    it("accepts every value apimachinery's own tests parse", () => {
        assert.deepEqual(VALID.filter((q) => quantity(q) === undefined), []);
        assert.deepEqual(VALID.filter((q) => !cpuQuantity.safeParse(q).success || !memoryQuantity.safeParse(q).success), []);
    });

    it("refuses every value apimachinery's own tests refuse, and 512K", () => {
        assert.deepEqual(INVALID.filter((q) => quantity(q) !== undefined), []);
        assert.equal(memoryQuantity.safeParse("512K").error?.issues[0].message,
            "expected a Kubernetes quantity such as \"256Mi\" or \"1Gi\" (a number and one suffix: Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or an exponent such as e3)");
    });

    it("refuses a negative quantity, which apimachinery parses but no resource may be", () => {
        for (const q of ["-1", "-250m", "+1"]) assert.equal(quantity(q), undefined, q);
    });

    it("computes values as the suffixes mean them", () => {
        const cases: Array<[string, number]> = [
            ["250m", 0.25], ["1", 1], ["512k", 512_000], ["1e3", 1000], ["1E-3", 0.001], ["1.3E+6", 1_300_000], ["5n", 5e-9], ["4u", 4e-6],
            ["1Ki", 1024], ["1Gi", 2 ** 30], ["1.5Gi", 1.5 * 2 ** 30], ["2P", 2e15], ["1E", 1e18], ["3Ei", 3 * 2 ** 60], [".5", 0.5], ["1.", 1], ["1.G", 1e9],
        ];
        assert.deepEqual(cases.filter(([q, v]) => quantity(q) !== v).map(([q]) => [q, quantity(q)]), []);
    });
});
