/** Tuning of the linker; every field has a default (DEFAULT_LINKER_OPTIONS). */
export interface LinkerOptions {
  /** An article up to this many days before an event phase can be about it (previews). */
  windowBeforeDays: number;
  /** An article up to this many days after an event phase can be about it (coverage, reviews). */
  windowAfterDays: number;
  /** Links below this confidence are not returned. */
  minConfidence: number;
  /** Link articles published after an event's window when they read as a look back at it. */
  retrospectives: boolean;
  /** Evidence kept per link, so a long article does not bloat its stored links. */
  maxEvidence: number;
}

export const DEFAULT_LINKER_OPTIONS: Readonly<LinkerOptions> = Object.freeze({
  windowBeforeDays: 30,
  windowAfterDays: 120,
  minConfidence: 0.5,
  retrospectives: true,
  maxEvidence: 5,
});

/** Thrown by createLinker for options outside their range. */
export class LinkerOptionsError extends Error {
  readonly code = "LINKER_OPTIONS_INVALID";
}

export function resolveLinkerOptions(options: Partial<LinkerOptions> = {}): LinkerOptions {
  const resolved = { ...DEFAULT_LINKER_OPTIONS, ...options };
  const wholeDays = (name: keyof LinkerOptions, value: number) => {
    if (!Number.isInteger(value) || value < 0) throw new LinkerOptionsError(`${name}: expected whole days >= 0`);
  };
  wholeDays("windowBeforeDays", resolved.windowBeforeDays);
  wholeDays("windowAfterDays", resolved.windowAfterDays);
  if (!(resolved.minConfidence >= 0 && resolved.minConfidence <= 1)) {
    throw new LinkerOptionsError("minConfidence: expected a number from 0 to 1");
  }
  if (!Number.isInteger(resolved.maxEvidence) || resolved.maxEvidence < 1) {
    throw new LinkerOptionsError("maxEvidence: expected a whole number >= 1");
  }
  return resolved;
}
