//! Differential proof for `jwtcred doctor`: a corpus of (AuthenticationConfiguration, token)
//! pairs, each judged by the real Kubernetes authenticator (`kube-authn batch`, built on
//! k8s.io/apiserver) and by doctor. For every pair doctor must agree — same verdict and, when
//! accepted, the same user — or say `skip` for exactly the part it cannot evaluate. The test
//! prints the agreement and skip figures and fails on any divergence.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::common::TestEnv;
use crate::common::doctor::{DoctorRun, doctor};
use crate::common::issuer::HttpsIssuer;
use crate::common::jwt::{TestIssuer, TestKey, now};
use crate::common::kube_authn::{self, Verdict};
use crate::common::signers::{self, Alg};

/// One token of a group, and the doctor check that must fail when the cluster rejects it.
struct Case {
    name: &'static str,
    token: String,
    fails: Option<&'static str>,
}

/// A configuration and the tokens judged against it.
struct Group {
    name: &'static str,
    config: String,
    cases: Vec<Case>,
}

fn config(entries: &[Value]) -> String {
    json!({
        "apiVersion": "apiserver.config.k8s.io/v1",
        "kind": "AuthenticationConfiguration",
        "jwt": entries,
    })
    .to_string()
}

struct Corpus<'a> {
    issuer: &'a HttpsIssuer,
}

impl Corpus<'_> {
    fn issuer_block(&self, audiences: &[&str]) -> Value {
        let mut issuer = json!({
            "url": self.issuer.url,
            "certificateAuthority": self.issuer.ca_pem(),
            "audiences": audiences,
        });
        if audiences.len() > 1 {
            issuer["audienceMatchPolicy"] = json!("MatchAny");
        }
        issuer
    }

    /// An entry for the test issuer with audience `k8s` and these mappings/rules.
    fn entry(&self, rest: Value) -> Value {
        let mut entry = json!({ "issuer": self.issuer_block(&["k8s"]) });
        for (key, value) in rest.as_object().expect("object") {
            entry[key] = value.clone();
        }
        entry
    }

    fn claims(&self, overrides: Value) -> Value {
        let now = now();
        let mut claims = json!({
            "iss": self.issuer.url,
            "sub": "repo:acme/app:ref:refs/heads/main",
            "aud": "k8s",
            "iat": now,
            "nbf": now,
            "exp": now + 600,
            "jti": "id-1",
            "groups": ["dev", "ops"],
            "repository_owner": "acme",
            "repository": "acme/app",
            "email": "dev@example.com",
            "email_verified": true,
        });
        for (key, value) in overrides.as_object().expect("object") {
            if value.is_null() {
                claims.as_object_mut().unwrap().remove(key);
            } else {
                claims[key] = value.clone();
            }
        }
        claims
    }

    fn token(&self, overrides: Value) -> String {
        self.issuer.mint(self.claims(overrides))
    }

    fn signed(&self, alg: Alg, overrides: Value) -> String {
        signers::mint(alg, Some(&alg.kid()), &self.claims(overrides))
    }
}

fn case(name: &'static str, token: String) -> Case {
    Case {
        name,
        token,
        fails: None,
    }
}

fn rejected(name: &'static str, token: String, check: &'static str) -> Case {
    Case {
        name,
        token,
        fails: Some(check),
    }
}

