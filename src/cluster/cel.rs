//! CEL as the Kubernetes JWT authenticator runs it: `claims` (a map of the token's claims,
//! JSON numbers as doubles) for claim rules and mappings, `user` (username, uid, groups,
//! extra) for user rules; the CEL standard library with its macros, optional values, the
//! strings and lists extensions, and the Kubernetes libraries in common use (list
//! `indexOf`/`lastIndexOf`/`min`/`max`/`sum`/`isSorted`, `url(...)` with its getters, regex
//! `find`/`findAll`, `sets.*`). Anything else Kubernetes offers (quantity, IP, CIDR, semver,
//! format, `cel.bind`, two-variable comprehensions) is reported as not evaluable, never guessed.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use cel::common::ast::{CallExpr, EntryExpr, Expr, IdedExpr, LiteralValue, SourceInfo};
use cel::common::types::{DYN_TYPE, INT_TYPE, LIST_TYPE, MAP_TYPE, STRING_TYPE};
use cel::common::value::{CowVal, Val};
use cel::objects::Key;
use cel::{Context, Env, ExecutionError, Value};
use serde_json::Value as Json;

/// Which variable an expression sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// claimValidationRules, claimMappings.*.expression, extra valueExpression.
    Claims,
    /// userValidationRules.
    User,
}

impl Scope {
    pub fn variable(self) -> &'static str {
        match self {
            Self::Claims => "claims",
            Self::User => "user",
        }
    }
}

/// What evaluating an expression gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Evaluation {
    Value(Json),
    /// A runtime error, as cel-go would also raise it (no such key, wrong type, ...).
    Error(String),
    /// jwtcred's CEL cannot evaluate this expression; the reason names what is missing.
    Unsupported(String),
}

/// Functions the standard library, the extensions and `kubernetes_library` define here.
const SUPPORTED_FUNCTIONS: &[&str] = &[
    "size",
    "contains",
    "startsWith",
    "endsWith",
    "matches",
    "int",
    "uint",
    "double",
    "string",
    "bytes",
    "bool",
    "duration",
    "timestamp",
    "dyn",
    "type",
    "getFullYear",
    "getMonth",
    "getDayOfYear",
    "getDayOfMonth",
    "getDate",
    "getDayOfWeek",
    "getHours",
    "getMinutes",
    "getSeconds",
    "getMilliseconds",
    "optional.of",
    "optional.ofNonZeroValue",
    "optional.none",
    "value",
    "hasValue",
    "or",
    "orValue",
    "charAt",
    "indexOf",
    "lastIndexOf",
    "lowerAscii",
    "upperAscii",
    "replace",
    "split",
    "substring",
    "trim",
    "join",
    "strings.quote",
    "reverse",
    "format",
    "slice",
    "flatten",
    "distinct",
    "sort",
    "lists.range",
    "min",
    "max",
    "sum",
    "isSorted",
    "url",
    "isURL",
    "getScheme",
    "getHost",
    "getHostname",
    "getPort",
    "getEscapedPath",
    "getQuery",
    "find",
    "findAll",
    "sets.contains",
    "sets.equivalent",
    "sets.intersects",
];

/// Functions kube-apiserver's CEL environment declares that this one does not evaluate.
const KUBERNETES_ONLY_FUNCTIONS: &[&str] = &[
    "cel.bind",
    "optMap",
    "optFlatMap",
    "first",
    "last",
    "transformList",
    "transformMap",
    "transformMapEntry",
    "quantity",
    "isQuantity",
    "isInteger",
    "asInteger",
    "asApproximateFloat",
    "sign",
    "add",
    "sub",
    "compareTo",
    "isGreaterThan",
    "isLessThan",
    "ip",
    "isIP",
    "family",
    "isUnspecified",
    "isLoopback",
    "isLinkLocalMulticast",
    "isLinkLocalUnicast",
    "isGlobalUnicast",
    "isCanonical",
    "cidr",
    "isCIDR",
    "containsIP",
    "containsCIDR",
    "masked",
    "prefixLength",
    "semver",
    "isSemver",
    "major",
    "minor",
    "patch",
    "format.named",
    "validate",
    "sortBy",
];

fn environment() -> &'static Arc<Env> {
    static ENV: OnceLock<Arc<Env>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Env::stdlib();
        env.add_extension(cel::extensions::strings)
            .expect("the strings extension registers once");
        env.add_extension(cel::extensions::lists)
            .expect("the lists extension registers once");
        kubernetes_library(&mut env).expect("the Kubernetes functions register once");
        Arc::new(env)
    })
}

/// Parses, applies the Kubernetes escaping of field names and runs the checks cel-go's
/// compiler would fail on. Err holds kube-apiserver's message prefix and the reason.
fn compile(expression: &str, scope: Scope) -> Result<IdedExpr, String> {
    let (mut ast, info) = environment()
        .parser()
        .parse_with_source_info(expression)
        .map_err(|err| {
            format!(
                "compilation failed: ERROR: <input>: {}",
                one_line(&err.to_string())
            )
        })?;
    unescape_fields(&mut ast);
    let mut bound = vec![scope.variable().to_owned()];
    check_references(&ast, scope, &mut bound)?;
    check_ranges(&ast, scope, &info)?;
    iterate_claim_values(&mut ast);
    Ok(ast)
}

/// Whether the expression compiles as kube-apiserver would compile it; `boolean` for rules,
/// which must evaluate to bool.
pub fn check(expression: &str, scope: Scope, boolean: bool) -> Result<(), String> {
    let ast = compile(expression, scope)?;
    if boolean && static_type(&ast, scope) == StaticType::NotBool {
        return Err("must evaluate to bool".into());
    }
    Ok(())
}

