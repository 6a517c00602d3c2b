import {
  type ApduChannel,
  type CommandApdu,
  decodeCommand,
  fromHex,
  send,
  TransportError,
  toHex,
} from '@openvitale/transport';
import type { RunnerOptions } from '@openvitale/virtual-card';
import { type CardProfile, MF_VITALE_AID, VITALE_AID } from '@openvitale/virtual-card';
import { insertIntoVpcd, type VpcdCard } from '@openvitale/virtual-card/vpcd';
import {
  EXCLUSIVITY_RULES,
  type ExclusivityRule,
  type GalssMock,
  MOCK_CLIENT_LIBRARY,
  MOCK_INFO_LIBRARY,
  mockSocketPath,
  SITE_INI,
  startGalssMock,
} from '@openvitale-tools/galss-mock';

/** Every reading the mock gives of an exchange without the exclusivity: the transport must be right under each. */
export const RULES: readonly ExclusivityRule[] = EXCLUSIVITY_RULES;

export const LIBRARIES = { clientLibrary: MOCK_CLIENT_LIBRARY, infoLibrary: MOCK_INFO_LIBRARY } as const;

/** Starts a mock GALSS server on a fresh socket, and points this process's client library at it. */
export async function startMock(
  options: { ini?: string; exclusivity?: ExclusivityRule; recordCalls?: boolean } = {},
): Promise<GalssMock> {
  const socketPath = mockSocketPath();
  process.env.GALSS_MOCK_SOCKET = socketPath;
  return startGalssMock({
    ini: options.ini ?? SITE_INI,
    socketPath,
    recordCalls: options.recordCalls ?? true,
    ...(options.exclusivity ? { exclusivity: options.exclusivity } : {}),
  });
}

/** Inserts a card in a resource's slot through the virtual card's own vpcd connector. */
export function insertCard(
  mock: GalssMock,
  resource: string,
  profile: CardProfile,
  options: RunnerOptions = {},
): Promise<VpcdCard> {
  return insertIntoVpcd(profile, { ...options, port: mock.cardPort(resource), quickAck: false });
}

/** Waits until the mock saw the card arrive or leave (the TCP handshake is asynchronous). */
export async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 30));
}

const apdu = (hex: string): CommandApdu => decodeCommand(fromHex(hex));

/** The reading paths of docs/domain/vitale-card.md §3.3 and §4, as a card-independent script. */
export const READ_SCRIPT: readonly CommandApdu[] = [
  { cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x00, data: VITALE_AID, le: 256 },
  apdu('00A4020C022001'),
  { cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, le: 256 },
  { cla: 0x00, ins: 0xb0, p1: 0x01, p2: 0x00, le: 256 },
  apdu('00A40000023F00'),
  { cla: 0x00, ins: 0xb0, p1: 0x82, p2: 0x00, le: 256 },
  { cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: VITALE_AID },
  { cla: 0x00, ins: 0xb0, p1: 0x82, p2: 0x00, le: 256 },
  { cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x00, data: MF_VITALE_AID, le: 256 },
  { cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x00, data: fromHex('D001'), le: 256 },
  { cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, le: 0x7c },
  { cla: 0xbc, ins: 0xc0, p1: 0x00, p2: 0x00, le: 8 },
  { cla: 0xbc, ins: 0xb0, p1: 0x02, p2: 0x00, le: 0x20 },
  { cla: 0xbc, ins: 0xb0, p1: 0x02, p2: 0x88, le: 0x20 },
];

/** Runs the script, every status accepted: one line per command, `SW data` or the error code. */
export async function runScript(channel: ApduChannel): Promise<string[]> {
  const lines: string[] = [];
  for (const command of READ_SCRIPT) {
    try {
      const { sw, data } = await send(channel, command, { accept: ['XXXX'] });
      lines.push(`${sw.toString(16).padStart(4, '0')} ${toHex(data)}`);
    } catch (error) {
      lines.push(`error ${TransportError.isInstance(error) ? error.code : String(error)}`);
    }
  }
  return lines;
}
