import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config.js';
import { decodeTextFile, readTextFile } from './text-file.js';

const INI = 'Ressource_Vitale=Lecteur Sésame\r\nMode=PCSC\r\n';
const utf16 = (text: string, bigEndian: boolean) => {
  const le = Buffer.from(text, 'utf16le');
  if (bigEndian) le.swap16();
  return Buffer.concat([Buffer.from(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]), le]);
};

describe('decodeTextFile', () => {
  it.each([
    ['UTF-8', Buffer.from(INI, 'utf8'), 'utf-8'],
    [
      'UTF-8 with a BOM (Notepad)',
      Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), Buffer.from(INI, 'utf8')]),
      'utf-8',
    ],
    ['UTF-16 LE with a BOM', utf16(INI, false), 'utf-16le'],
    ['UTF-16 BE with a BOM', utf16(INI, true), 'utf-16be'],
    ['Latin-1 (Windows "ANSI")', Buffer.from(INI, 'latin1'), 'latin1'],
  ])('reads %s, with LF line ends and no BOM left', (_what, bytes, encoding) => {
    expect(decodeTextFile(bytes)).toEqual({
      text: 'Ressource_Vitale=Lecteur Sésame\nMode=PCSC\n',
      encoding,
    });
  });

  it('takes CR alone (GALSS files), LF and CRLF as line ends, even mixed', () => {
    expect(decodeTextFile(Buffer.from('a=1\rb=2\nc=3\r\nd=4')).text).toBe('a=1\nb=2\nc=3\nd=4');
  });

  it.each([
    ['UTF-16 without a BOM', Buffer.from('Mode=PCSC', 'utf16le'), /NUL bytes/],
    ['a binary file', Buffer.of(0x7f, 0x45, 0x4c, 0x46, 0x02, 0x00, 0x00), /NUL bytes/],
    ['UTF-8 broken after its BOM', Buffer.of(0xef, 0xbb, 0xbf, 0x41, 0xc3), /not valid UTF-8/],
    ['UTF-16 cut in the middle of a character', Buffer.of(0xff, 0xfe, 0x41, 0x00, 0x42), /not valid UTF-16/],
  ])('refuses %s with a typed error saying how to save it', (_what, bytes, message) => {
    let error: unknown;
    try {
      decodeTextFile(bytes);
    } catch (e) {
      error = e;
    }
    expect(ConfigError.isInstance(error) && error.code).toBe('FILE_ENCODING');
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/save it as UTF-8/);
  });
});

describe('readTextFile', () => {
  const fail = async (promise: Promise<unknown>) => {
    const error = await promise.catch((e: unknown) => e);
    expect(ConfigError.isInstance(error)).toBe(true);
    return error as ConfigError;
  };

  it('reads a file and says which encoding it found', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'text-file-'));
    await writeFile(join(dir, 'a.ini'), utf16('Mode=GALSS\r\n', false));
    expect(await readTextFile(join(dir, 'a.ini'), { maxBytes: 100 })).toEqual({
      text: 'Mode=GALSS\n',
      encoding: 'utf-16le',
    });
  });

  it('stops at the size cap, even on a file without end', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'text-file-'));
    await writeFile(join(dir, 'big.ini'), 'x'.repeat(2000));
    expect((await fail(readTextFile(join(dir, 'big.ini'), { maxBytes: 1000 }))).code).toBe('FILE_TOO_LARGE');
    if (process.platform === 'linux') {
      const endless = await fail(readTextFile('/dev/zero', { maxBytes: 1 << 20 }));
      expect(endless.code).toBe('FILE_TOO_LARGE');
      expect(endless.message).toMatch(/larger than 1048576 bytes/);
    }
  });

  it('names the system error of a file it cannot read', async () => {
    const missing = await fail(readTextFile('/nonexistent/api_lec.ini', { maxBytes: 100 }));
    expect(missing).toMatchObject({ code: 'FILE_UNREADABLE', reason: 'ENOENT' });
    const folder = await fail(readTextFile(tmpdir(), { maxBytes: 100 }));
    expect(folder).toMatchObject({ code: 'FILE_UNREADABLE', reason: 'EISDIR' });
  });

  it('stops when its signal aborts', async () => {
    const error = await readTextFile('/dev/zero', { maxBytes: 1 << 30, signal: AbortSignal.abort() }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'ABORTED' });
  });
});