/// Evaluates with `claims` or `user` bound to `variable`.
pub fn evaluate(expression: &str, scope: Scope, variable: &Json) -> Evaluation {
    let ast = match compile(expression, scope) {
        Ok(ast) => ast,
        Err(err) => return Evaluation::Error(err),
    };
    if let Some(function) = first_unsupported_function(&ast) {
        return Evaluation::Unsupported(format!("jwtcred's CEL does not implement `{function}`"));
    }
    let mut context = Context::with_env(Arc::clone(environment()));
    context.add_variable_from_value(scope.variable(), to_cel(variable));
    match Value::resolve(&ast, &context) {
        Ok(value) => match to_json(&value) {
            Some(json) => Evaluation::Value(json),
            None => Evaluation::Unsupported(format!(
                "the result ({}) has no JSON form in jwtcred's CEL",
                value.type_of()
            )),
        },
        Err(ExecutionError::UndeclaredReference(name)) if is_function_name(&ast, &name) => {
            Evaluation::Unsupported(format!("jwtcred's CEL does not implement `{name}`"))
        }
        Err(ExecutionError::FunctionError { message, .. })
            if message.starts_with(UNSUPPORTED_REGEX) =>
        {
            Evaluation::Unsupported(message)
        }
        Err(err) => Evaluation::Error(err.to_string()),
    }
}

