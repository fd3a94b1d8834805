//! What the Kubernetes JWT authenticator does with a verified token, step by step, for one
//! `jwt` entry: audience, claim validation rules, claim mappings (username, groups, uid,
//! extra, with the credential id from `jti`) and user validation rules — each as a report
//! check that names what it saw, what it wanted and where that is configured.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::authn_config::{ClaimMappings, JwtAuthenticator};
use super::cel::{self, Evaluation, Scope};
use super::near_miss;
use super::report::{CREDENTIAL_ID_KEY, Check, Status, UserInfo};

/// Where an entry lives, for messages: `auth.yaml jwt[0]`.
pub struct Origin<'a> {
    pub file: &'a str,
    pub index: usize,
}

impl Origin<'_> {
    fn at(&self, field: &str) -> String {
        format!("{} jwt[{}].{field}", self.file, self.index)
    }
}

/// Counts of CEL expressions seen, for the differential corpus's skip figure.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CelCounts {
    pub evaluated: usize,
    pub skipped: usize,
}

/// `audiences` and `audienceMatchPolicy` (MatchAny: one of the token's `aud` is listed).
pub fn audience(entry: &JwtAuthenticator, token_audiences: &[String], origin: &Origin) -> Check {
    let wanted = &entry.issuer.audiences;
    if let Some(hit) = token_audiences.iter().find(|aud| wanted.contains(aud)) {
        return Check::new(
            "audience",
            Status::Pass,
            format!(
                "token audience {hit:?} is listed in {}",
                origin.at("issuer.audiences")
            ),
        );
    }
    let near = token_audiences
        .iter()
        .find_map(|aud| {
            near_miss::closest(aud, wanted).map(|(w, why)| {
                format!("; near miss: token audience {aud:?} vs configured {w:?} ({why})")
            })
        })
        .unwrap_or_default();
    Check::new(
        "audience",
        Status::Fail,
        format!(
            "token aud {token_audiences:?} matches none of {wanted:?} ({}, audienceMatchPolicy MatchAny){near}; hint: request one of the configured audiences with --audience, or add the token's audience to {}",
            origin.at("issuer.audiences"),
            origin.at("issuer.audiences"),
        ),
    )
}

/// Every `claimValidationRules` entry, in order.
pub fn claim_rules(
    entry: &JwtAuthenticator,
    claims: &Map<String, Value>,
    origin: &Origin,
    counts: &mut CelCounts,
) -> Check {
    if entry.claim_validation_rules.is_empty() {
        return Check::new(
            "claims",
            Status::Pass,
            format!("no claimValidationRules in {}", origin.at(""))
                .trim_end_matches('.')
                .to_owned(),
        );
    }
    let variable = Value::Object(claims.clone());
    let mut outcome = Outcome::default();
    for (index, rule) in entry.claim_validation_rules.iter().enumerate() {
        let at = origin.at(&format!("claimValidationRules[{index}]"));
        if !rule.claim.is_empty() {
            outcome.add(required_claim(
                claims,
                &rule.claim,
                &rule.required_value,
                &at,
            ));
            continue;
        }
        let result = evaluate(&rule.expression, Scope::Claims, &variable, counts);
        let wording = RuleWording {
            noun: "expression",
            false_for: String::new(),
            false_hint: "the token does not meet this rule — check the claims with `jwtcred inspect`",
            error_hint: "; hint: guard optional claims with has(claims.x)",
        };
        if judge_rule(
            &mut outcome,
            result,
            &rule.expression,
            &rule.message,
            &at,
            &wording,
        ) {
            outcome.passed += 1;
        }
    }
    outcome.into_check(
        "claims",
        entry.claim_validation_rules.len(),
        "claim validation rule",
    )
}

fn required_claim(
    claims: &Map<String, Value>,
    claim: &str,
    wanted: &str,
    at: &str,
) -> Result<(), String> {
    match claims.get(claim) {
        None => {
            let near = near_miss::claim_under_other_name(claim, claims)
                .map(|other| format!("; near miss: the token has {other:?}"))
                .unwrap_or_default();
            Err(format!(
                "required claim {claim:?} is not in the token (wanted {wanted:?}, {at}){near}; hint: the issuer must put {claim:?} into the token, or change the rule"
            ))
        }
        Some(Value::String(seen)) if seen == wanted => Ok(()),
        Some(Value::String(seen)) => {
            let near = near_miss::describe(seen, wanted)
                .map(|why| format!(" (near miss: {why})"))
                .unwrap_or_default();
            Err(format!(
                "claim {claim:?} is {seen:?}, wanted {wanted:?}{near} ({at}); hint: the rule compares the exact string"
            ))
        }
        Some(other) => Err(format!(
            "claim {claim:?} is {other}, not a string (wanted {wanted:?}, {at}); hint: claim/requiredValue rules only match string claims — use an expression rule"
        )),
    }
}

