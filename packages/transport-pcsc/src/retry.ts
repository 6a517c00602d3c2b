import { sleep, TransportError } from '@openvitale/transport';

/** How often a sharing violation is retried: the official stack's 10 × 500 ms by default. */
export interface SharingRetry {
  readonly attempts: number;
  readonly intervalMs: number;
}

export const DEFAULT_SHARING_RETRY: SharingRetry = { attempts: 10, intervalMs: 500 };

/**
 * Runs `work` again while it fails with `SHARING_VIOLATION` (another
 * application holds the reader), at most `attempts` times in all, never past
 * `signal`. Then throws a `SHARING_VIOLATION` that says so.
 */
export async function retrySharing<T>(
  work: () => Promise<T>,
  policy: SharingRetry,
  reader: string,
  signal: AbortSignal | undefined,
): Promise<T> {
  const attempts = Math.max(1, policy.attempts);
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!TransportError.isInstance(error) || error.code !== 'SHARING_VIOLATION') throw error;
      if (attempt >= attempts) {
        throw new TransportError(
          'SHARING_VIOLATION',
          `Another application holds the reader "${reader}" (still after ${attempts} attempts over ${
            (attempts - 1) * policy.intervalMs
          } ms)`,
          { nativeCode: error.nativeCode ?? 'SCARD_E_SHARING_VIOLATION', cause: error },
        );
      }
      await sleep(policy.intervalMs, signal);
    }
  }
}
