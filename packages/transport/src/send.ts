import {
  type CommandApdu,
  type EncodeOptions,
  encodeCommand,
  parseResponse,
  type ResponseApdu,
} from './apdu.js';
import { CardStatusError, TransportError } from './errors.js';
import { concatBytes } from './hex.js';
import type { ApduChannel } from './transport.js';

/** A status word: exact (`0x9000`), or a hex mask with `X` wildcards (`'62XX'`). */
export type StatusPattern = number | string;

export interface SendOptions extends EncodeOptions {
  /** Status words the caller accepts; anything else throws `CardStatusError`. Default: `9000`. */
  readonly accept?: readonly StatusPattern[];
  readonly signal?: AbortSignal;
}

const GET_RESPONSE = 0xc0;
// A card that keeps answering 61xx is broken; 64 KiB of GET RESPONSE is the most ISO allows.
const MAX_GET_RESPONSE = 256;

export function matchesStatus(sw: number, pattern: StatusPattern): boolean {
  if (typeof pattern === 'number') return sw === pattern;
  const mask = pattern.toUpperCase();
  const hex = sw.toString(16).toUpperCase().padStart(4, '0');
  return mask.length === 4 && [...mask].every((c, i) => c === 'X' || c === hex[i]);
}

/**
 * Sends one command and returns its complete answer, running T=0 chaining
 * built once for every transport:
 * - `6C xx` (wrong Le): the same command is sent again with Le = xx, its
 *   header and data untouched (a case-3 command only gains an Le);
 * - `61 xx` (more data): GET RESPONSE with the command's own CLA, repeated
 *   while the card has more, the pieces joined.
 */
export async function send(
  channel: ApduChannel,
  command: CommandApdu,
  options: SendOptions = {},
): Promise<ResponseApdu> {
  const transmit = async (apdu: CommandApdu) => {
    const bytes = encodeCommand(apdu, options);
    const response = parseResponse(
      await channel.transmit(bytes, options.signal ? { signal: options.signal } : {}),
    );
    return { bytes, response };
  };
  let { bytes, response } = await transmit(command);
  if (response.sw >> 8 === 0x6c) {
    ({ bytes, response } = await transmit({ ...command, le: exactLength(response.sw) }));
  }
  let data = response.data;
  for (let round = 0; response.sw >> 8 === 0x61; round++) {
    if (round === MAX_GET_RESPONSE) {
      throw new TransportError('PROTOCOL', 'The card kept answering 61xx: more than 64 KiB of response');
    }
    const getResponse: CommandApdu = { cla: command.cla, ins: GET_RESPONSE, p1: 0, p2: 0 };
    ({ response } = await transmit({ ...getResponse, le: exactLength(response.sw) }));
    if (response.sw >> 8 === 0x6c) {
      ({ response } = await transmit({ ...getResponse, le: exactLength(response.sw) }));
    }
    data = concatBytes(data, response.data);
  }
  const accept = options.accept ?? [0x9000];
  if (!accept.some((pattern) => matchesStatus(response.sw, pattern))) {
    throw new CardStatusError(response.sw, bytes);
  }
  return { data, sw: response.sw };
}

function exactLength(sw: number): number {
  return sw & 0xff || 256;
}