/// `claimMappings` and then `userValidationRules`; the user it yields when all hold.
pub fn mapping(
    entry: &JwtAuthenticator,
    claims: &Map<String, Value>,
    origin: &Origin,
    counts: &mut CelCounts,
) -> (Check, Option<UserInfo>) {
    let input = MappingInput {
        claims,
        variable: Value::Object(claims.clone()),
        origin,
    };
    let mappings = &entry.claim_mappings;
    let mut outcome = Outcome::default();
    let username = outcome.take(username(mappings, &input, counts));
    let groups = outcome.take(groups(mappings, &input, counts));
    let uid = outcome.take(uid(mappings, &input, counts));
    let extra = outcome.take(extra(mappings, &input, counts));
    let (Some(username), Some(groups), Some(uid), Some(extra)) = (username, groups, uid, extra)
    else {
        return (outcome.into_check("mapping", 0, ""), None);
    };
    let user = UserInfo {
        username,
        uid,
        groups,
        extra,
    };
    user_rules(entry, &user, origin, counts, &mut outcome);
    if user.username.starts_with("system:") {
        outcome.warn(format!(
            "username {:?} begins with \"system:\", which Kubernetes reserves; hint: set a prefix in {}",
            user.username,
            origin.at("claimMappings.username.prefix")
        ));
    }
    let accepted = outcome.failures.is_empty() && outcome.skips.is_empty();
    let summary = format!(
        "maps to {}",
        user.clone().with_authenticated_group().describe()
    );
    let check = outcome.into_check_with("mapping", summary);
    (check, accepted.then_some(user))
}

/// What every `claimMappings` step reads: the claims, as a map and as CEL's `claims`
/// variable, and where the configuration sits (for the messages).
struct MappingInput<'a> {
    claims: &'a Map<String, Value>,
    variable: Value,
    origin: &'a Origin<'a>,
}

/// A mapping step's result: Ok(value), Err(Step) when it failed or was skipped.
enum Step {
    Fail(String),
    Skip(String),
}

fn username(
    mappings: &ClaimMappings,
    input: &MappingInput,
    counts: &mut CelCounts,
) -> Result<String, Step> {
    let mapping = &mappings.username;
    if !mapping.expression.is_empty() {
        let at = input.origin.at("claimMappings.username.expression");
        return match evaluate(&mapping.expression, Scope::Claims, &input.variable, counts) {
            Evaluation::Value(Value::String(name)) if name.is_empty() => Err(Step::Fail(format!(
                "username expression {:?} gives an empty username ({at}); hint: Kubernetes refuses an empty username",
                mapping.expression
            ))),
            Evaluation::Value(Value::String(name)) => Ok(name),
            other => Err(expression_step(&mapping.expression, &at, other, "a string")),
        };
    }
    let at = input.origin.at("claimMappings.username.claim");
    let name = string_claim(input.claims, &mapping.claim, &at, "username")?;
    if mapping.claim == "email" {
        match input.claims.get("email_verified") {
            None | Some(Value::Bool(true)) => {}
            Some(Value::Bool(false)) => {
                return Err(Step::Fail(format!(
                    "email_verified is false and the username claim is \"email\" ({at}); hint: Kubernetes accepts an email username only when it is verified"
                )));
            }
            Some(other) => {
                return Err(Step::Fail(format!(
                    "email_verified is {other}, not a boolean ({at}); hint: the issuer must send email_verified as true/false"
                )));
            }
        }
    }
    let prefix = mapping.prefix.as_deref().unwrap_or("");
    Ok(format!("{prefix}{name}"))
}

fn string_claim(
    claims: &Map<String, Value>,
    claim: &str,
    at: &str,
    what: &str,
) -> Result<String, Step> {
    match claims.get(claim) {
        Some(Value::String(value)) => Ok(value.clone()),
        Some(other) => Err(Step::Fail(format!(
            "{what} claim {claim:?} is {other}, not a string ({at}); hint: map a string claim, or convert with an expression"
        ))),
        None => {
            let near = near_miss::claim_under_other_name(claim, claims)
                .map(|other| format!("; near miss: the token has {other:?}"))
                .unwrap_or_default();
            Err(Step::Fail(format!(
                "{what} claim {claim:?} is not in the token ({at}){near}; hint: map a claim the token carries (see `jwtcred inspect`)"
            )))
        }
    }
}

