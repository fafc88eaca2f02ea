//! Cell → typed value: exact money, whole numbers, exact longs and date-times.
//!
//! Each parser takes a cleaned [`Cell`] and returns `None` when the cell does not hold
//! that kind of value; the caller turns `None` into a `bad_number` / `bad_datetime` issue.

use std::str::FromStr;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::table::{Cell, F64_EXACT_INT_LIMIT, excel_digits};

/// Money with two decimals. A binary float artefact (`69.900000000000006`) means `69.90`;
/// a number is rounded to cents from the 15 digits Excel shows (`0.145 * 3` shows 0.435, so
/// 0.44, though the `f64` is 0.43499999999999994); currency signs, `元` and thousands
/// separators are allowed in text.
pub fn money(cell: &Cell) -> Option<Decimal> {
    let exact = match cell {
        Cell::Number(n) if n.is_finite() => Decimal::from_str(&format!("{}", excel_digits(*n))).ok()?,
        // Plain digits with a point: no cleaning needed.
        Cell::Text(s) if s.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-') && !s.is_empty() => Decimal::from_str(s).ok()?,
        Cell::Text(s) => {
            let s: String = s
                .trim()
                .trim_start_matches(['¥', '￥', '$'])
                .trim_start_matches("RMB")
                .trim_start_matches("CNY")
                .trim_end_matches('元')
                .chars()
                .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
                .collect();
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+') {
                return None;
            }
            Decimal::from_str(&s).ok()?
        }
        _ => return None,
    };
    let mut cents = exact.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    cents.rescale(2);
    Some(cents)
}

/// A whole number: `2`, `2.0`, a number cell holding 2. `2.5` is not one.
pub fn int(cell: &Cell) -> Option<i64> {
    match cell {
        Cell::Number(n) => {
            let r = n.round();
            ((n - r).abs() < 1e-9 && r.abs() < F64_EXACT_INT_LIMIT).then_some(r as i64)
        }
        Cell::Text(s) => {
            let d = Decimal::from_str(s.trim().trim_start_matches('+')).ok()?;
            if d.fract().is_zero() { i64::try_from(d.trunc()).ok() } else { None }
        }
        _ => None,
    }
}

/// A Long identifier, exactly: digits in text (never through a float), or a number cell
/// small enough to be exact.
pub fn long(cell: &Cell) -> Option<i64> {
    match cell {
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < F64_EXACT_INT_LIMIT => Some(*n as i64),
        Cell::Text(s) => {
            let s = s.trim();
            let digits = s.strip_prefix('-').unwrap_or(s);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()
        }
        _ => None,
    }
}

/// The text of an identifier: a number cell becomes its digits (`128092`, not `128092.0`).
pub fn id_text(cell: &Cell) -> String {
    cell.display()
}

/// A date-time in `tz`: a date cell, an Excel serial number, or text in the forms Chinese
/// exports use (`2019/6/22 10:30`, `2019-06-22 10:30:01`, `2019年6月22日`, `20190622103001`,
/// ISO 8601 with or without an offset).
pub fn datetime(cell: &Cell, tz: Tz) -> Option<DateTime<Tz>> {
    match cell {
        Cell::DateTime(t) => local(*t, tz),
        Cell::Number(n) => local(from_excel_serial(*n)?, tz),
        Cell::Text(s) => {
            let s = s.trim();
            // The common case first: local time without an offset.
            if let Some(t) = parse_local_text(s) {
                return local(t, tz);
            }
            if let Ok(t) = DateTime::parse_from_rfc3339(s) {
                return Some(t.with_timezone(&tz));
            }
            if let Ok(t) = DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z") {
                return Some(t.with_timezone(&tz));
            }
            let serial: f64 = s.parse().ok()?;
            local(from_excel_serial(serial)?, tz)
        }
        _ => None,
    }
}

fn local(t: NaiveDateTime, tz: Tz) -> Option<DateTime<Tz>> {
    // In a daylight-saving gap the time does not exist; in an overlap take the first.
    tz.from_local_datetime(&t).earliest()
}

