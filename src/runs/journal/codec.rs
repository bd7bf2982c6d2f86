//! The binary form of one replication's record in the journal: every cell of every policy
//! with its numbers as their exact bits, so that a resumed or merged run reports the same
//! bytes as one run straight through. Framing and the file itself are the journal's.

use super::JournalHeader;
use crate::experiment::Cell;
use crate::experiment::record::{CellRecord, HOURS, METRICS, TimelineBar};
use crate::sim::KPIS;
use crate::sim::record::DayValues;

struct Enc(Vec<u8>);

impl Enc {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u16(&mut self, v: u16) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn f64(&mut self, v: f64) {
        self.u64(v.to_bits());
    }
    fn str(&mut self, s: &str) {
        let b = s.as_bytes();
        self.u16(b.len().min(u16::MAX as usize) as u16);
        self.0
            .extend_from_slice(&b[..b.len().min(u16::MAX as usize)]);
    }
}

struct Dec<'a> {
    b: &'a [u8],
    at: usize,
}

impl Dec<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.at.checked_add(n).ok_or("length overflow")?;
        let s = self.b.get(self.at..end).ok_or("record too short")?;
        self.at = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, String> {
        Ok(u16::from_le_bytes(
            self.take(2)?.try_into().map_err(|_| "u16")?,
        ))
    }
    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().map_err(|_| "u32")?,
        ))
    }
    fn u64(&mut self) -> Result<u64, String> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().map_err(|_| "u64")?,
        ))
    }
    fn f64(&mut self) -> Result<f64, String> {
        Ok(f64::from_bits(self.u64()?))
    }
    fn str(&mut self) -> Result<String, String> {
        let n = self.u16()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| "bad text".to_string())
    }
    /// A count, bounded by what the rest of the record could hold.
    fn count(&mut self, each: usize) -> Result<usize, String> {
        let n = self.u32()? as usize;
        if n.saturating_mul(each.max(1)) > self.b.len() - self.at {
            return Err("count beyond the record".into());
        }
        Ok(n)
    }
}

pub(super) fn encode(rep: u32, cells: &[Cell]) -> Vec<u8> {
    let mut e = Enc(Vec::with_capacity(4096));
    e.u8(b'R');
    e.u32(rep);
    e.u32(cells.len() as u32);
    for c in cells {
        e.u64(c.events);
        e.u32(c.stores.len() as u32);
        for s in &c.stores {
            e.u32(s.len() as u32);
            s.iter().for_each(|&v| e.f64(v));
        }
        e.u32(c.all.len() as u32);
        c.all.iter().for_each(|&v| e.f64(v));
        match &c.recording {
            None => e.u8(0),
            Some(rec) => {
                e.u8(1);
                e.u32(rec.hourly.len() as u32);
                for h in &rec.hourly {
                    for row in h {
                        row.iter().for_each(|&v| e.f64(v));
                    }
                }
                e.u32(rec.daily.len() as u32);
                for days in &rec.daily {
                    e.u32(days.len() as u32);
                    for d in days {
                        e.u32(d.day);
                        e.f64(d.accuracy.0);
                        e.u64(d.accuracy.1);
                        e.f64(d.availability.0);
                        e.u64(d.availability.1);
                        e.u64(d.oversold);
                    }
                }
                match &rec.timeline {
                    None => e.u8(0),
                    Some((day, bars)) => {
                        e.u8(1);
                        e.u32(*day);
                        e.u32(bars.len() as u32);
                        for b in bars {
                            e.u16(b.store);
                            e.u32(b.employee);
                            e.f64(b.start);
                            e.f64(b.end);
                            e.str(&b.channel);
                            e.str(&b.task);
                        }
                    }
                }
            }
        }
    }
    e.0
}

pub(super) fn decode(payload: &[u8], header: &JournalHeader) -> Result<(u32, Vec<Cell>), String> {
    let mut d = Dec { b: payload, at: 0 };
    if d.u8()? != b'R' {
        return Err("not a replication record".into());
    }
    let rep = d.u32()?;
    let n = d.count(8)?;
    if n != header.policies {
        return Err(format!("{n} policies, the header says {}", header.policies));
    }
    let mut cells = Vec::with_capacity(n);
    for _ in 0..n {
        let events = d.u64()?;
        let ns = d.count(4)?;
        if ns != header.stores {
            return Err(format!("{ns} stores, the header says {}", header.stores));
        }
        let mut stores = Vec::with_capacity(ns);
        for _ in 0..ns {
            let k = d.count(8)?;
            if k != KPIS.len() {
                return Err(format!("{k} KPIs, this omnisim has {}", KPIS.len()));
            }
            stores.push((0..k).map(|_| d.f64()).collect::<Result<Vec<_>, _>>()?);
        }
        let k = d.count(8)?;
        if k != KPIS.len() {
            return Err(format!("{k} KPIs, this omnisim has {}", KPIS.len()));
        }
        let all = (0..k).map(|_| d.f64()).collect::<Result<Vec<_>, _>>()?;
        let recording = match d.u8()? {
            0 => None,
            _ => {
                let labels = d.count(HOURS * METRICS * 8)?;
                let mut hourly = Vec::with_capacity(labels);
                for _ in 0..labels {
                    let mut h = [[0.0; METRICS]; HOURS];
                    for row in h.iter_mut() {
                        for v in row.iter_mut() {
                            *v = d.f64()?;
                        }
                    }
                    hourly.push(h);
                }
                let nl = d.count(4)?;
                let mut daily = Vec::with_capacity(nl);
                for _ in 0..nl {
                    let nd = d.count(44)?;
                    let mut days = Vec::with_capacity(nd);
                    for _ in 0..nd {
                        days.push(DayValues {
                            day: d.u32()?,
                            accuracy: (d.f64()?, d.u64()?),
                            availability: (d.f64()?, d.u64()?),
                            oversold: d.u64()?,
                        });
                    }
                    daily.push(days);
                }
                let timeline = match d.u8()? {
                    0 => None,
                    _ => {
                        let day = d.u32()?;
                        let nb = d.count(26)?;
                        let mut bars = Vec::with_capacity(nb);
                        for _ in 0..nb {
                            bars.push(TimelineBar {
                                store: d.u16()?,
                                employee: d.u32()?,
                                start: d.f64()?,
                                end: d.f64()?,
                                channel: d.str()?,
                                task: d.str()?,
                            });
                        }
                        Some((day, bars))
                    }
                };
                Some(Box::new(CellRecord {
                    hourly,
                    daily,
                    timeline,
                }))
            }
        };
        cells.push(Cell {
            stores,
            all,
            events,
            recording,
        });
    }
    if d.at != payload.len() {
        return Err("trailing bytes".into());
    }
    Ok((rep, cells))
}
