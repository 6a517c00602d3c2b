import type { ReaderState } from '@openvitale/transport';
import { type CardKind, describeKind, kindFromAtr } from './detect.js';
import { ReadError } from './errors.js';

/** What one reader holds, for a person choosing where to put the card. */
export interface SlotReport {
  readonly reader: string;
  readonly kind: CardKind | 'empty';
  readonly description: string;
}

export interface ReaderChoice {
  /** The reader to read, or `null` when none holds a card to try yet. */
  readonly reader: string | null;
  readonly slots: readonly SlotReport[];
}

/**
 * Chooses the reader to read (docs/domain/vitale-card.md §6): never by order or name
 * alone. `auto` takes the reader whose card's ATR is a Vitale card's, else
 * one holding an unknown card in a contact slot (a maker's new ATR, to be
 * confirmed by SELECT); it passes over CPS cards and contactless slots.
 * Any other selector names a reader exactly or by a unique part of its
 * name; a part matching several readers is an error listing them.
 */
export function chooseReader(states: readonly ReaderState[], selector = 'auto'): ReaderChoice {
  const slots = states.map(report);
  if (selector !== 'auto') return { reader: byName(states, selector)?.name ?? null, slots };
  const withCard = (kinds: readonly CardKind[]) =>
    slots.find((s) => (kinds as readonly string[]).includes(s.kind));
  const chosen = withCard(['vitale-2', 'vitale-1']) ?? withCard(['unknown']);
  return { reader: chosen?.reader ?? null, slots };
}

/** The reader a non-`auto` selector names, when it holds a card; throws when it names several. */
function byName(states: readonly ReaderState[], selector: string): ReaderState | undefined {
  const exact = states.find((s) => s.name === selector);
  const matches = exact
    ? [exact]
    : states.filter((s) => s.name.toLowerCase().includes(selector.toLowerCase()));
  if (matches.length > 1) {
    const names = matches.map((s) => `"${s.name}"`).join(', ');
    throw new ReadError(
      'NO_READER',
      'choose-reader',
      `"${selector}" matches several readers (${names}): give more of the name`,
    );
  }
  return matches[0]?.card ? matches[0] : undefined;
}

function report(state: ReaderState): SlotReport {
  if (!state.card) return { reader: state.name, kind: 'empty', description: 'empty' };
  const kind = kindFromAtr(state.card.atr);
  return { reader: state.name, kind, description: `holds ${describeKind(kind, state.card.atr)}` };
}

/** One sentence on every reader, for the error when no Vitale card came. */
export function describeSlots(slots: readonly SlotReport[]): string {
  return slots.map((s) => `"${s.reader}" ${s.description}`).join('; ');
}
