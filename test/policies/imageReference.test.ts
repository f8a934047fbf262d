// One image reference parser for the schema, the program, the gate components and the pack, tested with the
// reference grammar's own test values: the table of TestReferenceParse in github.com/distribution/reference
// v0.6.0 (inputs and the parts it expects, or that it fails), not values chosen to agree with us.
import * as assert from "assert";
import { imagePinned } from "../../policies/kubernetes/imagePinned";
import { parseImageReference, sha256Digest } from "../../policies/lib/imageReference";
import { imageRef } from "../../stacks/schema/common";
import { workloadOf, secureDeployment } from "./fixtures";
import { runResource } from "./harness";

const F64 = "f".repeat(64);
const F128 = "f".repeat(128);

/** [input, { domain?, repository, tag?, digest? }] for valid references; [input, undefined] for invalid ones. */
const TABLE: Array<[string, { domain?: string; repository: string; tag?: string; digest?: string } | undefined]> = [
    ["test_com", { repository: "test_com" }],
    ["test.com:tag", { repository: "test.com", tag: "tag" }],
    ["test.com:5000", { repository: "test.com", tag: "5000" }],
    ["test.com/repo:tag", { domain: "test.com", repository: "test.com/repo", tag: "tag" }],
    ["test:5000/repo", { domain: "test:5000", repository: "test:5000/repo" }],
    ["test:5000/repo:tag", { domain: "test:5000", repository: "test:5000/repo", tag: "tag" }],
    [`test:5000/repo@sha256:${F64}`, { domain: "test:5000", repository: "test:5000/repo", digest: `sha256:${F64}` }],
    [`test:5000/repo:tag@sha256:${F64}`, { domain: "test:5000", repository: "test:5000/repo", tag: "tag", digest: `sha256:${F64}` }],
    ["", undefined],
    [":justtag", undefined],
    [`@sha256:${F64}`, undefined],
    ["repo@sha256:ffffffffffffffffffffffffffffffffff", undefined],
    [`validname@invaliddigest:${F64}`, undefined],
    ["Uppercase:tag", undefined],
    ["test:5000/Uppercase/lowercase:tag", undefined],
    ["lowercase:Uppercase", { repository: "lowercase", tag: "Uppercase" }],
    [`domain/${"a".repeat(256)}:tag`, undefined],
    [`${"a/".repeat(127)}a:tag-puts-this-over-max`, { domain: "a", repository: `${"a/".repeat(127)}a`, tag: "tag-puts-this-over-max" }],
    ["aa/asdf$$^/aa", undefined],
    ["sub-dom1.foo.com/bar/baz/quux", { domain: "sub-dom1.foo.com", repository: "sub-dom1.foo.com/bar/baz/quux" }],
    ["sub-dom1.foo.com/bar/baz/quux:some-long-tag", { domain: "sub-dom1.foo.com", repository: "sub-dom1.foo.com/bar/baz/quux", tag: "some-long-tag" }],
    ["b.gcr.io/test.example.com/my-app:test.example.com", { domain: "b.gcr.io", repository: "b.gcr.io/test.example.com/my-app", tag: "test.example.com" }],
    ["xn--n3h.com/myimage:xn--n3h.com", { domain: "xn--n3h.com", repository: "xn--n3h.com/myimage", tag: "xn--n3h.com" }],
    [`xn--7o8h.com/myimage:xn--7o8h.com@sha512:${F128}`, { domain: "xn--7o8h.com", repository: "xn--7o8h.com/myimage", tag: "xn--7o8h.com", digest: `sha512:${F128}` }],
    ["foo_bar.com:8080", { repository: "foo_bar.com", tag: "8080" }],
    ["foo/foo_bar.com:8080", { domain: "foo", repository: "foo/foo_bar.com", tag: "8080" }],
    ["192.168.1.1", { repository: "192.168.1.1" }],
    ["192.168.1.1:tag", { repository: "192.168.1.1", tag: "tag" }],
    ["192.168.1.1:5000", { repository: "192.168.1.1", tag: "5000" }],
    ["192.168.1.1/repo", { domain: "192.168.1.1", repository: "192.168.1.1/repo" }],
    ["192.168.1.1:5000/repo", { domain: "192.168.1.1:5000", repository: "192.168.1.1:5000/repo" }],
    ["192.168.1.1:5000/repo:5050", { domain: "192.168.1.1:5000", repository: "192.168.1.1:5000/repo", tag: "5050" }],
    ["[2001:db8::1]", undefined],
    ["[2001:db8::1]:5000", undefined],
    ["[2001:db8::1]:tag", undefined],
    ["[2001:db8::1]/repo", { domain: "[2001:db8::1]", repository: "[2001:db8::1]/repo" }],
    ["[2001:db8:1:2:3:4:5:6]/repo:tag", { domain: "[2001:db8:1:2:3:4:5:6]", repository: "[2001:db8:1:2:3:4:5:6]/repo", tag: "tag" }],
    ["[2001:db8::1]:5000/repo", { domain: "[2001:db8::1]:5000", repository: "[2001:db8::1]:5000/repo" }],
    ["[2001:db8::1]:5000/repo:tag", { domain: "[2001:db8::1]:5000", repository: "[2001:db8::1]:5000/repo", tag: "tag" }],
    [`[2001:db8::1]:5000/repo@sha256:${F64}`, { domain: "[2001:db8::1]:5000", repository: "[2001:db8::1]:5000/repo", digest: `sha256:${F64}` }],
    [`[2001:db8::1]:5000/repo:tag@sha256:${F64}`, { domain: "[2001:db8::1]:5000", repository: "[2001:db8::1]:5000/repo", tag: "tag", digest: `sha256:${F64}` }],
    ["[2001:db8::]:5000/repo", { domain: "[2001:db8::]:5000", repository: "[2001:db8::]:5000/repo" }],
    ["[::1]:5000/repo", { domain: "[::1]:5000", repository: "[::1]:5000/repo" }],
    ["[fe80::1%eth0]:5000/repo", undefined],
    ["[fe80::1%@invalidzone]:5000/repo", undefined],
    [`example.com/${"a".repeat(255)}:tag`, { domain: "example.com", repository: `example.com/${"a".repeat(255)}`, tag: "tag" }],
];

