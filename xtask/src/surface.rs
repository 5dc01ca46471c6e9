//! What the contract offers, written for people: a short summary, and the API surface with
//! one line per operation. The surface is snapshot-tested, so that any change of the
//! contract shows up as a readable diff in review.

use std::fmt::Write;

use crate::contract::{Contract, TAGS};

/// One line per operation, in the document's order, under a heading: tag, operationId,
/// method, path, body encoding, accepted credentials, the schema of the 200 response, and
/// the other documented statuses.
pub fn surface(contract: &Contract) -> String {
    let heading = [
        "tag",
        "operation",
        "method",
        "path",
        "body",
        "security",
        "response",
        "errors",
    ]
    .map(str::to_owned);

    let rows = contract.operations().map(|op| {
        [
            op.tag().unwrap_or("?").to_owned(),
            op.name(),
            op.method.to_uppercase(),
            op.path.to_owned(),
            op.body().to_string(),
            op.security().to_string(),
            op.response_type(),
            op.other_statuses(),
        ]
    });

    table(std::iter::once(heading).chain(rows).collect())
}

/// A few lines on the whole document: title, servers, operations per tag, body encodings,
/// security chains and components.
pub fn summary(contract: &Contract) -> String {
    let spec = &contract.spec;
    let mut text = format!(
        "{} {} (OpenAPI {})\n",
        spec.info.title, spec.info.version, spec.openapi
    );

    for (index, server) in spec.servers.iter().enumerate() {
        let label = if index == 0 { "servers" } else { "" };
        writeln!(text, "{label:<12}{}", server.url).unwrap();
    }

    let operations: Vec<_> = contract.operations().collect();
    let per_tag: Vec<String> = TAGS
        .iter()
        .map(|(tag, _)| {
            let count = operations.iter().filter(|op| op.tag() == Some(tag)).count();
            format!("{tag} {count}")
        })
        .collect();
    writeln!(
        text,
        "{:<12}{}: {}",
        "operations",
        operations.len(),
        per_tag.join(", ")
    )
    .unwrap();

    let bodies = tally(operations.iter().map(|op| op.body().to_string()));
    writeln!(text, "{:<12}{bodies}", "bodies").unwrap();

    let security = tally(operations.iter().map(|op| op.security().to_string()));
    writeln!(text, "{:<12}{security}", "security").unwrap();

    let components: Vec<String> = spec
        .components
        .iter()
        .flat_map(|components| {
            [
                ("schemas", components.schemas.len()),
                ("responses", components.responses.len()),
                ("parameters", components.parameters.len()),
                ("request bodies", components.request_bodies.len()),
                ("headers", components.headers.len()),
                ("examples", components.examples.len()),
                ("links", components.links.len()),
                ("callbacks", components.callbacks.len()),
                ("security schemes", components.security_schemes.len()),
            ]
        })
        .filter(|(_, count)| *count > 0)
        .map(|(kind, count)| format!("{count} {kind}"))
        .collect();
    writeln!(text, "{:<12}{}", "components", components.join(", ")).unwrap();

    text
}

/// `label count` for each distinct label, in order of first appearance.
fn tally(labels: impl Iterator<Item = String>) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for label in labels {
        match counts.iter_mut().find(|(known, _)| *known == label) {
            Some((_, count)) => *count += 1,
            None => counts.push((label, 1)),
        }
    }

    let counts: Vec<String> = counts
        .into_iter()
        .map(|(label, count)| format!("{label} {count}"))
        .collect();
    counts.join(", ")
}

/// Left-aligned columns two spaces apart, without trailing blanks.
fn table<const N: usize>(rows: Vec<[String; N]>) -> String {
    let mut widths = [0; N];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }

    let mut text = String::new();
    for row in &rows {
        let mut line = String::new();
        for (cell, width) in row.iter().zip(widths) {
            write!(line, "{cell:<width$}  ").unwrap();
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }

    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_columns_and_trims_lines() {
        let rows = vec![
            ["a".to_owned(), "bb".to_owned(), "c".to_owned()],
            ["ddd".to_owned(), "e".to_owned(), String::new()],
        ];

        assert_eq!(table(rows), "a    bb  c\nddd  e\n");
    }

    #[test]
    fn tally_counts_in_order_of_first_appearance() {
        let labels = ["json", "form", "json"].map(str::to_owned).into_iter();

        assert_eq!(tally(labels), "json 2, form 1");
    }
}
