import { InvalidArgumentError } from 'commander';

/** A commander option parser for a whole number from `low` to `high`; anything else is refused, naming the option. */
export function wholeNumber(name: string, low: number, high: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < low || n > high)
      throw new InvalidArgumentError(`${name} must be a whole number from ${low} to ${high}`);
    return n;
  };
}
