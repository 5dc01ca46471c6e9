//! The rules the contract follows beyond what OpenAPI itself demands.
//!
//! Each check is a function from the document to the problems it finds, so that a test can
//! break a document in one place and see which check notices.

use std::collections::{BTreeSet, HashSet};
use std::fmt;

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme};
use serde_json::Value;

use crate::contract::{
    API_KEY, BEARER, Body, Contract, DEV_SERVER, Op, PUBLIC_AUTH_OPERATIONS, Security, TAGS,
};

/// A check: its name and the function that runs it.
pub type Check = (&'static str, fn(&Contract) -> Vec<String>);

/// Every check, in the order they run.
pub const CHECKS: [Check; 7] = [
    ("document", document),
    ("operations", operations),
    ("security", security),
    ("responses", responses),
    ("references", references),
    ("components", components),
    ("schemas", schemas),
];

/// Something wrong with the document, and the check that found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The name of the check.
    pub check: &'static str,
    /// What is wrong, naming the operation or component.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.check, self.message)
    }
}

/// Runs every check and gathers what they find.
pub fn run(contract: &Contract) -> Vec<Problem> {
    CHECKS
        .iter()
        .flat_map(|(check, run)| {
            run(contract)
                .into_iter()
                .map(move |message| Problem { check, message })
        })
        .collect()
}

/// OpenAPI 3.0.x, `info` with title, version, description and the MIT licence, the
/// development server and a templated one, and the six tags declared with a description.
pub fn document(contract: &Contract) -> Vec<String> {
    let spec = &contract.spec;
    let mut problems = Vec::new();

    // progenitor reads nothing newer.
    if !spec.openapi.starts_with("3.0.") {
        problems.push(format!("declares OpenAPI {}, not 3.0.x", spec.openapi));
    }

    let info = &spec.info;
    if info.title.trim().is_empty() {
        problems.push("info has no title".to_owned());
    }
    if info.version.trim().is_empty() {
        problems.push("info has no version".to_owned());
    }
    if is_blank(info.description.as_deref()) {
        problems.push("info has no description".to_owned());
    }
    match &info.license {
        Some(license) if license.name == "MIT" => {}
        Some(license) => problems.push(format!("info names licence {}, not MIT", license.name)),
        None => problems.push("info names no licence".to_owned()),
    }

    if !spec.servers.iter().any(|server| server.url == DEV_SERVER) {
        problems.push(format!("servers lack the development server {DEV_SERVER}"));
    }
    let templated: Vec<_> = spec
        .servers
        .iter()
        .filter(|server| server.url.contains('{'))
        .collect();
    if templated.is_empty() {
        problems.push("servers lack a templated URL for deployed services".to_owned());
    }
    for server in templated {
        let named = url_variables(&server.url);
        let defined: BTreeSet<&str> = server
            .variables
            .iter()
            .flatten()
            .map(|(name, _)| name.as_str())
            .collect();
        for name in named.difference(&defined) {
            problems.push(format!("server {} does not define {{{name}}}", server.url));
        }
        for name in defined.difference(&named) {
            problems.push(format!(
                "server {} defines {name} but does not use it",
                server.url
            ));
        }
    }

    let declared: BTreeSet<&str> = spec.tags.iter().map(|tag| tag.name.as_str()).collect();
    let wanted: BTreeSet<&str> = TAGS.iter().map(|(tag, _)| *tag).collect();
    if declared != wanted {
        problems.push(format!("declares the tags {declared:?}, not {wanted:?}"));
    }
    for tag in &spec.tags {
        if is_blank(tag.description.as_deref()) {
            problems.push(format!("tag {} has no description", tag.name));
        }
    }

    problems
}

