import type { VirtualCard } from '../card.js';
import type { CardProfile } from '../profile.js';
import { parseProfile } from '../validate.js';
import { buildOtherCard } from './other.js';
import { Vitale1Card } from './vitale1/card.js';
import { buildVitale2 } from './vitale2/build.js';

/** Builds the card a profile describes (checked first: a bad profile throws `ProfileError`). */
export function createCard(profile: CardProfile): VirtualCard {
  const checked = parseProfile(profile);
  switch (checked.type) {
    case 'vitale2':
      return buildVitale2(checked);
    case 'vitale1':
      return new Vitale1Card(checked);
    case 'cps':
    case 'unknown':
      return buildOtherCard(checked);
  }
}
