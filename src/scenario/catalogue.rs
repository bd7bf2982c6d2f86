//! The catalogue: generated (count, Zipf popularity, price distribution) or read from a CSV
//! file that a retailer exports.

use crate::engine::RandomStreams;
use crate::scenario::dist::Dist;
use crate::scenario::model::{Catalogue, Sku};
use std::path::Path;

/// A generated catalogue: SKU `i` (0-based) has popularity `1 / (i + 1)^zipf_exponent`, the
/// gross margin rate `margin`, and a price drawn from `price` with a stream seeded by the scenario seed alone, so the catalogue
/// is the same in every replication.
pub fn generate(
    count: usize,
    zipf_exponent: f64,
    price: &Dist,
    margin: f64,
    seed: u64,
) -> Catalogue {
    let mut rng = RandomStreams::new(seed, u64::MAX).stream("catalogue.price");
    let skus = (0..count)
        .map(|i| Sku {
            id: format!("SKU{:05}", i + 1),
            price: (price.sample(&mut rng) * 100.0).round().max(1.0) / 100.0,
            popularity: 1.0 / ((i + 1) as f64).powf(zipf_exponent),
            margin,
            reorder_point: None,
            order_up_to: None,
        })
        .collect();
    Catalogue { skus }
}

/// Largest price, popularity and stock level in a catalogue file: larger sums of money could
/// overflow to infinity, and stock is counted in 32-bit integers.
const MAX_VALUE: f64 = 1.0e9;

/// Most SKUs a catalogue file may hold: one store can stock at most 20 million cells.
pub const MAX_SKUS: usize = 20_000_000;

/// Reads a catalogue CSV with header `sku,price,popularity` and optional columns
/// `reorder_point,order_up_to,margin`. Errors name the line and column. A SKU without a
/// margin gets NaN, for the scenario's `gross_margin` to fill in.
///
/// Only a regular file of at most [`MAX_CATALOGUE_BYTES`](crate::input::MAX_CATALOGUE_BYTES)
/// is read, and at most [`MAX_SKUS`] rows. Messages never quote the file's content (a
/// scenario may point at any file), only line and column numbers and the expected form.
pub fn read_csv(path: &Path) -> Result<Catalogue, String> {
    let file = crate::input::check_regular(path, crate::input::MAX_CATALOGUE_BYTES)
        .map_err(|e| format!("catalogue file: {e}"))?;
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(std::io::BufReader::new(file));
    let headers = reader
        .headers()
        .map_err(|e| format!("{}: {e}", path.display()))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let known = [
        "sku",
        "price",
        "popularity",
        "reorder_point",
        "order_up_to",
        "margin",
    ];
    for (i, h) in headers.iter().enumerate() {
        if !known.contains(&h) {
            // The name itself is not quoted: it may be a line of any file.
            let hint = crate::scenario::error::nearest(h, &known)
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_default();
            return Err(format!(
                "{}: line 1: column {}: not a catalogue column{hint} (expected a header of {})",
                path.display(),
                i + 1,
                known.join(", ")
            ));
        }
    }
    let (Some(sku_col), Some(price_col), Some(pop_col)) =
        (column("sku"), column("price"), column("popularity"))
    else {
        return Err(format!(
            "{}: line 1: the header needs columns sku, price, popularity",
            path.display()
        ));
    };
    let (rop_col, out_col) = (column("reorder_point"), column("order_up_to"));
    let margin_col = column("margin");
    let mut skus = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        if i >= MAX_SKUS {
            return Err(format!(
                "{}: more than {MAX_SKUS} SKUs (rows); omnisim accepts at most {MAX_SKUS}",
                path.display()
            ));
        }
        let record = record.map_err(|e| format!("{}: line {line}: {e}", path.display()))?;
        let field = |col: usize, name: &str| -> Result<&str, String> {
            record
                .get(col)
                .filter(|s| !s.is_empty())
                .ok_or_else(|| format!("{}: line {line}: `{name}` is empty", path.display()))
        };
        let number = |col: usize, name: &str| -> Result<f64, String> {
            let text = field(col, name)?;
            text.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0 && *v <= MAX_VALUE)
                .ok_or_else(|| {
                    format!(
                        "{}: line {line}: `{name}` must be a number from 0 to {MAX_VALUE:.0e}",
                        path.display()
                    )
                })
        };
        let optional_units = |col: Option<usize>, name: &str| -> Result<Option<u32>, String> {
            match col.and_then(|c| record.get(c)).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(text) => text
                    .parse::<u32>()
                    .ok()
                    .filter(|v| f64::from(*v) <= MAX_VALUE)
                    .map(Some)
                    .ok_or_else(|| {
                        format!(
                            "{}: line {line}: `{name}` must be a whole number of units up to {MAX_VALUE:.0e}",
                            path.display()
                        )
                    }),
            }
        };
        let popularity = number(pop_col, "popularity")?;
        if popularity <= 0.0 {
            return Err(format!(
                "{}: line {line}: `popularity` must be > 0",
                path.display()
            ));
        }
        let reorder_point = optional_units(rop_col, "reorder_point")?;
        let order_up_to = optional_units(out_col, "order_up_to")?;
        if let (Some(s), Some(big_s)) = (reorder_point, order_up_to)
            && s >= big_s
        {
            return Err(format!(
                "{}: line {line}: reorder_point ({s}) must be below order_up_to ({big_s})",
                path.display()
            ));
        }
        let margin = match margin_col.and_then(|c| record.get(c)).filter(|s| !s.is_empty()) {
            None => f64::NAN,
            Some(text) => text
                .parse::<f64>()
                .ok()
                .filter(|v| (0.0..1.0).contains(v))
                .ok_or_else(|| {
                    format!(
                        "{}: line {line}: `margin` must be a gross margin rate from 0 up to (not including) 1",
                        path.display()
                    )
                })?,
        };
        skus.push(Sku {
            id: field(sku_col, "sku")?.to_string(),
            price: number(price_col, "price")?,
            popularity,
            margin,
            reorder_point,
            order_up_to,
        });
    }
    if skus.is_empty() {
        return Err(format!("{}: the catalogue has no SKUs", path.display()));
    }
    Ok(Catalogue { skus })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_catalogue_is_deterministic_and_zipf() {
        let price = Dist::Uniform { min: 1.0, max: 9.0 };
        let a = generate(100, 1.0, &price, 0.3, 7);
        let b = generate(100, 1.0, &price, 0.3, 7);
        assert_eq!(a, b);
        assert!((a.skus[1].popularity - 0.5).abs() < 1e-12);
        assert!(a.skus.iter().all(|s| (1.0..=9.0).contains(&s.price)));
    }

    #[test]
    fn csv_errors_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.csv");
        std::fs::write(&path, "sku,price,popularity\nA,2.5,1\nB,abc,1\n").unwrap();
        let err = read_csv(&path).unwrap_err();
        assert!(err.contains("line 3") && err.contains("price"), "{err}");
        std::fs::write(&path, "sku,price,popularity,order_up_to\nA,2.5,1,12\n").unwrap();
        let cat = read_csv(&path).unwrap();
        assert_eq!(cat.skus[0].order_up_to, Some(12));
    }
}
