/** Why a key, note or checkpoint was refused; `code` is stable, `message` says what was wrong and where. */
export type SignedNoteErrorCode =
  | 'BAD_KEY' // a key name, signing key or verifier key that does not follow c2sp.org/signed-note
  | 'MALFORMED_NOTE' // note framing: text, blank line, signature lines, characters
  | 'MALFORMED_CHECKPOINT' // c2sp.org/tlog-checkpoint body: origin, canonical size, 32-byte base64 root
  | 'UNKNOWN_KEY' // no signature line from the verifier's (key name, key ID)
  | 'BAD_SIGNATURE'; // a signature line from the verifier's key that does not verify

export class SignedNoteError extends Error {
  constructor(
    readonly code: SignedNoteErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SignedNoteError';
  }
}
