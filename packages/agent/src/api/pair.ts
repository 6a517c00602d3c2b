import type { Handler } from '../context.js';
import { bearerToken, checkToken } from '../security/auth.js';
import { readJsonBody } from '../security/body.js';
import { onlyFields, text } from './params.js';
import { sendJson } from './respond.js';

/** `POST /v1/pair {application?}`: the agent shows a code to the user; the answer holds only the request's id. */
export const requestPairing: Handler = async (context, request, response, origin, cors) => {
  context.pairLimiter.hit(origin);
  const body = await readJsonBody(request, context.maxBodyBytes);
  onlyFields(body, ['application'], 'POST /v1/pair');
  const application = text(body, 'application', origin, 80);
  const pending = context.pairing.request(origin, application);
  context.log.info(`pairing requested by ${origin}`);
  sendJson(response, 202, pending, cors);
};

/** `POST /v1/pair/confirm {pairingId, code}`: the code the user read on the agent's console, for a token. */
export const confirmPairing: Handler = async (context, request, response, origin, cors) => {
  context.pairLimiter.hit(origin);
  const body = await readJsonBody(request, context.maxBodyBytes);
  onlyFields(body, ['pairingId', 'code'], 'POST /v1/pair/confirm');
  const token = context.pairing.confirm(origin, text(body, 'pairingId', '', 64), text(body, 'code', '', 12));
  context.log.info(`paired ${origin}`);
  sendJson(response, 200, { token, origin }, cors);
};

/** `DELETE /v1/pair`: the application revokes its own token (sign-out, uninstall). */
export const revokePairing: Handler = (context, request, response, origin, cors) => {
  const token = bearerToken(request);
  checkToken(context.tokens, origin, token);
  context.tokens.revokeToken(token!);
  context.log.info(`token of ${origin} revoked by its application`);
  sendJson(response, 200, { revoked: true }, cors);
};