fn corpus(c: &Corpus) -> Vec<Group> {
    let basic = c.entry(json!({"claimMappings": {
        "username": {"claim": "sub", "prefix": "oidc:"},
        "groups": {"claim": "groups", "prefix": ""},
        "uid": {"claim": "sub"},
    }}));
    let now = now();
    let other_key = TestIssuer::with_key(c.issuer.url.clone(), TestKey::Other);
    let mut groups = vec![Group {
        name: "claim mappings, times, keys and algorithms",
        config: config(&[basic]),
        cases: vec![
            case("accepted", c.token(json!({}))),
            case(
                "several audiences, one listed",
                c.token(json!({"aud": ["other", "k8s"]})),
            ),
            rejected(
                "audience in another case",
                c.token(json!({"aud": "K8S"})),
                "audience",
            ),
            rejected(
                "audience not listed",
                c.token(json!({"aud": "kubernetes"})),
                "audience",
            ),
            rejected(
                "issuer with a trailing slash",
                c.token(json!({"iss": format!("{}/", c.issuer.url)})),
                "authenticator",
            ),
            rejected(
                "issuer over http",
                c.token(json!({"iss": c.issuer.url.replace("https://", "http://")})),
                "authenticator",
            ),
            rejected(
                "expired",
                c.token(json!({"exp": now - 30, "iat": now - 700, "nbf": now - 700})),
                "token",
            ),
            case("nbf 30 s ahead", c.token(json!({"nbf": now + 30}))),
            rejected(
                "nbf 2 min ahead",
                c.token(json!({"nbf": now + 120})),
                "token",
            ),
            case(
                "iat 5 min ahead (clock skew)",
                c.token(json!({"iat": now + 300})),
            ),
            rejected("no exp", c.token(json!({"exp": null})), "token"),
            rejected(
                "signed by another key, same kid",
                other_key
                    .mint(c.claims(json!({})))
                    .replace(&other_key.kid, c.issuer.issuer.kid()),
                "signature",
            ),
            rejected(
                "kid not in the JWKS",
                other_key.mint(c.claims(json!({}))),
                "signature",
            ),
            case("RS384", c.signed(Alg::Rs384, json!({}))),
            case("RS512", c.signed(Alg::Rs512, json!({}))),
            case("PS256", c.signed(Alg::Ps256, json!({}))),
            case("PS384", c.signed(Alg::Ps384, json!({}))),
            case("PS512", c.signed(Alg::Ps512, json!({}))),
            case("ES256", c.signed(Alg::Es256, json!({}))),
            case("ES384", c.signed(Alg::Es384, json!({}))),
            case("ES512", c.signed(Alg::Es512, json!({}))),
            case(
                "ES256 without kid",
                signers::mint(Alg::Es256, None, &c.claims(json!({}))),
            ),
            rejected(
                "HS256",
                signers::mint_hs256(&c.claims(json!({}))),
                "signature",
            ),
            case("groups as one string", c.token(json!({"groups": "admins"}))),
            case("no groups claim", c.token(json!({"groups": null}))),
            case("empty groups", c.token(json!({"groups": []}))),
            rejected(
                "groups holding a number",
                c.token(json!({"groups": ["a", 1]})),
                "mapping",
            ),
            rejected("no sub", c.token(json!({"sub": null})), "mapping"),
            rejected("sub is a number", c.token(json!({"sub": 42})), "mapping"),
            case("no jti", c.token(json!({"jti": null}))),
            case("empty jti", c.token(json!({"jti": ""}))),
        ],
    }];
    groups.push(Group {
        name: "email username",
        config: config(&[
            c.entry(json!({"claimMappings": {"username": {"claim": "email", "prefix": ""}}}))
        ]),
        cases: vec![
            case("verified", c.token(json!({}))),
            case(
                "email_verified absent",
                c.token(json!({"email_verified": null})),
            ),
            rejected(
                "not verified",
                c.token(json!({"email_verified": false})),
                "mapping",
            ),
            rejected(
                "email_verified as a string",
                c.token(json!({"email_verified": "true"})),
                "mapping",
            ),
            rejected(
                "no email (but a mail claim)",
                c.token(json!({"email": null, "mail": "dev@example.com"})),
                "mapping",
            ),
        ],
    });
    let mut multi = c.entry(json!({"claimMappings": {"username": {"claim": "sub", "prefix": ""}}}));
    multi["issuer"] = c.issuer_block(&["a", "b"]);
    groups.push(Group {
        name: "several audiences (MatchAny), no prefix",
        config: config(&[multi]),
        cases: vec![
            case("second audience", c.token(json!({"aud": "b"}))),
            case("both", c.token(json!({"aud": ["b", "a"]}))),
            rejected("neither", c.token(json!({"aud": ["c"]})), "audience"),
        ],
    });
    groups.push(Group {
        name: "claim/requiredValue rules",
        config: config(&[c.entry(json!({
            "claimValidationRules": [{"claim": "repository_owner", "requiredValue": "acme"}],
            "claimMappings": {"username": {"claim": "sub", "prefix": "gh:"}, "groups": {"claim": "groups", "prefix": "gh:"}},
        }))]),
        cases: vec![
            case("owner matches", c.token(json!({}))),
            rejected("owner in another case", c.token(json!({"repository_owner": "Acme"})), "claims"),
            rejected("owner missing", c.token(json!({"repository_owner": null})), "claims"),
            rejected("owner is a number", c.token(json!({"repository_owner": 7})), "claims"),
        ],
    });
    groups.push(Group {
        name: "CEL claim validation rules",
        config: config(&[c.entry(json!({
            "claimValidationRules": [
                {"expression": "claims.sub.startsWith('repo:acme/')", "message": "only acme repositories"},
                {"expression": "has(claims.ref) ? claims.ref == 'refs/heads/main' : true", "message": "main only"},
                {"expression": "claims.exp - claims.iat <= 3600", "message": "at most an hour"},
                {"expression": "dyn(claims.groups).exists(g, g == 'dev') || claims.repository_owner == 'acme'"},
            ],
            "claimMappings": {"username": {"expression": "'ci:' + claims.sub"}},
        }))]),
        cases: vec![
            case("all rules hold", c.token(json!({}))),
            case("ref on main", c.token(json!({"ref": "refs/heads/main"}))),
            rejected("other repository", c.token(json!({"sub": "repo:evil/app:ref:refs/heads/main"})), "claims"),
            rejected("ref on a branch", c.token(json!({"ref": "refs/heads/dev"})), "claims"),
            rejected("lives two hours", c.token(json!({"exp": now + 7200})), "claims"),
            rejected("sub missing: the rule errors", c.token(json!({"sub": null})), "claims"),
        ],
    });
    groups.push(Group {
        name: "CEL mappings for username, groups, uid and extra",
        config: config(&[c.entry(json!({"claimMappings": {
            "username": {"expression": "'gh:' + claims.repository_owner + '/' + claims.sub.split(':')[1].split('/')[1]"},
            "groups": {"expression": "dyn(claims.groups).filter(g, g != '').map(g, 'team:' + g.upperAscii())"},
            "uid": {"expression": "claims.sub.lowerAscii()"},
            "extra": [
                {"key": "example.com/repository", "valueExpression": "claims.repository"},
                {"key": "example.com/tags", "valueExpression": "claims.?tags.orValue([])"},
                {"key": "example.com/host", "valueExpression": "url(claims.iss).getHostname()"},
                {"key": "example.com/empty", "valueExpression": "''"},
            ],
        }}))]),
        cases: vec![
            case("mapped", c.token(json!({"sub": "repo:acme/App:ref:refs/heads/main", "groups": ["dev", "", "ops"]}))),
            case("with tags", c.token(json!({"tags": ["a", "", "b"]}))),
            rejected("groups not a list", c.token(json!({"groups": 5})), "mapping"),
            rejected("repository missing", c.token(json!({"repository": null})), "mapping"),
        ],
    });
    groups.push(Group {
        name: "CEL username results that Kubernetes refuses",
        config: config(&[c.entry(json!({"claimMappings": {
            "username": {"expression": "has(claims.login) ? claims.login : ''"},
            "uid": {"expression": "has(claims.num) ? string(claims.num) : 'none'"},
        }}))]),
        cases: vec![
            rejected("empty username", c.token(json!({})), "mapping"),
            case("login given", c.token(json!({"login": "octocat"}))),
            rejected("login is a number", c.token(json!({"login": 5})), "mapping"),
            case(
                "uid from a number",
                c.token(json!({"login": "octocat", "num": 12})),
            ),
        ],
    });
    groups.push(Group {
        name: "user validation rules and prefixes",
        config: config(&[c.entry(json!({
            "claimMappings": {
                "username": {"claim": "login", "prefix": ""},
                "groups": {"claim": "groups", "prefix": "oidc:"},
            },
            "userValidationRules": [
                {"expression": "!user.username.startsWith('system:')", "message": "no system users"},
                {"expression": "user.groups.all(g, g.startsWith('oidc:'))", "message": "prefixed groups"},
                {"expression": "size(user.extra) <= 1"},
            ],
        }))]),
        cases: vec![
            case("ordinary user", c.token(json!({"login": "octocat"}))),
            rejected("system: user", c.token(json!({"login": "system:admin"})), "mapping"),
            case("no groups", c.token(json!({"login": "octocat", "groups": null}))),
        ],
    });
    groups.push(Group {
        name: "Kubernetes CEL libraries",
        config: config(&[c.entry(json!({
            "claimValidationRules": [
                {"expression": "claims.email.split('@')[1] == 'example.com'"},
                {"expression": "claims.groups.indexOf('dev') >= 0"},
                {"expression": "claims.groups.join(',').contains('ops')"},
                {"expression": "dyn(claims.groups).exists_one(g, g == 'ops')"},
                {"expression": "claims.example__dot__com__slash__team == 'core'"},
                {"expression": "url(claims.iss).getScheme() == 'https'"},
                {"expression": "claims.sub.matches('^repo:[a-z]+/')"},
                {"expression": "claims.?nickname.orValue('none') == 'none' || claims.nickname.lowerAscii() == claims.nickname"},
            ],
            "claimMappings": {"username": {"expression": "claims.?preferred_username.orValue(claims.sub)"}},
        }))]),
        cases: vec![
            case("all libraries", c.token(json!({"example.com/team": "core"}))),
            case("preferred_username", c.token(json!({"example.com/team": "core", "preferred_username": "dev"}))),
            rejected("lowercase nickname rule", c.token(json!({"example.com/team": "core", "nickname": "Dev"})), "claims"),
            rejected("other domain", c.token(json!({"example.com/team": "core", "email": "dev@evil.example"})), "claims"),
            rejected("team claim missing", c.token(json!({})), "claims"),
        ],
    });
    groups.push(Group {
        name: "an expression jwtcred cannot evaluate",
        config: config(&[c.entry(json!({
            "claimValidationRules": [{"expression": "quantity(claims.quota).isLessThan(quantity('10Gi'))"}],
            "claimMappings": {"username": {"claim": "sub", "prefix": ""}},
        }))]),
        cases: vec![case("quota", c.token(json!({"quota": "1Gi"})))],
    });
    let mut other_issuer =
        c.entry(json!({"claimMappings": {"username": {"claim": "sub", "prefix": ""}}}));
    other_issuer["issuer"]["url"] = json!("https://other.example");
    groups.push(Group {
        name: "two authenticators",
        config: config(&[
            other_issuer,
            c.entry(json!({"claimMappings": {"username": {"claim": "sub", "prefix": "two:"}}})),
        ]),
        cases: vec![case("second entry", c.token(json!({})))],
    });
    groups.extend(probes(c));
    groups.extend(broken_configs(c));
    groups
}

