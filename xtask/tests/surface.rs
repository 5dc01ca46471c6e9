//! The API surface of `openapi/iam.yaml`, one line per operation. A change of the contract
//! fails this test with a diff; accept an intended one with `cargo insta review`.

use std::path::Path;

use xtask::contract::Contract;

#[test]
fn api_surface() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/iam.yaml");
    let contract = Contract::load(&spec).unwrap();

    insta::assert_snapshot!(xtask::surface::surface(&contract));
}
