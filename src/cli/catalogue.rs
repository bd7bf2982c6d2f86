//! `omnisim kpis`: the KPI catalogue as a text table, a Markdown table (the manual's KPI
//! reference) or JSON.

use crate::sim::KPIS;
use anyhow::Result;

/// The KPI catalogue as a text table.
pub fn kpi_listing() -> String {
    let mut out = format!("{:<28} {:<11} {:<7} definition\n", "kpi", "unit", "better");
    for k in KPIS {
        out.push_str(&format!(
            "{:<28} {:<11} {:<7} {}\n",
            k.name,
            k.unit,
            k.direction.word(),
            k.definition
        ));
    }
    out
}

/// The KPI catalogue as a Markdown table: the manual's KPI reference is this text, and a test
/// fails when the two differ. The `terminal table` column says which KPIs the table after a
/// run shows: the headline KPIs, with the lost-sales causes under their total.
pub fn kpi_markdown() -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let mut out = String::from(
        "| KPI | unit | better | terminal table | definition |\n|---|---|---|---|---|\n",
    );
    for k in KPIS {
        let shown = if k.headline {
            "yes"
        } else if k.is_lost_sales_cause() {
            "under `lost_sales_revenue`"
        } else {
            ""
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            k.name,
            cell(k.unit),
            k.direction.word(),
            shown,
            cell(k.definition)
        ));
    }
    out
}

/// The KPI catalogue as a JSON array: `name`, `unit`, `direction` (`higher_is_better`,
/// `lower_is_better` or `neutral`), `definition` and `headline` (shown in the terminal table).
pub fn kpi_json() -> Result<String> {
    let mut text = serde_json::to_string_pretty(KPIS)?;
    text.push('\n');
    Ok(text)
}
