import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { chooseReader, readErrorFrom } from '@openvitale/reader';
import { toHex } from '@openvitale/transport';
import type { AgentContext } from '../context.js';
import { sendJson } from './respond.js';

/** `GET /v1/readers`: every reader, what it holds (kind from the ATR), and which one `auto` would read. */
export async function readersRoute(
  context: AgentContext,
  response: ServerResponse,
  cors: OutgoingHttpHeaders,
) {
  let states: Awaited<ReturnType<AgentContext['reads']['provider']['listReaders']>>;
  try {
    states = await context.reads.provider.listReaders();
  } catch (error) {
    throw readErrorFrom(error, 'choose-reader');
  }
  const choice = chooseReader(states);
  const readers = states.map((state, i) => {
    const slot = choice.slots[i]!;
    return {
      name: state.name,
      card: state.card
        ? { atr: toHex(state.card.atr), kind: slot.kind, description: slot.description }
        : null,
    };
  });
  sendJson(response, 200, { readers, auto: choice.reader }, cors);
}
