// Test peer for jwtcred's integration tests: a real, certified OpenID Provider
// (panva/oidc-provider) listening on 127.0.0.1 over plain http (or https, see TLS_CERT_FILE).
//
// Usage:   node server.mjs [PORT]        (PORT from argv, else env PORT, else 0 = random)
// Ready:   prints ONE line of JSON on stdout, e.g.
//          {"issuer":"http://127.0.0.1:40123","port":40123,
//           "token_endpoint":"http://127.0.0.1:40123/token","jwks_uri":"http://127.0.0.1:40123/jwks"}
//          Nothing else is ever written to stdout; oidc-provider's notices go to stderr.
// Lifetime: runs until SIGTERM/SIGINT or until its stdin is closed (so a test process that dies
//          leaves no orphan behind).
//
// Environment:
//   PORT                listen port (argv[1] wins); 0 = random
//   OIDC_PEER_TTL       lifetime in seconds of every access token issued (default 600)
//   OIDC_PEER_CLIENTS   JSON array of oidc-provider client metadata replacing CLIENTS below
//   SIGNING_KEY_PEM     PEM private RSA key to sign with (default: a fresh key); SIGNING_KID its kid
//   SUBJECT_JWKS        JSON JWKS (public keys) trusted to sign token-exchange subject tokens;
//                       tokens issued by this provider itself are always accepted as well
//   TLS_CERT_FILE       with TLS_KEY_FILE: serve https with this PEM certificate chain and key;
//                       the issuer is then https://127.0.0.1:PORT (a cluster's JWT
//                       authenticator only accepts https issuers)
//
// Clients (fixed; the secrets deliberately contain characters that RFC 6749 §2.3.1 requires to
// be form-encoded inside HTTP Basic: space, ':', '%', '+', '&', '=', '/', '?'):
//   jwtcred-basic      "basic secret:with%+&=/?chars"   client_secret_basic, client_credentials
//   jwtcred-post       "post secret:with%+&=chars"      client_secret_post,  client_credentials
//   jwtcred:colon id   "colon-id-secret"                client_secret_basic, client_credentials
//                      (the client id itself needs form-encoding: ':' and ' ')
//   jwtcred-exchange   "exchange secret:%+"             client_secret_basic, token-exchange and
//                                                       client_credentials
//   jwtcred-public     (none)                           public client (client_id in the form
//                                                       body, no secret), token-exchange only
// Note: oidc-provider accepts a client_secret_basic client's secret in the form body too and
// vice versa (it treats the two methods as one); a wrongly encoded Basic header still fails:
// an unencoded '+' decodes to a space (401 invalid_client), a stray '%' is 400 invalid_request.
//
// Tokens:
//   client_credentials with `resource=<absolute URI>` (RFC 8707, one value) -> a JWT access token
//     (header typ "at+jwt", RS256, kid) with claims
//     {jti, sub: <client id>, iat, exp: iat+TTL, scope?: <requested scope>, client_id,
//      iss: <issuer>, aud: <resource>}.
//   client_credentials with `audience=<value>` and no resource (Auth0-style, a convention of this
//     peer via the defaultResource hook) -> the same JWT with aud = <value> (one value only;
//     several -> 400 invalid_target).
//   client_credentials with neither -> an OPAQUE access token (43 chars) + expires_in: that is
//     oidc-provider's behaviour for tokens without an audience.
//   A resource whose host ends in ".invalid" is refused with 400 invalid_target.
//   Every requested scope is granted (echoed in the token's `scope` and the response).
//
// RFC 8693 token exchange (grant_type urn:ietf:params:oauth:grant-type:token-exchange):
//   subject_token: a JWT signed by a key of SUBJECT_JWKS or by this provider (signature and exp
//   are checked; aud and iss are NOT); subject_token_type: the id_token, access_token or jwt URN;
//   requested_token_type (optional): the access_token or jwt URN; target: at most one `resource`
//   or `audience` (default: the client id); scope passed through. Issues a JWT access token with
//   sub = the subject token's sub, client_id = the exchanging client, aud = the target, and
//   answers {access_token, issued_token_type: ...:access_token, token_type: "Bearer",
//   expires_in, scope?}. A bad subject token is 400 invalid_grant.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';

