import { ConfigError, ReadError } from '@openvitale/reader';
import { TraceFormatError, TransportError } from '@openvitale/transport';
import { describe, expect, it } from 'vitest';
import { CliError } from './errors.js';
import { EXIT, EXIT_TABLE } from './exit-codes.js';
import { failureOf } from './failure.js';
import { detectSystem, pcscServiceFix } from './system.js';

describe('failureOf', () => {
  it.each([
    [new ReadError('NO_CARD', 'wait-for-card', 'x'), EXIT.NO_CARD],
    [new ReadError('NOT_VITALE', 'detect', 'x'), EXIT.NOT_VITALE],
    [new ReadError('CARD_REMOVED', 'read-nir', 'x'), EXIT.CARD_REMOVED],
    [new ReadError('NO_READER', 'wait-for-card', 'x'), EXIT.UNAVAILABLE],
    [new ReadError('SERVICE_UNAVAILABLE', 'wait-for-card', 'x'), EXIT.UNAVAILABLE],
    [new ReadError('LIBRARY_MISSING', 'connect', 'x'), EXIT.UNAVAILABLE],
    [new ReadError('CARD_MUTE', 'detect', 'x'), EXIT.READ_FAILED],
    [new ReadError('SHARING_VIOLATION', 'connect', 'x'), EXIT.READ_FAILED],
    [new ReadError('DECODE', 'decode', 'x'), EXIT.READ_FAILED],
    [new ReadError('ABORTED', 'wait-for-card', 'x'), EXIT.INTERRUPTED],
    [new TransportError('READER_REMOVED', 'x'), EXIT.UNAVAILABLE],
    [new ConfigError('api_lec.ini:1: x'), EXIT.USAGE],
    [new TraceFormatError(1, 'x'), EXIT.USAGE],
    [new CliError('NOT_AVAILABLE', 'x'), EXIT.UNAVAILABLE],
    [new CliError('NOT_ANONYMISABLE', 'x'), EXIT.USAGE],
    [new TypeError('bug'), EXIT.INTERNAL],
    ['a string', EXIT.INTERNAL],
  ])('%s → exit %i', (error, code) => {
    expect(failureOf(error).exitCode).toBe(code);
  });

  it("gives this system's one way to start pcscd, not every OS's", () => {
    const service = new TransportError('SERVICE_UNAVAILABLE', 'the PC/SC service is not running', {
      nativeCode: 'SCARD_E_NO_SERVICE',
      action: 'start the PC/SC service (Debian/Ubuntu: … ; Fedora/RHEL: … ; Windows: …)',
    });
    const wrapped = new ReadError('SERVICE_UNAVAILABLE', 'wait-for-card', service.summary, {
      cause: service,
      action: service.action,
    });
    for (const error of [service, wrapped]) {
      const { message } = failureOf(error);
      expect(message).toContain(pcscServiceFix(detectSystem()));
      expect(message).not.toMatch(/Fedora|Windows/);
    }
  });

  it('asks for a bug report on an internal error', () => {
    expect(failureOf(new TypeError('bug')).message).toMatch(/^Internal error, please report it/);
  });

  it('gives every exit code a distinct number and a line in the table', () => {
    const codes = Object.values(EXIT);
    expect(new Set(codes).size).toBe(codes.length);
    expect(EXIT_TABLE.map(([code]) => code).sort()).toEqual([...codes].sort());
  });
});
