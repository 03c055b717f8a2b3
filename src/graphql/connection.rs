//! Relay-style cursor connections with a page size of 1 to 100 and a `totalCount`: the paging
//! rules and the `connection!` macro that declares a connection for a node type. The node types'
//! own module instantiates it, so this module knows no node and nothing imports back into it.

use async_graphql::SimpleObject;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::error::invalid_argument;

/// The largest page a client may ask for (GitHub's rule for connections).
pub const MAX_PAGE: i32 = 100;

/// Information about a page of a connection.
#[derive(SimpleObject, Debug, Clone)]
pub struct PageInfo {
    /// Whether more items follow this page.
    pub has_next_page: bool,
    /// Whether items precede this page.
    pub has_previous_page: bool,
    /// Cursor of the first item of the page.
    pub start_cursor: Option<String>,
    /// Cursor of the last item of the page; pass it as `after` for the next page.
    pub end_cursor: Option<String>,
}

/// Declares a concrete connection type and its edge type for one node type (async-graphql's
/// generic objects cannot nest one generic object in another).
macro_rules! connection {
    ($connection:ident, $edge:ident, $node:ty, $what:literal) => {
        #[doc = concat!("A ", $what, " with its cursor.")]
        #[derive(async_graphql::SimpleObject, Clone)]
        pub struct $edge {
            /// Opaque cursor of this item; pass it as `after` to continue after it.
            pub cursor: String,
            #[doc = concat!("The ", $what, ".")]
            pub node: $node,
        }

        #[doc = concat!("A page of ", $what, "s, with cursors, page information and the total count.")]
        #[derive(async_graphql::SimpleObject)]
        pub struct $connection {
            /// The items of this page with their cursors.
            pub edges: Vec<$edge>,
            /// The items of this page.
            pub nodes: Vec<$node>,
            /// Where this page sits in the whole list.
            pub page_info: $crate::graphql::connection::PageInfo,
            /// The number of items in the whole list, across all pages.
            pub total_count: usize,
        }

        impl $connection {
            /// Cuts one page out of `items` (already in their final order).
            pub fn page(items: Vec<$node>, page: $crate::graphql::connection::Page) -> Self {
                let total_count = items.len();
                let edges: Vec<$edge> = items
                    .into_iter()
                    .enumerate()
                    .skip(page.offset)
                    .take(page.size)
                    .map(|(position, node)| $edge {
                        cursor: $crate::graphql::connection::encode_cursor(position),
                        node,
                    })
                    .collect();
                let end = page.offset + edges.len();
                $connection {
                    nodes: edges.iter().map(|e| e.node.clone()).collect(),
                    page_info: $crate::graphql::connection::PageInfo {
                        has_next_page: end < total_count,
                        has_previous_page: page.offset > 0,
                        start_cursor: edges.first().map(|e| e.cursor.clone()),
                        end_cursor: edges.last().map(|e| e.cursor.clone()),
                    },
                    edges,
                    total_count,
                }
            }
        }
    };
}

pub(super) use connection;

/// Validated paging arguments.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub offset: usize,
    pub size: usize,
}

impl Page {
    /// Checks `first` (1 to 100, default `default`) and decodes `after`.
    pub fn from_args(
        first: Option<i32>,
        after: Option<&str>,
        default: i32,
    ) -> async_graphql::Result<Page> {
        let first = first.unwrap_or(default);
        if !(1..=MAX_PAGE).contains(&first) {
            return Err(invalid_argument(format!(
                "`first` must be between 1 and {MAX_PAGE}, got {first}"
            )));
        }
        let offset = match after {
            None => 0,
            Some(cursor) => decode_cursor(cursor)? + 1,
        };
        Ok(Page {
            offset,
            size: first as usize,
        })
    }
}

pub fn encode_cursor(position: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("at:{position}"))
}

fn decode_cursor(cursor: &str) -> async_graphql::Result<usize> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| text.strip_prefix("at:").and_then(|n| n.parse().ok()))
        .ok_or_else(|| invalid_argument(format!("`after` is not a cursor of this API: `{cursor}`")))
}