// A fresh RS256 signing key per run (no development keys, no key files). Generated on the
// thread pool while the modules below load: together they are most of the startup time.
const keyGeneration = new Promise((resolve, reject) => {
  crypto.generateKeyPair('rsa', { modulusLength: 2048 }, (err, _pub, key) => (err ? reject(err) : resolve(key)));
});
const [jose, { default: Provider, errors }] = await Promise.all([import('jose'), import('oidc-provider')]);

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const TT = 'urn:ietf:params:oauth:token-type:';
const AUDIENCE_URN = 'urn:jwtcred-peer:audience:';

const CLIENTS = [
  {
    client_id: 'jwtcred-basic',
    client_secret: 'basic secret:with%+&=/?chars',
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
  },
  {
    client_id: 'jwtcred-post',
    client_secret: 'post secret:with%+&=chars',
    token_endpoint_auth_method: 'client_secret_post',
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
  },
  {
    client_id: 'jwtcred:colon id',
    client_secret: 'colon-id-secret',
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
  },
  {
    client_id: 'jwtcred-exchange',
    client_secret: 'exchange secret:%+',
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: [TOKEN_EXCHANGE, 'client_credentials'],
    redirect_uris: [],
    response_types: [],
  },
  {
    client_id: 'jwtcred-public',
    token_endpoint_auth_method: 'none',
    grant_types: [TOKEN_EXCHANGE],
    redirect_uris: [],
    response_types: [],
  },
];

function die(message) {
  process.stderr.write(`oidc-provider peer: ${message}\n`);
  process.exit(1);
}

const portArg = process.argv[2] ?? process.env.PORT ?? '0';
const requestedPort = Number(portArg);
if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
  die(`bad port ${JSON.stringify(portArg)}`);
}
const ttl = Number(process.env.OIDC_PEER_TTL ?? '600');
if (!Number.isInteger(ttl) || ttl <= 0) die('OIDC_PEER_TTL must be a positive integer (seconds)');

let clients = CLIENTS;
if (process.env.OIDC_PEER_CLIENTS) {
  try {
    clients = JSON.parse(process.env.OIDC_PEER_CLIENTS);
  } catch (err) {
    die(`OIDC_PEER_CLIENTS is not JSON: ${err.message}`);
  }
}

let subjectKeys;
if (process.env.SUBJECT_JWKS) {
  try {
    subjectKeys = jose.createLocalJWKSet(JSON.parse(process.env.SUBJECT_JWKS));
  } catch (err) {
    die(`SUBJECT_JWKS is not a JWKS: ${err.message}`);
  }
}

// SIGNING_KEY_PEM (+ SIGNING_KID) pins the signing key, so a test's fake kube-apiserver can
// trust this provider's tokens with the fixture key it already knows.
const privateKey = process.env.SIGNING_KEY_PEM
  ? crypto.createPrivateKey(process.env.SIGNING_KEY_PEM)
  : await keyGeneration;
const signingJwk = {
  ...privateKey.export({ format: 'jwk' }),
  kid: process.env.SIGNING_KID || crypto.randomUUID(),
  alg: 'RS256',
  use: 'sig',
};
const ownKeys = jose.createLocalJWKSet({
  keys: [{
    kty: 'RSA', n: signingJwk.n, e: signingJwk.e, kid: signingJwk.kid, alg: 'RS256', use: 'sig',
  }],
});

const tls = process.env.TLS_CERT_FILE
  ? { cert: fs.readFileSync(process.env.TLS_CERT_FILE), key: fs.readFileSync(process.env.TLS_KEY_FILE) }
  : undefined;
