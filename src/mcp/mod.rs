//! The MCP (Model Context Protocol) front end, for AI assistants: tools that answer with real
//! clause ids, relationships, notes, provisional flags and where each row is stored, and
//! resources for the standards and their clause trees. Like every front end it only translates:
//! arguments into service calls, answers into MCP results.
//!
//! Two transports: `itsm-crosswalk mcp` over stdio (nothing but protocol on stdout), and the
//! streamable HTTP transport at `/mcp` of the running server, stateless so that any replica can
//! answer. A tool that fails on bad input answers a tool error (`isError`) whose text starts
//! with our error code (`NOT_FOUND: ...`); arguments that do not fit the input schema, unknown
//! tools and unknown resources are protocol errors (JSON-RPC).

pub mod answers;

use std::sync::Arc;
use std::time::Duration;

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::tool::ToolCallContext;
use rmcp::handler::server::wrapper::{Json, Parameters};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    ListResourceTemplatesResult, ListResourcesResult, PaginatedRequestParams,
    ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, Resource,
    ResourceContents, ResourceTemplate, ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, tool, tool_handler, tool_router};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::analysis::crosswalk::{CrosswalkFilter, crosswalk};
use crate::analysis::integrated::integrated_view;
use crate::analysis::plan::{Control, ControlField, ControlStatus};
use crate::model::Relationship;
use crate::service::inventory::{Inventory, Place};
use crate::service::{ErrorCode, ServiceError, Snapshot, provenance, resolve};
use answers::*;

/// Longest a tool may run, as for a GraphQL request.
pub const TOOL_TIMEOUT: Duration = Duration::from_secs(10);
/// Most search results one call lists.
pub const MAX_SEARCH_RESULTS: usize = 50;
/// Largest page of a crosswalk, as for GraphQL connections.
pub const MAX_PAGE: usize = 100;

const RESOURCE_SCHEME: &str = "itsm-crosswalk://standards";

/// The MCP server over the live service: each call answers from the snapshot served at that
/// moment, so a reload is seen by the next call.
#[derive(Clone)]
pub struct CrosswalkMcp {
    service: crate::service::Service,
    tool_router: ToolRouter<Self>,
}

fn tool_error(error: ServiceError) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(format!(
        "{}: {}",
        error.code, error.message
    ))])
}

