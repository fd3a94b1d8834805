//! The oidc-provider test peer itself: proves that the IdP the client-credentials and
//! token-exchange tests rely on behaves as they assume (without the jwtcred binary).

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::json;

use crate::common::oidc::{
    BASIC_ID, BASIC_SECRET, COLON_ID, COLON_SECRET, EXCHANGE_ID, EXCHANGE_SECRET, OidcProvider,
    POST_ID, POST_SECRET, PUBLIC_ID, SubjectKey, TOKEN_EXCHANGE_GRANT, basic_auth, decode_jwt,
};

const RESOURCE: &str = "https://kubernetes.example";
const ID_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:id_token";
const ACCESS_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:access_token";

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Checks the shape every JWT access token of the peer has and returns its claims.
fn assert_jwt_access_token(
    op: &OidcProvider,
    token: &str,
    sub: &str,
    client_id: &str,
    aud: &str,
    ttl: i64,
) -> serde_json::Value {
    let (header, claims) = decode_jwt(token);
    assert_eq!(header["typ"], "at+jwt", "{header}");
    assert_eq!(header["alg"], "RS256", "{header}");
    assert!(header["kid"].is_string(), "{header}");
    assert_eq!(claims["iss"], op.issuer.as_str(), "{claims}");
    assert_eq!(claims["sub"], sub, "{claims}");
    assert_eq!(claims["client_id"], client_id, "{claims}");
    assert_eq!(claims["aud"], aud, "{claims}");
    let (iat, exp) = (
        claims["iat"].as_i64().unwrap(),
        claims["exp"].as_i64().unwrap(),
    );
    assert_eq!(exp - iat, ttl, "{claims}");
    assert!((iat - now()).abs() < 30 && exp > now(), "{claims}");
    claims
}

#[test]
fn discovery_lists_token_endpoint_and_grants() {
    let Some(op) = OidcProvider::start() else {
        return;
    };
    eprintln!("oidc-provider ready after {} ms", op.startup.as_millis());
    let resp = op.get(&op.discovery_url());
    assert_eq!(resp.status, 200, "{}", resp.body);
    let doc = resp.json();
    assert_eq!(doc["issuer"], op.issuer.as_str());
    assert_eq!(doc["token_endpoint"], op.token_endpoint.as_str());
    assert_eq!(doc["jwks_uri"], op.jwks_uri.as_str());
    let grants: Vec<&str> = doc["grant_types_supported"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(grants.contains(&"client_credentials"), "{grants:?}");
    assert!(grants.contains(&TOKEN_EXCHANGE_GRANT), "{grants:?}");
    let methods = doc["token_endpoint_auth_methods_supported"].to_string();
    assert!(
        methods.contains("client_secret_basic") && methods.contains("client_secret_post"),
        "{methods}"
    );
    let jwks = op.get(&op.jwks_uri).json();
    assert_eq!(jwks["keys"][0]["kty"], "RSA", "{jwks}");
}

#[test]
fn client_credentials_basic_with_form_encoded_secret_and_resource_gives_jwt() {
    let Some(op) = OidcProvider::start() else {
        return;
    };
    let auth = basic_auth(BASIC_ID, BASIC_SECRET);
    let resp = op.post_form(
        &op.token_endpoint,
        &[("Authorization", &auth)],
        &[
            ("grant_type", "client_credentials"),
            ("resource", RESOURCE),
            ("scope", "read write"),
        ],
    );
    assert_eq!(resp.status, 200, "{}", resp.body);
    assert_eq!(resp.header("cache-control"), Some("no-store"));
    let body = resp.json();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 600);
    assert_eq!(body["scope"], "read write");
    let claims = assert_jwt_access_token(
        &op,
        body["access_token"].as_str().unwrap(),
        BASIC_ID,
        BASIC_ID,
        RESOURCE,
        600,
    );
    assert_eq!(claims["scope"], "read write");
}

