//! `[communication.fragmented]` and `[communication.unified]`: one channel each.

use super::checker::Checker;
use super::defaults::communication as default;
use crate::scenario::dist::Quantity;
use crate::scenario::model::ChannelSpec;
use crate::scenario::raw::{RawChannel, RawCommunication};

/// Reads both channels: (fragmented, unified).
pub(super) fn communication(
    c: &mut Checker<'_>,
    comm: RawCommunication,
) -> (ChannelSpec, ChannelSpec) {
    let fragmented = channel(
        c,
        "communication.fragmented",
        comm.fragmented.as_ref(),
        default::fragmented(),
    );
    let unified = channel(
        c,
        "communication.unified",
        comm.unified.as_ref(),
        default::unified(),
    );
    for (path, ch) in [
        ("communication.fragmented", &fragmented),
        ("communication.unified", &unified),
    ] {
        if (ch.miss_probability > 0.0 || ch.arrival_notice_miss > 0.0) && ch.reraise_after <= 0.0 {
            c.err(
                format!("{path}.reraise_after"),
                "must be positive when notices can be missed (miss_probability or arrival_notice_miss above 0)",
            );
        }
    }

    (fragmented, unified)
}

fn channel(
    c: &mut Checker<'_>,
    path: &str,
    raw: Option<&RawChannel>,
    default: ChannelSpec,
) -> ChannelSpec {
    let Some(r) = raw else { return default };
    ChannelSpec {
        latency: c.dist(
            &format!("{path}.latency"),
            r.latency.as_ref(),
            default.latency,
            Quantity::Duration,
        ),
        miss_probability: c.prob(
            &format!("{path}.miss_probability"),
            r.miss_probability,
            default.miss_probability,
        ),
        reraise_after: c.duration(
            &format!("{path}.reraise_after"),
            r.reraise_after.as_ref(),
            default.reraise_after,
        ),
        handoff_delay: c.dist(
            &format!("{path}.handoff_delay"),
            r.handoff_delay.as_ref(),
            default.handoff_delay,
            Quantity::Duration,
        ),
        arrival_notice_miss: c.prob(
            &format!("{path}.arrival_notice_miss"),
            r.arrival_notice_miss,
            default.arrival_notice_miss,
        ),
        approval_failure: c.prob(
            &format!("{path}.approval_failure"),
            r.approval_failure,
            default.approval_failure,
        ),
        change_miss: c.prob(
            &format!("{path}.change_miss"),
            r.change_miss,
            default.change_miss,
        ),
    }
}
