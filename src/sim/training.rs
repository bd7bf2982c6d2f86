//! Training and turnover: the cost of the cross-training lever.
//!
//! - **Training off the floor.** Every cross-trained employee slot owes
//!   `training.hours_per_employee` hours of training: the initial roster from day 0, and each
//!   new hire of a cross-trained slot again from their first shift. On each shift day the
//!   first `min(hours left, hours_per_day, shift length)` of the shift is a training block:
//!   the employee is on the clock (paid as shift time) but takes no task. A staff group
//!   trains at most `trainees_per_group` employees at a time: the first in roster order who
//!   owe hours; the others wait on the floor.
//! - **Turnover.** Each employee slot is vacated at rate `annual_turnover / 365` a day
//!   (exponential times between departures, drawn from the store's `staff.turnover` stream in
//!   slot order, so every policy sees the same departures). The departure takes effect at the
//!   slot's next shift start: a new hire starts there, with home skills ramping from
//!   `new_hire_proficiency` to their target over `new_hire_ramp_days`, and, in a cross-trained
//!   slot, cross skills ramping again from `start_proficiency` over `ramp_days` counted from
//!   the hire, after their training hours.
//! - **Cost.** `training_cost` over the measured period = the roster's initial cross-training
//!   (wage × hours for each cross-trained slot) × days / 365, plus wage × hours for each
//!   cross-trained slot hired again in the measured period.

use crate::engine::{MINUTES_PER_DAY, Minutes, RandomStream};
use crate::sim::world::*;
use rand::RngExt;

const MINUTES_PER_YEAR: Minutes = 365.0 * MINUTES_PER_DAY;

/// Time of the next departure after `from` for a slot, or infinity with no turnover.
pub(crate) fn next_departure(
    rng: &mut RandomStream,
    annual_turnover: f64,
    from: Minutes,
) -> Minutes {
    if annual_turnover <= 0.0 {
        return f64::INFINITY;
    }
    let u: f64 = rng.random();
    from - (1.0 - u).ln() * MINUTES_PER_YEAR / annual_turnover
}

/// Share of the target reached on a ramp from `start` to 1 over `ramp_days`, `elapsed`
/// minutes after its origin.
#[inline]
pub(crate) fn ramp(start: f64, ramp_days: f64, elapsed: Minutes) -> f64 {
    let progress = if ramp_days <= 0.0 {
        1.0
    } else {
        (elapsed / (ramp_days * MINUTES_PER_DAY)).min(1.0)
    };
    start + (1.0 - start) * progress
}

impl World<'_> {
    /// Proficiency factor of a new hire on a home skill (1 for the original roster and once
    /// the ramp is over).
    #[inline]
    pub(crate) fn home_ramp(&self, emp: &Employee, now: Minutes) -> f64 {
        if emp.hired == f64::NEG_INFINITY {
            return 1.0;
        }
        let tr = &self.sc.training;
        let elapsed = now - emp.hired;
        if tr.new_hire_ramp_days <= 0.0 || elapsed >= tr.new_hire_ramp_days * MINUTES_PER_DAY {
            return 1.0;
        }
        ramp(tr.new_hire_proficiency, tr.new_hire_ramp_days, elapsed)
    }

    /// At a shift start: if the slot's occupant left since their last shift, a new hire
    /// takes over now (and, in a cross-trained slot, owes the training hours again).
    pub(crate) fn turnover_at_shift_start(&mut self, s: usize, e: u32, now: Minutes) {
        let turnover = self.sc.training.annual_turnover;
        if self.stores[s].employees[e as usize].next_departure > now {
            return;
        }
        let counted = self.counted(now);
        let hours = self.sc.training.hours_per_employee;
        let st = &mut self.stores[s];
        let mut next = st.employees[e as usize].next_departure;
        while next <= now {
            next = next_departure(&mut st.rng.turnover, turnover, next);
        }
        let emp = &mut st.employees[e as usize];
        emp.next_departure = next;
        emp.hired = now;
        emp.last_skill = None;
        if emp.cross_mask != 0 {
            emp.training_left = hours * 60.0;
        }
        if let Some(a) = self.audit.as_mut() {
            a.hires.push((s as u16, e, now));
        }
        let st = &mut self.stores[s];
        let emp = &st.employees[e as usize];
        if counted {
            st.stats.lever.hires += 1;
            if emp.cross_mask != 0 {
                st.stats.lever.training_cost += emp.wage * hours;
            }
        }
    }

    /// At a shift start: an employee who still owes training hours spends the first part of
    /// the shift in training. Returns true when a block started.
    pub(crate) fn begin_training(&mut self, s: usize, e: u32, now: Minutes) -> bool {
        let emp = &self.stores[s].employees[e as usize];
        if emp.training_left <= 0.0 {
            return false;
        }
        // The group trains at most `trainees_per_group` at a time: those first in roster
        // order who owe hours.
        let group = emp.group;
        let ahead = self.stores[s].employees[..e as usize]
            .iter()
            .filter(|o| o.group == group && o.training_left > 0.0)
            .count();
        if ahead >= self.sc.training.trainees_per_group as usize {
            return false;
        }
        let block = emp
            .training_left
            .min(self.sc.training.hours_per_day * 60.0)
            .min(emp.shift_end - now);
        if block <= 0.0 {
            return false;
        }
        self.clear_idle(s, e);
        let counted = self.counted(self.stores[s].employees[e as usize].shift_start);
        let st = &mut self.stores[s];
        let emp = &mut st.employees[e as usize];
        emp.state = EmpState::Training;
        emp.training_started = now;
        if counted {
            st.stats.lever.training_minutes += block;
        }
        self.q
            .schedule_at(now + block, Ev::TrainingDone(s as u16, e));
        if let Some(a) = self.audit.as_mut() {
            a.training.push((s as u16, e, now, now + block));
        }
        true
    }

    /// A training block ends: the employee joins the floor (or goes home if the shift is
    /// over).
    pub(crate) fn on_training_done(&mut self, s: usize, e: u32, now: Minutes) {
        let emp = &mut self.stores[s].employees[e as usize];
        emp.training_left = (emp.training_left - (now - emp.training_started)).max(0.0);
        emp.state = EmpState::Idle;
        if emp.leaving {
            self.maybe_leave(s, e, now);
        } else {
            self.next_task(s, e, now);
        }
    }
}