#[test]
fn basic_without_form_encoding_is_rejected() {
    let Some(op) = OidcProvider::start() else {
        return;
    };
    use base64::Engine as _;
    // The secret holds '%' and '+': sent raw, the server's §2.3.1 decoding cannot recover it.
    let raw =
        base64::engine::general_purpose::STANDARD.encode(format!("{BASIC_ID}:{BASIC_SECRET}"));
    let resp = op.post_form(
        &op.token_endpoint,
        &[("Authorization", &format!("Basic {raw}"))],
        &[("grant_type", "client_credentials"), ("resource", RESOURCE)],
    );
    assert!(
        resp.status == 400 || resp.status == 401,
        "{} {}",
        resp.status,
        resp.body
    );
    let error = resp.json()["error"].as_str().unwrap().to_owned();
    assert!(
        error == "invalid_request" || error == "invalid_client",
        "{error}"
    );

    // A client id with ':' and ' ' needs the encoding too, and works with it.
    let token = op.client_credentials_token(COLON_ID, COLON_SECRET, RESOURCE);
    assert_jwt_access_token(&op, &token, COLON_ID, COLON_ID, RESOURCE, 600);
}

#[test]
fn client_credentials_post_auth_works() {
    let Some(op) = OidcProvider::start() else {
        return;
    };
    let resp = op.post_form(
        &op.token_endpoint,
        &[],
        &[
            ("grant_type", "client_credentials"),
            ("client_id", POST_ID),
            ("client_secret", POST_SECRET),
            ("resource", RESOURCE),
        ],
    );
    assert_eq!(resp.status, 200, "{}", resp.body);
    let body = resp.json();
    assert_jwt_access_token(
        &op,
        body["access_token"].as_str().unwrap(),
        POST_ID,
        POST_ID,
        RESOURCE,
        600,
    );
}

#[test]
fn wrong_secret_is_invalid_client_401() {
    let Some(op) = OidcProvider::start() else {
        return;
    };
    for (headers, form) in [
        (
            vec![("Authorization", basic_auth(BASIC_ID, "not the secret"))],
            vec![("grant_type", "client_credentials"), ("resource", RESOURCE)],
        ),
        (
            vec![],
            vec![
                ("grant_type", "client_credentials"),
                ("client_id", POST_ID),
                ("client_secret", "not the secret"),
            ],
        ),
        (
            vec![("Authorization", basic_auth("no-such-client", "x"))],
            vec![("grant_type", "client_credentials")],
        ),
    ] {
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let resp = op.post_form(&op.token_endpoint, &headers, &form);
        assert_eq!(resp.status, 401, "{}", resp.body);
        assert_eq!(resp.json()["error"], "invalid_client", "{}", resp.body);
    }
}

#[test]
fn without_resource_the_token_is_opaque_audience_parameter_sets_aud_and_bad_targets_fail() {
    let Some(op) = OidcProvider::start() else {
        return;
    };
    let auth = basic_auth(BASIC_ID, BASIC_SECRET);
    let post =
        |form: &[(&str, &str)]| op.post_form(&op.token_endpoint, &[("Authorization", &auth)], form);

    let resp = post(&[("grant_type", "client_credentials")]);
    assert_eq!(resp.status, 200, "{}", resp.body);
    let body = resp.json();
    let token = body["access_token"].as_str().unwrap();
    assert_eq!(token.split('.').count(), 1, "opaque expected: {token}");
    assert_eq!(body["expires_in"], 600);

    // Auth0-style `audience` (this peer's convention): any string becomes `aud`.
    let resp = post(&[
        ("grant_type", "client_credentials"),
        ("audience", "kubernetes"),
    ]);
    assert_eq!(resp.status, 200, "{}", resp.body);
    assert_jwt_access_token(
        &op,
        resp.json()["access_token"].as_str().unwrap(),
        BASIC_ID,
        BASIC_ID,
        "kubernetes",
        600,
    );

    for form in [
        vec![
            ("grant_type", "client_credentials"),
            ("audience", "a"),
            ("audience", "b"),
        ],
        vec![
            ("grant_type", "client_credentials"),
            ("resource", RESOURCE),
            ("resource", "https://other.example"),
        ],
        vec![
            ("grant_type", "client_credentials"),
            ("resource", "https://api.invalid"),
        ],
        vec![
            ("grant_type", "client_credentials"),
            ("resource", "not-a-uri"),
        ],
    ] {
        let resp = post(&form);
        assert_eq!(resp.status, 400, "{form:?}: {}", resp.body);
        assert_eq!(
            resp.json()["error"],
            "invalid_target",
            "{form:?}: {}",
            resp.body
        );
    }
}

#[test]
fn token_ttl_is_configurable() {
    let Some(op) = OidcProvider::start_with_env(&[("OIDC_PEER_TTL", "30")]) else {
        return;
    };
    let token = op.client_credentials_token(BASIC_ID, BASIC_SECRET, RESOURCE);
    assert_jwt_access_token(&op, &token, BASIC_ID, BASIC_ID, RESOURCE, 30);
}

