import { classifyAtr, MF_VITALE_AID } from '@openvitale/decoder';
import { toHex } from '@openvitale/transport';
import { selectAid } from './apdus.js';
import type { CardConversation } from './procedures/files.js';
import { readVitale1Info } from './procedures/vitale1.js';

export type CardKind = 'vitale-2' | 'vitale-1' | 'cps' | 'contactless' | 'unknown';

export interface Detection {
  readonly kind: CardKind;
  readonly atr: Uint8Array;
  /** How the kind was established. */
  readonly by: 'atr' | 'select-mf-vitale' | 'bc-c0';
  /** One sentence for a person at a desk. */
  readonly description: string;
  /** Vitale 1: the 8 bytes answered to `BC C0`, reused by the dump. */
  readonly vitale1Info?: Uint8Array;
}

/**
 * PC/SC part 3 (§3.1.3.2.3) builds a pseudo-ATR for contactless cards:
 * `3B 8n 80 01` + historical bytes + TCK. A Vitale card is read in a
 * contact slot, so such a slot is passed over. [H for the structure]
 */
export function isContactlessAtr(atr: Uint8Array): boolean {
  return (
    atr.length >= 5 && atr[0] === 0x3b && (atr[1]! & 0xf0) === 0x80 && atr[2] === 0x80 && atr[3] === 0x01
  );
}

/** What the ATR alone says (no command sent). */
export function kindFromAtr(atr: Uint8Array): CardKind {
  const kind = classifyAtr(atr);
  if (kind !== 'unknown') return kind;
  return isContactlessAtr(atr) ? 'contactless' : 'unknown';
}

export function describeKind(kind: CardKind, atr: Uint8Array): string {
  switch (kind) {
    case 'vitale-2':
      return 'a Vitale 2 card';
    case 'vitale-1':
      return 'a Vitale 1 card';
    case 'cps':
      return 'a health-professional card (CPS), not a Vitale card';
    case 'contactless':
      return 'a card in a contactless slot: a Vitale card is read in a contact slot';
    case 'unknown':
      return `an unknown card, not a Vitale card (ATR ${toHex(atr, ' ')})`;
  }
}

/**
 * The detection rule of docs/domain/vitale-card.md §2 [M]: Vitale 2 when the ATR
 * matches its pattern, or when SELECT MF_VITALE succeeds on a card whose
 * ATR is unknown (a maker's new variant); Vitale 1 when the ATR matches and
 * `BC C0 00 00 08` answers 8 bytes + `90 00`; CPS and contactless by ATR.
 * At most one confirming command is sent, and never to a CPS.
 */
export async function detect(conversation: CardConversation, atr: Uint8Array): Promise<Detection> {
  conversation.step = 'detect';
  const fromAtr = kindFromAtr(atr);
  const found = (kind: CardKind, by: Detection['by'], extra: Partial<Detection> = {}): Detection => ({
    kind,
    atr,
    by,
    description: describeKind(kind, atr),
    ...extra,
  });
  switch (fromAtr) {
    case 'vitale-2':
    case 'cps':
    case 'contactless':
      return found(fromAtr, 'atr');
    case 'vitale-1': {
      const info = await readVitale1Info(conversation);
      return info ? found('vitale-1', 'bc-c0', { vitale1Info: info }) : found('unknown', 'bc-c0');
    }
    case 'unknown': {
      const sw = await conversation.select((form) => selectAid(MF_VITALE_AID, form));
      return found(sw === 0x9000 ? 'vitale-2' : 'unknown', 'select-mf-vitale');
    }
  }
}