fn invalid(message: impl Into<String>) -> ServiceError {
    ServiceError::invalid_argument(message)
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct SearchArgs {
    /// Words to look for in clause titles and our summaries, e.g. "continuity plan"; typos are
    /// forgiven ("continuty").
    pub query: String,
    /// Only clauses of these standards (ids such as `iso-iec-27001-2022`); all standards when absent.
    pub standards: Option<Vec<String>>,
    /// How many results to list, 1 to 50 (default 10).
    pub limit: Option<usize>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ClauseArgs {
    /// The clause id, `<standard id>:<ref>`, e.g. `iso-iec-20000-1-2018:8.5.1.3` or
    /// `iso-iec-27001-2022:A.8.32` (search_clauses finds ids).
    pub clause: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct CrosswalkArgs {
    /// The standard the rows are read from, e.g. `iso-iec-20000-1-2018`.
    pub from: String,
    /// The other standard, e.g. `iso-iec-27001-2022`.
    pub to: String,
    /// Only rows with these relationships (EQUAL, SUBSET_OF, SUPERSET_OF, INTERSECTS_WITH,
    /// NOT_RELATED, SUPPORTS, SUPPORTED_BY), read from `from`.
    pub relationships: Option<Vec<String>>,
    /// Only rows of at least this strength (0 to 10).
    pub min_strength: Option<u8>,
    /// Page size, 1 to 100 (default 50).
    pub first: Option<usize>,
    /// The `next_cursor` of the previous page.
    pub after: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct CoverageArgs {
    /// The standard to measure, e.g. `iso-iec-20000-1-2018`.
    pub target: String,
    /// The standards the organisation already meets, e.g. `["iso-iec-27001-2022", "iso-9001-2015"]`.
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ControlArgs {
    /// The organisation's id for the control, unique in the list.
    pub id: String,
    pub title: Option<String>,
    /// Clauses the control satisfies: refs of `from` (`8.5.1`) or full clause ids of any
    /// standard (`iso-iec-27001-2022:A.8.32`). A clause stands for its sub-clauses.
    pub clauses: Vec<String>,
    /// IMPLEMENTED (default), PARTIAL or PLANNED.
    pub status: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct PlanArgs {
    /// The edition the controls are mapped to, e.g. `iso-iec-20000-1-2018`.
    pub from: String,
    /// The edition to move to, e.g. `iso-iec-20000-1-next`.
    pub to: String,
    /// The organisation's controls (at most 5,000).
    pub controls: Vec<ControlArgs>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct IntegratedArgs {
    /// The standards to integrate on the harmonized structure, e.g.
    /// `["iso-iec-20000-1-2018", "iso-iec-27001-2022", "iso-9001-2015"]`.
    pub standards: Vec<String>,
}

impl CrosswalkMcp {
    pub fn new(service: crate::service::Service) -> CrosswalkMcp {
        CrosswalkMcp {
            service,
            tool_router: Self::tool_router(),
        }
    }

    /// Runs `work` on the heavy pool within the tool timeout.
    async fn heavy<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, ServiceError> + Send + 'static,
    ) -> Result<T, ServiceError> {
        match tokio::time::timeout(TOOL_TIMEOUT, self.service.heavy().run(work)).await {
            Ok(result) => result,
            Err(_) => Err(ServiceError::new(
                ErrorCode::Timeout,
                format!("the tool took longer than {} s", TOOL_TIMEOUT.as_secs()),
            )),
        }
    }
}

/// A tool's answer, or its refusal as an MCP tool error whose text starts with our code.
#[expect(
    clippy::result_large_err,
    reason = "the SDK's tool functions return its CallToolResult as their error, by value"
)]
fn answer<T>(result: Result<T, ServiceError>) -> Result<Json<T>, CallToolResult> {
    result.map(Json).map_err(tool_error)
}

#[tool_router(router = tool_router)]
impl CrosswalkMcp {
    #[tool(
        name = "search_clauses",
        description = "Find clauses, Annex A controls, practices and guidance topics by words in their titles and our summaries, across all standards or some, forgiving typos. Returns real clause ids to pass to get_clause; never guess a clause number."
    )]
    async fn search_clauses(
        &self,
        Parameters(args): Parameters<SearchArgs>,
    ) -> Result<Json<SearchAnswer>, CallToolResult> {
        answer(
            async {
                let snapshot = self.service.snapshot();
                let data = &snapshot.dataset;
                let limit = args.limit.unwrap_or(10);
                if !(1..=MAX_SEARCH_RESULTS).contains(&limit) {
                    return Err(invalid(format!(
                        "`limit` must be between 1 and {MAX_SEARCH_RESULTS}"
                    )));
                }
                let only = resolve::search_scope(data, &args.query, args.standards.as_deref())?;
                let hits = snapshot.search.search(data, &args.query, only.as_deref());
                Ok(SearchAnswer {
                    total: hits.len(),
                    results: hits
                        .iter()
                        .take(limit)
                        .map(|hit| ClauseSummary::new(data, hit.clause))
                        .collect(),
                    query: args.query,
                })
            }
            .await,
        )
    }

    #[tool(
        name = "get_clause",
        description = "One clause with its title, our summary, its place in the tree, every mapping to other standards (relationship per NIST IR 8477, strength 0-10, provisional flag, basis, note, and the set and file:line the row is stored at, for citing) and its lineage across editions (e.g. ISO/IEC 20000-1 2011 -> 2018 -> next)."
    )]
    async fn get_clause(
        &self,
        Parameters(args): Parameters<ClauseArgs>,
    ) -> Result<Json<ClauseAnswer>, CallToolResult> {
        answer(
            async {
                let snapshot = self.service.snapshot();
                let data = &snapshot.dataset;
                let idx = resolve::clause(data, &args.clause)?;
                let clause = data.clause(idx);
                Ok(ClauseAnswer {
                    clause: ClauseSummary::new(data, idx),
                    standard: StandardRef::new(data, clause.standard),
                    kind: clause.kind.as_str().to_string(),
                    basis: clause.basis.clone(),
                    themes: clause.themes.clone(),
                    ancestors: ClauseRef::list(data, &data.ancestors(idx)),
                    children: ClauseRef::list(data, &clause.children),
                    mappings: data
                        .mappings_of(idx)
                        .iter()
                        .map(|m| MappingAnswer::new(data, *m, &provenance))
                        .collect(),
                    lineage: crate::analysis::lineage::lineage(data, idx)
                        .into_iter()
                        .map(|c| ClauseSummary::new(data, c))
                        .collect(),
                    provenance: Provenance {
                        set: None,
                        row: provenance(&clause.origin),
                    },
                })
            }
            .await,
        )
    }

    #[tool(
        name = "crosswalk",
        description = "The mapping rows between two standards, read from `from`, paged (50 by default, up to 100; pass next_cursor as `after`), optionally filtered by relationship and minimum strength, with how much of each side the links cover. Every row has its relationship, strength, provisional flag, note and provenance."
    )]
    async fn crosswalk(
        &self,
        Parameters(args): Parameters<CrosswalkArgs>,
    ) -> Result<Json<CrosswalkAnswer>, CallToolResult> {
        answer(
            async {
                let snapshot = self.service.snapshot();
                let data = &snapshot.dataset;
                let (from, to) = resolve::standard_pair(data, &args.from, &args.to)?;
                let first = args.first.unwrap_or(50);
                if !(1..=MAX_PAGE).contains(&first) {
                    return Err(invalid(format!("`first` must be between 1 and {MAX_PAGE}")));
                }
                let relationships = args
                    .relationships
                    .map(|names| {
                        names
                            .iter()
                            .map(|name| {
                                Relationship::parse(name).ok_or_else(|| {
                                    invalid(format!("`{name}` is not a relationship"))
                                })
                            })
                            .collect::<Result<Vec<_>, _>>()
                    })
                    .transpose()?;
                let min_strength = resolve::min_strength(args.min_strength.map(i64::from))?;
                let offset = match &args.after {
                    None => 0,
                    Some(cursor) => decode_cursor(cursor).ok_or_else(|| {
                        invalid(format!("`after` is not a cursor of this tool: `{cursor}`"))
                    })?,
                };
                let table = crosswalk(
                    data,
                    from,
                    to,
                    &CrosswalkFilter {
                        relationships,
                        min_strength,
                    },
                );
                let end = (offset + first).min(table.mappings.len());
                Ok(CrosswalkAnswer {
                    from: StandardRef::new(data, from),
                    to: StandardRef::new(data, to),
                    total: table.mappings.len(),
                    source_coverage: table.source_coverage,
                    target_coverage: table.target_coverage,
                    mappings: table.mappings[offset.min(end)..end]
                        .iter()
                        .map(|m| MappingAnswer::new(data, *m, &provenance))
                        .collect(),
                    next_cursor: (end < table.mappings.len()).then(|| encode_cursor(end)),
                })
            }
            .await,
        )
    }

    #[tool(
        name = "coverage",
        description = "How much of one standard an organisation covers with the standards it already meets: FULL, PARTIAL or NONE for every clause of the target with the rows that justify it, and for checked absences the notes saying why nothing corresponds; counts and the FULL ratio."
    )]
    async fn coverage(
        &self,
        Parameters(args): Parameters<CoverageArgs>,
    ) -> Result<Json<CoverageAnswer>, CallToolResult> {
        answer(
            async {
                let snapshot = self.service.snapshot();
                let data = Arc::clone(&snapshot.dataset);
                let (target, sources) =
                    resolve::coverage_standards(&data, &args.target, &args.sources)?;
                self.heavy(move || {
                    let report = crate::analysis::coverage::coverage(&data, target, &sources);
                    Ok(CoverageAnswer::new(
                        &data,
                        target,
                        &sources,
                        &report,
                        &provenance,
                    ))
                })
                .await
            }
            .await,
        )
    }

    #[tool(
        name = "transition_plan",
        description = "A transition plan from one edition to the next (e.g. iso-iec-20000-1-2018 to iso-iec-20000-1-next) for a list of the organisation's controls: for every requirement of the new edition CARRY_OVER, REVIEW or IMPLEMENT (and RETIRE for removed clauses), with the reusable controls, the change, why, whether it is provisional, and the transition rows it rests on. Problems in the controls are listed and the plan is made for the rest. Nothing is stored."
    )]
    async fn transition_plan(
        &self,
        Parameters(args): Parameters<PlanArgs>,
    ) -> Result<Json<PlanAnswer>, CallToolResult> {
        answer(async {
            let mut controls = Vec::with_capacity(args.controls.len());
            for (i, control) in args.controls.into_iter().enumerate() {
                let status = match control.status.as_deref() {
                    None => ControlStatus::Implemented,
                    Some(text) => crate::service::inventory::parse_status(text).ok_or_else(|| {
                        invalid(format!(
                            "controls[{i}].status `{text}` is not one of IMPLEMENTED, PARTIAL, PLANNED"
                        ))
                    })?,
                };
                controls.push(Control {
                    id: control.id,
                    title: control.title,
                    clauses: control.clauses,
                    status,
                });
            }
            let inventory = Inventory::from_controls(controls).map_err(|e| invalid(e.to_string()))?;
            let snapshot: Snapshot = self.service.snapshot();
            let (from, to) = (args.from, args.to);
            self.heavy(move || {
                let planned = snapshot.plan(&from, &to, &inventory)?;
                let problems = planned
                    .problems
                    .into_iter()
                    .map(|p| match p.place {
                        Place::Control { position, field } => PlanProblem {
                            control: Some(position),
                            field: Some(match field {
                                ControlField::Id => "id".to_string(),
                                ControlField::Clauses => "clauses".to_string(),
                                ControlField::Clause(j) => format!("clauses[{j}]"),
                            }),
                            message: p.message,
                        },
                        Place::Inventory | Place::Line(_) => PlanProblem {
                            control: None,
                            field: None,
                            message: p.message,
                        },
                    })
                    .collect();
                Ok(PlanAnswer::new(
                    &snapshot.dataset,
                    &planned.plan,
                    problems,
                    &provenance,
                ))
            })
            .await
        }.await)
    }

    #[tool(
        name = "integrated_view",
        description = "Several management-system standards side by side on the harmonized structure (ISO Annex SL): one row per harmonized clause with each standard's matching clauses, then each standard's discipline-specific requirement clauses."
    )]
    async fn integrated_view(
        &self,
        Parameters(args): Parameters<IntegratedArgs>,
    ) -> Result<Json<IntegratedAnswer>, CallToolResult> {
        answer(
            async {
                let snapshot = self.service.snapshot();
                let data = &snapshot.dataset;
                let (hub, chosen) = resolve::integrated_standards(data, &args.standards)?;
                Ok(IntegratedAnswer::new(
                    data,
                    &integrated_view(data, hub, &chosen),
                ))
            }
            .await,
        )
    }
}