#[test]
fn token_exchange_of_external_and_own_tokens() {
    let subject_key = SubjectKey::generate();
    let jwks = subject_key.jwks_json();
    let Some(op) = OidcProvider::start_with_env(&[("SUBJECT_JWKS", &jwks)]) else {
        return;
    };
    let auth = basic_auth(EXCHANGE_ID, EXCHANGE_SECRET);
    let exchange = |subject: &str, extra: &[(&str, &str)]| {
        let mut form = vec![
            ("grant_type", TOKEN_EXCHANGE_GRANT),
            ("subject_token", subject),
            ("subject_token_type", ID_TOKEN_TYPE),
        ];
        form.extend_from_slice(extra);
        op.post_form(&op.token_endpoint, &[("Authorization", &auth)], &form)
    };

    // A subject token signed by a SUBJECT_JWKS key.
    let subject = subject_key.mint(&json!({
        "iss": "https://ci.example", "sub": "repo:org/app:ref:refs/heads/main",
        "aud": "jwtcred", "iat": now(), "exp": now() + 300,
    }));
    let resp = exchange(&subject, &[("audience", "k8s"), ("scope", "groups")]);
    assert_eq!(resp.status, 200, "{}", resp.body);
    let body = resp.json();
    assert_eq!(body["issued_token_type"], ACCESS_TOKEN_TYPE);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 600);
    assert_eq!(body["scope"], "groups");
    let claims = assert_jwt_access_token(
        &op,
        body["access_token"].as_str().unwrap(),
        "repo:org/app:ref:refs/heads/main",
        EXCHANGE_ID,
        "k8s",
        600,
    );
    assert_eq!(claims["scope"], "groups");

    // A token this provider issued; `resource` as the target; the public client.
    let own = op.client_credentials_token(BASIC_ID, BASIC_SECRET, RESOURCE);
    let resp = op.post_form(
        &op.token_endpoint,
        &[],
        &[
            ("grant_type", TOKEN_EXCHANGE_GRANT),
            ("client_id", PUBLIC_ID),
            ("subject_token", &own),
            ("subject_token_type", ACCESS_TOKEN_TYPE),
            ("requested_token_type", ACCESS_TOKEN_TYPE),
            ("resource", "https://cluster-b.example"),
        ],
    );
    assert_eq!(resp.status, 200, "{}", resp.body);
    let token = resp.json()["access_token"].as_str().unwrap().to_owned();
    assert_jwt_access_token(
        &op,
        &token,
        BASIC_ID,
        PUBLIC_ID,
        "https://cluster-b.example",
        600,
    );

    // No target: aud is the exchanging client.
    let resp = exchange(&subject, &[]);
    assert_eq!(resp.status, 200, "{}", resp.body);
    assert_eq!(
        decode_jwt(resp.json()["access_token"].as_str().unwrap()).1["aud"],
        EXCHANGE_ID
    );

    // Expired, foreign-signed or mangled subject tokens: invalid_grant.
    let expired = subject_key.mint(&json!({"sub": "x", "iat": now() - 600, "exp": now() - 300}));
    let foreign = SubjectKey::generate().mint(&json!({"sub": "x", "exp": now() + 300}));
    for bad in [expired, foreign, format!("{subject}x")] {
        let resp = exchange(&bad, &[]);
        assert_eq!(resp.status, 400, "{}", resp.body);
        assert_eq!(resp.json()["error"], "invalid_grant", "{}", resp.body);
    }
    // Unsupported token types: invalid_request.
    let resp = exchange(
        &subject,
        &[(
            "requested_token_type",
            "urn:ietf:params:oauth:token-type:saml2",
        )],
    );
    assert_eq!(resp.status, 400, "{}", resp.body);
    assert_eq!(resp.json()["error"], "invalid_request", "{}", resp.body);
    // A client without the grant.
    let resp = op.post_form(
        &op.token_endpoint,
        &[("Authorization", &basic_auth(BASIC_ID, BASIC_SECRET))],
        &[
            ("grant_type", TOKEN_EXCHANGE_GRANT),
            ("subject_token", &subject),
            ("subject_token_type", ID_TOKEN_TYPE),
        ],
    );
    assert_eq!(resp.status, 400, "{}", resp.body);
}
