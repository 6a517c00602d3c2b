// GALSS only: the reader loads @openvitale/transport-galss, which finds the
// client library through OPENVITALE_GALSS_LIBRARY, and reads the first card.
import { loadProvider, readNextCard } from '@openvitale/reader';

const provider = await loadProvider('galss');
try {
  const { card, reader } = await readNextCard(provider, { waitTimeoutMs: 20_000, timeoutMs: 10_000 });
  const persons = card.persons.map((person) => [person.surname?.value, person.givenName?.value]);
  console.log(JSON.stringify({ reader, persons }));
} finally {
  await provider.close?.();
}
