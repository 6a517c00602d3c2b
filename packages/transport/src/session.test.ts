import { describe, expect, it, vi } from 'vitest';
import { TransportError } from './errors.js';
import { SessionGate } from './session.js';

describe('SessionGate', () => {
  it('runs begin, work, end in order and returns the result', async () => {
    const gate = new SessionGate();
    const steps: string[] = [];
    const result = await gate.run(
      async () => void steps.push('begin'),
      async () => void steps.push('end'),
      async () => {
        steps.push('work');
        return 42;
      },
    );
    expect(result).toBe(42);
    expect(steps).toEqual(['begin', 'work', 'end']);
    expect(gate.isOpen).toBe(false);
  });

  it('fails a second session at once with BUSY instead of queueing it', async () => {
    const gate = new SessionGate();
    let release!: () => void;
    const first = gate.run(
      async () => {},
      async () => {},
      () => new Promise<void>((r) => (release = r)),
    );
    await Promise.resolve();
    const second = await gate
      .run(
        async () => {},
        async () => {},
        async () => {},
      )
      .catch((e: unknown) => e);
    expect(TransportError.isInstance(second) && second.code).toBe('BUSY');
    release();
    await first;
  });

  it('always releases when the work throws, and keeps the work error', async () => {
    const gate = new SessionGate();
    const end = vi.fn(async () => {
      throw new Error('release failed');
    });
    await expect(
      gate.run(
        async () => {},
        end,
        async () => Promise.reject(new Error('work failed')),
      ),
    ).rejects.toThrow('work failed');
    expect(end).toHaveBeenCalledOnce();
    expect(gate.isOpen).toBe(false);
  });

  it('does not release what it never acquired, and can be used again', async () => {
    const gate = new SessionGate();
    const end = vi.fn(async () => {});
    await expect(
      gate.run(
        async () => Promise.reject(new Error('no lock')),
        end,
        async () => 1,
      ),
    ).rejects.toThrow();
    expect(end).not.toHaveBeenCalled();
    await expect(
      gate.run(
        async () => {},
        end,
        async () => 2,
      ),
    ).resolves.toBe(2);
  });
});