/// `hasSelectExp`: whether `operand.field` (or `operand.?field`) appears anywhere.
pub fn selects(expression: &str, operand: &str, field: &str) -> bool {
    let Ok(ast) = environment().parser().parse(expression) else {
        return false;
    };
    let mut found = false;
    walk(&ast, &mut |node| match &node.expr {
        Expr::Select(select) if select.field == field => {
            if matches!(&select.operand.expr, Expr::Ident(name) if name == operand) {
                found = true;
            }
        }
        Expr::Call(call) if call.func_name == "_?._" && call.args.len() == 2 => {
            let is_operand = matches!(&call.args[0].expr, Expr::Ident(name) if name == operand);
            let is_field = matches!(&call.args[1].expr,
                Expr::Literal(LiteralValue::String(s)) if s.inner() == field);
            found |= is_operand && is_field;
        }
        _ => {}
    });
    found
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Visits every node, pre-order.
fn walk(node: &IdedExpr, visit: &mut dyn FnMut(&IdedExpr)) {
    visit(node);
    match &node.expr {
        Expr::Call(call) => {
            if let Some(target) = &call.target {
                walk(target, visit);
            }
            for arg in &call.args {
                walk(arg, visit);
            }
        }
        Expr::Comprehension(c) => {
            for part in [
                &c.iter_range,
                &c.accu_init,
                &c.loop_cond,
                &c.loop_step,
                &c.result,
            ] {
                walk(part, visit);
            }
        }
        Expr::List(list) => list.elements.iter().for_each(|e| walk(e, visit)),
        Expr::Map(map) => map.entries.iter().for_each(|e| walk_entry(&e.expr, visit)),
        Expr::Struct(s) => s.entries.iter().for_each(|e| walk_entry(&e.expr, visit)),
        Expr::Select(select) => walk(&select.operand, visit),
        Expr::Ident(_) | Expr::Literal(_) | Expr::Unspecified => {}
    }
}

fn walk_entry(entry: &EntryExpr, visit: &mut dyn FnMut(&IdedExpr)) {
    match entry {
        EntryExpr::MapEntry(e) => {
            walk(&e.key, visit);
            walk(&e.value, visit);
        }
        EntryExpr::StructField(f) => walk(&f.value, visit),
    }
}

/// A comprehension's five sub-expressions, for the rewrites that visit each.
fn comprehension_parts(c: &mut cel::common::ast::ComprehensionExpr) -> [&mut IdedExpr; 5] {
    [
        &mut c.iter_range,
        &mut c.accu_init,
        &mut c.loop_cond,
        &mut c.loop_step,
        &mut c.result,
    ]
}

/// Kubernetes looks `claims.foo__dot__bar` up as `foo.bar` (CEL field-name escaping): the
/// same rewrite, applied to field selections and to string-literal indexes.
fn unescape_fields(node: &mut IdedExpr) {
    match &mut node.expr {
        Expr::Select(select) => {
            if let Some(name) = unescape(&select.field) {
                select.field = name;
            }
            unescape_fields(&mut select.operand);
        }
        Expr::Call(call) => {
            let indexes = ["_[_]", "_?._", "_[?_]"].contains(&call.func_name.as_str());
            if indexes
                && let Some(IdedExpr {
                    expr: Expr::Literal(LiteralValue::String(key)),
                    ..
                }) = call.args.get_mut(1)
                && let Some(name) = unescape(key.inner())
            {
                *key = name.into();
            }
            if let Some(target) = &mut call.target {
                unescape_fields(target);
            }
            call.args.iter_mut().for_each(unescape_fields);
        }
        Expr::Comprehension(c) => {
            comprehension_parts(c).into_iter().for_each(unescape_fields);
        }
        Expr::List(list) => list.elements.iter_mut().for_each(unescape_fields),
        Expr::Map(map) => map.entries.iter_mut().for_each(|e| match &mut e.expr {
            EntryExpr::MapEntry(m) => {
                unescape_fields(&mut m.key);
                unescape_fields(&mut m.value);
            }
            EntryExpr::StructField(f) => unescape_fields(&mut f.value),
        }),
        _ => {}
    }
}

/// cel-go's `Unescape`: `__dot__` → `.`, `__dash__` → `-`, `__slash__` → `/`,
/// `__underscores__` → `_`, `__{keyword}__` → keyword. None when nothing changes.
fn unescape(name: &str) -> Option<String> {
    if !name.contains("__") {
        return None;
    }
    const KEYWORDS: [&str; 19] = [
        "true",
        "false",
        "null",
        "in",
        "as",
        "break",
        "const",
        "continue",
        "else",
        "for",
        "function",
        "if",
        "import",
        "let",
        "loop",
        "package",
        "namespace",
        "return",
        "var",
    ];
    if let Some(inner) = name.strip_prefix("__").and_then(|n| n.strip_suffix("__"))
        && KEYWORDS.contains(&inner)
    {
        return Some(inner.to_owned());
    }
    let mut out = String::new();
    let mut rest = name;
    while let Some(start) = rest.find("__") {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let replaced = [
            ("__dot__", "."),
            ("__dash__", "-"),
            ("__slash__", "/"),
            ("__underscores__", "_"),
        ]
        .iter()
        .find(|(escaped, _)| after.starts_with(escaped));
        match replaced {
            Some((escaped, plain)) => {
                out.push_str(plain);
                rest = &after[escaped.len()..];
            }
            None => {
                out.push_str("__");
                rest = &after[2..];
            }
        }
    }
    out.push_str(rest);
    (out != name).then_some(out)
}

/// cel-go rejects an identifier nobody declared (`user` in a claims expression, a typo) and a
/// field `user` does not have. Comprehension variables are in scope inside their macro.
fn check_references(node: &IdedExpr, scope: Scope, bound: &mut Vec<String>) -> Result<(), String> {
    match &node.expr {
        Expr::Ident(name) => {
            let known = bound.iter().any(|b| b == name)
                || matches!(
                    name.as_str(),
                    "int"
                        | "uint"
                        | "double"
                        | "string"
                        | "bytes"
                        | "bool"
                        | "list"
                        | "map"
                        | "null_type"
                        | "type"
                        | "dyn"
                );
            if !known {
                return Err(format!(
                    "compilation failed: ERROR: <input>: undeclared reference to '{name}' (in container '')"
                ));
            }
        }
        Expr::Select(select) => {
            if scope == Scope::User
                && matches!(&select.operand.expr, Expr::Ident(n) if n == "user")
                && !bound[1..].iter().any(|b| b == "user")
                && !["username", "uid", "groups", "extra"].contains(&select.field.as_str())
            {
                return Err(format!(
                    "compilation failed: ERROR: <input>: undefined field '{}'",
                    select.field
                ));
            }
            check_references(&select.operand, scope, bound)?;
        }
        Expr::Call(call) => {
            if let Some(name) = qualified_call_name(call)
                && !is_operator(&name)
                && !SUPPORTED_FUNCTIONS.contains(&name.as_str())
                && !KUBERNETES_ONLY_FUNCTIONS.contains(&name.as_str())
            {
                return Err(format!(
                    "compilation failed: ERROR: <input>: undeclared reference to '{name}' (in container '')"
                ));
            }
            if let Some(target) = &call.target
                && !is_namespace_target(call)
            {
                check_references(target, scope, bound)?;
            }
            for arg in &call.args {
                check_references(arg, scope, bound)?;
            }
        }
        Expr::Comprehension(c) => {
            check_references(&c.iter_range, scope, bound)?;
            check_references(&c.accu_init, scope, bound)?;
            let depth = bound.len();
            bound.push(c.accu_var.clone());
            bound.push(c.iter_var.clone());
            if let Some(second) = &c.iter_var2 {
                bound.push(second.clone());
            }
            let inner = [&c.loop_cond, &c.loop_step, &c.result]
                .into_iter()
                .try_for_each(|part| check_references(part, scope, bound));
            bound.truncate(depth);
            inner?;
        }
        Expr::List(list) => {
            for e in &list.elements {
                check_references(e, scope, bound)?;
            }
        }
        Expr::Map(map) => {
            for entry in &map.entries {
                if let EntryExpr::MapEntry(m) = &entry.expr {
                    check_references(&m.key, scope, bound)?;
                    check_references(&m.value, scope, bound)?;
                }
            }
        }
        Expr::Struct(_) => {
            return Err(
                "compilation failed: ERROR: <input>: message construction is not supported here"
                    .into(),
            );
        }
        Expr::Literal(_) | Expr::Unspecified => {}
    }
    Ok(())
}

/// cel-go types `claims` as `map(string, any)`: a claim is of type `any`, which a
/// comprehension (`exists`, `all`, `map`, `filter`, ...) refuses as its range — only a list,
/// a map or `dyn` may be ranged over, so `claims.groups.exists(...)` does not compile while
/// `dyn(claims.groups).exists(...)` does.
fn check_ranges(ast: &IdedExpr, scope: Scope, info: &SourceInfo) -> Result<(), String> {
    let mut error = None;
    walk(ast, &mut |node| {
        if let Expr::Comprehension(c) = &node.expr
            && error.is_none()
            && scope == Scope::Claims
            && is_claim_typed_any(&c.iter_range)
        {
            let (line, column) = position(info, c.iter_range.id);
            error = Some(format!(
                "compilation failed: ERROR: <input>:{line}:{column}: expression of type 'any' cannot be range of a comprehension (must be list, map, or dynamic)"
            ));
        }
    });
    error.map_or(Ok(()), Err)
}

/// `claims.x`, `claims['x']` and `claims.?x.orValue(...)` are of type `any` for cel-go.
fn is_claim_typed_any(node: &IdedExpr) -> bool {
    let on_claims = |e: &IdedExpr| matches!(&e.expr, Expr::Ident(name) if name == "claims");
    match &node.expr {
        Expr::Select(select) => !select.test && on_claims(&select.operand),
        Expr::Call(call) if call.func_name == "_[_]" => call.args.first().is_some_and(on_claims),
        Expr::Call(call) if call.func_name == "orValue" => call.target.as_deref().is_some_and(|t| {
            matches!(&t.expr, Expr::Call(inner) if inner.func_name == "_?._" && inner.args.first().is_some_and(on_claims))
        }),
        _ => false,
    }
}

/// Kubernetes binds `claims` as a lazy map whose iterator yields the claims' values, not
/// their names: `claims.exists(c, ...)` ranges over values there, and so it does here.
fn iterate_claim_values(node: &mut IdedExpr) {
    match &mut node.expr {
        Expr::Comprehension(c) => {
            if matches!(&c.iter_range.expr, Expr::Ident(name) if name == "claims") {
                let claims = std::mem::take(&mut c.iter_range.expr);
                c.iter_range.expr = Expr::Call(CallExpr {
                    func_name: CLAIM_VALUES.to_owned(),
                    target: None,
                    args: vec![IdedExpr {
                        id: c.iter_range.id,
                        expr: claims,
                    }],
                });
            }
            comprehension_parts(c)
                .into_iter()
                .for_each(iterate_claim_values);
        }
        Expr::Call(call) => {
            if let Some(target) = &mut call.target {
                iterate_claim_values(target);
            }
            call.args.iter_mut().for_each(iterate_claim_values);
        }
        Expr::Select(select) => iterate_claim_values(&mut select.operand),
        Expr::List(list) => list.elements.iter_mut().for_each(iterate_claim_values),
        Expr::Map(map) => map.entries.iter_mut().for_each(|e| {
            if let EntryExpr::MapEntry(m) = &mut e.expr {
                iterate_claim_values(&mut m.key);
                iterate_claim_values(&mut m.value);
            }
        }),
        _ => {}
    }
}

/// The internal function `iterate_claim_values` ranges over; `@` keeps it out of reach of
/// expressions.
const CLAIM_VALUES: &str = "@claimValues";

fn claim_values<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> CallResult<'b, 'v> {
    let args = values(&args)?;
    match &args[0] {
        Value::Map(map) => owned(Value::List(Arc::new(map.map.values().cloned().collect()))),
        other => owned(other.clone()),
    }
}

/// 1-based line and column of a node, as cel-go reports them.
fn position(info: &SourceInfo, id: u64) -> (usize, usize) {
    let Some((start, _)) = info.offset_for(id) else {
        return (1, 1);
    };
    let before: String = info.source.chars().take(start as usize).collect();
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// `sets.contains(...)` is parsed as a call of `contains` on the identifier `sets`.
fn is_namespace_target(call: &CallExpr) -> bool {
    matches!(call.target.as_deref(), Some(IdedExpr { expr: Expr::Ident(ns), .. })
        if ["sets", "strings", "lists", "optional", "cel", "format"].contains(&ns.as_str()))
}

fn qualified_call_name(call: &CallExpr) -> Option<String> {
    match call.target.as_deref() {
        Some(IdedExpr {
            expr: Expr::Ident(ns),
            ..
        }) if is_namespace_target(call) => Some(format!("{ns}.{}", call.func_name)),
        _ => Some(call.func_name.clone()),
    }
}

fn is_operator(name: &str) -> bool {
    name.starts_with('_') || name.starts_with('@') || name.starts_with('!') || name.starts_with('-')
}

fn first_unsupported_function(ast: &IdedExpr) -> Option<String> {
    let mut found = None;
    walk(ast, &mut |node| {
        if let Expr::Call(call) = &node.expr
            && found.is_none()
            && let Some(name) = qualified_call_name(call)
            && KUBERNETES_ONLY_FUNCTIONS.contains(&name.as_str())
        {
            found = Some(name);
        }
    });
    found
}

fn is_function_name(ast: &IdedExpr, name: &str) -> bool {
    let mut found = false;
    walk(ast, &mut |node| {
        if let Expr::Call(call) = &node.expr {
            found |= call.func_name == name;
        }
    });
    found
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StaticType {
    Bool,
    /// Certainly not bool (a string, a number, a list, or `dyn` from a claim).
    NotBool,
    /// Not decided here: accepted, as the checker may accept it.
    Unknown,
}

/// The checker's output type, as far as it matters for a rule that must be bool. A claim is
/// `dyn` for cel-go, and a rule whose type is `dyn` does not compile.
fn static_type(node: &IdedExpr, scope: Scope) -> StaticType {
    match &node.expr {
        Expr::Literal(LiteralValue::Boolean(_)) => StaticType::Bool,
        Expr::Literal(_) | Expr::List(_) | Expr::Map(_) => StaticType::NotBool,
        Expr::Select(select) if select.test => StaticType::Bool,
        Expr::Select(select) => match (&select.operand.expr, scope) {
            (Expr::Ident(name), Scope::User) if name == "user" => StaticType::NotBool,
            _ if rooted_at(&select.operand, "claims")
                || matches!(&select.operand.expr, Expr::Ident(n) if n == "claims") =>
            {
                StaticType::NotBool
            }
            _ => StaticType::Unknown,
        },
        Expr::Ident(name) if name == scope.variable() => StaticType::NotBool,
        Expr::Comprehension(c) => static_type(&c.result, scope),
        Expr::Call(call) => call_type(call, scope),
        _ => StaticType::Unknown,
    }
}

fn rooted_at(node: &IdedExpr, variable: &str) -> bool {
    match &node.expr {
        Expr::Ident(name) => name == variable,
        Expr::Select(select) => rooted_at(&select.operand, variable),
        Expr::Call(call) if call.func_name == "_[_]" => {
            call.args.first().is_some_and(|a| rooted_at(a, variable))
        }
        _ => false,
    }
}

fn call_type(call: &CallExpr, scope: Scope) -> StaticType {
    const BOOL_FUNCTIONS: [&str; 17] = [
        "_==_",
        "_!=_",
        "_<_",
        "_<=_",
        "_>_",
        "_>=_",
        "_&&_",
        "_||_",
        "!_",
        "@in",
        "@not_strictly_false",
        "contains",
        "startsWith",
        "endsWith",
        "matches",
        "isSorted",
        "isURL",
    ];
    const NOT_BOOL_FUNCTIONS: [&str; 10] = [
        "size",
        "lowerAscii",
        "upperAscii",
        "split",
        "join",
        "string",
        "int",
        "trim",
        "replace",
        "substring",
    ];
    let name = call.func_name.as_str();
    if BOOL_FUNCTIONS.contains(&name)
        || name.starts_with("sets.")
        || is_namespace_target(call) && call.func_name.starts_with("contains")
    {
        return StaticType::Bool;
    }
    if NOT_BOOL_FUNCTIONS.contains(&name) {
        return StaticType::NotBool;
    }
    match name {
        "_?_:_" => match (
            static_type(&call.args[1], scope),
            static_type(&call.args[2], scope),
        ) {
            (StaticType::Bool, StaticType::Bool) => StaticType::Bool,
            (StaticType::NotBool, _) | (_, StaticType::NotBool) => StaticType::NotBool,
            _ => StaticType::Unknown,
        },
        "_[_]"
            if call
                .args
                .first()
                .is_some_and(|a| rooted_at(a, scope.variable())) =>
        {
            StaticType::NotBool
        }
        _ => StaticType::Unknown,
    }
}

/// A JSON value as Kubernetes hands it to CEL: numbers are doubles (Go's `any` decoding).
pub fn to_cel(json: &Json) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        Json::String(s) => Value::String(Arc::new(s.clone())),
        Json::Array(items) => Value::List(Arc::new(items.iter().map(to_cel).collect())),
        Json::Object(map) => {
            let entries: HashMap<Key, Value> = map
                .iter()
                .map(|(k, v)| (Key::String(Arc::new(k.clone())), to_cel(v)))
                .collect();
            Value::Map(cel::objects::Map {
                map: Arc::new(entries),
            })
        }
    }
}

/// A CEL result back as JSON; None for values without one (durations, types, ...).
fn to_json(value: &Value) -> Option<Json> {
    Some(match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::UInt(u) => Json::from(*u),
        Value::Float(f) => serde_json::Number::from_f64(*f).map(Json::Number)?,
        Value::String(s) => Json::String(s.to_string()),
        Value::List(items) => Json::Array(items.iter().map(to_json).collect::<Option<_>>()?),
        Value::Map(map) => {
            if let Some(url) = url_of_map(map) {
                return Some(Json::String(url));
            }
            let mut out = serde_json::Map::new();
            for (key, value) in map.map.iter() {
                let key = match key {
                    Key::String(s) => s.to_string(),
                    Key::Int(i) => i.to_string(),
                    Key::Uint(u) => u.to_string(),
                    Key::Bool(b) => b.to_string(),
                };
                out.insert(key, to_json(value)?);
            }
            Json::Object(out)
        }
        _ => return None,
    })
}

