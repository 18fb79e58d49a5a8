import { UserManager, WebStorageStateStore } from "oidc-client-ts";

// Production sign-in: OpenID Connect authorization code flow with PKCE (oidc-client-ts does
// PKCE for the code flow), configured by the issuer URL the gateway's config.json names.
// The identity provider's access token is the bearer token of every call; its claims carry
// the roles and town (services.platform.auth).
function manager(oidc) {
  return new UserManager({
    authority: oidc.issuer, client_id: oidc.clientId, response_type: "code", scope: "openid profile",
    redirect_uri: `${location.origin}/console/callback`, post_logout_redirect_uri: `${location.origin}/console/`,
    userStore: new WebStorageStateStore({ store: sessionStorage }),
  });
}

export function startSignIn(oidc) {
  return manager(oidc).signinRedirect();
}

export async function finishSignIn(oidc) {
  const user = await manager(oidc).signinRedirectCallback();
  const claims = JSON.parse(atob(user.access_token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
  return { token: user.access_token, role: (claims.roles || [])[0] || "", town: claims.town || "", subject: claims.sub };
}
