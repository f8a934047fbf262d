// Entry of the CrossGuard pack (compiled to bin/index.js). It imports only @pulumi/policy and the
// rule modules, never a cloud SDK, so the analyzer starts as fast as an empty pack.
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./rules";

new PolicyPack("platform-policies", { policies });