/// The 51 operations, each with a unique snake_case operationId, one of the six tags
/// matching its path, a summary, a description, and a JSON or form body that is a named
/// schema.
pub fn operations(contract: &Contract) -> Vec<String> {
    let mut problems = Vec::new();
    let mut ids = HashSet::new();
    let mut per_tag = vec![0; TAGS.len()];

    for op in contract.operations() {
        let name = op.name();

        match &op.operation.operation_id {
            None => problems.push(format!("{name} has no operationId")),
            Some(id) if !is_snake_case_identifier(id) => problems.push(format!(
                "{name}: operationId {id:?} is not a snake_case Rust identifier"
            )),
            Some(id) if !ids.insert(id.as_str()) => {
                problems.push(format!("operationId {id} is used more than once"));
            }
            Some(_) => {}
        }

        match op.tag() {
            None => problems.push(format!(
                "{name} has the tags {:?}; it needs exactly one",
                op.operation.tags
            )),
            Some(tag) => match TAGS.iter().position(|(known, _)| *known == tag) {
                None => problems.push(format!("{name} has the unknown tag {tag}")),
                Some(index) => {
                    per_tag[index] += 1;
                    if op.path != format!("/{tag}") && !op.path.starts_with(&format!("/{tag}/")) {
                        problems.push(format!(
                            "{name} is tagged {tag} but its path is {}",
                            op.path
                        ));
                    }
                }
            },
        }

        if is_blank(op.operation.summary.as_deref()) {
            problems.push(format!("{name} has no summary"));
        }
        if is_blank(op.operation.description.as_deref()) {
            problems.push(format!("{name} has no description"));
        }

        problems.extend(request_body_problems(&op));
    }

    let total: usize = per_tag.iter().sum();
    let wanted: usize = TAGS.iter().map(|(_, count)| count).sum();
    if total != wanted {
        problems.push(format!("has {total} tagged operations, not {wanted}"));
    }
    for ((tag, wanted), found) in TAGS.iter().zip(per_tag) {
        if found != *wanted {
            problems.push(format!("tag {tag} has {found} operations, not {wanted}"));
        }
    }

    problems
}

fn request_body_problems(op: &Op<'_>) -> Vec<String> {
    let name = op.name();
    let mut problems = Vec::new();

    match op.body() {
        Body::Json | Body::Form => {}
        Body::None => problems.push(format!("{name} has no request body")),
        Body::Other(what) => {
            problems.push(format!("{name}: the body is {what}, not JSON or a form"));
        }
    }

    if let Some(ReferenceOr::Item(body)) = &op.operation.request_body {
        if !body.required {
            problems.push(format!("{name}: the request body is not marked required"));
        }
        for media in body.content.values() {
            if !matches!(&media.schema, Some(ReferenceOr::Reference { .. })) {
                problems.push(format!("{name}: the request body is not a named schema"));
            }
        }
    }

    problems
}

/// The security schemes, and the chain of every operation: public auth calls
/// `security: []`, the other auth calls the bearer token (or, for an administrator's call,
/// the API key instead), `/tenants/**` the API key only, and everything else the bearer
/// token or the API key.
pub fn security(contract: &Contract) -> Vec<String> {
    let mut problems = Vec::new();
    let schemes = contract
        .spec
        .components
        .as_ref()
        .map(|components| &components.security_schemes);

    match schemes.and_then(|schemes| schemes.get(API_KEY)) {
        Some(ReferenceOr::Item(SecurityScheme::APIKey { location, name, .. }))
            if *location == APIKeyLocation::Header && name == "x-api-key" => {}
        _ => problems.push(format!(
            "{API_KEY} is not an API key in the x-api-key header"
        )),
    }
    match schemes.and_then(|schemes| schemes.get(BEARER)) {
        Some(ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. }))
            if scheme.eq_ignore_ascii_case("bearer") => {}
        _ => problems.push(format!("{BEARER} is not HTTP bearer authentication")),
    }

    let mut public_auth = 0;
    for op in contract.operations() {
        let name = op.name();
        let security = op.security();

        for scheme in security.schemes() {
            if !schemes.is_some_and(|schemes| schemes.contains_key(scheme)) {
                problems.push(format!(
                    "{name} names the undefined security scheme {scheme}"
                ));
            }
        }

        if security == Security::Unstated {
            problems.push(format!("{name} does not state its security"));
            continue;
        }

        // Without a single tag the chain is unknown; the operations check reports that.
        let Some(tag) = op.tag() else {
            continue;
        };
        let fits = match (tag, &security) {
            ("auth", Security::Public) => {
                public_auth += 1;
                true
            }
            // The system API key opens every path, so an administrator's call may take it
            // instead of the bearer token; a call on the caller's own account may not.
            ("auth", security) => {
                security.is_one_of(&[BEARER]) || security.is_one_of(&[BEARER, API_KEY])
            }
            ("tenants", security) => security.is_one_of(&[API_KEY]),
            (_, security) => security.is_one_of(&[BEARER, API_KEY]),
        };
        if !fits {
            problems.push(format!(
                "{name} on {} asks for `{security}`, which is not its path's chain",
                op.path
            ));
        }
    }

    if public_auth != PUBLIC_AUTH_OPERATIONS {
        problems.push(format!(
            "{public_auth} auth operations are public, not {PUBLIC_AUTH_OPERATIONS}"
        ));
    }

    problems
}

