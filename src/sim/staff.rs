//! Staff and tasks: creating tasks, sending their notices over the communication channel,
//! the dispatch rule that orders each team's queues, assigning idle employees (indexed by
//! team and skill, never by scanning everyone), shifts and paid time.

use crate::engine::{MINUTES_PER_DAY, Minutes};
use crate::scenario::{Skill, Team};
use crate::sim::audit::QueueSystem;
use crate::sim::world::*;
use rand::RngExt;

const TEAMS: [Team; 2] = [Team::Store, Team::Online];
/// A notice missed this many times in a row is delivered anyway (bounds the loop).
const MAX_MISSES: u32 = 50;

impl World<'_> {
    /// Allocates a task slot (reusing freed ones) and returns its id.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new_task(
        &mut self,
        s: usize,
        kind: TaskKind,
        subject: u32,
        now: Minutes,
        deadline: Minutes,
        work: Minutes,
    ) -> u32 {
        let counted = self.counted(now);
        let st = &mut self.stores[s];
        let task = Task {
            kind,
            state: TaskState::Open,
            generation: 0,
            subject,
            created: now,
            deadline,
            work,
            counted,
        };
        if let Some(id) = st.free_tasks.pop() {
            let generation = st.tasks[id as usize].generation;
            st.tasks[id as usize] = Task { generation, ..task };
            id
        } else {
            st.tasks.push(task);
            (st.tasks.len() - 1) as u32
        }
    }

    fn free_task(&mut self, s: usize, task: u32) {
        let st = &mut self.stores[s];
        let t = &mut st.tasks[task as usize];
        t.state = TaskState::Free;
        t.generation = t.generation.wrapping_add(1);
        st.free_tasks.push(task);
    }

    /// Minutes until a notice reaches a team: channel latency, a hand-off delay when it
    /// crosses teams, and a re-raise after a timeout each time it is missed.
    fn notice_delay(&mut self, s: usize, crosses_teams: bool) -> Minutes {
        let ch = self.channel;
        let rng = &mut self.stores[s].rng.comms;
        let mut delay = 0.0;
        for _ in 0..MAX_MISSES {
            let mut latency = ch.latency.sample(rng);
            if crosses_teams {
                latency += ch.handoff_delay.sample(rng);
            }
            let u: f64 = rng.random();
            if u >= ch.miss_probability {
                return delay + latency;
            }
            delay += ch.reraise_after;
        }
        delay
    }

    /// Sends a new task's notice to every team that has someone able to do it. The team
    /// that owns the task's channel sees a customer standing in front of it at once.
    pub(crate) fn raise(&mut self, s: usize, task: u32, now: Minutes) {
        self.raise_with(s, task, now, None);
    }

    /// [`World::raise`], with the owning team's notice of a customer-present task delayed by
    /// `owner_delay` when given (the customer's arrival went unnoticed).
    pub(crate) fn raise_with(
        &mut self,
        s: usize,
        task: u32,
        now: Minutes,
        owner_delay: Option<Minutes>,
    ) {
        let kind = self.stores[s].tasks[task as usize].kind;
        let skill = kind.skill();
        let owner = skill.channel().owner();
        for team in [owner, owner.other()] {
            if !self.stores[s].team_has_skill[team.index()][skill.index()] {
                continue;
            }
            let delay = if skill.customer_present() && team == owner {
                owner_delay.unwrap_or(0.0)
            } else {
                self.notice_delay(s, team != owner)
            };
            if delay <= 0.0 {
                self.post(s, task, team, now);
            } else {
                let generation = self.stores[s].tasks[task as usize].generation;
                self.q.schedule_at(
                    now + delay,
                    Ev::TaskVisible(s as u16, task, generation, team.index() as u8),
                );
            }
        }
    }

    pub(crate) fn on_task_visible(
        &mut self,
        s: usize,
        task: u32,
        generation: u32,
        team: u8,
        now: Minutes,
    ) {
        let t = &self.stores[s].tasks[task as usize];
        if t.generation == generation && t.state == TaskState::Open {
            let team = if team == 0 { Team::Store } else { Team::Online };
            self.post(s, task, team, now);
        }
    }

    #[inline]
    fn capacity_ok(&self, s: usize, skill: Skill) -> bool {
        let st = &self.stores[s];
        match skill {
            Skill::Checkout => st.lanes_busy < st.spec.checkout_lanes,
            Skill::PickupDesk => st.desks_busy < st.spec.pickup_desks,
            _ => true,
        }
    }

    fn first_idle(&self, s: usize, team: Team, skill: Skill) -> Option<u32> {
        let words = &self.stores[s].idle[team.index()][skill.index()];
        words
            .iter()
            .enumerate()
            .find(|(_, w)| **w != 0)
            .map(|(i, w)| (i * 64 + w.trailing_zeros() as usize) as u32)
    }

    /// The task is now visible to `team`: give it to an idle team member who can do it, or
    /// queue it under the dispatch rule's order.
    fn post(&mut self, s: usize, task: u32, team: Team, now: Minutes) {
        let t = self.stores[s].tasks[task as usize];
        if t.state != TaskState::Open {
            return;
        }
        let skill = t.kind.skill();
        if self.capacity_ok(s, skill)
            && let Some(e) = self.first_idle(s, team, skill)
        {
            self.start_task(s, e, task, now);
            return;
        }
        let (class, key) = crate::sim::dispatch::rank(
            self.policy.dispatch,
            skill,
            team,
            now,
            t.created,
            t.deadline,
        );
        let st = &mut self.stores[s];
        st.seq += 1;
        let entry = QueueEntry {
            class,
            key,
            seq: st.seq,
            task,
            generation: t.generation,
        };
        st.queues[team.index()][skill.index()].push(entry);
    }

    /// Drops stale entries (taken, cancelled or reused tasks) from the top of a queue and
    /// returns the valid top, if any.
    fn queue_top(&mut self, s: usize, team: Team, skill: Skill) -> Option<QueueEntry> {
        let st = &mut self.stores[s];
        let queue = &mut st.queues[team.index()][skill.index()];
        while let Some(top) = queue.peek() {
            let t = &st.tasks[top.task as usize];
            if t.generation == top.generation && t.state == TaskState::Open {
                return Some(*top);
            }
            queue.pop();
        }
        None
    }

    /// Proficiency of employee `e` on `skill` at `now`: cross-trained skills ramp up linearly
    /// from `start_proficiency` to their target over `ramp_days`.
    /// A new hire's home skills ramp up too, from `new_hire_proficiency` (see `training.rs`);
    /// a new hire's cross skills ramp from their hire.
    pub(crate) fn proficiency(&self, s: usize, e: u32, skill: Skill, now: Minutes) -> f64 {
        let emp = &self.stores[s].employees[e as usize];
        let target = emp.prof[skill.index()];
        if emp.cross_mask & (1 << skill.index()) == 0 {
            return target * self.home_ramp(emp, now);
        }
        let tr = &self.sc.training;
        let origin = if emp.hired == f64::NEG_INFINITY {
            0.0
        } else {
            emp.hired
        };
        target * crate::sim::training::ramp(tr.start_proficiency, tr.ramp_days, now - origin)
    }

    fn set_idle(&mut self, s: usize, e: u32) {
        let st = &mut self.stores[s];
        let emp = &mut st.employees[e as usize];
        emp.state = EmpState::Idle;
        let (team, closing) = (emp.team.index(), emp.closing);
        for skill in Skill::ALL {
            if emp.prof[skill.index()] > 0.0 && (!closing || skill.customer_present()) {
                st.idle[team][skill.index()][e as usize / 64] |= 1 << (e % 64);
            }
        }
    }

    pub(crate) fn clear_idle(&mut self, s: usize, e: u32) {
        let st = &mut self.stores[s];
        let team = st.employees[e as usize].team.index();
        for skill in 0..Skill::COUNT {
            st.idle[team][skill][e as usize / 64] &= !(1 << (e % 64));
        }
    }

    /// Puts employee `e` to work on `task` now.
    fn start_task(&mut self, s: usize, e: u32, task: u32, now: Minutes) {
        let (kind, subject, work, created) = {
            let t = &mut self.stores[s].tasks[task as usize];
            t.state = TaskState::Taken;
            (t.kind, t.subject, t.work, t.created)
        };
        let skill = kind.skill();
        let prof = self.proficiency(s, e, skill, now);
        let work = match kind {
            TaskKind::Pick => work + self.pick_search_time(s, subject),
            TaskKind::PutAway => work + self.putaway_unit_work(s, subject),
            _ => work,
        };
        let counted_now = self.counted(now);
        if kind == TaskKind::Checkout {
            self.change_checkout_queue(s, -1, now);
            self.little_departure(s, QueueSystem::Checkout, created, now);
        }
        let st = &mut self.stores[s];
        let switch = match st.employees[e as usize].last_skill {
            Some(last) if last != skill => st.spec.task_switch_time.sample(&mut st.rng.switch),
            _ => 0.0,
        };
        let duration = switch + work / prof;
        let service_start = now + switch;
        match kind {
            TaskKind::Checkout => {
                st.lanes_busy += 1;
                let sh = &mut st.shoppers[subject as usize];
                let wait = service_start - sh.queue_joined;
                sh.wait += wait;
                if sh.counted {
                    st.stats.checkout_waits.push(wait as f32);
                    st.stats.staffed_served += 1;
                    st.stats.staffed_waited += u64::from(now > created + 1e-9);
                }
            }
            TaskKind::Assist => {
                let sh = &mut st.shoppers[subject as usize];
                let wait = service_start - created;
                sh.wait += wait;
                if sh.counted {
                    st.stats.assist_wait_sum += wait;
                    st.stats.assist_wait_n += 1;
                }
            }
            TaskKind::PickupServe => {
                st.desks_busy += 1;
                let o = &mut st.orders[subject as usize];
                o.pickup_wait += service_start - created;
                if o.counted {
                    st.stats.pickup_wait_sum += service_start - created;
                    st.stats.pickup_wait_n += 1;
                }
            }
            _ => {}
        }
        if counted_now {
            st.stats.busy_minutes[skill.index()] += duration;
        }
        let emp = &mut st.employees[e as usize];
        emp.state = EmpState::Busy;
        emp.task = task;
        emp.last_skill = Some(skill);
        self.clear_idle(s, e);
        self.q
            .schedule_at(now + duration, Ev::TaskDone(s as u16, e));
        if let Some(a) = self.audit.as_mut() {
            a.assignments.push(crate::sim::audit::Assignment {
                store: s as u16,
                employee: e,
                skill,
                start: now,
                end: now + duration,
            });
        }
    }

    /// An idle employee looks for the best task among the queues of every skill they hold.
    pub(crate) fn next_task(&mut self, s: usize, e: u32, now: Minutes) {
        let (team, prof, closing) = {
            let emp = &self.stores[s].employees[e as usize];
            (emp.team, emp.prof, emp.closing)
        };
        let mut best: Option<(Skill, QueueEntry)> = None;
        for skill in Skill::ALL {
            if prof[skill.index()] <= 0.0 || (closing && !skill.customer_present()) {
                continue;
            }
            if !self.capacity_ok(s, skill) {
                continue;
            }
            if let Some(top) = self.queue_top(s, team, skill)
                && best.is_none_or(|(_, b)| top.better_than(&b))
            {
                best = Some((skill, top));
            }
        }
        match best {
            Some((skill, entry)) => {
                self.stores[s].queues[team.index()][skill.index()].pop();
                self.start_task(s, e, entry.task, now);
            }
            None => self.set_idle(s, e),
        }
    }

    /// After a lane or desk frees up, hands waiting tasks of that skill to idle staff.
    fn kick(&mut self, s: usize, skill: Skill, now: Minutes) {
        for team in TEAMS {
            while self.capacity_ok(s, skill) {
                let Some(top) = self.queue_top(s, team, skill) else {
                    break;
                };
                let Some(e) = self.first_idle(s, team, skill) else {
                    break;
                };
                self.stores[s].queues[team.index()][skill.index()].pop();
                self.start_task(s, e, top.task, now);
            }
        }
    }

    /// Cancels an open task whose customer left; counts it against its channel's SLA.
    pub(crate) fn cancel_task(&mut self, s: usize, task: u32, now: Minutes) {
        let t = self.stores[s].tasks[task as usize];
        debug_assert_eq!(t.state, TaskState::Open);
        if t.kind == TaskKind::Checkout {
            self.change_checkout_queue(s, -1, now);
            self.little_departure(s, QueueSystem::Checkout, t.created, now);
        }
        if t.counted {
            let c = t.kind.skill().channel().index();
            self.stores[s].stats.sla_due[c] += 1;
        }
        self.free_task(s, task);
    }

    /// Employee `e` finishes their task: the staff side books it (SLA, cross-channel work),
    /// frees the employee and the task slot, and returns the finished task for the event loop
    /// to hand to its domain (shoppers, orders or stock).
    pub(crate) fn release_task(&mut self, s: usize, e: u32, now: Minutes) -> Task {
        let task = self.stores[s].employees[e as usize].task;
        let t = self.stores[s].tasks[task as usize];
        let skill = t.kind.skill();
        let st = &mut self.stores[s];
        let emp_team = st.employees[e as usize].team;
        if t.counted {
            st.stats.tasks_done += 1;
            if emp_team != skill.channel().owner() {
                st.stats.tasks_cross += 1;
            }
            let c = skill.channel().index();
            st.stats.sla_due[c] += 1;
            if now <= t.deadline + 1e-9 {
                st.stats.sla_met[c] += 1;
            }
        }
        match t.kind {
            TaskKind::Checkout => st.lanes_busy -= 1,
            TaskKind::PickupServe => st.desks_busy -= 1,
            _ => {}
        }
        let emp = &mut st.employees[e as usize];
        emp.task = NONE;
        emp.state = EmpState::Idle;
        self.free_task(s, task);
        t
    }

    /// After the domain has handled a finished task of `skill`: the employee looks for their
    /// next task or their way out (unless the completion sent them home: the last customer
    /// of the day left), and a freed lane or desk goes to waiting customers.
    pub(crate) fn after_task(&mut self, s: usize, e: u32, skill: Skill, now: Minutes) {
        let emp = &self.stores[s].employees[e as usize];
        if emp.state == EmpState::Off {
        } else if emp.leaving || emp.closing {
            self.maybe_leave(s, e, now);
        } else {
            self.next_task(s, e, now);
        }
        if matches!(skill, Skill::Checkout | Skill::PickupDesk) {
            self.kick(s, skill, now);
        }
    }

    pub(crate) fn on_shift_start(&mut self, s: usize, e: u32, now: Minutes) {
        self.turnover_at_shift_start(s, e, now);
        let state = self.stores[s].employees[e as usize].state;
        if state != EmpState::Off {
            // Still here from a previous shift: close that one's pay and carry on.
            self.pay_shift(s, e, now);
            self.stores[s].employees[e as usize].state = state;
        }
        let group = self.stores[s].employees[e as usize].group as usize;
        let shift_end = self.stores[s].spec.staff[group].shift_end;
        self.set_closing(s, e, false);
        let emp = &mut self.stores[s].employees[e as usize];
        emp.shift_start = now;
        emp.shift_end = now - now % MINUTES_PER_DAY + shift_end;
        emp.leaving = false;
        emp.last_skill = None;
        if matches!(state, EmpState::Off | EmpState::Idle) && !self.begin_training(s, e, now) {
            self.next_task(s, e, now);
        }
    }

    pub(crate) fn on_shift_end(&mut self, s: usize, e: u32, now: Minutes) {
        let emp = &mut self.stores[s].employees[e as usize];
        match emp.state {
            EmpState::Off => {}
            EmpState::Busy | EmpState::Training => emp.leaving = true,
            EmpState::Idle => {
                emp.leaving = true;
                self.maybe_leave(s, e, now);
            }
        }
    }

    /// At the end of a shift: an employee who closes the store stays while customers are
    /// still inside, serving only them; everyone else goes home.
    pub(crate) fn maybe_leave(&mut self, s: usize, e: u32, now: Minutes) {
        if self.must_stay_for_customers(s, e, now) {
            self.set_closing(s, e, true);
            self.clear_idle(s, e);
            self.next_task(s, e, now);
        } else {
            self.clear_idle(s, e);
            self.pay_shift(s, e, now);
        }
    }

    /// After closing time an employee at the end of their shift stays while customers they
    /// can serve are still inside: shoppers for checkout or floor staff, pickup customers for
    /// desk staff.
    fn must_stay_for_customers(&self, s: usize, e: u32, now: Minutes) -> bool {
        let st = &self.stores[s];
        let emp = &st.employees[e as usize];
        // Closing time on the day the shift started (a shift ending at 24:00 ends the next
        // day at 00:00).
        let close = (emp.shift_start / MINUTES_PER_DAY).floor() * MINUTES_PER_DAY + st.spec.close;
        if now + 1e-9 < close {
            return false;
        }
        let holds = |k: Skill| emp.prof[k.index()] > 0.0;
        (st.shoppers_inside > 0 && (holds(Skill::Checkout) || holds(Skill::Floor)))
            || (st.pickups_inside > 0 && holds(Skill::PickupDesk))
    }

    /// After a customer leaves, staff kept back for customers they can no longer serve go
    /// home.
    pub(crate) fn release_closing_staff(&mut self, s: usize, now: Minutes) {
        // Most departures happen while nobody is kept back: skip the scan then.
        if self.stores[s].closing_staff == 0 {
            return;
        }
        for e in 0..self.stores[s].employees.len() as u32 {
            let emp = &self.stores[s].employees[e as usize];
            if emp.closing
                && emp.state == EmpState::Idle
                && !self.must_stay_for_customers(s, e, now)
            {
                self.clear_idle(s, e);
                self.pay_shift(s, e, now);
            }
        }
    }

    /// Ends a stretch of paid time at `until`: the employee goes home and the stretch is
    /// booked.
    pub(crate) fn pay_shift(&mut self, s: usize, e: u32, until: Minutes) {
        debug_assert!(
            self.stores[s].employees[e as usize].state != EmpState::Off,
            "paid twice for one stretch"
        );
        self.book_pay(s, e, until);
        self.set_closing(s, e, false);
        let emp = &mut self.stores[s].employees[e as usize];
        emp.state = EmpState::Off;
        emp.leaving = false;
    }

    /// Marks employee `e` as kept back at closing (or not), keeping the store's count.
    fn set_closing(&mut self, s: usize, e: u32, closing: bool) {
        let st = &mut self.stores[s];
        let emp = &mut st.employees[e as usize];
        if emp.closing != closing {
            emp.closing = closing;
            if closing {
                st.closing_staff += 1;
            } else {
                st.closing_staff -= 1;
            }
        }
    }

    /// Books the paid stretch from the shift start to `until` (if the shift is measured).
    pub(crate) fn book_pay(&mut self, s: usize, e: u32, until: Minutes) {
        let counted = self.counted(self.stores[s].employees[e as usize].shift_start);
        let st = &mut self.stores[s];
        let emp = &st.employees[e as usize];
        let minutes = (until - emp.shift_start).max(0.0);
        let presence = (emp.shift_start, until);
        if counted {
            st.stats.paid_minutes += minutes;
            st.stats.labour_cost += minutes / 60.0 * emp.wage;
            for skill in 0..Skill::COUNT {
                if emp.prof[skill] > 0.0 {
                    st.stats.skill_shift_minutes[skill] += minutes;
                }
            }
        }
        if let Some(a) = self.audit.as_mut() {
            a.presence.push((s as u16, e, presence.0, presence.1));
        }
    }
}