fn encode_cursor(position: usize) -> String {
    format!("at:{position}")
}

fn decode_cursor(cursor: &str) -> Option<usize> {
    cursor.strip_prefix("at:")?.parse().ok()
}

/// What the SDK says when arguments do not fit a tool's input schema (it answers a tool error,
/// as the MCP specification asks, so that the model can correct itself).
const SDK_ARGUMENT_ERROR: &str = "failed to deserialize parameters:";

/// Gives the SDK's argument errors our code, like every other refusal of bad input.
fn name_argument_errors(response: CallToolResponse) -> CallToolResponse {
    let CallToolResponse::Complete(mut result) = response else {
        return response;
    };
    if result.is_error == Some(true)
        && let Some(text) = result.content.first().and_then(|c| c.as_text())
        && let Some(detail) = text.text.strip_prefix(SDK_ARGUMENT_ERROR)
    {
        result.content = vec![ContentBlock::text(format!(
            "{}: the arguments do not fit the tool's input schema:{detail}",
            ErrorCode::InvalidArgument
        ))];
    }
    CallToolResponse::Complete(result)
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for CrosswalkMcp {
    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let call = ToolCallContext::new(self, request, context);
        Ok(name_argument_errors(self.tool_router.call(call).await?))
    }

    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .build(),
        )
        .with_server_info(
            Implementation::new("itsm-crosswalk", env!("CARGO_PKG_VERSION"))
                .with_title("itsm-crosswalk: how IT service management standards fit together"),
        )
        .with_instructions(
            "Crosswalks between ISO/IEC 20000-1 (2011, 2018 and the anticipated next edition) and \
             related standards (27001, 9001, 22301, 14001, 45001, 50001, 42001, the Annex SL \
             harmonized structure, ITIL). Use search_clauses to find real clause ids instead of \
             guessing numbers, get_clause for a clause's mappings and lineage, crosswalk for a \
             whole table, coverage and transition_plan for planning. Cite rows by their \
             provenance. Relationships follow NIST IR 8477 read from source to target; \
             provisional rows are not confirmed by a published text. Summaries and notes are \
             our own words: no requirement text of any standard is served.",
        )
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let snapshot = self.service.snapshot();
        let data = &snapshot.dataset;
        let mut resources = vec![
            Resource::new(RESOURCE_SCHEME, "standards")
                .with_title("Every standard in the dataset")
                .with_description(
                    "Ids, designations, kinds, statuses and editions of every standard.",
                )
                .with_mime_type("application/json"),
        ];
        resources.extend(data.standards.iter().map(|s| {
            Resource::new(format!("{RESOURCE_SCHEME}/{}", s.id), s.id.clone())
                .with_title(format!("{}: clause tree", s.designation))
                .with_description(format!(
                    "{} ({} clauses) with its clause tree: refs, titles, our summaries.",
                    s.title,
                    s.clauses.len()
                ))
                .with_mime_type("application/json")
        }));
        Ok(ListResourcesResult::with_all_items(resources))
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, ErrorData> {
        Ok(ListResourceTemplatesResult::with_all_items(vec![
            ResourceTemplate::new(format!("{RESOURCE_SCHEME}/{{id}}"), "standard")
                .with_title("A standard and its clause tree")
                .with_mime_type("application/json"),
        ]))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let snapshot = self.service.snapshot();
        let data = &snapshot.dataset;
        let uri = request.uri.as_str();
        let document = if uri == RESOURCE_SCHEME {
            resources::standards(data)
        } else {
            let id = uri
                .strip_prefix(RESOURCE_SCHEME)
                .and_then(|rest| rest.strip_prefix('/'))
                .ok_or_else(|| {
                    ErrorData::resource_not_found(format!("no resource `{uri}`"), None)
                })?;
            let standard = resolve::standard(data, id)
                .map_err(|e| ErrorData::resource_not_found(e.message, None))?;
            resources::standard_tree(data, standard)
        };
        Ok(ReadResourceResult::new(vec![
            ResourceContents::text(document.to_string(), uri).with_mime_type("application/json"),
        ])
        .into())
    }
}

