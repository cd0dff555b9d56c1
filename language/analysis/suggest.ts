// "Did you mean": closest names by edit distance.

export function editDistance(a: string, b: string): number {
    const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = previous[0];
        previous[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = previous[j];
            const cost = a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1;
            previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + cost);
            diagonal = above;
        }
    }
    return previous[b.length];
}

/** Up to `max` candidates close to `name`, best first. */
export function closest(name: string | undefined, candidates: Iterable<string>, max = 3): string[] {
    if (!name) return [];
    const limit = Math.max(2, Math.floor(name.length / 3));
    return [...new Set(candidates)].filter(candidate => typeof candidate === 'string')
        .map(candidate => ({ candidate, distance: editDistance(name, candidate) }))
        .filter(({ candidate, distance }) => distance <= limit
            || candidate.toLowerCase().startsWith(name.toLowerCase()) || name.toLowerCase().startsWith(candidate.toLowerCase()))
        .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
        .slice(0, max)
        .map(({ candidate }) => candidate);
}

/** "; did you mean `a` or `b`?" or "". */
export function didYouMean(suggestions: readonly string[]): string {
    if (suggestions.length === 0) return '';
    const quoted = suggestions.map(s => `\`${s}\``);
    return `; did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`}?`;
}
