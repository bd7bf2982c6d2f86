//! `[catalogue]`: a CSV file of SKUs, or a generated catalogue.

use super::checker::Checker;
use super::defaults::catalogue as default;
use crate::scenario::catalogue;
use crate::scenario::dist::Quantity;
use crate::scenario::model::Catalogue;
use crate::scenario::raw::RawCatalogue;
use std::path::Path;

/// Reads `[catalogue]`; `seed` draws a generated one.
pub(super) fn catalogue(
    c: &mut Checker<'_>,
    cat: RawCatalogue,
    base_dir: &Path,
    seed: u64,
) -> Catalogue {
    let gross_margin = c.prob(
        "catalogue.gross_margin",
        cat.gross_margin,
        default::GROSS_MARGIN,
    );
    if gross_margin >= 1.0 {
        c.err(
            "catalogue.gross_margin",
            "expected a gross margin rate below 1 (a cost of goods above 0)",
        );
    }
    let mut catalogue = if let Some(file) = &cat.file {
        if cat.skus.is_some() || cat.zipf_exponent.is_some() || cat.price.is_some() {
            c.err(
                "catalogue.file",
                "give either `file` or `skus`/`zipf_exponent`/`price`, not both",
            );
        }
        match catalogue::read_csv(&base_dir.join(file)) {
            Ok(cat) => cat,
            Err(e) => {
                c.err("catalogue.file", e);
                Catalogue { skus: Vec::new() }
            }
        }
    } else {
        let count = c.count("catalogue.skus", cat.skus, default::SKUS, 1, 5_000_000);
        let zipf = c.non_negative(
            "catalogue.zipf_exponent",
            cat.zipf_exponent,
            default::ZIPF_EXPONENT,
        );
        let price = c.dist(
            "catalogue.price",
            cat.price.as_ref(),
            default::price(),
            Quantity::Number,
        );
        catalogue::generate(count as usize, zipf, &price, gross_margin, seed)
    };
    for sku in &mut catalogue.skus {
        if sku.margin.is_nan() {
            sku.margin = gross_margin;
        }
    }

    catalogue
}
