import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { Pool } from 'pg';

/**
 * The local OpenID provider of the embedded default (`npm start`) and the browser tests: its
 * accounts are the users of the PSP database, each signing in with the shared demo password. Like
 * a real provider it knows who people are, not what PSP lets them do: a deactivated PSP user can
 * still sign in here and is then refused by the api. It is a development login, and its page says so. In production the api is pointed at
 * a real provider (Keycloak, Entra ID, a municipal broker) with OIDC_ISSUER_URL.
 */
export const DEV_OIDC_CLIENT_ID = 'psp-koordinering-web';
export const DEV_PASSWORD = 'psp-demo';

export interface DevOidcProvider {
  issuer: string;
  clientSecret: string;
  stop(): Promise<void>;
}

interface Account {
  id: string;
  username: string;
  display_name: string;
  email: string;
  roles: string[];
  authority: string;
  active: boolean;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title: string, body: string) => `<!doctype html>
<html lang="da"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} – udviklingslogin</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a;background:#f5f5f5}
.banner{background:#ffe08a;border-bottom:2px solid #8a6d00;padding:.75rem 1rem;font-weight:600}
main{max-width:40rem;margin:1.5rem auto;background:#fff;padding:1.5rem;border:1px solid #ccc}
label{display:block;font-weight:600;margin-top:1rem}
input{font:inherit;padding:.5rem;width:100%;box-sizing:border-box;border:1px solid #555;margin-top:.25rem}
button{font:inherit;margin-top:1.25rem;padding:.6rem 1.4rem;background:#0059b3;color:#fff;border:0;cursor:pointer}
button.secondary{background:#fff;color:#0059b3;border:1px solid #0059b3;margin-left:.5rem}
:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
.error{color:#b30000;font-weight:600}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
table{border-collapse:collapse;width:100%;margin-top:.5rem;font-size:.95rem}
th,td{text-align:left;padding:.3rem .4rem;border-bottom:1px solid #ddd}
</style></head><body>
<div class="banner" role="note">Udviklingslogin – kun til lokal afprøvning. Ikke en rigtig login-tjeneste.</div>
<main>${body}</main></body></html>`;

function loginPage(uid: string, accounts: Account[], error?: string): string {
  const rows = accounts
    .map((a) => `<tr><td>${escape(a.username)}</td><td>${escape(a.display_name)}</td><td>${escape(a.roles.join(', '))}${a.active ? '' : ' (deaktiveret i PSP)'}</td><td>${escape(a.authority)}</td></tr>`)
    .join('');
  return page(
    'Log ind',
    `<h1>Log ind på PSP Koordinering</h1>
<p>Brug en af demo-brugerne nedenfor. Adgangskoden er den samme for alle: <strong>${DEV_PASSWORD}</strong>.</p>
${error ? `<p class="error" role="alert" id="login-error">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login" autocomplete="off">
<label for="username">Brugernavn</label>
<input id="username" name="username" required autofocus ${error ? 'aria-describedby="login-error"' : ''}>
<label for="password">Adgangskode</label>
<input id="password" name="password" type="password" required>
<button type="submit">Log ind</button>
</form>
<h2>Demo-brugere</h2>
<table><caption class="sr-only">Demo-brugere</caption><thead><tr><th scope="col">Brugernavn</th><th scope="col">Navn</th><th scope="col">Roller</th><th scope="col">Myndighed</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16_384) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startDevOidcProvider(opts: { port: number; databaseUrl: string; redirectUris: string[]; postLogoutRedirectUris: string[]; host?: string }): Promise<DevOidcProvider> {
  const issuer = `http://localhost:${opts.port}`;
  const clientSecret = randomBytes(24).toString('base64url');
  const pool = new Pool({ connectionString: opts.databaseUrl, max: 2 });
  const accounts = async (): Promise<Account[]> =>
    (
      await pool.query<Account>(
        `SELECT u.id, u.username, u.display_name, u.email, u.roles, a.name AS authority, u.active
           FROM app_user u JOIN authority a ON a.id = u.authority_id ORDER BY u.username`,
      )
    ).rows;
  const account = async (where: 'id' | 'username', value: string): Promise<Account | undefined> =>
    (await accounts()).find((a) => a[where] === value);

  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const configuration: Configuration = {
    clients: [
      {
        client_id: DEV_OIDC_CLIENT_ID,
        client_secret: clientSecret,
        redirect_uris: opts.redirectUris,
        post_logout_redirect_uris: opts.postLogoutRedirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'], email: ['email'] },
    findAccount: async (_ctx, id) => {
      const a = await account('id', id);
      if (!a) return undefined;
      return { accountId: a.id, claims: async () => ({ sub: a.id, preferred_username: a.username, name: a.display_name, email: a.email }) };
    },
    // The PSP web app is the provider's own first-party client: no consent screen.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session, provider } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const existing = session.grantIdFor(client.clientId);
      if (existing) return provider.Grant.find(existing);
      const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    jwks: { keys: [{ ...signingKey, kid: 'psp-dev-oidc', use: 'sig', alg: 'RS256' }] },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = page(
            'Log ud',
            `${form}<h1>Log ud af udviklingslogin?</h1><p>Du er logget ud af PSP Koordinering. Vil du også logge ud af udviklingslogin?</p>
<button type="submit" form="op.logoutForm" name="logout" value="yes">Ja, log ud</button>
<button type="submit" form="op.logoutForm" class="secondary">Nej</button>`,
          );
        },
      },
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec((req.url ?? '').split('?')[0]);
    if (!match) return void callback(req, res);
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.setHeader('Cache-Control', 'no-store');
        if (details.prompt.name !== 'login') {
          // Consent is granted by loadExistingGrant; any other prompt is finished as-is.
          await provider.interactionFinished(req, res, {}, { mergeWithLastSubmission: true });
          return;
        }
        if (req.method === 'POST' && match[2]) {
          const form = await readForm(req);
          const a = await account('username', (form.get('username') ?? '').trim());
          if (a && form.get('password') === DEV_PASSWORD) {
            await provider.interactionFinished(req, res, { login: { accountId: a.id } }, { mergeWithLastSubmission: false });
            return;
          }
          res.statusCode = 200;
          res.end(loginPage(details.uid, await accounts(), 'Forkert brugernavn eller adgangskode. Prøv igen.'));
          return;
        }
        res.end(loginPage(details.uid, await accounts()));
      } catch (err) {
        res.statusCode = 400;
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.end(page('Fejl', `<h1>Login kunne ikke gennemføres</h1><p>${escape(err instanceof Error ? err.message : String(err))}</p><p>Gå tilbage til PSP Koordinering og prøv igen.</p>`));
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  return {
    issuer,
    clientSecret,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