/// One expression per configuration, each probing what cel-go's type checker lets through.
fn probes(c: &Corpus) -> Vec<Group> {
    let rules = [
        ("probe: in on a claim", "'ops' in claims.groups"),
        ("probe: size of a claim", "size(claims.groups) == 2"),
        ("probe: index into a claim", "claims.groups[0] == 'dev'"),
        ("probe: a claim as the whole rule", "claims.email_verified"),
        (
            "probe: ranging over a claim",
            "claims.groups.all(g, g != '')",
        ),
        (
            "probe: ranging over an optional claim",
            "claims.?groups.orValue([]).exists(g, g == 'dev')",
        ),
        (
            "probe: ranging over claims[...]",
            "claims['groups'].exists(g, g == 'dev')",
        ),
        (
            "probe: ranging over dyn(claim)",
            "dyn(claims.groups).all(g, g != '')",
        ),
        (
            "probe: ranging over the claims map",
            "claims.exists(k, k == 'jti')",
        ),
        (
            "probe: string functions on a claim",
            "claims.email.lowerAscii().endsWith('@example.com')",
        ),
        (
            "probe: numbers are doubles",
            "claims.exp > claims.iat && claims.iat == double(claims.nbf)",
        ),
    ];
    rules
        .into_iter()
        .map(|(name, rule)| Group {
            name,
            config: config(&[c.entry(json!({
                "claimValidationRules": [{"expression": rule}],
                "claimMappings": {"username": {"claim": "sub", "prefix": ""}},
            }))]),
            cases: vec![case("token", c.token(json!({})))],
        })
        .collect()
}

