import * as pulumi from "@pulumi/pulumi";
import type { AppDeployment } from "./appDeployment";
import { sameImage, type TrackImage } from "./tracks";

/** What a frozen track is, for its messages: e.g. `storefront: blue is live`. */
export interface FrozenTrackRole {
    /** "storefront: blue is live" */
    readonly what: string;
    /** How a new image reaches it through a gate, e.g. "put it on green, let its smoke gate pass, then switch activeColor". */
    readonly howImage: string;
    /** Where the rest of a pod-template change (env, resources, probes) goes meanwhile. */
    readonly howTemplate: string;
}

/**
 * The check of a track that runs under live traffic with `freeze`: the engine keeps its pods as they are,
 * so a configured image other than the one they run would be a claim about pods that never ran. That fails
 * the update, naming the track and how the image gets there instead; a pending change of the rest of the
 * pod template is only reported. Resolves (true) once checked; unknown while the track is being created.
 */
export function checkFrozenTrack(track: Pick<AppDeployment, "runningImage" | "runningTemplateHash" | "templateHash">, configured: TrackImage, role: FrozenTrackRole, on?: pulumi.Resource): pulumi.Output<boolean> {
    return pulumi.all([track.runningImage, track.runningTemplateHash]).apply(([image, template]) => {
        if (image !== undefined && !sameImage(image, configured.image)) {
            throw new pulumi.RunError(`${role.what} and runs ${image}: it does not take ${configured.image} in place; ${role.howImage}`);
        }
        if (template !== track.templateHash) {
            void pulumi.log.warn(`${role.what}: its pods keep the template they run (env, resources, probes wait: ${role.howTemplate})`, on);
        }
        return true;
    });
}

/** `value`, once `checked` resolved during an update; as it is during a preview or without a check. */
export function afterCheck<T>(value: T, checked: pulumi.Output<boolean> | undefined): pulumi.Input<T> {
    return checked === undefined || pulumi.runtime.isDryRun() ? value : checked.apply(() => value);
}
