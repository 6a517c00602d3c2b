/**
 * The protocols an ATR offers (ISO/IEC 7816-3 §8.2): each TDi names one in
 * its low nibble; an ATR without TD1 offers T=0 only. Both Vitale
 * generations are T=0 only [H]. Asking PC/SC for exactly what the card
 * offers matters: some stacks (macOS in particular) fail when "any
 * protocol" is asked of a Vitale 1 card [M, docs/domain/vitale-card.md §4].
 */
export function offeredProtocols(atr: Uint8Array): { readonly t0: boolean; readonly t1: boolean } {
  if (atr.length < 2) return { t0: true, t1: true };
  let t0 = false;
  let t1 = false;
  let sawTd = false;
  let at = 1;
  let y = atr[1]! >> 4;
  while (at < atr.length) {
    // TAi, TBi, TCi present per bits 5 to 7 of the byte that announced them.
    at += (y & 1) + ((y >> 1) & 1) + ((y >> 2) & 1);
    if (!(y & 0x8)) break;
    at += 1;
    const td = atr[at];
    if (td === undefined) return { t0: true, t1: true };
    sawTd = true;
    if ((td & 0x0f) === 0) t0 = true;
    if ((td & 0x0f) === 1) t1 = true;
    y = td >> 4;
  }
  if (!sawTd) return { t0: true, t1: false };
  return t0 || t1 ? { t0, t1 } : { t0: true, t1: true };
}