/// Files kube-apiserver refuses; doctor's `authenticator` check must fail on each.
fn broken_configs(c: &Corpus) -> Vec<Group> {
    let username = json!({"username": {"claim": "sub", "prefix": ""}});
    let broken: Vec<(&'static str, String)> = vec![
        ("http issuer", {
            let mut e = c.entry(json!({"claimMappings": username}));
            e["issuer"]["url"] = json!(c.issuer.url.replace("https://", "http://"));
            config(&[e])
        }),
        ("claim without prefix", config(&[c.entry(json!({"claimMappings": {"username": {"claim": "sub"}}}))])),
        ("unknown field", config(&[c.entry(json!({"claimMappings": username, "claimValidation": []}))])),
        ("several audiences without MatchAny", {
            let mut e = c.entry(json!({"claimMappings": username}));
            e["issuer"]["audiences"] = json!(["a", "b"]);
            config(&[e])
        }),
        ("CEL syntax error", config(&[c.entry(json!({"claimMappings": {"username": {"expression": "claims.sub +"}}}))])),
        ("rule that is not a bool", config(&[c.entry(json!({"claimMappings": username, "claimValidationRules": [{"expression": "claims.sub"}]}))])),
        ("extra key without domain", config(&[c.entry(json!({"claimMappings": {"username": {"claim": "sub", "prefix": ""}, "extra": [{"key": "team", "valueExpression": "claims.sub"}]}}))])),
        ("duplicate issuer", {
            let e = c.entry(json!({"claimMappings": username}));
            config(&[e.clone(), e])
        }),
        ("claims expression using user", config(&[c.entry(json!({"claimMappings": {"username": {"expression": "user.username"}}}))])),
        ("user rule using claims", config(&[c.entry(json!({"claimMappings": username, "userValidationRules": [{"expression": "claims.sub == 'x'"}]}))])),
        ("email without email_verified", config(&[c.entry(json!({"claimMappings": {"username": {"expression": "claims.email"}}}))])),
        ("claim and expression", config(&[c.entry(json!({"claimMappings": {"username": {"claim": "sub", "expression": "claims.sub"}}}))])),
        ("discoveryURL equal to url", {
            let mut e = c.entry(json!({"claimMappings": username}));
            e["issuer"]["discoveryURL"] = json!(format!("{}/", c.issuer.url));
            config(&[e])
        }),
        ("wrong apiVersion", config(&[c.entry(json!({"claimMappings": username}))]).replace("apiserver.config.k8s.io/v1", "apiserver.config.k8s.io/v2")),
        ("reserved extra key", config(&[c.entry(json!({"claimMappings": {"username": {"claim": "sub", "prefix": ""}, "extra": [{"key": "kubernetes.io/x", "valueExpression": "claims.sub"}]}}))])),
    ];
    broken
        .into_iter()
        .map(|(name, config)| Group {
            name,
            config,
            cases: vec![rejected("any token", c.token(json!({})), "authenticator")],
        })
        .collect()
}

