//! What every search shares: keyword matching and 0-based paging.

use iam_client::types::Pageable;

use crate::errors::HttpError;

/// How many results a page holds when `pageable` gives a page number alone.
pub(crate) const DEFAULT_ROWS_PER_PAGE: i32 = 20;

/// One page of search results, as every `*Page` type of the contract holds it.
#[derive(Debug)]
pub(crate) struct Page<T> {
    pub(crate) content: Vec<T>,
    pub(crate) total_elements: i64,
    pub(crate) total_pages: i32,
    pub(crate) number: i32,
    pub(crate) size: i32,
}

/// Which slice of the results to answer, checked before the search runs.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Paging {
    /// Every match in one page.
    All,
    /// Page `number` (from 0) of pages holding `rows` results each.
    Paged { number: i32, rows: i32 },
}

impl Paging {
    /// Reads `pageable`: a negative page or fewer than one row per page is a bad request.
    pub(crate) fn from_request(pageable: Option<&Pageable>) -> Result<Self, HttpError> {
        let Some(pageable) = pageable else {
            return Ok(Self::All);
        };

        let number = pageable.page.unwrap_or(0);
        if number < 0 {
            return Err(HttpError::bad_request(
                "field `pageable.page` must not be negative",
            ));
        }

        let rows = pageable.rows_per_page.unwrap_or(DEFAULT_ROWS_PER_PAGE);
        if rows < 1 {
            return Err(HttpError::bad_request(
                "field `pageable.rowsPerPage` must be at least 1",
            ));
        }

        Ok(Self::Paged { number, rows })
    }

    /// Cuts the page out of every match.
    ///
    /// Unpaged, the one page says `number` 0, `size` = the number of matches and
    /// `totalPages` 1, even when nothing matched. Paged, `totalPages` is 0 when nothing
    /// matched, and a page past the end is empty.
    pub(crate) fn apply<T>(self, matches: Vec<T>) -> Page<T> {
        let total = matches.len();
        let total_elements = i64::try_from(total).unwrap_or(i64::MAX);

        match self {
            Self::All => Page {
                size: saturating_i32(total),
                content: matches,
                total_elements,
                total_pages: 1,
                number: 0,
            },
            Self::Paged { number, rows } => {
                let rows_len = usize::try_from(rows).unwrap_or(usize::MAX);
                let start = usize::try_from(number)
                    .unwrap_or(usize::MAX)
                    .saturating_mul(rows_len);
                let content = matches.into_iter().skip(start).take(rows_len).collect();

                Page {
                    content,
                    total_elements,
                    total_pages: saturating_i32(total.div_ceil(rows_len)),
                    number,
                    size: rows,
                }
            }
        }
    }
}

fn saturating_i32(value: usize) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// A case-insensitive keyword filter. An absent or empty keyword matches everything.
pub(crate) struct Keyword(Option<String>);

impl Keyword {
    pub(crate) fn new(keyword: Option<&str>) -> Self {
        Self(keyword.filter(|k| !k.is_empty()).map(str::to_lowercase))
    }

    /// Whether one of `fields` contains the keyword.
    pub(crate) fn matches<'a>(&self, fields: impl IntoIterator<Item = Option<&'a str>>) -> bool {
        let Some(keyword) = &self.0 else {
            return true;
        };
        fields
            .into_iter()
            .flatten()
            .any(|field| field.to_lowercase().contains(keyword.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pageable(page: Option<i32>, rows: Option<i32>) -> Pageable {
        Pageable {
            page,
            rows_per_page: rows,
        }
    }

    #[test]
    fn unpaged_answers_everything_in_one_page() {
        let page = Paging::from_request(None).map(|p| p.apply(vec![1, 2, 3]));
        let page = page.expect("no pageable is valid");
        assert_eq!(page.content, [1, 2, 3]);
        assert_eq!(
            (
                page.total_elements,
                page.total_pages,
                page.number,
                page.size
            ),
            (3, 1, 0, 3)
        );
    }

    #[test]
    fn pages_count_from_zero_and_round_up() {
        let paging = Paging::from_request(Some(&pageable(Some(2), Some(2)))).expect("valid");
        let page = paging.apply((1..=5).collect::<Vec<_>>());
        assert_eq!(page.content, [5]);
        assert_eq!(
            (
                page.total_elements,
                page.total_pages,
                page.number,
                page.size
            ),
            (5, 3, 2, 2)
        );
    }

    #[test]
    fn a_page_alone_holds_twenty_rows() {
        let paging = Paging::from_request(Some(&pageable(Some(0), None))).expect("valid");
        let page = paging.apply((0..30).collect::<Vec<_>>());
        assert_eq!(
            (page.content.len(), page.size, page.total_pages),
            (20, 20, 2)
        );
    }

    #[test]
    fn huge_pages_neither_overflow_nor_panic() {
        let paging = Paging::from_request(Some(&pageable(Some(i32::MAX), Some(i32::MAX))));
        let page = paging.expect("valid").apply(vec![1]);
        assert!(page.content.is_empty());
    }

    #[test]
    fn negative_pages_and_empty_rows_are_refused() {
        assert!(Paging::from_request(Some(&pageable(Some(-1), None))).is_err());
        assert!(Paging::from_request(Some(&pageable(None, Some(0)))).is_err());
    }

    #[test]
    fn keywords_ignore_case_and_absent_fields() {
        let keyword = Keyword::new(Some("MiX"));
        assert!(keyword.matches([None, Some("a mixed field")]));
        assert!(!keyword.matches([None, Some("other")]));
        assert!(Keyword::new(Some("")).matches([None]));
    }
}
