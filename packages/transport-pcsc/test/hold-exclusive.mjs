// Another application holding a card exclusively: connects with
// SCARD_SHARE_EXCLUSIVE, prints "held", and lets go when told "release".
import { createInterface } from 'node:readline';
import sc from 'smartcard';

const context = new sc.Context();
const reader = context.listReaders().find((r) => r.name === process.argv[2]);
const card = await reader.connect(sc.SCARD_SHARE_EXCLUSIVE, sc.SCARD_PROTOCOL_T0 | sc.SCARD_PROTOCOL_T1);
process.stdout.write('held\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'release') break;
}
card.disconnect(sc.SCARD_LEAVE_CARD);
context.close();
process.stdout.write('released\n');
