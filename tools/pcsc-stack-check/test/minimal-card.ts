import { connect, type Socket } from 'node:net';

/**
 * The smallest card that vpcd accepts: it answers the control messages
 * (`04` get ATR; `00`/`01`/`02` power off/on/reset need no reply) and every
 * APDU with a fixed response. Frames are a 2-byte big-endian length + payload.
 */
export function insertMinimalCard(
  port: number,
  atr: Uint8Array,
  answer: (apdu: Uint8Array) => Uint8Array,
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, noDelay: true }, () => resolve(socket));
    socket.once('error', reject);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2) {
        const length = buffered.readUInt16BE(0);
        if (buffered.length < 2 + length) break;
        const payload = buffered.subarray(2, 2 + length);
        buffered = buffered.subarray(2 + length);
        const reply = length === 1 ? (payload[0] === 0x04 ? atr : undefined) : answer(payload);
        if (reply)
          socket.write(Buffer.concat([Buffer.from([reply.length >> 8, reply.length & 0xff]), reply]));
      }
    });
  });
}
