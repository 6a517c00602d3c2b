import { TransportError } from '@openvitale/transport';
import { describe, expect, it } from 'vitest';
import { PcscFailure } from './binding/port.js';
import { isContextLost, pcscError, toTransportError } from './errors.js';
import { PCSC_CODES, type PcscCodeName, pcscCode, pcscCodeName } from './pcsc-codes.js';

const where = { action: 'Connecting to', reader: 'Reader 0' };

describe('PC/SC code mapping', () => {
  const table: [PcscCodeName, string][] = [
    ['SCARD_E_NO_SERVICE', 'SERVICE_UNAVAILABLE'],
    ['SCARD_E_SERVICE_STOPPED', 'SERVICE_UNAVAILABLE'],
    ['SCARD_E_NO_READERS_AVAILABLE', 'NO_READER'],
    ['SCARD_E_UNKNOWN_READER', 'NO_READER'],
    ['SCARD_E_NO_SMARTCARD', 'NO_CARD'],
    ['SCARD_W_REMOVED_CARD', 'CARD_REMOVED'],
    ['SCARD_E_SHARING_VIOLATION', 'SHARING_VIOLATION'],
    ['SCARD_E_TIMEOUT', 'TIMEOUT'],
    ['SCARD_E_READER_UNAVAILABLE', 'READER_REMOVED'],
    ['SCARD_W_UNRESPONSIVE_CARD', 'CARD_MUTE'],
    ['SCARD_E_CANCELLED', 'ABORTED'],
    ['SCARD_E_INVALID_HANDLE', 'CLOSED'],
    ['SCARD_E_PROTO_MISMATCH', 'PROTOCOL'],
  ];
  it.each(table)('%s becomes %s, the native code kept', (name, code) => {
    const error = toTransportError(new PcscFailure(pcscCode(name), 'native text'), where);
    expect(error.code).toBe(code);
    expect(error.nativeCode).toBe(name);
    expect(error.message).toContain('"Reader 0"');
    expect(error.message).not.toContain(name);
    expect(error.detail).toMatch(new RegExp(`^${name} \\(0x8010[0-9A-F]{4}\\)$`));
  });

  it('says what to do about an internal error of the service, on Windows too', () => {
    const error = pcscError(pcscCode('SCARD_F_INTERNAL_ERROR'), { action: 'Listing readers' });
    expect(error.message).toMatch(
      /^Listing readers failed: the PC\/SC service failed internally: restart the PC\/SC service .*Windows: the Smart Card service/,
    );
    expect(error.detail).toBe('SCARD_F_INTERNAL_ERROR (0x80100001)');
  });

  it('maps every code of the table, each to a transport code, with a distinct value', () => {
    const values = new Set<number>();
    for (const [name, [value, code]] of Object.entries(PCSC_CODES)) {
      expect(pcscCodeName(value)).toBe(name);
      expect(pcscError(value, where).code).toBe(code);
      values.add(value);
    }
    expect(values.size).toBe(Object.keys(PCSC_CODES).length);
  });

  it('accepts codes as signed 32-bit values (as a C LONG arrives)', () => {
    expect(pcscCodeName(pcscCode('SCARD_E_NO_SMARTCARD') | 0)).toBe('SCARD_E_NO_SMARTCARD');
  });

  it('keeps an unknown code in hex and calls it a protocol failure', () => {
    const error = pcscError(0x80100099, where);
    expect(error.code).toBe('PROTOCOL');
    expect(error.nativeCode).toBe('0x80100099');
  });

  it('says what to do when the service is not running', () => {
    const { message, action } = pcscError(pcscCode('SCARD_E_NO_SERVICE'), where);
    expect(message).toMatch(/: start the PC\/SC service \(Debian\/Ubuntu: `sudo apt install pcscd/);
    expect(action).toContain('Fedora/RHEL: `sudo dnf install pcsc-lite');
    expect(action).toMatch(/Windows: the Smart Card service; macOS: plug a reader in/);
  });

  it('passes a TransportError through and wraps anything else as PROTOCOL', () => {
    const original = new TransportError('BUSY', 'busy');
    expect(toTransportError(original, where)).toBe(original);
    const wrapped = toTransportError(new Error('boom'), where);
    expect(wrapped.code).toBe('PROTOCOL');
    expect(wrapped.cause).toBeInstanceOf(Error);
  });

  it('knows which errors mean the context is dead', () => {
    expect(isContextLost(pcscError(pcscCode('SCARD_E_NO_SERVICE'), where))).toBe(true);
    expect(isContextLost(pcscError(pcscCode('SCARD_E_SERVICE_STOPPED'), where))).toBe(true);
    expect(isContextLost(pcscError(pcscCode('SCARD_E_INVALID_HANDLE'), where))).toBe(true);
    expect(isContextLost(pcscError(pcscCode('SCARD_W_REMOVED_CARD'), where))).toBe(false);
  });
});
