import { OpenVitaleError } from '@openvitale/errors';

const PROFILE_ERROR = Symbol.for('@openvitale/virtual-card.ProfileError');

/** A profile that does not follow the format; `path` names the field, e.g. `persons[1].nir`. */
export class ProfileError extends OpenVitaleError {
  readonly [PROFILE_ERROR] = true;
  override readonly name = 'ProfileError';
  declare readonly code: 'INVALID_PROFILE';
  readonly path: string;

  constructor(path: string, message: string, source?: string) {
    super('INVALID_PROFILE', `${source ? `${source}: ` : ''}${path || '(profile)'}: ${message}`, {
      action: 'correct that field of the card profile (the virtual-card README documents each one)',
    });
    this.path = path;
  }

  static override isInstance(value: unknown): value is ProfileError {
    return typeof value === 'object' && value !== null && PROFILE_ERROR in value;
  }
}