mod resources {
    use serde_json::{Value, json};

    use crate::model::{ClauseIdx, Dataset, StandardIdx};

    pub fn standards(data: &Dataset) -> Value {
        json!({
            "datasetVersion": data.version,
            "standards": data.standards.iter().map(|s| json!({
                "id": s.id,
                "designation": s.designation,
                "title": s.title,
                "publisher": s.publisher,
                "year": s.year,
                "kind": s.kind.as_str(),
                "status": s.status.as_str(),
                "supersedes": s.supersedes.map(|p| data.standard(p).id.clone()),
                "clauseCount": s.clauses.len(),
                "note": s.note,
            })).collect::<Vec<_>>(),
        })
    }

    pub fn standard_tree(data: &Dataset, standard: StandardIdx) -> Value {
        fn node(data: &Dataset, clause: ClauseIdx) -> Value {
            let c = data.clause(clause);
            json!({
                "id": c.id,
                "ref": c.reference,
                "title": c.title,
                "kind": c.kind.as_str(),
                "normative": c.normative,
                "provisional": c.provisional,
                "summary": c.summary,
                "children": c.children.iter().map(|child| node(data, *child)).collect::<Vec<_>>(),
            })
        }
        let s = data.standard(standard);
        json!({
            "datasetVersion": data.version,
            "id": s.id,
            "designation": s.designation,
            "title": s.title,
            "kind": s.kind.as_str(),
            "status": s.status.as_str(),
            "clauses": s.roots.iter().map(|root| node(data, *root)).collect::<Vec<_>>(),
        })
    }
}