#[derive(Debug, Default)]
struct Tally {
    pairs: usize,
    agreed: usize,
    skipped: Vec<String>,
    divergences: Vec<String>,
}

fn judge(
    group: &Group,
    case: &Case,
    kube: &Result<Verdict, String>,
    run: &DoctorRun,
    tally: &mut Tally,
) {
    tally.pairs += 1;
    let label = format!("[{}] {}", group.name, case.name);
    let skipped_part = run.report.as_ref().and_then(|_| {
        ["claims", "mapping"]
            .into_iter()
            .find(|name| run.status(name) == "skip")
    });
    let outcome: Result<(), String> = match kube {
        Err(config_error) => match &run.report {
            Some(_)
                if run.status("authenticator") == "fail"
                    && run.check("authenticator").1.contains("does not load") =>
            {
                Ok(())
            }
            _ => Err(format!(
                "kube-apiserver refuses the file ({config_error}); doctor: {}",
                run.summary()
            )),
        },
        Ok(verdict) if verdict.authenticated => {
            let user = verdict.user.as_ref().expect("user");
            let user = json!({"username": user.username, "uid": user.uid, "groups": user.groups, "extra": user.extra});
            match &run.report {
                Some(_) if run.code == 0 && run.user() == &user => Ok(()),
                Some(_) if skipped_part.is_some() && run.user().is_null() => {
                    tally
                        .skipped
                        .push(format!("{label}: {}", run.check(skipped_part.unwrap()).1));
                    return;
                }
                _ => Err(format!(
                    "accepted as {user}; doctor (exit {}): {} user {}",
                    run.code,
                    run.summary(),
                    run.report
                        .as_ref()
                        .map_or(Value::Null, |r| r["user"].clone())
                )),
            }
        }
        Ok(verdict) => {
            let why = verdict.error.clone().unwrap_or_default();
            match &run.report {
                // The token itself is unusable (expired, nbf ahead): doctor refuses it as get does.
                None if run.code == 1 && run.stdout.is_empty() => Ok(()),
                Some(_) if run.code == 1 => match case.fails {
                    Some(check) if run.status(check) != "fail" => Err(format!(
                        "rejected ({why}); doctor failed other checks than {check}: {}",
                        run.summary()
                    )),
                    _ => Ok(()),
                },
                Some(_) if skipped_part.is_some() => {
                    tally
                        .skipped
                        .push(format!("{label}: {}", run.check(skipped_part.unwrap()).1));
                    return;
                }
                _ => Err(format!(
                    "rejected ({why}); doctor (exit {}): {}",
                    run.code,
                    run.summary()
                )),
            }
        }
    };
    let kube_said = match kube {
        Err(_) => "config error".to_owned(),
        Ok(v) if v.authenticated => "accepted".to_owned(),
        Ok(v) => format!("rejected ({})", v.error.as_deref().unwrap_or("")),
    };
    eprintln!("  {label}: kube {kube_said}; doctor {}", run.summary());
    match outcome {
        Ok(()) => tally.agreed += 1,
        Err(why) => tally.divergences.push(format!("{label}: {why}")),
    }
}

