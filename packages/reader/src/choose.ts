import { matchName, quote, type ReaderState } from '@openvitale/transport';
import { type CardKind, describeKind, kindFromAtr } from './detect.js';
import { ReadError } from './errors.js';

/** What one reader holds, for a person choosing where to put the card. */
export interface SlotReport {
  readonly reader: string;
  /** `held`: another application holds the reader, its card can be neither seen nor read now. */
  readonly kind: CardKind | 'empty' | 'held';
  readonly description: string;
}

export interface ReaderChoice {
  /** The reader to read, or `null` when none holds a card to try yet. */
  readonly reader: string | null;
  readonly slots: readonly SlotReport[];
  /** Held readers the card may be in (the one named, or any for `auto`): why none could be chosen. */
  readonly held: readonly SlotReport[];
}

/**
 * Chooses the reader to read (docs/domain/vitale-card.md §6): never by order or name
 * alone. `auto` takes the reader whose card's ATR is a Vitale card's, else
 * one holding an unknown card in a contact slot (a maker's new ATR, to be
 * confirmed by SELECT); it passes over CPS cards, contactless slots and
 * readers another application holds. Any other selector names a reader by
 * `matchName`: its name or an alias, exactly, else a unique part; a part
 * matching several readers is an error listing them.
 */
export function chooseReader(states: readonly ReaderState[], selector = 'auto'): ReaderChoice {
  const slots = states.map(report);
  const heldOf = (names: readonly string[]) =>
    slots.filter((s) => s.kind === 'held' && names.includes(s.reader));
  if (selector !== 'auto') {
    const named = byName(states, selector);
    const free = named?.card && named.heldBy === undefined ? named : undefined;
    return { reader: free?.name ?? null, slots, held: heldOf(named ? [named.name] : []) };
  }
  const withCard = (kinds: readonly CardKind[]) =>
    slots.find((s) => (kinds as readonly string[]).includes(s.kind));
  const chosen = withCard(['vitale-2', 'vitale-1']) ?? withCard(['unknown']);
  return { reader: chosen?.reader ?? null, slots, held: heldOf(states.map((s) => s.name)) };
}

/** The reader a non-`auto` selector names; throws when it names several. */
function byName(states: readonly ReaderState[], selector: string): ReaderState | undefined {
  const matches = matchName(states, selector);
  if (matches.length > 1) {
    throw new ReadError(
      'NO_READER',
      'choose-reader',
      `${quote(selector)} matches several readers (${names(matches)})`,
      {
        action: 'give more of the name',
      },
    );
  }
  return matches[0];
}

/**
 * Checks a selector against the readers there are, for a caller that
 * would otherwise wait for ever on a reader that does not exist: `auto`
 * always passes; an empty selector, one that matches no reader, or one that
 * matches several is a `NO_READER` error naming the readers; `action` says
 * what to do when none matches.
 */
export function checkSelector(
  states: readonly ReaderState[],
  selector: string,
  action = 'give one of these names or a unique part of one',
): void {
  if (selector === 'auto') return;
  if (selector === '') {
    throw new ReadError('NO_READER', 'choose-reader', 'An empty reader name names no reader', {
      action: 'give a reader name, a part of one, or auto',
    });
  }
  if (byName(states, selector) === undefined) {
    const present = states.length === 0 ? 'no reader is connected' : `readers present: ${names(states)}`;
    throw new ReadError('NO_READER', 'choose-reader', `No reader matches ${quote(selector)}; ${present}`, {
      action,
    });
  }
}

function names(states: readonly ReaderState[]): string {
  return states.map((s) => quote(s.name)).join(', ');
}

function report(state: ReaderState): SlotReport {
  if (state.heldBy !== undefined) {
    const by = state.heldBy ? quote(state.heldBy) : 'another application';
    return { reader: state.name, kind: 'held', description: `held by ${by}` };
  }
  if (!state.card) return { reader: state.name, kind: 'empty', description: 'is empty' };
  const kind = kindFromAtr(state.card.atr);
  return { reader: state.name, kind, description: `holds ${describeKind(kind, state.card.atr)}` };
}

/** One sentence on every reader, for the error when no Vitale card came. */
export function describeSlots(slots: readonly SlotReport[]): string {
  return slots.map((s) => `${quote(s.reader)} ${s.description}`).join('; ');
}
