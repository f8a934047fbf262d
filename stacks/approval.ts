// Approval before production, the program's side: when the deployment says where the approved release was written
// (deployments/releaseApproval.ts writes it from an ESC environment only approved change requests can update), the
// release being promoted must be exactly that one.
import * as fs from "node:fs";
import { RELEASE_ID } from "./delivery/releaseHistory";

/** Set by the control program in the promoted stack's deployment settings: the file holding the approved release id. */
export const APPROVAL_FILE_ENV_VAR = "PLATFORM_APPROVAL_FILE";
/** The key of the approved release id in the ESC environment. */
export const APPROVED_RELEASE_KEY = "approvedRelease";

/** The file's text, or undefined when it cannot be read. */
function readText(file: string): string | undefined {
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        return undefined;
    }
}

/**
 * Why the release may not be deployed, or undefined when it may. No approval file named (a run outside the
 * deployment that declares one): no approval is checked. Otherwise the file must hold exactly the chosen release's
 * id. Pure apart from reading `file`.
 */
export function approvalProblem(release: string | undefined, file: string | undefined, read: (file: string) => string | undefined = readText): string | undefined {
    if (file === undefined || file.trim() === "") return undefined;
    const how = `approve it with a change request on the release environment (pulumi env set <org>/<project>/<stack>-release ${APPROVED_RELEASE_KEY} <id> --draft, then another approver runs pulumi env approval approve)`;
    const text = read(file);
    if (text === undefined) return `platform:promotion.release: the deployment requires an approved release, but its approval file ${file} (${APPROVAL_FILE_ENV_VAR}) could not be read; nothing is deployed without one`;
    const approved = text.trim();
    if (release === undefined) return `platform:promotion.release: the deployment requires an approved release, and the source has no verified release to approve`;
    if (approved === "none" || approved === "") return `platform:promotion.release: expected release ${release} to be approved, found no approved release; ${how}`;
    if (!RELEASE_ID.test(approved)) return `platform:promotion.release: the approved release is not a release id ("r<n>-<8 hex>"), found ${JSON.stringify(approved.slice(0, 40))}; ${how}`;
    if (approved !== release) return `platform:promotion.release: expected the approved release ${approved}, found ${release}; set promotion.release to ${approved}, or ${how}`;
    return undefined;
}