fn groups(
    mappings: &ClaimMappings,
    input: &MappingInput,
    counts: &mut CelCounts,
) -> Result<Vec<String>, Step> {
    let mapping = &mappings.groups;
    if !mapping.claim.is_empty() {
        let at = input.origin.at("claimMappings.groups.claim");
        let prefix = mapping.prefix.as_deref().unwrap_or("");
        return match input.claims.get(&mapping.claim) {
            // An absent groups claim is no groups.
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::String(group)) => Ok(vec![format!("{prefix}{group}")]),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| match item {
                    Value::String(group) => Ok(format!("{prefix}{group}")),
                    other => Err(Step::Fail(format!(
                        "groups claim {:?} holds {other}, not a string ({at}); hint: groups must be a string or a list of strings",
                        mapping.claim
                    ))),
                })
                .collect(),
            Some(other) => Err(Step::Fail(format!(
                "groups claim {:?} is {other}, not a string or list of strings ({at}); hint: map another claim or use an expression",
                mapping.claim
            ))),
        };
    }
    if mapping.expression.is_empty() {
        return Ok(Vec::new());
    }
    let at = input.origin.at("claimMappings.groups.expression");
    let result = evaluate(&mapping.expression, Scope::Claims, &input.variable, counts);
    string_list(&mapping.expression, &at, result)
}

/// `convertCELValueToStringList`: a string (empty → none), a list of strings (empty strings
/// dropped) or null.
fn string_list(expression: &str, at: &str, result: Evaluation) -> Result<Vec<String>, Step> {
    match result {
        Evaluation::Value(Value::Null) => Ok(Vec::new()),
        Evaluation::Value(Value::String(s)) if s.is_empty() => Ok(Vec::new()),
        Evaluation::Value(Value::String(s)) => Ok(vec![s]),
        Evaluation::Value(Value::Array(items)) => {
            let mut out = Vec::new();
            for item in items {
                match item {
                    Value::String(s) if s.is_empty() => {}
                    Value::String(s) => out.push(s),
                    other => {
                        return Err(Step::Fail(format!(
                            "expression {expression:?} returned a list holding {other} ({at}); hint: the expression must return a string or a list of strings"
                        )));
                    }
                }
            }
            Ok(out)
        }
        other => Err(expression_step(
            expression,
            at,
            other,
            "a string or a list of strings",
        )),
    }
}

fn uid(
    mappings: &ClaimMappings,
    input: &MappingInput,
    counts: &mut CelCounts,
) -> Result<String, Step> {
    let mapping = &mappings.uid;
    if !mapping.claim.is_empty() {
        return string_claim(
            input.claims,
            &mapping.claim,
            &input.origin.at("claimMappings.uid.claim"),
            "uid",
        );
    }
    if mapping.expression.is_empty() {
        return Ok(String::new());
    }
    let at = input.origin.at("claimMappings.uid.expression");
    match evaluate(&mapping.expression, Scope::Claims, &input.variable, counts) {
        Evaluation::Value(Value::String(uid)) => Ok(uid),
        other => Err(expression_step(&mapping.expression, &at, other, "a string")),
    }
}

fn extra(
    mappings: &ClaimMappings,
    input: &MappingInput,
    counts: &mut CelCounts,
) -> Result<BTreeMap<String, Vec<String>>, Step> {
    let mut extra = BTreeMap::new();
    if let Some(Value::String(jti)) = input.claims.get("jti")
        && !jti.is_empty()
    {
        extra.insert(CREDENTIAL_ID_KEY.to_owned(), vec![format!("JTI={jti}")]);
    }
    let mut skipped = None;
    for (index, mapping) in mappings.extra.iter().enumerate() {
        let at = input
            .origin
            .at(&format!("claimMappings.extra[{index}].valueExpression"));
        let result = evaluate(
            &mapping.value_expression,
            Scope::Claims,
            &input.variable,
            counts,
        );
        match string_list(&mapping.value_expression, &at, result) {
            Ok(values) if values.is_empty() => {}
            Ok(values) => {
                extra.insert(mapping.key.clone(), values);
            }
            Err(Step::Skip(why)) => skipped = Some(why),
            Err(fail) => return Err(fail),
        }
    }
    match skipped {
        Some(why) => Err(Step::Skip(why)),
        None => Ok(extra),
    }
}

fn user_rules(
    entry: &JwtAuthenticator,
    user: &UserInfo,
    origin: &Origin,
    counts: &mut CelCounts,
    outcome: &mut Outcome,
) {
    let variable = serde_json::json!({
        "username": user.username,
        "uid": user.uid,
        "groups": user.groups,
        "extra": user.extra,
    });
    for (index, rule) in entry.user_validation_rules.iter().enumerate() {
        let at = origin.at(&format!("userValidationRules[{index}]"));
        let result = evaluate(&rule.expression, Scope::User, &variable, counts);
        let wording = RuleWording {
            noun: "user validation rule",
            false_for: format!(" for username {:?}", user.username),
            false_hint: "change the username mapping or its prefix so the rule holds",
            error_hint: "",
        };
        judge_rule(
            outcome,
            result,
            &rule.expression,
            &rule.message,
            &at,
            &wording,
        );
    }
}

