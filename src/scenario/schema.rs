//! JSON Schemas of the scenario and sweep files, generated from the types the files are read
//! into ([`crate::scenario::raw`] and the sweep file's), so that an editor (Even Better TOML,
//! taplo) can complete keys and flag typos while a file is written. The schema checks shape:
//! known keys, types, choices. Ranges and cross-field rules stay with `omnisim validate`,
//! which says what it expected.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use std::borrow::Cow;

/// Where the scenario schema is published in the repository, for an editor to point at.
pub const SCENARIO_SCHEMA_PATH: &str = "schemas/scenario.schema.json";
/// Where the sweep schema is published.
pub const SWEEP_SCHEMA_PATH: &str = "schemas/sweep.schema.json";

/// The scenario file's schema.
pub fn scenario_schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(crate::scenario::raw::RawScenario);
    schema.insert("title".into(), "omnisim scenario".into());
    schema.insert(
        "description".into(),
        "A store (or chain of stores), its demand, staff and the policies to compare; \
         `omnisim validate FILE` checks values and ranges beyond this schema."
            .into(),
    );
    schema.to_value()
}

/// The sweep file's schema.
pub fn sweep_schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(crate::scenario::sweep::RawSweepFile);
    schema.insert("title".into(), "omnisim sweep".into());
    schema.insert(
        "description".into(),
        "A base scenario and a grid of parameters named by dotted paths; \
         `omnisim validate FILE` checks every point."
            .into(),
    );
    schema.to_value()
}

/// The schema of `kind` (`scenario` or `sweep`), pretty-printed with a final newline.
pub fn schema_text(kind: SchemaKind) -> String {
    let value = match kind {
        SchemaKind::Scenario => scenario_schema(),
        SchemaKind::Sweep => sweep_schema(),
    };
    let mut text = serde_json::to_string_pretty(&value).expect("a schema is plain JSON");
    text.push('\n');
    text
}

/// Which file's schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaKind {
    /// A scenario file.
    Scenario,
    /// A sweep file.
    Sweep,
}

/// The schema type of a duration field (named, so the schema refers to it once).
pub struct Duration;

impl JsonSchema for Duration {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        duration(generator)
    }
}

/// The schema type of a distribution field.
pub struct Distribution;

impl JsonSchema for Distribution {
    fn schema_name() -> Cow<'static, str> {
        "Distribution".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        distribution(generator)
    }
}

/// A duration: minutes as a number, or text with a unit (`"90s"`, `"5min"`, `"4h"`, `"2d"`,
/// `"realtime"`, `"nightly"`).
pub fn duration(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "description": "minutes as a number, or text with a unit such as \"90s\", \"5min\", \"4h\", \"2d\"",
        "type": ["number", "string"]
    })
}

/// A distribution: a plain value (a fixed number or duration), or a table naming its family in
/// `dist` with that family's parameters.
pub fn distribution(generator: &mut SchemaGenerator) -> Schema {
    let value = generator.subschema_for::<Duration>();
    let family = |name: &str, params: &[&str]| {
        let mut properties = serde_json::Map::new();
        properties.insert("dist".into(), serde_json::json!({ "const": name }));
        for p in params {
            let schema = if matches!(*p, "values" | "weights") {
                serde_json::json!({ "type": "array", "items": { "type": ["number", "string"] } })
            } else {
                serde_json::json!({ "type": ["number", "string"] })
            };
            properties.insert((*p).into(), schema);
        }
        serde_json::json!({
            "type": "object",
            "properties": properties,
            "required": ["dist"],
            "additionalProperties": false
        })
    };
    json_schema!({
        "description": "a fixed value, or a table { dist = \"family\", ... } (fixed, exponential, uniform, triangular, normal, lognormal, gamma, empirical)",
        "anyOf": [
            value,
            family("fixed", &["value"]),
            family("exponential", &["mean"]),
            family("uniform", &["min", "max"]),
            family("triangular", &["min", "mode", "max"]),
            family("normal", &["mean", "sd"]),
            family("lognormal", &["mean", "sd"]),
            family("gamma", &["shape", "scale"]),
            family("empirical", &["values", "weights"])
        ]
    })
}

/// A sweep's list of values: any TOML values (numbers, text, booleans).
pub fn values(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "array",
        "items": { "type": ["number", "string", "boolean"] }
    })
}

/// One end or the step of a sweep's range: a number or a duration.
pub fn range_end(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": ["number", "string"] })
}
