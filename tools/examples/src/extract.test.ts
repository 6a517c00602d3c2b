import { describe, expect, it } from 'vitest';
import { helpExamples, markdownExamples, shellCommands } from './extract.js';

describe('markdownExamples', () => {
  it('takes code fences by language, and skips data, output and declarations', () => {
    const text = [
      '# Title',
      '```sh',
      'openvitale read',
      '```',
      '```ts',
      "console.log('a');",
      '```',
      '```ts types',
      'interface A {}',
      '```',
      '```js browser',
      'fetch("/")',
      '```',
      '```js',
      "const { a } = require('a');",
      '```',
      '```json',
      '{}',
      '```',
      '```',
      'usage: x [--y]',
      '```',
    ].join('\n');
    expect(markdownExamples(text, 'README.md')).toEqual([
      { kind: 'shell', source: 'README.md:2', language: 'sh', code: 'openvitale read' },
      { kind: 'module', source: 'README.md:5', language: 'ts', code: "console.log('a');" },
      { kind: 'browser', source: 'README.md:11', language: 'js', code: 'fetch("/")' },
      { kind: 'module', source: 'README.md:14', language: 'cjs', code: "const { a } = require('a');" },
    ]);
  });

  it('refuses a fence attribute it does not know, rather than skipping the example', () => {
    expect(() => markdownExamples('```sh norun\nrm -rf /\n```\n', 'X.md')).toThrow(
      /X.md:1: unknown fence "sh norun"/,
    );
  });
});

describe('helpExamples', () => {
  it('reads the commands after "Examples:", without their descriptions', () => {
    const help =
      'Usage: x\n\nExamples:\n  openvitale read --transport demo     the demo card\n  openvitale read --reader "00 00"\n\nOutput: ...\n';
    expect(helpExamples(help, 'h').map((e) => e.code)).toEqual([
      'openvitale read --transport demo',
      'openvitale read --reader "00 00"',
    ]);
  });
});

describe('shellCommands', () => {
  it('joins continuations and drops comments', () => {
    expect(shellCommands('# a comment\ncurl -s x \\\n  -H y   # why\nopenvitale doctor\n')).toEqual([
      'curl -s x -H y',
      'openvitale doctor',
    ]);
  });
});