/// A JSON 200 response of a named schema everywhere; 401 wherever a credential is
/// needed, 403 on the paths a valid credential may still not open; and no body in either,
/// because the backend's security filter answers what it likes there and a generated
/// client that expected JSON would lose the status on anything else.
pub fn responses(contract: &Contract) -> Vec<String> {
    let mut problems = Vec::new();

    for op in contract.operations() {
        let name = op.name();

        match op.response_type().as_str() {
            "none" | "not json" => problems.push(format!("{name} has no JSON 200 response")),
            "inline" | "no schema" => {
                problems.push(format!("{name}: the 200 response is not a named schema"));
            }
            _ => {}
        }

        let needs_credential = !matches!(op.security(), Security::Public | Security::Unstated);
        if needs_credential && op.response(401).is_none() {
            problems.push(format!("{name} needs a credential but documents no 401"));
        }
        let guarded_path = op.tag().is_some_and(|tag| tag != "auth");
        if guarded_path && op.response(403).is_none() {
            problems.push(format!("{name} documents no 403"));
        }

        for status in [401, 403] {
            if op
                .response(status)
                .is_some_and(|response| !response.content.is_empty())
            {
                problems.push(format!("{name}: the {status} response declares a body"));
            }
        }
    }

    problems
}

/// Every `$ref` points inside the document, at something that is there.
pub fn references(contract: &Contract) -> Vec<String> {
    let mut problems = Vec::new();

    for (at, reference) in refs(&contract.raw, "") {
        match reference {
            Value::String(reference) => match reference.strip_prefix('#') {
                Some(pointer) if contract.raw.pointer(pointer).is_some() => {}
                Some(_) => problems.push(format!("{at}: {reference} points at nothing")),
                None => problems.push(format!(
                    "{at}: {reference} is not a reference inside the document"
                )),
            },
            other => problems.push(format!("{at}: $ref is {other}, not a string")),
        }
    }

    problems
}

