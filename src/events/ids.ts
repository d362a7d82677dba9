/**
 * Client-chosen ids (disclosureId, memberId, requestId, …; api.md "Commands"): 1–128 characters of [A-Za-z0-9._:-].
 * Event ids are built from them (`disclosure:{id}`), so the pattern is part of the durable schema; every validator,
 * path pipe and query filter takes it from here.
 */
export const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** What a caller is told when an id does not follow the pattern. */
export const ID_RULE = 'must be 1 to 128 characters of A-Z a-z 0-9 . _ : -';

export const isLedgerId = (value: unknown): value is string => typeof value === 'string' && ID_PATTERN.test(value);
