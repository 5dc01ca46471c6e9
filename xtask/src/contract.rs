//! The OpenAPI document, read twice: typed with `openapiv3` for the questions about
//! operations, and as a plain value for what the typed model hides (a `$ref` wherever it
//! stands, the names of components and properties).

use std::fmt;
use std::path::Path;

use anyhow::Context;
use openapiv3::{OpenAPI, Operation, ReferenceOr, Response, StatusCode};
use serde_json::Value;

/// The six tags, in the order the summaries list them, with the number of operations the
/// API has under each.
pub const TAGS: [(&str, usize); 6] = [
    ("auth", 12),
    ("users", 14),
    ("tenants", 7),
    ("projects", 7),
    ("roles", 5),
    ("devices", 6),
];

/// The number of `/auth` operations that need no credential at all.
pub const PUBLIC_AUTH_OPERATIONS: usize = 8;

/// The security scheme of the `x-api-key` header.
pub const API_KEY: &str = "apiKey";

/// The security scheme of the `Authorization: Bearer` header.
pub const BEARER: &str = "bearerAuth";

/// The backend's development server, which the document must list.
pub const DEV_SERVER: &str = "http://localhost:8081/api";

const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";

/// A parsed OpenAPI document.
pub struct Contract {
    /// The document as `openapiv3` reads it.
    pub spec: OpenAPI,
    /// The same document as a plain JSON value.
    pub raw: Value,
}

impl Contract {
    /// Reads and parses the YAML document at `path`.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;

        Self::parse(&text)
            .with_context(|| format!("{} is not an OpenAPI 3.0 document", path.display()))
    }

    /// Parses a YAML document.
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        // The typed model comes from the text itself: a JSON value may sort its keys, and
        // the operations are to keep the document's order.
        let spec = serde_yaml_ng::from_str(text)?;
        let raw = serde_yaml_ng::from_str(text)?;
        Ok(Self { spec, raw })
    }

    /// Builds the typed model from a plain value, e.g. one that a test has altered; the
    /// order of its keys may be lost.
    pub fn from_value(raw: Value) -> anyhow::Result<Self> {
        let spec = serde_json::from_value(raw.clone())?;
        Ok(Self { spec, raw })
    }

    /// Every operation, in the document's order.
    pub fn operations(&self) -> impl Iterator<Item = Op<'_>> {
        self.spec
            .operations()
            .map(move |(path, method, operation)| Op {
                contract: self,
                path,
                method,
                operation,
            })
    }

    /// The response itself, looked up in `components/responses` when it is a reference.
    pub fn response<'a>(&'a self, response: &'a ReferenceOr<Response>) -> Option<&'a Response> {
        match response {
            ReferenceOr::Item(response) => Some(response),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/responses/")?;
                self.spec
                    .components
                    .as_ref()?
                    .responses
                    .get(name)?
                    .as_item()
            }
        }
    }
}

/// One operation with its path and method.
#[derive(Clone, Copy)]
pub struct Op<'a> {
    contract: &'a Contract,
    /// The path, as the document writes it.
    pub path: &'a str,
    /// The method, in lower case.
    pub method: &'a str,
    /// The operation object.
    pub operation: &'a Operation,
}

impl<'a> Op<'a> {
    /// The operationId, or the method and path when it has none.
    pub fn name(&self) -> String {
        match &self.operation.operation_id {
            Some(id) => id.clone(),
            None => format!("{} {}", self.method.to_uppercase(), self.path),
        }
    }

