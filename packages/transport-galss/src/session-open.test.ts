import { describe, expect, it } from 'vitest';
import type { GalssBinding } from './binding.js';
import { appNameAttempt, openSession, resourceNames } from './session-open.js';

function fakeBinding(answers: Record<string, number>): GalssBinding & { calls: string[] } {
  const calls: string[] = [];
  const unused = () => Promise.reject(new Error('not used'));
  return {
    calls,
    clientPath: 'fake',
    openSession: async (app, resource) => {
      calls.push(`${app}@${resource}`);
      return { status: answers[`${app}@${resource}`] ?? answers[resource] ?? 0, session: 9, lad: 2 };
    },
    closeSession: unused,
    beginExclusivity: unused,
    endExclusivity: unused,
    exchange: unused,
    resourceTable: unused,
  };
}

describe('opening a GALSS session', () => {
  it('tries the conventional alias of Vitale and CPS', () => {
    expect(resourceNames('Vitale')).toEqual(['Vitale', 'TRANSPA2']);
    expect(resourceNames('cps')).toEqual(['cps', 'TRANSPA1']);
    expect(resourceNames('Lecteur', ['L2'])).toEqual(['Lecteur', 'L2']);
    expect(resourceNames('Other')).toEqual(['Other']);
  });

  it('keeps application names within 16 characters', () => {
    expect(appNameAttempt('OpenVitale', 0)).toBe('OpenVitale');
    expect(appNameAttempt('OpenVitale', 1)).toBe('OpenVitale_2');
    expect(appNameAttempt('ABCDEFGHIJKLMNOPQ', 3)).toBe('ABCDEFGHIJKLMN_4');
  });

  it('moves to the alias on 2000, to another application name on 0800', async () => {
    const binding = fakeBinding({ Vitale: 0x2000, 'OpenVitale@TRANSPA2': 0x0800 });
    const opened = await openSession(binding, 'OpenVitale', resourceNames('Vitale'), undefined);
    expect(opened).toMatchObject({ resource: 'TRANSPA2', appName: 'OpenVitale_2', session: 9, lad: 2 });
    expect(binding.calls).toEqual(['OpenVitale@Vitale', 'OpenVitale@TRANSPA2', 'OpenVitale_2@TRANSPA2']);
  });

  it('stops at once on any other status', async () => {
    const binding = fakeBinding({ Vitale: 0x8002 });
    await expect(openSession(binding, 'A', resourceNames('Vitale'), undefined)).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
    });
    expect(binding.calls).toHaveLength(1);
  });
});
