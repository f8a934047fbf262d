import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The project's root: the nearest folder at or above `from` that holds Pulumi.yaml. The same answer
 * whether the code runs from its TypeScript sources or compiled under dist/, and in any checkout of the
 * project (the e2e suite copies it). Assets read at run time (gates/gate.js, stack files) are found here.
 */
export function projectRoot(from: string = __dirname): string {
    for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml")) && fs.existsSync(path.join(dir, "package.json"))) return dir;
        if (path.dirname(dir) === dir) throw new Error(`no Pulumi.yaml with a package.json above ${from}`);
    }
}
