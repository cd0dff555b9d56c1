// The registry: lookup of component records by name and kind.
import type { ComponentKind, ComponentSpec } from './types.js';

export class Registry {
    private readonly byName = new Map<string, ComponentSpec[]>();

    constructor(components: readonly ComponentSpec[]) {
        for (const component of components) {
            const same = this.byName.get(component.name) ?? [];
            if (same.some(c => c.kind === component.kind)) {
                throw new Error(`registry: component '${component.name}' of kind '${component.kind}' is declared twice`);
            }
            same.push(component);
            this.byName.set(component.name, same);
        }
    }

    all(): ComponentSpec[] {
        return [...this.byName.values()].flat();
    }

    ofKinds(kinds: readonly ComponentKind[]): ComponentSpec[] {
        return this.all().filter(c => kinds.includes(c.kind));
    }

    /** The component called `name` among `kinds` (any kind when omitted). */
    find(name: string, kinds?: readonly ComponentKind[]): ComponentSpec | undefined {
        return this.byName.get(name)?.find(c => !kinds || kinds.includes(c.kind));
    }

    /** Every component named `name`, of any kind (a name may be, say, both a layer and a classifier). */
    named(name: string): readonly ComponentSpec[] {
        return this.byName.get(name) ?? [];
    }
}

/** Raised when a spec runs a component that the language knows but the runtime does not implement yet. */
export class ComponentNotImplementedError extends Error {
    constructor(readonly component: ComponentSpec) {
        super(`The ${component.kind} '${component.name}' is part of the language but not of the runtime yet: `
            + `this spec validates, but '${component.name}' cannot run until its implementation lands.`);
        this.name = 'ComponentNotImplementedError';
    }
}

/** Loads a component's runtime implementation, or fails with a message naming it. */
export async function buildComponent(component: ComponentSpec): Promise<unknown> {
    if (!component.build) throw new ComponentNotImplementedError(component);
    return component.build();
}
