/**
 * The virtual cards of the real-stack measurements, served from a process of
 * their own (forked, IPC). A card in the process that also calls PC/SC can
 * deadlock: the binding's synchronous `SCardDisconnect` blocks the event loop
 * while pcscd, holding the reader, waits for the card to answer its presence
 * poll. Here the card always answers.
 */
import { createCard, loadProfile } from '@openvitale/virtual-card';
import { insertIntoVpcd, type VpcdCard } from '@openvitale/virtual-card/vpcd';
import { TimedRunner } from './stack/timed-runner.js';

export type Request =
  | {
      readonly id: number;
      readonly op: 'insert';
      readonly file: string;
      readonly port: number;
      readonly timing: boolean;
    }
  | { readonly id: number; readonly op: 'remove' | 'mark' | 'span'; readonly port: number };

export interface Reply {
  readonly id: number;
  readonly error?: string;
  readonly span?: { apdus: number; ms: number };
}

const cards = new Map<number, { card: VpcdCard; runner: TimedRunner }>();

async function handle(request: Request): Promise<Reply> {
  const { id, port } = request;
  if (request.op === 'insert') {
    const runner = new TimedRunner(createCard(await loadProfile(request.file)), { timing: request.timing });
    cards.set(port, { card: await insertIntoVpcd(runner, { port }), runner });
    return { id };
  }
  const slot = cards.get(port);
  if (!slot) return { id, error: `no card on port ${port}` };
  if (request.op === 'remove') {
    cards.delete(port);
    await slot.card.close();
  } else if (request.op === 'mark') slot.runner.mark();
  else return { id, span: slot.runner.span() };
  return { id };
}

process.on('message', (request: Request) => {
  handle(request).then(
    (reply) => process.send?.(reply),
    (error: unknown) => process.send?.({ id: request.id, error: String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