/// The key under which a `url(...)` value keeps its text: not an identifier, so no
/// expression can select it.
const URL_KEY: &str = "@kubernetes.URL";

fn url_of_map(map: &cel::objects::Map) -> Option<String> {
    if map.map.len() != 1 {
        return None;
    }
    match map.map.get(&Key::String(Arc::new(URL_KEY.to_owned()))) {
        Some(Value::String(s)) => Some(s.to_string()),
        _ => None,
    }
}

/// Kubernetes' list, URL, regex and sets libraries where the crate lacks them.
fn kubernetes_library(env: &mut Env) -> Result<(), cel::DeclarationError> {
    env.add_member_overload(
        "indexOf",
        "list.indexOf(dyn)",
        LIST_TYPE,
        vec![DYN_TYPE],
        list_index_of,
    )?;
    env.add_member_overload(
        "lastIndexOf",
        "list.lastIndexOf(dyn)",
        LIST_TYPE,
        vec![DYN_TYPE],
        list_last_index_of,
    )?;
    env.add_member_overload("min", "list.min()", LIST_TYPE, vec![], list_min)?;
    env.add_member_overload("max", "list.max()", LIST_TYPE, vec![], list_max)?;
    env.add_member_overload("sum", "list.sum()", LIST_TYPE, vec![], list_sum)?;
    env.add_member_overload(
        "isSorted",
        "list.isSorted()",
        LIST_TYPE,
        vec![],
        list_is_sorted,
    )?;
    env.add_overload(
        CLAIM_VALUES,
        "@claimValues(map)",
        vec![MAP_TYPE],
        claim_values,
    )?;
    env.add_overload("url", "url(string)", vec![STRING_TYPE], url_new)?;
    env.add_overload("isURL", "isURL(string)", vec![STRING_TYPE], url_is)?;
    let getters: [(&str, cel::common::functions::Function); 6] = [
        ("getScheme", url_get_scheme),
        ("getHost", url_get_host),
        ("getHostname", url_get_hostname),
        ("getPort", url_get_port),
        ("getEscapedPath", url_get_escaped_path),
        ("getQuery", url_get_query),
    ];
    for (name, getter) in getters {
        env.add_member_overload(name, &format!("url.{name}()"), MAP_TYPE, vec![], getter)?;
    }
    env.add_member_overload(
        "matches",
        "string.matches(string)",
        STRING_TYPE,
        vec![STRING_TYPE],
        string_matches,
    )?;
    env.add_overload(
        "matches",
        "matches(string,string)",
        vec![STRING_TYPE, STRING_TYPE],
        string_matches,
    )?;
    env.add_member_overload(
        "find",
        "string.find(string)",
        STRING_TYPE,
        vec![STRING_TYPE],
        regex_find,
    )?;
    env.add_member_overload(
        "findAll",
        "string.findAll(string)",
        STRING_TYPE,
        vec![STRING_TYPE],
        regex_find_all,
    )?;
    env.add_member_overload(
        "findAll",
        "string.findAll(string,int)",
        STRING_TYPE,
        vec![STRING_TYPE, INT_TYPE],
        regex_find_all,
    )?;
    env.add_overload(
        "sets.contains",
        "sets.contains(list,list)",
        vec![LIST_TYPE, LIST_TYPE],
        sets_contains,
    )?;
    env.add_overload(
        "sets.equivalent",
        "sets.equivalent(list,list)",
        vec![LIST_TYPE, LIST_TYPE],
        sets_equivalent,
    )?;
    env.add_overload(
        "sets.intersects",
        "sets.intersects(list,list)",
        vec![LIST_TYPE, LIST_TYPE],
        sets_intersects,
    )?;
    Ok(())
}