/// No component that nothing uses: a component counts as used when an operation reaches
/// it through `$ref`s, and a security scheme when a security requirement names it.
pub fn components(contract: &Contract) -> Vec<String> {
    let raw = &contract.raw;
    let Some(Value::Object(components)) = raw.get("components") else {
        return Vec::new();
    };

    // Follow references from everything outside `components`, then from each component
    // reached, so that a component only an unused one refers to counts as unused too.
    let mut used = BTreeSet::new();
    let mut pending: Vec<String> = match raw {
        Value::Object(root) => root
            .iter()
            .filter(|(key, _)| *key != "components")
            .flat_map(|(key, value)| refs(value, key))
            .filter_map(|(_, reference)| reference.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    while let Some(reference) = pending.pop() {
        let mut segments = reference
            .strip_prefix("#/components/")
            .into_iter()
            .flat_map(|rest| rest.split('/'));
        let (Some(kind), Some(name)) = (segments.next(), segments.next()) else {
            continue;
        };
        let name = unescape(name);
        if !used.insert((kind.to_owned(), name.clone())) {
            continue;
        }
        if let Some(component) = components.get(kind).and_then(|kind| kind.get(&name)) {
            pending.extend(
                refs(component, "")
                    .into_iter()
                    .filter_map(|(_, reference)| reference.as_str().map(str::to_owned)),
            );
        }
    }

    let spec = &contract.spec;
    let requirements = spec.security.iter().flatten().chain(
        spec.operations()
            .flat_map(|(_, _, op)| op.security.iter().flatten()),
    );
    for requirement in requirements {
        for scheme in requirement.keys() {
            used.insert(("securitySchemes".to_owned(), scheme.clone()));
        }
    }

    let mut problems = Vec::new();
    for (kind, members) in components {
        let Value::Object(members) = members else {
            continue;
        };
        for name in members.keys() {
            if !used.contains(&(kind.clone(), name.clone())) {
                problems.push(format!("components/{kind}/{name} is not used"));
            }
        }
    }

    problems
}

/// Component schemas name their properties in camelCase, list as required only
/// properties they have, and never refuse unknown fields, which responses may carry.
pub fn schemas(contract: &Contract) -> Vec<String> {
    let mut problems = Vec::new();

    if let Some(Value::Object(schemas)) = contract.raw.pointer("/components/schemas") {
        for (name, schema) in schemas {
            schema_problems(schema, name, &mut problems);
        }
    }

    problems
}

fn schema_problems(schema: &Value, at: &str, problems: &mut Vec<String>) {
    let Value::Object(schema) = schema else {
        return;
    };

    let properties = match schema.get("properties") {
        Some(Value::Object(properties)) => Some(properties),
        _ => None,
    };
    for property in properties
        .into_iter()
        .flat_map(|properties| properties.keys())
    {
        if !is_camel_case(property) {
            problems.push(format!("{at}: property {property} is not camelCase"));
        }
    }
    for required in schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let known = required
            .as_str()
            .is_some_and(|required| properties.is_some_and(|p| p.contains_key(required)));
        if !known {
            problems.push(format!(
                "{at}: requires {required}, which it does not define"
            ));
        }
    }
    if schema.get("additionalProperties") == Some(&Value::Bool(false)) {
        problems.push(format!("{at} refuses unknown fields"));
    }

    for (key, value) in schema {
        match (key.as_str(), value) {
            ("properties", Value::Object(properties)) => {
                for (property, schema) in properties {
                    schema_problems(schema, &format!("{at}.{property}"), problems);
                }
            }
            ("items" | "additionalProperties" | "not", schema) => {
                schema_problems(schema, &format!("{at}.{key}"), problems);
            }
            ("oneOf" | "anyOf" | "allOf", Value::Array(schemas)) => {
                for (index, schema) in schemas.iter().enumerate() {
                    schema_problems(schema, &format!("{at}.{key}[{index}]"), problems);
                }
            }
            _ => {}
        }
    }
}

/// Every `$ref` under `value` with the JSON pointer of the object holding it, relative to
/// `at`.
fn refs<'a>(value: &'a Value, at: &str) -> Vec<(String, &'a Value)> {
    let mut found = Vec::new();
    collect_refs(value, at.to_owned(), &mut found);
    found
}

fn collect_refs<'a>(value: &'a Value, at: String, found: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Object(object) => {
            for (key, value) in object {
                if key == "$ref" {
                    found.push((format!("/{at}"), value));
                } else {
                    collect_refs(value, join(&at, key), found);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                collect_refs(item, join(&at, &index.to_string()), found);
            }
        }
        _ => {}
    }
}

