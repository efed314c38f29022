//! Task deadlines and reminders. Deadlines are instants; users type them as wall time in their
//! own time zone, and "a day before" keeps the wall time across daylight-saving changes.

use chrono::{
    DateTime, Days, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, SubsecRound,
    TimeZone, Utc,
};
use chrono_tz::Tz;

use crate::error::DomainError;

/// When a reminder is due before the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Reminder {
    /// None.
    Never,
    /// A number of minutes before.
    Minutes(i64),
    /// The day before at the same wall time in the responsible user's time zone.
    #[default]
    DayBefore,
}

impl Reminder {
    /// Every choice, in the order offered.
    pub const ALL: [Reminder; 7] = [
        Self::Never,
        Self::Minutes(5),
        Self::Minutes(15),
        Self::Minutes(30),
        Self::Minutes(60),
        Self::Minutes(120),
        Self::DayBefore,
    ];

    /// Storage and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Never => "never",
            Self::Minutes(5) => "5m",
            Self::Minutes(15) => "15m",
            Self::Minutes(30) => "30m",
            Self::Minutes(60) => "1h",
            Self::Minutes(_) => "2h",
            Self::DayBefore => "1d",
        }
    }

    /// Parses a stored or wire name; errors name `field`.
    pub fn parse(field: &str, input: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == input)
            .ok_or_else(|| {
                DomainError::field(
                    field,
                    "invalid_value",
                    "must be never, 5m, 15m, 30m, 1h, 2h or 1d",
                )
            })
    }

    /// When the reminder of a deadline (UTC) is due, for a responsible user in `tz`.
    pub fn due_at(self, deadline: NaiveDateTime, tz: Tz) -> Option<NaiveDateTime> {
        match self {
            Self::Never => None,
            Self::Minutes(m) => Some(deadline - chrono::Duration::minutes(m)),
            Self::DayBefore => {
                let local = tz.from_utc_datetime(&deadline).naive_local();
                let day_before = local.checked_sub_days(Days::new(1))?;
                to_utc(day_before, tz)
            }
        }
    }
}

/// Wall time in `tz` to UTC. A time skipped by a daylight-saving jump is read with the offset
/// in effect before the jump (so it lands as far after the jump as it was after its start); an
/// ambiguous time takes the earlier instant. `None` when the result is out of chrono's range.
pub fn to_utc(local: NaiveDateTime, tz: Tz) -> Option<NaiveDateTime> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Some(t.naive_utc()),
        LocalResult::None => {
            let day_before = local.checked_sub_signed(chrono::Duration::days(1))?;
            let offset = tz.offset_from_utc_datetime(&day_before).fix();
            local.checked_sub_signed(chrono::Duration::seconds(i64::from(
                offset.local_minus_utc(),
            )))
        }
    }
}

fn in_range(t: &NaiveDateTime) -> bool {
    (1900..=9999).contains(&chrono::Datelike::year(t))
}

/// Parses a deadline: `YYYY-MM-DDTHH:MM[:SS]` as wall time in `tz`, or RFC 3339 with an
/// offset; kept to the second. Years outside 1900–9999 are refused.
pub fn parse_deadline(field: &str, input: &str, tz: Tz) -> Result<NaiveDateTime, DomainError> {
    let input = input.trim();
    let out_of_range = || {
        DomainError::field(
            field,
            "out_of_range",
            "must be between the years 1900 and 9999",
        )
    };
    let parsed = DateTime::parse_from_rfc3339(input)
        .map(|t| t.with_timezone(&Utc).naive_utc())
        .ok()
        .or_else(|| {
            ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
                .iter()
                .find_map(|f| NaiveDateTime::parse_from_str(input, f).ok())
                .map(|local| {
                    if in_range(&local) {
                        to_utc(local, tz).unwrap_or(local)
                    } else {
                        local
                    }
                })
        });
    match parsed {
        Some(t) if in_range(&t) => Ok(t.trunc_subsecs(0)),
        Some(_) => Err(out_of_range()),
        None => Err(DomainError::field(
            field,
            "invalid_date",
            "must be YYYY-MM-DDTHH:MM in your time zone or RFC 3339 with an offset",
        )),
    }
}

