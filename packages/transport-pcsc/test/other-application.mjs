// Another application on the same reader, in a process of its own, through
// this package's build and a PC/SC context of its own. Reads one command a
// line on stdin and answers "<command> ok [<response hex>]" or
// "<command> failed <code>" on stdout:
//   connect shared|exclusive, begin, end, transmit <hex>, release
import { createInterface } from 'node:readline';
import { loadKoffiBinding } from '../dist/index.js';

const reader = process.argv[2];
const context = (await loadKoffiBinding()).establishContext();
let handle;
const hex = (bytes) => Buffer.from(bytes).toString('hex').toUpperCase();

for await (const line of createInterface({ input: process.stdin })) {
  const [command, argument] = line.split(' ');
  try {
    let answer = '';
    if (command === 'connect') handle = await context.connect(reader, argument);
    else if (command === 'begin') await handle.beginTransaction();
    else if (command === 'end') await handle.endTransaction('leave');
    else if (command === 'transmit') answer = hex(await handle.transmit(Buffer.from(argument, 'hex')));
    else if (command === 'release') await handle.disconnect('leave');
    else throw new Error(`unknown command ${command}`);
    process.stdout.write(`${command} ok ${answer}\n`);
  } catch (error) {
    process.stdout.write(`${command} failed ${error.pcscCode?.toString(16) ?? error.message}\n`);
  }
}
context.close();
