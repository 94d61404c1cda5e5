import type { OidcConfig } from '@psp/config';
import * as oidc from 'openid-client';
import type { PendingLogin } from '@psp/persistence';

export const OIDC_SCOPES = 'openid profile email';

/**
 * The api as the browser's OpenID Connect client: authorization code with PKCE (S256), state and
 * nonce; the client authenticates with its secret. The provider's metadata is fetched at the first
 * sign-in (and again after a failure), so the api starts even while the provider is down.
 */
export class OidcClient {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(
    private readonly settings: OidcConfig,
    private readonly redirectUri: string,
    private readonly postLogoutRedirectUri: string,
  ) {}

  private discover(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(
        new URL(this.settings.issuerUrl),
        this.settings.clientId,
        { client_secret: this.settings.clientSecret },
        oidc.ClientSecretBasic(this.settings.clientSecret),
        this.settings.allowInsecureHttp ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((err: unknown) => {
        this.configuration = undefined;
        throw err;
      });
    return this.configuration;
  }

  async begin(returnTo: string): Promise<{ url: string; pending: PendingLogin }> {
    const config = await this.discover();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const pending: PendingLogin = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier, returnTo };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: OIDC_SCOPES,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /**
   * Exchanges the code and returns the verified ID token's claims, completed from the UserInfo
   * endpoint when the ID token lacks `wanted` (providers that keep profile claims out of the ID
   * token). Tokens are used here and not kept.
   */
  async finish(callbackUrl: URL, pending: PendingLogin, wanted: string): Promise<Record<string, unknown>> {
    const config = await this.discover();
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('The provider returned no ID token');
    if (claims[wanted] !== undefined || !config.serverMetadata().userinfo_endpoint) return claims as Record<string, unknown>;
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    return { ...info, ...claims } as Record<string, unknown>;
  }

  /** The provider's logout page (RP-initiated logout), or undefined when it offers none. */
  async endSessionUrl(): Promise<string | undefined> {
    const config = await this.discover().catch(() => undefined);
    if (!config?.serverMetadata().end_session_endpoint) return undefined;
    return oidc.buildEndSessionUrl(config, { client_id: this.settings.clientId, post_logout_redirect_uri: this.postLogoutRedirectUri }).href;
  }
}