type CallResult<'b, 'v> = Result<CowVal<'b, 'v>, ExecutionError>;

fn values(args: &[CowVal<'_, '_>]) -> Result<Vec<Value>, ExecutionError> {
    args.iter().map(|a| Value::try_from(a.as_ref())).collect()
}

fn owned<'b, 'v>(value: Value) -> CallResult<'b, 'v> {
    let boxed: Box<dyn Val> = value.try_into()?;
    Ok(CowVal::from(boxed))
}

fn list_arg<'a>(value: &'a Value, function: &str) -> Result<&'a [Value], ExecutionError> {
    match value {
        Value::List(items) => Ok(items.as_slice()),
        other => Err(ExecutionError::function_error(
            function,
            format!("expected a list, got {}", other.type_of()),
        )),
    }
}

/// The two list arguments of a `sets.*` function.
fn two_lists<'a>(
    args: &'a [Value],
    function: &str,
) -> Result<(&'a [Value], &'a [Value]), ExecutionError> {
    Ok((list_arg(&args[0], function)?, list_arg(&args[1], function)?))
}

fn string_arg<'a>(value: &'a Value, function: &str) -> Result<&'a str, ExecutionError> {
    match value {
        Value::String(s) => Ok(s.as_str()),
        other => Err(ExecutionError::function_error(
            function,
            format!("expected a string, got {}", other.type_of()),
        )),
    }
}