/// Parses a day `YYYY-MM-DD`; errors name `field`.
pub fn parse_day(field: &str, input: &str) -> Result<NaiveDate, DomainError> {
    NaiveDate::parse_from_str(input.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| (1900..=9999).contains(&chrono::Datelike::year(d)))
        .ok_or_else(|| DomainError::field(field, "invalid_date", "must be a date YYYY-MM-DD"))
}

/// The UTC instants `[start, end)` of a run of local days in `tz`.
pub fn day_range(first: NaiveDate, days: u64, tz: Tz) -> (NaiveDateTime, NaiveDateTime) {
    let start = first.and_time(NaiveTime::MIN);
    let end = first
        .checked_add_days(Days::new(days))
        .unwrap_or(first)
        .and_time(NaiveTime::MIN);
    (
        to_utc(start, tz).unwrap_or(start),
        to_utc(end, tz).unwrap_or(end),
    )
}

/// A deadline as `YYYY-MM-DDTHH:MM` wall time in `tz`.
pub fn local_text(deadline: NaiveDateTime, tz: Tz) -> String {
    tz.from_utc_datetime(&deadline)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn wall_time_is_read_in_the_users_zone_on_both_sides_of_a_dst_change() {
        let ny: Tz = "America/New_York".parse().unwrap();
        // EST (UTC-5) before 8 March 2026, EDT (UTC-4) after.
        assert_eq!(
            parse_deadline("d", "2026-03-07T09:00", ny).unwrap(),
            utc("2026-03-07 14:00")
        );
        assert_eq!(
            parse_deadline("d", "2026-03-09T09:00", ny).unwrap(),
            utc("2026-03-09 13:00")
        );
        assert_eq!(local_text(utc("2026-03-09 13:00"), ny), "2026-03-09T09:00");
        // 02:30 does not exist on 8 March; it moves forward by the gap.
        assert_eq!(
            parse_deadline("d", "2026-03-08T02:30", ny).unwrap(),
            utc("2026-03-08 07:30")
        );
    }

    #[test]
    fn gaps_of_any_length_are_read_with_the_offset_before_them() {
        // Lord Howe Island moves its clocks by half an hour: 02:00 → 02:30 on 4 October 2026.
        let lh: Tz = "Australia/Lord_Howe".parse().unwrap();
        let t = parse_deadline("d", "2026-10-04T02:15", lh).unwrap();
        assert_eq!(local_text(t, lh), "2026-10-04T02:45");
    }

    #[test]
    fn a_day_before_keeps_the_wall_time_across_dst() {
        let ny: Tz = "America/New_York".parse().unwrap();
        let deadline = utc("2026-03-09 13:00"); // 09:00 EDT
        assert_eq!(
            Reminder::DayBefore.due_at(deadline, ny),
            Some(utc("2026-03-08 13:00")) // 09:00 EDT on the day of the change
        );
        assert_eq!(
            Reminder::Minutes(120).due_at(deadline, ny),
            Some(utc("2026-03-09 11:00"))
        );
        assert_eq!(Reminder::Never.due_at(deadline, ny), None);
    }

    #[test]
    fn names_round_trip() {
        for r in Reminder::ALL {
            assert_eq!(Reminder::parse("r", r.as_str()).unwrap(), r);
        }
        assert!(Reminder::parse("r", "3h").is_err());
        assert!(parse_deadline("d", "tomorrow", Tz::UTC).is_err());
        assert!(parse_deadline("d", "0001-01-01T00:00", Tz::UTC).is_err());
        // chrono reads signed years of more digits; the largest must not overflow anywhere.
        let ny: Tz = "America/New_York".parse().unwrap();
        for far in [
            "+262142-12-31T23:30",
            "-262143-01-01T00:00",
            "+10000-01-01T00:00",
        ] {
            assert!(parse_deadline("d", far, ny).is_err(), "{far}");
        }
        assert_eq!(
            parse_deadline("d", "2026-05-01T10:00:00.123456789Z", Tz::UTC).unwrap(),
            utc("2026-05-01 10:00")
        );
        assert_eq!(
            parse_deadline("d", "2026-05-01T10:00:00+03:00", Tz::UTC).unwrap(),
            utc("2026-05-01 07:00")
        );
    }
}
