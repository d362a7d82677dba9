/**
 * Integer helpers for tree sizes. Sizes go up to Number.MAX_SAFE_INTEGER, so these use arithmetic rather than
 * JavaScript's 32-bit bitwise operators.
 */
import { MerkleError } from './merkle-error.js';

/** Throws BAD_SIZE unless `value` is a non-negative safe integer. */
export function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new MerkleError('BAD_SIZE', `${name} must be a non-negative safe integer, got ${String(value)}`);
  }
}

/** The largest power of two smaller than n, for n > 1 (the split point k of RFC 9162 §2.1.1). */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The largest power of two not greater than n, for n >= 1. */
export function largestPowerOfTwoUpTo(n: number): number {
  let k = 1;
  while (k * 2 <= n) k *= 2;
  return k;
}

export function isPowerOfTwo(n: number): boolean {
  return n >= 1 && largestPowerOfTwoUpTo(n) === n;
}

/** log2 of a power of two. */
export function levelOf(powerOfTwo: number): number {
  let level = 0;
  for (let k = 1; k < powerOfTwo; k *= 2) level += 1;
  return level;
}

/** Least significant bit, and a one-bit right shift, for safe integers (RFC 9162 §2.1.3.2 / §2.1.4.2). */
export function lsb(n: number): boolean {
  return n % 2 === 1;
}

export function shiftRight(n: number): number {
  return Math.floor(n / 2);
}