    /// The operation's only tag, if it has exactly one.
    pub fn tag(&self) -> Option<&'a str> {
        match self.operation.tags.as_slice() {
            [tag] => Some(tag),
            _ => None,
        }
    }

    /// How the request body is encoded.
    pub fn body(&self) -> Body {
        let Some(body) = &self.operation.request_body else {
            return Body::None;
        };
        let ReferenceOr::Item(body) = body else {
            return Body::Other("a $ref".to_owned());
        };

        let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
        match types.as_slice() {
            [JSON] => Body::Json,
            [FORM] => Body::Form,
            [] => Body::None,
            _ => Body::Other(types.join(", ")),
        }
    }

    /// The credentials the operation accepts.
    pub fn security(&self) -> Security {
        Security::new(self.operation.security.as_deref())
    }

    /// The name of the component schema of the JSON body of the 200 response.
    pub fn response_type(&self) -> String {
        let Some(response) = self.response(200) else {
            return "none".to_owned();
        };
        let Some(media) = response.content.get(JSON) else {
            return "not json".to_owned();
        };

        match &media.schema {
            Some(ReferenceOr::Reference { reference }) => {
                reference.rsplit('/').next().unwrap_or(reference).to_owned()
            }
            Some(ReferenceOr::Item(_)) => "inline".to_owned(),
            None => "no schema".to_owned(),
        }
    }

    /// The documented response with this status, with references resolved.
    pub fn response(&self, status: u16) -> Option<&'a Response> {
        let response = self
            .operation
            .responses
            .responses
            .get(&StatusCode::Code(status))?;
        self.contract.response(response)
    }

    /// The documented statuses other than 200, e.g. `401 403`.
    pub fn other_statuses(&self) -> String {
        let statuses: Vec<String> = self
            .operation
            .responses
            .responses
            .keys()
            .filter(|status| **status != StatusCode::Code(200))
            .map(ToString::to_string)
            .collect();

        if statuses.is_empty() {
            "-".to_owned()
        } else {
            statuses.join(" ")
        }
    }
}

/// How a request body is encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// `application/json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// No body.
    None,
    /// Anything else, described.
    Other(String),
}

impl fmt::Display for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json => f.write_str("json"),
            Self::Form => f.write_str("form"),
            Self::None => f.write_str("none"),
            Self::Other(what) => f.write_str(what),
        }
    }
}

/// The security requirement of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Security {
    /// The operation has no `security` of its own.
    Unstated,
    /// `security: []`: no credential needed.
    Public,
    /// Any one of these alternatives, each a set of schemes that must all be present.
    /// Both levels are sorted, so that two ways of writing the same rule compare equal.
    AnyOf(Vec<Vec<String>>),
}

impl Security {
    fn new(requirements: Option<&[openapiv3::SecurityRequirement]>) -> Self {
        let Some(requirements) = requirements else {
            return Self::Unstated;
        };
        if requirements.is_empty() {
            return Self::Public;
        }

        let mut alternatives: Vec<Vec<String>> = requirements
            .iter()
            .map(|requirement| {
                let mut schemes: Vec<String> = requirement.keys().cloned().collect();
                schemes.sort();
                schemes
            })
            .collect();
        alternatives.sort();

        Self::AnyOf(alternatives)
    }

    /// Whether any one of `alternatives`, each a single scheme, is what the operation
    /// asks for, and nothing else.
    pub fn is_one_of(&self, alternatives: &[&str]) -> bool {
        let mut wanted: Vec<Vec<String>> = alternatives
            .iter()
            .map(|scheme| vec![(*scheme).to_owned()])
            .collect();
        wanted.sort();

        *self == Self::AnyOf(wanted)
    }

    /// Every scheme the requirement names.
    pub fn schemes(&self) -> impl Iterator<Item = &str> {
        let alternatives: &[Vec<String>] = match self {
            Self::AnyOf(alternatives) => alternatives,
            Self::Unstated | Self::Public => &[],
        };
        alternatives.iter().flatten().map(String::as_str)
    }
}

impl fmt::Display for Security {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unstated => f.write_str("unstated"),
            Self::Public => f.write_str("public"),
            Self::AnyOf(alternatives) => {
                let alternatives: Vec<String> = alternatives
                    .iter()
                    .map(|schemes| match schemes.as_slice() {
                        // An empty requirement object lets a caller in without a credential.
                        [] => "anonymous".to_owned(),
                        schemes => schemes.join("+"),
                    })
                    .collect();
                f.write_str(&alternatives.join(" | "))
            }
        }
    }
}
