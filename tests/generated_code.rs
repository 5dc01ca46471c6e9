//! The client that build.rs generates from `openapi/iam.yaml`. Any change of the contract,
//! of build.rs or of progenitor shows up here as a diff of the generated code; accept an
//! intended one with `cargo insta review`.

const GENERATED: &str = include_str!(concat!(env!("OUT_DIR"), "/iam_api.rs"));

#[test]
fn generated_client() {
    insta::assert_snapshot!(GENERATED);
}