const server = tls ? https.createServer(tls) : http.createServer();
server.listen(requestedPort, '127.0.0.1');
await new Promise((resolve, reject) => {
  server.once('listening', resolve);
  server.once('error', reject);
}).catch((err) => die(`cannot listen on 127.0.0.1:${requestedPort}: ${err.message}`));
const { port } = server.address();
const issuer = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;

function resourceServerInfo(ctx, identifier) {
  let audience = identifier;
  if (identifier.startsWith(AUDIENCE_URN)) {
    audience = decodeURIComponent(identifier.slice(AUDIENCE_URN.length));
  } else if (URL.parse(identifier)?.hostname.endsWith('.invalid')) {
    throw new errors.InvalidTarget(`resource ${identifier} is not served here`);
  }
  return {
    audience,
    scope: ctx.oidc.params.scope ?? '',
    accessTokenTTL: ttl,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'RS256' } },
  };
}

const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [signingJwk] },
  cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      async defaultResource(ctx, _client, oneOf) {
        if (oneOf) return oneOf;
        // Auth0-style `audience` for client_credentials: oidc-provider drops unknown
        // parameters, so read it from the raw form body.
        const audience = ctx.oidc.body?.audience;
        if (ctx.oidc.params.grant_type === 'client_credentials' && audience !== undefined) {
          const values = [].concat(audience).map((a) => (URL.parse(a) ? a : AUDIENCE_URN + encodeURIComponent(a)));
          return values.length === 1 ? values[0] : values;
        }
        return undefined;
      },
      async getResourceServerInfo(ctx, identifier) {
        return resourceServerInfo(ctx, identifier);
      },
      async useGrantedResource() {
        return false;
      },
    },
  },
  ttl: { AccessToken: ttl, ClientCredentials: ttl },
});

provider.registerGrantType(TOKEN_EXCHANGE, async (ctx) => {
  const { params, client } = ctx.oidc;
  if (!params.subject_token) throw new errors.InvalidRequest("missing required parameter 'subject_token'");
  if (![`${TT}id_token`, `${TT}access_token`, `${TT}jwt`].includes(params.subject_token_type)) {
    throw new errors.InvalidRequest('unsupported subject_token_type');
  }
  if (params.requested_token_type && ![`${TT}access_token`, `${TT}jwt`].includes(params.requested_token_type)) {
    throw new errors.InvalidRequest('unsupported requested_token_type');
  }
  let subject;
  for (const keys of [subjectKeys, ownKeys].filter(Boolean)) {
    try {
      ({ payload: subject } = await jose.jwtVerify(params.subject_token, keys));
      break;
    } catch { /* try the next key set */ }
  }
  if (!subject?.sub) throw new errors.InvalidGrant('subject_token is invalid, expired or has no sub');
  const targets = [...[].concat(params.resource ?? []), ...[].concat(params.audience ?? [])];
  if (targets.length > 1) throw new errors.InvalidTarget('at most one resource or audience is supported');
  const target = targets[0] ?? client.clientId;
  const token = new provider.AccessToken({
    client,
    accountId: subject.sub,
    gty: 'token_exchange',
    scope: params.scope || undefined,
    resourceServer: new provider.ResourceServer(target, resourceServerInfo(ctx, target)),
  });
  ctx.body = {
    access_token: await token.save(),
    issued_token_type: `${TT}access_token`,
    token_type: 'Bearer',
    expires_in: token.expiration,
    ...(token.scope ? { scope: token.scope } : undefined),
  };
}, ['subject_token', 'subject_token_type', 'requested_token_type', 'actor_token', 'actor_token_type',
  'audience', 'resource', 'scope'], ['audience', 'resource']);

server.on('request', provider.callback());

process.stdout.write(`${JSON.stringify({
  issuer, port, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`,
})}\n`);

const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.on('error', stop);
process.stdin.resume();