/// How the report names one kind of validation rule, and what it says when the rule fails.
struct RuleWording {
    /// "expression" (claimValidationRules) or "user validation rule".
    noun: &'static str,
    /// Said after the expression of a false rule: whom it was false for.
    false_for: String,
    false_hint: &'static str,
    /// Appended to an evaluation error: "; hint: …", or nothing.
    error_hint: &'static str,
}

/// Records a validation rule's result in `outcome`; true when the rule holds.
fn judge_rule(
    outcome: &mut Outcome,
    result: Evaluation,
    expression: &str,
    message: &str,
    at: &str,
    wording: &RuleWording,
) -> bool {
    let noun = wording.noun;
    match result {
        Evaluation::Value(Value::Bool(true)) => return true,
        Evaluation::Value(Value::Bool(false)) => outcome.fail(format!(
            "{noun} {expression:?} is false{} ({at}): {}; hint: {}",
            wording.false_for,
            if message.is_empty() { "no message" } else { message },
            wording.false_hint
        )),
        Evaluation::Value(other) => outcome.fail(format!(
            "{noun} {expression:?} returned {other}, not a boolean ({at}); hint: a validation expression must return a boolean"
        )),
        Evaluation::Error(err) => outcome.fail(format!(
            "{noun} {expression:?} fails to evaluate ({at}): {err}{}",
            wording.error_hint
        )),
        Evaluation::Unsupported(why) => {
            outcome.skip(format!("{noun} {expression:?} not evaluated ({at}): {why}"))
        }
    }
    false
}

fn evaluate(
    expression: &str,
    scope: Scope,
    variable: &Value,
    counts: &mut CelCounts,
) -> Evaluation {
    let result = cel::evaluate(expression, scope, variable);
    if matches!(result, Evaluation::Unsupported(_)) {
        counts.skipped += 1;
    } else {
        counts.evaluated += 1;
    }
    result
}

fn expression_step(expression: &str, at: &str, result: Evaluation, wanted: &str) -> Step {
    match result {
        Evaluation::Unsupported(why) => Step::Skip(format!(
            "expression {expression:?} not evaluated ({at}): {why}"
        )),
        Evaluation::Error(err) => Step::Fail(format!(
            "expression {expression:?} fails to evaluate ({at}): {err}; hint: guard optional claims with has(claims.x) or claims.?x.orValue(...)"
        )),
        Evaluation::Value(value) => Step::Fail(format!(
            "expression {expression:?} returned {value}, wanted {wanted} ({at}); hint: convert the result, e.g. string(...)"
        )),
    }
}

/// Collects the findings of one check.
#[derive(Default)]
struct Outcome {
    passed: usize,
    failures: Vec<String>,
    skips: Vec<String>,
    warnings: Vec<String>,
}

impl Outcome {
    fn add(&mut self, result: Result<(), String>) {
        match result {
            Ok(()) => self.passed += 1,
            Err(why) => self.failures.push(why),
        }
    }
    fn fail(&mut self, why: String) {
        self.failures.push(why);
    }
    fn skip(&mut self, why: String) {
        self.skips.push(why);
    }
    fn warn(&mut self, why: String) {
        self.warnings.push(why);
    }
    fn take<T>(&mut self, step: Result<T, Step>) -> Option<T> {
        match step {
            Ok(value) => Some(value),
            Err(Step::Fail(why)) => {
                self.failures.push(why);
                None
            }
            Err(Step::Skip(why)) => {
                self.skips.push(why);
                None
            }
        }
    }

    fn into_check(self, name: &'static str, total: usize, noun: &str) -> Check {
        let summary = if total == 0 {
            String::new()
        } else {
            format!("{} of {total} {noun}(s) hold", self.passed)
        };
        self.into_check_with(name, summary)
    }

    /// fail beats skip beats warn beats pass; every finding of the worst kind is named.
    fn into_check_with(self, name: &'static str, summary: String) -> Check {
        let join = |items: &[String]| items.join(" | ");
        if !self.failures.is_empty() {
            return Check::new(name, Status::Fail, join(&self.failures));
        }
        if !self.skips.is_empty() {
            return Check::new(name, Status::Skip, join(&self.skips));
        }
        if !self.warnings.is_empty() {
            return Check::new(
                name,
                Status::Warn,
                format!("{summary}; {}", join(&self.warnings)),
            );
        }
        Check::new(name, Status::Pass, summary)
    }
}