/// Excel's 1900 date system: serial 1 is 1900-01-01, with Excel's phantom 1900-02-29,
/// so from serial 61 on the epoch is 1899-12-30. Rounded to the second.
pub fn from_excel_serial(serial: f64) -> Option<NaiveDateTime> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let epoch = if serial < 61.0 { NaiveDate::from_ymd_opt(1899, 12, 31)? } else { NaiveDate::from_ymd_opt(1899, 12, 30)? };
    let days = serial.trunc() as i64;
    let secs = ((serial - serial.trunc()) * 86_400.0).round() as i64;
    epoch.and_time(NaiveTime::MIN).checked_add_signed(Duration::days(days) + Duration::seconds(secs))
}

/// Date and time text without an offset. Numbers are read in year-month-day order (or
/// month/day/year when the year comes last), with any separators between them.
fn parse_local_text(s: &str) -> Option<NaiveDateTime> {
    let pm = s.contains("下午") || s.contains("晚上") || s.to_ascii_uppercase().ends_with("PM");
    let am = s.contains("上午") || s.contains("凌晨") || s.to_ascii_uppercase().ends_with("AM");
    let groups: Vec<&str> = s.split(|c: char| !c.is_ascii_digit()).filter(|g| !g.is_empty()).collect();
    // Only digits, separators and the few words above may appear.
    let allowed = |c: char| c.is_ascii_digit() || " -/.:T年月日时分秒点上下午晚凌晨AaPpMm\t".contains(c);
    if groups.is_empty() || !s.chars().all(allowed) {
        return None;
    }
    let num = |g: &str| g.parse::<u32>().ok();
    let (y, mo, d, rest): (i32, u32, u32, &[&str]) = match groups.as_slice() {
        [compact] if compact.len() == 14 || compact.len() == 12 || compact.len() == 8 => {
            let c = *compact;
            let date = NaiveDate::from_ymd_opt(c[0..4].parse().ok()?, num(&c[4..6])?, num(&c[6..8])?)?;
            let h = if c.len() >= 12 { num(&c[8..10])? } else { 0 };
            let mi = if c.len() >= 12 { num(&c[10..12])? } else { 0 };
            let sec = if c.len() == 14 { num(&c[12..14])? } else { 0 };
            return date.and_hms_opt(h, mi, sec);
        }
        [y, m, d, rest @ ..] if y.len() == 4 => (y.parse().ok()?, num(m)?, num(d)?, rest),
        [m, d, y, rest @ ..] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => (y.parse().ok()?, num(m)?, num(d)?, rest),
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(y, mo, d)?;
    let (mut h, mi, sec) = match rest {
        [] => (0, 0, 0),
        [h, m] => (num(h)?, num(m)?, 0),
        [h, m, s] | [h, m, s, _] => (num(h)?, num(m)?, num(s)?),
        _ => return None,
    };
    if pm && h < 12 {
        h += 12;
    } else if am && h == 12 {
        h = 0;
    }
    let t = date.and_hms_opt(h, mi, sec)?;
    (date.year() >= 1900).then_some(t)
}

/// `2019-06-22 10:30:01`, the local time format of 接口 2030.
pub fn format_local(t: &DateTime<Tz>) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// `2019-06-22T02:30:01Z`, the UTC format of DM Hub.
pub fn format_utc(t: &DateTime<Tz>) -> String {
    t.with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Asia::Shanghai;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    #[allow(clippy::excessive_precision)] // the binary float artefact is the point
    fn money_is_exact_with_two_decimals() {
        assert_eq!(money(&Cell::Number(69.900000000000006)).unwrap().to_string(), "69.90");
        assert_eq!(money(&text("69.900000000000006")).unwrap().to_string(), "69.90");
        assert_eq!(money(&text("¥1,234.5")).unwrap().to_string(), "1234.50");
        assert_eq!(money(&text("450元")).unwrap().to_string(), "450.00");
        assert_eq!(money(&text("-12.005")).unwrap().to_string(), "-12.01");
        assert_eq!(money(&Cell::Number(0.1 + 0.2)).unwrap().to_string(), "0.30");
        // Rounded from what Excel shows (0.435), not from the f64 just below it.
        assert_eq!(money(&Cell::Number(0.145 * 3.0)).unwrap().to_string(), "0.44");
        assert!(money(&text("abc")).is_none());
        assert!(money(&text("12.3.4")).is_none());
        assert!(money(&text("1e5")).is_none());
    }

    #[test]
    fn whole_numbers() {
        assert_eq!(int(&Cell::Number(2.0)), Some(2));
        assert_eq!(int(&text("2.00")), Some(2));
        assert_eq!(int(&text("-3")), Some(-3));
        assert_eq!(int(&text("2.5")), None);
        assert_eq!(int(&Cell::Number(1.9999999999999998)), Some(2));
        assert_eq!(int(&text("两件")), None);
    }

    #[test]
    fn longs_are_exact() {
        assert_eq!(long(&text("90840682394599424")), Some(90840682394599424));
        assert_eq!(long(&Cell::Number(8888.0)), Some(8888));
        assert_eq!(long(&Cell::Number(90840682394599424.0)), None);
        assert_eq!(long(&text("12a")), None);
        assert_eq!(long(&text("99999999999999999999")), None);
    }

    #[test]
    fn datetimes_in_chinese_export_forms() {
        let want = Shanghai.with_ymd_and_hms(2019, 6, 22, 10, 30, 1).unwrap();
        for s in [
            "2019-06-22 10:30:01",
            "2019/6/22 10:30:01",
            "2019年6月22日 10:30:01",
            "20190622103001",
            "2019-06-22T10:30:01",
            "2019-06-22T02:30:01Z",
            "2019-06-22 10:30:01+08:00",
            "2019.06.22 10:30:01",
            "6/22/2019 10:30:01",
            "2019/6/22 下午10:30:01",
        ] {
            let got = datetime(&text(s), Shanghai);
            let expect = if s.contains("下午") { Shanghai.with_ymd_and_hms(2019, 6, 22, 22, 30, 1).unwrap() } else { want };
            assert_eq!(got, Some(expect), "{s}");
        }
        assert_eq!(datetime(&text("2019/6/22 10:30"), Shanghai), Shanghai.with_ymd_and_hms(2019, 6, 22, 10, 30, 0).single());
        assert_eq!(datetime(&text("2019-06-22"), Shanghai), Shanghai.with_ymd_and_hms(2019, 6, 22, 0, 0, 0).single());
        // 43638.4375 is 2019-06-22 10:30 in Excel's 1900 system.
        assert_eq!(datetime(&Cell::Number(43638.4375), Shanghai), Shanghai.with_ymd_and_hms(2019, 6, 22, 10, 30, 0).single());
        for bad in ["2019-13-01", "2019-02-30 10:00", "明天", "10:30", "", "2019-06-22 25:00"] {
            assert_eq!(datetime(&text(bad), Shanghai), None, "{bad}");
        }
    }

    #[test]
    fn output_formats() {
        let t = Shanghai.with_ymd_and_hms(2019, 6, 22, 10, 30, 1).unwrap();
        assert_eq!(format_local(&t), "2019-06-22 10:30:01");
        assert_eq!(format_utc(&t), "2019-06-22T02:30:01Z");
    }

    proptest::proptest! {
        #[test]
        fn parsers_never_panic(s in "\\PC{0,40}") {
            let c = Cell::Text(s.into());
            let _ = (money(&c), int(&c), long(&c), datetime(&c, Shanghai));
        }

        #[test]
        fn number_parsers_never_panic(n in proptest::num::f64::ANY) {
            let c = Cell::Number(n);
            let _ = (money(&c), int(&c), long(&c), datetime(&c, Shanghai));
        }
    }
}
