import { CHROMIUM, CHROMIUM_FLAGS } from '@openvitale-tools/chromium';
import { chromium } from 'playwright-core';

/**
 * Runs a web page's example in headless Chromium, on a page of `url` (whose
 * origin the agent allows), with `token` defined as the page would have it
 * after pairing. Resolves with what it logged once it has run and logged
 * at least once (or after `settleMs`).
 */
export async function runInBrowser(
  code: string,
  url: string,
  token: string,
  settleMs = 10_000,
): Promise<string[]> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_FLAGS],
  });
  try {
    const page = await browser.newPage();
    const logged: string[] = [];
    const first = new Promise<void>((resolve) =>
      page.on('console', (message) => {
        logged.push(message.text());
        resolve();
      }),
    );
    const failed = new Promise<never>((_, reject) => page.on('pageerror', reject));
    await page.goto(url);
    await Promise.race([page.evaluate(`(async (token) => {\n${code}\n})(${JSON.stringify(token)})`), failed]);
    await Promise.race([first, failed, new Promise((resolve) => setTimeout(resolve, settleMs))]);
    return logged;
  } finally {
    await browser.close();
  }
}