/// Every CEL expression of a configuration (claims and user scope).
fn expressions(config: &str) -> Vec<String> {
    let doc: Value = serde_json::from_str(config).expect("config JSON");
    let mut out = Vec::new();
    for entry in doc["jwt"].as_array().into_iter().flatten() {
        let rules = entry["claimValidationRules"]
            .as_array()
            .into_iter()
            .flatten();
        let users = entry["userValidationRules"]
            .as_array()
            .into_iter()
            .flatten();
        for rule in rules.chain(users) {
            out.extend(rule["expression"].as_str().map(str::to_owned));
        }
        let mappings = &entry["claimMappings"];
        for field in ["username", "groups", "uid"] {
            out.extend(mappings[field]["expression"].as_str().map(str::to_owned));
        }
        for extra in mappings["extra"].as_array().into_iter().flatten() {
            out.extend(extra["valueExpression"].as_str().map(str::to_owned));
        }
    }
    out
}

#[test]
fn doctor_agrees_with_the_real_authenticator() {
    if !kube_authn::available() {
        return;
    }
    let issuer = HttpsIssuer::start(TestKey::Primary);
    let mut jwks = signers::jwks_all();
    jwks["keys"]
        .as_array_mut()
        .unwrap()
        .push(issuer.issuer.jwk());
    issuer.set_jwks(jwks);
    let env = TestEnv::new();
    let groups = corpus(&Corpus { issuer: &issuer });
    let mut tally = Tally::default();
    let mut cel_total = BTreeSet::new();
    let mut cel_skipped = BTreeSet::new();
    for group in &groups {
        let tokens: Vec<&str> = group.cases.iter().map(|c| c.token.as_str()).collect();
        let verdicts: Vec<Result<Verdict, String>> = match kube_authn::batch(&group.config, &tokens)
        {
            Ok(verdicts) => verdicts.into_iter().map(Ok).collect(),
            Err(config_error) => tokens.iter().map(|_| Err(config_error.clone())).collect(),
        };
        let valid = verdicts.iter().all(Result::is_ok);
        let group_expressions = if valid {
            expressions(&group.config)
        } else {
            Vec::new()
        };
        for (case, verdict) in group.cases.iter().zip(&verdicts) {
            let run = doctor(&env, &case.token, Some(&group.config), &[]);
            for secret in [case.token.as_str(), case.token.rsplit('.').next().unwrap()] {
                assert!(
                    !run.stdout.contains(secret) && !run.stderr.contains(secret),
                    "[{}] {}: the token leaked",
                    group.name,
                    case.name
                );
            }
            for expression in &group_expressions {
                cel_total.insert((group.name, expression.clone()));
                if run.stdout.contains(
                    &serde_json::to_string(&format!("{expression:?} not evaluated"))
                        .unwrap()
                        .trim_matches('"')
                        .to_owned(),
                ) {
                    cel_skipped.insert((group.name, expression.clone()));
                }
            }
            judge(group, case, verdict, &run, &mut tally);
        }
    }
    let evaluated = cel_total.len() - cel_skipped.len();
    eprintln!(
        "doctor differential corpus: {} pairs in {} configurations; agreement {}, honest skips {}, divergences {}; CEL expressions {} of {} evaluated ({:.1}%)",
        tally.pairs,
        groups.len(),
        tally.agreed,
        tally.skipped.len(),
        tally.divergences.len(),
        evaluated,
        cel_total.len(),
        100.0 * evaluated as f64 / cel_total.len().max(1) as f64
    );
    for skip in &tally.skipped {
        eprintln!("  skip: {skip}");
    }
    assert!(
        tally.divergences.is_empty(),
        "doctor diverges from the real authenticator:\n{}",
        tally.divergences.join("\n")
    );
    assert!(
        tally.pairs >= 60,
        "the corpus must hold at least 60 pairs, it has {}",
        tally.pairs
    );
    assert!(
        evaluated * 10 >= cel_total.len() * 9,
        "at least 90% of the CEL expressions must be evaluated ({evaluated} of {})",
        cel_total.len()
    );
}