fn join(at: &str, key: &str) -> String {
    let key = key.replace('~', "~0").replace('/', "~1");
    if at.is_empty() {
        key
    } else {
        format!("{at}/{key}")
    }
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// The names in a server URL's `{braces}`.
fn url_variables(url: &str) -> BTreeSet<&str> {
    url.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

fn is_blank(text: Option<&str>) -> bool {
    text.is_none_or(|text| text.trim().is_empty())
}

/// Lower-case words of letters and digits joined by single underscores, starting with a
/// letter, and not a keyword, so that it can name a Rust method as it is.
fn is_snake_case_identifier(id: &str) -> bool {
    const KEYWORDS: [&str; 51] = [
        "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
        "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
        "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
        "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type",
        "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
    ];

    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id.split('_').all(|word| {
            !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && !KEYWORDS.contains(&id)
}

fn is_camel_case(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = include_str!("../../openapi/iam.yaml");

    /// The checks that find something in the project's document after `change`.
    fn failing_after(change: impl FnOnce(&mut Value)) -> BTreeSet<&'static str> {
        let mut raw: Value = serde_yaml_ng::from_str(SPEC).unwrap();
        change(&mut raw);
        let contract = Contract::from_value(raw).unwrap();

        run(&contract)
            .into_iter()
            .map(|problem| problem.check)
            .collect()
    }

    fn at<'a>(raw: &'a mut Value, pointer: &str) -> &'a mut Value {
        raw.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("the document has no {pointer}"))
    }

    fn remove(raw: &mut Value, pointer: &str) {
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let removed = at(raw, parent)
            .as_object_mut()
            .unwrap()
            .remove(&unescape(key));
        assert!(removed.is_some(), "the document has no {pointer}");
    }

    const LOGIN: &str = "/paths/~1auth~1login/post";
    const TENANT_BY_ID: &str = "/paths/~1tenants~1by-id/post";
    const DELETE_USER: &str = "/paths/~1users~1delete-user/post";

    #[test]
    fn the_project_document_passes_every_check() {
        let contract = Contract::parse(SPEC).unwrap();

        assert_eq!(run(&contract), Vec::new());
    }

    #[test]
    fn a_missing_licence_fails_the_document_check() {
        let failing = failing_after(|raw| remove(raw, "/info/license"));

        assert_eq!(failing, BTreeSet::from(["document"]));
    }

    #[test]
    fn a_server_variable_without_a_definition_fails_the_document_check() {
        let failing = failing_after(|raw| remove(raw, "/servers/1/variables/host"));

        assert_eq!(failing, BTreeSet::from(["document"]));
    }

    #[test]
    fn a_missing_operation_id_fails_the_operations_check() {
        let failing = failing_after(|raw| remove(raw, &format!("{LOGIN}/operationId")));

        assert_eq!(failing, BTreeSet::from(["operations"]));
    }

    #[test]
    fn a_camel_case_operation_id_fails_the_operations_check() {
        let failing = failing_after(|raw| {
            *at(raw, &format!("{LOGIN}/operationId")) = "logIn".into();
        });

        assert_eq!(failing, BTreeSet::from(["operations"]));
    }

    #[test]
    fn a_duplicate_operation_id_fails_the_operations_check() {
        let failing = failing_after(|raw| {
            *at(raw, &format!("{LOGIN}/operationId")) = "register".into();
        });

        assert_eq!(failing, BTreeSet::from(["operations"]));
    }

    #[test]
    fn a_second_tag_fails_the_operations_check() {
        let failing = failing_after(|raw| {
            *at(raw, &format!("{DELETE_USER}/tags")) = serde_json::json!(["users", "roles"]);
        });

        assert_eq!(failing, BTreeSet::from(["operations"]));
    }

    #[test]
    fn a_missing_description_fails_the_operations_check() {
        let failing = failing_after(|raw| remove(raw, &format!("{LOGIN}/description")));

        assert_eq!(failing, BTreeSet::from(["operations"]));
    }

    #[test]
    fn a_removed_operation_fails_the_operations_check() {
        let failing = failing_after(|raw| remove(raw, "/paths/~1roles~1delete"));

        assert_eq!(failing, BTreeSet::from(["operations"]));
    }

    #[test]
    fn unstated_security_fails_the_security_check() {
        let failing = failing_after(|raw| remove(raw, &format!("{TENANT_BY_ID}/security")));

        assert_eq!(failing, BTreeSet::from(["security"]));
    }

    #[test]
    fn a_bearer_token_on_tenants_fails_the_security_check() {
        let failing = failing_after(|raw| {
            *at(raw, &format!("{TENANT_BY_ID}/security")) =
                serde_json::json!([{"bearerAuth": []}, {"apiKey": []}]);
        });

        assert_eq!(failing, BTreeSet::from(["security"]));
    }

    #[test]
    fn a_public_auth_call_that_asks_for_a_token_fails_the_security_check() {
        let failing = failing_after(|raw| {
            *at(raw, &format!("{LOGIN}/security")) = serde_json::json!([{"bearerAuth": []}]);
        });

        assert_eq!(failing, BTreeSet::from(["security"]));
    }

    #[test]
    fn a_401_with_a_body_fails_the_responses_check() {
        let failing = failing_after(|raw| {
            at(raw, "/components/responses/Unauthorized")
                .as_object_mut()
                .unwrap()
                .insert(
                    "content".to_owned(),
                    serde_json::json!({"application/json": {"schema": {"type": "object"}}}),
                );
        });

        assert_eq!(failing, BTreeSet::from(["responses"]));
    }

    #[test]
    fn a_secured_operation_without_401_fails_the_responses_check() {
        let failing = failing_after(|raw| remove(raw, &format!("{TENANT_BY_ID}/responses/401")));

        assert_eq!(failing, BTreeSet::from(["responses"]));
    }

    #[test]
    fn a_dangling_reference_fails_the_references_check() {
        let failing = failing_after(|raw| {
            *at(raw, "/components/schemas/UserResponse/properties/user/$ref") =
                "#/components/schemas/Person".into();
        });

        // The typed model never follows references, so only the references check sees it;
        // `User` is then used by the pages still.
        assert_eq!(failing, BTreeSet::from(["references"]));
    }

    #[test]
    fn an_external_reference_fails_the_references_check() {
        let failing = failing_after(|raw| {
            *at(
                raw,
                "/components/schemas/UserPage/properties/content/items/$ref",
            ) = "common.yaml#/User".into();
        });

        assert_eq!(failing, BTreeSet::from(["references"]));
    }

    #[test]
    fn an_unused_schema_fails_the_components_check() {
        let failing = failing_after(|raw| {
            at(raw, "/components/schemas")
                .as_object_mut()
                .unwrap()
                .insert("Orphan".to_owned(), serde_json::json!({"type": "string"}));
        });

        assert_eq!(failing, BTreeSet::from(["components"]));
    }

    #[test]
    fn a_schema_used_only_by_an_unused_one_fails_the_components_check() {
        let mut raw: Value = serde_yaml_ng::from_str(SPEC).unwrap();
        at(&mut raw, "/components/schemas")
            .as_object_mut()
            .unwrap()
            .insert(
                "Orphan".to_owned(),
                serde_json::json!({"$ref": "#/components/schemas/Lonely"}),
            );
        at(&mut raw, "/components/schemas")
            .as_object_mut()
            .unwrap()
            .insert("Lonely".to_owned(), serde_json::json!({"type": "string"}));
        let contract = Contract::from_value(raw).unwrap();

        let problems: BTreeSet<String> = components(&contract).into_iter().collect();

        assert_eq!(
            problems,
            BTreeSet::from([
                "components/schemas/Lonely is not used".to_owned(),
                "components/schemas/Orphan is not used".to_owned(),
            ])
        );
    }

    #[test]
    fn an_unused_security_scheme_fails_the_components_check() {
        let failing = failing_after(|raw| {
            at(raw, "/components/securitySchemes")
                .as_object_mut()
                .unwrap()
                .insert(
                    "basicAuth".to_owned(),
                    serde_json::json!({"type": "http", "scheme": "basic"}),
                );
        });

        assert_eq!(failing, BTreeSet::from(["components"]));
    }

    #[test]
    fn a_snake_case_property_fails_the_schemas_check() {
        let failing = failing_after(|raw| {
            let user = at(raw, "/components/schemas/User/properties");
            let email = user.as_object_mut().unwrap().remove("email").unwrap();
            user.as_object_mut()
                .unwrap()
                .insert("e_mail".to_owned(), email);
            *at(raw, "/components/schemas/User/required") = serde_json::json!(["id", "e_mail"]);
        });

        assert_eq!(failing, BTreeSet::from(["schemas"]));
    }

    #[test]
    fn refusing_unknown_fields_fails_the_schemas_check() {
        let failing = failing_after(|raw| {
            at(raw, "/components/schemas/Tenant")
                .as_object_mut()
                .unwrap()
                .insert("additionalProperties".to_owned(), false.into());
        });

        assert_eq!(failing, BTreeSet::from(["schemas"]));
    }

    #[test]
    fn snake_case_identifiers_are_told_apart() {
        for good in ["login", "get_user_by_id", "search_users2"] {
            assert!(is_snake_case_identifier(good), "{good}");
        }
        for bad in [
            "", "Login", "getUser", "_login", "log__in", "login_", "2fa", "type",
        ] {
            assert!(!is_snake_case_identifier(bad), "{bad}");
        }
    }
}
