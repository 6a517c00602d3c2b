// The agent's demo page: plain JavaScript, no build step. It uses the API
// exactly as an integrator's web application would (pair, then call with
// the token), from the agent's own origin. Card data only ever reach the
// DOM through textContent.
const TOKEN_KEY = 'openvitale-agent-token';
const $ = (id) => document.getElementById(id);
let token = localStorage.getItem(TOKEN_KEY);
let pairingId = null;
let lastDocument = null;
let lastReader = null;
let events = null;

function status(text, isError = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', isError);
}

async function api(method, path, body, accept = 'application/json') {
  const headers = { accept };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    const failure = await response
      .json()
      .catch(() => ({ error: { code: 'HTTP', message: response.statusText } }));
    if (failure.error.code === 'BAD_TOKEN' || failure.error.code === 'UNPAIRED') forget();
    throw Object.assign(new Error(failure.error.message), { code: failure.error.code });
  }
  return response;
}

function forget() {
  token = null;
  localStorage.removeItem(TOKEN_KEY);
  events?.close();
  show();
}

function show() {
  $('pairing').hidden = Boolean(token);
  $('reading').hidden = !token;
  if (token) {
    connectEvents();
    refreshReaders();
  }
}

async function refreshReaders() {
  try {
    const { readers } = await (await api('GET', '/v1/readers')).json();
    const list = $('readers');
    list.replaceChildren();
    for (const reader of readers) {
      const item = document.createElement('li');
      item.textContent = `${reader.name}: ${reader.card ? reader.card.description : 'empty'}`;
      list.append(item);
    }
    if (readers.length === 0)
      list.append(Object.assign(document.createElement('li'), { textContent: 'No reader found.' }));
  } catch (error) {
    status(`Cannot list the readers: ${error.message}`, true);
  }
}

function connectEvents() {
  if (events && events.readyState <= WebSocket.OPEN) return;
  const query = $('auto').checked
    ? `?autoRead=${$('full').checked ? 'full' : 'identification'}${$('redact').checked ? '&redact=1' : ''}`
    : '';
  events = new WebSocket(`ws://${location.host}/v1/events${query}`, [
    'openvitale.v1',
    `openvitale.token.${token}`,
  ]);
  events.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (event.type === 'read-result' && event.card) showCard(event.card, event.reader);
    else if (event.type === 'read-error')
      status(`Read failed on ${event.reader}: ${event.error.message}`, true);
    else if (event.type === 'card-inserted') status(`Card inserted in ${event.reader}.`);
    else if (event.type === 'card-removed') status(`Card removed from ${event.reader}.`);
    if (event.type.startsWith('reader-') || event.type.startsWith('card-')) refreshReaders();
  };
  events.onclose = (event) => {
    events = null;
    // 1008: the agent ended the pairing (token revoked or expired).
    if (event.code === 1008) {
      forget();
      status(`The agent ended this pairing (${event.reason}): pair again.`, true);
    }
  };
}

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text ?? '—';
  return td;
}

function showCard(documentJson, reader) {
  lastDocument = documentJson;
  lastReader = reader;
  const rows = documentJson.listeBenef.map((person) => {
    const row = document.createElement('tr');
    const ident = person.ident;
    row.append(
      cell(ident.nomUsuel),
      cell(ident.prenomUsuel),
      cell(ident.naissance?.iso ?? ident.naissance?.date),
      cell(ident.nir),
      cell(person.amo?.libelleQualBenef),
    );
    return row;
  });
  $('persons').replaceChildren(...rows);
  $('show-json').disabled = false;
  $('show-xml').disabled = false;
  $('document').hidden = true;
  status(`Read ${rows.length} person(s) from ${reader}.`);
}

function readBody(extra = {}) {
  return { scope: $('full').checked ? 'full' : 'identification', redact: $('redact').checked, ...extra };
}

$('pair-request').addEventListener('click', async () => {
  try {
    const answer = await (await api('POST', '/v1/pair', { application: 'OpenVitale demo page' })).json();
    pairingId = answer.pairingId;
    $('pair-form').hidden = false;
    $('pair-code').focus();
    status('Type the 6-digit code the agent printed in its console or log.');
  } catch (error) {
    status(`Pairing refused: ${error.message}`, true);
  }
});

$('pair-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const answer = await (
      await api('POST', '/v1/pair/confirm', { pairingId, code: $('pair-code').value })
    ).json();
    token = answer.token;
    localStorage.setItem(TOKEN_KEY, token);
    $('pair-form').hidden = true;
    status('Paired. Insert a card and press "Read the card".');
    show();
  } catch (error) {
    status(`Pairing failed: ${error.message}`, true);
  }
});

$('read').addEventListener('click', async () => {
  $('read').disabled = true;
  status('Waiting for a Vitale card (60 s)…');
  try {
    const response = await api('POST', '/v1/read', readBody());
    showCard(await response.json(), decodeURIComponent(response.headers.get('openvitale-reader') ?? ''));
  } catch (error) {
    status(`Read failed: ${error.message}`, true);
  } finally {
    $('read').disabled = false;
  }
});

$('auto').addEventListener('change', () => {
  const enabled = $('auto').checked;
  const message = {
    type: 'auto-read',
    enabled,
    scope: $('full').checked ? 'full' : 'identification',
    redact: $('redact').checked,
  };
  if (events?.readyState === WebSocket.OPEN) events.send(JSON.stringify(message));
  status(enabled ? 'Each card inserted will be read.' : 'Automatic reading is off.');
});

$('show-json').addEventListener('click', () => {
  $('document').textContent = JSON.stringify(lastDocument, null, 2);
  $('document').hidden = false;
});

$('show-xml').addEventListener('click', async () => {
  try {
    const response = await api(
      'POST',
      '/v1/read',
      readBody({ format: 'xml', reader: lastReader, waitTimeoutMs: 5000 }),
      'application/xml',
    );
    const bytes = await response.arrayBuffer();
    $('document').textContent = new TextDecoder('iso-8859-1').decode(bytes);
    $('document').hidden = false;
  } catch (error) {
    status(`XML read failed: ${error.message}`, true);
  }
});

$('unpair').addEventListener('click', async () => {
  await api('DELETE', '/v1/pair').catch(() => {});
  forget();
  status('Pairing forgotten: this page has no token any more.');
});

(async () => {
  try {
    const health = await (await fetch('/v1/health')).json();
    status(
      `Agent ${health.version} ready (API ${health.api}).${token ? '' : ' Pair this page to read cards.'}`,
    );
    show();
  } catch {
    status('The agent does not answer.', true);
  }
})();
