import type { Handler } from '../context.js';
import { AgentError } from '../errors.js';
import { cardJson, cardXml } from '../render.js';
import { readJsonBody } from '../security/body.js';
import { readParams } from './params.js';
import { sendBytes, sendJson } from './respond.js';

/**
 * `POST /v1/read`: waits for a card, reads it, answers the card document
 * (the CLI's JSON, or the official XML). The reader read is in the
 * `OpenVitale-Reader` header so the body stays exactly the schema's. A
 * client that hangs up aborts the read, which releases the reader.
 */
export const readRoute: Handler = async (context, request, response, origin, cors) => {
  const params = readParams(await readJsonBody(request, context.maxBodyBytes), request.headers.accept);
  if (context.pendingReads.count >= context.maxPendingReads) {
    throw new AgentError('BUSY', `${context.maxPendingReads} reads are already waiting`);
  }
  const gone = new AbortController();
  const onClose = () => {
    if (!response.writableFinished) gone.abort();
  };
  response.once('close', onClose);
  context.pendingReads.count++;
  try {
    const read = await context.reads.next({ ...params, signal: gone.signal });
    const headers = { ...cors, 'openvitale-reader': encodeURIComponent(read.reader) };
    context.log.info(
      `read ${params.scope} for ${origin} on "${read.reader}": ${read.card.persons.length} person(s) in ${Math.round(read.durationMs)} ms`,
    );
    if (params.format === 'xml') {
      sendBytes(response, 'application/xml; charset=ISO-8859-1', cardXml(read, params), headers);
    } else {
      sendJson(response, 200, cardJson(read, params), headers);
    }
  } finally {
    context.pendingReads.count--;
    response.off('close', onClose);
  }
};
