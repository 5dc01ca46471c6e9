//! Generates the typed IAM client from `openapi/iam.yaml` with progenitor.
//!
//! The output goes to `OUT_DIR` and is never edited by hand: the facade in `src/` reaches
//! it through progenitor's inner type and hooks. Two files come out:
//!
//! - `iam_api.rs`: the progenitor client and its types;
//! - `iam_security.rs`: the operations that the contract marks public (`security: []`), so
//!   the facade knows from the contract itself which calls must not carry a bearer token.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use openapiv3::OpenAPI;
use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};
use schemars::schema::{InstanceType, SchemaObject};

const SPEC_PATH: &str = "openapi/iam.yaml";

/// Why the client could not be generated, with the spec's path in every message.
enum BuildError {
    Read(std::io::Error),
    Parse(serde_yaml_ng::Error),
    Generate(progenitor::Error),
    Panic(String),
    Format(syn::Error),
    Contract(String),
    NoOutDir,
    Write(PathBuf, std::io::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Read(error) => write!(f, "{SPEC_PATH}: cannot read the file: {error}"),
            Self::Parse(error) => {
                write!(f, "{SPEC_PATH}: not a valid OpenAPI 3.0 document: {error}")
            }
            Self::Generate(error) => {
                write!(
                    f,
                    "{SPEC_PATH}: progenitor cannot generate a client from it: {error}"
                )
            }
            Self::Panic(message) => {
                write!(f, "{SPEC_PATH}: progenitor gave up on it: {message}")
            }
            Self::Format(error) => {
                write!(
                    f,
                    "{SPEC_PATH}: the generated client is not valid Rust: {error}"
                )
            }
            Self::Contract(message) => write!(f, "{SPEC_PATH}: {message}"),
            Self::NoOutDir => f.write_str("OUT_DIR is not set: run the build through cargo"),
            Self::Write(path, error) => write!(f, "cannot write {}: {error}", path.display()),
        }
    }
}

fn main() -> ExitCode {
    println!("cargo:rerun-if-changed={SPEC_PATH}");
    println!("cargo:rerun-if-changed=build.rs");

    match generate() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Cargo shows a failed build script's stderr, so the message names the file and
            // the fault instead of a panic's backtrace.
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn generate() -> Result<(), BuildError> {
    let text = std::fs::read_to_string(SPEC_PATH).map_err(BuildError::Read)?;
    let spec: OpenAPI = serde_yaml_ng::from_str(&text).map_err(BuildError::Parse)?;

    if !spec.openapi.starts_with("3.0.") {
        return Err(BuildError::Contract(format!(
            "declares OpenAPI {}, but progenitor reads 3.0.x only",
            spec.openapi
        )));
    }

    // Cargo always sets OUT_DIR for a build script; without it there is nowhere to write.
    let out_dir = std::env::var_os("OUT_DIR")
        .map(PathBuf::from)
        .ok_or(BuildError::NoOutDir)?;

    let client = generate_client(&spec)?;
    write(&out_dir.join("iam_api.rs"), &client)?;

    let security = public_operations(&spec)?;
    write(&out_dir.join("iam_security.rs"), &security)
}

fn generate_client(spec: &OpenAPI) -> Result<String, BuildError> {
    // Every secret in the contract is a string with `format: password`; it becomes the
    // crate's `Secret`, whose Debug never shows the value.
    let secret_schema = SchemaObject {
        instance_type: Some(InstanceType::String.into()),
        format: Some("password".to_owned()),
        ..SchemaObject::default()
    };

    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_inner_type(quote::quote! { crate::transport::Credentials })
        .with_hooks(HooksMode::Expected)
        .with_derive("schemars::JsonSchema")
        .with_conversion(
            secret_schema,
            "crate::Secret",
            [TypeImpl::FromStr].into_iter(),
        );

    // progenitor and typify panic on some faults of a document instead of returning an
    // error (a `$ref` to a missing schema, for one). Catching the panic keeps its message
    // but puts the file's name in front of it, and the silent hook keeps the backtrace
    // out. Nothing touched inside is used after a panic, hence the AssertUnwindSafe.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let generated = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Generator::new(&settings).generate_tokens(spec)
    }));
    std::panic::set_hook(hook);

    let tokens = generated
        .map_err(|payload| BuildError::Panic(panic_message(payload.as_ref())))?
        .map_err(BuildError::Generate)?;
    let file = syn::parse2::<syn::File>(tokens).map_err(BuildError::Format)?;

    Ok(prettyplease::unparse(&file))
}

/// The text a panic was raised with, when it was a string.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_owned()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        "a panic without a message".to_owned()
    }
}

/// Lists the operations whose security requirement is empty, as a Rust constant.
fn public_operations(spec: &OpenAPI) -> Result<String, BuildError> {
    let mut public = Vec::new();

    for (path, method, operation) in spec.operations() {
        let id = operation
            .operation_id
            .as_deref()
            .ok_or_else(|| BuildError::Contract(format!("{method} {path} has no operationId")))?;
        let security = operation.security.as_ref().ok_or_else(|| {
            BuildError::Contract(format!("operation {id} does not state its security"))
        })?;

        if security.is_empty() {
            public.push(id.to_owned());
        }
    }

    public.sort();

    let mut source = String::from(
        "/// Operations the contract marks public: they never carry a bearer token.\n\
         pub(crate) const PUBLIC_OPERATIONS: &[&str] = &[\n",
    );
    for id in public {
        source.push_str(&format!("    {id:?},\n"));
    }
    source.push_str("];\n");

    Ok(source)
}

fn write(path: &Path, contents: &str) -> Result<(), BuildError> {
    std::fs::write(path, contents).map_err(|error| BuildError::Write(path.to_owned(), error))
}
