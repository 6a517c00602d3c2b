/**
 * The exit codes of `openvitale`, one per thing a caller can act on. Stable:
 * scripts at reception desks branch on them.
 */
export const EXIT = {
  /** Done. */
  OK: 0,
  /** A bug in openvitale: please report it with the message. */
  INTERNAL: 1,
  /** Bad usage: unknown command or option, bad value, bad config or trace file. */
  USAGE: 2,
  /** No card was inserted before the deadline (`--wait`). */
  NO_CARD: 3,
  /** The card is not a carte Vitale (a CPS, an unknown card, a contactless slot). */
  NOT_VITALE: 4,
  /** The card was removed during the read. */
  CARD_REMOVED: 5,
  /** No reader, or the reader service or library (pcscd, GALSS, the PC/SC library) is missing. */
  UNAVAILABLE: 6,
  /** Any other read failure: mute card, card refusal, timeout, reader held by another application. */
  READ_FAILED: 7,
  /** `doctor` found at least one failing check. */
  DOCTOR_FAILED: 8,
  /** The card is a Vitale 1: its data layout is not public, no person can be decoded (`--full` gives the raw dump as JSON or text). */
  LAYOUT_NOT_PUBLIC: 9,
  /** Interrupted (Ctrl-C, SIGTERM), as shells report 128 + SIGINT. */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The table printed by `openvitale --help` and the README. */
export const EXIT_TABLE: readonly (readonly [ExitCode, string])[] = [
  [EXIT.OK, 'done'],
  [EXIT.INTERNAL, 'internal error (a bug: please report it)'],
  [EXIT.USAGE, 'bad usage: unknown command or option, bad value, bad config/trace file, unwritable output'],
  [EXIT.NO_CARD, 'no card inserted before the deadline'],
  [EXIT.NOT_VITALE, 'the card is not a carte Vitale'],
  [EXIT.CARD_REMOVED, 'the card was removed during the read'],
  [EXIT.UNAVAILABLE, 'no reader, or reader service/library missing (pcscd, GALSS, the PC/SC library)'],
  [EXIT.READ_FAILED, 'other read failure (mute card, card refusal, timeout, reader held elsewhere)'],
  [EXIT.DOCTOR_FAILED, 'doctor: at least one check failed'],
  [EXIT.LAYOUT_NOT_PUBLIC, 'a Vitale 1 card: its data layout is not public, no person can be decoded'],
  [EXIT.INTERRUPTED, 'interrupted (Ctrl-C)'],
];