describe("image references (the distribution grammar's own test values)", () => {
    for (const [input, expected] of TABLE) {
        it(`${expected === undefined ? "refuses" : "parses"} ${JSON.stringify(input.length > 60 ? `${input.slice(0, 57)}...` : input)}`, () => {
            assert.deepStrictEqual(parseImageReference(input), expected);
        });
    }

    it("the schema, the gate components and the pack read references alike: pinned means a sha256 digest", () => {
        const pinned = `ghcr.io/acme/api:1.2.3@sha256:${"a".repeat(64)}`;
        assert.strictEqual(sha256Digest(pinned), `sha256:${"a".repeat(64)}`);
        assert.strictEqual(sha256Digest(`ghcr.io/acme/api@sha512:${F128}`), undefined);
        assert.strictEqual(sha256Digest("ghcr.io/acme/api:1.2.3"), undefined);
        assert.ok(imageRef.safeParse(pinned).success);
        assert.deepStrictEqual(imageRef.safeParse(`ghcr.io/acme/api@sha512:${F128}`).error?.issues.map((i) => i.message), ["expected a sha256 digest (the digest the gates verify and the release records)"]);
        assert.deepStrictEqual(imageRef.safeParse("ghcr.io/Acme/api:1").error?.issues.map((i) => i.message),
            ["expected an image reference \"registry/repo:tag\" or \"registry/repo@sha256:<digest>\" (lower-case name, tag of at most 128 of [A-Za-z0-9_.-])"]);
        assert.deepStrictEqual(imageRef.safeParse("localhost:5000/api").error?.issues.map((i) => i.message), ["expected an image with a tag or a digest; an untagged image means \"latest\""]);
        assert.deepStrictEqual(imageRef.safeParse("ghcr.io/acme/api:latest").error?.issues.map((i) => i.message), ["expected a pinned tag or digest, not \"latest\""]);
    });

    it("the pack refuses an image it cannot read instead of guessing its tag", () => {
        const bad = workloadOf("kubernetes:apps/v1:Deployment", { ...secureDeployment.spec.template, spec: { ...secureDeployment.spec.template.spec, containers: [{ ...secureDeployment.spec.template.spec.containers[0], image: "ghcr.io/acme/API:1.0" }] } });
        assert.deepStrictEqual(runResource(imagePinned, "kubernetes:apps/v1:Deployment", bad).messages, ["container \"web\" image \"ghcr.io/acme/API:1.0\" is not a valid image reference"]);
    });
});
