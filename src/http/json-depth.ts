/**
 * How deep a parsed JSON body nests. Every request body the ledger accepts nests a handful of levels (a batch item's
 * legal basis is four); a body nested thousands of levels deep is refused before validation walks it recursively
 * (which would overflow the stack and answer 500).
 */
export const MAX_BODY_DEPTH = 32;

/** True when `value` has arrays or objects nested more than `max` levels (walked iteratively: any depth is safe). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