/// CEL equality across numeric types (1 == 1.0), as cel-go's heterogeneous equality.
fn cel_equal(a: &Value, b: &Value) -> bool {
    let as_f64 = |v: &Value| match v {
        Value::Int(i) => Some(*i as f64),
        Value::UInt(u) => Some(*u as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    };
    match (as_f64(a), as_f64(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

fn list_index_of<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> CallResult<'b, 'v> {
    let args = values(&args)?;
    let items = list_arg(&args[0], "indexOf")?;
    let index = items.iter().position(|v| cel_equal(v, &args[1]));
    owned(Value::Int(index.map_or(-1, |i| i as i64)))
}

fn list_last_index_of<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> CallResult<'b, 'v> {
    let args = values(&args)?;
    let items = list_arg(&args[0], "lastIndexOf")?;
    let index = items.iter().rposition(|v| cel_equal(v, &args[1]));
    owned(Value::Int(index.map_or(-1, |i| i as i64)))
}

fn extreme<'b, 'v>(
    args: Vec<CowVal<'b, 'v>>,
    function: &str,
    keep: std::cmp::Ordering,
) -> CallResult<'b, 'v> {
    let args = values(&args)?;
    let items = list_arg(&args[0], function)?;
    let mut best: Option<&Value> = None;
    for item in items {
        best = match best {
            None => Some(item),
            Some(current) => match item.partial_cmp(current) {
                Some(order) if order == keep => Some(item),
                Some(_) => Some(current),
                None => {
                    return Err(ExecutionError::ValuesNotComparable(
                        current.clone(),
                        item.clone(),
                    ));
                }
            },
        };
    }
    match best {
        Some(value) => owned(value.clone()),
        None => Err(ExecutionError::function_error(function, "list is empty")),
    }
}

fn list_min<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> CallResult<'b, 'v> {
    extreme(args, "min", std::cmp::Ordering::Less)
}

fn list_max<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> CallResult<'b, 'v> {
    extreme(args, "max", std::cmp::Ordering::Greater)
}

fn list_sum<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> CallResult<'b, 'v> {
    let args = values(&args)?;
    let items = list_arg(&args[0], "sum")?;
    let mut int_sum: i64 = 0;
    let mut float_sum: f64 = 0.0;
    let mut any_float = false;
    for item in items {
        match item {
            Value::Int(i) => {
                int_sum = int_sum
                    .checked_add(*i)
                    .ok_or_else(|| ExecutionError::function_error("sum", "integer overflow"))?
            }
            Value::Float(f) => {
                any_float = true;
                float_sum += f;
            }
            other => {
                return Err(ExecutionError::function_error(
                    "sum",
                    format!("cannot sum {}", other.type_of()),
                ));
            }
        }
    }
    if any_float {
        owned(Value::Float(float_sum + int_sum as f64))
    } else {
        owned(Value::Int(int_sum))
    }
}

fn list_is_sorted<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> CallResult<'b, 'v> {
    let args = values(&args)?;
    let items = list_arg(&args[0], "isSorted")?;
    for pair in items.windows(2) {
        match pair[0].partial_cmp(&pair[1]) {
            Some(std::cmp::Ordering::Greater) => return owned(Value::Bool(false)),
            Some(_) => {}
            None => {
                return Err(ExecutionError::ValuesNotComparable(
                    pair[0].clone(),
                    pair[1].clone(),
                ));
            }
        }
    }
    owned(Value::Bool(true))
}

/// Kubernetes' `url()` accepts what Go's `url.ParseRequestURI` accepts: an absolute URL or
/// an absolute path.
fn parse_url(text: &str) -> Option<UrlParts> {
    if text.starts_with('/') && !text.starts_with("//") {
        let (path, query) = text.split_once('?').map_or((text, ""), |(p, q)| (p, q));
        return Some(UrlParts {
            scheme: String::new(),
            host: String::new(),
            hostname: String::new(),
            port: String::new(),
            path: path.to_owned(),
            query: query.to_owned(),
        });
    }
    let url = url::Url::parse(text).ok()?;
    if url.cannot_be_a_base() {
        return None;
    }
    let hostname = match url.host() {
        Some(url::Host::Ipv6(ip)) => ip.to_string(),
        Some(host) => host.to_string(),
        None => String::new(),
    };
    // Go keeps the port as written, the WHATWG parser drops a default one: read the text.
    let authority = text
        .split_once("://")
        .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or(""))
        .unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let port = match host_port.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || host_port.starts_with('[') => {
            if host_port.starts_with('[') && !h.ends_with(']') {
                String::new()
            } else {
                p.to_owned()
            }
        }
        _ => String::new(),
    };
    Some(UrlParts {
        scheme: url.scheme().to_owned(),
        host: host_port.to_owned(),
        hostname,
        port,
        path: url.path().to_owned(),
        query: url.query().unwrap_or("").to_owned(),
    })
}

struct UrlParts {
    scheme: String,
    host: String,
    hostname: String,
    port: String,
    path: String,
    query: String,
}

fn url_new<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> CallResult<'b, 'v> {
    let args = values(&args)?;
    let text = string_arg(&args[0], "url")?;
    if parse_url(text).is_none() {
        return Err(ExecutionError::function_error(
            "url",
            format!("URL parse error during conversion from string: {text}"),
        ));
    }
    let entries = HashMap::from([(
        Key::String(Arc::new(URL_KEY.to_owned())),
        Value::String(Arc::new(text.to_owned())),
    )]);
    owned(Value::Map(cel::objects::Map {
        map: Arc::new(entries),
    }))
}

fn url_is<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> CallResult<'b, 'v> {
    let args = values(&args)?;
    owned(Value::Bool(
        parse_url(string_arg(&args[0], "isURL")?).is_some(),
    ))
}

/// A part of a `url(...)` value; the query as a map of lists, as Kubernetes returns it.
fn url_part<'b, 'v>(
    args: Vec<CowVal<'b, 'v>>,
    function: &str,
    part: fn(&UrlParts) -> Value,
) -> CallResult<'b, 'v> {
    let args = values(&args)?;
    let text = match &args[0] {
        Value::Map(map) => url_of_map(map),
        _ => None,
    }
    .ok_or_else(|| ExecutionError::function_error(function, "not a URL"))?;
    let parts =
        parse_url(&text).ok_or_else(|| ExecutionError::function_error(function, "not a URL"))?;
    owned(part(&parts))
}

fn text(value: &str) -> Value {
    Value::String(Arc::new(value.to_owned()))
}

fn url_get_scheme<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> CallResult<'b, 'v> {
    url_part(args, "getScheme", |p| text(&p.scheme))
}

fn url_get_host<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> CallResult<'b, 'v> {
    url_part(args, "getHost", |p| text(&p.host))
}

fn url_get_hostname<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> CallResult<'b, 'v> {
    url_part(args, "getHostname", |p| text(&p.hostname))
}

fn url_get_port<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> CallResult<'b, 'v> {
    url_part(args, "getPort", |p| text(&p.port))
}

fn url_get_escaped_path<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> CallResult<'b, 'v> {
    url_part(args, "getEscapedPath", |p| text(&p.path))
}

fn url_get_query<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> CallResult<'b, 'v> {
    url_part(args, "getQuery", |p| {
        let mut query: HashMap<Key, Vec<Value>> = HashMap::new();
        for (key, value) in url::form_urlencoded::parse(p.query.as_bytes()) {
            query
                .entry(Key::String(Arc::new(key.into_owned())))
                .or_default()
                .push(text(&value));
        }
        let map = query
            .into_iter()
            .map(|(k, v)| (k, Value::List(Arc::new(v))))
            .collect();
        Value::Map(cel::objects::Map { map: Arc::new(map) })
    })
}

fn regex_find<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> CallResult<'b, 'v> {
    let args = values(&args)?;
    let text = string_arg(&args[0], "find")?;
    let pattern = compile_regex(string_arg(&args[1], "find")?)?;
    owned(Value::String(Arc::new(
        pattern
            .find(text)
            .map(|m| m.as_str().to_owned())
            .unwrap_or_default(),
    )))
}

fn regex_find_all<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> CallResult<'b, 'v> {
    let args = values(&args)?;
    let text = string_arg(&args[0], "findAll")?;
    let pattern = compile_regex(string_arg(&args[1], "findAll")?)?;
    let limit = match args.get(2) {
        Some(Value::Int(n)) if *n >= 0 => *n as usize,
        _ => usize::MAX,
    };
    let found: Vec<Value> = pattern
        .find_iter(text)
        .take(limit)
        .map(|m| Value::String(Arc::new(m.as_str().to_owned())))
        .collect();
    owned(Value::List(Arc::new(found)))
}

/// Patterns are RE2 for cel-go; regex-lite reads the same syntax except Unicode classes
/// (`\p{L}`), so a pattern it refuses is reported as not evaluated, not as an error.
fn compile_regex(pattern: &str) -> Result<regex_lite::Regex, ExecutionError> {
    regex_lite::Regex::new(pattern).map_err(|err| {
        ExecutionError::function_error(
            "regex",
            format!("{UNSUPPORTED_REGEX}: {}", one_line(&err.to_string())),
        )
    })
}

/// Marks a regex jwtcred's engine cannot compile (cel-go's RE2 might).
const UNSUPPORTED_REGEX: &str = "pattern not supported by jwtcred's regex engine";

fn string_matches<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> CallResult<'b, 'v> {
    let args = values(&args)?;
    let text = string_arg(&args[0], "matches")?;
    let pattern = compile_regex(string_arg(&args[1], "matches")?)?;
    owned(Value::Bool(pattern.is_match(text)))
}

fn sets_contains<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> CallResult<'b, 'v> {
    let args = values(&args)?;
    let (a, b) = two_lists(&args, "sets.contains")?;
    owned(Value::Bool(
        b.iter().all(|x| a.iter().any(|y| cel_equal(x, y))),
    ))
}

fn sets_equivalent<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> CallResult<'b, 'v> {
    let args = values(&args)?;
    let (a, b) = two_lists(&args, "sets.equivalent")?;
    let within = |x: &[Value], y: &[Value]| x.iter().all(|v| y.iter().any(|w| cel_equal(v, w)));
    owned(Value::Bool(within(a, b) && within(b, a)))
}

fn sets_intersects<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> CallResult<'b, 'v> {
    let args = values(&args)?;
    let (a, b) = two_lists(&args, "sets.intersects")?;
    owned(Value::Bool(
        a.iter().any(|x| b.iter().any(|y| cel_equal(x, y))),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn claims() -> Json {
        json!({
            "sub": "repo:acme/app:ref:refs/heads/main",
            "email": "Dev@Example.COM",
            "email_verified": true,
            "age": 30,
            "exp": 1800000000,
            "groups": ["dev", "ops", ""],
            "foo.bar": "dotted",
            "aud": ["k8s"],
            "url": "https://issuer.example:8443/a/b?x=1&x=2",
        })
    }

    fn eval(expression: &str) -> Evaluation {
        evaluate(expression, Scope::Claims, &claims())
    }

    /// Why `check` refuses `expression` over the claims.
    fn claims_error(expression: &str, want_bool: bool) -> String {
        check(expression, Scope::Claims, want_bool).unwrap_err()
    }

    fn assert_unsupported(expression: &str) {
        let result = eval(expression);
        assert!(
            matches!(result, Evaluation::Unsupported(_)),
            "{expression}: {result:?}"
        );
    }

    fn value(expression: &str) -> Json {
        match eval(expression) {
            Evaluation::Value(v) => v,
            other => panic!("{expression}: {other:?}"),
        }
    }

    #[test]
    fn evaluates_the_expressions_people_write() {
        let cases: Vec<(&str, Json)> = vec![
            ("claims.sub", json!("repo:acme/app:ref:refs/heads/main")),
            ("claims.age == 30", json!(true)),
            ("claims.exp > 5", json!(true)),
            ("has(claims.missing)", json!(false)),
            ("has(claims.email)", json!(true)),
            ("claims.email.lowerAscii()", json!("dev@example.com")),
            ("claims.email.upperAscii().endsWith('.COM')", json!(true)),
            ("claims.email.split('@')[1]", json!("Example.COM")),
            ("claims.groups.join(',')", json!("dev,ops,")),
            ("claims.groups.indexOf('ops')", json!(1)),
            ("claims.groups.lastIndexOf('x')", json!(-1)),
            (
                "dyn(claims.groups).map(g, 'oidc:' + g)",
                json!(["oidc:dev", "oidc:ops", "oidc:"]),
            ),
            (
                "dyn(claims.groups).filter(g, g != '')",
                json!(["dev", "ops"]),
            ),
            ("dyn(claims.groups).exists(g, g == 'dev')", json!(true)),
            ("dyn(claims.groups).all(g, g.size() < 4)", json!(true)),
            ("'ops' in claims.groups", json!(true)),
            ("claims.sub.matches('^repo:acme/.*$')", json!(true)),
            ("claims.sub.startsWith('repo:acme/')", json!(true)),
            ("claims.sub.contains(':ref:')", json!(true)),
            ("claims.foo__dot__bar", json!("dotted")),
            ("claims.?nickname.orValue('none')", json!("none")),
            ("claims.?email.orValue('none')", json!("Dev@Example.COM")),
            ("url(claims.url).getHost()", json!("issuer.example:8443")),
            ("url(claims.url).getHostname()", json!("issuer.example")),
            ("url(claims.url).getScheme()", json!("https")),
            ("url(claims.url).getPort()", json!("8443")),
            ("url(claims.url).getEscapedPath()", json!("/a/b")),
            ("url(claims.url).getQuery()", json!({"x": ["1", "2"]})),
            ("isURL('not a url')", json!(false)),
            ("claims.sub.find('acme/[a-z]+')", json!("acme/app")),
            ("claims.sub.findAll('[a-z]+', 2)", json!(["repo", "acme"])),
            ("sets.contains(claims.groups, ['dev'])", json!(true)),
            ("sets.intersects(claims.groups, ['x'])", json!(false)),
            ("[3, 1, 2].max()", json!(3)),
            ("[1, 2].sum()", json!(3)),
            ("[1, 2, 3].isSorted()", json!(true)),
            (
                "claims.email_verified ? claims.email : ''",
                json!("Dev@Example.COM"),
            ),
            ("size(claims.groups)", json!(3)),
            ("claims.sub.substring(0, 4)", json!("repo")),
            ("'a,b'.split(',')", json!(["a", "b"])),
            ("claims.aud[0]", json!("k8s")),
        ];
        for (expression, expected) in cases {
            assert_eq!(value(expression), expected, "{expression}");
        }
    }

    #[test]
    fn ranging_over_claims_yields_values_as_in_kubernetes() {
        assert_eq!(
            value(
                "claims.exists(v, v == 'dev@example.com')"
                    .replace("dev@example.com", "Dev@Example.COM")
                    .as_str()
            ),
            json!(true)
        );
        assert_eq!(value("claims.exists(k, k == 'email')"), json!(false));
    }

    #[test]
    fn a_regex_the_engine_refuses_is_not_evaluated() {
        assert!(
            matches!(
                eval("claims.sub.matches('\\\\p{Greek}')"),
                Evaluation::Unsupported(_)
            ),
            "{:?}",
            eval("claims.sub.matches('\\\\p{Greek}')")
        );
    }

    #[test]
    fn runtime_errors_are_errors_not_guesses() {
        assert!(
            matches!(eval("claims.missing"), Evaluation::Error(_)),
            "{:?}",
            eval("claims.missing")
        );
        assert!(matches!(eval("claims.groups[10]"), Evaluation::Error(_)));
    }

    #[test]
    fn kubernetes_only_functions_are_unsupported() {
        assert_unsupported("quantity('1Gi').isInteger()");
        assert_unsupported("ip('10.0.0.1').family() == 4");
        // Built without chrono: timestamps and durations are not evaluated, never guessed.
        assert_unsupported("timestamp('2024-01-01T00:00:00Z') < timestamp('2025-01-01T00:00:00Z')");
        assert_unsupported("duration('1h') > duration('1m')");
    }

    #[test]
    fn compile_checks_follow_cel_go() {
        assert!(check("claims.sub", Scope::Claims, false).is_ok());
        assert!(claims_error("user.username", false).contains("undeclared reference to 'user'"));
        assert!(claims_error("claims.sub ==", false).starts_with("compilation failed"));
        assert_eq!(claims_error("claims.sub", true), "must evaluate to bool");
        assert!(check("claims.sub == 'x'", Scope::Claims, true).is_ok());
        // cel-go types a claim `any`, which no comprehension may range over (the corpus showed it).
        assert!(
            claims_error("claims.groups.exists(g, g == 'x')", true)
                .contains("expression of type 'any' cannot be range of a comprehension")
        );
        assert!(
            check(
                "dyn(claims.groups).exists(g, g == 'x')",
                Scope::Claims,
                true
            )
            .is_ok()
        );
        assert!(check("claims.exists(v, v == 'x')", Scope::Claims, true).is_ok());
        assert!(
            check("user.name == 'x'", Scope::User, true)
                .unwrap_err()
                .contains("undefined field 'name'")
        );
        assert!(check("!user.username.startsWith('system:')", Scope::User, true).is_ok());
        assert!(
            claims_error("frobnicate(claims.sub)", false)
                .contains("undeclared reference to 'frobnicate'")
        );
    }

    #[test]
    fn user_expressions_see_the_user() {
        let user = json!({"username": "system:x", "uid": "", "groups": ["a"], "extra": {}});
        assert_eq!(
            evaluate("!user.username.startsWith('system:')", Scope::User, &user),
            Evaluation::Value(json!(false))
        );
        assert_eq!(
            evaluate("'a' in user.groups", Scope::User, &user),
            Evaluation::Value(json!(true))
        );
    }

    #[test]
    fn selects_finds_email_uses() {
        assert!(selects("claims.email", "claims", "email"));
        assert!(selects("claims.?email.orValue('')", "claims", "email"));
        assert!(!selects("claims.emails", "claims", "email"));
        assert!(selects(
            "claims.email_verified == true && x",
            "claims",
            "email_verified"
        ));
    }

    #[test]
    fn unescapes_field_names_like_cel_go() {
        assert_eq!(unescape("foo__dot__bar").as_deref(), Some("foo.bar"));
        assert_eq!(unescape("a__dash__b__slash__c").as_deref(), Some("a-b/c"));
        assert_eq!(unescape("__in__").as_deref(), Some("in"));
        assert_eq!(unescape("plain"), None);
    }
}
